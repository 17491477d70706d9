import picomatch from 'picomatch';
import type { Effect, GraphEdge, GraphNode, ResourceGraph } from '../model/index.js';
import type { InventoryPart } from './inventory-model.js';

/** The inventory parts that describe one environment: its own, and those bound to none. */
export function partsFor(parts: readonly InventoryPart[], environment: string): InventoryPart[] {
  return parts.filter((part) => part.environment === null || part.environment === environment);
}

export interface Joined {
  readonly effects: Effect[];
  readonly graph: ResourceGraph | undefined;
}

/**
 * Joins what a change does with what the inventory knows exists. Pure.
 *
 * - An effect whose address is an inventory resource needs nothing more.
 * - One written the short way (`DROP TABLE customers`, `kubectl scale deploy api` without -n) is
 *   matched to the inventory's full address, searching PostgreSQL's search path first; exactly one
 *   match takes its address, several are all linked, so an ambiguous name reaches every candidate.
 * - A pattern (`payments/deployment/*`, `*\/pod/*`, `shop/pod/[app=web]`) is linked to every resource it
 *   can match.
 * - A claim deleted whose volume the inventory knows is judged by that volume's reclaim policy.
 * Then the change's own graph (a plan's) and the inventory's are merged for the blast radius.
 */
export function joinInventory(effects: readonly Effect[], graph: ResourceGraph | undefined, parts: readonly InventoryPart[]): Joined {
  if (parts.length === 0) return { effects: [...effects], graph };
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  for (const part of parts) {
    for (const node of part.nodes) nodes.set(node.address, mergeNode(nodes.get(node.address), node));
    edges.push(...part.edges);
  }
  for (const node of graph?.nodes ?? []) nodes.set(node.address, mergeNode(nodes.get(node.address), node));
  edges.push(...(graph?.edges ?? []));

  const sqlIndex = indexSql(nodes, parts);
  const kubeNodes = [...nodes.values()].filter((node) => node.kind.startsWith('kubernetes.'));

  const joined = effects.map((effect) => {
    if (effect.operation === 'read' || nodes.has(effect.resource.address)) return refine(effect, nodes);
    const match = effect.resource.kind.startsWith('sql.')
      ? matchSql(effect, sqlIndex)
      : effect.resource.kind.startsWith('kubernetes.')
        ? matchKubernetes(effect.resource.address, effect.resource.kind, kubeNodes)
        : undefined;
    if (!match || match.addresses.length === 0) return effect;
    if (match.addresses.length === 1 && match.exact) {
      const address = match.addresses[0]!;
      const suffix = match.suffix ?? '';
      const resolved = { ...effect, resource: { ...effect.resource, address: address + suffix }, evidence: effect.evidence ?? effect.resource.address };
      // A column effect reaches its table's dependents.
      if (suffix) edges.push({ from: address, to: address + suffix, via: 'has column' });
      return refine(resolved, nodes);
    }
    for (const address of match.addresses) edges.push({ from: address, to: effect.resource.address, via: match.via });
    return effect;
  });

  return { effects: joined, graph: { nodes: [...nodes.values()], edges } };
}

function mergeNode(known: GraphNode | undefined, node: GraphNode): GraphNode {
  if (!known) return node;
  return {
    ...known,
    ...(known.dataBearing || node.dataBearing ? { dataBearing: true } : {}),
    ...(known.customerFacing || node.customerFacing ? { customerFacing: true } : {}),
    ...(known.tags || node.tags ? { tags: { ...node.tags, ...known.tags } } : {}),
  };
}

// SQL

interface SqlIndex {
  /** name → the [database, schema, name] triples carrying it. */
  readonly byName: Map<string, string[][]>;
  readonly searchPath: readonly string[];
}

const NOT_RELATIONS = new Set(['sql.privileges', 'sql.statement', 'sql.query', 'sql.database']);

