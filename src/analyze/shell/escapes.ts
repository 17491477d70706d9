/**
 * Bash's quoting rules for literal text, as pure string functions (bash(1), QUOTING).
 */

/** A run of decoded characters and whether the shell treats them as quoted. */
export interface Segment {
  readonly value: string;
  readonly quoted: boolean;
}

/**
 * An unquoted word's text: a backslash quotes the next character, backslash-newline is a line
 * continuation and disappears.
 */
export function decodeUnquoted(text: string): Segment[] {
  const segments: Segment[] = [];
  let plain = '';
  let escaped = '';
  const flushPlain = (): void => {
    if (plain) segments.push({ value: plain, quoted: false });
    plain = '';
  };
  const flushEscaped = (): void => {
    if (escaped) segments.push({ value: escaped, quoted: true });
    escaped = '';
  };
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] ?? '';
    if (char === '\\' && i + 1 < text.length) {
      const next = text[i + 1] ?? '';
      i += 1;
      if (next === '\n') continue;
      flushPlain();
      escaped += next;
      continue;
    }
    flushEscaped();
    plain += char;
  }
  flushPlain();
  flushEscaped();
  return segments;
}

/** Text inside double quotes: backslash only escapes `$`, `` ` ``, `"`, `\` and newline. */
export function decodeDoubleQuoted(text: string): string {
  if (!text.includes('\\')) return text;
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] ?? '';
    const next = text[i + 1];
    if (char === '\\' && next !== undefined && '$`"\\\n'.includes(next)) {
      if (next !== '\n') out += next;
      i += 1;
      continue;
    }
    out += char;
  }
  return out;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

/**
 * The body of `$'…'` (without `$'` and `'`). A NUL ends the string, as in bash, so `$'rm\0x'`
 * is `rm`.
 */
export function decodeAnsiC(body: string): string {
  let out = '';
  let i = 0;
  const readDigits = (pattern: RegExp, max: number): string => {
    let digits = '';
    while (digits.length < max && i < body.length && pattern.test(body[i] ?? '')) {
      digits += body[i];
      i += 1;
    }
    return digits;
  };
  while (i < body.length) {
    const char = body[i] ?? '';
    if (char !== '\\' || i + 1 >= body.length) {
      out += char;
      i += 1;
      continue;
    }
    const code = body[i + 1] ?? '';
    i += 2;
    let decoded: string;
    const simple = SIMPLE_ESCAPES[code];
    if (simple !== undefined) decoded = simple;
    else if (/[0-7]/.test(code)) {
      i -= 1;
      decoded = String.fromCharCode(parseInt(readDigits(/[0-7]/, 3), 8) & 0xff);
    } else if (code === 'x') {
      const digits = readDigits(/[0-9a-fA-F]/, 2);
      decoded = digits ? String.fromCharCode(parseInt(digits, 16)) : '\\x';
    } else if (code === 'u' || code === 'U') {
      const digits = readDigits(/[0-9a-fA-F]/, code === 'u' ? 4 : 8);
      const point = digits ? parseInt(digits, 16) : NaN;
      decoded = Number.isNaN(point) || point > 0x10ffff ? `\\${code}${digits}` : String.fromCodePoint(point);
    } else if (code === 'c' && i < body.length) {
      decoded = String.fromCharCode((body.charCodeAt(i) & 0x1f) >>> 0);
      i += 1;
    } else decoded = `\\${code}`;
    if (decoded === '\0') break;
    out += decoded;
  }
  const nul = out.indexOf('\0');
  return nul === -1 ? out : out.slice(0, nul);
}
