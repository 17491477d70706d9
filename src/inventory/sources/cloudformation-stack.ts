import { parseDocument, type CollectionTag, type ScalarTag } from 'yaml';
import { z } from 'zod';
import { StackResourceSchema } from '../../analyze/cloudformation/change-set-schema.js';
import { isCustomerFacingType, isDataBearingType } from '../../analyze/cloudformation/resource-types.js';
import { AirlockError } from '../../errors/index.js';
import { createEdgeCollector, type GraphEdge, type GraphNode } from '../../model/index.js';
import type { SourceGraph } from '../inventory-model.js';

/**
 * A CloudFormation stack as a dependency graph: the stack and every resource in it (what `aws
 * cloudformation describe-stack-resources` prints), each resource in its stack; with the stack's
 * template, also what references what (`Ref`, `Fn::GetAtt`, `Fn::Sub`), `DependsOn`, and the
 * DeletionPolicy / UpdateReplacePolicy that decide whether a resource's data outlives it. Pure.
 */

const HINT =
  'give the output of `aws cloudformation describe-stack-resources --stack-name STACK` (or of `list-stack-resources`, with the stack name, for stacks of more than 100 resources)';
const TEMPLATE_HINT = 'give the template as `aws cloudformation get-template --stack-name STACK --query TemplateBody` prints it (JSON, or the YAML text of a YAML template)';

export interface CloudFormationStackOptions {
  /**
   * The stack's template: a parsed object, or text (JSON or YAML with the short forms `!Ref`,
   * `!GetAtt`, `!Sub` …), or `get-template`'s whole answer (`{ TemplateBody }`).
   */
  readonly template?: unknown;
  /** The stack's name. Needed for `list-stack-resources` output, which does not name it. */
  readonly stackName?: string | undefined;
}

const StackResourcesSchema = z.looseObject({ StackResources: z.array(StackResourceSchema) });
/** `list-stack-resources`: the same resource fields, without the stack's name; no 100-resource cap. */
const StackResourceSummariesSchema = z.looseObject({ StackResourceSummaries: z.array(StackResourceSchema) });

const TemplateSchema = z.looseObject({
  Resources: z.record(
    z.string(),
    z.looseObject({
      Type: z.string().optional(),
      DependsOn: z.union([z.string(), z.array(z.string())]).optional(),
      // Strings, except under the AWS::LanguageExtensions transform (`Fn::If`, `Ref` to a parameter).
      DeletionPolicy: z.unknown().optional(),
      UpdateReplacePolicy: z.unknown().optional(),
    }),
  ),
});

const STACK_KIND = 'aws.cloudformation.stack';
const NESTED_STACK = 'AWS::CloudFormation::Stack';

/** How deep a template's values are searched for references; real templates stay far below. */
const MAX_DEPTH = 128;

