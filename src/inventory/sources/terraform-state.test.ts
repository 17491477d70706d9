import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AirlockError } from '../../errors/index.js';
import type { Effect, GraphEdge, GraphNode } from '../../model/index.js';
import { computeBlastRadius } from '../blast-radius.js';
import { terraformStateGraph } from './terraform-state.js';
import { thrownAirlockError as thrown } from '../../../test/support/errors.js';

const fixture = (path: string): unknown => JSON.parse(readFileSync(new URL(`../../../test/fixtures/${path}`, import.meta.url), 'utf8'));

const shown = terraformStateGraph(fixture('inventory/terraform/shop-prod.state.json'));
const node = (address: string) => shown.nodes.find((n) => n.address === address);
const dependenciesOf = (address: string) => shown.edges.filter((e) => e.from === address).map((e) => e.to).sort();

const byAddress = (a: GraphNode, b: GraphNode) => (a.address < b.address ? -1 : 1);
const byEdge = (a: GraphEdge, b: GraphEdge) => (`${a.from} ${a.to}` < `${b.from} ${b.to}` ? -1 : 1);


describe('terraformStateGraph — terraform show -json', () => {
  it('has a node for every managed resource instance at its address, and none for data sources', () => {
    expect(shown.nodes.map((n) => n.address).sort()).toEqual([
      'aws_acm_certificate.web',
      'aws_ecs_cluster.main',
      'aws_ecs_service.web',
      'aws_ecs_task_definition.web',
      'aws_lb.web',
      'aws_lb_listener.https',
      'aws_lb_target_group.web',
      'aws_route53_record.www',
      'aws_s3_bucket.assets["media"]',
      'aws_s3_bucket.assets["static"]',
      'module.db.aws_db_instance.main',
      'module.db.aws_db_subnet_group.main',
      'module.network.aws_security_group.app',
      'module.network.aws_security_group.db',
      'module.network.aws_subnet.private[0]',
      'module.network.aws_subnet.private[1]',
      'module.network.aws_subnet.public[0]',
      'module.network.aws_subnet.public[1]',
      'module.network.aws_vpc.main',
    ]);
    expect(node('module.db.aws_db_instance.main')?.kind).toBe('terraform.aws_db_instance');
  });

  it('flags data-bearing and customer-facing types with the Terraform analyzer’s lists', () => {
    expect(shown.nodes.filter((n) => n.dataBearing).map((n) => n.address).sort()).toEqual(['aws_s3_bucket.assets["media"]', 'aws_s3_bucket.assets["static"]', 'module.db.aws_db_instance.main']);
    expect(shown.nodes.filter((n) => n.customerFacing).map((n) => n.address).sort()).toEqual([
      'aws_ecs_service.web',
      'aws_lb.web',
      'aws_lb_listener.https',
      'aws_lb_target_group.web',
      'aws_route53_record.www',
    ]);
  });

  it('tags a node with its effective tags: the provider’s default_tags (tags_all) and its own', () => {
    expect(node('module.db.aws_db_instance.main')?.tags).toEqual({ Environment: 'production', ManagedBy: 'terraform', Team: 'shop', Name: 'shop-prod' });
    expect(node('module.network.aws_subnet.public[1]')?.tags).toEqual({ Environment: 'production', ManagedBy: 'terraform', Team: 'shop', Name: 'shop-prod-public-b', Tier: 'public' });
    // `tags = {}` but default_tags apply.
    expect(node('aws_lb_listener.https')?.tags).toEqual({ Environment: 'production', ManagedBy: 'terraform', Team: 'shop' });
    expect(node('aws_route53_record.www')?.tags).toBeUndefined();
  });

  it('joins each resource to what its state says it depends on, every instance of a counted resource', () => {
    expect(dependenciesOf('module.db.aws_db_instance.main')).toEqual([
      'module.db.aws_db_subnet_group.main',
      'module.network.aws_security_group.app',
      'module.network.aws_security_group.db',
      'module.network.aws_subnet.private[0]',
      'module.network.aws_subnet.private[1]',
      'module.network.aws_vpc.main',
    ]);
    expect(dependenciesOf('aws_route53_record.www')).toEqual([
      'aws_lb.web',
      'module.network.aws_security_group.app',
      'module.network.aws_subnet.public[0]',
      'module.network.aws_subnet.public[1]',
      'module.network.aws_vpc.main',
    ]);
    expect(dependenciesOf('module.network.aws_vpc.main')).toEqual([]);
    expect(new Set(shown.edges.map((e) => e.via))).toEqual(new Set(['depends on']));
  });

  it('lets a replaced database reach the ECS service that serves customers', () => {
    const effect: Effect = {
      operation: 'replace',
      resource: { kind: 'terraform.aws_db_instance', address: 'module.db.aws_db_instance.main', dataBearing: true },
      reversible: false,
      destroysData: true,
      summary: 'replaces the database',
    };
    const radius = computeBlastRadius([effect], shown, { wholeEnvironmentThreshold: 1 });
    expect(radius.dependents.map((d) => d.address).sort()).toEqual(['aws_ecs_service.web', 'aws_ecs_task_definition.web']);
    expect(radius.customerFacingAtRisk).toEqual(['aws_ecs_service.web']);
  });
});

