import { AirlockError } from '../../errors/index.js';
import type { Effect, EnvironmentHints, GraphEdge, GraphNode, Operation, Resource, ResourceGraph } from '../../model/index.js';
import type { Analysis, Analyzer } from '../analyzer.js';
import {
  CloudFormationPayloadSchema,
  type Change,
  type ChangeSet,
  type CloudFormationPayload,
  type DeleteStack,
  type ResourceChange,
} from './change-set-schema.js';
import { capacityProperties, dataProtectionProperties, isCustomerFacingType, isCustomResourceType, isDataBearingType } from './resource-types.js';
import { evaluateStackPolicy, readStackPolicy, type StackPolicy, type UpdateAction } from './stack-policy.js';

/** Tag and parameter keys whose value names the environment. */
const ENVIRONMENT_KEYS = new Set(['environment', 'env', 'stage', 'environmentname', 'environment_name', 'env_name', 'tier']);

/** A nested stack: whatever its own template does is invisible from the parent's change set. */
const NESTED_STACK = 'AWS::CloudFormation::Stack';

/** Detail sources whose CausingEntity names another resource (`MyDB` or `MyDB.Endpoint.Address`). */
const RESOURCE_SOURCES = new Set(['ResourceReference', 'ResourceAttribute']);

/**
 * CloudFormation: the JSON of `aws cloudformation describe-change-set` (what executing the change
 * set would do) or a stack deletion (`describe-stack-resources` → `.StackResources`). Add is a
 * create; Modify an in-place update, or a replace when its Replacement or any of its Details
 * (RequiresRecreation Always or Conditionally) says so — the worse of the two; Remove a delete;
 * Dynamic (decided only at execution) is unknown. An in-place update of what protects data
 * (backups, deletion protection, versioning, lifecycle) cannot be undone, and one of a desired count
 * may stop a service. Custom resources run a handler's code on every Add, Modify and Remove.
 * Deleting or replacing a data-bearing type destroys data unless its DeletionPolicy/
 * UpdateReplacePolicy keeps it (Retain, Snapshot). Deleting a stack deletes every resource in it,
 * environment-wide.
 */
export const cloudformationAnalyzer: Analyzer<CloudFormationPayload> = {
  kind: 'cloudformation',

  prepare(payload) {
    const parsed = CloudFormationPayloadSchema.safeParse(payload);
    if (!parsed.success) {
      const issue = deepestIssue(parsed.error.issues);
      const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
      throw new AirlockError('invalid_input', `not a CloudFormation change set or stack deletion${where}: ${issue?.message ?? 'invalid'}`, {
        hint: 'pass { changeSet: <aws cloudformation describe-change-set --output json> } or { deleteStack: { stackName, resources: <describe-stack-resources .StackResources>, terminationProtection } }',
      });
    }
    if ('changeSet' in parsed.data && parsed.data.stackPolicy !== undefined) {
      const read = readStackPolicy(parsed.data.stackPolicy);
      if ('error' in read) throw new AirlockError('invalid_input', read.error, { hint: 'pass stackPolicy as `aws cloudformation get-stack-policy` prints it, or leave it out' });
      return { ...parsed.data, stackPolicy: read.policy };
    }
    return parsed.data;
  },

  canonical(input) {
    if ('changeSet' in input) {
      const cs = input.changeSet;
      const changes = cs.Changes.map(canonicalChange).sort((a, b) => compare(`${a.logicalId}\u0000${a.type}`, `${b.logicalId}\u0000${b.type}`));
      const parameters = Object.fromEntries(
        (cs.Parameters ?? [])
          .map((p) => [p.ParameterKey, p.UsePreviousValue ? { usePreviousValue: true } : (p.ResolvedValue ?? p.ParameterValue ?? null)] as const)
          .sort(([a], [b]) => compare(a, b)),
      );
      return {
        stackName: cs.StackName,
        changes,
        parameters,
        tags: tagRecord(cs.Tags) ?? {},
        incomplete: cs.NextToken !== undefined,
        ...(input.stackPolicy === undefined ? {} : { stackPolicy: input.stackPolicy }),
      };
    }
    const del = input.deleteStack;
    return {
      deleteStack: del.stackName,
      resources: del.resources
        .map((r) => ({ logicalId: r.LogicalResourceId, type: r.ResourceType, physicalId: r.PhysicalResourceId ?? null }))
        .sort((a, b) => compare(a.logicalId, b.logicalId)),
      terminationProtection: del.terminationProtection === true,
    };
  },

  analyze(input): Analysis {
    return 'changeSet' in input ? analyzeChangeSet(input.changeSet, input.stackPolicy as StackPolicy | undefined) : analyzeDeleteStack(input.deleteStack);
  },
};