/** A stack's resources (and optionally its template) as a resource graph. */
export function cloudformationStackGraph(json: unknown, options: CloudFormationStackOptions = {}): SourceGraph {
  const resources = readResources(json, options.stackName)
    // A deleted stack's resources (asked for by stack id) are still listed, as DELETE_COMPLETE.
    .filter((resource) => resource.status !== 'DELETE_COMPLETE');
  const stacks = [...new Set(resources.map((resource) => resource.stack))];
  if (options.stackName && !stacks.includes(options.stackName)) stacks.unshift(options.stackName);

  const nodes: GraphNode[] = stacks.map((stack) => ({ address: stack, kind: STACK_KIND }));
  const { edges, add: addEdge } = createEdgeCollector();

  const template = options.template === undefined ? undefined : readTemplate(options.template);
  const templateStack = template ? stackOfTemplate(stacks, options.stackName) : undefined;
  /** Logical ids of the template's stack that exist: a resource whose Condition is false never does. */
  const existing = new Set(resources.filter((resource) => resource.stack === templateStack).map((resource) => resource.logicalId));

  const addresses = new Set<string>();
  for (const resource of resources) {
    const address = `${resource.stack}/${resource.logicalId}`;
    if (addresses.has(address)) continue;
    addresses.add(address);
    const definition = template && resource.stack === templateStack && Object.hasOwn(template.Resources, resource.logicalId) ? template.Resources[resource.logicalId] : undefined;
    const tags: Record<string, string> = {};
    if (typeof definition?.DeletionPolicy === 'string') tags.DeletionPolicy = definition.DeletionPolicy;
    if (typeof definition?.UpdateReplacePolicy === 'string') tags.UpdateReplacePolicy = definition.UpdateReplacePolicy;
    nodes.push({
      address,
      kind: `cloudformation.${resource.type}`,
      ...(Object.keys(tags).length > 0 ? { tags } : {}),
      ...(isDataBearingType(resource.type) ? { dataBearing: true } : {}),
      ...(isCustomerFacingType(resource.type) ? { customerFacing: true } : {}),
    });
    addEdge(address, resource.stack, 'is in stack');

    // A nested stack's own resources are in the stack its physical id names (another source):
    // deleting or replacing this resource deletes that stack.
    const nested = resource.type === NESTED_STACK ? stackNameOfArn(resource.physicalId) : undefined;
    if (nested) addEdge(nested, address, 'is created by');

    if (!definition) continue;
    for (const target of referencesIn(definition)) {
      if (existing.has(target)) addEdge(address, `${resource.stack}/${target}`, 'references');
    }
    const dependsOn = typeof definition.DependsOn === 'string' ? [definition.DependsOn] : (definition.DependsOn ?? []);
    for (const target of dependsOn) {
      if (existing.has(target)) addEdge(address, `${resource.stack}/${target}`, 'depends on');
    }
  }
  return { nodes, edges };
}

interface ListedResource {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId: string | undefined;
  readonly status: string | undefined;
}

function readResources(json: unknown, stackName: string | undefined): ListedResource[] {
  const summaries = json !== null && typeof json === 'object' && 'StackResourceSummaries' in json;
  const parsed = summaries
    ? StackResourceSummariesSchema.transform((data) => data.StackResourceSummaries).safeParse(json)
    : StackResourcesSchema.transform((data) => data.StackResources).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new AirlockError('invalid_input', `not a CloudFormation stack's resources${where}: ${issue?.message ?? 'invalid'}`, { hint: HINT });
  }
  return parsed.data.map((resource, index) => {
    const stack = resource.StackName ?? stackName;
    if (!stack) {
      throw new AirlockError('invalid_input', `CloudFormation resource ${resource.LogicalResourceId} (entry ${index}) does not name its stack`, {
        hint: 'use `aws cloudformation describe-stack-resources --stack-name STACK`, whose entries name their stack, or give the stack name with `list-stack-resources` output',
      });
    }
    return { stack, logicalId: resource.LogicalResourceId, type: resource.ResourceType, physicalId: resource.PhysicalResourceId, status: resource.ResourceStatus };
  });
}

/** The stack a template describes: the one named, or the only one listed. */
function stackOfTemplate(stacks: readonly string[], stackName: string | undefined): string | undefined {
  if (stackName) return stackName;
  if (stacks.length <= 1) return stacks[0];
  throw new AirlockError('invalid_input', `the resources of ${stacks.length} stacks (${stacks.join(', ')}) came with one template`, {
    hint: 'name the stack the template belongs to, or give one stack’s resources',
  });
}

function readTemplate(input: unknown): z.infer<typeof TemplateSchema> {
  let template = input;
  // `get-template` without `--query TemplateBody` wraps the body; a YAML body is one string.
  if (template !== null && typeof template === 'object' && 'TemplateBody' in template) template = template.TemplateBody;
  if (typeof template === 'string') template = parseTemplateText(template);
  const parsed = TemplateSchema.safeParse(template);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new AirlockError('invalid_input', `not a CloudFormation template${where}: ${issue?.message ?? 'invalid'}`, { hint: TEMPLATE_HINT });
  }
  return parsed.data;
}

