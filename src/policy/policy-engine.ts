import { AirlockError } from '../errors/index.js';
import { describeEnvironment, sha256Hex, type ApprovalRequirement, type PolicyRef, type Verdict } from '../model/index.js';
import { cedar } from './cedar.js';
import { factsOf, type Facts, type PolicyInput } from './facts.js';
import type { PolicyPart } from './policy-parts.js';
import { formatProblem, type PolicySource } from './policy-source.js';
import { checkPolicies } from './policy-validator.js';

export interface PolicyEngineOptions {
  /** Text of policy/airlock.cedarschema. */
  readonly schema: string;
  readonly sources: readonly PolicySource[];
  /** Policy @ids to leave out (airlock.yaml policies.disable); each must exist. */
  readonly disable?: readonly string[] | undefined;
}

/** Decides Changes with Cedar. Built once (policies parsed and validated), then evaluated per change. */
export interface PolicyEngine {
  /** The verdict of the enforced policies, and of enforced + shadow policies when any are in shadow. */
  evaluate(input: PolicyInput): { enforced: Verdict; shadow?: Verdict | undefined };
  /** Short fingerprint of the policy text, recorded with each decision. */
  readonly version: string;
  readonly policyCount: number;
}

type CedarAction = 'run' | 'ask';

/** Verdicts remembered per engine (each key is ~1 KB of facts). */
const MAX_REMEMBERED_VERDICTS = 4096;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

let engineCounter = 0;

/**
 * Builds a policy engine. Every policy is validated against the schema first; any problem is a
 * `policy_invalid` error listing file:line — an engine never runs with a policy it could not check.
 */
export function createPolicyEngine(options: PolicyEngineOptions): PolicyEngine {
  const { problems, parts: partsBySource } = checkPolicies(options.schema, options.sources);
  if (problems.length > 0) {
    throw new AirlockError('policy_invalid', `policy has ${problems.length} problem${problems.length > 1 ? 's' : ''}:\n${problems.map(formatProblem).join('\n')}`, {
      hint: 'fix the policy files listed (`airlock policy validate` shows the same list)',
      details: { problems },
    });
  }
  engineCounter += 1;

  const disabled = new Set(options.disable ?? []);
  const allParts = options.sources.flatMap((source, index) => (partsBySource[index] ?? []).map((part) => ({ part, set: source.set })));
  for (const id of disabled) {
    if (!allParts.some(({ part }) => part.id === id)) {
      throw new AirlockError('config_invalid', `policies.disable names "${id}", but no policy has that @id`, {
        hint: `the policies are: ${allParts.map(({ part }) => part.id).join(', ')}`,
      });
    }
  }
  const kept = allParts.filter(({ part }) => !disabled.has(part.id));
  const enforcedParts = kept.filter((p) => p.set === 'enforce').map((p) => p.part);
  const shadowParts = kept.filter((p) => p.set === 'shadow').map((p) => p.part);
  const byId = indexParts([...enforcedParts, ...shadowParts]);
  const enforcedSet = preparse(`enforce-${engineCounter}`, enforcedParts);
  const shadowSet = shadowParts.length > 0 ? preparse(`shadow-${engineCounter}`, [...enforcedParts, ...shadowParts]) : undefined;

  // When no enforced forbid can stop `ask` without also stopping `run`, a permitted `run` is final
  // and the second Cedar call can be skipped (the common allow path costs one evaluation).
  const askOnlyForbids = (parts: PolicyPart[]) =>
    parts.some((p) => p.effect === 'forbid' && (p.readsAction || (p.actions !== 'all' && p.actions.includes('ask') && !p.actions.includes('run'))));
  const skipAsk = new Map([
    [enforcedSet, !askOnlyForbids(enforcedParts)],
    ...(shadowSet ? ([[shadowSet, !askOnlyForbids([...enforcedParts, ...shadowParts])]] as const) : []),
  ]);

  const version = sha256Hex(
    [...options.sources.map((s) => `${s.set}:${s.file}\n${s.text}`), `disable:${[...disabled].sort().join(',')}`].join('\n\0'),
  ).slice(0, 12);

  // A verdict is a pure function of the policy set, the agent, the facts (and the change's digest,
  // should a policy name one): an agent repeating `git status` need not cross into WebAssembly
  // again. Bounded, least recently used first out.
  const namesChanges = [...enforcedParts, ...shadowParts].some((part) => part.text.includes('Airlock::Change::'));
  const verdicts = new Map<string, Verdict>();

  function decide(setId: string, input: PolicyInput): Verdict {
    const facts = factsOf(input);
    const key = `${setId}\0${input.agent}\0${namesChanges ? input.digest : ''}\0${JSON.stringify(facts)}`;
    const known = verdicts.get(key);
    if (known) {
      verdicts.delete(key);
      verdicts.set(key, known);
      return known;
    }
    const run = authorize(setId, 'run', input, facts);
    const verdict = deepFreeze(
      run.allowed && skipAsk.get(setId) ? combine(run, { action: 'ask', allowed: true, policies: [] }, byId, facts) : combine(run, authorize(setId, 'ask', input, facts), byId, facts),
    );
    verdicts.set(key, verdict);
    if (verdicts.size > MAX_REMEMBERED_VERDICTS) verdicts.delete(verdicts.keys().next().value!);
    return verdict;
  }

  return Object.freeze({
    version,
    policyCount: enforcedParts.length + shadowParts.length,
    evaluate(input: PolicyInput) {
      return { enforced: decide(enforcedSet, input), shadow: shadowSet ? decide(shadowSet, input) : undefined };
    },
  });
}

