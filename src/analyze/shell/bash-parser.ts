import '../../platform/v8-flags.js';
import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';
import type { Statement } from './syntax.js';
import { MAX_SYNTAX_DEPTH, SyntaxBuilder } from './syntax-builder.js';

/** A parsed command line: Airlock's syntax tree, and whether tree-sitter found syntax errors. */
export interface ParsedScript {
  /** False when the input has a syntax error; the tree then holds opaque nodes where it broke. */
  readonly ok: boolean;
  readonly script: Statement;
}

/** Parses bash source synchronously; the wasm tree is deleted before returning. */
export interface BashParser {
  parse(source: string): ParsedScript;
}

// The grammar is loaded once per process and shared by every parser built from it.
let bashLanguage: Promise<Language> | undefined;

function loadLanguage(): Promise<Language> {
  bashLanguage ??= (async () => {
    await Parser.init();
    const wasm = createRequire(import.meta.url).resolve('tree-sitter-bash/tree-sitter-bash.wasm');
    return Language.load(wasm);
  })();
  // A failed load must not poison later attempts.
  bashLanguage.catch(() => {
    bashLanguage = undefined;
  });
  return bashLanguage;
}

/** Loads tree-sitter and the bash grammar (async, once), then returns a synchronous parser. */
export async function loadBashParser(): Promise<BashParser> {
  const language = await loadLanguage();
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    parse(source: string): ParsedScript {
      const tree = parser.parse(source);
      if (!tree) return { ok: false, script: { kind: 'opaque', reason: 'syntax-error', text: source } };
      try {
        const script = new SyntaxBuilder(source, MAX_SYNTAX_DEPTH).program(tree.rootNode);
        return { ok: !tree.rootNode.hasError, script };
      } finally {
        tree.delete();
      }
    },
  };
}