// ---------------------------------------------------------------------------------------------
// Change sets

function analyzeChangeSet(cs: ChangeSet, stackPolicy: StackPolicy | undefined): Analysis {
  const tags = tagRecord(cs.Tags);
  const effects: Effect[] = [];
  const edges: GraphEdge[] = [];
  for (const change of cs.Changes) {
    const rc = change.ResourceChange;
    if (change.Type !== undefined && change.Type !== 'Resource') {
      effects.push(unknown(cs.StackName, change, `a change of type ${change.Type} in stack ${cs.StackName}, which Airlock does not know`));
      continue;
    }
    if (!rc) {
      effects.push(unknown(cs.StackName, change, `a change without a ResourceChange in stack ${cs.StackName}`));
      continue;
    }
    const resource = resourceOf(cs.StackName, rc.LogicalResourceId, rc.ResourceType, tags);
    effects.push(withStackPolicy(effectOf(resource, rc), rc, stackPolicy));
  }
  const seen = new Set<string>();
  for (const change of cs.Changes) {
    const rc = change.ResourceChange;
    if (!rc) continue;
    const from = addressOf(cs.StackName, rc.LogicalResourceId);
    for (const detail of rc.Details ?? []) {
      if (!detail.CausingEntity || !RESOURCE_SOURCES.has(detail.ChangeSource ?? '')) continue;
      const logicalId = detail.CausingEntity.split('.')[0];
      if (!logicalId || logicalId === rc.LogicalResourceId) continue;
      const to = addressOf(cs.StackName, logicalId);
      const key = `${from}\u0000${to}`;
      if (seen.has(key)) continue;
      seen.add(key);
      edges.push({ from, to, via: `CloudFormation change set: ${rc.LogicalResourceId} ${detail.Target?.Name ? `${detail.Target.Attribute ?? 'Properties'}.${detail.Target.Name} ` : ''}references ${detail.CausingEntity}` });
    }
  }
  if (cs.NextToken !== undefined) {
    effects.push({
      operation: 'unknown',
      resource: { kind: 'aws.cloudformation.stack', address: cs.StackName, ...(tags ? { tags } : {}) },
      reversible: false,
      destroysData: false,
      summary: `the change set for ${cs.StackName} has more changes than this page lists (NextToken is set); Airlock cannot see the rest`,
      evidence: `NextToken`,
    });
  }
  // Nodes are what the blast radius counts as the environment (its size, the share a change
  // reaches). A change set lists only the resources that change, not the stack's others, so its
  // resources as nodes would make every change set look like "the whole environment". It gives
  // edges only; the changed resources' flags travel on their Effects.
  const graph: ResourceGraph = { nodes: [], edges };
  return { effects, graph, hints: hintsOf(cs.StackName, tags, cs.Parameters) };
}

// A custom resource's update is an execute (its handler runs), still an Update:Modify to the policy.
const POLICY_ACTIONS: Partial<Record<Operation, UpdateAction>> = { replace: 'Update:Replace', delete: 'Update:Delete', update: 'Update:Modify', execute: 'Update:Modify' };

/**
 * What the stack policy says about this change, as a fact in its summary. It never makes the
 * change look safer: whoever runs the change set can pass a policy that overrides it.
 */
function withStackPolicy(effect: Effect, rc: ResourceChange, policy: StackPolicy | undefined): Effect {
  const action = POLICY_ACTIONS[effect.operation];
  if (!policy || !action || rc.Action === 'Add' || rc.Action === 'Import') return effect;
  const verdict = evaluateStackPolicy(policy, action, rc.LogicalResourceId, rc.ResourceType);
  if (verdict.allowed) return effect;
  return { ...effect, summary: `${effect.summary}; CloudFormation will stop it unless the update overrides the policy (${verdict.because})` };
}

