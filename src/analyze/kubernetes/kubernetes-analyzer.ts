import type { Effect, EnvironmentHints } from '../../model/index.js';
import type { Analysis, Analyzer } from '../analyzer.js';
import type { CustomDefinition } from './kube-kinds.js';
import { identityOf, type JsonValue, type KubeObject, type ReadEntry } from './kube-object.js';
import { parseKubernetesPayload, type ComparePayload, type DiffPayload, type ManifestPayload } from './kubernetes-payload.js';
import { newBudget, readManifest, readObject, type ReadManifest } from './manifest-reader.js';
import { edgesOf } from './object-graph.js';
import { definitionOf, judge, locate, namespacesOf, servicesOf, type JudgeContext, type Located, type ObjectChange } from './object-effects.js';

/** A diff entry, read: each side an object, a reason it is not one, or absent. */
interface ReadDiffEntry {
  readonly before: ReadEntry | null;
  readonly after: ReadEntry | null;
}

/** A kubernetes payload, validated and its manifests read into objects once. */
export type PreparedKubernetes =
  | { readonly mode: 'manifest'; readonly payload: ManifestPayload; readonly manifest: ReadManifest }
  | { readonly mode: 'diff'; readonly payload: DiffPayload; readonly entries: readonly ReadDiffEntry[] }
  | { readonly mode: 'compare'; readonly payload: ComparePayload; readonly before: ReadManifest; readonly after: ReadManifest };

/**
 * Kubernetes: manifests with what is done to them (`kubectl apply|create|replace|delete -f`),
 * objects before and after (kubectl diff, a server-side dry run), or two manifest sets (a Helm
 * release now and after an upgrade: what is only in the first is deleted). Each object becomes one
 * Effect, addressed as the shell kubectl analyzer and the inventory address it. What cannot be
 * read as an object is `unknown`: fail closed. Pure.
 */
export const kubernetesAnalyzer: Analyzer<PreparedKubernetes> = {
  kind: 'kubernetes',

  prepare(payload) {
    const parsed = parseKubernetesPayload(payload);
    const budget = newBudget();
    if ('manifest' in parsed) return { mode: 'manifest', payload: parsed, manifest: readManifest(parsed.manifest, 'manifest', budget) };
    if ('diff' in parsed) {
      const entries = parsed.diff.map((entry, index) => ({
        before: entry.before === null ? null : readObject(entry.before, `diff[${index}].before`, budget),
        after: entry.after === null ? null : readObject(entry.after, `diff[${index}].after`, budget),
      }));
      return { mode: 'diff', payload: parsed, entries };
    }
    return { mode: 'compare', payload: parsed, before: readManifest(parsed.before, 'before', budget), after: readManifest(parsed.after, 'after', budget) };
  },

  canonical(input) {
    const target = { context: input.payload.context ?? null, namespace: input.payload.namespace ?? null };
    const namespace = input.payload.namespace;
    switch (input.mode) {
      case 'manifest':
        return { ...target, action: input.payload.action, force: input.payload.force === true, objects: canonicalSet(input.manifest, namespace) };
      case 'diff':
        return {
          ...target,
          diff: sortStable(
            input.entries.map((entry) => ({ key: keyOf(entry.after ?? entry.before, namespace), value: { before: bodyOf(entry.before), after: bodyOf(entry.after) } })),
          ),
        };
      case 'compare':
        return { ...target, before: canonicalSet(input.before, namespace), after: canonicalSet(input.after, namespace) };
    }
  },

  analyze(input): Analysis {
    const namespace = input.payload.namespace;
    const readEntries = entriesOf(input);
    const objects = readEntries.flatMap((entry) => (entry.ok ? [entry.object] : []));
    const definitions = new Map<string, CustomDefinition>();
    for (const object of objects) {
      const definition = definitionOf(object);
      if (definition) definitions.set(`${definition.group}/${definition.kind}`, definition);
    }
    const located = objects.map((object) => locate(object, { defaultNamespace: namespace, definitions }));
    const unique = uniqueByAddress(located);
    const context: JudgeContext = {
      defaultNamespace: namespace,
      definitions,
      services: servicesOf(unique),
      force: input.mode === 'manifest' && input.payload.force === true,
    };

    const effects: Effect[] = [];
    for (const change of changesOf(input, context)) {
      const effect = judge(change, context);
      if (effect) effects.push(effect);
    }
    for (const entry of readEntries) if (!entry.ok) effects.push(unreadable(entry));
    if (effects.length === 0) effects.push(nothingChanges(input));

    const edges = edgesOf(unique);
    return {
      effects,
      ...(edges.length > 0 ? { graph: { nodes: [], edges } } : {}),
      hints: hintsOf(input, located),
      ...(input.payload.context ? {} : { needs: { kubeContext: true } }),
    };
  },
};

// ---------------------------------------------------------------------------------------------

/** Every read entry of the input, objects and problems alike. */
function entriesOf(input: PreparedKubernetes): ReadEntry[] {
  switch (input.mode) {
    case 'manifest':
      return input.manifest.entries;
    case 'diff':
      return input.entries.flatMap((entry) => [entry.before, entry.after].filter((side): side is ReadEntry => side !== null));
    case 'compare':
      return [...input.before.entries, ...input.after.entries];
  }
}

