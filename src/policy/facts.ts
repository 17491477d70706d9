import {
  DESTRUCTIVE_OPERATIONS,
  criticalityRank,
  severityRank,
  type Assessment,
  type AutonomyLevel,
  type ChangeKind,
  type Source,
} from '../model/index.js';

/** Everything a policy decision is made on. Built from the Assessment; pure. */
export interface PolicyInput {
  readonly agent: string;
  readonly digest: string;
  readonly kind: ChangeKind;
  readonly source: Source;
  readonly autonomy: AutonomyLevel;
  readonly assessment: Assessment;
}

/** The Cedar request context (the `Facts` type in policy/airlock.cedarschema). */
export function factsOf(input: PolicyInput) {
  const { assessment } = input;
  const { effects, blastRadius, environment } = assessment;
  const writes = effects.filter((e) => e.operation !== 'read');
  const hasUnknown = effects.some((e) => e.operation === 'unknown');
  const dataLoss = writes.filter((e) => e.destroysData);
  return {
    autonomy: input.autonomy,
    agent: input.agent,
    kind: input.kind,
    source: input.source,
    environment: environment.name,
    production: environment.production,
    criticality: environment.criticality,
    criticalityRank: criticalityRank(environment.criticality),
    severity: assessment.severity,
    severityRank: severityRank(assessment.severity),
    operations: [...new Set(effects.map((e) => e.operation))],
    resourceKinds: [...new Set(effects.map((e) => e.resource.kind))],
    readOnly: writes.length === 0,
    hasUnknown,
    irreversible: writes.some((e) => !e.reversible),
    destroysData: dataLoss.length > 0,
    environmentWide: writes.some((e) => e.environmentWide === true),
    writeCount: writes.length,
    destructiveCount: writes.filter((e) => DESTRUCTIVE_OPERATIONS.has(e.operation)).length,
    dataLossCount: dataLoss.length,
    touchesGuardrails: writes.some((e) => e.resource.guardrail === true),
    customerFacingDataLoss: dataLoss.length > 0 && blastRadius.customerFacingAtRisk.length > 0,
    blastRadius: {
      direct: blastRadius.direct.length,
      dependents: blastRadius.total - blastRadius.direct.length,
      total: blastRadius.total,
      environmentSize: blastRadius.environmentSize ?? 0,
      coveragePercent: blastRadius.coverage === null ? 0 : Math.round(blastRadius.coverage * 100),
      wholeEnvironment: blastRadius.wholeEnvironment,
      customerFacing: blastRadius.customerFacing.length,
      dataBearing: blastRadius.dataBearing.length,
    },
  };
}
export type Facts = ReturnType<typeof factsOf>;