describe('terraformStateGraph — the state file (format version 4)', () => {
  it('gives the same graph as terraform show -json of the same state', () => {
    const raw = terraformStateGraph(fixture('inventory/terraform/shop-prod.tfstate'));
    expect([...raw.nodes].sort(byAddress)).toEqual([...shown.nodes].sort(byAddress));
    expect([...raw.edges].sort(byEdge)).toEqual([...shown.edges].sort(byEdge));
  });

  it('reads Terraform 0.12’s first v4 states: flat attributes and module-relative depends_on', () => {
    const graph = terraformStateGraph({
      version: 4,
      terraform_version: '0.12.0',
      serial: 0,
      lineage: 'f2968801-fa14-41ab-a044-224f3a4adf04',
      outputs: {},
      resources: [
        { mode: 'data', type: 'terraform_remote_state', name: 'shared', provider: 'provider.terraform', instances: [{ schema_version: 0, attributes_flat: { backend: 'remote' } }] },
        { mode: 'managed', type: 'aws_instance', name: 'web', provider: 'provider.aws', each: 'list', instances: [0, 1].map((i) => ({ index_key: i, schema_version: 1, attributes_flat: { id: `i-${i}`, 'tags.%': '1', 'tags.Environment': 'staging' }, depends_on: ['aws_security_group.web', 'data.terraform_remote_state.shared'] })) },
        { mode: 'managed', type: 'aws_security_group', name: 'web', provider: 'provider.aws', instances: [{ schema_version: 1, attributes_flat: { id: 'sg-1' } }] },
        { module: 'module.app', mode: 'managed', type: 'aws_eip', name: 'web', provider: 'provider.aws', instances: [{ schema_version: 0, attributes_flat: { id: 'eip-1' }, depends_on: ['aws_eip.other', 'var.input'] }] },
        { module: 'module.app', mode: 'managed', type: 'aws_eip', name: 'other', provider: 'provider.aws', instances: [{ schema_version: 0, attributes_flat: { id: 'eip-2' } }] },
      ],
    });
    expect(graph.nodes).toEqual([
      { address: 'aws_instance.web[0]', kind: 'terraform.aws_instance', tags: { Environment: 'staging' } },
      { address: 'aws_instance.web[1]', kind: 'terraform.aws_instance', tags: { Environment: 'staging' } },
      { address: 'aws_security_group.web', kind: 'terraform.aws_security_group' },
      { address: 'module.app.aws_eip.web', kind: 'terraform.aws_eip' },
      { address: 'module.app.aws_eip.other', kind: 'terraform.aws_eip' },
    ]);
    expect(graph.edges).toEqual([
      { from: 'aws_instance.web[0]', to: 'aws_security_group.web', via: 'depends on' },
      { from: 'aws_instance.web[1]', to: 'aws_security_group.web', via: 'depends on' },
      { from: 'module.app.aws_eip.web', to: 'module.app.aws_eip.other', via: 'depends on' },
    ]);
  });

  it('does not read a data source inside a module as its whole module', () => {
    const graph = terraformStateGraph({
      version: 4,
      resources: [
        { module: 'module.iam', mode: 'managed', type: 'aws_iam_role', name: 'app', instances: [{ attributes: { id: 'app' }, dependencies: ['module.iam.data.aws_iam_policy_document.assume'] }] },
        { module: 'module.iam', mode: 'managed', type: 'aws_iam_role', name: 'ops', instances: [{ attributes: { id: 'ops' } }] },
      ],
    });
    expect(graph.edges).toEqual([]);
  });
});