/** What happens to each object. */
function changesOf(input: PreparedKubernetes, context: JudgeContext): ObjectChange[] {
  const changes: ObjectChange[] = [];
  switch (input.mode) {
    case 'manifest': {
      const { action, force } = input.payload;
      for (const entry of input.manifest.entries) {
        if (!entry.ok) continue;
        const object = entry.object;
        if (action === 'delete') changes.push({ type: 'delete', before: object });
        // `apply --force` deletes and recreates what it cannot patch: judged by that worst case.
        else if (action === 'replace' || (action === 'apply' && force === true)) changes.push({ type: 'replace', after: object });
        else changes.push({ type: action, after: object });
      }
      return changes;
    }
    case 'diff':
      for (const entry of input.entries) {
        const before = entry.before?.ok ? entry.before.object : undefined;
        const after = entry.after?.ok ? entry.after.object : undefined;
        if (before && after && key(before, context) === key(after, context)) changes.push({ type: 'update', before, after });
        else {
          // Two different objects in one entry: each judged on its own, the old one as deleted.
          if (before) changes.push({ type: 'delete', before });
          if (after) changes.push({ type: 'create', after });
        }
      }
      return changes;
    case 'compare': {
      const before = lastByKey(input.before, context);
      const after = lastByKey(input.after, context);
      for (const [identity, object] of after) {
        const old = before.get(identity);
        changes.push(old ? { type: 'update', before: old, after: object } : { type: 'create', after: object });
      }
      // What only the old set has is deleted: how a Helm upgrade that drops a template removes it.
      for (const [identity, object] of before) if (!after.has(identity)) changes.push({ type: 'delete', before: object });
      return changes;
    }
  }
}

function key(object: KubeObject, context: JudgeContext): string {
  return identityOf(object, locate(object, context).namespace);
}

/** Objects by identity; a later document for the same object wins, as it would when applied. */
function lastByKey(manifest: ReadManifest, context: JudgeContext): Map<string, KubeObject> {
  const out = new Map<string, KubeObject>();
  for (const entry of manifest.entries) if (entry.ok) out.set(key(entry.object, context), entry.object);
  return out;
}

function unreadable(entry: Extract<ReadEntry, { ok: false }>): Effect {
  return {
    operation: 'unknown',
    resource: { kind: 'kubernetes.manifest', address: entry.source },
    reversible: false,
    destroysData: false,
    summary: `${entry.problem}; Airlock cannot tell what it would do`,
    evidence: entry.body === undefined ? entry.source : JSON.stringify(entry.body).slice(0, 200),
  };
}

function nothingChanges(input: PreparedKubernetes): Effect {
  const summary = input.mode === 'manifest' ? `the manifest holds no objects; kubectl ${input.payload.action} changes nothing` : 'the objects are the same before and after; nothing changes';
  return { operation: 'read', resource: { kind: 'kubernetes.manifest', address: input.mode === 'manifest' ? 'manifest' : 'objects' }, reversible: true, destroysData: false, summary };
}

function hintsOf(input: PreparedKubernetes, located: readonly Located[]): Partial<EnvironmentHints> {
  const namespaces = new Set<string>();
  if (input.payload.namespace) namespaces.add(input.payload.namespace);
  for (const namespace of namespacesOf(located)) namespaces.add(namespace);
  return {
    ...(input.payload.context ? { kubeContexts: [input.payload.context] } : {}),
    ...(namespaces.size > 0 ? { kubeNamespaces: [...namespaces] } : {}),
  };
}

function uniqueByAddress(located: readonly Located[]): Located[] {
  const out = new Map<string, Located>();
  // After-state objects come later in the input and win; the graph is of what will be.
  for (const at of located) out.set(`${at.object.kind}\u0000${at.address}`, at);
  return [...out.values()];
}

// ---------------------------------------------------------------------------------------------
// Canonical form

/**
 * A manifest's objects in a stable order: sorted by what they are, so document order, key order,
 * whitespace, comments, YAML or JSON, and `kind: List` wrapping do not change the digest. Objects
 * with the same identity keep their relative order, since the later one is what stays applied.
 * Text that could not be read is kept as written: it is the only thing that says what it means.
 */
function canonicalSet(manifest: ReadManifest, namespace: string | undefined): unknown {
  if (manifest.unreadable !== undefined) return { unparsed: manifest.text };
  return sortStable(manifest.entries.map((entry) => ({ key: keyOf(entry, namespace), value: bodyOf(entry) })));
}

function keyOf(entry: ReadEntry | null, namespace: string | undefined): string {
  if (!entry) return '';
  // Unreadable objects sort last, in input order.
  if (!entry.ok) return '\uffff';
  const object = entry.object;
  return `${object.group}\u0000${object.kind}\u0000${object.namespace ?? namespace ?? ''}\u0000${object.name}`;
}

function bodyOf(entry: ReadEntry | null): JsonValue | { problem: JsonValue } {
  if (!entry) return null;
  return entry.ok ? entry.object.body : { problem: entry.body ?? entry.problem };
}

function sortStable<T>(items: Array<{ key: string; value: T }>): T[] {
  return items
    .map((item, index) => ({ ...item, index }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index))
    .map((item) => item.value);
}
