import { AirlockError } from '../errors/index.js';
import { cedar } from './cedar.js';
import { positionOf, type PolicySource } from './policy-source.js';

/** One policy out of a file, with its Airlock annotations. */
export interface PolicyPart {
  /** `@id` if given, else `<file>:<line>`. */
  readonly id: string;
  readonly text: string;
  readonly file: string;
  readonly line: number;
  readonly effect: 'permit' | 'forbid';
  readonly annotations: Readonly<Record<string, string>>;
  /** Cedar actions its scope names (`run`, `ask`), or 'all' when it names none. */
  readonly actions: 'all' | readonly string[];
  /** Its conditions look at `action` (so its scope alone does not say which actions it covers). */
  readonly readsAction: boolean;
}

/**
 * Splits a file into its policies using Cedar's own parser (so comments, strings and odd
 * formatting are handled as Cedar handles them). Throws `policy_invalid` if the file does not parse.
 */
export function splitPolicies(source: PolicySource): PolicyPart[] {
  const answer = cedar.policySetTextToParts(source.text);
  if (answer.type === 'failure') {
    const error = answer.errors[0];
    const { line } = positionOf(source.text, error?.sourceLocations?.[0]?.start ?? 0);
    throw new AirlockError('policy_invalid', `${source.file}:${line}: ${error?.message ?? 'cannot parse policies'}`, {
      hint: 'run `airlock policy validate` for every problem with its line',
    });
  }
  if (answer.policy_templates.length > 0) {
    throw new AirlockError('policy_invalid', `${source.file}: policy templates are not supported`, {
      hint: 'write static policies (no ?principal / ?resource slots)',
    });
  }
  const parts: PolicyPart[] = [];
  let cursor = 0;
  for (const text of answer.policies) {
    const found = source.text.indexOf(text, cursor);
    const offset = found >= 0 ? found : cursor;
    cursor = found >= 0 ? found + text.length : cursor;
    const json = cedar.policyToJson(text);
    if (json.type === 'failure') {
      throw new AirlockError('policy_invalid', `${source.file}: ${json.errors[0]?.message ?? 'cannot read policy'}`);
    }
    const annotations = json.json.annotations ?? {};
    const line = positionOf(source.text, offset).line;
    const scope = json.json.action;
    const actions =
      scope.op === 'All' ? ('all' as const) : 'entity' in scope ? [idOf(scope.entity)] : 'entities' in scope ? scope.entities.map(idOf) : ('all' as const);
    const readsAction = JSON.stringify(json.json.conditions).includes('{"Var":"action"}');
    parts.push({ id: annotations['id'] ?? `${source.file}:${line}`, text, file: source.file, line, effect: json.json.effect, annotations, actions, readsAction });
  }
  return parts;
}

function idOf(uid: { __entity: { id: string } } | { id: string } | { slot: string }): string {
  if ('__entity' in uid) return uid.__entity.id;
  if ('id' in uid) return uid.id;
  return '?';
}
