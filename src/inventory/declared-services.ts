import type { DeclaredService } from '../config/index.js';
import type { GraphEdge, GraphNode } from '../model/index.js';
import type { InventoryPart } from './inventory-model.js';

/**
 * What the config declares (airlock.yaml → inventory.services): the apps and APIs no source can
 * see, and which inventory resources they depend on. This is where "orders-api reads the orders
 * table" comes from. Pure; one inventory part per environment named (null: every environment).
 */
export function declaredParts(services: Readonly<Record<string, DeclaredService>>, at: string): InventoryPart[] {
  const byEnvironment = new Map<string | null, { nodes: GraphNode[]; edges: GraphEdge[] }>();
  for (const [name, service] of Object.entries(services)) {
    const key = service.environment ?? null;
    let part = byEnvironment.get(key);
    if (!part) {
      part = { nodes: [], edges: [] };
      byEnvironment.set(key, part);
    }
    part.nodes.push({
      address: name,
      kind: 'service',
      ...(service.owner ? { tags: { owner: service.owner } } : {}),
      ...(service.customerFacing ? { customerFacing: true } : {}),
      ...(service.data ? { dataBearing: true } : {}),
    });
    for (const dependency of service.dependsOn) {
      const { resource, via } = typeof dependency === 'string' ? { resource: dependency, via: 'depends on' } : dependency;
      part.edges.push({ from: name, to: resource, via });
    }
  }
  return [...byEnvironment].map(([environment, graph]) => ({ source: 'airlock.yaml', type: 'declared', environment, refreshedAt: at, ...graph }));
}
