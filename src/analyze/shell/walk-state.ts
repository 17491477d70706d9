import type { Effect, EnvironmentHints } from '../../model/index.js';
import type { AmbientNeeds, EmbeddedChange } from '../analyzer.js';
import type { BashParser } from './bash-parser.js';
import { resolvePath, type PathTarget, type WorkingDirectory } from './paths.js';
import type { Statement } from './syntax.js';
import type { Arg } from './words.js';

/** Levels of `bash -c '…'` (and `watch`, `trap`, `ssh host '…'`) re-parsing followed. */
export const MAX_REPARSE_DEPTH = 8;
/** Simple commands analysed per input before the rest is reported as unknown. */
export const MAX_COMMANDS = 100_000;
/** Shell function calls followed per input (`f(){ g; g; }; g(){ h; h; }` doubles at each level). */
export const MAX_FUNCTION_CALLS = 1_000;
/** Effects reported per input; more than this is not a command a human can review anyway. */
export const MAX_EFFECTS = 5_000;

/** Hints as collected during one analysis. */
type CollectedHints = Pick<EnvironmentHints, 'names' | 'terraformWorkspaces' | 'kubeContexts' | 'kubeNamespaces' | 'awsProfiles' | 'paths'>;

/** Everything one `analyze` call accumulates. */
export interface Session {
  readonly effects: Effect[];
  /** Keys of effects already reported: the same command repeated adds nothing new. */
  readonly seen: Set<string>;
  readonly hints: CollectedHints;
  readonly needs: AmbientNeeds;
  /** SQL (or other code) found inside commands, for the pipeline to analyse with its own analyzer. */
  readonly embedded: EmbeddedChange[];
  readonly parser: BashParser;
  readonly pathExists: ((absolutePath: string) => boolean) | undefined;
  readonly readFile: ((absolutePath: string) => string | undefined) | undefined;
  commandsLeft: number;
  functionCallsLeft: number;
  /** Set once a budget ran out; everything after is skipped (and reported once as unknown). */
  stopped: boolean;
}

/** The state of one shell process as the walk goes: what `cd`, functions and variables changed. */
export interface Frame {
  cwd: WorkingDirectory;
  readonly functions: Map<string, Statement>;
  /** Variables assigned or exported earlier in the script (for hints and `~` after `HOME=`). */
  readonly variables: Map<string, Arg>;
  /** Functions being expanded right now (a recursive function is followed once). */
  readonly calling: Set<string>;
  /** How many levels of shell source re-parsing this frame is inside. */
  readonly reparseDepth: number;
  /** How the command was reached (`via sudo`, `inside bash -c`), appended to evidence. */
  readonly notes: readonly string[];
  /** Address prefix when commands run elsewhere (`pod:api-0:`, `ssh:db1:`). */
  readonly remote?: string | undefined;
}

/** A subshell's copy of a frame: changes inside do not leak out. */
export function subshellOf(frame: Frame): Frame {
  return {
    ...frame,
    functions: new Map(frame.functions),
    variables: new Map(frame.variables),
    calling: new Set(frame.calling),
  };
}

/**
 * Resolves a path argument in a frame. `~` is symbolic, unless the script reassigned HOME
 * (`HOME=/; rm -rf ~` deletes `/`): then it is HOME's value, or dynamic when that is not known.
 */
export function pathIn(frame: Frame, arg: Arg): PathTarget {
  const home = frame.variables.get('HOME');
  if (home && arg.kind === 'static' && arg.tilde && (arg.value === '~' || arg.value.startsWith('~/'))) {
    const rest = arg.value.slice(1);
    if (home.kind === 'static') return resolvePath({ ...arg, value: `${home.value}${rest}`, tilde: false }, frame.cwd);
    return resolvePath({ kind: 'dynamic', text: arg.text, symbolic: `$HOME${rest}` }, frame.cwd);
  }
  return resolvePath(arg, frame.cwd);
}

/** Whether an exactly known local path exists; true (the destructive reading) when unknown. */
export function existsIn(frame: Frame, target: PathTarget, pathExists: Session['pathExists']): boolean {
  if (!pathExists || frame.remote || target.certainty !== 'exact' || !target.address.startsWith('/')) return true;
  return pathExists(target.address);
}
