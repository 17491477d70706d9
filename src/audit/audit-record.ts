import { canonicalJson, sha256Hex } from '../model/index.js';
import type { AuditRow } from '../store/index.js';

/** Kinds of audit record: decisions, failures, every approval state change, freezes, failed notifications, tokens issued, and the outcome of an allowed MCP tool call (result). */
export const AUDIT_TYPES = ['decision', 'error', 'approval', 'freeze', 'notification', 'token', 'result'] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

/** The hash a chain starts from. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a caller appends; the log adds seq, id, the previous hash and the hash. */
export interface AuditEntry {
  readonly type: AuditType;
  readonly at: string;
  readonly agent?: string | undefined;
  readonly source?: string | undefined;
  readonly kind?: string | undefined;
  readonly environment?: string | undefined;
  readonly digest?: string | undefined;
  readonly decision?: string | undefined;
  readonly enforced?: string | undefined;
  readonly mode?: string | undefined;
  readonly wouldBlock?: boolean | undefined;
  readonly severity?: string | undefined;
  /** Everything else (change, assessment, decision, policy version); stored as canonical JSON. */
  readonly body: Record<string, unknown>;
}

/**
 * SHA-256 over every column of the row as stored (body as its exact text) plus the previous hash.
 * Any edit to any byte of a record, or to its place in the chain, changes it.
 */
export function hashRow(row: Omit<AuditRow, 'hash'>): string {
  return sha256Hex(
    canonicalJson({
      seq: row.seq,
      id: row.id,
      at: row.at,
      type: row.type,
      agent: row.agent,
      source: row.source,
      kind: row.kind,
      environment: row.environment,
      digest: row.digest,
      decision: row.decision,
      enforced: row.enforced,
      mode: row.mode,
      wouldBlock: row.wouldBlock,
      severity: row.severity,
      body: row.body,
      prevHash: row.prevHash,
    }),
  );
}

/** Largest input kept verbatim in an error record; bigger ones keep their size and first 4 KiB. */
const MAX_AUDITED_INPUT = 64 * 1024;

/**
 * The record of a check that failed (refused input, broken config, policy error): a deny, with the
 * error and the input that caused it, so every block is on the record.
 */
export function errorEntry(options: {
  readonly at: string;
  readonly agent?: string | undefined;
  readonly source?: string | undefined;
  readonly kind?: string | undefined;
  readonly error: Record<string, unknown>;
  readonly input: unknown;
}): AuditEntry {
  let input: unknown;
  try {
    const text = typeof options.input === 'string' ? options.input : (JSON.stringify(options.input) ?? 'null');
    input = text.length <= MAX_AUDITED_INPUT ? options.input : { omitted: true, characters: text.length, start: text.slice(0, 4096) };
  } catch {
    input = { omitted: true };
  }
  return {
    type: 'error',
    at: options.at,
    agent: options.agent,
    source: options.source,
    kind: options.kind,
    decision: 'deny',
    enforced: 'deny',
    body: { error: options.error, input },
  };
}
