import type { ChangeKind } from '../../model/index.js';
import { unknownEffect } from '../../model/index.js';
import type { Analyzer } from '../analyzer.js';

/**
 * For kinds that have no analyzer yet: the change is accepted and recorded, but every one is an
 * `unknown` effect, so policy asks or refuses — fail closed, never a silent allow.
 */
export function createOpaqueAnalyzer(kind: ChangeKind): Analyzer<unknown> {
  return {
    kind,
    prepare: (payload) => payload,
    canonical: (payload) => payload ?? null,
    analyze: () => ({
      effects: [unknownEffect(`Airlock cannot analyze ${kind} changes yet`, undefined, `${kind}.change`)],
      hints: {},
    }),
  };
}
