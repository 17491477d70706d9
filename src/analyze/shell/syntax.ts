/**
 * The shell syntax tree Airlock analyses: a small, plain-object copy of what tree-sitter-bash
 * produced. It is built once in `prepare` (the wasm tree is deleted right after), so `canonical`
 * and `analyze` work on ordinary data and cannot leak wasm memory.
 */

/** A piece of a word, in order. Literal text is decoded (quotes and escapes removed). */
export type WordPart = LiteralPart | ParameterPart | CommandPart | ProcessPart | ArithmeticPart | OpaquePart;

export interface LiteralPart {
  readonly kind: 'literal';
  readonly value: string;
  /** Quoted or escaped text never globs, brace-expands or tilde-expands. */
  readonly quoted: boolean;
}

/** `$X`, `${X}`, `${X:-default}` … */
export interface ParameterPart {
  readonly kind: 'parameter';
  /** The variable's name (`HOME`, `1`, `@`), or '' when the expansion has no plain name. */
  readonly name: string;
  /** Inside double quotes: no word splitting or globbing of the value. */
  readonly quoted: boolean;
  /** Set when the expansion is more than a plain `${NAME}` (defaults, substitutions, lengths …). */
  readonly syntax?: GenericNode | undefined;
}

/** `$(…)` or `` `…` ``: runs its body when the word is expanded. */
export interface CommandPart {
  readonly kind: 'command';
  readonly body: Statement;
  readonly quoted: boolean;
}

/** `<(…)` or `>(…)`: runs its body and becomes a file name. */
export interface ProcessPart {
  readonly kind: 'process';
  readonly direction: '<' | '>';
  readonly body: Statement;
}

/** `$((…))`. */
export interface ArithmeticPart {
  readonly kind: 'arithmetic';
  readonly syntax: GenericNode;
  readonly quoted: boolean;
}

/** Something inside a word that could not be read (nesting too deep, a syntax error). */
export interface OpaquePart {
  readonly kind: 'opaque';
  readonly reason: OpaqueReason;
  readonly text: string;
}

export interface Word {
  readonly parts: readonly WordPart[];
  /** The word as written, for evidence and messages. */
  readonly text: string;
}

/**
 * Syntax Airlock keeps only structurally (test expressions, arithmetic, complex parameter
 * expansions): node type plus children, where tokens are strings and embedded words (which may
 * hold command substitutions) are kept as words.
 */
export interface GenericNode {
  readonly type: string;
  readonly children: ReadonlyArray<string | GenericNode | Word>;
}

export interface Assignment {
  /** `NAME`, or the written text of a subscripted name (`a[1]`). */
  readonly name: string;
  readonly append: boolean;
  /** The value word; undefined for `NAME=` (empty). */
  readonly value?: Word | undefined;
  /** Array values `NAME=(a b c)` and subscripted names, kept structurally. */
  readonly syntax?: GenericNode | undefined;
  readonly text: string;
}

export type Redirect = FileRedirect | HeredocRedirect | HerestringRedirect;

export interface FileRedirect {
  readonly kind: 'file';
  /** Explicit file descriptor (`2>`), if written. */
  readonly fd?: string | undefined;
  /** `>`, `>>`, `<`, `&>`, `&>>`, `>&`, `<&`, `>|`, `>&-`, `<&-`. */
  readonly op: string;
  readonly target?: Word | undefined;
  readonly text: string;
}

export interface HeredocRedirect {
  readonly kind: 'heredoc';
  readonly fd?: string | undefined;
  /** `<<` or `<<-`. */
  readonly op: string;
  /** The delimiter was quoted: the body is taken literally (no expansions). */
  readonly literal: boolean;
  readonly body: Word;
  readonly text: string;
}

export interface HerestringRedirect {
  readonly kind: 'herestring';
  readonly fd?: string | undefined;
  readonly word: Word;
  readonly text: string;
}

export type OpaqueReason = 'too-deep' | 'syntax-error';

export type Statement =
  | SimpleCommand
  | Sequence
  | AndOr
  | Pipeline
  | Subshell
  | Group
  | Redirected
  | IfStatement
  | LoopStatement
  | ForStatement
  | ArithmeticForStatement
  | CaseStatement
  | FunctionDefinition
  | Negated
  | Assignments
  | Declaration
  | TestCommand
  | ArithmeticCommand
  | Opaque;

