export {
  AUTONOMY_LEVELS,
  CHANGE_KINDS,
  CRITICALITIES,
  DECISIONS,
  DEFAULT_AUTONOMY,
  DESTRUCTIVE_OPERATIONS,
  MODES,
  OPERATIONS,
  SEVERITIES,
  SOURCES,
  criticalityRank,
  maxSeverity,
  severityRank,
} from './vocabulary.js';
export type {
  AutonomyLevel,
  ChangeKind,
  Criticality,
  DecisionOutcome,
  Mode,
  Operation,
  Severity,
  Source,
} from './vocabulary.js';
export { EffectSchema, ResourceSchema, unknownEffect } from './effect.js';
export type { Effect, Resource } from './effect.js';
export { EnvironmentHintsSchema, EnvironmentSchema, describeEnvironment, distinctTags, emptyHints, looksLikeProduction, mergeHints } from './environment.js';
export type { Environment, EnvironmentHints } from './environment.js';
export { AssessmentSchema, BlastRadiusSchema, DependentSchema, describeDependencyPath } from './assessment.js';
export type { Assessment, BlastRadius, Dependent } from './assessment.js';
export { ApprovalRequirementSchema, DecisionSchema, PolicyRefSchema, VerdictSchema } from './decision.js';
export type { ApprovalRequirement, Decision, PolicyRef, Verdict } from './decision.js';
export {
  ChangeRequestSchema,
  FileOperationSchema,
  FilePayloadSchema,
  McpPayloadSchema,
  ShellPayloadSchema,
  TargetSchema,
} from './change.js';
export type {
  Change,
  ChangeRequest,
  FileOperation,
  FilePayload,
  McpPayload,
  ParsedChangeRequest,
  ShellPayload,
  Target,
} from './change.js';
export { canonicalJson, digestOf, sha256Hex } from './digest.js';
export type { CanonicalChange } from './digest.js';
export { GraphEdgeSchema, GraphNodeSchema, ResourceGraphSchema, createEdgeCollector } from './resource-graph.js';
export type { GraphEdge, GraphNode, ResourceGraph } from './resource-graph.js';
