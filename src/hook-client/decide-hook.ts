import { createAuditLog, errorEntry } from '../audit/index.js';
import { toAirlockError } from '../errors/index.js';
import { gatewayClientFromEnv } from '../gateway-client/gateway-client.js';
import { createAmbientProbe } from '../intake/ambient-probe.js';
import { HOOK_ADAPTERS, type HookAgent, type HookAnswer, type HookCall } from '../intake/hooks/index.js';
import { parseJson } from '../intake/read-input.js';
import { describeEnvironment, type AutonomyLevel } from '../model/index.js';
import { auditDatabasePath, openRuntime, type CheckResult, type Runtime } from '../pipeline/index.js';
import { openSqliteAuditStore } from '../store/index.js';

/** One hook call, as the worker receives it: plain data only (it crosses a thread boundary). */
export interface HookRequest {
  readonly agent: HookAgent;
  readonly agentName?: string | undefined;
  readonly environment?: string | undefined;
  readonly configPath?: string | undefined;
  readonly autonomy?: AutonomyLevel | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** The hook's whole time budget, ms: a gateway call (and any wait for approval) must fit in it. */
  readonly deadlineMs?: number | undefined;
  /** The agent's stdin, or why it could not be read. */
  readonly input: { readonly text: string } | { readonly error: { readonly code: string; readonly message: string } };
}

/**
 * Decides one hook call: parse the agent's input, run the pipeline, render the answer in the
 * agent's protocol. Never rejects: every failure becomes the agent's blocking answer, and failures
 * before the pipeline (which records its own) are recorded here.
 */
export async function decideHook(request: HookRequest): Promise<HookAnswer> {
  const adapter = HOOK_ADAPTERS[request.agent];
  let runtime: Runtime | undefined;
  let call: HookCall | undefined;
  let reachedPipeline = false;
  const rawInput = 'text' in request.input ? request.input.text : '';
  try {
    if ('error' in request.input) {
      await recordHookFailure(request, { ...request.input.error }, '');
      return adapter.block(`Airlock blocked this tool call: ${request.input.error.message}`);
    }
    call = adapter.parse(parseJson(rawInput, 'hook input'));
    if (request.env['AIRLOCK_URL']) {
      // A gateway is configured: it decides, and `ask` becomes its approval request, never the
      // agent's own prompt. If it cannot be reached, the error below blocks: fail closed.
      return adapter.render(await decideViaGateway(request, call, adapter.source), call);
    }
    // The agent can write anywhere in its working tree, so a hook never picks up an airlock.yaml
    // from there: only --config, AIRLOCK_CONFIG or AIRLOCK_HOME/airlock.yaml.
    runtime = await openRuntime({ cwd: request.cwd, env: request.env, configPath: request.configPath, discoverConfig: false });
    reachedPipeline = true;
    const result = await runtime.pipeline.check({
      ...call.request,
      agent: request.agentName ?? adapter.agent,
      source: adapter.source,
      target: { ...call.request.target, ...(request.environment ? { environment: request.environment } : {}) },
      ...(request.autonomy ? { autonomy: request.autonomy } : {}),
    });
    return adapter.render(verdictOf(result, call), call);
  } catch (thrown) {
    const error = toAirlockError(thrown);
    const what = call ? `this ${call.toolName} call` : 'this tool call';
    if (!reachedPipeline && error.code !== 'store_unavailable') await recordHookFailure(request, error.toJSON(), rawInput);
    return adapter.block(`Airlock blocked ${what}: ${error.describe()}`);
  } finally {
    await runtime?.close().catch(() => undefined);
  }
}

/** Time kept back from the deadline for the answer's way back to the agent. */
const GATEWAY_MARGIN_MS = 1500;

async function decideViaGateway(request: HookRequest, call: HookCall, source: string): Promise<{ decision: 'allow' | 'deny'; reason: string }> {
  const started = Date.now();
  const client = gatewayClientFromEnv(request.env, 'this hook');
  const probe = createAmbientProbe(request.env);
  const budget = Math.max(500, (request.deadlineMs ?? 8000) - GATEWAY_MARGIN_MS);
  const answer = await client.submit(
    {
      change: {
        ...call.request,
        agent: request.agentName ?? request.agent,
        source,
        target: { ...call.request.target, ...(request.environment ? { environment: request.environment } : {}) },
        // No --autonomy: with a gateway, its airlock.yaml sets each agent's level, not the agent's hook.
      },
      ambient: { kubeContext: probe.kubeContext(), awsProfile: probe.awsProfile(), terraformWorkspace: probe.terraformWorkspace(call.request.target?.cwd) },
      // Wait for a human for as long as the hook can, less a second for the round trip.
      wait: Math.max(0, Math.floor((budget - (Date.now() - started) - 1000) / 1000)),
    },
    budget,
  );
  return { decision: answer.decision === 'allow' ? 'allow' : 'deny', reason: answer.reason };
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
      const approvals = decision.approvals ?? { count: 1, roles: [] };
      const approvers = `${approvals.count > 1 ? `${approvals.count} people` : 'a person'}${approvals.roles.length ? ` with the role ${approvals.roles.join(' or ')}` : ''}`;
      // The agent's own prompt asks whoever sits at its terminal, once: it cannot collect several
      // approvals or check a role. Only a plain one-person approval may go to that prompt.
      const promptSuffices = approvals.count === 1 && approvals.roles.length === 0;
      if (call.canAsk && !call.autoApproves && promptSuffices) {
        return { decision: 'ask', reason: `Airlock: this needs approval from ${approvers}: ${why}.${what}${reach}${trailer}` };
      }
      const whyNot = promptSuffices ? 'this agent session cannot ask anyone' : "the agent's own prompt cannot collect that";
      return {
        decision: 'deny',
        reason:
          `Airlock: this needs approval from ${approvers} (${why}), and ${whyNot}, so it was not run.${what}${reach} ` +
          `Do not try another way to do the same thing: stop and tell the user what you wanted to run and why; a person can review and run it, or raise your autonomy level in airlock.yaml.${trailer}`,
      };
    }
  }
}

/**
 * Records a hook call that was blocked before it reached the pipeline (unreadable input, broken
 * config or policy), so the audit log shows every block. Best effort: the main thread's deadline
 * bounds it.
 */
async function recordHookFailure(request: HookRequest, error: Record<string, unknown>, rawInput: string): Promise<void> {
  try {
    const log = createAuditLog(await openSqliteAuditStore({ path: auditDatabasePath(request.env), busyTimeoutMs: 1000 }));
    try {
      await log.record(errorEntry({ at: new Date().toISOString(), agent: request.agentName ?? request.agent, source: request.agent, error, input: rawInput }));
    } finally {
      await log.close();
    }
  } catch {
    // The answer (a block) matters more than its record; the store's own error is in the block.
  }
}
