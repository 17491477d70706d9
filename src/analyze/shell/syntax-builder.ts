import type { Node } from 'web-tree-sitter';
import type {
  Assignment,
  GenericNode,
  Redirect,
  Statement,
  Word,
  WordPart,
} from './syntax.js';
import { buildWord, literalWord, type WordBuilderHost } from './word-builder.js';

/**
 * How deep the syntax may nest (subshells, command substitutions, bodies, expressions) before the
 * rest is kept as an opaque node. Keeps every later recursion far from the JavaScript stack limit
 * whatever the input (10,000 nested `(` parse fine in tree-sitter, which is not recursive).
 */
export const MAX_SYNTAX_DEPTH = 64;

/** Node types that are words (arguments, values, redirect targets). */
const WORD_TYPES: ReadonlySet<string> = new Set([
  'word',
  'string',
  'raw_string',
  'ansi_c_string',
  'translated_string',
  'concatenation',
  'simple_expansion',
  'expansion',
  'command_substitution',
  'process_substitution',
  'arithmetic_expansion',
  'number',
  'extglob_pattern',
  'regex',
  'brace_expression',
]);

/** Node types that are statements (appear where a command may). */
const STATEMENT_TYPES: ReadonlySet<string> = new Set([
  'command',
  'list',
  'pipeline',
  'redirected_statement',
  'subshell',
  'compound_statement',
  'if_statement',
  'while_statement',
  'for_statement',
  'c_style_for_statement',
  'case_statement',
  'function_definition',
  'negated_command',
  'test_command',
  'variable_assignment',
  'variable_assignments',
  'declaration_command',
  'unset_command',
]);

/** Converts a tree-sitter-bash tree into Airlock's plain syntax tree (see syntax.ts). */
export class SyntaxBuilder implements WordBuilderHost {
  constructor(
    readonly source: string,
    readonly maxDepth: number = MAX_SYNTAX_DEPTH,
  ) {}

  program(root: Node): Statement {
    return this.sequence(root.children, 0);
  }

  sequence(children: readonly Node[], depth: number): Statement {
    const items: Array<{ statement: Statement; background: boolean }> = [];
    for (const child of children) {
      if (!child.isNamed) {
        const last = items[items.length - 1];
        if (child.type === '&' && last) last.background = true;
        continue;
      }
      if (child.type === 'comment') continue;
      items.push({ statement: this.statement(child, depth), background: false });
    }
    const only = items[0];
    if (items.length === 1 && only && !only.background) return only.statement;
    return { kind: 'sequence', items };
  }

  statement(node: Node, depth: number): Statement {
    if (depth > this.maxDepth) return { kind: 'opaque', reason: 'too-deep', text: node.text };
    switch (node.type) {
      case 'command':
        return this.simple(node, depth);
      case 'list':
        return this.andOr(node, depth);
      case 'pipeline': {
        const stages: Statement[] = [];
        const ops: string[] = [];
        for (const child of node.children) {
          if (!child.isNamed) {
            if (child.type === '|' || child.type === '|&') ops.push(child.type);
          } else if (child.type !== 'comment') stages.push(this.statement(child, depth + 1));
        }
        return { kind: 'pipeline', stages, ops };
      }
      case 'redirected_statement':
        return this.redirected(node, depth);
      case 'subshell':
        return { kind: 'subshell', body: this.sequence(node.children, depth + 1) };
      case 'compound_statement':
        if (node.child(0)?.type === '((') return { kind: 'arithmetic', syntax: this.generic(node, depth + 1), text: node.text };
        return { kind: 'group', body: this.sequence(node.children, depth + 1) };
      case 'if_statement':
        return this.ifStatement(node, depth);
      case 'while_statement':
        return {
          kind: 'loop',
          keyword: node.child(0)?.type === 'until' ? 'until' : 'while',
          condition: this.sequence(fieldChildren(node, 'condition'), depth + 1),
          body: this.body(node.childForFieldName('body'), depth),
        };
      case 'for_statement': {
        const hasIn = node.children.some((child) => !child.isNamed && child.type === 'in');
        return {
          kind: 'for',
          keyword: node.child(0)?.type === 'select' ? 'select' : 'for',
          variable: node.childForFieldName('variable')?.text ?? '',
          values: hasIn ? fieldChildren(node, 'value').map((value) => buildWord(value, this, depth + 1)) : undefined,
          body: this.body(node.childForFieldName('body'), depth),
        };
      }
      case 'c_style_for_statement': {
        const bodyNode = node.childForFieldName('body');
        const header: Array<string | GenericNode | Word> = [];
        for (const child of node.children) {
          if (bodyNode && child.equals(bodyNode)) continue;
          header.push(this.genericChild(child, depth + 1));
        }
        return { kind: 'arithmetic-for', header: { type: 'c_style_for', children: header }, body: this.body(bodyNode, depth) };
      }
      case 'case_statement':
        return this.caseStatement(node, depth);
      case 'function_definition': {
        const bodyNode = node.childForFieldName('body');
        let body: Statement = bodyNode ? this.statement(bodyNode, depth + 1) : { kind: 'sequence', items: [] };
        const redirects = fieldChildren(node, 'redirect').map((redirect) => this.redirect(redirect, depth + 1).redirect);
        if (redirects.length > 0) body = { kind: 'redirected', body, redirects };
        return { kind: 'function', name: node.childForFieldName('name')?.text ?? '', body };
      }
      case 'negated_command': {
        const inner = node.namedChildren.find((child) => child.type !== 'comment');
        return { kind: 'negated', body: inner ? this.statement(inner, depth + 1) : { kind: 'sequence', items: [] } };
      }
      case 'test_command':
        return { kind: 'test', syntax: this.generic(node, depth + 1), text: node.text };
      case 'variable_assignment':
        return { kind: 'assignments', assignments: [this.assignment(node, depth)], text: node.text };
      case 'variable_assignments':
        return {
          kind: 'assignments',
          assignments: node.namedChildren.filter((c) => c.type === 'variable_assignment').map((c) => this.assignment(c, depth)),
          text: node.text,
        };
      case 'declaration_command':
      case 'unset_command':
        return {
          kind: 'declaration',
          keyword: node.child(0)?.type ?? 'declare',
          args: node.namedChildren
            .filter((child) => child.type !== 'comment')
            .map((child) => (child.type === 'variable_assignment' ? this.assignment(child, depth) : this.wordOf(child, depth))),
          text: node.text,
        };
      default:
        // ERROR nodes and anything this grammar version adds that Airlock does not know yet.
        return { kind: 'opaque', reason: 'syntax-error', text: node.text };
    }
  }

