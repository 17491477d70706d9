import { describe, expect, it } from 'vitest';
import { AirlockError } from '../errors/index.js';
import { defaultConfig } from '../config/index.js';
import { assessment, PRODUCTION } from '../../test/support/assessments.js';
import { loadPolicySources, readSchema } from '../config/index.js';
import { createPolicyEngine, validatePolicies, type PolicySource } from './index.js';

const schema = readSchema();
const defaults = loadPolicySources(defaultConfig('/tmp'));
const mine = (text: string, set: 'enforce' | 'shadow' = 'enforce'): PolicySource => ({ file: 'policies/mine.cedar', text, set });
const input = (a = assessment({ severity: 'low' })) => ({ agent: 'claude-code', digest: 'a'.repeat(64), kind: 'terraform' as const, source: 'claude-code' as const, autonomy: 'guarded' as const, assessment: a });

describe('policy validation', () => {
  it('reports an unknown context field with file, line and a suggestion', () => {
    const problems = validatePolicies(schema, [mine('// comment\n@id("x")\nforbid (principal, action, resource)\nwhen { context.sevrity == "high" };\n')]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'policies/mine.cedar', line: 4 });
    expect(problems[0]!.message).toMatch(/sevrity/);
    expect(problems[0]!.help).toMatch(/severity/);
    expect(problems[0]!.message).toMatch(/for policy `x`/);
  });

  it('reports a syntax error with its line', () => {
    const problems = validatePolicies(schema, [mine('@id("a")\npermit (principal, action, resource);\n\npermit (principal, action, resource) when { context.readOnly == };\n')]);
    expect(problems[0]).toMatchObject({ file: 'policies/mine.cedar', line: 4 });
  });

  it('reports a type error (comparing a Long with a String)', () => {
    const problems = validatePolicies(schema, [mine('permit (principal, action, resource) when { context.severityRank == "high" };')]);
    expect(problems.length).toBeGreaterThan(0);
  });

  it('rejects a bad @approvers and an unknown annotation', () => {
    const problems = validatePolicies(schema, [mine('@approvers("two")\n@colour("red")\npermit (principal, action == Airlock::Action::"ask", resource);')]);
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/@approvers must be a positive whole number/), 'unknown annotation @colour']);
  });

  it('reads @separate_duties("true"|"false") and rejects anything else', () => {
    const problems = validatePolicies(schema, [mine('@separate_duties("yes")\npermit (principal, action == Airlock::Action::"ask", resource);')]);
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/@separate_duties must be "true" or "false"/)]);
    expect(validatePolicies(schema, [mine('@separate_duties("true")\npermit (principal, action == Airlock::Action::"ask", resource);')])).toEqual([]);
  });

  it('accepts the default pack', () => {
    expect(validatePolicies(schema, defaults)).toEqual([]);
  });

  it('refuses to build an engine from an invalid policy', () => {
    expect(() => createPolicyEngine({ schema, sources: [...defaults, mine('permit (principal, action, resource) when { context.nope };')] })).toThrow(AirlockError);
  });

  it('refuses two policies with the same @id', () => {
    expect(() => createPolicyEngine({ schema, sources: [...defaults, mine('@id("reads-run")\npermit (principal, action, resource);')] })).toThrow(/used twice/);
  });
});

