import { toAirlockError } from '../errors/index.js';
import { HOOK_ADAPTERS, type HookAgent, type HookAnswer, type HookCall } from '../intake/hooks/index.js';
import { describeEnvironment, type AutonomyLevel } from '../model/index.js';
import { createAuditLog } from '../audit/index.js';
import { auditDatabasePath, openRuntime, type CheckResult, type Runtime } from '../pipeline/index.js';
import { openSqliteAuditStore } from '../store/index.js';
import { parseJson, readAll } from '../intake/read-input.js';

export interface RunHookOptions {
  readonly agent: HookAgent;
  /** Agent name in policy and audit (default: AIRLOCK_AGENT, else the hook's agent). */
  readonly agentName?: string | undefined;
  /** Pin the environment (--env / AIRLOCK_ENV). */
  readonly environment?: string | undefined;
  readonly configPath?: string | undefined;
  readonly autonomy?: AutonomyLevel | undefined;
  /** Answer (blocking) before this many ms (default 8000); keep it below the agent's hook timeout. */
  readonly deadlineMs?: number | undefined;
  readonly stdin: NodeJS.ReadableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** Hook input larger than this is refused (a tool call, even a big Write, is far smaller). */
const MAX_HOOK_INPUT_BYTES = 16 * 1024 * 1024;
const DEFAULT_DEADLINE_MS = 8_000;

/**
 * One agent hook call, start to finish. Always resolves with an answer for the agent — a decision,
 * or a blocking answer when anything goes wrong (bad input, config, policy, store, deadline). It
 * never rejects, so nothing upstream can turn a failure into the agent's fail-open path.
 */
export async function runHook(options: RunHookOptions): Promise<HookAnswer> {
  const adapter = HOOK_ADAPTERS[options.agent];
  let runtime: Runtime | undefined;
  let call: HookCall | undefined;
  let timer: NodeJS.Timeout | undefined;
  let rawInput = '';
  /** The pipeline records its own failures; failures before it (input, config, policy) are recorded here. */
  let reachedPipeline = false;
  const deadline = options.deadlineMs ?? DEFAULT_DEADLINE_MS;

  const work = (async (): Promise<HookAnswer> => {
    const text = await readAll(options.stdin, MAX_HOOK_INPUT_BYTES, 'hook input');
    rawInput = text;
    call = adapter.parse(parseJson(text, 'hook input'));
    // The agent can write anywhere in its working tree, so a hook never picks up an airlock.yaml
    // from there: only --config, AIRLOCK_CONFIG or AIRLOCK_HOME/airlock.yaml.
    runtime = await openRuntime({ cwd: options.cwd, env: options.env, configPath: options.configPath, discoverConfig: false });
    reachedPipeline = true;
    const result = await runtime.pipeline.check({
      ...call.request,
      agent: options.agentName ?? adapter.agent,
      source: adapter.source,
      target: { ...call.request.target, ...(options.environment ? { environment: options.environment } : {}) },
      ...(options.autonomy ? { autonomy: options.autonomy } : {}),
    });
    return adapter.render(verdictOf(result, call), call);
  })();

  const timeout = new Promise<HookAnswer>((resolve) => {
    timer = setTimeout(() => {
      resolve(adapter.block(`Airlock could not decide within ${deadline} ms, so it blocked this tool call to be safe. Try again; if it keeps happening, run \`airlock check\` on the same command to see why.`));
    }, deadline);
    timer.unref();
  });

  try {
    return await Promise.race([work, timeout]);
  } catch (thrown) {
    const error = toAirlockError(thrown);
    const what = call ? `this ${call.toolName} call` : 'this tool call';
    if (!reachedPipeline) await recordHookFailure(options, error.toJSON(), rawInput, deadline);
    return adapter.block(`Airlock blocked ${what}: ${error.describe()}`);
  } finally {
    if (timer) clearTimeout(timer);
    await runtime?.close().catch(() => undefined);
  }
}

/** The pipeline's decision as the hook states it to the agent. */
export function verdictOf(result: CheckResult, call: HookCall): { decision: 'allow' | 'ask' | 'deny'; reason: string } {
  const { decision, assessment, record } = result;
  const where = describeEnvironment(assessment.environment);
  const effects = assessment.effects.filter((e) => e.operation !== 'read');
  const what = effects.length === 0 ? '' : ` It would: ${effects.slice(0, 3).map((e) => e.summary).join('; ')}${effects.length > 3 ? `; and ${effects.length - 3} more` : ''}.`;
  const reach = assessment.blastRadius.dependents.length > 0 ? ` Blast radius: ${assessment.blastRadius.total} resources.` : '';
  const policies = decision.policies.map((p) => p.id).join(', ') || 'default deny';
  const trailer = ` [${assessment.severity} severity in ${where}; policy: ${policies}; audit record #${record.seq}; digest ${result.change.digest.slice(0, 12)}]`;
  const why = decision.reasons.join('; ');
  switch (decision.enforced) {
    case 'allow':
      return { decision: 'allow', reason: decision.mode === 'shadow' && decision.decision !== 'allow' ? `shadow mode: would ${decision.decision}: ${why}` : why };
    case 'deny':
      return { decision: 'deny', reason: `Airlock denied this: ${why}.${what}${reach}${trailer}` };
    case 'ask': {
      const approvers = decision.approvals && decision.approvals.count > 1 ? `${decision.approvals.count} people` : 'a person';
      if (call.canAsk && !call.autoApproves) {
        return { decision: 'ask', reason: `Airlock: this needs approval from ${approvers}: ${why}.${what}${reach}${trailer}` };
      }
      return {
        decision: 'deny',
        reason:
          `Airlock: this needs approval from ${approvers} (${why}), and this agent session cannot ask anyone, so it was not run.${what}${reach} ` +
          `Do not try another way to do the same thing: stop and tell the user what you wanted to run and why; a person can review and run it, or raise your autonomy level in airlock.yaml.${trailer}`,
      };
    }
  }
}


/**
 * Records a hook call that was blocked before it reached the pipeline (unreadable input, broken
 * config or policy), so the audit log shows every block. Best effort and bounded: the agent's
 * answer must not wait on a store that is itself the problem.
 */
async function recordHookFailure(options: RunHookOptions, error: Record<string, unknown>, rawInput: string, budgetMs: number): Promise<void> {
  const attempt = (async () => {
    const log = createAuditLog(await openSqliteAuditStore({ path: auditDatabasePath(options.env), busyTimeoutMs: 500 }));
    try {
      await log.record({
        type: 'error',
        at: new Date().toISOString(),
        agent: options.agentName ?? options.agent,
        source: options.agent,
        decision: 'deny',
        enforced: 'deny',
        body: { error, input: rawInput.length <= 4096 ? rawInput : `${rawInput.slice(0, 4096)}… (${rawInput.length} characters)` },
      });
    } finally {
      await log.close();
    }
  })();
  const limit = new Promise<void>((resolve) => setTimeout(resolve, Math.min(1000, budgetMs)).unref());
  await Promise.race([attempt.catch(() => undefined), limit]);
}