function effectOf(resource: Resource, rc: ResourceChange): Effect {
  const name = resource.address;
  const evidence = `${rc.LogicalResourceId} (${rc.ResourceType}${rc.PhysicalResourceId ? ` ${rc.PhysicalResourceId}` : ''}): Action ${rc.Action}${rc.Replacement ? `, Replacement ${rc.Replacement}` : ''}${rc.PolicyAction ? `, PolicyAction ${rc.PolicyAction}` : ''}`;
  const dataBearing = resource.dataBearing === true;
  const nested = rc.ResourceType === NESTED_STACK;
  const make = (operation: Operation, reversible: boolean, destroysData: boolean, summary: string): Effect => ({ operation, resource, reversible, destroysData, summary, evidence });

  if (isCustomResourceType(rc.ResourceType)) {
    const custom = customResourceEffect(name, rc, make);
    if (custom) return custom;
  }

  switch (rc.Action) {
    case 'Add':
      return make('create', true, false, `creates ${name} (${rc.ResourceType})`);
    case 'Import':
      return make('update', true, false, `imports the existing ${rc.ResourceType}${rc.PhysicalResourceId ? ` ${rc.PhysicalResourceId}` : ''} into the stack as ${name}`);
    case 'Dynamic':
      return make('unknown', false, false, `changes ${name} in a way CloudFormation decides only when the change set runs (Action Dynamic)`);
    case 'Remove': {
      if (nested) return make('delete', false, true, `deletes the nested stack ${name} and every resource in it`);
      const kept = keptBy(rc.PolicyAction);
      if (kept === 'retain') return make('delete', false, false, `removes ${name} from the stack; its DeletionPolicy Retain keeps the resource${dataBearing ? ' and its data' : ''}`);
      if (kept === 'snapshot') return make('delete', false, false, `deletes ${name}; its DeletionPolicy Snapshot keeps a final snapshot of its data`);
      return make('delete', false, dataBearing, `deletes ${name}${dataBearing ? ' — its data is lost' : ''}`);
    }
    case 'Modify': {
      const recreation = recreationOf(rc);
      if ('unknown' in recreation) return make('unknown', false, false, `modifies ${name} with ${recreation.unknown}, which Airlock does not know`);
      if (recreation.level === 'False') {
        if (nested) return make('unknown', false, false, `changes the nested stack ${name}, whose own changes are in a separate change set Airlock has not seen`);
        return inPlaceUpdate(resource, rc, make);
      }
      const how = recreation.level === 'True' ? 'replaces' : 'may replace (CloudFormation says Conditional; treated as a replace)';
      const because = `${changedProperties(rc, true)}${recreation.overrides ? ` (its Replacement says ${rc.Replacement}, but the Details say a property requires recreation; Airlock takes the worse)` : ''}`;
      if (nested) return make('replace', false, true, `${how} the nested stack ${name} and every resource in it${because}`);
      const kept = keptBy(rc.PolicyAction);
      if (dataBearing && kept === 'retain') return make('replace', false, false, `${how} ${name} with a new, empty one${because}; its UpdateReplacePolicy Retain keeps the old resource and its data`);
      if (dataBearing && kept === 'snapshot') return make('replace', false, false, `${how} ${name} with a new, empty one${because}; its UpdateReplacePolicy Snapshot keeps a snapshot of the old data`);
      return make('replace', false, dataBearing, `${how} ${name} (create a new one, delete the old)${because}${dataBearing ? ' — its data is lost' : ''}`);
    }
    default:
      return make('unknown', false, false, `plans Action ${rc.Action} on ${name}, which Airlock does not know`);
  }
}

type MakeEffect = (operation: Operation, reversible: boolean, destroysData: boolean, summary: string) => Effect;

const REPLACEMENT_RANK: Readonly<Record<string, number>> = { False: 0, Conditional: 1, True: 2 };
const RECREATION_LEVEL: Readonly<Record<string, 'False' | 'Conditional' | 'True'>> = { Never: 'False', Conditionally: 'Conditional', Always: 'True' };

/**
 * Whether a Modify recreates the resource: the worse of its Replacement and what its Details say
 * of each property (Always: True; Conditionally: Conditional). CloudFormation derives one from the
 * other, so they disagree only in an edited document — and then the safe-looking one must not win.
 * The evaluation (Static or Dynamic) does not lower what a property may require. A missing
 * Replacement is Conditional; a property change without RequiresRecreation is Conditionally.
 */
