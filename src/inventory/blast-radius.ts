import type { BlastRadius, Dependent, Effect, ResourceGraph } from '../model/index.js';

export interface BlastRadiusOptions {
  /** Share of the environment (0..1) at which a change counts as reaching all of it. */
  readonly wholeEnvironmentThreshold: number;
}

/** Most dependents listed with their paths; the count stays exact beyond it. */
const MAX_LISTED_DEPENDENTS = 500;

/**
 * The resources a change reaches: every resource it changes directly, plus everything that depends
 * on those (transitively, through the graph the input or inventory provides), each with the path
 * that explains its inclusion. Pure.
 */
export function computeBlastRadius(effects: readonly Effect[], graph: ResourceGraph | undefined, options: BlastRadiusOptions): BlastRadius {
  const writes = effects.filter((effect) => effect.operation !== 'read');
  const direct = unique(writes.map((effect) => effect.resource.address));
  const directSet = new Set(direct);

  const flags = new Map<string, { dataBearing?: boolean | undefined; customerFacing?: boolean | undefined }>();
  for (const node of graph?.nodes ?? []) flags.set(node.address, { dataBearing: node.dataBearing, customerFacing: node.customerFacing });
  for (const effect of writes) {
    const known = flags.get(effect.resource.address) ?? {};
    flags.set(effect.resource.address, {
      dataBearing: known.dataBearing || effect.resource.dataBearing,
      customerFacing: known.customerFacing || effect.resource.customerFacing,
    });
  }

  // Reverse adjacency: for each resource, who depends on it, and how.
  const dependentsOf = new Map<string, Map<string, string>>();
  for (const edge of graph?.edges ?? []) {
    if (edge.from === edge.to) continue;
    const known = dependentsOf.get(edge.to);
    if (known) {
      if (!known.has(edge.from)) known.set(edge.from, edge.via);
    } else dependentsOf.set(edge.to, new Map([[edge.from, edge.via]]));
  }

  // Breadth-first from every directly changed resource: the first path found is a shortest one.
  const paths = new Map<string, { path: string[]; via: string[] }>();
  const queue: string[] = [];
  for (const address of direct) {
    paths.set(address, { path: [address], via: [] });
    queue.push(address);
  }
  for (let head = 0; head < queue.length; head += 1) {
    const current = queue[head]!;
    const { path, via } = paths.get(current)!;
    for (const [dependent, how] of dependentsOf.get(current) ?? []) {
      if (paths.has(dependent)) continue;
      paths.set(dependent, { path: [...path, dependent], via: [...via, how] });
      queue.push(dependent);
    }
  }

  const dependents: Dependent[] = [];
  let dependentCount = 0;
  for (const [address, { path, via }] of paths) {
    if (directSet.has(address)) continue;
    dependentCount += 1;
    if (dependents.length < MAX_LISTED_DEPENDENTS) {
      const f = flags.get(address);
      dependents.push({
        address,
        path,
        via,
        ...(f?.customerFacing ? { customerFacing: true } : {}),
        ...(f?.dataBearing ? { dataBearing: true } : {}),
      });
    }
  }

  const reached = [...paths.keys()];

  // Customer-facing resources at risk: destroyed, replaced or stopped themselves, or downstream of
  // lost data, of something deleted, or of a workload that stops serving (a Deployment deleted or
  // scaled to zero takes the Services in front of it down).
  const atRisk = new Set<string>();
  for (const effect of writes) {
    if ((effect.operation === 'delete' || effect.operation === 'replace' || effect.outage) && flags.get(effect.resource.address)?.customerFacing) atRisk.add(effect.resource.address);
  }
  const lost = unique(writes.filter((effect) => effect.destroysData || effect.outage || effect.operation === 'delete').map((effect) => effect.resource.address));
  const seen = new Set(lost);
  const pending = [...lost];
  for (let head = 0; head < pending.length; head += 1) {
    for (const dependent of dependentsOf.get(pending[head]!)?.keys() ?? []) {
      if (seen.has(dependent)) continue;
      seen.add(dependent);
      pending.push(dependent);
      if (flags.get(dependent)?.customerFacing) atRisk.add(dependent);
    }
  }
  const total = direct.length + dependentCount;
  const environmentSize = graph && graph.nodes.length > 0 ? new Set([...graph.nodes.map((n) => n.address), ...direct]).size : null;
  const coverage = environmentSize ? Math.min(1, total / environmentSize) : null;
  const wholeEnvironment =
    writes.some((effect) => effect.environmentWide === true) ||
    (coverage !== null && environmentSize !== null && environmentSize > 1 && coverage >= options.wholeEnvironmentThreshold);

  return {
    direct,
    dependents,
    total,
    environmentSize,
    coverage,
    wholeEnvironment,
    customerFacing: reached.filter((address) => flags.get(address)?.customerFacing),
    customerFacingAtRisk: [...atRisk],
    dataBearing: reached.filter((address) => flags.get(address)?.dataBearing),
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
