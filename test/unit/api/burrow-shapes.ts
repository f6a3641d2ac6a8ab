// Burrow's v3 JSON shapes, key by key, as ../shared/reference/burrow-http-api.md gives them
// (§1 envelope, §3 object schemas, §5 config shapes), and checks that a body has exactly
// Burrow's keys with Burrow's types, plus only the extra keys lagwatch documents in
// src/api/README.md. Shared by the unit and the integration tests.
import assert from 'node:assert/strict';

type Kind = 'string' | 'number' | 'boolean' | 'array' | 'object' | 'null';
type Shape = Readonly<Record<string, readonly Kind[]>>;

const kindOf = (value: unknown): Kind =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'array'
      : (typeof value as 'string' | 'number' | 'boolean' | 'object');

/** Burrow's keys (each with the JSON kinds it may take), then lagwatch's extra keys. */
function checkKeys(
  what: string,
  value: unknown,
  burrow: Shape,
  extras: Shape = {},
): Record<string, unknown> {
  assert.equal(kindOf(value), 'object', `${what}: an object`);
  const object = value as Record<string, unknown>;
  for (const [key, kinds] of Object.entries(burrow)) {
    assert.ok(key in object, `${what}: Burrow's key "${key}" is missing`);
    assert.ok(
      kinds.includes(kindOf(object[key])),
      `${what}.${key}: expected ${kinds.join(' or ')}, found ${kindOf(object[key])}`,
    );
  }
  for (const key of Object.keys(object)) {
    if (key in burrow) continue;
    const kinds = extras[key];
    assert.ok(kinds, `${what}: unexpected key "${key}"`);
    assert.ok(
      kinds.includes(kindOf(object[key])),
      `${what}.${key} (lagwatch's): expected ${kinds.join(' or ')}, found ${kindOf(object[key])}`,
    );
  }
  return object;
}

const S = ['string'] as const;
const N = ['number'] as const;
const B = ['boolean'] as const;
const A = ['array'] as const;
const O = ['object'] as const;

export const REQUEST_SHAPE: Shape = { url: S, host: S };

/** The envelope with its payload keys; checks `request` too. Returns the body. */
export function checkEnvelope(
  what: string,
  body: unknown,
  payload: Shape,
  expect: { error: boolean; message: string; url: string },
  extras: Shape = {},
): Record<string, unknown> {
  const object = checkKeys(what, body, { error: B, message: S, request: O, ...payload }, extras);
  assert.equal(object.error, expect.error, `${what}: error`);
  assert.equal(object.message, expect.message, `${what}: message`);
  const request = checkKeys(`${what}.request`, object.request, REQUEST_SHAPE);
  assert.equal(request.url, expect.url, `${what}: request.url`);
  assert.ok((request.host as string).length > 0, `${what}: request.host`);
  return object;
}

export const CONSUMER_OFFSET: Shape = {
  offset: N,
  timestamp: N,
  observedAt: N,
  lag: ['number', 'null'],
};

export function checkConsumerOffset(what: string, value: unknown): Record<string, unknown> {
  const o = checkKeys(what, value, CONSUMER_OFFSET);
  assert.ok(Number.isInteger(o.offset) && (o.offset as number) >= 0, `${what}.offset`);
  return o;
}

export const PARTITION_STATUS: Shape = {
  topic: S,
  partition: N,
  owner: S,
  client_id: S,
  status: S,
  start: ['object', 'null'],
  end: ['object', 'null'],
  current_lag: N,
  complete: N,
};
export const PARTITION_STATUS_EXTRAS: Shape = {
  time_lag_ms: ['number', 'null'],
  catch_up_ms: ['number', 'null'],
  messages_lost: ['number', 'null'],
  reason: S,
  reason_text: S,
};

export function checkPartitionStatus(what: string, value: unknown): Record<string, unknown> {
  const p = checkKeys(what, value, PARTITION_STATUS, PARTITION_STATUS_EXTRAS);
  assert.ok(
    ['OK', 'WARN', 'STOP', 'STALL', 'REWIND'].includes(p.status as string),
    `${what}.status`,
  );
  if (p.start !== null) checkConsumerOffset(`${what}.start`, p.start);
  if (p.end !== null) checkConsumerOffset(`${what}.end`, p.end);
  assert.ok((p.current_lag as number) >= 0, `${what}.current_lag`);
  return p;
}

export const GROUP_STATUS: Shape = {
  cluster: S,
  group: S,
  status: S,
  complete: N,
  partitions: A,
  partition_count: N,
  maxlag: ['object', 'null'],
  totallag: N,
};
export const GROUP_STATUS_EXTRAS: Shape = {
  state: ['string', 'null'],
  members: ['number', 'null'],
  type: ['string', 'null'],
};

export function checkGroupStatus(what: string, value: unknown): Record<string, unknown> {
  const g = checkKeys(what, value, GROUP_STATUS, GROUP_STATUS_EXTRAS);
  assert.ok(['NOTFOUND', 'OK', 'WARN', 'ERR'].includes(g.status as string), `${what}.status`);
  (g.partitions as unknown[]).forEach((p, i) =>
    checkPartitionStatus(`${what}.partitions[${i}]`, p),
  );
  if (g.maxlag !== null) checkPartitionStatus(`${what}.maxlag`, g.maxlag);
  return g;
}

