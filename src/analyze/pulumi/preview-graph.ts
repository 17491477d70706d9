import { createEdgeCollector, type GraphEdge, type GraphNode, type ResourceGraph } from '../../model/index.js';
import { tagsOf } from '../terraform/plan-graph.js';
import type { PreviewStep, ResourceState } from './preview-schema.js';
import { isCustomerFacingToken, isDataBearingToken } from './resource-types.js';
import { addressOf, isProviderType, isRootStack, parseUrn, ROOT_STACK_TYPE } from './urn.js';

/** The type token of a step's resource: from its states, else the step, else its URN. */
export function typeOfStep(step: PreviewStep): string {
  return step.newState?.type ?? step.oldState?.type ?? step.type ?? parseUrn(step.urn)?.type ?? 'unknown';
}

/** Tags of a resource from its inputs (then its recorded outputs), as the Terraform analyzer reads them. */
export function tagsOfStep(step: PreviewStep): Record<string, string> | undefined {
  return tagsOf(step.newState?.inputs) ?? tagsOf(step.oldState?.inputs) ?? tagsOf(step.oldState?.outputs);
}

/**
 * What depends on what, from the states in a preview: each state's `propertyDependencies` (which
 * input references which resource), `dependencies`, `deletedWith` and `parent` (a component's
 * children go with it). Edges from both the old and the new state, since a replacement may
 * change them. The root stack is every top-level resource's parent, which says nothing about how
 * they depend on each other, so those edges are left out.
 *
 * Nodes are what the blast radius counts as the environment. By default a preview lists only the
 * resources that change (`--show-sames` adds the others), and counting only those as the stack
 * would make every preview look like "the whole environment". So nodes are given only when the
 * preview lists unchanged resources too; otherwise the graph has edges only and the changed
 * resources' flags travel on their Effects (as for CloudFormation change sets). Pure.
 */
export function buildPreviewGraph(steps: readonly PreviewStep[]): ResourceGraph {
  // A `same` step is also shown, without --show-sames, when only its `protect` flag changes.
  const listsUnchanged = steps.some((step) => step.op === 'same' && !isRootStack(step.urn) && step.oldState?.protect === step.newState?.protect);
  const nodes = new Map<string, GraphNode>();
  const collected = createEdgeCollector();
  const edges = collected.edges;
  const addEdge = (from: string, toUrn: string, via: string) => {
    if (!toUrn || isRootStack(toUrn)) return;
    collected.add(from, addressOf(toUrn), via);
  };

  for (const step of steps) {
    const address = addressOf(step.urn);
    const type = typeOfStep(step);
    if (listsUnchanged && !nodes.has(address) && isCloudResource(type, step)) {
      const tags = tagsOfStep(step);
      nodes.set(address, {
        address,
        kind: `pulumi.${type}`,
        ...(tags ? { tags } : {}),
        ...(isDataBearingToken(type) ? { dataBearing: true } : {}),
        ...(isCustomerFacingToken(type) ? { customerFacing: true } : {}),
      });
    }
    for (const state of [step.newState, step.oldState]) {
      if (state) edgesOf(address, state, addEdge);
    }
  }
  return { nodes: [...nodes.values()], edges };
}

function edgesOf(from: string, state: ResourceState, addEdge: (from: string, toUrn: string, via: string) => void): void {
  // The most specific first: an edge already added keeps its words.
  for (const [property, urns] of Object.entries(state.propertyDependencies ?? {})) {
    for (const urn of urns ?? []) addEdge(from, urn, `input "${property}" references`);
  }
  for (const urn of state.dependencies ?? []) addEdge(from, urn, 'depends on');
  if (state.deletedWith) addEdge(from, state.deletedWith, 'is deleted with');
  if (state.parent) addEdge(from, state.parent, 'is a child of');
  // No edges to the provider instance: upgrading the provider plugin is an update of it, and
  // every resource as its dependent would make that look like a change to the whole stack. When a
  // provider change does reach its resources (a new region), the preview lists them as replaces.
}

/** A resource in the cloud, not the stack itself, a provider instance or a component. */
function isCloudResource(type: string, step: PreviewStep): boolean {
  if (type === ROOT_STACK_TYPE || isProviderType(type)) return false;
  const custom = step.newState?.custom ?? step.oldState?.custom;
  return custom !== false;
}
