import type { Effect } from '../../model/index.js';
import type { AmbientNeeds } from '../analyzer.js';
import type { PathTarget, WorkingDirectory } from './paths.js';
import type { Arg } from './words.js';

/** Environment hints a command can reveal. */
export type HintKey = 'names' | 'terraformWorkspaces' | 'kubeContexts' | 'kubeNamespaces' | 'awsProfiles' | 'paths';

/** Where a command's standard input comes from, as far as the analysis can tell. */
export type StdinSource =
  /** Whatever the agent's process gives it (usually nothing, sometimes a terminal). */
  | { readonly kind: 'inherited' }
  /** The previous stage of a pipeline. */
  | { readonly kind: 'pipe' }
  /** `< file`. */
  | { readonly kind: 'file' }
  /** A here-document or here-string with fixed text. */
  | { readonly kind: 'literal'; readonly text: string }
  /** A here-document or here-string with expansions. */
  | { readonly kind: 'dynamic' };

/** An Effect without its evidence: the context fills that in from the command being analysed. */
export type EffectDraft = Omit<Effect, 'evidence'>;

/** One command to analyse: its name (as resolved: `/usr/bin/rm` is `rm`) and arguments. */
export interface CommandCall {
  readonly name: string;
  readonly args: readonly Arg[];
  readonly stdin: StdinSource;
  /** The simple command as written, for evidence. */
  readonly text: string;
}

export interface RunOptions {
  /** Standard input of the nested command (default: the same as this command's). */
  readonly stdin?: StdinSource;
  /** Directory the nested command runs in (`env -C`, `git -C`). */
  readonly cwd?: WorkingDirectory;
  /** Variables set for the nested command only (`env AWS_PROFILE=prod aws …`). */
  readonly assignments?: ReadonlyMap<string, Arg>;
  /** The nested command runs elsewhere (a pod, a host): prefix its addresses, keep its paths relative. */
  readonly remote?: string;
  /** The nested command may be a shell function of this script (`time f`; not `sudo f`). */
  readonly functions?: boolean;
}

/** What a command handler may do: report effects and hints, resolve paths, analyse nested commands. */
export interface CommandContext {
  readonly cwd: WorkingDirectory;
  emit(effect: EffectDraft): void;
  /** An `unknown` effect: something Airlock cannot see into. */
  unknown(summary: string): void;
  /**
   * Code of another kind this command runs (`psql -c …`): an `unknown` placeholder that the
   * pipeline replaces with that kind's own analysis.
   */
  embed(kind: 'sql' | 'kubernetes', payload: unknown, summary: string): void;
  /**
   * The text of a file the command names (`kubectl apply -f app.yaml`), read by the pipeline:
   * `{ text }`, `'unreadable'` (missing, too large, not exactly known, or on another host), or
   * `'not-available'` when this analysis has no file access at all.
   */
  fileText(target: PathTarget): { text: string } | 'unreadable' | 'not-available';
  /** The one read effect of a command that only reads. */
  read(summary?: string): void;
  /** Runs a program whose effects Airlock does not model (resource kind `shell.program`). */
  execute(address: string, summary: string, reversible?: boolean): void;
  path(arg: Arg): PathTarget;
  /** Whether an exactly known path exists; true (the destructive reading) when it cannot tell. */
  exists(target: PathTarget): boolean;
  hint(key: HintKey, value: string): void;
  need(key: keyof AmbientNeeds): void;
  /** Changes the directory later commands of this shell run in (`cd`, `pushd`). */
  chdir(cwd: WorkingDirectory): void;
  /** A variable set before the command or earlier in the script (`AWS_PROFILE=prod aws …`). */
  variable(name: string): Arg | undefined;
  /** Analyses a wrapped command (`sudo rm …`, `xargs rm`, `kubectl exec pod -- rm …`). */
  run(args: readonly Arg[], note: string, options?: RunOptions): void;
  /** Parses and analyses shell source (`bash -c STR`, `watch STR`, `trap STR`). */
  runSource(source: string, note: string, options?: RunOptions): void;
  /** Splits a string into words as the shell would (`env -S`); undefined when not fully static. */
  splitWords(source: string): Arg[] | undefined;
}

export type CommandHandler = (call: CommandCall, ctx: CommandContext) => void;

/** A table from command name to handler; each file under commands/ exports one. */
export type CommandTable = Readonly<Record<string, CommandHandler>>;
