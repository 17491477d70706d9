import { unknownEffect, type Effect } from '../../model/index.js';
import type { EffectDraft, HintKey, StdinSource } from './command-context.js';
import { runCommand } from './dispatch.js';
import { redirectEffects } from './redirects.js';
import type { Assignment, Redirect, SimpleCommand, Statement, Word } from './syntax.js';
import { isAssignment } from './syntax.js';
import { MAX_EFFECTS, subshellOf, type Frame, type Session } from './walk-state.js';
import { argOf, embeddedIn, embeddedInGeneric, staticArg, type Arg, type Embedded } from './words.js';

/** Longest evidence kept per effect; the full command is in the change itself. */
const MAX_EVIDENCE = 1_000;

/** Variables whose value tells which environment a command targets. */
const HINT_VARIABLES: Readonly<Record<string, HintKey>> = {
  AWS_PROFILE: 'awsProfiles',
  AWS_DEFAULT_PROFILE: 'awsProfiles',
  TF_WORKSPACE: 'terraformWorkspaces',
};

/**
 * Walks Airlock's syntax tree the way bash would run it — lists, pipelines, subshells, compound
 * statements, function bodies, command and process substitutions, redirections — keeping `cd`,
 * functions and variables per shell process, and hands each simple command to the dispatcher.
 * Recursion is bounded by the syntax tree's depth limit and the re-parse limit.
 */
export class ShellWalker {
  constructor(readonly session: Session) {}

  walk(statement: Statement, frame: Frame, stdin: StdinSource): void {
    if (this.session.stopped) return;
    switch (statement.kind) {
      case 'simple':
        this.simple(statement, frame, stdin);
        return;
      case 'sequence':
        for (const item of statement.items) {
          if (item.background) this.walk(item.statement, subshellOf(frame), stdin);
          else this.walk(item.statement, frame, stdin);
        }
        return;
      case 'and-or': {
        let beforeLeft = frame.cwd;
        this.walk(statement.first, frame, stdin);
        for (const { op, statement: next } of statement.rest) {
          const afterLeft = frame.cwd;
          // `a || b` runs b only when a failed, so a's `cd` did not happen for b. The walk then
          // goes on along the success path (`cd x || exit 1` leaves the script in x).
          if (op === '||') frame.cwd = beforeLeft;
          const beforeRight = frame.cwd;
          this.walk(next, frame, stdin);
          if (op === '||') frame.cwd = frame.cwd === beforeRight ? afterLeft : { path: '$PWD', dynamic: true };
          beforeLeft = beforeRight;
        }
        return;
      }
      case 'pipeline':
        statement.stages.forEach((stage, index) => {
          this.walk(stage, subshellOf(frame), index === 0 ? stdin : { kind: 'pipe' });
        });
        return;
      case 'subshell':
        this.walk(statement.body, subshellOf(frame), stdin);
        return;
      case 'group':
        this.walk(statement.body, frame, stdin);
        return;
      case 'redirected': {
        for (const redirect of statement.redirects) this.redirectCode(redirect, frame);
        const input = this.redirects(statement.redirects, frame, stdin, redirectsText(statement.redirects));
        this.walk(statement.body, frame, input);
        return;
      }
      case 'if':
        this.branching(frame, () => {
          for (const branch of statement.branches) {
            this.walk(branch.condition, frame, stdin);
            this.walk(branch.body, frame, stdin);
          }
          if (statement.otherwise) this.walk(statement.otherwise, frame, stdin);
        });
        return;
      case 'loop':
        this.branching(frame, () => {
          this.walk(statement.condition, frame, stdin);
          this.walk(statement.body, frame, stdin);
        });
        return;
      case 'for':
        for (const value of statement.values ?? []) this.embedded(value, frame);
        this.branching(frame, () => {
          // The loop variable takes values the walk does not follow one by one: make it dynamic.
          frame.variables.set(statement.variable, { kind: 'dynamic', text: `$${statement.variable}`, symbolic: `$${statement.variable}` });
          this.walk(statement.body, frame, stdin);
        });
        return;
      case 'arithmetic-for':
        this.embeddedList(embeddedInGeneric(statement.header), frame);
        this.branching(frame, () => this.walk(statement.body, frame, stdin));
        return;
      case 'case':
        this.embedded(statement.subject, frame);
        this.branching(frame, () => {
          for (const item of statement.items) {
            for (const pattern of item.patterns) this.embedded(pattern, frame);
            this.walk(item.body, frame, stdin);
          }
        });
        return;
      case 'function':
        frame.functions.set(statement.name, statement.body);
        return;
      case 'negated':
        this.walk(statement.body, frame, stdin);
        return;
      case 'assignments':
        for (const assignment of statement.assignments) {
          this.assignmentCode(assignment, frame);
          this.assign(assignment, frame);
        }
        return;
      case 'declaration':
        for (const arg of statement.args) {
          if (isAssignment(arg)) {
            this.assignmentCode(arg, frame);
            if (statement.keyword !== 'unset') this.assign(arg, frame);
          } else {
            this.embedded(arg, frame);
            const name = argOf(arg);
            if (statement.keyword === 'unset' && name.kind === 'static') frame.variables.delete(name.value);
          }
        }
        return;
      case 'test':
        this.embeddedList(embeddedInGeneric(statement.syntax), frame);
        this.emit(
          { operation: 'read', resource: { kind: 'shell.program', address: '[[' }, reversible: true, destroysData: false, summary: 'tests a condition' },
          statement.text,
          frame,
        );
        return;
      case 'arithmetic':
        this.embeddedList(embeddedInGeneric(statement.syntax), frame);
        return;
      case 'opaque':
        this.emitUnknown(
          statement.reason === 'too-deep'
            ? 'nests deeper than Airlock follows (64 levels); what runs inside was not analysed'
            : 'part of the command could not be parsed as bash; what it runs was not analysed',
          statement.text,
          frame,
        );
        return;
    }
  }

