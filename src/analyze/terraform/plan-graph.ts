import { createEdgeCollector, type GraphEdge, type GraphNode, type ResourceGraph } from '../../model/index.js';
import type { ConfigModule, StateModule, TerraformPlan } from './plan-schema.js';
import { isCustomerFacingType, isDataBearingType } from './resource-types.js';

const NON_RESOURCE_ROOTS = new Set(['var', 'local', 'each', 'count', 'self', 'path', 'terraform', 'data']);

/** `module.a[0].aws_x.y["k"]` → `module.a.aws_x.y`: the configuration address of an instance. */
export function baseAddress(address: string): string {
  return address.replace(/\[[^\]]*\]/g, '');
}

/**
 * What depends on what in a plan: every managed resource of the prior state and of the plan is a
 * node; edges come from the state's `depends_on` (which Terraform records for every dependency,
 * explicit or by reference) and from the configuration's expression `references`, `depends_on`
 * and module inputs. Pure.
 */
export function buildPlanGraph(plan: TerraformPlan): ResourceGraph {
  const nodes = new Map<string, GraphNode>();
  const addNode = (address: string, type: string, tags?: Record<string, string>) => {
    if (nodes.has(address)) return;
    nodes.set(address, {
      address,
      kind: `terraform.${type}`,
      ...(tags ? { tags } : {}),
      ...(isDataBearingType(type) ? { dataBearing: true } : {}),
      ...(isCustomerFacingType(type) ? { customerFacing: true } : {}),
    });
  };

  const stateResources: Array<{ address: string; dependsOn: string[] }> = [];
  walkState(plan.prior_state?.values?.root_module, (resource) => {
    if (resource.mode === 'data' || resource.address.startsWith('data.') || resource.address.includes('.data.')) return;
    addNode(resource.address, resource.type, tagsOf(resource.values));
    stateResources.push({ address: resource.address, dependsOn: resource.depends_on ?? [] });
  });
  for (const change of plan.resource_changes ?? []) {
    if (change.mode === 'data') continue;
    addNode(change.address, change.type, tagsOf(change.change.after) ?? tagsOf(change.change.before));
  }

  // Instances by configuration address, so `aws_instance.web` reaches `aws_instance.web[0]` and `[1]`.
  const byBase = new Map<string, string[]>();
  for (const address of nodes.keys()) {
    const base = baseAddress(address);
    const list = byBase.get(base);
    if (list) list.push(address);
    else byBase.set(base, [address]);
  }
  const instancesUnder = (prefix: string): string[] => [...nodes.keys()].filter((a) => baseAddress(a).startsWith(prefix));

  const { edges, add: addEdge } = createEdgeCollector();

  for (const resource of stateResources) {
    for (const dependency of resource.dependsOn) {
      for (const target of resolveTarget(dependency, '', byBase, instancesUnder)) addEdge(resource.address, target, 'depends on (state)');
    }
  }

  walkConfig(plan.configuration?.root_module, '', (modulePrefix, module) => {
    for (const resource of module.resources ?? []) {
      if (resource.mode === 'data' || resource.address.startsWith('data.')) continue;
      const sources = byBase.get(modulePrefix + baseAddress(resource.address)) ?? [];
      if (sources.length === 0) continue;
      const references = [...collectReferences(resource.expressions), ...collectReferences(resource.count_expression), ...collectReferences(resource.for_each_expression)];
      for (const reference of references) {
        for (const target of resolveTarget(reference, modulePrefix, byBase, instancesUnder)) {
          for (const source of sources) addEdge(source, target, 'references (configuration)');
        }
      }
      for (const dependency of resource.depends_on ?? []) {
        for (const target of resolveTarget(dependency, modulePrefix, byBase, instancesUnder)) {
          for (const source of sources) addEdge(source, target, 'depends on (configuration)');
        }
      }
    }
    for (const [name, call] of Object.entries(module.module_calls ?? {})) {
      const inside = instancesUnder(`${modulePrefix}module.${name}.`);
      const inputs = [...collectReferences(call.expressions), ...(call.depends_on ?? [])];
      for (const reference of inputs) {
        for (const target of resolveTarget(reference, modulePrefix, byBase, instancesUnder)) {
          for (const source of inside) addEdge(source, target, `uses an input of module.${name}`);
        }
      }
    }
  });

  return { nodes: [...nodes.values()], edges };
}

/** A reference (`aws_db_instance.main.address`, `module.db.endpoint`) → the node addresses it names. */
function resolveTarget(reference: string, modulePrefix: string, byBase: Map<string, string[]>, instancesUnder: (prefix: string) => string[]): string[] {
  const parts = baseAddress(reference).split('.');
  // An absolute state address may already carry module prefixes.
  if (parts[0] === 'module') {
    const direct = byBase.get(baseAddress(reference));
    if (direct) return direct;
    // module.NAME[.output] → everything inside that module.
    let prefix = modulePrefix;
    let index = 0;
    while (parts[index] === 'module' && parts[index + 1] !== undefined) {
      prefix += `module.${parts[index + 1]}.`;
      index += 2;
      const resourceHere = parts[index] !== undefined && parts[index + 1] !== undefined ? byBase.get(`${prefix}${parts[index]}.${parts[index + 1]}`) : undefined;
      if (resourceHere) return resourceHere;
    }
    return instancesUnder(prefix);
  }
  if (parts.length < 2 || NON_RESOURCE_ROOTS.has(parts[0] ?? '')) return [];
  return byBase.get(`${modulePrefix}${parts[0]}.${parts[1]}`) ?? byBase.get(`${parts[0]}.${parts[1]}`) ?? [];
}

/** Every `references` array anywhere inside an expression tree. */
function collectReferences(expression: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 64 || expression === null || typeof expression !== 'object') return out;
  if (Array.isArray(expression)) {
    for (const item of expression) collectReferences(item, out, depth + 1);
    return out;
  }
  for (const [key, value] of Object.entries(expression)) {
    if (key === 'references' && Array.isArray(value)) {
      for (const ref of value) if (typeof ref === 'string') out.push(ref);
    } else {
      collectReferences(value, out, depth + 1);
    }
  }
  return out;
}

function walkState(module: StateModule | undefined, visit: (resource: NonNullable<StateModule['resources']>[number]) => void, depth = 0): void {
  if (!module || depth > 64) return;
  for (const resource of module.resources ?? []) visit(resource);
  for (const child of module.child_modules ?? []) walkState(child, visit, depth + 1);
}

function walkConfig(module: ConfigModule | undefined, prefix: string, visit: (prefix: string, module: ConfigModule) => void, depth = 0): void {
  if (!module || depth > 64) return;
  visit(prefix, module);
  for (const [name, call] of Object.entries(module.module_calls ?? {})) walkConfig(call.module, `${prefix}module.${name}.`, visit, depth + 1);
}

/** `tags` (or `tags_all`, `labels`) of a resource's values, when they are a flat string map. */
export function tagsOf(values: unknown): Record<string, string> | undefined {
  if (!values || typeof values !== 'object') return undefined;
  const record = values as Record<string, unknown>;
  for (const key of ['tags', 'tags_all', 'labels']) {
    const tags = record[key];
    if (tags && typeof tags === 'object' && !Array.isArray(tags)) {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(tags)) if (typeof v === 'string') out[k] = v;
      if (Object.keys(out).length > 0) return out;
    }
  }
  return undefined;
}
