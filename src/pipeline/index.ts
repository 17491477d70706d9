export { createPipeline } from './pipeline.js';
export type { CheckContext, CheckResult, DecisionGate, GateInput, Pipeline, PipelineOptions } from './pipeline.js';
export { airlockHome, auditDatabasePath, guardrailsOf, loadAirlockConfig, loadPolicyEngine, openRuntime } from './runtime.js';
export type { Runtime, RuntimeOptions } from './runtime.js';
