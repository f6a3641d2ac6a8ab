// Installing what the Elasticsearch sink needs (the index template), and checking it is
// there. Used by `lagwatch setup elasticsearch`, by the sink at start with setupOnStart,
// and by check().
import type { Client } from '@elastic/elasticsearch';
import { ErrorCode } from '../../src/contract/errors.js';
import { OK } from '../../src/contract/sink.js';
import type { SinkOutcome } from '../../src/contract/sink.js';
import { checkOutcome } from '../delivery/check-outcome.js';
import { esErrorOutcome } from './es-errors.js';
import { indexTemplate, templateName } from './template.js';
import type { TemplateConfig } from './template.js';

export async function installTemplate(
  client: Client,
  config: TemplateConfig,
  signal?: AbortSignal,
): Promise<SinkOutcome> {
  try {
    await client.indices.putIndexTemplate(
      indexTemplate(config),
      signal === undefined ? {} : { signal },
    );
    return OK;
  } catch (error) {
    const outcome = checkOutcome(esErrorOutcome(error), false);
    if (outcome.kind === 'ok') return OK;
    return {
      ...outcome,
      code: outcome.kind === 'failed' ? ErrorCode.SINK_SETUP_FAILED : outcome.code,
      error: `installing index template "${templateName(config)}" failed: ${outcome.error}`,
    };
  }
}

export async function verifyTemplate(
  client: Client,
  config: TemplateConfig,
  signal?: AbortSignal,
): Promise<SinkOutcome> {
  const name = templateName(config);
  try {
    const exists = await client.indices.existsIndexTemplate(
      { name },
      signal === undefined ? {} : { signal },
    );
    if (exists) return OK;
    return {
      kind: 'failed',
      code: ErrorCode.SINK_TARGET_MISSING,
      error:
        `index template "${name}" is not installed: run \`lagwatch setup elasticsearch\` ` +
        'or set setupOnStart: true (without it, fields would be mapped by guess)',
    };
  } catch (error) {
    const outcome = checkOutcome(esErrorOutcome(error), false);
    return outcome.kind === 'ok'
      ? OK
      : { ...outcome, error: `checking index template "${name}": ${outcome.error}` };
  }
}
