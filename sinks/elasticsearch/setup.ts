// Installing what the Elasticsearch sink needs (the index template), and checking it is
// there and not older than this lagwatch's. Used by `lagwatch setup elasticsearch`, by the
// sink at start with setupOnStart, by check(), and by the template guard while running.
import type { Client } from '@elastic/elasticsearch';
import { ErrorCode } from '../../src/contract/errors.js';
import { OK } from '../../src/contract/sink.js';
import type { SinkOutcome } from '../../src/contract/sink.js';
import { checkOutcome } from '../delivery/check-outcome.js';
import { esErrorOutcome } from './es-errors.js';
import { templatePatterns } from './index-mode.js';
import { LAGWATCH_MAPPINGS } from './mappings.js';
import { indexTemplate, TEMPLATE_CHANGES, TEMPLATE_VERSION, templateName } from './template.js';
import type { TemplateConfig } from './template.js';

/**
 * Installs (or upgrades) the index template, then adds its fields to the lagwatch indices
 * that exist already: they keep the mapping of the template they were made from, and with
 * `dynamic: strict` would refuse every document carrying a newer field. Adding a field to
 * a mapping is always allowed; the fields there already are unchanged.
 */
export async function installTemplate(
  client: Client,
  config: TemplateConfig,
  signal?: AbortSignal,
): Promise<SinkOutcome> {
  const options = signal === undefined ? {} : { signal };
  let step = `installing index template "${templateName(config)}"`;
  try {
    await client.indices.putIndexTemplate(indexTemplate(config), options);
    step = `adding the template's fields to the existing indices ${existingIndices(config)}`;
    await client.indices.putMapping(
      {
        index: existingIndices(config),
        allow_no_indices: true,
        expand_wildcards: 'open',
        properties: LAGWATCH_MAPPINGS.properties,
      },
      // A data stream not created yet is no error (a pattern matching nothing is not either).
      { ...options, ignore: [404] },
    );
    return OK;
  } catch (error) {
    const outcome = checkOutcome(esErrorOutcome(error), false);
    if (outcome.kind === 'ok') return OK;
    return {
      ...outcome,
      code: outcome.kind === 'failed' ? ErrorCode.SINK_SETUP_FAILED : outcome.code,
      error: `${step} failed: ${outcome.error}`,
    };
  }
}

/** The indices (or the data stream) the template covers, as PUT _mapping takes them. */
function existingIndices(config: TemplateConfig): string {
  return templatePatterns(config.indexMode, config.indexPrefix).join(',');
}

/** What the sink finds installed: the template, ok; none; or lagwatch's, of an older version. */
export type TemplateCheck =
  | SinkOutcome
  | { readonly kind: 'outdated'; readonly installedVersion: number; readonly error: string };

export async function inspectTemplate(
  client: Client,
  config: TemplateConfig,
  signal?: AbortSignal,
): Promise<TemplateCheck> {
  const name = templateName(config);
  try {
    const found = await client.indices.getIndexTemplate(
      { name },
      { ignore: [404], ...(signal === undefined ? {} : { signal }) },
    );
    const template = found.index_templates?.[0]?.index_template;
    if (template === undefined) {
      return {
        kind: 'failed',
        code: ErrorCode.SINK_TARGET_MISSING,
        error:
          `index template "${name}" is not installed: run \`lagwatch setup elasticsearch\` ` +
          'or set setupOnStart: true (without it, fields would be mapped by guess)',
      };
    }
    // A template lagwatch did not install is the operator's: used as it is, never replaced.
    const ours = template._meta?.['managed_by'] === 'lagwatch';
    const installedVersion = template.version ?? 0;
    if (!ours || installedVersion >= TEMPLATE_VERSION) return OK;
    return {
      kind: 'outdated',
      installedVersion,
      error:
        `index template "${name}" is version ${installedVersion}, older than this lagwatch's ` +
        `${TEMPLATE_VERSION} (${TEMPLATE_CHANGES}): run \`lagwatch setup elasticsearch\` or ` +
        'set setupOnStart: true to upgrade it and the existing indices',
    };
  } catch (error) {
    const outcome = checkOutcome(esErrorOutcome(error), false);
    return outcome.kind === 'ok'
      ? OK
      : { ...outcome, error: `checking index template "${name}": ${outcome.error}` };
  }
}

/** The template is there, of this lagwatch's version or newer (an outdated one fails). */
export async function verifyTemplate(
  client: Client,
  config: TemplateConfig,
  signal?: AbortSignal,
): Promise<SinkOutcome> {
  const check = await inspectTemplate(client, config, signal);
  return check.kind === 'outdated'
    ? { kind: 'failed', code: ErrorCode.SINK_TARGET_MISSING, error: check.error }
    : check;
}
