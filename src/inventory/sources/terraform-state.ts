import { z } from 'zod';
import { baseAddress, buildPlanGraph, tagsOf } from '../../analyze/terraform/plan-graph.js';
import { TerraformPlanSchema, type StateModule, type StateResource } from '../../analyze/terraform/plan-schema.js';
import { AirlockError } from '../../errors/index.js';
import type { SourceGraph } from '../inventory-model.js';

/**
 * A Terraform (or OpenTofu) state as a dependency graph: every managed resource instance at its
 * address (`module.db.aws_db_instance.main`, `aws_instance.web[0]`), kind `terraform.<type>`,
 * flagged data-bearing or customer-facing by the Terraform analyzer's type lists, tagged with its
 * effective tags; an edge for each dependency Terraform recorded in the state. Data sources are
 * reads, not resources anyone can break, and are left out. Pure.
 *
 * Reads `terraform show -json` without a plan file (https://developer.hashicorp.com/terraform/internals/json-format#state-representation)
 * and the state file itself (`terraform.tfstate`, `terraform state pull`, format version 4).
 */

const HINT = 'give the output of `terraform show -json` (without a plan file: the current state), or the state file itself (`terraform state pull`, format version 4)';

/**
 * `terraform show -json` prints a state exactly as a plan carries it in `prior_state` (both come
 * from Terraform's jsonstate package), so the plan schema's own part validates it.
 */
const ShownStateSchema = TerraformPlanSchema.shape.prior_state.unwrap().extend({ format_version: z.string() });

/** Instance keys of a resource shown by Terraform 0.12.0, which left them out of `address`. */
const ShownIndexSchema = z.looseObject({ index: z.union([z.number(), z.string()]).optional() });

const StateFileInstanceSchema = z.looseObject({
  index_key: z.union([z.number(), z.string()]).optional(),
  attributes: z.unknown().optional(),
  /** Before Terraform 0.12 upgraded a state, its attributes were flat strings (`tags.Name`). */
  attributes_flat: z.record(z.string(), z.string()).optional(),
  dependencies: z.array(z.string()).optional(),
  /** Terraform 0.12's first v4 states: dependencies relative to the resource's module. */
  depends_on: z.array(z.string()).optional(),
});

const StateFileSchema = z.looseObject({
  version: z.literal(4),
  terraform_version: z.string().optional(),
  resources: z.array(
    z.looseObject({
      module: z.string().optional(),
      mode: z.string(),
      type: z.string().min(1),
      name: z.string().min(1),
      instances: z.array(StateFileInstanceSchema),
    }),
  ),
});

/** Where tags live: AWS `tags` and `tags_all` (with the provider's default_tags), Google labels. */
const TaggedValuesSchema = z.looseObject({
  labels: z.unknown().optional(),
  effective_labels: z.unknown().optional(),
  tags: z.unknown().optional(),
  tags_all: z.unknown().optional(),
});

/** First words of a reference that never name a resource. */
const NON_RESOURCE_ROOTS: ReadonlySet<string> = new Set(['data', 'var', 'local', 'each', 'count', 'self', 'path', 'terraform']);

/** Module nesting is bounded like the plan graph's walk, so a hostile input cannot exhaust the stack. */
const MAX_MODULE_DEPTH = 64;

/** A Terraform state (`terraform show -json`, or a v4 state file) as a resource graph. */
export function terraformStateGraph(json: unknown): SourceGraph {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new AirlockError('invalid_input', 'not a Terraform state: expected a JSON object', { hint: HINT });
  }
  if ('resource_changes' in json || 'planned_values' in json || 'prior_state' in json) {
    throw new AirlockError('invalid_input', 'this is a Terraform plan, not a state: the inventory describes what exists now', {
      hint: 'run `terraform show -json` without a plan file (a plan is checked as a change, not read as inventory)',
    });
  }
  const resources = 'version' in json && !('format_version' in json) ? fromStateFile(json) : fromShownState(json);
  const graph = buildPlanGraph({ format_version: '1.0', prior_state: { values: { root_module: { resources } } } });
  // A state has no configuration, so every edge the plan graph finds came from a recorded dependency.
  return { nodes: graph.nodes, edges: graph.edges.map((edge) => ({ ...edge, via: 'depends on' })) };
}