  /** A structural copy of an expression (test, arithmetic, complex parameter expansion). */
  generic(node: Node, depth: number): GenericNode {
    if (depth > this.maxDepth) return { type: 'opaque', children: [node.text] };
    return { type: node.type, children: node.children.map((child) => this.genericChild(child, depth + 1)) };
  }

  private genericChild(child: Node, depth: number): string | GenericNode | Word {
    if (!child.isNamed) return child.text;
    if (WORD_TYPES.has(child.type)) return buildWord(child, this, depth);
    if (STATEMENT_TYPES.has(child.type)) {
      // A statement inside an expression (`${a[$(…)]}` is a word; a bare `(…)` in a subscript
      // runs too): keep it as a command substitution so it is analysed, never lost.
      return { parts: [{ kind: 'command', body: this.statement(child, depth), quoted: false }], text: child.text };
    }
    if (child.childCount === 0) return child.text;
    return this.generic(child, depth);
  }

  private wordOf(node: Node, depth: number): Word {
    return buildWord(node, this, depth + 1);
  }

  private body(node: Node | null, depth: number): Statement {
    if (!node) return { kind: 'sequence', items: [] };
    if (node.type === 'do_group' || node.type === 'compound_statement') return this.sequence(node.children, depth + 1);
    return this.statement(node, depth + 1);
  }

  private simple(node: Node, depth: number): Statement {
    const assignments: Assignment[] = [];
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    for (let i = 0; i < node.childCount; i += 1) {
      const child = node.child(i);
      if (!child) continue;
      const field = node.fieldNameForChild(i);
      if (child.type === 'variable_assignment') assignments.push(this.assignment(child, depth));
      else if (field === 'redirect') {
        const { redirect, extraWords } = this.redirect(child, depth);
        redirects.push(redirect);
        words.push(...extraWords);
      } else if (field === 'name' || field === 'argument') words.push(this.wordOf(child, depth));
      else if (child.isNamed && child.type !== 'comment') {
        words.push({ parts: [{ kind: 'opaque', reason: 'syntax-error', text: child.text }], text: child.text });
      }
    }
    return { kind: 'simple', assignments, words, redirects, text: node.text };
  }

  /** `a && b || c` nests to the left in tree-sitter; walk the spine in a loop, not recursively. */
  private andOr(node: Node, depth: number): Statement {
    const rest: Array<{ op: '&&' | '||'; statement: Statement }> = [];
    let current: Node = node;
    while (current.type === 'list') {
      const named = current.namedChildren.filter((child) => child.type !== 'comment');
      const opNode = current.children.find((child) => !child.isNamed && (child.type === '&&' || child.type === '||'));
      const left = named[0];
      const right = named[named.length - 1];
      if (!left || !right || named.length !== 2) return { kind: 'opaque', reason: 'syntax-error', text: node.text };
      rest.unshift({ op: opNode?.type === '||' ? '||' : '&&', statement: this.statement(right, depth + 1) });
      current = left;
    }
    return { kind: 'and-or', first: this.statement(current, depth + 1), rest };
  }

