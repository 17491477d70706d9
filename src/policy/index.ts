export { createPolicyEngine } from './policy-engine.js';
export type { PolicyEngine, PolicyEngineOptions } from './policy-engine.js';
export { factsOf } from './facts.js';
export type { Facts, PolicyInput } from './facts.js';
export { validatePolicies } from './policy-validator.js';
export { formatProblem, positionOf } from './policy-source.js';
export type { PolicyProblem, PolicySource } from './policy-source.js';
export { resolveAutonomy } from './autonomy.js';
