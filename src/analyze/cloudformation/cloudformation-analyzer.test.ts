import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AirlockError } from '../../errors/index.js';
import { digestOf, EffectSchema, ResourceGraphSchema } from '../../model/index.js';
import { cloudformationAnalyzer } from './cloudformation-analyzer.js';
import { isCustomerFacingType, isDataBearingType } from './resource-types.js';

function loadChangeSet(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../../test/fixtures/cloudformation/${name}.change-set.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

function analyze(payload: unknown) {
  return cloudformationAnalyzer.analyze(cloudformationAnalyzer.prepare(payload), {});
}

function byAddress(payload: unknown) {
  return new Map(analyze(payload).effects.map((e) => [e.resource.address, e]));
}

describe('cloudformation analyzer on a production change set that replaces the database', () => {
  const payload = { changeSet: loadChangeSet('prod-db-replace') };
  const analysis = analyze(payload);
  const effects = byAddress(payload);

  it('produces valid Effects, one per resource change', () => {
    expect(analysis.effects).toHaveLength(5);
    for (const effect of analysis.effects) expect(EffectSchema.parse(effect)).toEqual(effect);
    expect(ResourceGraphSchema.parse(analysis.graph)).toEqual(analysis.graph);
  });

  it('Replacement True on the RDS instance is a replace that destroys data', () => {
    expect(effects.get('orders-prod/OrdersDatabase')).toMatchObject({
      operation: 'replace',
      reversible: false,
      destroysData: true,
      resource: { kind: 'cloudformation.AWS::RDS::DBInstance', dataBearing: true, tags: { Environment: 'production' } },
    });
    expect(effects.get('orders-prod/OrdersDatabase')!.summary).toMatch(/Engine \(requires recreation: Always\).*its data is lost/);
    expect(effects.get('orders-prod/OrdersDatabase')!.summary).not.toMatch(/DBInstanceClass/);
  });

  it('Replacement Conditional on the ECS service is treated as a customer-facing replace', () => {
    const service = effects.get('orders-prod/OrdersApiService')!;
    expect(service).toMatchObject({ operation: 'replace', reversible: false, destroysData: false, resource: { customerFacing: true } });
    expect(service.summary).toMatch(/Conditional; treated as a replace/);
    expect(service.summary).toMatch(/LoadBalancers \(requires recreation: Conditionally\)/);
  });

  it('Replacement False on the ALB listener is a reversible in-place update', () => {
    expect(effects.get('orders-prod/HttpsListener')).toMatchObject({
      operation: 'update',
      reversible: true,
      destroysData: false,
      resource: { kind: 'cloudformation.AWS::ElasticLoadBalancingV2::Listener', customerFacing: true },
    });
    expect(effects.get('orders-prod/OrdersApiTaskDefinition')).toMatchObject({ operation: 'replace', destroysData: false });
  });

  it('finds the environment in the stack name, tags and Environment parameter', () => {
    expect(analysis.hints.names).toEqual(['orders-prod', 'production']);
    expect(analysis.hints.tags).toEqual([{ Environment: 'production', team: 'orders' }]);
  });

  it('draws edges from each resource to the resources its CausingEntity names (not parameters)', () => {
    const edges = analysis.graph!.edges.map((e) => `${e.from} -> ${e.to}`).sort();
    expect(edges).toEqual([
      'orders-prod/HttpsListener -> orders-prod/OrdersTargetGroup',
      'orders-prod/OrdersApiService -> orders-prod/OrdersApiTaskDefinition',
      'orders-prod/OrdersApiService -> orders-prod/OrdersTargetGroup',
      'orders-prod/OrdersApiTaskDefinition -> orders-prod/OrdersDatabase',
    ]);
    expect(analysis.graph!.edges.find((e) => e.to === 'orders-prod/OrdersDatabase')!.via).toMatch(/OrdersDatabase\.Endpoint\.Address/);
    // A change set does not list the stack's unchanged resources: no nodes, or the blast radius
    // would take the changed resources for the whole environment.
    expect(analysis.graph!.nodes).toEqual([]);
  });
});

describe('cloudformation analyzer on other change sets', () => {
  it('a Lambda environment change in dev is one reversible in-place update', () => {
    const analysis = analyze({ changeSet: loadChangeSet('dev-lambda-env') });
    expect(analysis.effects).toEqual([
      expect.objectContaining({
        operation: 'update',
        reversible: true,
        destroysData: false,
        resource: { kind: 'cloudformation.AWS::Lambda::Function', address: 'thumbnails-dev/ThumbnailFunction', tags: { stage: 'dev' } },
      }),
    ]);
    expect(analysis.effects[0]!.summary).toBe('updates thumbnails-dev/ThumbnailFunction in place (Environment)');
    expect(analysis.hints.names).toEqual(['thumbnails-dev', 'dev']);
    expect(analysis.graph!.edges).toEqual([]);
  });

  it('Remove deletes the bucket and table with their data; DeletionPolicy Retain keeps the data', () => {
    const effects = byAddress({ changeSet: loadChangeSet('remove-bucket-table') });
    expect(effects.get('media-staging/UploadsBucket')).toMatchObject({ operation: 'delete', reversible: false, destroysData: true, resource: { dataBearing: true } });
    expect(effects.get('media-staging/SessionsTable')).toMatchObject({ operation: 'delete', reversible: false, destroysData: true });
    expect(effects.get('media-staging/SessionsTable')!.summary).toMatch(/its data is lost/);
    const retained = effects.get('media-staging/AuditTable')!;
    expect(retained).toMatchObject({ operation: 'delete', destroysData: false, resource: { dataBearing: true } });
    expect(retained.summary).toMatch(/DeletionPolicy Retain keeps the resource and its data/);
    expect(effects.get('media-staging/UploadsBucketPolicy')).toMatchObject({ operation: 'delete', destroysData: false, resource: { kind: 'cloudformation.AWS::S3::BucketPolicy' } });
    expect(analyze({ changeSet: loadChangeSet('remove-bucket-table') }).hints.names).toEqual(['media-staging', 'staging']);
  });

  it('Snapshot and ReplaceAndSnapshot keep the data; Add creates; Dynamic and unknown actions are unknown', () => {
    const change = (rc: Record<string, unknown>) => ({ Type: 'Resource', ResourceChange: { ResourceType: 'AWS::RDS::DBCluster', ...rc } });
    const effects = byAddress({
      changeSet: {
        StackName: 's',
        Changes: [
          change({ Action: 'Remove', LogicalResourceId: 'A', PolicyAction: 'Snapshot' }),
          change({ Action: 'Modify', LogicalResourceId: 'B', Replacement: 'True', PolicyAction: 'ReplaceAndSnapshot' }),
          change({ Action: 'Add', LogicalResourceId: 'C' }),
          change({ Action: 'Dynamic', LogicalResourceId: 'D' }),
          change({ Action: 'Teleport', LogicalResourceId: 'E' }),
          change({ Action: 'Modify', LogicalResourceId: 'F' }),
          change({ Action: 'Import', LogicalResourceId: 'G', PhysicalResourceId: 'db-1' }),
        ],
      },
    });
    expect(effects.get('s/A')).toMatchObject({ operation: 'delete', reversible: false, destroysData: false });
    expect(effects.get('s/A')!.summary).toMatch(/final snapshot/);
    expect(effects.get('s/B')).toMatchObject({ operation: 'replace', reversible: false, destroysData: false });
    expect(effects.get('s/C')).toMatchObject({ operation: 'create', reversible: true, destroysData: false });
    expect(effects.get('s/D')).toMatchObject({ operation: 'unknown', reversible: false });
    expect(effects.get('s/E')).toMatchObject({ operation: 'unknown' });
    // No Replacement on a Modify: fail closed as a replace that destroys data.
    expect(effects.get('s/F')).toMatchObject({ operation: 'replace', destroysData: true });
    expect(effects.get('s/G')).toMatchObject({ operation: 'update', reversible: true, destroysData: false });
  });

  it('nested stacks and a paginated change set fail closed', () => {
    const analysis = analyze({
      changeSet: {
        StackName: 'app',
        NextToken: 'abc',
        Changes: [
          { Type: 'Resource', ResourceChange: { Action: 'Modify', Replacement: 'False', LogicalResourceId: 'Network', ResourceType: 'AWS::CloudFormation::Stack' } },
          { Type: 'Resource', ResourceChange: { Action: 'Remove', LogicalResourceId: 'Data', ResourceType: 'AWS::CloudFormation::Stack' } },
        ],
      },
    });
    expect(analysis.effects.map((e) => [e.operation, e.destroysData])).toEqual([
      ['unknown', false],
      ['delete', true],
      ['unknown', false],
    ]);
    expect(analysis.effects[2]!.summary).toMatch(/NextToken/);
  });
});

describe('cloudformation analyzer on fields that disagree, custom resources and data protection', () => {
  type Detail = { Target?: Record<string, string>; Evaluation?: string; ChangeSource?: string };
  const modify = (type: string, replacement: string | undefined, details: Detail[], extra: Record<string, unknown> = {}) =>
    analyze({
      changeSet: {
        StackName: 'prod',
        Changes: [{ Type: 'Resource', ResourceChange: { Action: 'Modify', LogicalResourceId: 'R', ResourceType: type, ...(replacement ? { Replacement: replacement } : {}), Details: details, ...extra } }],
      },
    }).effects[0]!;
  const property = (name: string, requiresRecreation: string, evaluation = 'Static'): Detail => ({
    Target: { Attribute: 'Properties', Name: name, RequiresRecreation: requiresRecreation },
    Evaluation: evaluation,
    ChangeSource: 'DirectModification',
  });
  const shape = (e: { operation: string; reversible: boolean; destroysData: boolean; outage?: boolean }) => ({ operation: e.operation, reversible: e.reversible, destroysData: e.destroysData, outage: e.outage === true });

  it('Replacement False with a detail that requires recreation Always is a replace that destroys data', () => {
    const effect = modify('AWS::RDS::DBInstance', 'False', [property('Engine', 'Always')]);
    expect(shape(effect)).toEqual({ operation: 'replace', reversible: false, destroysData: true, outage: false });
    expect(effect.summary).toMatch(/^replaces prod\/R .*Engine \(requires recreation: Always\).*Replacement says False.*takes the worse.*its data is lost/);
  });

  it('Dynamic evaluation with recreation Conditionally is a (conditional) replace, whatever Replacement says', () => {
    const effect = modify('AWS::RDS::DBInstance', 'False', [property('DBSubnetGroupName', 'Conditionally', 'Dynamic')]);
    expect(shape(effect)).toEqual({ operation: 'replace', reversible: false, destroysData: true, outage: false });
    expect(effect.summary).toMatch(/may replace .*Conditional; treated as a replace/);
    expect(shape(modify('AWS::RDS::DBInstance', 'Conditional', [property('Engine', 'Always')]))).toMatchObject({ operation: 'replace', destroysData: true });
    expect(modify('AWS::RDS::DBInstance', 'Conditional', [property('Engine', 'Always')]).summary).toMatch(/^replaces /);
  });

  it('a detail without RequiresRecreation, or with one Airlock does not know, fails closed', () => {
    expect(modify('AWS::RDS::DBInstance', 'False', [{ Target: { Attribute: 'Properties', Name: 'Engine' } }]).operation).toBe('replace');
    expect(modify('AWS::RDS::DBInstance', 'False', [property('Engine', 'Sometimes')])).toMatchObject({ operation: 'unknown', reversible: false });
    // Never, statically or dynamically, stays an in-place update.
    expect(shape(modify('AWS::Lambda::Function', 'False', [property('Environment', 'Never', 'Dynamic')]))).toEqual({ operation: 'update', reversible: true, destroysData: false, outage: false });
  });

  it('a custom resource runs its handler on Add, Modify and Remove; a Remove may destroy data', () => {
    const effects = byAddress({
      changeSet: {
        StackName: 'prod',
        Changes: [
          { Type: 'Resource', ResourceChange: { Action: 'Add', LogicalResourceId: 'Seed', ResourceType: 'Custom::DbSeeder' } },
          { Type: 'Resource', ResourceChange: { Action: 'Modify', Replacement: 'False', LogicalResourceId: 'Purge', ResourceType: 'Custom::Purger', Details: [property('Version', 'Never')] } },
          { Type: 'Resource', ResourceChange: { Action: 'Remove', LogicalResourceId: 'Cleanup', ResourceType: 'AWS::CloudFormation::CustomResource', PolicyAction: 'Delete' } },
          { Type: 'Resource', ResourceChange: { Action: 'Remove', LogicalResourceId: 'Kept', ResourceType: 'Custom::Kept', PolicyAction: 'Retain' } },
          { Type: 'Resource', ResourceChange: { Action: 'Modify', Replacement: 'True', LogicalResourceId: 'Swap', ResourceType: 'Custom::Swap', Details: [property('ServiceToken', 'Always')] } },
        ],
      },
    });
    expect(shape(effects.get('prod/Seed')!)).toEqual({ operation: 'execute', reversible: false, destroysData: false, outage: false });
    expect(effects.get('prod/Seed')!.summary).toMatch(/sends Create to its handler/);
    expect(shape(effects.get('prod/Purge')!)).toEqual({ operation: 'execute', reversible: false, destroysData: false, outage: false });
    expect(effects.get('prod/Purge')!.summary).toMatch(/sends Update to its handler.*cannot see/);
    expect(shape(effects.get('prod/Cleanup')!)).toEqual({ operation: 'delete', reversible: false, destroysData: true, outage: false });
    expect(effects.get('prod/Cleanup')!.summary).toMatch(/sends Delete to its handler/);
    expect(shape(effects.get('prod/Kept')!)).toEqual({ operation: 'delete', reversible: false, destroysData: false, outage: false });
    expect(shape(effects.get('prod/Swap')!)).toEqual({ operation: 'replace', reversible: false, destroysData: true, outage: false });
  });

  it('a stack policy is applied to a custom resource update as Update:Modify', () => {
    const effect = analyze({
      changeSet: { StackName: 'prod', Changes: [{ Type: 'Resource', ResourceChange: { Action: 'Modify', Replacement: 'False', LogicalResourceId: 'Purge', ResourceType: 'Custom::Purger' } }] },
      stackPolicy: { Statement: [{ Effect: 'Deny', Action: 'Update:Modify', Principal: '*', Resource: '*' }] },
    }).effects[0]!;
    expect(effect.operation).toBe('execute');
    expect(effect.summary).toMatch(/CloudFormation will stop it/);
  });

  it.each([
    ['AWS::RDS::DBInstance', 'BackupRetentionPeriod'],
    ['AWS::RDS::DBInstance', 'DeletionProtection'],
    ['AWS::RDS::DBCluster', 'DeletionProtection'],
    ['AWS::S3::Bucket', 'LifecycleConfiguration'],
    ['AWS::S3::Bucket', 'VersioningConfiguration'],
    ['AWS::DynamoDB::Table', 'PointInTimeRecoverySpecification'],
    ['AWS::DynamoDB::Table', 'DeletionProtectionEnabled'],
    ['AWS::Logs::LogGroup', 'RetentionInDays'],
  ])('an in-place change of %s %s cannot be undone (its new value is not given)', (type, name) => {
    const effect = modify(type, 'False', [property(name, 'Never')]);
    expect(shape(effect)).toEqual({ operation: 'update', reversible: false, destroysData: false, outage: false });
    expect(effect.summary).toContain(`changes ${name}, which protects its data`);
  });

  it('finds a protection property by its path too, and a DeletionPolicy change', () => {
    expect(modify('AWS::S3::Bucket', 'False', [{ Target: { Attribute: 'Properties', Path: '/Properties/VersioningConfiguration/Status', RequiresRecreation: 'Never' } }]).reversible).toBe(false);
    const policy = modify('AWS::DynamoDB::Table', 'False', [{ Target: { Attribute: 'DeletionPolicy', AttributeChangeType: 'Modify' } }]);
    expect(shape(policy)).toEqual({ operation: 'update', reversible: false, destroysData: false, outage: false });
    expect(policy.summary).toMatch(/DeletionPolicy, which protects its data/);
  });

  it('a desired count may stop the service: an irreversible update with a possible outage', () => {
    const effect = modify('AWS::ECS::Service', 'False', [property('DesiredCount', 'Never')]);
    expect(shape(effect)).toEqual({ operation: 'update', reversible: false, destroysData: false, outage: true });
    expect(effect.summary).toMatch(/DesiredCount, which may be set to 0/);
    expect(modify('AWS::AutoScaling::AutoScalingGroup', 'False', [property('MaxSize', 'Never')]).outage).toBe(true);
  });

  it('other in-place changes stay reversible; a data-bearing resource with no Details does not', () => {
    expect(shape(modify('AWS::RDS::DBInstance', 'False', [property('DBInstanceClass', 'Never')]))).toEqual({ operation: 'update', reversible: true, destroysData: false, outage: false });
    expect(shape(modify('AWS::ECS::Service', 'False', [property('TaskDefinition', 'Never', 'Dynamic')]))).toMatchObject({ reversible: true, outage: false });
    expect(modify('AWS::S3::Bucket', 'False', []).reversible).toBe(false);
    expect(modify('AWS::Lambda::Function', 'False', []).reversible).toBe(true);
  });
});

describe('cloudformation analyzer on a stack deletion', () => {
  const resources = [
    { LogicalResourceId: 'OrdersDatabase', PhysicalResourceId: 'orders-db', ResourceType: 'AWS::RDS::DBInstance', ResourceStatus: 'UPDATE_COMPLETE', Timestamp: '2025-05-01T10:00:00Z' },
    { LogicalResourceId: 'PublicAlb', PhysicalResourceId: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/orders/1', ResourceType: 'AWS::ElasticLoadBalancingV2::LoadBalancer', ResourceStatus: 'CREATE_COMPLETE' },
    { LogicalResourceId: 'Queue', PhysicalResourceId: 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders', ResourceType: 'AWS::SQS::Queue' },
    { LogicalResourceId: 'TaskRole', PhysicalResourceId: 'orders-task-role', ResourceType: 'AWS::IAM::Role' },
  ];

  it('deletes every resource, environment-wide; data-bearing ones destroy data', () => {
    const analysis = analyze({ deleteStack: { stackName: 'orders-prod', resources } });
    expect(analysis.effects.map((e) => [e.resource.address, e.operation, e.destroysData, e.reversible, e.environmentWide])).toEqual([
      ['orders-prod/OrdersDatabase', 'delete', true, false, true],
      ['orders-prod/PublicAlb', 'delete', false, false, true],
      ['orders-prod/Queue', 'delete', true, false, true],
      ['orders-prod/TaskRole', 'delete', false, false, true],
    ]);
    expect(analysis.effects[1]!.resource.customerFacing).toBe(true);
    expect(analysis.effects.some((e) => /termination protection/.test(e.summary))).toBe(false);
    expect(analysis.hints.names).toEqual(['orders-prod']);
    expect(analysis.graph!.nodes).toHaveLength(4);
  });

  it('termination protection stays a delete, and the summary says CloudFormation will refuse', () => {
    const analysis = analyze({ deleteStack: { stackName: 'orders-prod', resources, terminationProtection: true } });
    expect(analysis.effects.every((e) => e.operation === 'delete' && /termination protection is on: CloudFormation will refuse/.test(e.summary))).toBe(true);
  });

  it('a stack whose resources are not listed is assumed to hold data', () => {
    const [effect, ...rest] = analyze({ deleteStack: { stackName: 'mystery', resources: [] } }).effects;
    expect(rest).toEqual([]);
    expect(effect).toMatchObject({ operation: 'delete', destroysData: true, environmentWide: true, resource: { kind: 'aws.cloudformation.stack', address: 'mystery' } });
  });
});

describe('cloudformation prepare and canonical', () => {
  it.each([
    ['nothing', undefined],
    ['a bare change set', loadChangeSet('dev-lambda-env')],
    ['a change set without Changes', { changeSet: { StackName: 'x' } }],
    ['a change without LogicalResourceId', { changeSet: { StackName: 'x', Changes: [{ Type: 'Resource', ResourceChange: { Action: 'Add', ResourceType: 'AWS::S3::Bucket' } }] } }],
    ['a deletion without resources', { deleteStack: { stackName: 'x' } }],
    ['both at once', { changeSet: { StackName: 'x', Changes: [] }, deleteStack: { stackName: 'x', resources: [] } }],
  ])('rejects %s with invalid_input', (_label, payload) => {
    let error: unknown;
    try {
      cloudformationAnalyzer.prepare(payload);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AirlockError);
    expect((error as AirlockError).code).toBe('invalid_input');
  });

  it('names where a change set is malformed', () => {
    expect(() => cloudformationAnalyzer.prepare({ changeSet: { StackName: 'x', Changes: [{ ResourceChange: { Action: 'Add', ResourceType: 'AWS::S3::Bucket' } }] } })).toThrow(
      /changeSet\.Changes\.0\.ResourceChange\.LogicalResourceId/,
    );
  });

  it('ignores ids, timestamps and order; any change in meaning changes the digest', () => {
    const original = loadChangeSet('prod-db-replace');
    const digest = (cs: unknown) => digestOf({ kind: 'cloudformation', payload: cloudformationAnalyzer.canonical(cloudformationAnalyzer.prepare({ changeSet: cs })) });
    const base = digest(original);
    const reordered = { ...original, ChangeSetId: 'arn:other', CreationTime: '2030-01-01T00:00:00Z', Changes: [...(original['Changes'] as unknown[])].reverse() };
    expect(digest(reordered)).toBe(base);
    const changes = structuredClone(original['Changes']) as Array<{ ResourceChange: Record<string, unknown> }>;
    changes[0]!.ResourceChange['Replacement'] = 'False';
    expect(digest({ ...original, Changes: changes })).not.toBe(base);
    expect(digest({ ...original, StackName: 'orders-dev' })).not.toBe(base);
  });

  it('a deletion digest depends on the stack and its resources, not their status', () => {
    const digest = (payload: unknown) => digestOf({ kind: 'cloudformation', payload: cloudformationAnalyzer.canonical(cloudformationAnalyzer.prepare(payload)) });
    const a = { LogicalResourceId: 'A', ResourceType: 'AWS::S3::Bucket', PhysicalResourceId: 'a', ResourceStatus: 'CREATE_COMPLETE' };
    const b = { LogicalResourceId: 'B', ResourceType: 'AWS::SQS::Queue', PhysicalResourceId: 'b' };
    const base = digest({ deleteStack: { stackName: 's', resources: [a, b] } });
    expect(digest({ deleteStack: { stackName: 's', resources: [b, { ...a, ResourceStatus: 'UPDATE_COMPLETE' }] } })).toBe(base);
    expect(digest({ deleteStack: { stackName: 's', resources: [a] } })).not.toBe(base);
    expect(digest({ deleteStack: { stackName: 't', resources: [a, b] } })).not.toBe(base);
  });
});

describe('cloudformation resource types', () => {
  it('knows data-bearing and customer-facing types', () => {
    for (const type of ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::DynamoDB::Table', 'AWS::S3::Bucket', 'AWS::EFS::FileSystem', 'AWS::EC2::Volume', 'AWS::ElastiCache::ReplicationGroup', 'AWS::OpenSearchService::Domain', 'AWS::Kinesis::Stream', 'AWS::SQS::Queue', 'AWS::Logs::LogGroup', 'AWS::KMS::Key']) {
      expect(isDataBearingType(type), type).toBe(true);
    }
    for (const type of ['AWS::Lambda::Function', 'AWS::S3::BucketPolicy', 'AWS::ElastiCache::SubnetGroup', 'AWS::IAM::Role']) expect(isDataBearingType(type), type).toBe(false);
    for (const type of ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ElasticLoadBalancingV2::Listener', 'AWS::Route53::RecordSet', 'AWS::CloudFront::Distribution', 'AWS::ApiGateway::RestApi', 'AWS::ApiGatewayV2::Stage', 'AWS::ECS::Service']) {
      expect(isCustomerFacingType(type), type).toBe(true);
    }
    expect(isCustomerFacingType('AWS::ECS::TaskDefinition')).toBe(false);
  });
});
