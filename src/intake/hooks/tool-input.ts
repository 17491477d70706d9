import { z } from 'zod';
import { AirlockError } from '../../errors/index.js';
import type { FileOperation } from '../../model/index.js';

/** Reads a string field of a tool's input, or fails with a message naming tool and field. */
export function requireString(input: Record<string, unknown>, field: string, tool: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw new AirlockError('invalid_input', `${tool} call without a "${field}" string in tool_input`, {
      hint: 'the hook input does not look like this agent\'s; check that the hook is registered for the right agent',
    });
  }
  return value;
}

export function optionalString(input: Record<string, unknown>, field: string): string | undefined {
  const value = input[field];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The tool_input object of a hook payload (an object; some agents send a JSON string). */
export const ToolInputSchema = z.union([
  z.record(z.string(), z.unknown()),
  z.string().transform((text, ctx) => {
    try {
      const value: unknown = JSON.parse(text);
      if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // fall through
    }
    ctx.addIssue({ code: 'custom', message: 'tool_input is a string that is not a JSON object' });
    return z.NEVER;
  }),
]);

/**
 * Files named in a Codex `apply_patch` body (`*** Add File:`, `*** Update File:`, `*** Delete File:`,
 * `*** Move to:`). The patch format is line-oriented by design, so reading its headers line by line
 * is reading the format, not guessing. See https://developers.openai.com/codex/hooks.
 */
export function filesOfPatch(patch: string): FileOperation[] {
  const files: FileOperation[] = [];
  let current: FileOperation | undefined;
  for (const line of patch.split(/\r?\n/)) {
    const header = /^\*\*\* (Add|Update|Delete) File: (.+)$/.exec(line);
    if (header) {
      const [, action, path] = header;
      current = { operation: action === 'Delete' ? 'delete' : action === 'Add' ? 'write' : 'edit', path: path!.trim() };
      files.push(current);
      continue;
    }
    const move = /^\*\*\* Move to: (.+)$/.exec(line);
    if (move && current) {
      current.operation = 'move';
      current.to = move[1]!.trim();
    }
  }
  return files;
}

/** Validates an agent's hook input; a mismatch is an `invalid_input` error naming the field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'input';
    throw new AirlockError('invalid_input', `not a ${what} hook input: ${field}: ${issue?.message ?? 'invalid'}`, {
      hint: 'check that the hook is registered for the right agent and event (see README: Agent hooks)',
    });
  }
  return parsed.data;
}