function recreationOf(rc: ResourceChange): { level: 'False' | 'Conditional' | 'True'; overrides: boolean } | { unknown: string } {
  const declared = rc.Replacement ?? 'Conditional';
  if (REPLACEMENT_RANK[declared] === undefined) return { unknown: `Replacement ${declared}` };
  let level = declared as 'False' | 'Conditional' | 'True';
  let overrides = false;
  for (const detail of rc.Details ?? []) {
    const target = detail.Target;
    if (!target) continue;
    const requires = target.RequiresRecreation ?? (target.Attribute === 'Properties' ? 'Conditionally' : 'Never');
    const implied = RECREATION_LEVEL[requires];
    if (implied === undefined) return { unknown: `RequiresRecreation ${requires} on ${target.Name ?? target.Attribute ?? 'a property'}` };
    if (REPLACEMENT_RANK[implied]! > REPLACEMENT_RANK[level]!) {
      level = implied;
      overrides = true;
    }
  }
  return { level, overrides: overrides && rc.Replacement !== undefined };
}

/** Attributes whose change decides whether a later delete or replacement keeps the data. */
const RETENTION_ATTRIBUTES = new Set(['DeletionPolicy', 'UpdateReplacePolicy']);

/**
 * An in-place update. Reversible, unless it touches what protects the data (backups, deletion
 * protection, versioning, lifecycle rules, the DeletionPolicy): a change set names those properties
 * but not their new values, and weakening them cannot be undone once the data they protected is
 * gone. A desired count may be 0, which stops the service. A data-bearing resource whose Details do
 * not say what changes could be changing any of those.
 */
function inPlaceUpdate(resource: Resource, rc: ResourceChange, make: MakeEffect): Effect {
  const name = resource.address;
  const changed = changedProperties(rc, false);
  const protecting = dataProtectionProperties(rc.ResourceType);
  const capacity = capacityProperties(rc.ResourceType);
  const weakened: string[] = [];
  const scaled: string[] = [];
  for (const detail of rc.Details ?? []) {
    const target = detail.Target;
    if (!target) continue;
    if (target.Attribute && RETENTION_ATTRIBUTES.has(target.Attribute)) {
      if (!weakened.includes(target.Attribute)) weakened.push(target.Attribute);
      continue;
    }
    const property = target.Name ?? /^\/Properties\/([^/]+)/.exec(target.Path ?? '')?.[1];
    if (!property) continue;
    if (protecting.includes(property) && !weakened.includes(property)) weakened.push(property);
    if (capacity.includes(property) && !scaled.includes(property)) scaled.push(property);
  }
  const effects: string[] = [];
  if (weakened.length > 0) {
    effects.push(`changes ${weakened.join(', ')}, which protect${weakened.length === 1 ? 's' : ''} its data; the change set does not give the new values, so Airlock cannot tell whether the protection is weakened`);
  }
  if (scaled.length > 0) effects.push(`changes ${scaled.join(', ')}, which may be set to 0 and stop it serving until raised again`);
  if (effects.length > 0) {
    const effect = make('update', false, false, `updates ${name} in place${changed}: ${effects.join('; ')}`);
    return scaled.length > 0 ? { ...effect, outage: true } : effect;
  }
  if ((rc.Details ?? []).length === 0 && (resource.dataBearing === true || protecting.length > 0 || capacity.length > 0)) {
    return make('update', false, false, `updates ${name} in place without Details saying which properties change; it may weaken what protects its data (backups, deletion protection, versioning), which cannot be told`);
  }
  return make('update', true, false, `updates ${name} in place${changed}`);
}

/**
 * A custom resource runs code: CloudFormation sends Create, Update or Delete to the handler (a
 * Lambda function or an SNS topic) the template names, and whatever that code does — delete a
 * database, empty a bucket, call an API — is out of Airlock's sight and has no undo. A Delete
 * (removal, or the old half of a replacement) may destroy whatever the handler manages, unless
 * the DeletionPolicy or UpdateReplacePolicy Retain keeps CloudFormation from sending it.
 * Undefined for actions handled like any resource's (Dynamic, Import, unknown ones).
 */
