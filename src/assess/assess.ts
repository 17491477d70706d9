import type { Assessment, Effect, Environment, ResourceGraph } from '../model/index.js';
import { computeBlastRadius } from '../inventory/blast-radius.js';
import { assessSeverity } from './severity.js';

export interface AssessOptions {
  readonly wholeEnvironmentThreshold: number;
  readonly smallChange: number;
}

/** Effects + dependency graph + environment → Assessment (blast radius and severity). Pure. */
export function assess(effects: readonly Effect[], graph: ResourceGraph | undefined, environment: Environment, options: AssessOptions): Assessment {
  const blastRadius = computeBlastRadius(effects, graph, { wholeEnvironmentThreshold: options.wholeEnvironmentThreshold });
  const { severity, reasons } = assessSeverity(effects, blastRadius, environment, { smallChange: options.smallChange });
  return { environment, effects: [...effects], blastRadius, severity, reasons };
}