export const CONSUMER_PARTITION: Shape = {
  offsets: A,
  owner: S,
  client_id: S,
  'current-lag': N,
};

/** A consumer detail's `topics`: per topic, partitions indexed by id, rings `intervals` long. */
export function checkConsumerTopics(what: string, value: unknown, intervals: number): void {
  assert.equal(kindOf(value), 'object', `${what}: an object`);
  for (const [topic, partitions] of Object.entries(value as Record<string, unknown>)) {
    assert.ok(Array.isArray(partitions), `${what}.${topic}: an array`);
    (partitions as unknown[]).forEach((entry, i) => {
      const p = checkKeys(`${what}.${topic}[${i}]`, entry, CONSUMER_PARTITION);
      const offsets = p.offsets as unknown[];
      assert.ok(
        offsets.length === 0 || offsets.length === intervals,
        `${what}.${topic}[${i}].offsets: [] or ${intervals} long, found ${offsets.length}`,
      );
      let seenValue = false;
      offsets.forEach((o, k) => {
        if (o === null) assert.ok(!seenValue, `${what}.${topic}[${i}]: null slots come first`);
        else {
          seenValue = true;
          checkConsumerOffset(`${what}.${topic}[${i}].offsets[${k}]`, o);
        }
      });
    });
  }
}

export const STRING_LIST = (key: string): Shape => ({ [key]: A });

export function checkStrings(what: string, list: unknown): string[] {
  assert.ok(Array.isArray(list), `${what}: an array`);
  for (const item of list) assert.equal(typeof item, 'string', `${what}: strings`);
  return list as string[];
}

/** §5: /v3/config. */
export const MAIN_CONFIG: Shape = {
  general: O,
  logging: O,
  zookeeper: O,
  httpserver: O,
};
export const MAIN_CONFIG_EXTRAS: Shape = { lagwatch: O };
export const GENERAL: Shape = { pidfile: S, 'stdout-logfile': S, 'access-control-allow-origin': S };
export const LOGGING: Shape = {
  filename: S,
  'max-size': N,
  'max-backups': N,
  'max-age': N,
  'use-local-time': B,
  'use-compression': B,
  level: S,
};
export const ZOOKEEPER: Shape = { servers: A, timeout: N, 'root-path': S };
export const HTTPSERVER: Shape = { address: S, tls: S, timeout: N };

export function checkMainConfig(body: Record<string, unknown>): void {
  checkKeys('general', body.general, GENERAL);
  checkKeys('logging', body.logging, LOGGING);
  checkKeys('zookeeper', body.zookeeper, ZOOKEEPER);
  const servers = body.httpserver as Record<string, unknown>;
  for (const [name, server] of Object.entries(servers)) {
    checkKeys(`httpserver.${name}`, server, HTTPSERVER);
  }
}

export const MODULE_LIST: Shape = { coordinator: S, modules: A };

const CLIENT_PROFILE: Shape = {
  name: S,
  'client-id': S,
  'kafka-version': S,
  tls: ['object', 'null'],
  sasl: ['object', 'null'],
};
const TLS_PROFILE: Shape = { name: S, noverify: B, certfile: S, keyfile: S, cafile: S };
const SASL_PROFILE: Shape = { name: S, 'handshake-first': B, username: S };

function checkClientProfile(what: string, value: unknown): void {
  const profile = checkKeys(what, value, CLIENT_PROFILE);
  if (profile.tls !== null) checkKeys(`${what}.tls`, profile.tls, TLS_PROFILE);
  if (profile.sasl !== null) checkKeys(`${what}.sasl`, profile.sasl, SASL_PROFILE);
}

export const MODULE_SHAPES = {
  storage: {
    burrow: {
      'class-name': S,
      intervals: N,
      'min-distance': N,
      'group-allowlist': S,
      'expire-group': N,
    },
    extras: { 'end-offset-history': N },
  },
  evaluator: {
    burrow: { 'class-name': S, 'expire-cache': N },
    extras: { 'allowed-lag': N, 'minimum-complete': N },
  },
  cluster: {
    burrow: {
      'class-name': S,
      servers: A,
      'client-profile': O,
      'topic-refresh': N,
      'offset-refresh': N,
    },
    extras: { schedule: S, lagwatch: ['object', 'null'] },
  },
  consumer: {
    burrow: {
      'class-name': S,
      cluster: S,
      servers: A,
      'group-allowlist': S,
      'zookeeper-path': S,
      'zookeeper-timeout': N,
      'client-profile': O,
      'offsets-topic': S,
      'start-latest': B,
    },
    extras: { 'group-denylist': S, schedule: S },
  },
  notifier: {
    burrow: { 'class-name': S },
    extras: { 'group-allowlist': S, lagwatch: ['object', 'null'] },
  },
} as const;

export type ModuleKind = keyof typeof MODULE_SHAPES;

export function checkModule(kind: ModuleKind, value: unknown): Record<string, unknown> {
  const { burrow, extras } = MODULE_SHAPES[kind];
  const module = checkKeys(`${kind} module`, value, burrow, extras);
  if ('client-profile' in module)
    checkClientProfile(`${kind}.client-profile`, module['client-profile']);
  return module;
}
