import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AirlockError } from '../../errors/index.js';
import { digestOf } from '../../model/index.js';
import { cloudformationAnalyzer } from './cloudformation-analyzer.js';
import { evaluateStackPolicy, readStackPolicy, type StackPolicy } from './stack-policy.js';

const changeSet = () => JSON.parse(readFileSync(new URL('../../../test/fixtures/cloudformation/prod-db-replace.change-set.json', import.meta.url), 'utf8')) as unknown;

// The policy AWS documents for "prevent updates to a database, allow everything else" — as
// `aws cloudformation get-stack-policy` prints it, the document is a JSON string.
const PROTECT_DATABASE = {
  StackPolicyBody: JSON.stringify({
    Statement: [
      { Effect: 'Allow', Action: 'Update:*', Principal: '*', Resource: '*' },
      { Effect: 'Deny', Action: ['Update:Replace', 'Update:Delete'], Principal: '*', Resource: 'LogicalResourceId/OrdersDatabase' },
    ],
  }),
};

function policy(document: unknown): StackPolicy {
  const read = readStackPolicy(document);
  if ('error' in read) throw new Error(read.error);
  return read.policy;
}

describe('stack policies', () => {
  it('a Deny beats an Allow, for the actions and resources it names', () => {
    const p = policy(PROTECT_DATABASE);
    expect(evaluateStackPolicy(p, 'Update:Replace', 'OrdersDatabase', 'AWS::RDS::DBInstance')).toEqual({ allowed: false, because: 'the stack policy denies Update:Replace on LogicalResourceId/OrdersDatabase' });
    expect(evaluateStackPolicy(p, 'Update:Modify', 'OrdersDatabase', 'AWS::RDS::DBInstance')).toEqual({ allowed: true });
    expect(evaluateStackPolicy(p, 'Update:Replace', 'OrdersApiService', 'AWS::ECS::Service')).toEqual({ allowed: true });
  });

  it('protects everything a policy does not allow', () => {
    const p = policy({ Statement: { Effect: 'Allow', Action: 'Update:Modify', Principal: '*', Resource: 'LogicalResourceId/Orders*' } });
    expect(evaluateStackPolicy(p, 'Update:Modify', 'OrdersApiService', 'AWS::ECS::Service').allowed).toBe(true);
    expect(evaluateStackPolicy(p, 'Update:Replace', 'OrdersApiService', 'AWS::ECS::Service').allowed).toBe(false);
    expect(evaluateStackPolicy(p, 'Update:Modify', 'HttpsListener', 'AWS::ElasticLoadBalancingV2::Listener').allowed).toBe(false);
  });

  it('reads NotAction, NotResource and ResourceType conditions', () => {
    const p = policy({
      Statement: [
        { Effect: 'Allow', NotAction: 'Update:Delete', Principal: '*', NotResource: 'LogicalResourceId/Secret' },
        { Effect: 'Deny', Action: 'Update:*', Principal: '*', Resource: '*', Condition: { StringEquals: { ResourceType: ['AWS::RDS::DBInstance'] } } },
      ],
    });
    expect(evaluateStackPolicy(p, 'Update:Modify', 'Api', 'AWS::ECS::Service').allowed).toBe(true);
    expect(evaluateStackPolicy(p, 'Update:Delete', 'Api', 'AWS::ECS::Service').allowed).toBe(false);
    expect(evaluateStackPolicy(p, 'Update:Modify', 'Secret', 'AWS::SecretsManager::Secret').allowed).toBe(false);
    expect(evaluateStackPolicy(p, 'Update:Modify', 'Db', 'AWS::RDS::DBInstance').allowed).toBe(false);
  });

  it('states what the policy stops in the summary, and never makes the change look safer', () => {
    const analyze = (payload: unknown) => cloudformationAnalyzer.analyze(cloudformationAnalyzer.prepare(payload), {});
    const without = analyze({ changeSet: changeSet() });
    const withPolicy = analyze({ changeSet: changeSet(), stackPolicy: PROTECT_DATABASE });
    const db = withPolicy.effects.find((e) => e.resource.address === 'orders-prod/OrdersDatabase')!;
    expect(db.summary).toMatch(/CloudFormation will stop it unless the update overrides the policy \(the stack policy denies Update:Replace on LogicalResourceId\/OrdersDatabase\)/);
    expect(withPolicy.effects.map(({ summary: _s, ...rest }) => rest)).toEqual(without.effects.map(({ summary: _s, ...rest }) => rest));
    expect(withPolicy.effects.find((e) => e.resource.address === 'orders-prod/OrdersApiService')!.summary).not.toMatch(/stack policy/);
  });

  it('gives the policy its own digest, and refuses one that is not a policy', () => {
    const canonical = (payload: unknown) => digestOf({ kind: 'cloudformation', payload: cloudformationAnalyzer.canonical(cloudformationAnalyzer.prepare(payload)) });
    expect(canonical({ changeSet: changeSet(), stackPolicy: PROTECT_DATABASE })).not.toBe(canonical({ changeSet: changeSet() }));
    // The same document as a string or as an object is the same policy.
    expect(canonical({ changeSet: changeSet(), stackPolicy: PROTECT_DATABASE })).toBe(canonical({ changeSet: changeSet(), stackPolicy: JSON.parse(PROTECT_DATABASE.StackPolicyBody) }));
    expect(() => cloudformationAnalyzer.prepare({ changeSet: changeSet(), stackPolicy: '{not json' })).toThrow(AirlockError);
    expect(() => cloudformationAnalyzer.prepare({ changeSet: changeSet(), stackPolicy: { Statement: [{ Effect: 'Maybe' }] } })).toThrow(/not a policy document/);
  });
});
