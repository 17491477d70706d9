import { clusterScopedOf, type KindResolution } from './kube-kinds.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** One Kubernetes object as read from a change, with what identifies it. */
export interface KubeObject {
  readonly apiVersion: string;
  /** API group of apiVersion; '' for the core group (`v1`). */
  readonly group: string;
  /** Kind exactly as written (the API server matches it case-sensitively). */
  readonly kind: string;
  readonly name: string;
  /** metadata.namespace as written; undefined when it is absent or empty. */
  readonly namespace: string | undefined;
  /** The whole object, as plain JSON. */
  readonly body: JsonObject;
  /** Where it was found, for evidence: `document 3`, `document 1, items[4]`, `diff[2].before`. */
  readonly source: string;
}

/** Either an object, or why a part of the input is not one (judged `unknown`: fail closed). */
export type ReadEntry =
  | { readonly ok: true; readonly object: KubeObject }
  | { readonly ok: false; readonly problem: string; readonly source: string; readonly body: JsonValue | undefined };

/** The namespace an object without one lands in, when the change does not name one either. */
export const CURRENT_NAMESPACE = '(current namespace)';

/** Where an object lives: its namespace, the change's default namespace, or kubectl's current one. */
export function namespaceOf(object: KubeObject, defaultNamespace: string | undefined, resolution: KindResolution): string | undefined {
  if (clusterScopedOf(resolution) === true) return undefined;
  return object.namespace ?? defaultNamespace ?? CURRENT_NAMESPACE;
}

/**
 * The object's address, as the shell kubectl analyzer and the inventory write it (conventions in
 * src/inventory/inventory-model.ts): `<ns>/<kind>/<name>`, or `<kind>/<name>` when cluster-scoped,
 * `<kind>` being the lower-case Kind.
 */
export function addressOf(object: KubeObject, namespace: string | undefined): string {
  const kind = object.kind.toLowerCase();
  return namespace === undefined ? `${kind}/${object.name}` : `${namespace}/${kind}/${object.name}`;
}

/**
 * What matches an object across a before and an after set: API group (not version: `apps/v1` and
 * `apps/v1beta2` are the same Deployment), Kind, namespace and name.
 */
export function identityOf(object: KubeObject, namespace: string | undefined): string {
  return `${object.group}\u0000${object.kind}\u0000${namespace ?? ''}\u0000${object.name}`;
}

/** `apps/v1 Deployment shop/api (document 2)`, for an Effect's evidence. */
export function evidenceOf(object: KubeObject): string {
  const where = object.namespace ? `${object.namespace}/${object.name}` : object.name;
  return `${object.apiVersion} ${object.kind} ${where} (${object.source})`;
}

// ---------------------------------------------------------------------------------------------
// Reading fields of an object's body, which is outside data: nothing here trusts its shape.

export function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** body.a.b.c, or undefined where any step is missing or not an object. */
export function pathOf(value: JsonValue | undefined, ...path: string[]): JsonValue | undefined {
  let current = value;
  for (const key of path) {
    if (!isObject(current)) return undefined;
    current = Object.hasOwn(current, key) ? current[key] : undefined;
  }
  return current;
}

export function stringAt(value: JsonValue | undefined, ...path: string[]): string | undefined {
  const found = pathOf(value, ...path);
  return typeof found === 'string' ? found : undefined;
}

export function objectAt(value: JsonValue | undefined, ...path: string[]): JsonObject | undefined {
  const found = pathOf(value, ...path);
  return isObject(found) ? found : undefined;
}

/** String-valued entries of a label map (`spec.selector`, `metadata.labels`). */
export function labelsAt(value: JsonValue | undefined, ...path: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, label] of Object.entries(objectAt(value, ...path) ?? {})) if (typeof label === 'string') out[key] = label;
  return out;
}

/**
 * Every value of `spec.replicas`, including keys spelled in another case: API servers before 1.23
 * decoded JSON field names case-insensitively, so `Replicas: 0` once meant zero replicas. Reading
 * all of them, a change is judged by the most drastic.
 */
export function replicasOf(body: JsonObject): JsonValue[] {
  const spec = objectAt(body, 'spec');
  if (!spec) return [];
  return Object.entries(spec)
    .filter(([key]) => key.toLowerCase() === 'replicas')
    .map(([, value]) => value);
}

/** Whether a replica count means zero (`0`, or the string `"0"` a template may render). */
export function isZero(value: JsonValue): boolean {
  return value === 0 || (typeof value === 'string' && /^[+-]?0+$/.test(value.trim()));
}

export function deepEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
}