  /** Records an effect with its evidence, on a remote prefix when the frame runs elsewhere. */
  emit(draft: EffectDraft, text: string, frame: Frame): void {
    const session = this.session;
    if (session.stopped) return;
    if (session.effects.length >= MAX_EFFECTS) {
      this.stop(`reports more than ${MAX_EFFECTS} effects; the rest was not analysed`, text);
      return;
    }
    const resource = frame.remote ? { ...draft.resource, address: `${frame.remote}${draft.resource.address}` } : draft.resource;
    const evidence = evidenceOf(text, frame.notes);
    const key = `${draft.operation}\u0000${resource.kind}\u0000${resource.address}\u0000${draft.summary}\u0000${evidence}`;
    if (session.seen.has(key)) return;
    session.seen.add(key);
    session.effects.push({ ...draft, resource, evidence });
  }

  emitUnknown(summary: string, text: string, frame: Frame): void {
    const effect: Effect = unknownEffect(summary, evidenceOf(text, frame.notes));
    this.emit(effect, text, frame);
  }

  /** Ends the analysis early with one unknown effect (a budget ran out). */
  stop(summary: string, text: string): void {
    if (this.session.stopped) return;
    this.session.effects.push(unknownEffect(summary, evidenceOf(text, [])));
    this.session.stopped = true;
  }

  hint(key: HintKey, value: string, frame: Frame): void {
    if (frame.remote || !value) return;
    const list = this.session.hints[key];
    if (!list.includes(value)) list.push(value);
  }

  /** Runs the code inside a word (command and process substitutions) in a subshell. */
  embedded(word: Word, frame: Frame): void {
    this.embeddedList(embeddedIn(word), frame);
  }

  private embeddedList(list: readonly Embedded[], frame: Frame): void {
    for (const item of list) {
      if (item.kind === 'opaque') {
        this.emitUnknown(
          item.reason === 'too-deep' ? 'nests deeper than Airlock follows (64 levels); what runs inside was not analysed' : 'part of the command could not be parsed as bash',
          item.text,
          frame,
        );
      } else this.walk(item.body, subshellOf(frame), { kind: 'inherited' });
    }
  }

  private simple(command: SimpleCommand, frame: Frame, stdin: StdinSource): void {
    const session = this.session;
    session.commandsLeft -= 1;
    if (session.commandsLeft < 0) {
      this.stop('has more commands than Airlock analyses in one input; the rest was not analysed', command.text);
      return;
    }
    for (const word of command.words) this.embedded(word, frame);
    for (const assignment of command.assignments) this.assignmentCode(assignment, frame);
    for (const redirect of command.redirects) this.redirectCode(redirect, frame);
    const input = this.redirects(command.redirects, frame, stdin, command.text);
    if (command.words.length === 0) {
      for (const assignment of command.assignments) this.assign(assignment, frame);
      return;
    }
    const assignments = new Map<string, Arg>();
    for (const assignment of command.assignments) {
      const value = assignment.value ? argOf(assignment.value) : staticArg('');
      assignments.set(assignment.name, value);
      this.hintFromVariable(assignment.name, value, frame);
    }
    runCommand(this, command.words.map(argOf), { text: command.text, stdin: input, assignments }, frame, true);
  }

  private assignmentCode(assignment: Assignment, frame: Frame): void {
    if (assignment.value) this.embedded(assignment.value, frame);
    if (assignment.syntax) this.embeddedList(embeddedInGeneric(assignment.syntax), frame);
  }

  private redirectCode(redirect: Redirect, frame: Frame): void {
    if (redirect.kind === 'file' && redirect.target) this.embedded(redirect.target, frame);
    else if (redirect.kind === 'herestring') this.embedded(redirect.word, frame);
    else if (redirect.kind === 'heredoc') this.embedded(redirect.body, frame);
  }

  /** Emits the effects of redirections and returns the command's standard input. */
  private redirects(redirects: readonly Redirect[], frame: Frame, stdin: StdinSource, text: string): StdinSource {
    if (redirects.length === 0) return stdin;
    const { effects, stdin: input } = redirectEffects(redirects, frame, stdin, this.session.pathExists);
    for (const draft of effects) this.emit(draft, text, frame);
    return input;
  }

  private assign(assignment: Assignment, frame: Frame): void {
    const value = assignment.value ? argOf(assignment.value) : staticArg('');
    frame.variables.set(assignment.name, value);
    this.hintFromVariable(assignment.name, value, frame);
  }

  /** Variables that name an environment (AWS_PROFILE, TF_WORKSPACE) become hints. */
  hintFromVariable(name: string, value: Arg, frame: Frame): void {
    const key = HINT_VARIABLES[name];
    if (key && value.kind === 'static') this.hint(key, value.value, frame);
  }

  /**
   * Runs a part of the script that may or may not run, or may run many times (if, loops, case):
   * a `cd` inside leaves the directory unknown afterwards.
   */
  private branching(frame: Frame, walk: () => void): void {
    const before = frame.cwd;
    walk();
    if (frame.cwd !== before) frame.cwd = { path: '$PWD', dynamic: true };
  }
}

function redirectsText(redirects: readonly Redirect[]): string {
  return redirects.map((redirect) => redirect.text).join(' ');
}

/** The command text, shortened, with how it was reached. */
export function evidenceOf(text: string, notes: readonly string[]): string {
  const short = text.length > MAX_EVIDENCE ? `${text.slice(0, MAX_EVIDENCE)}…` : text;
  return notes.length > 0 ? `${short} (${notes.join(', ')})` : short;
}
