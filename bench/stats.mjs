// Small helpers for the benchmarks: percentiles of a sample of durations, and spawning a process.
import { spawn } from 'node:child_process';

/** p-th percentile (0..100) of a sorted array, nearest-rank. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** Times `fn` `iterations` times after `warmup` runs; returns sorted durations in microseconds. */
export async function sample(fn, { iterations, warmup }) {
  for (let i = 0; i < warmup; i += 1) await fn(i);
  const durations = new Array(iterations);
  for (let i = 0; i < iterations; i += 1) {
    const start = process.hrtime.bigint();
    await fn(i);
    durations[i] = Number(process.hrtime.bigint() - start) / 1000;
  }
  return durations.sort((a, b) => a - b);
}

export function summarize(sorted) {
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), n: sorted.length };
}

/**
 * Interleaves target and baseline in rounds so both see the same machine load (this machine is
 * shared and noisy), then reports each and the ratio of their medians.
 */
export async function compare({ target, baseline, iterations, warmup, rounds = 5 }) {
  const t = [];
  const b = [];
  const per = Math.max(1, Math.floor(iterations / rounds));
  for (let round = 0; round < rounds; round += 1) {
    b.push(...(await sample(baseline, { iterations: per, warmup: round === 0 ? warmup : 0 })));
    t.push(...(await sample(target, { iterations: per, warmup: round === 0 ? warmup : 0 })));
  }
  t.sort((x, y) => x - y);
  b.sort((x, y) => x - y);
  const target_ = summarize(t);
  const baseline_ = summarize(b);
  return { target: target_, baseline: baseline_, ratioP50: target_.p50 / baseline_.p50, ratioP99: target_.p99 / baseline_.p99 };
}

/** Spawns `node <args>`, feeds it `stdin`, and resolves with its exit code and stdout. */
export function spawnOnce(args, stdin, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
    child.stdin.end(stdin);
  });
}