/** Policies in the order they appear in their files, so reasons read in the order they were written. */
function indexParts(parts: PolicyPart[]): Map<string, PolicyPart> {
  const byId = new Map<string, PolicyPart>();
  for (const part of parts) {
    const existing = byId.get(part.id);
    if (existing) {
      throw new AirlockError('policy_invalid', `policy id "${part.id}" is used twice: ${existing.file}:${existing.line} and ${part.file}:${part.line}`, {
        hint: 'give each policy its own @id; to replace a default policy, set policies.defaults: false and copy the pack',
      });
    }
    byId.set(part.id, part);
  }
  return byId;
}

function preparse(setId: string, parts: PolicyPart[]): string {
  const record: Record<string, string> = {};
  for (const part of parts) record[part.id] = part.text;
  const answer = cedar.preparsePolicySet(setId, { staticPolicies: record });
  if (answer.type === 'failure') {
    throw new AirlockError('policy_invalid', `cannot load policies: ${answer.errors[0]?.message ?? 'unknown error'}`);
  }
  return setId;
}

interface Authorization {
  readonly action: CedarAction;
  readonly allowed: boolean;
  /** Determining policies: the permits that allowed it, or the forbids that denied it (empty = default deny). */
  readonly policies: string[];
}

function authorize(setId: string, action: CedarAction, input: PolicyInput, facts: Facts): Authorization {
  const environmentUid = { type: 'Airlock::Environment', id: facts.environment };
  const changeUid = { type: 'Airlock::Change', id: input.digest };
  const agentUid = { type: 'Airlock::Agent', id: input.agent };
  const answer = cedar.statefulIsAuthorized({
    principal: agentUid,
    action: { type: 'Airlock::Action', id: action },
    resource: changeUid,
    context: facts,
    preparsedPolicySetId: setId,
    // Policies are validated against the schema when the engine is built, and the facts are checked
    // against it by the test suite (policy-engine.test.ts). Passing the schema again on every
    // request (to type entities and validate the context) costs more than the decision itself, and
    // a mismatch would still fail closed: a policy reading a missing or mistyped fact errors, and
    // errors deny (below).
    validateRequest: false,
    entities: [
      { uid: agentUid, attrs: {}, parents: [] },
      { uid: environmentUid, attrs: { production: facts.production, criticality: facts.criticality }, parents: [] },
      { uid: changeUid, attrs: { kind: facts.kind, source: facts.source }, parents: [environmentUid] },
    ],
  });
  if (answer.type === 'failure') {
    throw new AirlockError('policy_error', `policy evaluation failed: ${answer.errors.map((e) => e.message).join('; ')}`, {
      hint: 'this is a bug in Airlock or a policy; the change was not allowed',
    });
  }
  const { decision, diagnostics } = answer.response;
  // A policy that errors at run time is skipped by Cedar; if it was a forbid, skipping it could
  // allow what it meant to stop. Fail closed instead.
  if (diagnostics.errors.length > 0) {
    const first = diagnostics.errors[0]!;
    throw new AirlockError('policy_error', `policy ${first.policyId} failed while deciding: ${first.error.message}`, {
      hint: 'fix that policy; until then every change it applies to is denied',
    });
  }
  return { action, allowed: decision === 'allow', policies: diagnostics.reason };
}

