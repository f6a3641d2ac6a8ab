// Kafka's error codes met while sampling, by name, and which of them mean "ask the
// coordinator again": the group's coordinator moved, is starting, or is loading the group.

export const KafkaErrorCode = {
  NONE: 0,
  UNKNOWN_TOPIC_OR_PARTITION: 3,
  LEADER_NOT_AVAILABLE: 5,
  NOT_LEADER_OR_FOLLOWER: 6,
  COORDINATOR_LOAD_IN_PROGRESS: 14,
  COORDINATOR_NOT_AVAILABLE: 15,
  NOT_COORDINATOR: 16,
  GROUP_AUTHORIZATION_FAILED: 30,
  UNSUPPORTED_VERSION: 35,
  INVALID_REQUEST: 42,
  GROUP_ID_NOT_FOUND: 69,
  UNSTABLE_OFFSET_COMMIT: 88,
} as const;

const names = new Map<number, string>(Object.entries(KafkaErrorCode).map(([k, v]) => [v, k]));

export function kafkaErrorName(code: number): string {
  return names.get(code) ?? `KAFKA_ERROR_${code}`;
}

/** The coordinator cached for a group is no longer right (or not yet ready): find it again. */
export function isCoordinatorError(code: number): boolean {
  return (
    code === KafkaErrorCode.NOT_COORDINATOR ||
    code === KafkaErrorCode.COORDINATOR_NOT_AVAILABLE ||
    code === KafkaErrorCode.COORDINATOR_LOAD_IN_PROGRESS
  );
}

/** An error code a broker answered with, kept with its name and the message Kafka sent. */
export class KafkaResponseError extends Error {
  override readonly name = 'KafkaResponseError';
  readonly errorCode: number;

  constructor(errorCode: number, message?: string | null) {
    super(message ? `${kafkaErrorName(errorCode)}: ${message}` : kafkaErrorName(errorCode));
    this.errorCode = errorCode;
  }
}