  private redirected(node: Node, depth: number): Statement {
    const bodyNode = node.childForFieldName('body');
    const redirects: Redirect[] = [];
    const extraWords: Word[] = [];
    let tail: { kind: 'pipe'; stages: Statement[]; ops: string[] } | { kind: 'and-or'; op: '&&' | '||'; statement: Statement } | undefined;
    let broken = false;
    for (const child of node.children) {
      if (bodyNode && child.equals(bodyNode)) continue;
      if (child.type === 'file_redirect' || child.type === 'herestring_redirect') {
        const built = this.redirect(child, depth);
        redirects.push(built.redirect);
        extraWords.push(...built.extraWords);
      } else if (child.type === 'heredoc_redirect') {
        const built = this.heredoc(child, depth);
        redirects.push(...built.redirects);
        tail = built.tail ?? tail;
      } else if (child.type === 'ERROR') broken = true;
    }
    let body: Statement = bodyNode ? this.statement(bodyNode, depth + 1) : { kind: 'sequence', items: [] };
    if (body.kind === 'simple') {
      // The redirections belong to the command: its text (the evidence) includes them.
      body = { ...body, words: [...body.words, ...extraWords], redirects: [...body.redirects, ...redirects], text: node.text };
    } else {
      body = { kind: 'redirected', body, redirects };
      if (extraWords.length > 0) broken = true;
    }
    let result: Statement = body;
    if (tail?.kind === 'pipe') result = { kind: 'pipeline', stages: [body, ...tail.stages], ops: ['|', ...tail.ops] };
    else if (tail?.kind === 'and-or') result = { kind: 'and-or', first: body, rest: [{ op: tail.op, statement: tail.statement }] };
    if (broken) {
      return {
        kind: 'sequence',
        items: [
          { statement: result, background: false },
          { statement: { kind: 'opaque', reason: 'syntax-error', text: node.text }, background: false },
        ],
      };
    }
    return result;
  }

  /** A file or here-string redirect; words after a file redirect's target are arguments. */
  private redirect(node: Node, depth: number): { redirect: Redirect; extraWords: Word[] } {
    const fd = node.childForFieldName('descriptor')?.text;
    if (node.type === 'herestring_redirect') {
      const wordNode = node.namedChildren.find((child) => child.type !== 'file_descriptor');
      return {
        redirect: { kind: 'herestring', fd, word: wordNode ? this.wordOf(wordNode, depth) : literalWord('', ''), text: node.text },
        extraWords: [],
      };
    }
    const op = node.children.find((child) => !child.isNamed)?.type ?? '>';
    const destinations = fieldChildren(node, 'destination').map((destination) => this.wordOf(destination, depth));
    const [target, ...extraWords] = destinations;
    return { redirect: { kind: 'file', fd, op, target, text: node.text }, extraWords };
  }

