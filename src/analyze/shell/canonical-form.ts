import type { Assignment, GenericNode, Redirect, Statement, Word } from './syntax.js';
import { isAssignment, isWord } from './syntax.js';

/**
 * The canonical JSON form of a parsed command, for the change digest. Spelling that does not
 * change meaning disappears (whitespace, comments, line continuations, `;` at the end, how a
 * literal is quoted or escaped); everything that does stays: each argument's decoded text, which
 * characters are live glob/brace/tilde syntax, which expansions are quoted (word splitting
 * differs), operators, order, redirect targets.
 */
export type CanonicalValue = string | number | boolean | null | CanonicalValue[] | { [key: string]: CanonicalValue };

export function canonicalStatement(statement: Statement): CanonicalValue {
  switch (statement.kind) {
    case 'simple': {
      const out: Record<string, CanonicalValue> = { cmd: statement.words.map(canonicalWord) };
      if (statement.assignments.length > 0) out.env = statement.assignments.map(canonicalAssignment);
      if (statement.redirects.length > 0) out.redir = statement.redirects.map(canonicalRedirect);
      return out;
    }
    case 'sequence': {
      const items = statement.items.map(({ statement: item, background }) =>
        background ? { bg: canonicalStatement(item) } : canonicalStatement(item),
      );
      const only = items[0];
      if (items.length === 1 && only !== undefined && !statement.items[0]?.background) return only;
      return { seq: items };
    }
    case 'and-or': {
      const out: CanonicalValue[] = [canonicalStatement(statement.first)];
      for (const { op, statement: next } of statement.rest) out.push(op, canonicalStatement(next));
      return out.length === 1 ? (out[0] ?? null) : { andor: out };
    }
    case 'pipeline': {
      const out: CanonicalValue[] = [];
      statement.stages.forEach((stage, index) => {
        if (index > 0) out.push(statement.ops[index - 1] ?? '|');
        out.push(canonicalStatement(stage));
      });
      return { pipe: out };
    }
    case 'subshell':
      return { sub: canonicalStatement(statement.body) };
    case 'group':
      return { group: canonicalStatement(statement.body) };
    case 'redirected':
      return { redirected: canonicalStatement(statement.body), redir: statement.redirects.map(canonicalRedirect) };
    case 'if':
      return {
        if: statement.branches.map((branch) => [canonicalStatement(branch.condition), canonicalStatement(branch.body)]),
        else: statement.otherwise ? canonicalStatement(statement.otherwise) : null,
      };
    case 'loop':
      return { [statement.keyword]: [canonicalStatement(statement.condition), canonicalStatement(statement.body)] };
    case 'for':
      return {
        [statement.keyword]: statement.variable,
        in: statement.values ? statement.values.map(canonicalWord) : null,
        do: canonicalStatement(statement.body),
      };
    case 'arithmetic-for':
      return { cfor: canonicalGeneric(statement.header), do: canonicalStatement(statement.body) };
    case 'case':
      return {
        case: canonicalWord(statement.subject),
        items: statement.items.map((item) => [item.patterns.map(canonicalWord), canonicalStatement(item.body), item.terminator]),
      };
    case 'function':
      return { fn: statement.name, body: canonicalStatement(statement.body) };
    case 'negated':
      return { not: canonicalStatement(statement.body) };
    case 'assignments':
      return { assign: statement.assignments.map(canonicalAssignment) };
    case 'declaration':
      return {
        decl: statement.keyword,
        args: statement.args.map((arg) => (isAssignment(arg) ? { assign: canonicalAssignment(arg) } : canonicalWord(arg))),
      };
    case 'test':
      return { test: canonicalGeneric(statement.syntax) };
    case 'arithmetic':
      return { arith: canonicalGeneric(statement.syntax) };
    case 'opaque':
      return { opaque: statement.reason, text: statement.text };
  }
}

/**
 * A word as a list of parts. Literal text is joined whatever its quoting, except characters that
 * are live shell syntax when unquoted (`*?[]` globs, `{},` braces, `~`, extglob `()|`),
 * which become `{ g: … }` so that `'*'` and `*` differ while `'ls'`, `"ls"`, `l's'` and
 * `$'\x6c's` are all "ls".
 */
function canonicalWord(word: Word): CanonicalValue {
  const out: CanonicalValue[] = [];
  let text = '';
  const flush = (): void => {
    if (text) out.push(text);
    text = '';
  };
  for (const part of word.parts) {
    switch (part.kind) {
      case 'literal':
        if (part.quoted) {
          text += part.value;
          break;
        }
        for (const char of part.value) {
          if (LIVE_CHARS.has(char)) {
            flush();
            out.push({ g: char });
          } else text += char;
        }
        break;
      case 'parameter':
        flush();
        out.push(part.syntax ? { px: canonicalGeneric(part.syntax), q: part.quoted } : { p: part.name, q: part.quoted });
        break;
      case 'command':
        flush();
        out.push({ c: canonicalStatement(part.body), q: part.quoted });
        break;
      case 'process':
        flush();
        out.push({ ps: part.direction, c: canonicalStatement(part.body) });
        break;
      case 'arithmetic':
        flush();
        out.push({ a: canonicalGeneric(part.syntax), q: part.quoted });
        break;
      case 'opaque':
        flush();
        out.push({ o: part.text });
        break;
    }
  }
  flush();
  // `""` is an empty argument, different from no argument.
  if (out.length === 0 && word.parts.length > 0) out.push('');
  return out;
}

/** Characters with meaning when unquoted inside a word. */
const LIVE_CHARS: ReadonlySet<string> = new Set(['*', '?', '[', ']', '{', '}', ',', '~', '(', ')', '|']);

function canonicalAssignment(assignment: Assignment): CanonicalValue {
  return [
    assignment.name,
    assignment.append ? '+=' : '=',
    assignment.value ? canonicalWord(assignment.value) : null,
    assignment.syntax ? canonicalGeneric(assignment.syntax) : null,
  ];
}

function canonicalRedirect(redirect: Redirect): CanonicalValue {
  switch (redirect.kind) {
    case 'file':
      return { fd: redirect.fd ?? null, op: redirect.op, to: redirect.target ? canonicalWord(redirect.target) : null };
    case 'heredoc':
      return { fd: redirect.fd ?? null, op: redirect.op, literal: redirect.literal, body: canonicalWord(redirect.body) };
    case 'herestring':
      return { fd: redirect.fd ?? null, op: '<<<', word: canonicalWord(redirect.word) };
  }
}

function canonicalGeneric(node: GenericNode): CanonicalValue {
  return {
    t: node.type,
    c: node.children.map((child) => (typeof child === 'string' ? child : isWord(child) ? { w: canonicalWord(child) } : canonicalGeneric(child))),
  };
}
