import { describeDependencyPath, type BlastRadius, type GraphEdge, type GraphNode } from '../model/index.js';
import { computeBlastRadius } from './blast-radius.js';
import type { InventoryPart } from './inventory-model.js';
import { joinInventory } from './join-inventory.js';

export interface ResourceDescription {
  readonly node: GraphNode;
  /** The sources that know it. */
  readonly sources: string[];
  /** Its own dependencies (one hop). */
  readonly dependsOn: GraphEdge[];
  /** What deleting it would reach: every transitive dependent, with paths. */
  readonly blastRadius: BlastRadius;
  /** Each dependent's path in words. */
  readonly paths: string[];
}

/** What `airlock inventory show <resource>` prints. Pure. */
export function describeResource(parts: readonly InventoryPart[], address: string): ResourceDescription | undefined {
  const holders = parts.filter((part) => part.nodes.some((node) => node.address === address));
  if (holders.length === 0) return undefined;
  const node = holders.flatMap((part) => part.nodes).find((candidate) => candidate.address === address)!;
  const probe = { operation: 'delete' as const, resource: { kind: node.kind, address }, reversible: false, destroysData: false, summary: `if ${address} went` };
  const joined = joinInventory([probe], undefined, parts);
  const blastRadius = computeBlastRadius(joined.effects, joined.graph, { wholeEnvironmentThreshold: 1 });
  return {
    node,
    sources: holders.map((part) => part.source),
    dependsOn: parts.flatMap((part) => part.edges).filter((edge) => edge.from === address),
    blastRadius,
    paths: blastRadius.dependents.map((dependent) => describeDependencyPath(dependent)),
  };
}