function customResourceEffect(name: string, rc: ResourceChange, make: MakeEffect): Effect | undefined {
  const handler = 'its handler (a Lambda function or SNS topic), whose code Airlock cannot see';
  const retained = keptBy(rc.PolicyAction) === 'retain';
  switch (rc.Action) {
    case 'Add':
      return make('execute', false, false, `creates the custom resource ${name}: CloudFormation sends Create to ${handler}`);
    case 'Remove':
      if (retained) return make('delete', false, false, `removes the custom resource ${name} from the stack; its DeletionPolicy Retain keeps CloudFormation from sending Delete to its handler`);
      return make('delete', false, true, `deletes the custom resource ${name}: CloudFormation sends Delete to ${handler}; what it deletes cannot be told, so Airlock assumes data`);
    case 'Modify': {
      const recreation = recreationOf(rc);
      if ('unknown' in recreation) return make('unknown', false, false, `modifies the custom resource ${name} with ${recreation.unknown}, which Airlock does not know`);
      if (recreation.level === 'False') return make('execute', false, false, `updates the custom resource ${name}: CloudFormation sends Update to ${handler}${changedProperties(rc, false)}`);
      const how = recreation.level === 'True' ? 'replaces' : 'may replace (CloudFormation says Conditional; treated as a replace)';
      if (retained) return make('replace', false, false, `${how} the custom resource ${name}: CloudFormation sends Create for the new one to ${handler}; its UpdateReplacePolicy Retain keeps the old one`);
      return make('replace', false, true, `${how} the custom resource ${name}: CloudFormation sends Create for the new one, then Delete for the old one, to ${handler}; what it deletes cannot be told, so Airlock assumes data`);
    }
    default:
      return undefined;
  }
}

/** Whether a DeletionPolicy / UpdateReplacePolicy (the change's PolicyAction) keeps the old data. */
function keptBy(policyAction: string | undefined): 'retain' | 'snapshot' | undefined {
  switch (policyAction) {
    case 'Retain':
    case 'ReplaceAndRetain':
      return 'retain';
    case 'Snapshot':
    case 'ReplaceAndSnapshot':
      return 'snapshot';
    default:
      return undefined;
  }
}

/** " because Properties.Engine changed (requires recreation: Always)" from the change's Details. */
function changedProperties(rc: ResourceChange, recreatingOnly: boolean): string {
  const names: string[] = [];
  for (const detail of rc.Details ?? []) {
    const target = detail.Target;
    if (!target?.Name && !target?.Attribute) continue;
    const recreation = target.RequiresRecreation ?? (target.Attribute === 'Properties' ? 'Conditionally' : 'Never');
    if (recreatingOnly && recreation === 'Never') continue;
    const label = `${target.Name ?? target.Attribute}${recreatingOnly ? ` (requires recreation: ${recreation})` : ''}`;
    if (!names.includes(label)) names.push(label);
  }
  if (names.length === 0) return '';
  return recreatingOnly ? ` because ${names.join(', ')} changed` : ` (${names.join(', ')})`;
}

function unknown(stackName: string, change: Change, summary: string): Effect {
  return {
    operation: 'unknown',
    resource: { kind: 'aws.cloudformation.stack', address: stackName },
    reversible: false,
    destroysData: false,
    summary,
    evidence: JSON.stringify(change).slice(0, 200),
  };
}

// ---------------------------------------------------------------------------------------------
// Stack deletion

function analyzeDeleteStack(del: DeleteStack): Analysis {
  const tags = tagRecord(del.tags);
  const protectedNote = del.terminationProtection
    ? ` (termination protection is on: CloudFormation will refuse to delete the stack until it is turned off)`
    : '';
  const effects: Effect[] = [];
  const nodes: GraphNode[] = [];
  for (const r of del.resources) {
    const resource = resourceOf(del.stackName, r.LogicalResourceId, r.ResourceType, tags);
    nodes.push(nodeOf(resource));
    const nested = r.ResourceType === NESTED_STACK;
    const destroysData = resource.dataBearing === true || nested;
    effects.push({
      operation: 'delete',
      resource,
      reversible: false,
      destroysData,
      environmentWide: true,
      summary: `deletes ${resource.address} with the whole stack ${del.stackName}${nested ? ', and every resource of that nested stack' : ''}${destroysData && !nested ? ' — its data is lost unless its DeletionPolicy keeps it' : ''}${protectedNote}`,
      evidence: `delete-stack ${del.stackName}: ${r.LogicalResourceId} (${r.ResourceType}${r.PhysicalResourceId ? ` ${r.PhysicalResourceId}` : ''})`,
    });
  }
  if (effects.length === 0) {
    // Nothing listed: the stack's contents are unknown, so assume the worst (fail closed).
    effects.push({
      operation: 'delete',
      resource: { kind: 'aws.cloudformation.stack', address: del.stackName, ...(tags ? { tags } : {}) },
      reversible: false,
      destroysData: true,
      environmentWide: true,
      summary: `deletes the stack ${del.stackName} and every resource in it (none were listed, so Airlock assumes some hold data)${protectedNote}`,
      evidence: `delete-stack ${del.stackName}`,
    });
  }
  return { effects, graph: { nodes, edges: [] }, hints: hintsOf(del.stackName, tags, undefined) };
}

