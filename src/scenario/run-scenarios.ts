import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { createAnalyzerRegistry } from '../analyze/registry.js';
import { createAuditLog } from '../audit/index.js';
import { loadConfig, parseConfigText, type Config } from '../config/index.js';
import { AirlockError, toAirlockError } from '../errors/index.js';
import { NO_AMBIENT } from '../intake/ambient-probe.js';
import { filesIn } from '../platform/files-in.js';
import type { AutonomyLevel, ChangeRequest, DecisionOutcome } from '../model/index.js';
import { createPipeline, guardrailsOf, loadAirlockConfig, loadPolicyEngine, type CheckResult } from '../pipeline/index.js';
import type { PolicyEngine } from '../policy/index.js';
import { openSqliteAuditStore } from '../store/index.js';
import { ScenarioSchema, type Scenario, type ScenarioStep } from './scenario-schema.js';

export interface StepResult {
  readonly scenario: string;
  readonly file: string;
  readonly step: string;
  readonly passed: boolean;
  readonly expected: string;
  readonly actual: string;
  /** Why it failed, or the decision's reasons when it passed. */
  readonly detail: string[];
  readonly result?: CheckResult | undefined;
}

export interface RunScenariosOptions {
  readonly paths: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** --config: used for scenarios that do not name their own. */
  readonly configPath?: string | undefined;
  /** Overrides for every step (CLI --env/--agent/--autonomy). */
  readonly environment?: string | undefined;
  readonly agent?: string | undefined;
  readonly autonomy?: AutonomyLevel | undefined;
}

/** Scenario files: the given files, and every .yaml/.yml under given directories. */
export function findScenarioFiles(paths: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    if (!existsSync(absolute)) throw new AirlockError('usage', `no scenario file or directory at ${absolute}`);
    if (statSync(absolute).isDirectory()) out.push(...yamlFilesIn(absolute));
    else out.push(absolute);
  }
  if (out.length === 0) throw new AirlockError('usage', `no scenario files (.yaml, .yml) in ${paths.join(', ')}`);
  return out;
}

const yamlFilesIn = (dir: string) => filesIn(dir, (name) => /\.ya?ml$/.test(name) && !/^airlock\.ya?ml$/.test(name));

/**
 * Replays scenario files against the policy: each step goes through the real pipeline (real
 * analyzers, real Cedar policy) with an in-memory audit log and no ambient surroundings, so a run
 * is deterministic and leaves the real audit log alone. Yields one result per step.
 */
export async function* runScenarios(options: RunScenariosOptions): AsyncGenerator<StepResult> {
  const engines = new Map<string, { config: Config; policy: PolicyEngine }>();
  const analyzers = createAnalyzerRegistry();
  const audit = createAuditLog(await openSqliteAuditStore({ path: ':memory:' }));
  try {
    for (const file of findScenarioFiles(options.paths, options.cwd)) {
      const display = relative(options.cwd, file) || file;
      let scenario: Scenario;
      let setup: { config: Config; policy: PolicyEngine };
      try {
        scenario = readScenario(file);
        const config = scenarioConfig(scenario, file, options);
        const key = `${config.source ?? 'defaults'}:${config.baseDir}:${JSON.stringify(config)}`;
        setup = engines.get(key) ?? { config, policy: loadPolicyEngine(config) };
        engines.set(key, setup);
      } catch (thrown) {
        const error = toAirlockError(thrown);
        yield { scenario: display, file: display, step: '(loading)', passed: false, expected: 'a valid scenario', actual: 'error', detail: [error.describe()] };
        continue;
      }
      for (const [index, step] of scenario.steps.entries()) {
        yield await runStep(scenario, step, index, file, display, setup, analyzers, audit, options);
      }
    }
  } finally {
    await audit.close();
  }
}

export function readScenario(file: string): Scenario {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new AirlockError('invalid_input', `${file}: not valid YAML: ${(cause as Error).message.split('\n')[0]}`, { cause });
  }
  const parsed = ScenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AirlockError('invalid_input', `${file}: ${issue?.path.join('.') || 'scenario'}: ${issue?.message ?? 'invalid'}`, {
      hint: 'see README "Scenarios" for the file format',
    });
  }
  return parsed.data;
}

