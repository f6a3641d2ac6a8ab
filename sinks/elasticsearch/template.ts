// The composable index template `lagwatch setup elasticsearch` installs (named after the
// index prefix): explicit mappings, one shard per daily index refreshed every 5 s, and per mode either the
// alias `<prefix>` on every daily index or `data_stream: {}`.
import type { ElasticsearchSinkConfig } from './options.js';
import { templatePatterns } from './index-mode.js';
import { LAGWATCH_MAPPINGS } from './mappings.js';

/**
 * Raised whenever the mapping changes, so an installed template can be told apart; an
 * older one of lagwatch's is upgraded (setup.ts). 1 had no cluster documents, 2 no
 * `lagwatch.group_type`.
 */
export const TEMPLATE_VERSION = 3;
/** What the current version added, for the message about an older one. */
export const TEMPLATE_CHANGES = 'adds lagwatch.group_type';
/** Above Elasticsearch's built-in templates (100), so lagwatch's indices get this one. */
export const TEMPLATE_PRIORITY = 200;

export type TemplateConfig = Pick<ElasticsearchSinkConfig, 'indexPrefix' | 'indexMode'>;

export function templateName(config: TemplateConfig): string {
  return config.indexPrefix;
}

/** The body of PUT _index_template/<name>, as the client's putIndexTemplate takes it. */
export function indexTemplate(config: TemplateConfig) {
  const dataStream = config.indexMode === 'data-stream';
  return {
    name: templateName(config),
    index_patterns: templatePatterns(config.indexMode, config.indexPrefix),
    priority: TEMPLATE_PRIORITY,
    version: TEMPLATE_VERSION,
    _meta: { managed_by: 'lagwatch', description: 'lagwatch consumer-lag evaluations' },
    ...(dataStream ? { data_stream: {} } : {}),
    template: {
      // Refreshing every 5 s (as Beats do) rather than every second: cheaper indexing.
      settings: { index: { number_of_shards: 1, refresh_interval: '5s' } },
      mappings: LAGWATCH_MAPPINGS,
      ...(dataStream ? {} : { aliases: { [config.indexPrefix]: {} } }),
    },
  };
}