export interface SimpleCommand {
  readonly kind: 'simple';
  readonly assignments: readonly Assignment[];
  /** The command name followed by its arguments; empty for `X=1` or `> file` alone. */
  readonly words: readonly Word[];
  readonly redirects: readonly Redirect[];
  readonly text: string;
}

/** Statements run one after the other (`;`, newline); `background` for a trailing `&`. */
export interface Sequence {
  readonly kind: 'sequence';
  readonly items: ReadonlyArray<{ readonly statement: Statement; readonly background: boolean }>;
}

/** `a && b || c`. */
export interface AndOr {
  readonly kind: 'and-or';
  readonly first: Statement;
  readonly rest: ReadonlyArray<{ readonly op: '&&' | '||'; readonly statement: Statement }>;
}

export interface Pipeline {
  readonly kind: 'pipeline';
  readonly stages: readonly Statement[];
  /** `|` or `|&` between stage i and i+1. */
  readonly ops: readonly string[];
}

export interface Subshell {
  readonly kind: 'subshell';
  readonly body: Statement;
}

export interface Group {
  readonly kind: 'group';
  readonly body: Statement;
}

/** A compound statement with redirections (`{ …; } > out`, `while …; done < in`). */
export interface Redirected {
  readonly kind: 'redirected';
  readonly body: Statement;
  readonly redirects: readonly Redirect[];
}

export interface IfStatement {
  readonly kind: 'if';
  readonly branches: ReadonlyArray<{ readonly condition: Statement; readonly body: Statement }>;
  readonly otherwise?: Statement | undefined;
}

export interface LoopStatement {
  readonly kind: 'loop';
  readonly keyword: 'while' | 'until';
  readonly condition: Statement;
  readonly body: Statement;
}

export interface ForStatement {
  readonly kind: 'for';
  readonly keyword: 'for' | 'select';
  readonly variable: string;
  /** undefined for `for x; do` (iterates "$@"). */
  readonly values?: readonly Word[] | undefined;
  readonly body: Statement;
}

export interface ArithmeticForStatement {
  readonly kind: 'arithmetic-for';
  readonly header: GenericNode;
  readonly body: Statement;
}

export interface CaseStatement {
  readonly kind: 'case';
  readonly subject: Word;
  readonly items: ReadonlyArray<{ readonly patterns: readonly Word[]; readonly body: Statement; readonly terminator: string }>;
}

export interface FunctionDefinition {
  readonly kind: 'function';
  readonly name: string;
  readonly body: Statement;
}

export interface Negated {
  readonly kind: 'negated';
  readonly body: Statement;
}

/** Assignments with no command: `X=1 Y=2`. */
export interface Assignments {
  readonly kind: 'assignments';
  readonly assignments: readonly Assignment[];
  readonly text: string;
}

/** `export`, `declare`, `local`, `readonly`, `typeset`, `unset`. */
export interface Declaration {
  readonly kind: 'declaration';
  readonly keyword: string;
  readonly args: ReadonlyArray<Word | Assignment>;
  readonly text: string;
}

/** `[[ … ]]` and `[ … ]` written as a test expression. */
export interface TestCommand {
  readonly kind: 'test';
  readonly syntax: GenericNode;
  readonly text: string;
}

/** `(( … ))`. */
export interface ArithmeticCommand {
  readonly kind: 'arithmetic';
  readonly syntax: GenericNode;
  readonly text: string;
}

/** Something Airlock could not read: nesting deeper than the limit, or a syntax error. */
export interface Opaque {
  readonly kind: 'opaque';
  readonly reason: OpaqueReason;
  readonly text: string;
}

/** Is this an Assignment (rather than a Word) in a declaration's arguments? */
export function isAssignment(arg: Word | Assignment): arg is Assignment {
  return 'name' in arg;
}

/** Is this a Word (rather than a token or a generic node) among a generic node's children? */
export function isWord(child: string | GenericNode | Word): child is Word {
  return typeof child !== 'string' && 'parts' in child;
}
