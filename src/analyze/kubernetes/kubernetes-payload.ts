import { z } from 'zod';
import { AirlockError } from '../../errors/index.js';
import { MAX_MANIFEST_CHARS, MAX_OBJECTS, isNamespaceName } from './manifest-reader.js';

const Namespace = z.string().refine(isNamespaceName, 'a namespace is a lower-case RFC 1123 label (a-z, 0-9, -; at most 63 characters)');
const Context = z.string().min(1);

/** Where the objects go: the kube context, and the namespace for objects that name none. */
const Target = {
  /** Kube context (`kubectl --context`); without it, the ambient current context is read. */
  context: Context.optional(),
  /** Namespace for objects without metadata.namespace (`kubectl -n`). */
  namespace: Namespace.optional(),
};

/** What is done with a manifest: `kubectl apply | create | replace | delete -f`. */
export const MANIFEST_ACTIONS = ['apply', 'create', 'replace', 'delete'] as const;
export type ManifestAction = (typeof MANIFEST_ACTIONS)[number];

export const ManifestPayloadSchema = z
  .object({
    /**
     * apply: create or patch in place; create: new objects; replace: judged as `kubectl replace
     * --force` (delete, then create), whether or not the objects could be replaced in place;
     * delete: delete every object in the manifest.
     */
    action: z.enum(MANIFEST_ACTIONS),
    /** YAML (several documents separated by `---`) or JSON; `kind: List` items count one by one. */
    manifest: z.string(),
    /** apply --force: delete and recreate what cannot be patched; delete --force: no graceful shutdown. */
    force: z.boolean().optional(),
    ...Target,
  })
  .strict();

/** One object before and after (`kubectl get -o json` and `kubectl apply --dry-run=server -o json`). */
const DiffEntrySchema = z
  .object({
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
  })
  .strict()
  .refine((entry) => entry.before !== null || entry.after !== null, 'a diff entry needs before, after or both');

export const DiffPayloadSchema = z
  .object({
    /** before only: deleted; after only: created; both: updated (replaced if its uid changes). */
    diff: z.array(DiffEntrySchema).max(MAX_OBJECTS),
    ...Target,
  })
  .strict();

export const ComparePayloadSchema = z
  .object({
    /** The objects now (`helm get manifest RELEASE`). */
    before: z.string(),
    /** The objects after the change (`helm template` / `helm upgrade --dry-run` of the new chart). */
    after: z.string(),
    ...Target,
  })
  .strict();

export type ManifestPayload = z.output<typeof ManifestPayloadSchema>;
export type DiffPayload = z.output<typeof DiffPayloadSchema>;
export type ComparePayload = z.output<typeof ComparePayloadSchema>;
export type KubernetesPayload = ManifestPayload | DiffPayload | ComparePayload;

const HINT =
  'a kubernetes change is one of: { action: apply|create|replace|delete, manifest: "<YAML or JSON>", force?, namespace?, context? }; ' +
  '{ diff: [{ before: <object>|null, after: <object>|null }, …], namespace?, context? }; ' +
  '{ before: "<manifests now>", after: "<manifests after>", namespace?, context? } (e.g. `helm get manifest` and `helm template` for a helm upgrade)';

/**
 * Validates a kubernetes payload. The shape is told by its keys (manifest, diff, or before and
 * after), so a mistake is reported against the shape that was meant.
 */
export function parseKubernetesPayload(payload: unknown): KubernetesPayload {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new AirlockError('invalid_input', 'a kubernetes change payload must be an object', { hint: HINT });
  }
  const schema = 'diff' in payload ? DiffPayloadSchema : 'manifest' in payload || 'action' in payload ? ManifestPayloadSchema : ComparePayloadSchema;
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    if (issue?.code === 'too_big') {
      throw new AirlockError('input_too_large', `the kubernetes change has too many diff entries${where}: ${issue.message}`, { hint: 'split the change into smaller ones (one per namespace or application)' });
    }
    throw new AirlockError('invalid_input', `not a valid kubernetes change${where}: ${issue?.message ?? 'invalid'}`, { hint: HINT });
  }
  const data = parsed.data;
  const chars = 'manifest' in data ? data.manifest.length : 'diff' in data ? 0 : data.before.length + data.after.length;
  if (chars > MAX_MANIFEST_CHARS) {
    throw new AirlockError('input_too_large', `the kubernetes change carries ${chars} characters of manifests; the limit is ${MAX_MANIFEST_CHARS} (8 MiB)`, {
      hint: 'split the manifests into smaller changes (one per namespace or application) and submit each',
    });
  }
  return data;
}
