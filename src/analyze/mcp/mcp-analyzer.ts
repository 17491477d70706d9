import { AirlockError } from '../../errors/index.js';
import { McpPayloadSchema, type Effect, type McpPayload } from '../../model/index.js';
import type { Analysis, Analyzer } from '../analyzer.js';

const READ_VERBS = new Set(['get', 'list', 'read', 'search', 'describe', 'show', 'view', 'find', 'fetch', 'lookup', 'count', 'status', 'inspect', 'diff', 'preview', 'explain']);
const DESTRUCTIVE_VERBS = new Set(['delete', 'remove', 'rm', 'drop', 'destroy', 'purge', 'truncate', 'wipe', 'erase', 'terminate', 'kill', 'uninstall', 'reset', 'clear', 'prune', 'revoke', 'overwrite', 'move', 'rename']);
const OPAQUE_VERBS = new Set(['exec', 'execute', 'run', 'query', 'sql', 'eval', 'shell', 'command', 'bash', 'script', 'invoke', 'call']);
/** Words that make a tool write, whatever its name starts with (`get_or_create_bucket`, `read_and_post`). */
const WRITE_VERBS = new Set([
  'create', 'put', 'post', 'send', 'write', 'update', 'set', 'add', 'insert', 'upsert', 'save', 'upload', 'apply', 'patch',
  'modify', 'edit', 'replace', 'publish', 'deploy', 'start', 'stop', 'restart', 'enable', 'disable', 'grant', 'assign',
  'attach', 'detach', 'merge', 'push', 'commit', 'approve', 'trigger', 'scale', 'rollback', 'restore', 'import', 'sync',
  'mutate', 'transfer', 'pay', 'charge', 'refund', 'email', 'notify', 'comment', 'reply', 'close', 'open', 'lock', 'unlock',
]);
/** Most nesting accepted in a tool call's arguments (deeper is refused, not recursed into). */
const MAX_ARGUMENT_DEPTH = 64;

/**
 * A tool call an agent makes to an MCP server. Until tool-to-analyzer mapping arrives (issue 4),
 * the tool's name and annotations decide: a destructive verb in the name is a delete; a tool that
 * runs arbitrary commands or queries is unknown; a name that starts with a read verb and has no
 * write verb anywhere is a read; everything else is a risky write. Annotations are hints from a
 * server we do not trust, so they can make a call look worse (`destructiveHint`), never better:
 * `readOnlyHint` alone never makes a call a read.
 */
export const mcpAnalyzer: Analyzer<McpPayload> = {
  kind: 'mcp',

  prepare(payload) {
    const parsed = McpPayloadSchema.safeParse(payload);
    if (!parsed.success) {
      throw new AirlockError('invalid_input', `MCP tool call payload is invalid: ${parsed.error.issues[0]?.message ?? 'unknown'}`, {
        hint: 'an MCP change needs { server, tool, arguments }',
      });
    }
    if (depthOf(parsed.data.arguments) > MAX_ARGUMENT_DEPTH) {
      throw new AirlockError('invalid_input', `MCP tool call arguments are nested more than ${MAX_ARGUMENT_DEPTH} levels deep`, {
        hint: 'no real tool call nests that deep; this input is refused',
      });
    }
    return parsed.data;
  },

  canonical(input) {
    // Annotations change the analysis (destructiveHint), so they are part of what is approved.
    return { server: input.server, tool: input.tool, arguments: input.arguments, annotations: input.annotations ?? null };
  },

  analyze(input): Analysis {
    const address = `${input.server}/${input.tool}`;
    const words = wordsOf(input.tool);
    const evidence = `${input.server} ${input.tool}`;
    const resource = { kind: 'mcp.tool', address };
    let effect: Effect;
    if (words.some((w) => DESTRUCTIVE_VERBS.has(w)) || input.annotations?.destructiveHint === true) {
      effect = { operation: 'delete', resource, reversible: false, destroysData: true, summary: `calls ${address}, which deletes or overwrites something`, evidence };
    } else if (words.some((w) => OPAQUE_VERBS.has(w))) {
      effect = { operation: 'unknown', resource, reversible: false, destroysData: false, summary: `calls ${address}, which runs commands or queries Airlock cannot see into`, evidence };
    } else if (READ_VERBS.has(words[0] ?? '') && !words.some((w) => WRITE_VERBS.has(w))) {
      effect = { operation: 'read', resource, reversible: true, destroysData: false, summary: `calls ${address} (reads)`, evidence };
    } else {
      effect = { operation: 'update', resource, reversible: false, destroysData: false, summary: `calls ${address}, which may change something`, evidence };
    }
    return { effects: [effect], hints: {} };
  },
};

/** `delete_file`, `deleteFile`, `delete-file` → ["delete", "file"]. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** How deeply a JSON value nests; stops counting past the limit (no deep recursion on hostile input). */
function depthOf(value: unknown, depth = 0): number {
  if (depth > MAX_ARGUMENT_DEPTH || value === null || typeof value !== 'object') return depth;
  let deepest = depth;
  for (const child of Object.values(value as Record<string, unknown>)) {
    deepest = Math.max(deepest, depthOf(child, depth + 1));
    if (deepest > MAX_ARGUMENT_DEPTH) break;
  }
  return deepest;
}
