// Hook round trip: spawn `airlock hook claude-code`, send a Claude Code PreToolUse input, read the
// answer — against spawning `node -e 0` the same way, interleaved in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compare, spawnOnce } from './stats.mjs';

const bin = fileURLToPath(new URL('../bin/airlock.js', import.meta.url));

const input = (command) =>
  JSON.stringify({ session_id: 's', cwd: '/srv/app', permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command }, tool_use_id: 't' });

export async function run({ quick = false } = {}) {
  const home = mkdtempSync(join(tmpdir(), 'airlock-bench-hook-'));
  const env = { PATH: process.env.PATH, HOME: home, AIRLOCK_HOME: join(home, 'airlock') };
  const results = [];
  for (const [name, command, expect] of [
    ['hook: git status (allow)', 'git status', 0],
    ['hook: terraform destroy in production (deny, recorded)', 'terraform destroy -auto-approve', 0],
  ]) {
    const args = [bin, 'hook', 'claude-code', '--env', 'production'];
    const target = async () => {
      const r = await spawnOnce(args, input(command), env);
      if (r.code !== expect) throw new Error(`hook exited ${r.code}`);
    };
    const baseline = () => spawnOnce(['-e', '0'], '', env);
    const r = await compare({ target, baseline, iterations: quick ? 10 : 40, warmup: 2, rounds: 5 });
    // Targets: an allowed read costs at most 1.5× a bare node start; a recorded deny at most 2×.
    const limit = name.includes('(deny') ? 2.0 : 1.5;
    results.push({ name, baselineName: 'spawn node -e 0', audit: 'SQLite file, synchronous=FULL', ...r, goal: { text: `ratio p50 ≤ ${limit}`, met: r.ratioP50 <= limit } });
  }
  rmSync(home, { recursive: true, force: true });
  return results;
}
