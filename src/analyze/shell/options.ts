import { sliceArg, type Arg } from './words.js';

/** Which options of a command take a value, for GNU-style option parsing. */
export interface OptionSpec {
  /** Short options that take a value: `n` for `-n 5` and `-n5`. */
  readonly short?: string;
  /** Long options (without `--`) that take a value: `lines` for `--lines 5` and `--lines=5`. */
  readonly long?: readonly string[];
  /** Stop at the first operand: what follows is a wrapped command and its own arguments. */
  readonly stopAtOperand?: boolean;
}

export interface ParsedOption {
  /** A short option's letter or a long option's name, without dashes. */
  readonly name: string;
  readonly value?: Arg | undefined;
  readonly long: boolean;
}

export interface ParsedArgs {
  readonly options: readonly ParsedOption[];
  /** Operands; with `stopAtOperand`, the first operand and everything after it. */
  readonly operands: readonly Arg[];
  /** Arguments not known until run time, which may be options as well as operands (`$FLAGS`). */
  readonly dynamic: readonly Arg[];
}

/**
 * GNU getopt-style parsing: clustered short options (`-rf`), values attached or separate, long
 * options with `=`, options after operands (unless `stopAtOperand`), `--` ending options.
 */
export function parseArgs(args: readonly Arg[], spec: OptionSpec = {}): ParsedArgs {
  const shortWithValue = spec.short ?? '';
  const longWithValue = spec.long ?? [];
  const options: ParsedOption[] = [];
  const operands: Arg[] = [];
  const dynamic: Arg[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (!arg) continue;
    if (arg.kind !== 'static') {
      if (arg.kind === 'dynamic') dynamic.push(arg);
      operands.push(arg);
      if (spec.stopAtOperand) {
        operands.push(...args.slice(i + 1));
        break;
      }
      continue;
    }
    const text = arg.value;
    if (text === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (text.startsWith('--') && text.length > 2) {
      const eq = text.indexOf('=');
      const name = eq === -1 ? text.slice(2) : text.slice(2, eq);
      if (eq !== -1) options.push({ name, value: sliceArg(arg, eq + 1), long: true });
      else if (longWithValue.includes(name)) {
        options.push({ name, value: args[i + 1], long: true });
        i += 1;
      } else options.push({ name, long: true });
      continue;
    }
    if (text.startsWith('-') && text.length > 1) {
      for (let j = 1; j < text.length; j += 1) {
        const letter = text[j] ?? '';
        if (shortWithValue.includes(letter)) {
          if (j + 1 < text.length) options.push({ name: letter, value: sliceArg(arg, j + 1), long: false });
          else {
            options.push({ name: letter, value: args[i + 1], long: false });
            i += 1;
          }
          break;
        }
        options.push({ name: letter, long: false });
      }
      continue;
    }
    operands.push(arg);
    if (spec.stopAtOperand) {
      operands.push(...args.slice(i + 1));
      break;
    }
  }
  return { options, operands, dynamic };
}

/** Was any of these options given? Long names also match their unambiguous GNU abbreviations. */
export function hasOption(parsed: ParsedArgs, ...names: string[]): boolean {
  return parsed.options.some((option) => names.some((name) => matchesOption(option, name)));
}

/** The value of the last occurrence of any of these options. */
export function optionValue(parsed: ParsedArgs, ...names: string[]): Arg | undefined {
  let found: Arg | undefined;
  for (const option of parsed.options) if (names.some((name) => matchesOption(option, name))) found = option.value ?? found;
  return found;
}

/** The values of every occurrence of any of these options (`-target a -target b`). */
export function optionValues(parsed: ParsedArgs, ...names: string[]): Arg[] {
  const out: Arg[] = [];
  for (const option of parsed.options) if (option.value && names.some((name) => matchesOption(option, name))) out.push(option.value);
  return out;
}

function matchesOption(option: ParsedOption, name: string): boolean {
  if (name.length === 1) return !option.long && option.name === name;
  // GNU getopt_long accepts any unambiguous prefix (`--recur` is `--recursive`); three letters
  // is where the long options Airlock checks stop being ambiguous with their neighbours.
  return option.long && (option.name === name || (option.name.length >= 3 && name.startsWith(option.name)));
}
