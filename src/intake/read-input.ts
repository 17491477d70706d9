import { AirlockError } from '../errors/index.js';

/**
 * Reads a whole stream as UTF-8, refusing more than `maxBytes` (a runaway or hostile input must
 * not exhaust memory before it is rejected). A leading byte-order mark is dropped: Cursor on
 * Windows sends one.
 */
export async function readAll(stream: NodeJS.ReadableStream, maxBytes: number, what = 'input'): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > maxBytes) {
      throw new AirlockError('input_too_large', `${what} is larger than ${formatBytes(maxBytes)}`, {
        hint: 'pass a smaller input, or raise the limit with --max-input-bytes',
      });
    }
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Parses JSON with an error that says where it broke. */
export function parseJson(text: string, what: string): unknown {
  if (text.trim() === '') throw new AirlockError('invalid_input', `${what} is empty`, { hint: `expected ${what} as JSON` });
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new AirlockError('invalid_input', `${what} is not valid JSON: ${(cause as Error).message}`, { cause, hint: `expected ${what} as JSON` });
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}