function scenarioConfig(scenario: Scenario, file: string, options: RunScenariosOptions): Config {
  if (typeof scenario.config === 'string') return loadConfig({ path: resolve(dirname(file), scenario.config), cwd: dirname(file) });
  if (scenario.config) return parseConfigText(stringifyYaml(scenario.config), file);
  return loadAirlockConfig({ configPath: options.configPath, cwd: options.cwd, env: options.env });
}

async function runStep(
  scenario: Scenario,
  step: ScenarioStep,
  index: number,
  file: string,
  display: string,
  setup: { config: Config; policy: PolicyEngine },
  analyzers: ReturnType<typeof createAnalyzerRegistry>,
  audit: ReturnType<typeof createAuditLog>,
  options: RunScenariosOptions,
): Promise<StepResult> {
  const name = step.name ?? `step ${index + 1}: ${step.command ?? step.plan ?? step.kind}`;
  const expected = Array.isArray(step.expect) ? step.expect : [step.expect];
  const base = { scenario: scenario.name, file: display, step: name, expected: expected.join(' or ') };
  const existing = step.existingPaths ? new Set(step.existingPaths) : undefined;
  const pipeline = createPipeline({
    config: setup.config,
    policy: setup.policy,
    audit,
    analyzers,
    ambient: NO_AMBIENT,
    pathExists: existing ? (path) => existing.has(path) : () => true,
    guardrails: guardrailsOf(setup.config, options.env),
  });
  const request = scenarioRequest(scenario, step, file, options);
  let result: CheckResult;
  try {
    result = await pipeline.check(request);
  } catch (thrown) {
    // A change the pipeline rejects is denied (fail closed); it passes only if deny was expected.
    const error = toAirlockError(thrown);
    const passed = expected.includes('deny');
    return { ...base, passed, actual: `deny (error: ${error.code})`, detail: [error.describe()] };
  }
  const actual: DecisionOutcome = result.decision.decision;
  const problems: string[] = [];
  if (!expected.includes(actual)) problems.push(`expected ${base.expected}, got ${actual}`);
  if (step.expectSeverity && result.assessment.severity !== step.expectSeverity) problems.push(`expected severity ${step.expectSeverity}, got ${result.assessment.severity}`);
  const destroysData = result.assessment.effects.some((e) => e.destroysData);
  if (step.expectDestroysData !== undefined && destroysData !== step.expectDestroysData) problems.push(`expected destroysData ${step.expectDestroysData}, got ${destroysData}`);
  const detail = problems.length ? [...problems, ...result.decision.reasons, ...result.assessment.reasons] : result.decision.reasons;
  return { ...base, passed: problems.length === 0, actual: `${actual} (${result.assessment.severity})`, detail, result };
}

/** The change a scenario step proposes, as an entry point would hand it to the pipeline (or the gateway). */
export function scenarioRequest(
  scenario: Scenario,
  step: ScenarioStep,
  file: string,
  options: Pick<RunScenariosOptions, 'environment' | 'autonomy' | 'agent'> = {},
): ChangeRequest {
  const defaults = scenario.defaults ?? {};
  const environment = options.environment ?? step.environment ?? defaults.environment;
  const autonomy = options.autonomy ?? step.autonomy ?? defaults.autonomy;
  const cwd = step.cwd ?? defaults.cwd;
  return {
    kind: step.kind,
    source: step.source ?? defaults.source ?? 'cli',
    agent: options.agent ?? step.agent ?? defaults.agent ?? 'scenario',
    payload: payloadOf(step, file),
    target: { ...(cwd ? { cwd } : {}), ...(environment ? { environment } : {}), ...(step.hints ? { hints: step.hints } : {}) },
    ...(autonomy ? { autonomy } : {}),
  };
}

function payloadOf(step: ScenarioStep, file: string): unknown {
  if (step.payload !== undefined) return step.payload;
  if (step.command !== undefined) return { command: step.command };
  const planPath = resolve(dirname(file), step.plan!);
  let text: string;
  try {
    text = readFileSync(planPath, 'utf8');
  } catch (cause) {
    throw new AirlockError('invalid_input', `${file}: cannot read plan ${planPath}`, { cause });
  }
  try {
    return { plan: JSON.parse(text) as unknown };
  } catch (cause) {
    throw new AirlockError('invalid_input', `${planPath} is not valid JSON`, { cause });
  }
}
