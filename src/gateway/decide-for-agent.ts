import type { ChangeRequest } from '../model/index.js';
import type { CheckContext } from '../pipeline/index.js';
import { answerOf, type AgentAnswer } from './agent-answer.js';
import type { GatewayDeps } from './gateway-deps.js';

/**
 * One agent's change through the gateway: the pipeline (with the kill switch and approvals), then
 * — for an `ask` that opened or joined a request, when agents wait — the wait for a person, and on
 * approval the same change again, which uses the grant once and records the allow. Shared by
 * POST /v1/changes and the MCP route, so both answer the same way.
 */
export async function decideForAgent(
  deps: GatewayDeps,
  request: ChangeRequest,
  context: CheckContext,
  options: { readonly wait?: number | undefined; readonly signal?: AbortSignal | undefined },
): Promise<AgentAnswer> {
  let result = await deps.runtime.pipeline.check(request, context);
  let approval = result.decision.approval ? await deps.store.getApproval(result.decision.approval.requestId) : undefined;
  const settings = deps.config.approvals;
  if (result.decision.enforced === 'ask' && approval?.state === 'pending' && settings.agentWaits === 'wait') {
    const waitSeconds = Math.min(options.wait ?? settings.waitTimeout, settings.waitTimeout);
    if (waitSeconds > 0) {
      const ended = await deps.approvals.waitForEnd(approval.id, waitSeconds * 1000, options.signal);
      if (ended) approval = ended;
      // Approved while we waited: run the same change through the pipeline again, which uses the
      // grant (once) and records the allow — and re-checks the kill switch and policy version.
      // Not if the caller has gone (its hook timed out): the grant stays for its retry.
      if (ended?.state === 'approved' && !options.signal?.aborted) {
        result = await deps.runtime.pipeline.check(request, context);
        if (result.decision.approval) approval = (await deps.store.getApproval(result.decision.approval.requestId)) ?? approval;
      }
    }
  }
  return answerOf(result, approval, deps.dashboardUrl);
}
