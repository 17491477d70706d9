import type { ApprovalRequest } from '../approvals/index.js';
import { describeEnvironment } from '../model/index.js';
import type { CheckResult } from '../pipeline/index.js';

/**
 * What the gateway tells an agent. Always a final `allow` or `deny`: a change waiting for people
 * is a `deny` that carries the request id and says to retry the same command once approved, so an
 * agent can never run something only because nobody answered in time.
 */
export interface AgentAnswer {
  readonly decision: 'allow' | 'deny';
  readonly reason: string;
  /** The approval request this change opened or used. */
  readonly requestId?: string | undefined;
  readonly approval?: ApprovalRequest | undefined;
  readonly check: {
    readonly change: CheckResult['change'];
    readonly assessment: CheckResult['assessment'];
    readonly decision: CheckResult['decision'];
    readonly autonomy: CheckResult['autonomy'];
    readonly policyVersion: string;
    readonly record: CheckResult['record'];
  };
}

export function answerOf(result: CheckResult, approval: ApprovalRequest | undefined, dashboardUrl: string): AgentAnswer {
  const { decision, assessment, change, record } = result;
  const check = { change, assessment, decision, autonomy: result.autonomy, policyVersion: result.policyVersion, record };
  const where = describeEnvironment(assessment.environment);
  const why = decision.reasons.join('; ');
  const trailer = ` [${assessment.severity} severity in ${where}; audit record #${record.seq}; digest ${change.digest.slice(0, 12)}]`;
  const requestId = decision.approval?.requestId;

  if (decision.enforced === 'allow') {
    const shadowNote = decision.mode === 'shadow' && decision.decision !== 'allow' ? `shadow mode: would ${decision.decision}: ` : '';
    return { decision: 'allow', reason: `${shadowNote}${why}`, requestId, approval, check };
  }
  if (decision.enforced === 'deny') {
    return { decision: 'deny', reason: `Airlock denied this: ${why}.${trailer}`, requestId, approval, check };
  }

  // `ask` that did not end in an approval within the wait.
  const link = requestId ? ` Review: ${dashboardUrl.replace(/\/$/, '')}/#/approvals/${requestId}` : '';
  if (approval && approval.state !== 'pending' && approval.state !== 'approved') {
    const ending = approval.ending;
    return {
      decision: 'deny',
      reason: `Airlock: approval request ${approval.id} was ${approval.state}${ending ? ` by ${ending.by}: ${ending.reason}` : ''}. Do not run this change or another way of doing the same thing; tell the user.${trailer}`,
      requestId,
      approval,
      check,
    };
  }
  const required = approval?.required ?? { count: decision.approvals?.count ?? 1, roles: decision.approvals?.roles ?? [] };
  const who = `${required.count > 1 ? `${required.count} people` : 'a person'}${required.roles.length ? ` with the role ${required.roles.join(' or ')}` : ''}`;
  const votes = approval && approval.approvals.length > 0 ? ` (${approval.approvals.length} of ${required.count} so far)` : '';
  return {
    decision: 'deny',
    reason:
      `Airlock: this needs approval from ${who}${votes}: ${why}. Approval request ${requestId ?? '(none)'} is waiting for them.` +
      ` Wait, then retry exactly the same command: it will run once approved. Do not try another way of doing the same thing.${link}${trailer}`,
    requestId,
    approval,
    check,
  };
}
