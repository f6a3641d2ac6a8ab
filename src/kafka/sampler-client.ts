// What the sampler asks of a cluster: ProtocolClient, or a test double of it
// (test/unit/kafka/fake-client.ts).
import type { ProtocolClient } from './protocol-client.js';

export type SamplerClient = Pick<
  ProtocolClient,
  | 'counter'
  | 'connect'
  | 'listGroups'
  | 'topics'
  | 'findCoordinators'
  | 'forgetCoordinator'
  | 'describeGroups'
  | 'committedOffsets'
  | 'listOffsets'
>;
