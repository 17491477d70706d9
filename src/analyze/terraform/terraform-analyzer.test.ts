import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../../test/support/fixtures.js';
import { AirlockError } from '../../errors/index.js';
import { digestOf } from '../../model/index.js';
import { terraformAnalyzer } from './terraform-analyzer.js';
import { isDataBearingType, isCustomerFacingType, typeOfAddress } from './resource-types.js';

function analyze(name: string) {
  const input = terraformAnalyzer.prepare({ plan: loadPlan(name) });
  return terraformAnalyzer.analyze(input, {});
}

function byAddress(name: string) {
  return new Map(analyze(name).effects.map((e) => [e.resource.address, e]));
}

describe('terraform analyzer on the incident plan (production replace of db, lb and services)', () => {
  const effects = byAddress('incident-prod-replace');

  it('turns ["delete","create"] into replace and marks the database as destroying data', () => {
    expect(effects.get('aws_db_instance.orders')).toMatchObject({
      operation: 'replace',
      reversible: false,
      destroysData: true,
      resource: { kind: 'terraform.aws_db_instance', dataBearing: true },
    });
    expect(effects.get('aws_db_instance.orders')!.summary).toMatch(/cannot be updated in place.*its data is lost/);
  });

  it('marks the load balancer and services as customer-facing replaces without data loss', () => {
    for (const address of ['aws_lb.public', 'aws_ecs_service.orders_api', 'aws_ecs_service.web']) {
      expect(effects.get(address)).toMatchObject({ operation: 'replace', destroysData: false, resource: { customerFacing: true } });
    }
  });

  it('turns ["no-op"] into reads', () => {
    expect(effects.get('aws_vpc.main')).toMatchObject({ operation: 'read', reversible: true, destroysData: false });
    expect([...effects.values()].filter((e) => e.operation === 'read')).toHaveLength(11);
  });

  it('finds the environment in the variables and tags', () => {
    const { hints } = analyze('incident-prod-replace');
    expect(hints.names).toContain('production');
    expect(hints.tags?.some((t) => t['Environment'] === 'production')).toBe(true);
  });

  it('builds the dependency graph from prior_state depends_on and configuration references', () => {
    const { graph } = analyze('incident-prod-replace');
    const edges = graph!.edges.map((e) => `${e.from} -> ${e.to}`);
    expect(edges).toContain('aws_ecs_task_definition.orders_api -> aws_db_instance.orders');
    expect(edges).toContain('aws_route53_record.app -> aws_lb.public');
    expect(edges).toContain('aws_lb_listener.https -> aws_lb.public');
    expect(graph!.nodes.map((n) => n.address)).not.toContain('data.aws_route53_zone.primary');
    expect(graph!.nodes).toHaveLength(15);
  });
});

describe('terraform analyzer on other plans', () => {
  it('dev: replaces the database (data lost) and updates a security group in place', () => {
    const effects = byAddress('dev-db-replace');
    expect(effects.get('aws_db_instance.app')).toMatchObject({ operation: 'replace', destroysData: true });
    const updates = [...effects.values()].filter((e) => e.operation === 'update');
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ reversible: true, destroysData: false, resource: { kind: 'terraform.aws_security_group' } });
    expect(analyze('dev-db-replace').hints.names).toContain('dev');
  });

  it('a destroy plan: every resource deleted, the data-bearing ones destroying data', () => {
    const effects = [...byAddress('prod-destroy-all').values()];
    expect(effects).toHaveLength(8);
    expect(effects.every((e) => e.operation === 'delete' && !e.reversible)).toBe(true);
    expect(effects.filter((e) => e.destroysData).map((e) => e.resource.kind).sort()).toEqual(
      expect.arrayContaining(['terraform.aws_db_instance', 'terraform.aws_s3_bucket']),
    );
  });

  it('a real tainted replace (terraform-json testdata) reads its action_reason', () => {
    const [effect] = analyze('tfjson-replace-tainted').effects;
    expect(effect).toMatchObject({ operation: 'replace', reversible: false });
    expect(effect!.summary).toMatch(/because it is tainted/);
  });

  it('a real import+update is an in-place update', () => {
    const [effect] = analyze('tfjson-import-update').effects;
    expect(effect).toMatchObject({ operation: 'update', reversible: true });
  });

  it('a real 0.12-era plan with depends_on in configuration parses and gives edges', () => {
    const analysis = analyze('tfjson-depends-on-replace');
    expect(analysis.effects.map((e) => e.operation).sort()).toEqual(['read', 'replace']);
    expect(analysis.graph!.edges.length).toBeGreaterThan(0);
  });

  it('a real plan with modules and a data source read', () => {
    const analysis = analyze('tfjson-basic-read-modules');
    expect(analysis.effects.filter((e) => e.operation === 'create')).toHaveLength(7);
    expect(analysis.effects.some((e) => e.resource.address.startsWith('module.foo.'))).toBe(true);
    expect(analysis.effects.find((e) => e.resource.address.startsWith('data.'))?.operation).toBe('read');
  });

  it('a real plan whose prior_state depends_on reaches into a child module', () => {
    const { graph } = analyze('rover-random-depends-on');
    expect(graph!.edges.some((e) => e.from.startsWith('module.') || e.to.startsWith('module.'))).toBe(true);
  });

  it('a real plan with for_each module keys keeps the quoted keys in addresses', () => {
    const analysis = analyze('tf-summarize-drift-modules');
    expect(analysis.effects.some((e) => e.resource.address.includes('["'))).toBe(true);
  });
});

