/**
 * Server-sent events over fetch(): EventSource cannot send an Authorization header, so the
 * dashboard reads /v1/events as a stream and parses the `event:`/`data:` lines itself.
 * Reconnects with exponential backoff (1 s doubling to 30 s, with jitter) and reports every
 * (re)connection, so the page can refetch what it may have missed while it was away.
 */

export interface SseMessage {
  readonly event: string;
  readonly data: string;
}

export type FeedStatus = 'connecting' | 'live' | 'reconnecting' | 'stopped';

export interface SseOptions {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly onMessage: (message: SseMessage) => void;
  /** Connected (first time or again): refetch lists. */
  readonly onOpen: () => void;
  readonly onStatus: (status: FeedStatus, detail?: string) => void;
  /** The gateway refused the token (401); the feed stops. */
  readonly onUnauthorized: () => void;
}

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;

/** Splits a stream of text into SSE messages (the WHATWG event-stream format, minus `id`/`retry` handling). */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  /** The last chunk ended in \r: a \n starting the next one belongs to the same line ending. */
  private afterCR = false;

  constructor(private readonly emit: (message: SseMessage) => void) {}

  push(chunk: string): void {
    if (this.afterCR && chunk.startsWith('\n')) chunk = chunk.slice(1);
    this.afterCR = false;
    this.buffer += chunk;
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      if (!match) return;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      if (match[0] === '\r' && this.buffer === '') this.afterCR = true;
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === '') {
      if (this.data.length > 0) this.emit({ event: this.event || 'message', data: this.data.join('\n') });
      this.event = '';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return; // comment (": ping")
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
  }
}

/** Opens the feed and keeps it open until the returned function is called. */
export function connectEvents(options: SseOptions): () => void {
  const controller = new AbortController();
  let delay = FIRST_DELAY_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const stop = (): void => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    controller.abort();
  };

  const retry = (detail: string): void => {
    if (stopped) return;
    options.onStatus('reconnecting', detail);
    const wait = Math.round(delay * (0.75 + Math.random() * 0.5));
    delay = Math.min(delay * 2, MAX_DELAY_MS);
    timer = setTimeout(() => void run(), wait);
  };

  const run = async (): Promise<void> => {
    if (stopped) return;
    let response: Response;
    try {
      response = await fetch(options.url, {
        headers: { ...options.headers, Accept: 'text/event-stream' },
        signal: controller.signal,
      });
    } catch (error) {
      if (!stopped) retry(error instanceof Error ? error.message : String(error));
      return;
    }
    if (response.status === 401) {
      options.onStatus('stopped', 'the gateway refused the token');
      options.onUnauthorized();
      stopped = true;
      return;
    }
    if (!response.ok || !response.body) {
      retry(`the event feed answered ${response.status}`);
      return;
    }
    delay = FIRST_DELAY_MS;
    options.onStatus('live');
    options.onOpen();
    const parser = new SseParser(options.onMessage);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.push(value);
      }
      retry('the event feed closed');
    } catch (error) {
      if (!stopped) retry(error instanceof Error ? error.message : String(error));
    }
  };

  options.onStatus('connecting');
  void run();
  return stop;
}
