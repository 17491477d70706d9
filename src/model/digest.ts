import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { ChangeKind } from './vocabulary.js';

// `canonicalize` is CommonJS whose typings claim an ES default export; load it the CommonJS way.
const canonicalize = createRequire(import.meta.url)('canonicalize') as (value: unknown) => string | undefined;

/** The fields of a Change that carry its meaning, and nothing else. */
export interface CanonicalChange {
  kind: ChangeKind;
  /** The analyzer's canonical form of the payload (equal for equivalent spellings). */
  payload: unknown;
  cwd?: string | undefined;
  environment?: string | undefined;
  /**
   * What the change runs that is not in its payload but was read for it (the manifest behind
   * `kubectl apply -f app.yaml`): an approval must not carry over to a file that changed since.
   */
  read?: unknown;
}

/** Version of the canonical form; bumped if it ever changes so old approvals cannot match new digests. */
const CANONICAL_VERSION = 1;

/**
 * SHA-256 over the RFC 8785 (JCS) serialization of the canonical change: key order and JSON
 * whitespace never matter. Who proposed it and when are deliberately left out — the digest says
 * what would happen, and approvals check the requester separately.
 */
export function digestOf(change: CanonicalChange): string {
  const canonical = canonicalJson({
    v: CANONICAL_VERSION,
    kind: change.kind,
    payload: change.payload,
    cwd: change.cwd ?? null,
    environment: change.environment ?? null,
    // Only present when something was read, so every other digest stays as it was.
    ...(change.read === undefined ? {} : { read: change.read }),
  });
  return sha256Hex(canonical);
}

/** RFC 8785 canonical JSON text. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
