import type { Assessment, Effect, Environment, Severity } from '../../src/model/index.js';

export const PRODUCTION: Environment = { name: 'production', production: true, criticality: 'critical', recognizedBy: 'test' };
export const DEV: Environment = { name: 'dev', production: false, criticality: 'low', recognizedBy: 'test' };

export function effect(partial: Partial<Effect> & Pick<Effect, 'operation'>): Effect {
  return {
    resource: { kind: 'test.resource', address: `res-${partial.operation}` },
    reversible: partial.operation === 'read' || partial.operation === 'update' || partial.operation === 'create',
    destroysData: false,
    summary: `${partial.operation} something`,
    ...partial,
  };
}

/** An assessment with exactly the facts a policy test needs. */
export function assessment(options: {
  severity: Severity;
  environment?: Environment;
  effects?: Effect[];
  wholeEnvironment?: boolean;
  customerFacing?: string[];
}): Assessment {
  const effects = options.effects ?? (options.severity === 'none' ? [effect({ operation: 'read' })] : [effect({ operation: 'update' })]);
  const direct = effects.filter((e) => e.operation !== 'read').map((e) => e.resource.address);
  return {
    environment: options.environment ?? DEV,
    effects,
    blastRadius: {
      direct,
      dependents: [],
      total: direct.length,
      environmentSize: null,
      coverage: null,
      wholeEnvironment: options.wholeEnvironment ?? false,
      customerFacing: options.customerFacing ?? [],
      customerFacingAtRisk: options.customerFacing ?? [],
      dataBearing: [],
    },
    severity: options.severity,
    reasons: [],
  };
}