/** Short forms of CloudFormation's intrinsic functions in YAML (`!Ref X` is `{ Ref: X }`). */
const INTRINSICS = [
  'Ref',
  'Condition',
  'And',
  'Base64',
  'Cidr',
  'Contains',
  'EachMemberEquals',
  'EachMemberIn',
  'Equals',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'If',
  'ImportValue',
  'Join',
  'Length',
  'Not',
  'Or',
  'RefAll',
  'Select',
  'Split',
  'Sub',
  'ToJsonString',
  'Transform',
  'ValueOf',
  'ValueOfAll',
];

const CLOUDFORMATION_TAGS: Array<ScalarTag | CollectionTag> = INTRINSICS.flatMap((name) => {
  const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
  return [
    { tag: `!${name}`, resolve: (value: string) => ({ [key]: value }) },
    { tag: `!${name}`, collection: 'seq' as const, resolve: (value: { toJSON(): unknown }) => ({ [key]: value.toJSON() }) },
    { tag: `!${name}`, collection: 'map' as const, resolve: (value: { toJSON(): unknown }) => ({ [key]: value.toJSON() }) },
  ] satisfies Array<ScalarTag | CollectionTag>;
});

/** JSON or YAML template text (YAML is a superset of JSON). */
function parseTemplateText(text: string): unknown {
  // parseDocument, not parse: it collects problems instead of printing warnings (an unknown tag).
  const document = parseDocument(text, { customTags: CLOUDFORMATION_TAGS });
  const error = document.errors[0];
  if (error) throw new AirlockError('invalid_input', `the CloudFormation template is neither JSON nor YAML: ${error.message.split('\n')[0]}`, { hint: TEMPLATE_HINT });
  try {
    return document.toJS();
  } catch (cause) {
    // Too many aliases (an alias bomb) and similar.
    throw new AirlockError('invalid_input', `the CloudFormation template cannot be read: ${cause instanceof Error ? cause.message : String(cause)}`, { cause, hint: TEMPLATE_HINT });
  }
}

/**
 * Logical ids a resource's definition names through `Ref`, `Fn::GetAtt` and `Fn::Sub`. Parameters
 * and pseudo parameters (`AWS::Region`) come out too; only ids of the stack's resources are kept.
 */
function referencesIn(value: unknown, out = new Set<string>(), depth = 0): Set<string> {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return out;
  if (Array.isArray(value)) {
    for (const item of value) referencesIn(item, out, depth + 1);
    return out;
  }
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'Ref' && typeof inner === 'string') {
      out.add(inner);
    } else if (key === 'Fn::GetAtt') {
      // [LogicalId, Attribute] in JSON; `LogicalId.Attribute` from YAML's `!GetAtt A.B`.
      const target = Array.isArray(inner) ? inner[0] : typeof inner === 'string' ? inner.split('.')[0] : undefined;
      if (typeof target === 'string') out.add(target);
      referencesIn(inner, out, depth + 1);
    } else if (key === 'Fn::Sub') {
      const [text, variables] = Array.isArray(inner) ? [inner[0], inner[1]] : [inner, undefined];
      const local = variables !== null && typeof variables === 'object' ? new Set(Object.keys(variables)) : new Set<string>();
      // `${Name}` and `${Name.Attribute}`; `${!Literal}` is an escaped, literal `${Literal}`.
      if (typeof text === 'string') {
        for (const match of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
          const name = (match[1] ?? '').trim().split('.')[0] ?? '';
          if (!local.has(name)) out.add(name);
        }
      }
      referencesIn(variables, out, depth + 1);
    } else {
      referencesIn(inner, out, depth + 1);
    }
  }
  return out;
}

/** `arn:aws:cloudformation:eu-west-1:123456789012:stack/NAME/GUID` → NAME. */
function stackNameOfArn(arn: string | undefined): string | undefined {
  const match = arn ? /^arn:[^:]+:cloudformation:[^:]*:[^:]*:stack\/([^/]+)\//.exec(arn) : null;
  return match?.[1];
}
