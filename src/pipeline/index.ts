export { createPipeline } from './pipeline.js';
export type { CheckResult, Pipeline, PipelineOptions } from './pipeline.js';
export { airlockHome, auditDatabasePath, guardrailsOf, loadAirlockConfig, loadPolicyEngine, openRuntime } from './runtime.js';
export type { Runtime, RuntimeOptions } from './runtime.js';