// ---------------------------------------------------------------------------------------------
// Shared

function addressOf(stackName: string, logicalId: string): string {
  return `${stackName}/${logicalId}`;
}

function resourceOf(stackName: string, logicalId: string, type: string, tags: Record<string, string> | undefined): Resource {
  const dataBearing = isDataBearingType(type);
  const customerFacing = isCustomerFacingType(type);
  return {
    kind: `cloudformation.${type}`,
    address: addressOf(stackName, logicalId),
    ...(tags ? { tags } : {}),
    ...(dataBearing ? { dataBearing: true } : {}),
    ...(customerFacing ? { customerFacing: true } : {}),
  };
}

function nodeOf(resource: Resource): GraphNode {
  return {
    address: resource.address,
    kind: resource.kind,
    ...(resource.tags ? { tags: resource.tags } : {}),
    ...(resource.dataBearing ? { dataBearing: true } : {}),
    ...(resource.customerFacing ? { customerFacing: true } : {}),
  };
}

function tagRecord(tags: ReadonlyArray<{ Key: string; Value: string }> | undefined): Record<string, string> | undefined {
  if (!tags || tags.length === 0) return undefined;
  return Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
}

/** The stack name, environment-naming tag values and parameters, and the stack's tags. */
function hintsOf(
  stackName: string,
  tags: Record<string, string> | undefined,
  parameters: ChangeSet['Parameters'],
): Partial<EnvironmentHints> {
  const names = [stackName];
  for (const [key, value] of Object.entries(tags ?? {})) {
    if (ENVIRONMENT_KEYS.has(key.toLowerCase()) && value && !names.includes(value)) names.push(value);
  }
  for (const p of parameters ?? []) {
    const value = p.ResolvedValue ?? p.ParameterValue;
    if (ENVIRONMENT_KEYS.has(p.ParameterKey.toLowerCase()) && value && !names.includes(value)) names.push(value);
  }
  return { names, tags: tags ? [tags] : [] };
}

function canonicalChange(change: Change) {
  const rc = change.ResourceChange;
  if (!rc) return { logicalId: '', type: change.Type ?? null, change: change as unknown };
  const details = (rc.Details ?? [])
    .map((d) => ({
      target: d.Target ? { attribute: d.Target.Attribute ?? null, name: d.Target.Name ?? null, requiresRecreation: d.Target.RequiresRecreation ?? null, path: d.Target.Path ?? null } : null,
      evaluation: d.Evaluation ?? null,
      changeSource: d.ChangeSource ?? null,
      causingEntity: d.CausingEntity ?? null,
    }))
    .map((d) => [JSON.stringify(d), d] as const)
    .sort(([a], [b]) => compare(a, b))
    .map(([, d]) => d);
  return {
    logicalId: rc.LogicalResourceId,
    type: rc.ResourceType,
    action: rc.Action,
    replacement: rc.Replacement ?? null,
    scope: [...(rc.Scope ?? [])].sort(),
    policyAction: rc.PolicyAction ?? null,
    details,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The most specific issue of a union parse (the branch that got furthest). */
function deepestIssue(issues: ReadonlyArray<{ path: PropertyKey[]; message: string; code?: string; errors?: unknown }>) {
  const first = issues[0];
  if (first && first.code === 'invalid_union' && Array.isArray(first.errors)) {
    const branches = first.errors as Array<Array<{ path: PropertyKey[]; message: string }>>;
    let best: { path: PropertyKey[]; message: string } | undefined;
    for (const branch of branches) for (const issue of branch) if (!best || issue.path.length > best.path.length) best = issue;
    if (best) return { ...best, path: [...first.path, ...best.path] };
  }
  return first;
}
