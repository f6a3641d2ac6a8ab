// One InfluxQL query against the stack's InfluxDB 1.x, answered as Grafana's data source
// receives it (/query, epoch ms). No retry: a dashboard query that fails must fail the test
// at once with InfluxDB's own message.
import { env } from '../sinks/helpers.js';

export interface Series {
  readonly name: string;
  readonly tags?: Record<string, string>;
  readonly columns: readonly string[];
  readonly values: readonly (readonly unknown[])[];
}

export async function influxqlOnce(db: string, q: string): Promise<Series[]> {
  const params = new URLSearchParams({ db, q, epoch: 'ms' });
  const res = await fetch(`${env.influxdbUrl}/query`, { method: 'POST', body: params });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`HTTP ${res.status} ${text} for ${q}`);
  const body = JSON.parse(text) as {
    results?: { error?: string; series?: Series[] }[];
    error?: string;
  };
  const result = body.results?.[0];
  const error = body.error ?? result?.error;
  if (error !== undefined) throw new Error(`${error} in ${q}`);
  return result?.series ?? [];
}