describe('terraform analyzer: bad input fails with a clear error, odd input fails closed', () => {
  it.each([
    ['not an object', 'garbage'],
    ['no format_version', { plan: { resource_changes: [] } }],
    ['actions not a list', { plan: { format_version: '1.2', resource_changes: [{ address: 'a.b', type: 'a', name: 'b', change: { actions: 'delete' } }] } }],
    ['empty actions', { plan: { format_version: '1.2', resource_changes: [{ address: 'a.b', type: 'a', name: 'b', change: { actions: [] } }] } }],
    ['state instead of a plan', { plan: { format_version: '1.0', terraform_version: '1.9.8', values: { root_module: { resources: [] } } } }],
  ])('%s → invalid_input', (_label, payload) => {
    try {
      terraformAnalyzer.prepare(payload);
      expect.unreachable('prepare accepted a bad plan');
    } catch (error) {
      expect(error).toBeInstanceOf(AirlockError);
      expect((error as AirlockError).code).toBe('invalid_input');
      expect((error as AirlockError).hint).toMatch(/terraform show -json/);
    }
  });

  it('an action list it does not know is an unknown effect, not a read', () => {
    const input = terraformAnalyzer.prepare({ plan: { format_version: '9.9', planned_values: {}, resource_changes: [{ address: 'x.y', type: 'x', name: 'y', change: { actions: ['obliterate'] } }] } });
    expect(terraformAnalyzer.analyze(input, {}).effects[0]).toMatchObject({ operation: 'unknown', reversible: false });
  });
});

describe('terraform canonical form', () => {
  const digest = (plan: unknown) => digestOf({ kind: 'terraform', payload: terraformAnalyzer.canonical(terraformAnalyzer.prepare({ plan })) });
  const plan = loadPlan('incident-prod-replace') as Record<string, unknown>;

  it('ignores key order, the timestamp and the Terraform build', () => {
    const reordered = Object.fromEntries(Object.entries(plan).reverse());
    expect(digest(reordered)).toBe(digest(plan));
    expect(digest({ ...plan, timestamp: '2030-01-01T00:00:00Z', terraform_version: '1.99.0' })).toBe(digest(plan));
  });

  it('changes when any planned action changes', () => {
    const changed = structuredClone(plan) as { resource_changes: Array<{ change: { actions: string[] } }> };
    changed.resource_changes[1]!.change.actions = ['delete'];
    expect(digest(changed)).not.toBe(digest(plan));
  });
});

describe('resource types', () => {
  it.each(['aws_db_instance', 'aws_s3_bucket', 'google_sql_database_instance', 'azurerm_storage_account', 'aws_dynamodb_table', 'custom_thing_database'])('%s holds data', (type) => {
    expect(isDataBearingType(type)).toBe(true);
  });
  it.each(['aws_route_table', 'aws_security_group', 'aws_volume_attachment', 'aws_db_subnet_group', 'aws_instance'])('%s does not', (type) => {
    expect(isDataBearingType(type)).toBe(false);
  });
  it('knows customer-facing entry points', () => {
    expect(isCustomerFacingType('aws_lb')).toBe(true);
    expect(isCustomerFacingType('aws_subnet')).toBe(false);
  });
  it('reads the type out of module and indexed addresses', () => {
    expect(typeOfAddress('module.app.module.db.aws_db_instance.main[0]')).toBe('aws_db_instance');
    expect(typeOfAddress('data.aws_ami.ubuntu')).toBe('aws_ami');
    expect(typeOfAddress('aws_s3_bucket.logs["a.b"]')).toBe('aws_s3_bucket');
  });
});
