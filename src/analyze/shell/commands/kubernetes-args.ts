import { displayOf, literalOf, sliceArg, type Arg } from '../words.js';

/**
 * Parsing shared by kubectl and helm (both use Cobra/pflag): options anywhere, `--name=value` or
 * `--name value` for options that take one, clustered short flags, `--` ending options.
 */
export interface CobraArgs {
  readonly positionals: readonly Arg[];
  readonly options: ReadonlyMap<string, readonly Arg[]>;
  /** What follows `--` (the command of `kubectl exec … -- CMD`). */
  readonly afterDashDash: readonly Arg[] | undefined;
}

export function parseCobraArgs(args: readonly Arg[], withValue: ReadonlySet<string>): CobraArgs {
  const positionals: Arg[] = [];
  const options = new Map<string, Arg[]>();
  const add = (name: string, value: Arg | undefined): void => {
    options.set(name, [...(options.get(name) ?? []), ...(value ? [value] : [])]);
  };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as Arg;
    const text = literalOf(arg);
    if (text === '--') return { positionals, options, afterDashDash: args.slice(i + 1) };
    if (text === undefined || !text.startsWith('-') || text === '-') {
      positionals.push(arg);
      continue;
    }
    if (text.startsWith('--')) {
      const eq = text.indexOf('=');
      const name = eq === -1 ? text.slice(2) : text.slice(2, eq);
      if (eq !== -1) add(name, sliceArg(arg, eq + 1));
      else if (withValue.has(name)) {
        add(name, args[i + 1]);
        i += 1;
      } else add(name, undefined);
      continue;
    }
    for (let j = 1; j < text.length; j += 1) {
      const letter = text[j] ?? '';
      if (withValue.has(letter)) {
        // `-nfoo`, `-n=foo` and `-n foo` all set n.
        const attached = text.slice(j + 1).replace(/^=/, '');
        if (attached) add(letter, sliceArg(arg, text.length - attached.length));
        else {
          add(letter, args[i + 1]);
          i += 1;
        }
        break;
      }
      add(letter, undefined);
    }
  }
  return { positionals, options, afterDashDash: undefined };
}

/** Was any of these options given (as a flag, or with a value other than false)? */
export function isSet(args: CobraArgs, ...names: string[]): boolean {
  return names.some((name) => {
    const values = args.options.get(name);
    if (!values) return false;
    const last = values[values.length - 1];
    return !last || literalOf(last) !== 'false';
  });
}

/** The last value of any of these options, as text. */
export function valueOf(args: CobraArgs, ...names: string[]): string | undefined {
  let found: string | undefined;
  for (const name of names) {
    const values = args.options.get(name);
    const last = values?.[values.length - 1];
    if (last) found = displayOf(last);
  }
  return found;
}

/** Every value of any of these options. */
export function valuesOf(args: CobraArgs, ...names: string[]): Arg[] {
  return names.flatMap((name) => [...(args.options.get(name) ?? [])]);
}

/**
 * Values of `--dry-run=` that change nothing. kubectl takes client, server, a true boolean
 * (`1`, `t`, `true` …) and its bare-flag default `unchanged`; Helm takes client, server and true.
 * `none`, `false`, `0`, anything else (an error) and a value only known at run time are not dry
 * runs: judged as the real thing, since `--dry-run=false` runs it.
 */
const DRY_RUN_VALUES: ReadonlySet<string> = new Set(['client', 'server', 'unchanged', '1', 't', 'T', 'true', 'True', 'TRUE']);

/** Whether `--dry-run` (bare, or with a value that means it) was given: the command changes nothing. */
export function isDryRun(args: CobraArgs): boolean {
  const values = args.options.get('dry-run');
  if (!values) return false;
  const last = values[values.length - 1];
  if (!last) return true;
  const text = literalOf(last);
  return text !== undefined && DRY_RUN_VALUES.has(text);
}

/**
 * An integer option as pflag reads it (Go's strconv.ParseInt with base 0): `0`, `00`, `-0`,
 * `0x0`, `0o0`, `0b0` and `0_0` are all zero. Undefined when it is not a number (or not known).
 */
export function goInteger(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(text);
  if (!match) return undefined;
  const [, sign, digits = ''] = match;
  const body = digits.replaceAll('_', '');
  const value =
    /^0[xX]/.test(body) ? parseInt(body.slice(2), 16)
    : /^0[oO]/.test(body) ? parseInt(body.slice(2), 8)
    : /^0[bB]/.test(body) ? parseInt(body.slice(2), 2)
    : /^0./.test(body) ? parseInt(body.slice(1), 8)
    : parseInt(body, 10);
  if (Number.isNaN(value)) return undefined;
  return sign === '-' && value !== 0 ? -value : value;
}
