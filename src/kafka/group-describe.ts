// Describes groups that share a coordinator, in one request: consumer-protocol groups
// with ConsumerGroupDescribe, classic groups with DescribeGroups (through kafkajs). A
// broker without ConsumerGroupDescribe (before Kafka 3.7) describes every group the
// classic way.
import { ConsumerGroupDescribe } from './consumer-group-describe.js';
import { countRequest, sendRequest, type RequestCounter } from './broker-request.js';
import { fromClassic, fromConsumerProtocol, type GroupDescription } from './group-description.js';
import type { KafkajsBroker } from './kafkajs-internals.js';
import { negotiate } from './negotiation.js';

export async function describeGroups(
  broker: KafkajsBroker,
  counter: RequestCounter,
  groupIds: string[],
  protocol: 'classic' | 'consumer',
  signal?: AbortSignal,
): Promise<GroupDescription[]> {
  const version =
    protocol === 'consumer' ? negotiate(broker.versions, ConsumerGroupDescribe) : null;
  if (version !== null) {
    const response = await sendRequest(
      broker,
      ConsumerGroupDescribe,
      version,
      { groupIds },
      counter,
      signal,
    );
    return response.groups.map(fromConsumerProtocol);
  }
  signal?.throwIfAborted();
  countRequest(counter, 'DescribeGroups');
  const { groups } = await broker.describeGroups({ groupIds });
  return groups.map(fromClassic);
}