describe('terraformStateGraph — recorded Terraform output (hashicorp/terraform-json testdata)', () => {
  it('restores the module and instance keys Terraform 0.12.0 left out of addresses', () => {
    const graph = terraformStateGraph(fixture('inventory/terraform/tfjson-no-changes.state.json'));
    expect(graph.nodes.map((n) => n.address)).toEqual([
      'null_resource.bar',
      'null_resource.baz[0]',
      'null_resource.baz[1]',
      'null_resource.baz[2]',
      'null_resource.foo',
      'module.foo.null_resource.foo',
    ]);
    expect(graph.edges).toEqual([]);
  });

  it('reads for_each instances in a module (Terraform 1.5)', () => {
    const graph = terraformStateGraph(fixture('inventory/terraform/tfjson-has-checks.state.json'));
    expect(graph.nodes).toEqual([
      { address: 'module.files.local_file.foo["file1.txt"]', kind: 'terraform.local_file' },
      { address: 'module.files.local_file.foo["file2.txt"]', kind: 'terraform.local_file' },
    ]);
  });

  it('reads an empty state', () => {
    expect(terraformStateGraph({ format_version: '1.0' })).toEqual({ nodes: [], edges: [] });
    expect(terraformStateGraph({ version: 4, terraform_version: '1.9.5', serial: 1, lineage: 'x', outputs: {}, resources: [], check_results: null })).toEqual({ nodes: [], edges: [] });
  });
});

describe('terraformStateGraph — malformed input', () => {
  it('refuses a plan, and says how to get the state', () => {
    const error = thrown(() => terraformStateGraph(fixture('terraform/dev-db-replace.plan.json')));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('a Terraform plan, not a state');
    expect(error.hint).toContain('terraform show -json');
  });

  it('refuses a state file older than format version 4', () => {
    const error = thrown(() => terraformStateGraph({ version: 3, terraform_version: '0.11.13', serial: 1, modules: [{ path: ['root'], resources: {} }] }));
    expect(error.message).toContain('format version 3');
    expect(error.hint).toContain('Terraform 0.12 or newer');
  });

  it('names where the input is wrong', () => {
    for (const input of [null, [], 'state', 7]) {
      const error = thrown(() => terraformStateGraph(input));
      expect(error.code).toBe('invalid_input');
      expect(error.hint).toContain('terraform show -json');
    }
    expect(thrown(() => terraformStateGraph({ values: {} })).message).toMatch(/^not a Terraform state at format_version: /);
    expect(thrown(() => terraformStateGraph({ format_version: '1.0', values: { root_module: { resources: [{ address: 'a.b', type: 'a' }] } } })).message).toMatch(
      /^not a Terraform state at values\.root_module\.resources\.0\.name: /,
    );
    expect(thrown(() => terraformStateGraph({ version: 4, resources: [{ mode: 'managed', type: 'aws_vpc', name: 'main', instances: {} }] })).message).toMatch(
      /^not a Terraform state at resources\.0\.instances: /,
    );
  });
});
