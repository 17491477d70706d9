import picomatch from 'picomatch';
import type { ResourceRule } from '../config/index.js';
import type { Effect, GraphNode, ResourceGraph } from '../model/index.js';

/**
 * Applies the `resources` rules of airlock.yaml (declared data-bearing / customer-facing
 * resources) to effects and graph nodes. A rule only ever adds a flag the input did not set, or
 * sets it explicitly; the first matching rule wins per flag.
 */
export function createResourceClassifier(rules: readonly ResourceRule[]) {
  const compiled = rules.map((rule) => ({ rule, test: picomatch(rule.match, { dot: true }) }));

  function flagsFor(address: string): { dataBearing?: boolean; customerFacing?: boolean } {
    const out: { dataBearing?: boolean; customerFacing?: boolean } = {};
    for (const { rule, test } of compiled) {
      if (!test(address)) continue;
      if (out.dataBearing === undefined && rule.dataBearing !== undefined) out.dataBearing = rule.dataBearing;
      if (out.customerFacing === undefined && rule.customerFacing !== undefined) out.customerFacing = rule.customerFacing;
    }
    return out;
  }

  function classifyEffect(effect: Effect): Effect {
    if (compiled.length === 0) return effect;
    const flags = flagsFor(effect.resource.address);
    if (flags.dataBearing === undefined && flags.customerFacing === undefined) return effect;
    const resource = { ...effect.resource, ...flags };
    // A delete or replace of a resource declared data-bearing destroys data, whatever the analyzer assumed.
    const destroysData =
      effect.destroysData || (flags.dataBearing === true && (effect.operation === 'delete' || effect.operation === 'replace'));
    return { ...effect, resource, destroysData };
  }

  function classifyNode(node: GraphNode): GraphNode {
    if (compiled.length === 0) return node;
    return { ...node, ...flagsFor(node.address) };
  }

  function classifyGraph(graph: ResourceGraph | undefined): ResourceGraph | undefined {
    if (!graph || compiled.length === 0) return graph;
    return { nodes: graph.nodes.map(classifyNode), edges: graph.edges };
  }

  return { classifyEffect, classifyGraph };
}
export type ResourceClassifier = ReturnType<typeof createResourceClassifier>;