function indexSql(nodes: Map<string, GraphNode>, parts: readonly InventoryPart[]): SqlIndex {
  const byName = new Map<string, string[][]>();
  for (const node of nodes.values()) {
    if (!node.kind.startsWith('sql.') || node.kind === 'sql.schema' || node.kind === 'sql.database') continue;
    const triple = node.address.split('.');
    if (triple.length !== 3) continue;
    const list = byName.get(triple[2]!) ?? [];
    list.push(triple);
    byName.set(triple[2]!, list);
  }
  return { byName, searchPath: parts.flatMap((part) => part.searchPath ?? []) };
}

interface Match {
  readonly addresses: string[];
  /** One resource the effect certainly means (not a pattern). */
  readonly exact: boolean;
  readonly via: string;
  /** Kept after the resolved address (a column's name). */
  readonly suffix?: string | undefined;
}

/**
 * `customers`, `shop.customers` (schema or database), `shop.public.customers`; a column effect's
 * address ends in the column. Names go through PostgreSQL's search path when unqualified.
 */
function matchSql(effect: Effect, index: SqlIndex): Match | undefined {
  if (NOT_RELATIONS.has(effect.resource.kind)) return undefined;
  const column = effect.resource.kind === 'sql.column';
  const parts = effect.resource.address.split('.');
  const suffix = column ? `.${parts.pop()}` : undefined;
  const name = parts[parts.length - 1];
  if (!name) return undefined;
  const candidates = index.byName.get(name) ?? [];
  let found: string[][];
  if (parts.length >= 3) found = candidates.filter(([db, schema]) => db === parts[parts.length - 3] && schema === parts[parts.length - 2]);
  else if (parts.length === 2) {
    const bySchema = candidates.filter(([, schema]) => schema === parts[0]);
    found = bySchema.length > 0 ? bySchema : candidates.filter(([db]) => db === parts[0]);
  } else found = candidates;
  if (found.length > 1 && parts.length < 3) {
    // PostgreSQL takes the first schema on the search path that has the name.
    for (const schema of index.searchPath) {
      const first = found.filter(([, s]) => s === schema);
      if (first.length === 1) {
        found = first;
        break;
      }
    }
  }
  return { addresses: found.map((triple) => triple.join('.')), exact: found.length === 1, via: 'has the same name as', suffix };
}

// Kubernetes

const CURRENT_NAMESPACE = '(current namespace)';

/**
 * `(current namespace)/deployment/api` (no -n: any namespace could be meant), `payments/deployment/*`
 * (--all), `*\/pod/*` (-A), `shop/pod/[app=web]` (a label selector: every pod it could match).
 */
function matchKubernetes(address: string, kind: string, nodes: readonly GraphNode[]): Match | undefined {
  const segments = address.split('/');
  const pattern = segments.map((segment) => (segment === CURRENT_NAMESPACE || segment === '*' || /^\[.*\]$/.test(segment) ? '*' : picomatch.scan(segment).isGlob ? '*' : segment));
  const wildcard = pattern.some((segment, i) => segment === '*' && segments[i] !== CURRENT_NAMESPACE);
  const matcher = picomatch(pattern.join('/'), { dot: true });
  const found = nodes.filter((node) => node.kind === kind && matcher(node.address)).map((node) => node.address);
  return {
    addresses: found,
    exact: !wildcard,
    via: segments.some((segment) => /^\[.*\]$/.test(segment)) ? 'may match the label selector of' : wildcard ? 'is one of' : 'has the same name as',
  };
}

// Facts the inventory adds to an effect

function refine(effect: Effect, nodes: Map<string, GraphNode>): Effect {
  if (effect.operation !== 'delete' || effect.resource.kind !== 'kubernetes.persistentvolumeclaim') return effect;
  const tags = nodes.get(effect.resource.address)?.tags ?? {};
  const volume = tags['volumeName'] ? `volume ${tags['volumeName']}` : 'its volume';
  if (tags['reclaimPolicy'] === 'Retain') {
    return { ...effect, destroysData: false, summary: `${effect.summary} — ${volume} has reclaimPolicy Retain, so its data is kept (the inventory says)` };
  }
  if (tags['reclaimPolicy'] === 'Delete') {
    return { ...effect, destroysData: true, summary: `${effect.summary} — ${volume} has reclaimPolicy Delete and its data goes with it (the inventory says)` };
  }
  return effect;
}
