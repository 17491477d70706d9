import { posix } from 'node:path';
import { AirlockError } from '../../errors/index.js';
import { FilePayloadSchema, sha256Hex, type Effect, type FileOperation, type FilePayload } from '../../model/index.js';
import type { Analysis, AnalysisContext, Analyzer } from '../analyzer.js';

/** Largest total content accepted from an agent's file tool. */
const MAX_CONTENT_CHARS = 10 * 1024 * 1024;

/**
 * An agent's file tool call (Claude Code Write/Edit/Read, Gemini write_file/replace, Kiro fs_write,
 * Codex apply_patch …). A write or edit is a reversible update — the agent's edit can be edited
 * back; a delete destroys the file; a move over an existing file destroys that file. Paths are
 * the environment clue (`/srv/prod/…`).
 */
export const fileAnalyzer: Analyzer<FilePayload> = {
  kind: 'file',

  prepare(payload) {
    const parsed = FilePayloadSchema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AirlockError('invalid_input', `file change payload is invalid at ${issue?.path.join('.') || 'payload'}: ${issue?.message ?? 'unknown'}`, {
        hint: 'a file change needs { files: [{ operation: read|write|edit|delete|move, path }] }',
      });
    }
    let size = 0;
    for (const file of parsed.data.files) {
      size += file.content?.length ?? 0;
      for (const edit of file.edits ?? []) size += edit.oldText.length + edit.newText.length;
    }
    if (size > MAX_CONTENT_CHARS) {
      throw new AirlockError('input_too_large', `file change carries ${size} characters; the limit is ${MAX_CONTENT_CHARS}`);
    }
    return parsed.data;
  },

  canonical(input) {
    return input.files.map((file) => ({
      operation: file.operation,
      path: posix.normalize(file.path),
      to: file.to === undefined ? null : posix.normalize(file.to),
      content: file.content === undefined ? null : sha256Hex(file.content),
      edits: (file.edits ?? []).map((e) => [sha256Hex(e.oldText), sha256Hex(e.newText)]),
    }));
  },

  analyze(input: FilePayload, context: AnalysisContext): Analysis {
    const effects: Effect[] = [];
    const paths: string[] = [];
    for (const file of input.files) {
      const path = resolvePath(file.path, context.cwd);
      if (file.operation !== 'read') {
        // Both where the path says and where it really leads (through symbolic links) are clues:
        // the more critical environment of the two wins, so a link from dev into prod is prod.
        paths.push(path, real(path, context));
        if (file.operation === 'move' && file.to !== undefined) {
          const to = resolvePath(file.to, context.cwd);
          paths.push(to, real(to, context));
        }
      }
      effects.push(...effectsOf(file, path, context));
    }
    return { effects, hints: { paths: [...new Set(paths)] } };
  },
};

function effectsOf(file: FileOperation, path: string, context: AnalysisContext): Effect[] {
  const exists = (p: string) => (context.pathExists ? context.pathExists(p) : true);
  const evidence = `${file.operation} ${file.path}${file.to ? ` → ${file.to}` : ''}`;
  const resource = { kind: isUrl(file.path) ? 'url' : 'file', address: path };
  switch (file.operation) {
    case 'read':
      return [{ operation: 'read', resource, reversible: true, destroysData: false, summary: `reads ${path}`, evidence }];
    case 'delete':
      return [{ operation: 'delete', resource, reversible: false, destroysData: true, summary: `deletes ${path}`, evidence }];
    case 'write':
      if (!exists(path)) return [{ operation: 'create', resource, reversible: true, destroysData: false, summary: `creates ${path}`, evidence }];
      // Rewriting a file with new content is an edit like any other; emptying it is `: > file`.
      return file.content === ''
        ? [{ operation: 'update', resource, reversible: false, destroysData: true, summary: `empties ${path}`, evidence }]
        : [{ operation: 'update', resource, reversible: true, destroysData: false, summary: `rewrites ${path}`, evidence }];
    case 'edit':
      return [{ operation: 'update', resource, reversible: true, destroysData: false, summary: `edits ${path}`, evidence }];
    case 'move': {
      const to = resolvePath(file.to ?? file.path, context.cwd);
      const moved: Effect = { operation: 'update', resource, reversible: true, destroysData: false, summary: `moves ${path} to ${to}`, evidence };
      if (to === path || !exists(to)) return [moved];
      return [
        moved,
        { operation: 'delete', resource: { kind: 'file', address: to }, reversible: false, destroysData: true, summary: `overwrites ${to}`, evidence },
      ];
    }
  }
}

/** The path a write really lands on: through symbolic links, so a link from dev into prod is prod. */
function real(path: string, context: AnalysisContext): string {
  return context.realPath && posix.isAbsolute(path) ? context.realPath(path) : path;
}

function resolvePath(path: string, cwd: string | undefined): string {
  if (isUrl(path)) return path;
  return cwd ? posix.resolve(cwd, path) : posix.normalize(path);
}

function isUrl(path: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(path);
}
