import { z } from 'zod';

/** A resource known to exist in an environment (from a plan's state, an inventory, config). */
export const GraphNodeSchema = z.object({
  address: z.string(),
  kind: z.string(),
  tags: z.record(z.string(), z.string()).optional(),
  dataBearing: z.boolean().optional(),
  customerFacing: z.boolean().optional(),
});
export type GraphNode = z.infer<typeof GraphNodeSchema>;

/** `from` depends on `to` (a change to `to` reaches `from`). `via` says how we know. */
export const GraphEdgeSchema = z.object({
  from: z.string(),
  to: z.string(),
  via: z.string(),
});
export type GraphEdge = z.infer<typeof GraphEdgeSchema>;

/** What depends on what, as far as one input (or the inventory) tells. */
export const ResourceGraphSchema = z.object({
  nodes: z.array(GraphNodeSchema),
  edges: z.array(GraphEdgeSchema),
});
export type ResourceGraph = z.infer<typeof ResourceGraphSchema>;

/** Collects dependency edges once each, leaving out a resource depending on itself. */
export function createEdgeCollector(): { readonly edges: GraphEdge[]; add(from: string, to: string, via: string): void } {
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  return {
    edges,
    add(from, to, via) {
      const key = `${from}\u0000${to}`;
      if (from === to || seen.has(key)) return;
      seen.add(key);
      edges.push({ from, to, via });
    },
  };
}