describe('policy evaluation', () => {
  it('lets a user forbid on "run" turn an allow into an ask', () => {
    const engine = createPolicyEngine({
      schema,
      sources: [...defaults, mine('@id("tf-needs-review")\n@reason("every Terraform change is reviewed")\nforbid (principal, action == Airlock::Action::"run", resource) when { context.kind == "terraform" };')],
    });
    const verdict = engine.evaluate(input()).enforced;
    expect(verdict.decision).toBe('ask');
    expect(verdict.reasons).toContain('every Terraform change is reviewed');
  });

  it('lets a forbid on every action deny outright, whatever permits say (forbid wins)', () => {
    const engine = createPolicyEngine({
      schema,
      sources: [...defaults, mine('@id("freeze-prod")\n@reason("production is frozen")\nforbid (principal, action, resource in Airlock::Environment::"production");')],
    });
    const verdict = engine.evaluate(input(assessment({ severity: 'none', environment: PRODUCTION }))).enforced;
    expect(verdict.decision).toBe('deny');
    expect(verdict.policies).toEqual([{ id: 'freeze-prod', effect: 'forbid', action: 'ask', reason: 'production is frozen' }]);
  });

  it('matches the principal entity', () => {
    const engine = createPolicyEngine({
      schema,
      sources: [...defaults, mine('@id("no-claude")\nforbid (principal == Airlock::Agent::"claude-code", action, resource);')],
    });
    expect(engine.evaluate(input()).enforced.decision).toBe('deny');
    expect(engine.evaluate({ ...input(), agent: 'codex' }).enforced.decision).toBe('allow');
  });

  it('denies by default when nothing permits', () => {
    const engine = createPolicyEngine({ schema, sources: [mine('@id("only-reads")\npermit (principal, action == Airlock::Action::"run", resource) when { context.readOnly };')] });
    const verdict = engine.evaluate(input()).enforced;
    expect(verdict.decision).toBe('deny');
    expect(verdict.policies).toEqual([]);
    expect(verdict.reasons.join(' ')).toMatch(/default deny/);
  });

  it('evaluates shadow policies separately and never lets them change the enforced verdict', () => {
    const engine = createPolicyEngine({ schema, sources: [...defaults, mine('@id("trial-no-writes")\nforbid (principal, action, resource) when { !context.readOnly };', 'shadow')] });
    const { enforced, shadow } = engine.evaluate(input());
    expect(enforced.decision).toBe('allow');
    expect(shadow?.decision).toBe('deny');
    expect(shadow?.policies.map((p) => p.id)).toEqual(['trial-no-writes']);
  });

  it('leaves out disabled policies, so a user can replace a default one', () => {
    const lossy = assessment({ severity: 'high', environment: PRODUCTION });
    const loss = { ...lossy, effects: [{ ...lossy.effects[0]!, operation: 'delete' as const, reversible: false, destroysData: true }] };
    expect(createPolicyEngine({ schema, sources: defaults }).evaluate(input(loss)).enforced.approvals?.count).toBe(2);
    const replaced = createPolicyEngine({
      schema,
      sources: [...defaults, mine('@id("prod-data-loss-one-dba")\n@roles("dba")\nforbid (principal, action == Airlock::Action::"run", resource) when { context.production && context.destroysData };')],
      disable: ['production-data-loss-asks'],
    });
    const verdict = replaced.evaluate(input(loss)).enforced;
    expect(verdict.decision).toBe('ask');
    expect(verdict.approvals).toEqual({ count: 1, roles: ['dba'] });
    expect(verdict.policies.map((p) => p.id)).not.toContain('production-data-loss-asks');
  });

  it('refuses to disable a policy that does not exist (a typo would silently keep it)', () => {
    expect(() => createPolicyEngine({ schema, sources: defaults, disable: ['production-data-loss-ask'] })).toThrow(/no policy has that @id/);
  });

  it('changes its version when the policy text changes', () => {
    const a = createPolicyEngine({ schema, sources: defaults });
    const b = createPolicyEngine({ schema, sources: [...defaults, mine('@id("x")\npermit (principal, action == Airlock::Action::"ask", resource);')] });
    expect(a.version).not.toBe(b.version);
    expect(a.version).toBe(createPolicyEngine({ schema, sources: defaults }).version);
  });
});

describe('the facts given to Cedar', () => {
  it('match the schema exactly, for every action (requests are not re-validated at run time)', async () => {
    const { cedar } = await import('./cedar.js');
    const { factsOf } = await import('./facts.js');
    const { effect, DEV } = await import('../../test/support/assessments.js');
    const samples = [
      assessment({ severity: 'none' }),
      assessment({ severity: 'critical', environment: PRODUCTION, wholeEnvironment: true, customerFacing: ['aws_lb.x'], effects: [effect({ operation: 'replace', destroysData: true, reversible: false, environmentWide: true })] }),
      assessment({ severity: 'high', environment: DEV, effects: [effect({ operation: 'unknown', reversible: false })] }),
    ];
    for (const a of samples) {
      for (const action of ['run', 'ask']) {
        const answer = cedar.checkParseContext({ context: factsOf(input(a)), schema, action: { type: 'Airlock::Action', id: action } });
        expect(answer).toEqual({ type: 'success' });
      }
    }
  });

  it('still honours a forbid that names only "ask" when "run" is permitted', () => {
    const engine = createPolicyEngine({ schema, sources: [...defaults, mine('@id("no-approvals-here")\nforbid (principal, action == Airlock::Action::"ask", resource);')] });
    expect(engine.evaluate(input()).enforced.decision).toBe('deny');
  });
});

describe('remembered verdicts', () => {
  it('gives the same verdict for the same agent and facts without deciding again, and keeps agents apart', () => {
    const engine = createPolicyEngine({ schema, sources: [...defaults, mine('@id("no-bots")\nforbid (principal == Airlock::Agent::"bot", action, resource);')] });
    const first = engine.evaluate(input()).enforced;
    const again = engine.evaluate(input()).enforced;
    expect(again).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.reasons)).toBe(true);
    expect(first.decision).toBe('allow');
    // Another agent with the same facts is decided on its own.
    expect(engine.evaluate({ ...input(), agent: 'bot' }).enforced.decision).toBe('deny');
    // Other facts, another verdict.
    expect(engine.evaluate(input(assessment({ severity: 'critical', environment: PRODUCTION }))).enforced.decision).toBe('deny');
    expect(engine.evaluate(input()).enforced).toBe(first);
  });

  it('keys on the change itself when a policy names one', () => {
    const digest = 'b'.repeat(64);
    const engine = createPolicyEngine({ schema, sources: [...defaults, mine(`@id("not-this-one")\nforbid (principal, action, resource == Airlock::Change::"${digest}");`)] });
    expect(engine.evaluate(input()).enforced.decision).toBe('allow');
    expect(engine.evaluate({ ...input(), digest }).enforced.decision).toBe('deny');
  });
});
