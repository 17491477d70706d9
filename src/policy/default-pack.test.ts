import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/index.js';
import { AUTONOMY_LEVELS, SEVERITIES, type AutonomyLevel, type DecisionOutcome, type Severity } from '../model/index.js';
import { assessment, DEV, effect, PRODUCTION } from '../../test/support/assessments.js';
import { loadPolicySources, readSchema } from '../config/index.js';
import { createPolicyEngine } from './index.js';

const engine = createPolicyEngine({ schema: readSchema(), sources: loadPolicySources(defaultConfig('/tmp')) });

function decide(autonomy: AutonomyLevel, a: ReturnType<typeof assessment>) {
  return engine.evaluate({ agent: 'test-agent', digest: 'd'.repeat(64), kind: 'shell', source: 'cli', autonomy, assessment: a }).enforced;
}

// The four autonomy levels of ARCHITECTURE.md, for a plain (non-destructive, fully visible) change.
const EXPECTED: Record<AutonomyLevel, Record<Severity, DecisionOutcome>> = {
  observe: { none: 'allow', low: 'deny', medium: 'deny', high: 'deny', critical: 'deny' },
  supervised: { none: 'allow', low: 'ask', medium: 'ask', high: 'ask', critical: 'deny' },
  guarded: { none: 'allow', low: 'allow', medium: 'ask', high: 'ask', critical: 'deny' },
  autonomous: { none: 'allow', low: 'allow', medium: 'allow', high: 'allow', critical: 'ask' },
};

describe('default policy pack: autonomy level × severity', () => {
  for (const autonomy of AUTONOMY_LEVELS) {
    for (const severity of SEVERITIES) {
      const expected = EXPECTED[autonomy][severity];
      for (const environment of [DEV, PRODUCTION]) {
        it(`${autonomy} × ${severity} in ${environment.name} → ${expected}`, () => {
          const verdict = decide(autonomy, assessment({ severity, environment }));
          expect(verdict.decision).toBe(expected);
          expect(verdict.reasons.length).toBeGreaterThan(0);
          if (expected !== 'deny') expect(verdict.policies.length).toBeGreaterThan(0);
        });
      }
    }
  }
});

describe('default policy pack: the rules that are not about severity alone', () => {
  const dataLoss = [effect({ operation: 'replace', destroysData: true, reversible: false, resource: { kind: 'terraform.aws_db_instance', address: 'aws_db_instance.main', dataBearing: true } })];

  it('asks two approvers for data loss in production under guarded', () => {
    const verdict = decide('guarded', assessment({ severity: 'high', environment: PRODUCTION, effects: dataLoss }));
    expect(verdict.decision).toBe('ask');
    expect(verdict.approvals?.count).toBe(2);
    expect(verdict.policies.map((p) => p.id)).toContain('production-data-loss-asks');
  });

  it('asks one approver for the same change outside production', () => {
    const verdict = decide('guarded', assessment({ severity: 'high', environment: DEV, effects: dataLoss }));
    expect(verdict.decision).toBe('ask');
    expect(verdict.approvals?.count).toBe(1);
  });

  it('refuses the incident: destruction reaching the whole production environment', () => {
    const verdict = decide('guarded', assessment({ severity: 'high', environment: PRODUCTION, effects: dataLoss, wholeEnvironment: true }));
    expect(verdict.decision).toBe('deny');
    expect(verdict.policies.map((p) => p.id)).toContain('incident-environment-wide-destruction');
    expect(verdict.reasons.join(' ')).toMatch(/destroys or recreates the whole production environment —/);
  });

  it('refuses data loss within reach of a customer-facing service in production', () => {
    const verdict = decide('supervised', assessment({ severity: 'high', environment: PRODUCTION, effects: dataLoss, customerFacing: ['aws_lb.web'] }));
    expect(verdict.decision).toBe('deny');
    expect(verdict.policies.map((p) => p.id)).toContain('incident-customer-facing-data-loss');
  });

  it('lets an autonomous agent ask (not run) for the incident', () => {
    const verdict = decide('autonomous', assessment({ severity: 'critical', environment: PRODUCTION, effects: dataLoss, wholeEnvironment: true }));
    expect(verdict.decision).toBe('ask');
    expect(verdict.approvals?.count).toBe(2);
  });

  it('never lets something opaque run alone, even for an autonomous agent', () => {
    const opaque = [effect({ operation: 'unknown', reversible: false })];
    expect(decide('autonomous', assessment({ severity: 'high', effects: opaque })).decision).toBe('ask');
    expect(decide('guarded', assessment({ severity: 'high', effects: opaque })).decision).toBe('ask');
    expect(decide('observe', assessment({ severity: 'high', effects: opaque })).decision).toBe('deny');
  });

  it('fills the reason placeholders with the facts', () => {
    const verdict = decide('observe', assessment({ severity: 'low' }));
    expect(verdict.reasons[0]).toBe('test-agent is at autonomy level observe in dev: it may only read');
  });
});
