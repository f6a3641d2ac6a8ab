// lagwatch's `GET /v3/kafka/(cluster)/incidents` in Burrow's envelope: every notifier's
// open and recently closed incidents of the cluster, with when they opened, changed and
// closed, why they closed, and each notification and what became of it.
import type { FastifyInstance } from 'fastify';
import type { IncidentSource, IncidentView } from '../contract/incident.js';
import type { LatestState } from '../pipeline/latest.js';
import { sendError, sendOk } from './envelope.js';
import { addPath } from './paths.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function incidentView({ incident, sent }: IncidentView) {
  return {
    ...incident,
    openedAt: iso(incident.openedAt),
    updatedAt: iso(incident.updatedAt),
    closedAt: iso(incident.closedAt),
    sent: sent.map((s) => ({ ...s, at: iso(s.at), resultAt: iso(s.resultAt) })),
  };
}

export function registerIncidentRoutes(
  app: FastifyInstance,
  host: string,
  latest: LatestState,
  alerts: IncidentSource | undefined,
): void {
  addPath(app, host, '/v3/kafka/:cluster/incidents', {
    GET: (_request, reply, { cluster = '' }) => {
      if (!latest.cluster(cluster)) return sendError(reply, host, 404, 'cluster not found');
      const { open, closed } = alerts?.incidents(cluster) ?? { open: [], closed: [] };
      return sendOk(reply, host, 'incidents returned', {
        incidents: { open: open.map(incidentView), closed: closed.map(incidentView) },
      });
    },
  });
}
