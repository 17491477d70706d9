import type { Node } from 'web-tree-sitter';
import { decodeAnsiC, decodeDoubleQuoted, decodeUnquoted } from './escapes.js';
import type { GenericNode, Statement, Word, WordPart } from './syntax.js';

/** What the word builder needs from the statement builder (words hold command substitutions). */
export interface WordBuilderHost {
  /** The parsed source; string nodes are decoded from it so text between children is not lost. */
  readonly source: string;
  /** Deepest nesting allowed before a part becomes opaque. */
  readonly maxDepth: number;
  /** Statements among `children` (tokens are skipped; a `&` token backgrounds the one before). */
  sequence(children: readonly Node[], depth: number): Statement;
  generic(node: Node, depth: number): GenericNode;
}

/** Turns a tree-sitter word-like node (word, string, concatenation, expansion …) into a Word. */
export function buildWord(node: Node, host: WordBuilderHost, depth: number): Word {
  const parts: WordPart[] = [];
  addParts(node, host, depth, false, parts);
  return { parts: mergeLiterals(parts), text: node.text };
}

/** A Word holding fixed text (a heredoc body with a quoted delimiter, a synthetic argument). */
export function literalWord(value: string, text: string, quoted = true): Word {
  return { parts: value ? [{ kind: 'literal', value, quoted }] : [], text };
}

function addParts(node: Node, host: WordBuilderHost, depth: number, inDoubleQuotes: boolean, out: WordPart[]): void {
  if (depth > host.maxDepth) {
    out.push({ kind: 'opaque', reason: 'too-deep', text: node.text });
    return;
  }
  switch (node.type) {
    case 'word':
    case 'number':
      if (node.namedChildCount > 0) {
        for (const child of node.children) addParts(child, host, depth, inDoubleQuotes, out);
        return;
      }
      if (inDoubleQuotes) out.push({ kind: 'literal', value: decodeDoubleQuoted(node.text), quoted: true });
      else for (const segment of decodeUnquoted(node.text)) out.push({ kind: 'literal', ...segment });
      return;
    case 'raw_string':
      out.push({ kind: 'literal', value: node.text.slice(1, -1), quoted: true });
      return;
    case 'ansi_c_string':
      out.push({ kind: 'literal', value: decodeAnsiC(node.text.slice(2, -1)), quoted: true });
      return;
    case 'string':
      addDoubleQuoted(node, host, depth, out);
      return;
    case 'translated_string':
      for (const child of node.namedChildren) addParts(child, host, depth, inDoubleQuotes, out);
      return;
    case 'string_content':
      out.push({ kind: 'literal', value: decodeDoubleQuoted(node.text), quoted: true });
      return;
    case 'concatenation':
    case 'command_name':
      for (const child of node.children) addParts(child, host, depth, inDoubleQuotes, out);
      return;
    case 'simple_expansion': {
      const name = node.namedChildren.find((c) => c.type === 'variable_name' || c.type === 'special_variable_name');
      out.push({ kind: 'parameter', name: name?.text ?? node.text.slice(1), quoted: inDoubleQuotes });
      return;
    }
    case 'expansion': {
      const named = node.namedChildren;
      const first = named[0];
      const plain =
        named.length === 1 && first !== undefined && (first.type === 'variable_name' || first.type === 'special_variable_name') && node.childCount === 3;
      const name = named.find((c) => c.type === 'variable_name' || c.type === 'special_variable_name')?.text ?? '';
      out.push(
        plain
          ? { kind: 'parameter', name, quoted: inDoubleQuotes }
          : { kind: 'parameter', name, quoted: inDoubleQuotes, syntax: host.generic(node, depth + 1) },
      );
      return;
    }
    case 'command_substitution':
      out.push({ kind: 'command', body: host.sequence(bodyChildren(node), depth + 1), quoted: inDoubleQuotes });
      return;
    case 'process_substitution':
      out.push({
        kind: 'process',
        direction: node.child(0)?.type === '>(' ? '>' : '<',
        body: host.sequence(bodyChildren(node), depth + 1),
      });
      return;
    case 'arithmetic_expansion':
      out.push({ kind: 'arithmetic', syntax: host.generic(node, depth + 1), quoted: inDoubleQuotes });
      return;
    case 'ERROR':
      out.push({ kind: 'opaque', reason: 'syntax-error', text: node.text });
      return;
    default:
      // Tokens and pattern-like nodes (brace_expression, extglob_pattern, regex, `$`, `==`,
      // variable_name as an argument) are literal text as written, unquoted.
      if (node.namedChildCount > 0 && node.type !== 'brace_expression') {
        out.push({ kind: 'parameter', name: '', quoted: inDoubleQuotes, syntax: host.generic(node, depth + 1) });
        return;
      }
      for (const segment of decodeUnquoted(node.text)) out.push({ kind: 'literal', ...segment });
  }
}

/** `"…"`: text between the children is content too, so read it from the source by position. */
function addDoubleQuoted(node: Node, host: WordBuilderHost, depth: number, out: WordPart[]): void {
  let cursor = node.startIndex + 1;
  const end = node.endIndex - 1;
  // `""` must still produce an (empty) argument; empty literals are dropped from longer words.
  out.push({ kind: 'literal', value: '', quoted: true });
  const pushText = (from: number, to: number): void => {
    if (to > from) out.push({ kind: 'literal', value: decodeDoubleQuoted(host.source.slice(from, to)), quoted: true });
  };
  for (const child of node.namedChildren) {
    pushText(cursor, child.startIndex);
    if (child.type === 'string_content') pushText(child.startIndex, child.endIndex);
    else addParts(child, host, depth, true, out);
    cursor = child.endIndex;
  }
  pushText(cursor, end);
}

/** The children of `$(…)` or `<(…)` that make up its body (`$(< file)` keeps its redirect apart). */
function bodyChildren(node: Node): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < node.childCount; i += 1) {
    const child = node.child(i);
    if (child && node.fieldNameForChild(i) !== 'redirect') out.push(child);
  }
  return out;
}

/** Joins adjacent literal parts with the same quoting, so spellings of one word compare equal. */
function mergeLiterals(parts: WordPart[]): WordPart[] {
  // An empty quoted literal only matters when it is the whole word (`""` is an empty argument).
  const nonEmpty = parts.filter((part) => !(part.kind === 'literal' && part.value === ''));
  if (nonEmpty.length === 0) return parts.length > 0 ? [{ kind: 'literal', value: '', quoted: true }] : [];
  const out: WordPart[] = [];
  for (const part of nonEmpty) {
    const last = out[out.length - 1];
    if (part.kind === 'literal' && last?.kind === 'literal' && last.quoted === part.quoted) {
      out[out.length - 1] = { kind: 'literal', value: last.value + part.value, quoted: part.quoted };
    } else out.push(part);
  }
  return out;
}
