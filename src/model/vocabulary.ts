/**
 * Closed vocabularies of Airlock (see ARCHITECTURE.md). Every map over one of these is a
 * `Record<Union, …>` so that adding a member does not compile until every stage handles it.
 */

/** What kind of target a Change is aimed at; one analyzer per kind. */
export const CHANGE_KINDS = ['shell', 'terraform', 'kubernetes', 'sql', 'cloudformation', 'pulumi', 'mcp', 'file', 'git'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** Which entry point a Change came through. */
export const SOURCES = ['claude-code', 'codex', 'kiro', 'cursor', 'gemini', 'mcp', 'http', 'cli'] as const;
export type Source = (typeof SOURCES)[number];

/**
 * What an Effect does to its resource. `unknown` is what an analyzer reports for anything it
 * cannot see into (eval, a script run by path, unparseable input); policy treats it as dangerous.
 */
export const OPERATIONS = ['read', 'create', 'update', 'delete', 'replace', 'execute', 'unknown'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** Operations that remove a resource (possibly to recreate it). */
export const DESTRUCTIVE_OPERATIONS: ReadonlySet<Operation> = new Set(['delete', 'replace']);

export const SEVERITIES = ['none', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Numeric rank of a severity (none = 0 … critical = 4), also given to Cedar policies. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

export const DECISIONS = ['allow', 'ask', 'deny'] as const;
export type DecisionOutcome = (typeof DECISIONS)[number];

/**
 * How much an agent may do alone in an environment:
 * - observe: reads only;
 * - supervised: every write asks;
 * - guarded (default): reversible low-blast writes run, destructive or production-wide ones ask,
 *   catastrophic ones are refused;
 * - autonomous: only catastrophic ones ask.
 */
export const AUTONOMY_LEVELS = ['observe', 'supervised', 'guarded', 'autonomous'] as const;
export type AutonomyLevel = (typeof AUTONOMY_LEVELS)[number];
export const DEFAULT_AUTONOMY: AutonomyLevel = 'guarded';

/** How important an environment is; production environments are usually `critical`. */
export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

export function criticalityRank(criticality: Criticality): number {
  return CRITICALITIES.indexOf(criticality);
}

/**
 * enforce: the agent gets the decision. shadow: the decision is computed and recorded exactly as
 * in enforce mode, but the agent is let through — for trialling a policy on real traffic.
 */
export const MODES = ['enforce', 'shadow'] as const;
export type Mode = (typeof MODES)[number];