/** The resources of `terraform show -json`, flattened, at their full addresses. */
function fromShownState(json: object): StateResource[] {
  const parsed = ShownStateSchema.safeParse(json);
  if (!parsed.success) throw invalid(parsed.error);
  const out: StateResource[] = [];
  const walk = (module: StateModule | undefined, depth: number) => {
    if (!module) return;
    if (depth > MAX_MODULE_DEPTH) throw new AirlockError('invalid_input', `not a Terraform state: modules nested deeper than ${MAX_MODULE_DEPTH}`, { hint: HINT });
    for (const resource of module.resources ?? []) {
      out.push({
        address: fullAddress(resource, module.address),
        mode: resource.mode,
        type: resource.type,
        name: resource.name,
        depends_on: (resource.depends_on ?? []).filter(namesResource),
        values: taggedValues(resource.values),
      });
    }
    for (const child of module.child_modules ?? []) walk(child, depth + 1);
  };
  walk(parsed.data.values?.root_module, 0);
  return out;
}

/**
 * Terraform 0.12.0 printed resources of child modules and of `count` without their module and key
 * (seen in hashicorp/terraform-json's testdata/no_changes/state.json): put them back, so
 * `module.foo.null_resource.foo` and `null_resource.foo` stay two resources.
 */
function fullAddress(resource: StateResource, moduleAddress: string | undefined): string {
  let address = resource.address;
  if (moduleAddress && !address.startsWith(`${moduleAddress}.`)) address = `${moduleAddress}.${address}`;
  const index = ShownIndexSchema.safeParse(resource).data?.index;
  if (index !== undefined && !address.endsWith(']')) address += instanceKey(index);
  return address;
}

/** The resources of a state file (format version 4), at the addresses `terraform show` gives them. */
function fromStateFile(json: object): StateResource[] {
  if ('version' in json && typeof json.version === 'number' && json.version !== 4) {
    throw new AirlockError('invalid_input', `this Terraform state file has format version ${json.version}; Airlock reads version 4 (Terraform 0.12 and newer)`, {
      hint: 'run `terraform show -json` with Terraform 0.12 or newer, which reads older states and prints the current format',
    });
  }
  const parsed = StateFileSchema.safeParse(json);
  if (!parsed.success) throw invalid(parsed.error);
  const out: StateResource[] = [];
  for (const resource of parsed.data.resources) {
    const prefix = resource.module ? `${resource.module}.` : '';
    for (const instance of resource.instances) {
      const legacy = (instance.depends_on ?? []).map((dependency) => (prefix && !dependency.startsWith('module.') ? prefix + dependency : dependency));
      out.push({
        address: `${prefix}${resource.mode === 'data' ? 'data.' : ''}${resource.type}.${resource.name}${instance.index_key === undefined ? '' : instanceKey(instance.index_key)}`,
        mode: resource.mode,
        type: resource.type,
        name: resource.name,
        depends_on: [...(instance.dependencies ?? []), ...legacy].filter(namesResource),
        values: taggedValues(instance.attributes ?? unflattenTags(instance.attributes_flat)),
      });
    }
  }
  return out;
}

/** `[0]` or `["blue"]`, as Terraform writes an instance key in an address. */
function instanceKey(key: number | string): string {
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

/**
 * Whether a recorded dependency names a managed resource. Data sources are not nodes, and the
 * plan graph would read `module.x.data.y.z` as "something inside module.x": every one of its
 * resources.
 */
function namesResource(address: string): boolean {
  const parts = baseAddress(address).split('.');
  let index = 0;
  while (parts[index] === 'module') index += 2;
  return parts.length >= index + 2 && !NON_RESOURCE_ROOTS.has(parts[index] ?? '');
}

/** Only the tags of a resource's values, merged: `tags_all` (with default_tags) over `tags`, labels. */
function taggedValues(values: unknown): { tags: Record<string, string> } | undefined {
  const parsed = TaggedValuesSchema.safeParse(values);
  if (!parsed.success) return undefined;
  const { labels, effective_labels, tags, tags_all } = parsed.data;
  const merged = { ...tagsOf({ labels }), ...tagsOf({ labels: effective_labels }), ...tagsOf({ tags }), ...tagsOf({ tags: tags_all }) };
  return Object.keys(merged).length > 0 ? { tags: merged } : undefined;
}

/** `{ "tags.%": "1", "tags.Name": "web" }` → `{ tags: { Name: "web" } }`. */
function unflattenTags(flat: Record<string, string> | undefined): unknown {
  if (!flat) return undefined;
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(flat)) if (key.startsWith('tags.') && key !== 'tags.%') tags[key.slice('tags.'.length)] = value;
  return { tags };
}

function invalid(error: z.ZodError): AirlockError {
  const issue = error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  return new AirlockError('invalid_input', `not a Terraform state${where}: ${issue?.message ?? 'invalid'}`, { hint: HINT });
}