/**
 * Two Cedar answers → allow / ask / deny. A forbid on `ask` always wins (deny); `run` permitted
 * → allow; else `ask` permitted → ask; nothing permitted → deny (Cedar's default).
 */
function combine(run: Authorization, ask: Authorization, byId: Map<string, PolicyPart>, facts: Facts): Verdict {
  const order = [...byId.keys()];
  const refs = (auth: Authorization): PolicyRef[] =>
    [...auth.policies].sort((a, b) => order.indexOf(a) - order.indexOf(b)).map((id) => {
      const part = byId.get(id);
      const reason = part?.annotations['reason'];
      return {
        id,
        effect: part?.effect ?? 'permit',
        action: auth.action,
        ...(reason === undefined ? {} : { reason: fillReason(reason, facts) }),
      };
    });

  const askForbidden = !ask.allowed && ask.policies.length > 0;
  if (askForbidden) {
    const policies = refs(ask);
    return { decision: 'deny', policies, reasons: reasonsOf(policies) };
  }
  if (run.allowed) {
    const policies = refs(run);
    return { decision: 'allow', policies, reasons: reasonsOf(policies) };
  }
  if (ask.allowed) {
    const policies = [...refs(run), ...refs(ask)];
    return { decision: 'ask', approvals: approvalsOf(policies, byId), policies, reasons: reasonsOf(policies) };
  }
  return {
    decision: 'deny',
    policies: refs(run),
    reasons: [...reasonsOf(refs(run)), `no policy lets ${facts.agent} make this change at autonomy level ${facts.autonomy} in ${facts.environment} (default deny)`],
  };
}

function approvalsOf(policies: PolicyRef[], byId: Map<string, PolicyPart>): ApprovalRequirement {
  let count = 1;
  let separateDuties = false;
  const roles = new Set<string>();
  for (const ref of policies) {
    const annotations = byId.get(ref.id)?.annotations ?? {};
    if (annotations['separate_duties'] === 'true') separateDuties = true;
    const approvers = Number(annotations['approvers'] ?? '1');
    if (Number.isInteger(approvers) && approvers > count) count = approvers;
    for (const role of (annotations['roles'] ?? '').split(',')) if (role.trim()) roles.add(role.trim());
  }
  return { count, roles: [...roles], ...(separateDuties ? { separateDuties } : {}) };
}

function reasonsOf(policies: PolicyRef[]): string[] {
  return [...new Set(policies.map((p) => p.reason ?? `policy ${p.id}`))];
}

function fillReason(template: string, facts: Facts): string {
  return template
    .replaceAll('{environment}', describeEnvironment({ name: facts.environment, production: facts.production }))
    .replaceAll('{autonomy}', facts.autonomy)
    .replaceAll('{severity}', facts.severity)
    .replaceAll('{agent}', facts.agent);
}
