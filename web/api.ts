// Fetching the page's JSON: with the read token when the user gave one (kept for the
// browser tab only, in sessionStorage), and a typed failure the page can show.
import type {
  GroupPage,
  IncidentsPage,
  OverviewPage,
  OverviewQuery,
} from '../src/contract/status-page.js';
import { overviewSearchParams } from './url-state.js';

const TOKEN_KEY = 'lagwatch.readToken';

export type Fetched<T> =
  | { readonly ok: true; readonly value: T; readonly receivedAt: number }
  | {
      readonly ok: false;
      readonly reason: 'unauthorized' | 'not-found' | 'unreachable';
      readonly message: string;
    };

export function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setReadToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

async function getJson<T>(path: string): Promise<Fetched<T>> {
  const token = readToken();
  let response: Response;
  try {
    response = await fetch(path, {
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
      cache: 'no-store',
    });
  } catch (error) {
    return { ok: false, reason: 'unreachable', message: String(error) };
  }
  if (response.status === 401) {
    return { ok: false, reason: 'unauthorized', message: 'this lagwatch needs its read token' };
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { message?: string } | null;
    return {
      ok: false,
      reason: response.status === 404 ? 'not-found' : 'unreachable',
      message: body?.message ?? `HTTP ${response.status}`,
    };
  }
  return { ok: true, value: (await response.json()) as T, receivedAt: Date.now() };
}

export const fetchOverview = (query: OverviewQuery): Promise<Fetched<OverviewPage>> =>
  getJson(`/v3/lagwatch/ui/overview?${overviewSearchParams(query)}`);

export const fetchGroup = (cluster: string, group: string): Promise<Fetched<GroupPage>> =>
  getJson(`/v3/lagwatch/ui/group?${new URLSearchParams({ cluster, group }).toString()}`);

export const fetchIncidents = (): Promise<Fetched<IncidentsPage>> =>
  getJson('/v3/lagwatch/ui/incidents');
