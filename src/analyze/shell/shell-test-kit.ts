/**
 * Helpers for the shell analyzer's tests (no test-runner imports, so it is safe to compile).
 * One analyzer is loaded per test file and shared by its tables.
 */
import type { Effect } from '../../model/index.js';
import type { Analysis, AnalysisContext } from '../analyzer.js';
import { createShellAnalyzer } from './shell-analyzer.js';

export const analyzer = await createShellAnalyzer();

/** The working directory the tables assume unless they say otherwise. */
export const CWD = '/srv/app';

export function analyzeCommand(command: string, context: AnalysisContext = { cwd: CWD }): Analysis {
  return analyzer.analyze(analyzer.prepare({ command }), context);
}

/** The fields a table checks, with `environmentWide` always present. */
export interface EffectShape {
  operation: Effect['operation'];
  kind: string;
  address: string;
  reversible: boolean;
  destroysData: boolean;
  environmentWide: boolean;
}

export function shapeOf(effect: Effect): EffectShape {
  return {
    operation: effect.operation,
    kind: effect.resource.kind,
    address: effect.resource.address,
    reversible: effect.reversible,
    destroysData: effect.destroysData,
    environmentWide: effect.environmentWide === true,
  };
}

export function shapesOf(command: string, context?: AnalysisContext): EffectShape[] {
  return analyzeCommand(command, context).effects.map(shapeOf);
}

/** Operations of the effects, in order, for compact assertions. */
export function operationsOf(command: string, context?: AnalysisContext): string[] {
  return analyzeCommand(command, context).effects.map((effect) => effect.operation);
}

export function canonicalOf(command: string): unknown {
  return analyzer.canonical(analyzer.prepare({ command }));
}