  /**
   * `cmd <<EOF | next`: tree-sitter puts what follows the delimiter on the first line (a pipe, an
   * `&&`, more redirects) inside the heredoc node; lift it back out.
   */
  private heredoc(
    node: Node,
    depth: number,
  ): {
    redirects: Redirect[];
    tail?: { kind: 'pipe'; stages: Statement[]; ops: string[] } | { kind: 'and-or'; op: '&&' | '||'; statement: Statement };
  } {
    const redirects: Redirect[] = [];
    const start = node.children.find((child) => child.type === 'heredoc_start');
    const bodyNode = node.children.find((child) => child.type === 'heredoc_body');
    const literal = start ? /['"\\]/.test(start.text) : false;
    const op = node.child(0)?.type ?? '<<';
    const body = bodyNode ? this.heredocBody(bodyNode, literal, depth) : literalWord('', '');
    const fd = node.childForFieldName('descriptor')?.text;
    redirects.push({ kind: 'heredoc', fd, op, literal, body, text: `${op}${start?.text ?? ''}` });
    for (const extra of fieldChildren(node, 'redirect')) {
      if (extra.type === 'file_redirect' || extra.type === 'herestring_redirect') redirects.push(this.redirect(extra, depth).redirect);
    }
    const pipeline = node.children.find((child) => child.type === 'pipeline');
    if (pipeline) {
      const stages: Statement[] = [];
      const ops: string[] = [];
      for (const child of pipeline.children) {
        if (!child.isNamed) {
          if ((child.type === '|' || child.type === '|&') && stages.length > 0) ops.push(child.type);
          continue;
        }
        const stage = this.statement(child, depth + 1);
        if (stage.kind === 'pipeline') {
          if (stages.length > 0) ops.push('|');
          stages.push(...stage.stages);
          ops.push(...stage.ops);
        } else stages.push(stage);
      }
      return { redirects, tail: { kind: 'pipe', stages, ops } };
    }
    const right = node.childForFieldName('right');
    const operator = node.childForFieldName('operator');
    if (right) return { redirects, tail: { kind: 'and-or', op: operator?.type === '||' ? '||' : '&&', statement: this.statement(right, depth + 1) } };
    return { redirects };
  }

  private heredocBody(node: Node, literal: boolean, depth: number): Word {
    if (literal) return literalWord(node.text, node.text);
    // Unquoted delimiter: expansions and command substitutions run; nothing globs or splits.
    const parts: WordPart[] = [];
    let cursor = node.startIndex;
    const pushText = (from: number, to: number): void => {
      if (to > from) parts.push(...literalWord(this.source.slice(from, to).replace(/\\([$`\\])/g, '$1'), '').parts);
    };
    for (const child of node.namedChildren) {
      if (child.type === 'heredoc_content') continue;
      pushText(cursor, child.startIndex);
      const word = buildWord(child, this, depth + 1);
      for (const part of word.parts) parts.push(part.kind === 'parameter' || part.kind === 'command' || part.kind === 'arithmetic' ? { ...part, quoted: true } : part);
      cursor = child.endIndex;
    }
    pushText(cursor, node.endIndex);
    const merged: WordPart[] = [];
    for (const part of parts) {
      const last = merged[merged.length - 1];
      if (part.kind === 'literal' && last?.kind === 'literal') merged[merged.length - 1] = { kind: 'literal', value: last.value + part.value, quoted: true };
      else merged.push(part);
    }
    return { parts: merged, text: node.text };
  }

  private ifStatement(node: Node, depth: number): Statement {
    const branches: Array<{ condition: Statement; body: Statement }> = [];
    let otherwise: Statement | undefined;
    const condition: Node[] = [];
    const body: Node[] = [];
    for (let i = 0; i < node.childCount; i += 1) {
      const child = node.child(i);
      if (!child) continue;
      if (node.fieldNameForChild(i) === 'condition') condition.push(child);
      else if (child.type === 'elif_clause') {
        const [elifCondition, elifBody] = splitAtThen(child);
        branches.push({ condition: this.sequence(elifCondition, depth + 1), body: this.sequence(elifBody, depth + 1) });
      } else if (child.type === 'else_clause') otherwise = this.sequence(child.children, depth + 1);
      else body.push(child);
    }
    branches.unshift({ condition: this.sequence(condition, depth + 1), body: this.sequence(body, depth + 1) });
    return { kind: 'if', branches, otherwise };
  }

  private caseStatement(node: Node, depth: number): Statement {
    const subjectNode = node.childForFieldName('value');
    const items: Array<{ patterns: Word[]; body: Statement; terminator: string }> = [];
    for (const item of node.namedChildren) {
      if (item.type !== 'case_item') continue;
      const patterns: Word[] = [];
      const statements: Node[] = [];
      let terminator = ';;';
      for (let i = 0; i < item.childCount; i += 1) {
        const child = item.child(i);
        if (!child) continue;
        const field = item.fieldNameForChild(i);
        if (field === 'value') patterns.push(this.wordOf(child, depth));
        else if (field === 'termination' || field === 'fallthrough') terminator = child.type;
        else statements.push(child);
      }
      items.push({ patterns, body: this.sequence(statements, depth + 1), terminator });
    }
    return { kind: 'case', subject: subjectNode ? this.wordOf(subjectNode, depth) : literalWord('', ''), items };
  }

  private assignment(node: Node, depth: number): Assignment {
    const nameNode = node.childForFieldName('name');
    const valueNode = node.childForFieldName('value');
    const append = node.children.some((child) => !child.isNamed && child.type === '+=');
    const name = nameNode?.type === 'variable_name' ? nameNode.text : (nameNode?.text ?? '');
    let value: Word | undefined;
    let syntax: GenericNode | undefined;
    if (valueNode && WORD_TYPES.has(valueNode.type)) value = this.wordOf(valueNode, depth);
    else if (valueNode) syntax = this.generic(valueNode, depth + 1);
    if (nameNode && nameNode.type !== 'variable_name') {
      syntax = { type: 'assignment', children: [this.generic(nameNode, depth + 1), ...(syntax ? [syntax] : [])] };
    }
    return { name, append, value, syntax, text: node.text };
  }
}

function fieldChildren(node: Node, field: string): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < node.childCount; i += 1) {
    const child = node.child(i);
    if (child && node.fieldNameForChild(i) === field) out.push(child);
  }
  return out;
}

/** An elif clause's children: those before `then` are the condition, the rest the body. */
function splitAtThen(node: Node): [Node[], Node[]] {
  const children = node.children;
  const then = children.findIndex((child) => !child.isNamed && child.type === 'then');
  if (then === -1) return [[], children];
  return [children.slice(0, then), children.slice(then + 1)];
}
