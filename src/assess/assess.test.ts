import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../test/support/fixtures.js';
import { DEV, effect, PRODUCTION } from '../../test/support/assessments.js';
import { terraformAnalyzer } from '../analyze/terraform/terraform-analyzer.js';
import { computeBlastRadius } from '../inventory/blast-radius.js';
import { assess } from './assess.js';

const OPTIONS = { wholeEnvironmentThreshold: 0.5, smallChange: 5 };

function assessPlan(name: string, environment = PRODUCTION) {
  const analysis = terraformAnalyzer.analyze(terraformAnalyzer.prepare({ plan: loadPlan(name) }), {});
  return assess(analysis.effects, analysis.graph, environment, OPTIONS);
}

describe('assessment of Terraform plans', () => {
  it('the incident in production is critical: data loss within reach of customer-facing services', () => {
    const a = assessPlan('incident-prod-replace');
    expect(a.severity).toBe('critical');
    expect(a.blastRadius.direct.sort()).toEqual(['aws_db_instance.orders', 'aws_ecs_service.orders_api', 'aws_ecs_service.web', 'aws_lb.public']);
    const dependents = new Map(a.blastRadius.dependents.map((d) => [d.address, d.path]));
    expect(dependents.get('aws_ecs_task_definition.orders_api')).toEqual(['aws_db_instance.orders', 'aws_ecs_task_definition.orders_api']);
    expect(dependents.get('aws_route53_record.app')).toEqual(['aws_lb.public', 'aws_route53_record.app']);
    expect(a.blastRadius.total).toBe(4 + a.blastRadius.dependents.length);
    expect(a.blastRadius.environmentSize).toBe(15);
    expect(a.blastRadius.customerFacing).toEqual(expect.arrayContaining(['aws_lb.public', 'aws_route53_record.app']));
    expect(a.blastRadius.dataBearing).toContain('aws_db_instance.orders');
    expect(a.reasons.join('\n')).toMatch(/customer-facing/);
  });

  it('the same plan in dev is high, not critical', () => {
    expect(assessPlan('incident-prod-replace', DEV).severity).toBe('high');
  });

  it('a destroy plan reaches the whole production environment', () => {
    const a = assessPlan('prod-destroy-all');
    expect(a.blastRadius.coverage).toBe(1);
    expect(a.blastRadius.wholeEnvironment).toBe(true);
    expect(a.severity).toBe('critical');
    expect(a.reasons.join('\n')).toMatch(/whole production environment/);
  });

  it('a single tag update in production is low', () => {
    const a = assessPlan('prod-tag-update');
    expect(a.severity).toBe('low');
    expect(a.blastRadius.direct).toHaveLength(1);
  });

  it('a database replace in dev is high (data-bearing), with its dependent listed', () => {
    const a = assessPlan('dev-db-replace', DEV);
    expect(a.severity).toBe('high');
    expect(a.blastRadius.dependents.map((d) => d.address)).toContain('aws_lambda_function.api');
  });
});

describe('severity rules', () => {
  const sev = (effects: Parameters<typeof assess>[0], env = PRODUCTION) => assess(effects, undefined, env, OPTIONS).severity;

  it('only reads → none', () => expect(sev([effect({ operation: 'read' })])).toBe('none'));
  it('unknown → high anywhere', () => {
    expect(sev([effect({ operation: 'unknown', reversible: false })], DEV)).toBe('high');
    expect(sev([effect({ operation: 'unknown', reversible: false })])).toBe('high');
  });
  it('a reversible update → low, but many at once in production → medium', () => {
    expect(sev([effect({ operation: 'update' })])).toBe('low');
    const many = Array.from({ length: 6 }, (_, i) => effect({ operation: 'update', resource: { kind: 'x', address: `r${i}` } }));
    expect(sev(many)).toBe('medium');
    expect(sev(many, DEV)).toBe('low');
  });
  it('an unrecognised program → low in dev, medium in production', () => {
    const run = effect({ operation: 'execute', reversible: true });
    expect(sev([run], DEV)).toBe('low');
    expect(sev([run])).toBe('medium');
  });
  it('irreversible without data loss → medium in dev, high in production', () => {
    const gone = effect({ operation: 'delete', reversible: false });
    expect(sev([gone], DEV)).toBe('medium');
    expect(sev([gone])).toBe('high');
  });
  it('data loss beside an unrelated reversible change to a customer-facing resource is high, not critical', () => {
    const bucket = effect({ operation: 'delete', reversible: false, destroysData: true, resource: { kind: 'terraform.aws_s3_bucket', address: 'aws_s3_bucket.logs', dataBearing: true } });
    const tag = effect({ operation: 'update', resource: { kind: 'terraform.aws_lb', address: 'aws_lb.web', customerFacing: true } });
    expect(sev([bucket, tag])).toBe('high');
    const lbGone = effect({ operation: 'replace', reversible: false, resource: { kind: 'terraform.aws_lb', address: 'aws_lb.web', customerFacing: true } });
    expect(sev([bucket, lbGone])).toBe('critical');
  });

  it('environment-wide destruction → high in dev, critical in production', () => {
    const all = effect({ operation: 'delete', reversible: false, destroysData: true, environmentWide: true });
    expect(sev([all], DEV)).toBe('high');
    expect(sev([all])).toBe('critical');
  });
});

