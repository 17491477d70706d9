import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/airlock.js', import.meta.url));
export const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Sandbox {
  /** AIRLOCK_HOME for this sandbox (audit.db lives here). */
  readonly home: string;
  /** A working directory with no airlock.yaml above it. */
  readonly cwd: string;
  run(args: string[], options?: { stdin?: string | Buffer; env?: Record<string, string | undefined>; cwd?: string }): Promise<RunResult>;
}

/**
 * A fresh, isolated place to run the real `airlock` binary: its own AIRLOCK_HOME, HOME (so no
 * ~/.kube/config leaks in), and a working directory outside the repository.
 */
export function sandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'airlock-e2e-'));
  const home = join(root, 'airlock-home');
  const cwd = mkdtempSync(join(root, 'work-'));
  const base: Record<string, string | undefined> = {
    PATH: process.env['PATH'],
    HOME: root,
    AIRLOCK_HOME: home,
    NO_COLOR: '1',
  };
  return {
    home,
    cwd,
    run(args, options = {}) {
      return new Promise((resolve, reject) => {
        const env = Object.fromEntries(Object.entries({ ...base, ...options.env }).filter((e): e is [string, string] => e[1] !== undefined));
        const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
        child.stdin.on('error', () => undefined); // the hook may answer before reading everything
        child.stdin.end(options.stdin ?? '');
      });
    },
  };
}
