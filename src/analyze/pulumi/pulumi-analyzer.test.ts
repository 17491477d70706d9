import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AirlockError } from '../../errors/index.js';
import { computeBlastRadius } from '../../inventory/blast-radius.js';
import { digestOf, EffectSchema, ResourceGraphSchema, type Effect } from '../../model/index.js';
import { MAX_PREVIEW_CHARS, pulumiAnalyzer } from './pulumi-analyzer.js';
import { isCustomerFacingToken, isDataBearingToken, terraformTypesOf } from './resource-types.js';
import { addressOf, parseUrn } from './urn.js';

function load(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../../test/fixtures/pulumi/${name}.preview.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

function analyze(payload: unknown) {
  return pulumiAnalyzer.analyze(pulumiAnalyzer.prepare(payload), {});
}

function byAddress(payload: unknown): Map<string, Effect> {
  return new Map(analyze(payload).effects.map((e) => [e.resource.address, e]));
}

function shape(effect: Effect | undefined) {
  return effect && { operation: effect.operation, reversible: effect.reversible, destroysData: effect.destroysData, environmentWide: effect.environmentWide === true };
}

const urn = (type: string, name: string, stack = 'prod', project = 'shop') => `urn:pulumi:${stack}::${project}::${type}::${name}`;
const DB = urn('aws:rds/instance:Instance', 'orders-db');

/** A preview with one step for one resource. */
function oneStep(op: string, state: Record<string, unknown> = {}, type = 'aws:rds/instance:Instance', name = 'orders-db') {
  const u = urn(type, name);
  const full = { urn: u, custom: true, type, inputs: {}, ...state };
  return { steps: [{ op, urn: u, oldState: full, newState: full }] };
}

describe('pulumi analyzer on a production preview that replaces the database (--show-sames)', () => {
  const payload = load('prod-db-replace');
  const analysis = analyze(payload);
  const effects = byAddress(payload);

  it('produces valid Effects, one per resource', () => {
    expect(analysis.effects).toHaveLength(11);
    for (const effect of analysis.effects) expect(EffectSchema.parse(effect)).toEqual(effect);
    expect(ResourceGraphSchema.parse(analysis.graph)).toEqual(analysis.graph);
  });

  it('the RDS instance is a replace that destroys data, with the reason', () => {
    const db = effects.get('aws:rds/instance:Instance::orders-db')!;
    expect(db).toMatchObject({
      operation: 'replace',
      reversible: false,
      destroysData: true,
      resource: { kind: 'pulumi.aws:rds/instance:Instance', dataBearing: true, tags: { Environment: 'production', Service: 'orders' } },
      evidence: `${DB}: replace`,
    });
    expect(db.summary).toMatch(/because storageEncrypted changed — its data is lost/);
  });

  it('the task definition is replaced without data loss; the customer-facing service is updated in place', () => {
    expect(shape(effects.get('aws:ecs/taskDefinition:TaskDefinition::orders-api'))).toEqual({ operation: 'replace', reversible: false, destroysData: false, environmentWide: false });
    expect(effects.get('aws:ecs/service:Service::orders-api')).toMatchObject({ operation: 'update', reversible: true, destroysData: false, resource: { customerFacing: true } });
    expect(effects.get('aws:ecs/service:Service::orders-api')!.summary).toBe('updates aws:ecs/service:Service::orders-api in place (taskDefinition)');
  });

  it('unchanged resources, the provider and the stack are reads', () => {
    for (const address of ['pulumi:pulumi:Stack::shop-prod', 'pulumi:providers:aws::default_6_50_0', 'aws:ec2/vpc:Vpc::main', 'aws:lb/listener:Listener::https']) {
      expect(effects.get(address)?.operation, address).toBe('read');
    }
  });

  it('lists every cloud resource as a node (the stack, provider and components are not)', () => {
    expect(analysis.graph!.nodes.map((n) => n.address).sort()).toEqual([
      'aws:ec2/vpc:Vpc::main',
      'aws:ecs/cluster:Cluster::shop',
      'aws:ecs/service:Service::orders-api',
      'aws:ecs/taskDefinition:TaskDefinition::orders-api',
      'aws:lb/listener:Listener::https',
      'aws:lb/loadBalancer:LoadBalancer::public',
      'aws:lb/targetGroup:TargetGroup::orders-api',
      'aws:rds/instance:Instance::orders-db',
      'aws:rds/subnetGroup:SubnetGroup::orders-db',
    ]);
  });

  it('property dependencies become edges that say which input references what', () => {
    expect(analysis.graph!.edges).toContainEqual({ from: 'aws:ecs/taskDefinition:TaskDefinition::orders-api', to: 'aws:rds/instance:Instance::orders-db', via: 'input "containerDefinitions" references' });
    expect(analysis.graph!.edges).toContainEqual({ from: 'aws:ecs/service:Service::orders-api', to: 'aws:lb/listener:Listener::https', via: 'depends on' });
    // The root stack is everyone's parent; the provider everyone's manager: neither says who needs whom.
    expect(analysis.graph!.edges.some((e) => e.to.startsWith('pulumi:'))).toBe(false);
  });

  it('the blast radius reaches the customer-facing service through the task definition', () => {
    const radius = computeBlastRadius(analysis.effects, analysis.graph, { wholeEnvironmentThreshold: 0.5 });
    expect(radius.customerFacingAtRisk).toContain('aws:ecs/service:Service::orders-api');
    // The database, the task definition and the service are 3 of the stack's 9 resources.
    expect(radius.coverage).toBeCloseTo(3 / 9);
    expect(radius.wholeEnvironment).toBe(false);
  });

  it('finds the environment in the stack, the config and the tags', () => {
    expect(analysis.hints.names).toEqual(['prod', 'production']);
    expect(analysis.hints.tags).toContainEqual({ Environment: 'production', ManagedBy: 'pulumi' });
    expect(analysis.hints.tags).toContainEqual({ Environment: 'production', Service: 'orders' });
  });

  it('a provider warning is not an error', () => {
    expect(analysis.effects.some((e) => e.operation === 'unknown')).toBe(false);
  });
});

describe('pulumi analyzer on a new dev stack', () => {
  const analysis = analyze(load('dev-creates'));

  it('everything is a reversible create', () => {
    expect(analysis.effects.map((e) => [e.resource.address, e.operation, e.reversible, e.destroysData])).toEqual([
      ['pulumi:pulumi:Stack::thumbnails-dev', 'create', true, false],
      ['pulumi:providers:aws::default_6_50_0', 'create', true, false],
      ['aws:s3/bucketV2:BucketV2::uploads', 'create', true, false],
      ['aws:sqs/queue:Queue::resize-jobs', 'create', true, false],
      ['aws:s3/bucketNotification:BucketNotification::uploads', 'create', true, false],
    ]);
  });

  it('gives no nodes when the preview lists only changes (they are not the whole stack)', () => {
    expect(analysis.graph!.nodes).toEqual([]);
    expect(analysis.graph!.edges).toContainEqual({ from: 'aws:s3/bucketNotification:BucketNotification::uploads', to: 'aws:sqs/queue:Queue::resize-jobs', via: 'input "queues" references' });
  });

  it('names the dev stack', () => {
    expect(analysis.hints.names).toEqual(['dev']);
    expect(analysis.hints.tags).toEqual([{ stage: 'dev' }]);
  });
});

describe('pulumi analyzer on a destroy preview', () => {
  const analysis = analyze(load('staging-destroy'));
  const effects = new Map(analysis.effects.map((e) => [e.resource.address, e]));

  it('deleting the stack resource makes every delete environment-wide', () => {
    expect(analysis.effects.every((e) => e.operation === 'delete' && e.environmentWide === true && !e.reversible)).toBe(true);
    expect(effects.get('pulumi:pulumi:Stack::media-staging')!.summary).toBe('destroys the stack staging: every resource in it is deleted');
  });

  it('the Cloud SQL instance and the bucket lose data; Cloud Run is customer-facing', () => {
    expect(effects.get('gcp:sql/databaseInstance:DatabaseInstance::media-db')).toMatchObject({ destroysData: true, resource: { dataBearing: true } });
    expect(effects.get('gcp:storage/bucket:Bucket::media-originals')).toMatchObject({ destroysData: true });
    expect(effects.get('gcp:cloudrunv2/service:Service::media-api')).toMatchObject({ destroysData: false, resource: { customerFacing: true } });
  });

  it('takes the Google Cloud project from the config as an environment name', () => {
    expect(analysis.hints.names).toEqual(['staging', 'media-staging-4821']);
  });
});

describe('pulumi analyzer on protect, retainOnDelete, components, discards and replacement steps', () => {
  const payload = load('prod-protect-retain');
  const analysis = analyze(payload);
  const effects = byAddress(payload);
  const pvc = 'portal:index:Frontend$kubernetes:core/v1:PersistentVolumeClaim::web-cache';

  it('folds create-replacement, replace and delete-replaced of one resource into one replace', () => {
    expect(analysis.effects.filter((e) => e.resource.address === pvc)).toHaveLength(1);
    expect(effects.get(pvc)).toMatchObject({ operation: 'replace', destroysData: true, resource: { kind: 'pulumi.kubernetes:core/v1:PersistentVolumeClaim', dataBearing: true } });
    expect(effects.get(pvc)!.evidence).toMatch(/: create-replacement, replace, delete-replaced$/);
    expect(effects.get(pvc)!.summary).toMatch(/because spec\.storageClassName changed/);
  });

  it('a protected resource is still a delete that destroys data, and the summary says Pulumi will refuse it', () => {
    const db = effects.get('azure-native:sql:Database::portal')!;
    expect(shape(db)).toEqual({ operation: 'delete', reversible: false, destroysData: true, environmentWide: false });
    expect(db.summary).toMatch(/it is protected, so Pulumi will refuse to delete it .*pulumi state unprotect/);
  });

  it('retainOnDelete keeps the resource and its data', () => {
    const storage = effects.get('azure-native:storage:StorageAccount::portalassets')!;
    expect(shape(storage)).toEqual({ operation: 'delete', reversible: false, destroysData: false, environmentWide: false });
    expect(storage.summary).toMatch(/retainOnDelete keeps the resource and its data in the cloud/);
  });

  it('discarding a resource read with .get() deletes nothing', () => {
    const rg = effects.get('azure-native:resources:ResourceGroup::shared')!;
    expect(shape(rg)).toEqual({ operation: 'delete', reversible: false, destroysData: false, environmentWide: false });
    expect(rg.summary).toMatch(/nothing is deleted/);
  });

  it('removing a component loses no data itself', () => {
    expect(effects.get('portal:index:Frontend::web')).toMatchObject({ operation: 'delete', destroysData: false, resource: { kind: 'pulumi.portal:index:Frontend' } });
    expect(effects.get('portal:index:Frontend::web')!.resource.dataBearing).toBeUndefined();
  });

  it('turning protection off is a reversible update that says what it enables', () => {
    expect(effects.get('azure-native:documentdb:DatabaseAccount::portal-sessions')).toMatchObject({ operation: 'update', reversible: true });
    expect(effects.get('azure-native:documentdb:DatabaseAccount::portal-sessions')!.summary).toMatch(/turns deletion protection off/);
  });

  it('a preview that failed is an unknown effect: what runs is not fully known', () => {
    const unknown = analysis.effects.filter((e) => e.operation === 'unknown');
    expect(unknown).toHaveLength(1);
    expect(unknown[0]!.summary).toMatch(/^the preview of prod failed \(unable to delete resource/);
  });

  it('a same step shown only for a protect change does not count as a listing of the whole stack', () => {
    expect(analysis.graph!.nodes).toEqual([]);
    expect(analysis.graph!.edges).toContainEqual({ from: pvc, to: 'portal:index:Frontend::web', via: 'is a child of' });
  });

  it('takes the kube context and the env config', () => {
    expect(analysis.hints.kubeContexts).toEqual(['aks-portal-prod']);
    expect(analysis.hints.names).toEqual(['prod']);
  });
});

describe('pulumi step operations', () => {
  it.each<[op: string, operation: Effect['operation'], reversible: boolean, destroysData: boolean]>([
    ['same', 'read', true, false],
    ['read', 'read', true, false],
    ['refresh', 'read', true, false],
    ['create', 'create', true, false],
    ['import', 'create', true, false],
    ['update', 'update', true, false],
    ['delete', 'delete', false, true],
    ['delete-replaced', 'replace', false, true],
    ['replace', 'replace', false, true],
    ['create-replacement', 'replace', false, true],
    ['read-replacement', 'replace', false, true],
    ['import-replacement', 'replace', false, true],
    ['discard', 'delete', false, false],
    ['discard-replaced', 'delete', false, false],
    ['remove-pending-replace', 'delete', false, false],
    ['frobnicate', 'unknown', false, false],
  ])('%s → %s', (op, operation, reversible, destroysData) => {
    const [effect] = analyze(oneStep(op)).effects;
    expect(shape(effect)).toEqual({ operation, reversible, destroysData, environmentWide: false });
  });

  it('an unknown operation among known ones makes the resource unknown (fail closed)', () => {
    const preview = oneStep('update');
    preview.steps.push({ ...preview.steps[0]!, op: 'obliterate' });
    const [effect] = analyze(preview).effects;
    expect(effect).toMatchObject({ operation: 'unknown', reversible: false });
    expect(effect!.summary).toMatch(/"update", "obliterate"/);
  });

  it('retainOnDelete on a replaced database keeps the old data', () => {
    const [effect] = analyze(oneStep('replace', { retainOnDelete: true })).effects;
    expect(shape(effect)).toEqual({ operation: 'replace', reversible: false, destroysData: false, environmentWide: false });
    expect(effect!.summary).toMatch(/with a new, empty one; its retainOnDelete keeps the old resource and its data/);
  });

  it('an import says which existing resource it adopts', () => {
    const [effect] = analyze(oneStep('import', { importID: 'orders-prod' })).effects;
    expect(effect!.summary).toBe('adopts the existing aws:rds/instance:Instance orders-prod into the stack as aws:rds/instance:Instance::orders-db (nothing is created)');
  });

  it('takes the type from the URN when no state carries it', () => {
    const [effect] = analyze({ steps: [{ op: 'delete', urn: DB }] }).effects;
    expect(effect).toMatchObject({ operation: 'delete', destroysData: true, resource: { kind: 'pulumi.aws:rds/instance:Instance', dataBearing: true } });
  });
});

describe('pulumi previews that reach the whole stack or hide part of it', () => {
  const replaceAll = (summary: Record<string, number>) => ({
    steps: [
      { op: 'same', urn: urn('pulumi:pulumi:Stack', 'shop-prod') },
      { op: 'replace', urn: DB },
      { op: 'replace', urn: urn('aws:ecs/service:Service', 'api') },
      { op: 'delete', urn: urn('aws:s3/bucketV2:BucketV2', 'assets') },
    ],
    changeSummary: summary,
  });

  it('replacing or deleting every existing resource (by the change summary) is environment-wide', () => {
    const effects = analyze(replaceAll({ same: 1, replace: 2, delete: 1 })).effects;
    expect(effects.filter((e) => e.operation !== 'read').every((e) => e.environmentWide === true)).toBe(true);
  });

  it('not when the change summary counts resources left alone', () => {
    const effects = analyze(replaceAll({ same: 4, replace: 2, delete: 1 })).effects;
    expect(effects.some((e) => e.environmentWide === true)).toBe(false);
  });

  it('a change summary that counts more than the steps list adds an unknown effect', () => {
    const effects = analyze(replaceAll({ same: 1, replace: 2, delete: 3 })).effects;
    expect(effects).toContainEqual(expect.objectContaining({ operation: 'unknown', summary: "the preview's change summary counts 3 delete steps but lists only 1; Airlock cannot see the rest" }));
  });

  it('a change summary without steps (the Automation API result) is unknown, never an allow', () => {
    const effects = analyze({ changeSummary: { same: 3, delete: 2 } }).effects;
    expect(effects.map((e) => e.operation)).toEqual(['unknown']);
  });

  it('a state Pulumi calls possibly corrupt is unknown', () => {
    const effects = analyze({ ...oneStep('update'), maybeCorrupt: true }).effects;
    expect(effects).toContainEqual(expect.objectContaining({ operation: 'unknown', summary: expect.stringMatching(/may be corrupt/) }));
  });
});

describe('pulumi steps and summaries that say less than they do', () => {
  const step = (extra: Record<string, unknown>) => {
    const full = { urn: DB, custom: true, type: 'aws:rds/instance:Instance', inputs: {} };
    return { steps: [{ op: 'update', urn: DB, oldState: full, newState: full, ...extra }] };
  };

  it.each<[label: string, extra: Record<string, unknown>]>([
    ['a detailed diff with update-replace', { detailedDiff: { engine: { kind: 'update-replace' } } }],
    ['a detailed diff with add-replace', { detailedDiff: { kmsKeyId: { kind: 'add-replace', inputDiff: true } } }],
    ['replaceReasons', { replaceReasons: ['engine'] }],
    ['keys (engine step events)', { keys: ['engine'] }],
  ])('an update step with %s is a replace that destroys data', (_label, extra) => {
    const [effect] = analyze(step(extra)).effects;
    expect(shape(effect)).toEqual({ operation: 'replace', reversible: false, destroysData: true, environmentWide: false });
    expect(effect!.summary).toMatch(/because .* changed \(the step says update, but its diff says these force a replacement\) — its data is lost/);
  });

  it('an update whose diff only updates stays an in-place update', () => {
    const [effect] = analyze(step({ detailedDiff: { instanceClass: { kind: 'update' } }, diffReasons: ['instanceClass'] })).effects;
    expect(shape(effect)).toEqual({ operation: 'update', reversible: true, destroysData: false, environmentWide: false });
  });

  it('keys changes the digest', () => {
    const digest = (payload: unknown) => digestOf({ kind: 'pulumi', payload: pulumiAnalyzer.canonical(pulumiAnalyzer.prepare(payload)) });
    expect(digest(step({ keys: ['engine'] }))).not.toBe(digest(step({})));
  });

  it.each<[label: string, summary: Record<string, number>]>([
    ['replacement steps', { 'delete-replaced': 3, 'create-replacement': 3 }],
    ['discards', { discard: 2 }],
    ['read-replacements', { 'read-replacement': 2 }],
    ['a key Airlock does not know', { Delete: 2 }],
    ['a future operation', { obliterate: 1 }],
  ])('a change summary counting %s that no step lists is unknown', (_label, summary) => {
    const effects = analyze({ steps: [], changeSummary: summary }).effects;
    expect(effects.length).toBeGreaterThan(0);
    expect(effects.every((e) => e.operation === 'unknown')).toBe(true);
  });

  it('reads, sames and refreshes need not be listed; zero counts say nothing', () => {
    expect(analyze({ steps: [], changeSummary: { same: 12, read: 2, refresh: 3, Delete: 0 } }).effects).toEqual([]);
  });

  it('a replacement listed in any of its step forms covers the summary of its forms', () => {
    const effects = analyze({ steps: [{ op: 'replace', urn: DB }], changeSummary: { replace: 1, 'create-replacement': 1, 'delete-replaced': 1 } }).effects;
    expect(effects.map((e) => e.operation)).toEqual(['replace']);
  });

  it('discarding a managed resource forgets it without deleting it: irreversible, no data lost', () => {
    const [effect] = analyze(oneStep('discard')).effects;
    expect(shape(effect)).toEqual({ operation: 'delete', reversible: false, destroysData: false, environmentWide: false });
    expect(effect!.summary).toMatch(/^stops managing aws:rds\/instance:Instance::orders-db: the resource keeps running, but Pulumi forgets it/);
    expect(effect!.summary).not.toMatch(/nothing is deleted/);
    expect(analyze(oneStep('discard', { external: true })).effects[0]!.summary).toMatch(/read with \.get\(\).*nothing is deleted/);
  });
});

describe('pulumi environment hints', () => {
  it('the fully qualified stack name gives its last part', () => {
    expect(analyze({ ...oneStep('update'), stack: 'acme/web/prod' }).hints.names).toEqual(['prod']);
  });

  it('the AWS profile, env-like config keys and aws:defaultTags; secrets are not names', () => {
    const hints = analyze({
      ...oneStep('update'),
      config: { 'aws:profile': 'shop-prod', 'web:stage': 'live', 'web:environment': '[secret]', 'aws:defaultTags': '{"tags":{"env":"prod"}}', 'aws:region': 'eu-west-1' },
    }).hints;
    expect(hints.awsProfiles).toEqual(['shop-prod']);
    expect(hints.names).toEqual(['prod', 'live']);
    expect(hints.tags).toEqual([{ env: 'prod' }]);
  });
});

describe('pulumi payload validation', () => {
  const refused = (payload: unknown) => {
    try {
      pulumiAnalyzer.prepare(payload);
    } catch (error) {
      expect(error).toBeInstanceOf(AirlockError);
      return error as AirlockError;
    }
    throw new Error('expected prepare to refuse the payload');
  };

  it('accepts the CLI output as text', () => {
    const text = readFileSync(new URL('../../../test/fixtures/pulumi/dev-creates.preview.json', import.meta.url), 'utf8');
    expect(analyze(text).effects).toHaveLength(5);
  });

  it('refuses text that is not JSON, with a hint', () => {
    const error = refused('Previewing update (prod):\n{"steps": []}');
    expect(error.code).toBe('invalid_input');
    expect(error.hint).toMatch(/pulumi preview --json/);
  });

  it('recognises the streaming event log and says how to get the document', () => {
    const error = refused('{"sequence":0,"timestamp":1,"cancelEvent":{}}\n{"sequence":1,"timestamp":1,"summaryEvent":{}}\n');
    expect(error.message).toMatch(/stream of Pulumi engine events/);
    expect(error.hint).toMatch(/PULUMI_ENABLE_STREAMING_JSON_PREVIEW/);
  });

  it('refuses text above the size cap', () => {
    const error = refused(' '.repeat(MAX_PREVIEW_CHARS + 1));
    expect(error.code).toBe('input_too_large');
    expect(error.hint).toMatch(/--target/);
  });

  it('refuses an empty object: it would read as "nothing changes"', () => {
    expect(refused({}).message).toMatch(/neither steps nor a changeSummary/);
  });

  it('refuses state from pulumi stack export', () => {
    expect(refused({ version: 3, deployment: { resources: [] } }).message).toMatch(/pulumi stack export/);
  });

  it('refuses an array of events', () => {
    expect(refused([{ sequence: 0 }]).hint).toMatch(/PULUMI_ENABLE_STREAMING_JSON_PREVIEW/);
  });

  it('names where a malformed preview goes wrong', () => {
    const error = refused({ steps: [{ op: 'delete' }] });
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/at steps\.0\.urn/);
  });
});

describe('pulumi canonical form', () => {
  const digest = (payload: unknown) =>
    digestOf({ kind: 'pulumi', payload: pulumiAnalyzer.canonical(pulumiAnalyzer.prepare(payload)), environment: 'prod' });

  it('ignores key order, step order and how long the preview took', () => {
    const payload = load('prod-db-replace');
    const reverseKeys = (value: unknown): unknown =>
      Array.isArray(value) ? value.map(reverseKeys) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)])) : value;
    const reordered = reverseKeys(payload);
    const shuffled = { ...payload, steps: [...(payload['steps'] as unknown[])].reverse(), duration: 123456789 };
    expect(digest(shuffled)).toBe(digest(payload));
    expect(digest(reordered)).toBe(digest(payload));
  });

  it('changes when an operation or an input changes', () => {
    expect(digest(oneStep('update'))).not.toBe(digest(oneStep('replace')));
    expect(digest(oneStep('update', { inputs: { instanceClass: 'db.r6g.large' } }))).not.toBe(digest(oneStep('update', { inputs: { instanceClass: 'db.r6g.xlarge' } })));
    expect(digest(oneStep('delete', { protect: true }))).not.toBe(digest(oneStep('delete')));
  });
});

