// The evaluator: pure functions from windows of samples to statuses. No I/O.
export { toBurrowGroupStatus, toBurrowPartitionStatus } from './burrow-json.js';
export type { BurrowGroupStatus, BurrowPartitionStatus } from './burrow-json.js';
export { evaluateGroup, namesOf, notFoundGroupStatus } from './group.js';
export { GroupSummary, JudgedAgain, heldOrSelf, summaryOf } from './group-summary.js';
export type { JudgeAgain } from './group-summary.js';
export { PartitionArena } from './partition-numbers.js';
export { defaultEvaluatorOptions, evaluatorOptions, RULE_SETS } from './options.js';
export type { EvaluatorOptions, EvaluatorOptionsInput, RuleSet } from './options.js';
export { EMPTY_GROUP_STATE, evaluatePartition } from './partition.js';
export { describeReason, ReasonCode } from './reasons.js';
export type { ReasonDetail } from './reasons.js';
export { groupStatusFor, statusNumber } from '../contract/statuses.js';
export type { GroupStatusCode, PartitionStatusCode, StatusCode } from '../contract/statuses.js';
export type {
  GroupStatus,
  GroupWindow,
  PartitionSample,
  PartitionStatus,
  PartitionWindow,
} from '../contract/evaluation.js';