describe('blast radius', () => {
  const graph = {
    nodes: ['a', 'b', 'c', 'd', 'e'].map((address) => ({ address, kind: 'k', ...(address === 'c' ? { customerFacing: true } : {}) })),
    edges: [
      { from: 'b', to: 'a', via: 'ref' },
      { from: 'c', to: 'b', via: 'ref' },
      { from: 'd', to: 'c', via: 'ref' },
      { from: 'a', to: 'd', via: 'cycle' },
    ],
  };

  it('follows dependents transitively, survives cycles and explains each path', () => {
    const radius = computeBlastRadius([effect({ operation: 'delete', resource: { kind: 'k', address: 'a' } })], graph, { wholeEnvironmentThreshold: 0.9 });
    expect(radius.dependents).toEqual([
      { address: 'b', path: ['a', 'b'], via: ['ref'] },
      { address: 'c', path: ['a', 'b', 'c'], via: ['ref', 'ref'], customerFacing: true },
      { address: 'd', path: ['a', 'b', 'c', 'd'], via: ['ref', 'ref', 'ref'] },
    ]);
    expect(radius.total).toBe(4);
    expect(radius.coverage).toBe(0.8);
    expect(radius.wholeEnvironment).toBe(false);
    expect(radius.customerFacing).toEqual(['c']);
  });

  it('puts at risk only customer-facing resources destroyed themselves or downstream of lost data', () => {
    const g = {
      nodes: [
        { address: 'db', kind: 'k', dataBearing: true },
        { address: 'api', kind: 'k', customerFacing: true },
        { address: 'lb', kind: 'k', customerFacing: true },
        { address: 'cdn', kind: 'k', customerFacing: true },
      ],
      edges: [{ from: 'api', to: 'db', via: 'ref' }],
    };
    const radius = computeBlastRadius(
      [
        effect({ operation: 'replace', destroysData: true, reversible: false, resource: { kind: 'k', address: 'db' } }),
        effect({ operation: 'update', resource: { kind: 'k', address: 'lb' } }),
        effect({ operation: 'delete', reversible: false, resource: { kind: 'k', address: 'cdn' } }),
      ],
      g,
      { wholeEnvironmentThreshold: 1 },
    );
    expect(radius.customerFacing.sort()).toEqual(['api', 'cdn', 'lb']);
    expect(radius.customerFacingAtRisk.sort()).toEqual(['api', 'cdn']);
  });

  it('counts nothing for reads', () => {
    const radius = computeBlastRadius([effect({ operation: 'read', resource: { kind: 'k', address: 'a' } })], graph, { wholeEnvironmentThreshold: 0.5 });
    expect(radius.total).toBe(0);
  });
});

describe('outages', () => {
  const graph = {
    nodes: [
      { address: 'shop/deployment/web', kind: 'kubernetes.deployment' },
      { address: 'shop/service/web', kind: 'kubernetes.service', customerFacing: true },
    ],
    edges: [{ from: 'shop/service/web', to: 'shop/deployment/web', via: 'selects the pods of' }],
  };
  const scaleToZero = effect({ operation: 'update', reversible: false, outage: true, summary: 'scales web to 0 replicas', resource: { kind: 'kubernetes.deployment', address: 'shop/deployment/web' } });
  const options = { wholeEnvironmentThreshold: 0.99, smallChange: 5 };

  it('a workload that stops serving puts the customer-facing Services selecting it at risk, without claiming data loss', () => {
    const result = assess([scaleToZero], graph, PRODUCTION, options);
    expect(result.blastRadius.customerFacingAtRisk).toEqual(['shop/service/web']);
    expect(result.severity).toBe('high');
    expect(result.reasons).toContain('stops serving customer-facing resource (shop/service/web) in production: scales web to 0 replicas');
    expect(result.reasons.some((reason) => reason.includes('loses data'))).toBe(false);
  });

  it('a reversible scale with nothing customer-facing behind it is not an outage', () => {
    const result = assess([{ ...scaleToZero, outage: undefined, reversible: true }], graph, PRODUCTION, options);
    expect(result.blastRadius.customerFacingAtRisk).toEqual([]);
    expect(result.severity).toBe('low');
  });
});
