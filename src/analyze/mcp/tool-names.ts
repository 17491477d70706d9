import type { Effect, McpPayload } from '../../model/index.js';

/**
 * What a tool's name says it does. Names come from a server Airlock does not trust, so they are
 * read the pessimistic way: any destructive word wins over any write word, any write word over
 * any read word.
 */

const READ_VERBS = new Set(['get', 'list', 'read', 'search', 'describe', 'show', 'view', 'find', 'fetch', 'lookup', 'count', 'status', 'inspect', 'diff', 'preview', 'explain']);
/** Words that make a name read-like anywhere in it (`directory_tree`, `file_stat`), besides the verbs above. */
const READ_WORDS = new Set([...READ_VERBS, 'tree', 'stat', 'stats', 'ls', 'cat', 'head', 'tail', 'grep', 'glob', 'exists', 'info', 'metadata', 'checksum', 'hash']);
const DESTRUCTIVE_VERBS = new Set(['delete', 'remove', 'rm', 'drop', 'destroy', 'purge', 'truncate', 'wipe', 'erase', 'terminate', 'kill', 'uninstall', 'reset', 'clear', 'prune', 'revoke', 'overwrite', 'move', 'rename']);
const OPAQUE_VERBS = new Set(['exec', 'execute', 'run', 'query', 'sql', 'eval', 'shell', 'command', 'bash', 'script', 'invoke', 'call']);
/** Words that make a tool write, whatever its name starts with (`get_or_create_bucket`, `read_and_post`). */
const WRITE_VERBS = new Set([
  'create', 'put', 'post', 'send', 'write', 'update', 'set', 'add', 'insert', 'upsert', 'save', 'upload', 'apply', 'patch',
  'modify', 'edit', 'replace', 'publish', 'deploy', 'start', 'stop', 'restart', 'enable', 'disable', 'grant', 'assign',
  'attach', 'detach', 'merge', 'push', 'commit', 'approve', 'trigger', 'scale', 'rollback', 'restore', 'import', 'sync',
  'mutate', 'transfer', 'pay', 'charge', 'refund', 'email', 'notify', 'comment', 'reply', 'close', 'open', 'lock', 'unlock',
]);

/** Words in a tool name that mean it runs a command (`run_command`, `execute_shell`, `bash`). */
export const EXEC_WORDS = new Set(['run', 'exec', 'execute', 'shell', 'bash', 'command', 'cmd', 'terminal']);

/** `delete_file`, `deleteFile`, `delete-file` → ["delete", "file"]. */
export function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * The tool-level reading when the arguments tell nothing: a destructive word is a delete; a tool
 * that runs commands or queries is unknown; a name that starts with a read verb and has no write
 * word is a read; everything else is a risky (irreversible) write. `readOnlyHint` can make a read
 * only of a name that is read-like itself (`directory_tree`, `file_search`) and has no write word:
 * the hint alone never does, and it never outweighs the name.
 */
export function judgeByName(call: McpPayload, words: readonly string[]): Effect {
  const address = `${call.server}/${call.tool}`;
  const resource = { kind: 'mcp.tool', address };
  const evidence = `${call.server} ${call.tool}`;
  const writes = words.some((w) => WRITE_VERBS.has(w));
  if (words.some((w) => DESTRUCTIVE_VERBS.has(w))) {
    return { operation: 'delete', resource, reversible: false, destroysData: true, summary: `calls ${address}, which deletes or overwrites something`, evidence };
  }
  if (words.some((w) => OPAQUE_VERBS.has(w))) {
    return { operation: 'unknown', resource, reversible: false, destroysData: false, summary: `calls ${address}, which runs commands or queries Airlock cannot see into`, evidence };
  }
  const readLike = READ_VERBS.has(words[0] ?? '') || (call.annotations?.readOnlyHint === true && words.some((w) => READ_WORDS.has(w)));
  if (readLike && !writes) {
    return { operation: 'read', resource, reversible: true, destroysData: false, summary: `calls ${address} (reads)`, evidence };
  }
  return { operation: 'update', resource, reversible: false, destroysData: false, summary: `calls ${address}, which may change something`, evidence };
}

/** What a file tool does to the paths it names. `copy` reads its sources and writes its destination; `mkdir` creates directories. */
export type FileToolOperation = 'read' | 'write' | 'edit' | 'delete' | 'move' | 'copy' | 'mkdir';

const FILE_DELETE = new Set(['delete', 'remove', 'rm', 'rmdir', 'unlink', 'erase', 'purge', 'destroy', 'wipe', 'drop', 'trash', 'truncate', 'clear', 'empty', 'shred']);
const FILE_MOVE = new Set(['move', 'rename', 'mv']);
const FILE_COPY = new Set(['copy', 'cp', 'duplicate']);
const DIRECTORY_NOUNS = new Set(['directory', 'directories', 'dir', 'dirs', 'folder', 'folders']);
const FILE_CREATE = new Set(['create', 'make', 'new', 'ensure', 'add']);
const FILE_EDIT = new Set(['edit', 'patch', 'replace', 'modify', 'append', 'insert', 'update', 'change', 'str']);
/**
 * Words for writing the named path itself. Not `upload`, `send`, `publish` …: those read the path
 * and change something elsewhere, so such a tool stays unclear (a risky write).
 */
const FILE_WRITE = new Set(['write', 'create', 'save', 'put', 'download', 'overwrite', 'touch', 'new', 'make', 'store', 'generate']);

/**
 * What a tool does to the paths among its arguments, from its name: `read_text_file` reads,
 * `write_file` writes, `edit_file` edits, `move_file` moves, `delete_*`/`remove_*` delete.
 * `opaque`: the tool runs something (`run_script(path)`); undefined: the name does not say.
 */
export function fileOperationOf(words: readonly string[]): FileToolOperation | 'opaque' | undefined {
  const has = (set: ReadonlySet<string>) => words.some((w) => set.has(w));
  if (has(FILE_DELETE)) return 'delete';
  if (has(OPAQUE_VERBS)) return 'opaque';
  if (has(FILE_MOVE)) return 'move';
  if (has(FILE_COPY)) return 'copy';
  if (words.includes('mkdir') || (has(FILE_CREATE) && has(DIRECTORY_NOUNS))) return 'mkdir';
  if (has(FILE_EDIT)) return 'edit';
  if (has(FILE_WRITE)) return 'write';
  if (has(WRITE_VERBS)) return undefined;
  if (has(READ_WORDS)) return 'read';
  return undefined;
}
