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
