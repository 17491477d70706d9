import { z } from 'zod';
import { EnvironmentHintsSchema } from './environment.js';
import { AUTONOMY_LEVELS, CHANGE_KINDS, SOURCES } from './vocabulary.js';

/** Where a Change is aimed, as far as the entry point knows. */
export const TargetSchema = z.object({
  /** Working directory the action would run in (relative paths resolve against it). */
  cwd: z.string().optional(),
  /** Environment named explicitly (--env, AIRLOCK_ENV, a hook flag); wins over every hint. */
  environment: z.string().min(1).optional(),
  /** Clues gathered at intake: kube context, AWS profile, Terraform workspace … */
  hints: EnvironmentHintsSchema.partial().optional(),
});
export type Target = z.infer<typeof TargetSchema>;

/**
 * A proposed action as an entry point hands it in, before analysis. The payload's shape depends
 * on `kind` and is validated by that kind's analyzer.
 */
export const ChangeRequestSchema = z.object({
  kind: z.enum(CHANGE_KINDS),
  source: z.enum(SOURCES),
  agent: z.string().min(1).max(200),
  session: z.string().max(500).optional(),
  payload: z.unknown(),
  target: TargetSchema.default({}),
  /** Overrides the configured autonomy level for this one check (CLI --autonomy, scenarios). */
  autonomy: z.enum(AUTONOMY_LEVELS).optional(),
});
export type ChangeRequest = z.input<typeof ChangeRequestSchema>;
export type ParsedChangeRequest = z.output<typeof ChangeRequestSchema>;

/** One proposed action, identified by the digest of its canonical form. */
export interface Change extends ParsedChangeRequest {
  /** Unique id of this submission. */
  readonly id: string;
  /** SHA-256 (hex) over the canonical form; what an approval is bound to. */
  readonly digest: string;
  /** ISO-8601 time the change was received. */
  readonly receivedAt: string;
}

/** Payload of a `shell` Change. */
export const ShellPayloadSchema = z.object({ command: z.string() });
export type ShellPayload = z.infer<typeof ShellPayloadSchema>;

/** One file operation of an agent's file tool call. */
export const FileOperationSchema = z.object({
  operation: z.enum(['read', 'write', 'edit', 'delete', 'move']),
  /** The file (or, for reads, a directory, glob or URL) the tool names. */
  path: z.string().min(1),
  /** Destination of a move. */
  to: z.string().min(1).optional(),
  /** Full new content (write). */
  content: z.string().optional(),
  edits: z.array(z.object({ oldText: z.string(), newText: z.string() })).optional(),
});
export type FileOperation = z.infer<typeof FileOperationSchema>;

/** Payload of a `file` Change: an agent's file tool call (one or several files, as in a patch). */
export const FilePayloadSchema = z.object({ files: z.array(FileOperationSchema).min(1).max(10_000) });
export type FilePayload = z.infer<typeof FilePayloadSchema>;

/** Payload of an `mcp` Change: one `tools/call`. */
export const McpPayloadSchema = z.object({
  server: z.string(),
  tool: z.string().min(1),
  arguments: z.record(z.string(), z.unknown()).default({}),
  annotations: z
    .object({
      readOnlyHint: z.boolean().optional(),
      destructiveHint: z.boolean().optional(),
      idempotentHint: z.boolean().optional(),
      openWorldHint: z.boolean().optional(),
    })
    .optional(),
});
export type McpPayload = z.infer<typeof McpPayloadSchema>;
