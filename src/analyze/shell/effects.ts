import type { Operation } from '../../model/index.js';
import type { EffectDraft } from './command-context.js';
import type { PathTarget } from './paths.js';

/** The fields every effect draft needs besides its operation and resource. */
export interface EffectFields {
  readonly reversible: boolean;
  readonly destroysData: boolean;
  readonly summary: string;
  readonly environmentWide?: boolean;
}

/** An effect on a resource of any kind. */
export function effect(operation: Operation, kind: string, address: string, fields: EffectFields): EffectDraft {
  return {
    operation,
    resource: { kind, address },
    reversible: fields.reversible,
    destroysData: fields.destroysData,
    ...(fields.environmentWide ? { environmentWide: true } : {}),
    summary: fields.summary,
  };
}

/** An effect on a file (or a directory tree) named by a resolved path. */
export function fileEffect(operation: Operation, target: PathTarget, fields: EffectFields, kind = 'file'): EffectDraft {
  return effect(operation, kind, target.address, fields);
}
