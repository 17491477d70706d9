import {
  DESTRUCTIVE_OPERATIONS,
  describeEnvironment,
  maxSeverity,
  type BlastRadius,
  type Effect,
  type Environment,
  type Severity,
} from '../model/index.js';

export interface SeverityOptions {
  /** Most resources a reversible change may touch directly in production and stay `low`. */
  readonly smallChange: number;
}

export interface SeverityResult {
  readonly severity: Severity;
  readonly reasons: string[];
}

/**
 * Severity from operation, reversibility, data loss, environment and blast radius. Pure.
 *
 * - none: only reads.
 * - low: reversible writes (in production: at most `smallChange` resources touched directly).
 * - medium: irreversible work outside production; file data loss outside production; a larger
 *   reversible change or any unrecognised program in production.
 * - high: anything Airlock cannot see into; irreversible work or data loss in production; loss of a
 *   data-bearing resource anywhere; environment-wide destruction outside production.
 * - critical: in production, destroying or recreating the whole environment, or data loss within
 *   reach of a customer-facing service — the incident Airlock exists to stop.
 */
export function assessSeverity(effects: readonly Effect[], blast: BlastRadius, environment: Environment, options: SeverityOptions): SeverityResult {
  const reasons: string[] = [];
  let severity: Severity = 'none';
  const raise = (to: Severity, reason: string) => {
    severity = maxSeverity(severity, to);
    if (!reasons.includes(reason)) reasons.push(reason);
  };
  const prod = environment.production;
  const where = `in ${describeEnvironment(environment)}`;
  const writes = effects.filter((e) => e.operation !== 'read');
  const destructive = writes.filter((e) => DESTRUCTIVE_OPERATIONS.has(e.operation));
  const dataLoss = writes.filter((e) => e.destroysData);

  if (writes.length === 0) {
    return { severity: 'none', reasons: effects.length > 0 ? ['only reads'] : ['no effect'] };
  }

  for (const effect of writes) {
    if (effect.resource.guardrail) {
      raise('critical', `changes Airlock's own guardrails (${effect.resource.address}): an agent may not change the rules it is judged by`);
    }
    if (effect.operation === 'unknown') {
      raise('high', `Airlock cannot tell what this does: ${effect.summary}`);
    } else if (effect.destroysData) {
      if (prod) raise('high', `destroys data ${where}: ${effect.summary}`);
      else if (effect.resource.dataBearing) raise('high', `destroys a data-bearing resource ${where}: ${effect.summary}`);
      else raise('medium', `destroys data ${where}: ${effect.summary}`);
    } else if (!effect.reversible) {
      raise(prod ? 'high' : 'medium', `cannot be undone ${where}: ${effect.summary}`);
    } else if (effect.operation === 'execute' && prod) {
      raise('medium', `runs a program whose effects Airlock cannot see ${where}: ${effect.summary}`);
    } else {
      raise('low', `reversible ${effect.operation} ${where}: ${effect.summary}`);
    }
    if (effect.environmentWide && DESTRUCTIVE_OPERATIONS.has(effect.operation) && !prod) {
      raise('high', `reaches everything in ${environment.name}: ${effect.summary}`);
    }
  }

  if (prod && writes.every((e) => e.reversible) && blast.direct.length > options.smallChange) {
    raise('medium', `changes ${blast.direct.length} resources in production at once (more than ${options.smallChange})`);
  }

  if (prod && destructive.length > 0 && blast.wholeEnvironment) {
    const share = blast.coverage !== null ? ` (${Math.round(blast.coverage * 100)}% of its ${blast.environmentSize} resources)` : '';
    raise('critical', `destroys or recreates the whole ${describeEnvironment(environment)} environment${share}`);
  }
  const outages = writes.filter((e) => e.outage);
  if (outages.length > 0 && blast.customerFacingAtRisk.length > 0) {
    raise(prod ? 'high' : 'medium', `stops serving customer-facing ${plural(blast.customerFacingAtRisk.length, 'resource')} (${preview(blast.customerFacingAtRisk)}) ${where}: ${outages[0]!.summary}`);
  }
  if (prod && dataLoss.length > 0 && blast.customerFacingAtRisk.length > 0) {
    raise(
      'critical',
      `loses data and puts customer-facing ${plural(blast.customerFacingAtRisk.length, 'resource')} at risk (${preview(blast.customerFacingAtRisk)}) in production`,
    );
  }
  return { severity, reasons };
}

function plural(count: number, noun: string): string {
  return count === 1 ? noun : `${noun}s`;
}

function preview(items: readonly string[], max = 3): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
