import type { GenericNode, OpaqueReason, Statement, Word, WordPart } from './syntax.js';
import { isWord } from './syntax.js';

/**
 * One argument as a command handler sees it.
 * - `static`: fully known text (after quote removal); `glob` when unquoted pattern syntax remains
 *   (`*.log`, `{a,b}`), `tilde` when it starts with an unquoted `~`.
 * - `dynamic`: depends on a variable or a command's output; `symbolic` renders it for messages.
 * - `stdin`: an operand `xargs` reads from its input.
 * - `found`: the `{}` of `find … -exec`, standing for each file find finds.
 */
export type Arg = StaticArg | DynamicArg | StdinArg | FoundArg;

export interface StaticArg {
  readonly kind: 'static';
  readonly value: string;
  readonly text: string;
  readonly glob: boolean;
  readonly tilde: boolean;
}

export interface DynamicArg {
  readonly kind: 'dynamic';
  readonly text: string;
  /** `$DIR/data`, `$(…)/x`: readable, never executed. */
  readonly symbolic: string;
}

export interface StdinArg {
  readonly kind: 'stdin';
  readonly text: string;
}

export interface FoundArg {
  readonly kind: 'found';
  readonly text: string;
  /** Where find searches. */
  readonly roots: readonly Arg[];
  /** The tests that narrow the search (`-name '*.log'`), as written; empty when none. */
  readonly filters: readonly string[];
}

/** What a word means as an argument. */
export function argOf(word: Word): Arg {
  const parts = word.parts;
  // `$HOME` and `${HOME}` at the start are `~`: keep paths under the home directory symbolic.
  const homeFirst = parts[0]?.kind === 'parameter' && parts[0].name === 'HOME' && !parts[0].syntax;
  const rest = homeFirst ? parts.slice(1) : parts;
  if (rest.every((part) => part.kind === 'literal')) {
    let value = homeFirst ? '~' : '';
    let glob = false;
    let unquotedText = '';
    for (const part of rest) {
      if (part.kind !== 'literal') continue;
      value += part.value;
      if (!part.quoted) unquotedText += part.value;
      else unquotedText += ' ';
      // `[` alone (the test command) matches nothing and stays literal; `[ab]` is a pattern.
      if (!part.quoted && /[*?]|\[.*\]/.test(part.value)) glob = true;
    }
    if (!glob && /\{[^{}]*(,|\.\.)[^{}]*\}/.test(unquotedText)) glob = true;
    const first = rest[0];
    const tilde = homeFirst || (first?.kind === 'literal' && !first.quoted && first.value.startsWith('~'));
    return { kind: 'static', value, text: word.text, glob, tilde };
  }
  return { kind: 'dynamic', text: word.text, symbolic: symbolicText(parts) };
}

/** A static argument made from plain text (synthetic arguments, split strings). */
export function staticArg(value: string, text = value): StaticArg {
  return { kind: 'static', value, text, glob: false, tilde: false };
}

/** The literal value of an argument, or undefined when it is not fully known. */
export function literalOf(arg: Arg | undefined): string | undefined {
  return arg?.kind === 'static' ? arg.value : undefined;
}

/** How an argument reads in a message: its value when known, else its symbolic form. */
export function displayOf(arg: Arg): string {
  switch (arg.kind) {
    case 'static':
      return arg.value;
    case 'dynamic':
      return arg.symbolic;
    case 'stdin':
      return '(names read from standard input)';
    case 'found':
      return '(each file found by find)';
  }
}

/** The argument with its first `length` characters removed (`of=/dev/sda` → `/dev/sda`). */
export function sliceArg(arg: Arg, length: number): Arg {
  switch (arg.kind) {
    case 'static': {
      const value = arg.value.slice(length);
      return { ...arg, value, text: value, tilde: value.startsWith('~') };
    }
    case 'dynamic': {
      const symbolic = arg.symbolic.slice(length);
      return { kind: 'dynamic', text: symbolic, symbolic };
    }
    default:
      return arg;
  }
}

function symbolicText(parts: readonly WordPart[]): string {
  let out = '';
  parts.forEach((part, index) => {
    switch (part.kind) {
      case 'literal':
        out += part.value;
        break;
      case 'parameter':
        out += index === 0 && part.name === 'HOME' && !part.syntax ? '~' : part.name ? `$${part.name}` : '${…}';
        break;
      case 'command':
        out += '$(…)';
        break;
      case 'process':
        out += `${part.direction}(…)`;
        break;
      case 'arithmetic':
        out += '$((…))';
        break;
      case 'opaque':
        out += part.text;
        break;
    }
  });
  return out;
}

/**
 * Code inside words: command and process substitutions run when the word is expanded; opaque
 * pieces are syntax Airlock could not read (nesting too deep, a syntax error).
 */
export type Embedded =
  | { readonly kind: 'command' | 'process'; readonly body: Statement; readonly text: string }
  | { readonly kind: 'opaque'; readonly reason: OpaqueReason; readonly text: string };

/** Everything embedded in a word, also inside `${…}` and `$((…))`. */
export function embeddedIn(word: Word, out: Embedded[] = []): Embedded[] {
  for (const part of word.parts) {
    if (part.kind === 'command' || part.kind === 'process') out.push({ kind: part.kind, body: part.body, text: word.text });
    else if (part.kind === 'opaque') out.push({ kind: 'opaque', reason: part.reason, text: part.text });
    else if (part.kind === 'parameter' && part.syntax) embeddedInGeneric(part.syntax, out);
    else if (part.kind === 'arithmetic') embeddedInGeneric(part.syntax, out);
  }
  return out;
}

/** Everything embedded in a generic node (test expressions, arithmetic …). */
export function embeddedInGeneric(node: GenericNode, out: Embedded[] = []): Embedded[] {
  if (node.type === 'opaque') {
    out.push({ kind: 'opaque', reason: 'too-deep', text: node.children.map((c) => (typeof c === 'string' ? c : '')).join('') });
    return out;
  }
  for (const child of node.children) {
    if (typeof child === 'string') continue;
    if (isWord(child)) embeddedIn(child, out);
    else embeddedInGeneric(child, out);
  }
  return out;
}
