import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { HookAnswer } from '../intake/hooks/hook-adapter.js';
import { exitTwo } from '../intake/hooks/hook-adapter.js';
import { readAll } from '../intake/read-input.js';
import type { HookRequest } from './decide-hook.js';

/** A hook call's settings (the same as the decision process gets), plus what only this process needs. */
export interface RunHookOptions extends Omit<HookRequest, 'input'> {
  /** Answer (blocking) before this many ms (default 8000); keep it below the agent's hook timeout. */
  readonly deadlineMs?: number | undefined;
  readonly stdin: NodeJS.ReadableStream;
  /** Where the decision process's own output goes (never stdout: only the answer goes there). */
  readonly stderr: NodeJS.WritableStream;
}

/** Hook input larger than this is refused (a tool call, even a big Write, is far smaller). */
const MAX_HOOK_INPUT_BYTES = 16 * 1024 * 1024;
const DEFAULT_DEADLINE_MS = 8_000;
const CHILD = fileURLToPath(new URL('./hook-child.js', import.meta.url));

/**
 * One agent hook call, start to finish. Always resolves with an answer for the agent — a decision,
 * or a blocking answer when anything goes wrong — and always within the deadline: the decision
 * runs in a child process, which is killed if it has not answered in time. A thread of this
 * process could not give that guarantee: a worker stuck in native code (SQLite waiting on a lock,
 * a hung file system) cannot be stopped, and neither can the process that hosts it.
 *
 * Every failure here blocks with exit 2 and the reason on stderr, the one answer all five agents
 * obey; agent-specific answers come from the decision process.
 */
export async function runHook(options: RunHookOptions): Promise<HookAnswer> {
  const deadline = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const started = Date.now();
  let input: HookRequest['input'];
  const reading = readAll(options.stdin, MAX_HOOK_INPUT_BYTES, 'hook input').then(
    (text) => ({ text }),
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      return { error: { code: (error as { code?: string }).code ?? 'invalid_input', message } };
    },
  );
  const expired = (): HookAnswer =>
    exitTwo(
      `Airlock could not decide within ${deadline} ms, so it blocked this tool call to be safe. Try again; if it keeps happening, run \`airlock check\` on the same command to see why.`,
    );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), deadline);
  });
  try {
    const read = await Promise.race([reading, timeout]);
    if (read === 'timeout') return expired();
    input = read;
    const { deadlineMs: _deadline, stdin: _stdin, stderr: _stderr, ...settings } = options;
    const request: HookRequest = { ...settings, deadlineMs: deadline, env: { ...options.env }, input };
    return await decideInChild(request, options.stderr, Math.max(1, deadline - (Date.now() - started)), expired);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

function decideInChild(request: HookRequest, stderr: NodeJS.WritableStream, budgetMs: number, expired: () => HookAnswer): Promise<HookAnswer> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (answer: HookAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      resolve(answer);
    };
    // Same V8 settings as bin/airlock.js: baseline wasm compiler only, no inlined JS→Wasm calls.
    const child = spawn(process.execPath, ['--liftoff-only', '--no-turbo-inline-js-wasm-calls', CHILD], {
      cwd: request.cwd,
      env: request.env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    const timer = setTimeout(() => settle(expired()), budgetMs);
    child.stdout?.on('data', (chunk: Buffer) => stderr.write(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.write(chunk));
    child.once('message', (answer: HookAnswer) => settle(answer));
    child.once('error', (error) => settle(exitTwo(`Airlock blocked this tool call: its decision process could not start: ${error.message}`)));
    child.once('exit', (code, signal) =>
      settle(exitTwo(`Airlock blocked this tool call: its decision process stopped (${signal ?? `exit ${code}`}) without deciding`)),
    );
    child.send(request);
  });
}
