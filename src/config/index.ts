// The config module's public face. See README.md for every key, default and env name.
export { loadConfig, parseConfig, configPath, DEFAULT_CONFIG_PATH } from './load.js';
export type { LoadConfigOptions } from './load.js';
export { parseSetOption } from './flags.js';
export type { ConfigOverride } from './flags.js';
export { ConfigError, formatIssue } from './issues.js';
export type { ConfigIssue, IssueSource } from './issues.js';
export { resolveSecret, secretRef, describeSecretRef } from '../contract/secrets.js';
export type { SecretName, SecretRef, SecretHolder } from '../contract/secrets.js';
export type { NameFilter } from './name-filter.js';
export { splitHostPort } from './fields.js';
export { parseDuration } from '../contract/duration.js';
export { parseByteSize } from '../contract/byte-size.js';
export { configToYaml, configToPlain } from './print.js';
export { ENV_PREFIX, CONFIG_PATH_ENV, envNameFor } from './env.js';
export { configSchema } from './schema.js';
export type { ConfigInput } from './schema.js';
export type * from './types.js';
