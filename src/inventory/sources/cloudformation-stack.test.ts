import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AirlockError } from '../../errors/index.js';
import type { Effect, ResourceGraph } from '../../model/index.js';
import { computeBlastRadius } from '../blast-radius.js';
import { cloudformationStackGraph } from './cloudformation-stack.js';
import { thrownAirlockError as thrown } from '../../../test/support/errors.js';

const text = (name: string) => readFileSync(new URL(`../../../test/fixtures/inventory/cloudformation/${name}`, import.meta.url), 'utf8');
const resources: unknown = JSON.parse(text('orders-prod.stack-resources.json'));
const networkResources: unknown = JSON.parse(text('orders-prod-network.stack-resources.json'));
const templateYaml = text('orders-prod.template.yaml');

const bare = cloudformationStackGraph(resources);
const graph = cloudformationStackGraph(resources, { template: templateYaml });
const node = (address: string) => graph.nodes.find((n) => n.address === address);
const targets = (g: ResourceGraph, from: string, via: string) => g.edges.filter((e) => e.from === from && e.via === via).map((e) => e.to.replace(/^orders-prod\//, '')).sort();


describe('cloudformationStackGraph — describe-stack-resources alone', () => {
  it('has the stack and every resource at <stack>/<LogicalResourceId>, each in its stack', () => {
    expect(bare.nodes).toHaveLength(19);
    expect(bare.nodes[0]).toEqual({ address: 'orders-prod', kind: 'aws.cloudformation.stack' });
    expect(bare.nodes.find((n) => n.address === 'orders-prod/OrdersApiTaskDefinition')).toEqual({ address: 'orders-prod/OrdersApiTaskDefinition', kind: 'cloudformation.AWS::ECS::TaskDefinition' });
    const inStack = bare.edges.filter((e) => e.via === 'is in stack');
    expect(inStack).toHaveLength(18);
    for (const edge of inStack) expect(edge.to).toBe('orders-prod');
  });

  it('flags data-bearing and customer-facing types with the CloudFormation analyzer’s lists', () => {
    expect(bare.nodes.filter((n) => n.dataBearing).map((n) => n.address).sort()).toEqual([
      'orders-prod/DatabaseSecret',
      'orders-prod/OrdersBucket',
      'orders-prod/OrdersDatabase',
      'orders-prod/OrdersLogGroup',
    ]);
    expect(bare.nodes.filter((n) => n.customerFacing).map((n) => n.address).sort()).toEqual([
      'orders-prod/DnsRecord',
      'orders-prod/HttpsListener',
      'orders-prod/LoadBalancer',
      'orders-prod/OrdersApiService',
      'orders-prod/OrdersTargetGroup',
    ]);
  });

  it('joins the nested stack its physical id names to the resource that creates it', () => {
    expect(bare.edges.filter((e) => e.via === 'is created by')).toEqual([{ from: 'orders-prod-Network-1R2S3T4U5V6W7', to: 'orders-prod/Network', via: 'is created by' }]);
  });
});

describe('cloudformationStackGraph — with the template', () => {
  it('joins each resource to the resources it references with Ref, Fn::GetAtt and Fn::Sub', () => {
    expect(targets(graph, 'orders-prod/OrdersDatabase', 'references')).toEqual(['DatabaseSecret', 'DatabaseSecurityGroup', 'DatabaseSubnetGroup']);
    // `${!OrdersCluster}` is a literal; `${Secret}` is the Fn::Sub's own variable, bound to a Ref.
    expect(targets(graph, 'orders-prod/OrdersApiTaskDefinition', 'references')).toEqual(['DatabaseSecret', 'OrdersBucket', 'OrdersDatabase', 'OrdersLogGroup', 'TaskExecutionRole', 'TaskRole']);
    expect(targets(graph, 'orders-prod/TaskRole', 'references')).toEqual(['DatabaseSecret', 'OrdersBucket']);
    expect(targets(graph, 'orders-prod/HttpsListener', 'references')).toEqual(['Certificate', 'LoadBalancer', 'OrdersTargetGroup']);
    expect(targets(graph, 'orders-prod/DnsRecord', 'references')).toEqual(['LoadBalancer']);
    // The nested stack's outputs, through Fn::GetAtt Network.Outputs.X.
    expect(targets(graph, 'orders-prod/LoadBalancer', 'references')).toEqual(['LoadBalancerSecurityGroup', 'Network']);
    // Parameters and pseudo parameters are not resources.
    expect(targets(graph, 'orders-prod/DatabaseSecret', 'references')).toEqual([]);
  });

  it('joins DependsOn that no reference already covers', () => {
    expect(targets(graph, 'orders-prod/OrdersApiService', 'depends on')).toEqual(['HttpsListener']);
    expect(targets(graph, 'orders-prod/OrdersApiService', 'references')).toEqual(['DatabaseSecurityGroup', 'Network', 'OrdersApiTaskDefinition', 'OrdersCluster', 'OrdersTargetGroup']);
  });

  it('leaves out the template’s resources the stack does not have (a false Condition)', () => {
    expect(node('orders-prod/ReadReplica')).toBeUndefined();
    expect(graph.edges.some((e) => e.from.endsWith('/ReadReplica') || e.to.endsWith('/ReadReplica'))).toBe(false);
    expect(graph.nodes.map((n) => n.address)).toEqual(bare.nodes.map((n) => n.address));
  });

  it('tags resources with the DeletionPolicy and UpdateReplacePolicy that keep their data', () => {
    expect(node('orders-prod/OrdersDatabase')?.tags).toEqual({ DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
    expect(node('orders-prod/OrdersBucket')?.tags).toEqual({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(node('orders-prod/DatabaseSecret')?.tags).toEqual({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(node('orders-prod/OrdersLogGroup')?.tags).toBeUndefined();
  });

  it('reads the template however the CLI prints it: YAML text, a JSON string of it, or get-template’s whole answer', () => {
    const fromJsonString = cloudformationStackGraph(resources, { template: JSON.parse(JSON.stringify(templateYaml)) });
    const fromWholeAnswer = cloudformationStackGraph(resources, { template: { TemplateBody: templateYaml, StagesAvailable: ['Original', 'Processed'] } });
    expect(fromJsonString).toEqual(graph);
    expect(fromWholeAnswer).toEqual(graph);
  });

  it('lets a replaced database reach the task definition and the service customers use', () => {
    const effect: Effect = {
      operation: 'replace',
      resource: { kind: 'cloudformation.AWS::RDS::DBInstance', address: 'orders-prod/OrdersDatabase', dataBearing: true },
      reversible: false,
      destroysData: true,
      summary: 'replaces OrdersDatabase',
    };
    const radius = computeBlastRadius([effect], graph, { wholeEnvironmentThreshold: 1 });
    expect(Object.fromEntries(radius.dependents.map((d) => [d.address, d.path.join(' → ')]))).toEqual({
      'orders-prod/OrdersApiTaskDefinition': 'orders-prod/OrdersDatabase → orders-prod/OrdersApiTaskDefinition',
      'orders-prod/OrdersApiService': 'orders-prod/OrdersDatabase → orders-prod/OrdersApiTaskDefinition → orders-prod/OrdersApiService',
    });
    expect(radius.customerFacingAtRisk).toEqual(['orders-prod/OrdersApiService']);
  });

  it('lets deleting the nested stack’s resource reach the nested stack’s own resources (another source)', () => {
    const network = cloudformationStackGraph(networkResources);
    const merged: ResourceGraph = { nodes: [...graph.nodes, ...network.nodes], edges: [...graph.edges, ...network.edges] };
    const effect: Effect = { operation: 'delete', resource: { kind: 'cloudformation.AWS::CloudFormation::Stack', address: 'orders-prod/Network' }, reversible: false, destroysData: true, summary: 'deletes Network' };
    const reached = computeBlastRadius([effect], merged, { wholeEnvironmentThreshold: 1 }).dependents.map((d) => d.address);
    expect(reached).toContain('orders-prod-Network-1R2S3T4U5V6W7/Vpc');
    expect(reached).toContain('orders-prod/OrdersApiService');
    expect(reached).toContain('orders-prod/DnsRecord');
  });

  it('reads a JSON template: GetAtt arrays, Fn::Sub with variables, a DependsOn string', () => {
    const listed = { StackResources: ['A', 'B', 'C', 'D'].map((id) => ({ StackName: 's', LogicalResourceId: id, ResourceType: 'AWS::SNS::Topic' })) };
    const g = cloudformationStackGraph(listed, {
      template: {
        Resources: {
          A: { Type: 'AWS::SNS::Topic', DependsOn: 'D', Properties: { X: { 'Fn::GetAtt': ['B', 'TopicArn'] }, Y: { 'Fn::Sub': ['${C}-${Local}', { Local: 'literal' }] } } },
          B: { Type: 'AWS::SNS::Topic', Properties: { Z: { 'Fn::Sub': ['${Other}', { Other: { Ref: 'C' } }] } } },
          C: { Type: 'AWS::SNS::Topic', Properties: { Self: { Ref: 'C' }, Missing: { Ref: 'Gone' } } },
          D: { Type: 'AWS::SNS::Topic' },
        },
      },
    });
    expect(g.edges.filter((e) => e.via !== 'is in stack')).toEqual([
      { from: 's/A', to: 's/B', via: 'references' },
      { from: 's/A', to: 's/C', via: 'references' },
      { from: 's/A', to: 's/D', via: 'depends on' },
      { from: 's/B', to: 's/C', via: 'references' },
    ]);
  });
});

describe('cloudformationStackGraph — other inputs', () => {
  it('reads list-stack-resources output with the stack’s name', () => {
    const g = cloudformationStackGraph(
      {
        StackResourceSummaries: [
          { LogicalResourceId: 'bucket', PhysicalResourceId: 'my-stack-bucket-1vc62xmplgguf', ResourceType: 'AWS::S3::Bucket', LastUpdatedTimestamp: '2019-10-02T04:34:11.345Z', ResourceStatus: 'CREATE_COMPLETE', DriftInformation: { StackResourceDriftStatus: 'IN_SYNC' } },
        ],
      },
      { stackName: 'my-stack' },
    );
    expect(g).toEqual({
      nodes: [
        { address: 'my-stack', kind: 'aws.cloudformation.stack' },
        { address: 'my-stack/bucket', kind: 'cloudformation.AWS::S3::Bucket', dataBearing: true },
      ],
      edges: [{ from: 'my-stack/bucket', to: 'my-stack', via: 'is in stack' }],
    });
  });

  it('leaves out the resources of a deleted stack (DELETE_COMPLETE)', () => {
    const g = cloudformationStackGraph({
      StackResources: [
        { StackName: 'old', LogicalResourceId: 'Queue', ResourceType: 'AWS::SQS::Queue', ResourceStatus: 'DELETE_COMPLETE' },
        { StackName: 'old', LogicalResourceId: 'Kept', ResourceType: 'AWS::S3::Bucket', ResourceStatus: 'DELETE_SKIPPED' },
      ],
    });
    expect(g.nodes.map((n) => n.address)).toEqual(['old', 'old/Kept']);
  });

  it('gives the named stack a node even when it lists nothing', () => {
    expect(cloudformationStackGraph({ StackResources: [] }, { stackName: 'empty' })).toEqual({ nodes: [{ address: 'empty', kind: 'aws.cloudformation.stack' }], edges: [] });
    expect(cloudformationStackGraph({ StackResources: [] })).toEqual({ nodes: [], edges: [] });
  });
});

describe('cloudformationStackGraph — malformed input', () => {
  it('refuses what is not describe-stack-resources output, and says what to run', () => {
    for (const input of [null, 'x', [], {}, { Stacks: [] }]) {
      const error = thrown(() => cloudformationStackGraph(input));
      expect(error.code).toBe('invalid_input');
      expect(error.message).toMatch(/^not a CloudFormation stack's resources/);
      expect(error.hint).toContain('describe-stack-resources');
    }
    expect(thrown(() => cloudformationStackGraph({ StackResources: [{ StackName: 's', ResourceType: 'AWS::S3::Bucket' }] })).message).toMatch(/at StackResources\.0\.LogicalResourceId: /);
  });

  it('asks for the stack name when the resources do not carry it', () => {
    const error = thrown(() => cloudformationStackGraph({ StackResourceSummaries: [{ LogicalResourceId: 'bucket', ResourceType: 'AWS::S3::Bucket' }] }));
    expect(error.message).toContain('does not name its stack');
  });

  it('refuses a template that is not one', () => {
    expect(thrown(() => cloudformationStackGraph(resources, { template: 'Resources: [unclosed' })).message).toMatch(/^the CloudFormation template is neither JSON nor YAML/);
    const error = thrown(() => cloudformationStackGraph(resources, { template: { Resources: { A: 'not an object' } } }));
    expect(error.message).toMatch(/^not a CloudFormation template at Resources\.A: /);
    expect(error.hint).toContain('get-template');
    expect(thrown(() => cloudformationStackGraph(resources, { template: { AWSTemplateFormatVersion: '2010-09-09' } })).message).toMatch(/at Resources: /);
  });

  it('refuses one template for the resources of several stacks', () => {
    const two = { StackResources: [{ StackName: 'a', LogicalResourceId: 'X', ResourceType: 'AWS::SNS::Topic' }, { StackName: 'b', LogicalResourceId: 'X', ResourceType: 'AWS::SNS::Topic' }] };
    expect(thrown(() => cloudformationStackGraph(two, { template: { Resources: {} } })).message).toContain('2 stacks (a, b)');
    expect(cloudformationStackGraph(two, { template: { Resources: {} }, stackName: 'a' }).nodes).toHaveLength(4);
  });
});