describe('pulumi URNs and types', () => {
  it('parses a URN whose name contains ::, and a parent chain', () => {
    expect(parseUrn('urn:pulumi:prod::shop::acme:web:Site$aws:s3/bucket:Bucket::a::b')).toEqual({
      stack: 'prod',
      project: 'shop',
      qualifiedType: 'acme:web:Site$aws:s3/bucket:Bucket',
      type: 'aws:s3/bucket:Bucket',
      name: 'a::b',
    });
    expect(addressOf('urn:pulumi:prod::shop::acme:web:Site$aws:s3/bucket:Bucket::site')).toBe('acme:web:Site$aws:s3/bucket:Bucket::site');
    expect(addressOf('not-a-urn')).toBe('not-a-urn');
  });

  it('spells a token as the Terraform types it may be', () => {
    expect(terraformTypesOf('gcp:sql/databaseInstance:DatabaseInstance')).toEqual(['google_sql_database_instance', 'google_database_instance']);
    expect(terraformTypesOf('kubernetes:apps/v1:StatefulSet')).toEqual(['kubernetes_stateful_set']);
    expect(terraformTypesOf('gcp:compute/uRLMap:URLMap')).toContain('google_compute_url_map');
  });

  it.each([
    'aws:rds/instance:Instance',
    'aws:rds/cluster:Cluster',
    'aws:dynamodb/table:Table',
    'aws:s3/bucket:Bucket',
    'aws:s3/bucketV2:BucketV2',
    'aws:ebs/volume:Volume',
    'aws:efs/fileSystem:FileSystem',
    'gcp:sql/databaseInstance:DatabaseInstance',
    'gcp:storage/bucket:Bucket',
    'gcp:compute/disk:Disk',
    'gcp:organizations/project:Project',
    'azure-native:sql:Database',
    'azure-native:storage:StorageAccount',
    'azure-native:resources:ResourceGroup',
    'azure:compute/managedDisk:ManagedDisk',
    'kubernetes:core/v1:PersistentVolumeClaim',
    'kubernetes:core/v1:Namespace',
    'aws-native:rds:DbInstance',
  ])('%s holds data', (token) => {
    expect(isDataBearingToken(token)).toBe(true);
  });

  it.each(['aws:ec2/instance:Instance', 'aws:s3/bucketPolicy:BucketPolicy', 'aws:iam/role:Role', 'aws:ec2/routeTable:RouteTable', 'pulumi:providers:aws', 'pulumi:pulumi:Stack', 'kubernetes:apps/v1:Deployment'])(
    '%s holds no data',
    (token) => {
      expect(isDataBearingToken(token)).toBe(false);
    },
  );

  it.each([
    'aws:lb/loadBalancer:LoadBalancer',
    'aws:lb/listener:Listener',
    'aws:ecs/service:Service',
    'aws:cloudfront/distribution:Distribution',
    'aws:route53/record:Record',
    'aws:apigateway/restApi:RestApi',
    'gcp:cloudrunv2/service:Service',
    'gcp:compute/globalForwardingRule:GlobalForwardingRule',
    'azure-native:network:ApplicationGateway',
    'kubernetes:core/v1:Service',
    'kubernetes:networking.k8s.io/v1:Ingress',
  ])('%s serves customers', (token) => {
    expect(isCustomerFacingToken(token)).toBe(true);
  });
});
