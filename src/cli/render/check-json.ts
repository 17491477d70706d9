import type { CheckResult } from '../../pipeline/index.js';

/** The one JSON object `airlock check --json` prints. Stable field names; additions only. */
export function checkJson(result: CheckResult) {
  const { change, assessment, decision } = result;
  return {
    decision: decision.decision,
    enforced: decision.enforced,
    mode: decision.mode,
    severity: assessment.severity,
    environment: assessment.environment,
    autonomy: result.autonomy,
    agent: change.agent,
    kind: change.kind,
    effects: assessment.effects.map((e) => ({
      operation: e.operation,
      resource: e.resource,
      reversible: e.reversible,
      destroysData: e.destroysData,
      ...(e.environmentWide ? { environmentWide: true } : {}),
      ...(e.outage ? { outage: true } : {}),
      summary: e.summary,
    })),
    blastRadius: assessment.blastRadius,
    reasons: decision.reasons,
    severityReasons: assessment.reasons,
    policies: decision.policies,
    ...(decision.approvals ? { approvals: decision.approvals } : {}),
    ...(decision.shadow ? { shadow: decision.shadow } : {}),
    digest: change.digest,
    changeId: change.id,
    policyVersion: result.policyVersion,
    auditRecord: result.record,
  };
}
