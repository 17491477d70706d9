// How decisions scale: the pure decision (analyze + decide, no I/O) for typical shell commands,
// Terraform plans of 10,000 and 50,000 resource changes against JSON.parse of the same text, and a
// policy set growing from 10 to 10,000 Cedar policies. Each a ratio against a baseline measured in
// the same run, interleaved with it.
import { makeBigPlan } from '../test/fixtures/terraform/make-big-plan.mjs';
import { compare } from './stats.mjs';

const dist = new URL('../dist/', import.meta.url);
const { createPipeline } = await import(new URL('pipeline/index.js', dist));
const { createAnalyzerRegistry } = await import(new URL('analyze/registry.js', dist));
const { defaultConfig, loadPolicySources, readSchema } = await import(new URL('config/index.js', dist));
const { NO_AMBIENT } = await import(new URL('intake/ambient-probe.js', dist));
const { createPolicyEngine } = await import(new URL('policy/index.js', dist));

const config = defaultConfig(process.cwd());
const schema = readSchema();
const analyzers = createAnalyzerRegistry();

/** An audit log that keeps nothing: what is left is the pure decision. */
const nullAudit = {
  seq: 0,
  async record() {
    this.seq += 1;
    return { id: `r${this.seq}`, seq: this.seq, hash: '0'.repeat(64) };
  },
  list: async () => [],
  verify: async () => ({ ok: true, records: 0 }),
  close: async () => undefined,
};

function pipelineWith(policy) {
  return createPipeline({ config, policy, audit: nullAudit, analyzers, ambient: NO_AMBIENT, pathExists: () => true, guardrails: { paths: ['/var/lib/airlock'], home: '/home/bench' } });
}

/** What an agent runs all day, reads and small writes. */
const TYPICAL = [
  'git status',
  'git diff --stat',
  'ls -la src',
  'cat package.json',
  'npm test',
  'grep -rn "TODO" src',
  'kubectl get pods -n shop',
  'terraform plan -out=tfplan',
  'git add -A && git commit -m "wip"',
  'rm -rf dist',
];

/** N policies that each name an agent: the set grows, what matches stays the same. */
function syntheticPolicies(n) {
  const lines = ['@id("allow-low")\npermit (principal, action == Airlock::Action::"run", resource) when { context.severityRank <= 1 };'];
  for (let i = 1; i < n; i += 1) {
    lines.push(`@id("agent-${i}-no-critical")\nforbid (principal == Airlock::Agent::"agent-${i}", action, resource) when { context.severityRank >= ${1 + (i % 3)} };`);
  }
  return [{ file: `bench-${n}.cedar`, text: lines.join('\n\n'), set: 'enforce' }];
}

const absolute = (r) => ({ text: 'p50 ≤ 100 µs, p99 ≤ 500 µs', met: r.target.p50 <= 100 && r.target.p99 <= 500 });

export async function run({ quick = false } = {}) {
  const results = [];
  const policy = createPolicyEngine({ schema, sources: loadPolicySources(config) });
  const pipeline = pipelineWith(policy);
  const shell = (command) => ({ kind: 'shell', source: 'cli', agent: 'bench', payload: { command }, target: { cwd: '/srv/app', environment: 'production' } });

  // The pure decision: a typical command, the same one again and again, and ten in rotation.
  {
    const request = shell('git status');
    const r = await compare({ target: () => pipeline.check(request), baseline: () => JSON.stringify(request), iterations: quick ? 500 : 5000, warmup: 300 });
    results.push({ name: 'pure decision (analyze + decide, no I/O), shell `git status`', baselineName: 'JSON.stringify of the request', ...r, goal: absolute(r) });
  }
  {
    const requests = TYPICAL.map(shell);
    const r = await compare({ target: (i) => pipeline.check(requests[i % requests.length]), baseline: (i) => JSON.stringify(requests[i % requests.length]), iterations: quick ? 500 : 5000, warmup: 300 });
    results.push({ name: 'pure decision (analyze + decide, no I/O), 10 typical shell commands in turn', baselineName: 'JSON.stringify of the request', ...r, goal: absolute(r) });
  }

  // Terraform plans: 10,000 and 50,000 resource changes, analyze + blast radius + decide.
  const planRow = async (n, iterations) => {
    const text = JSON.stringify(makeBigPlan(n));
    const target = () => pipeline.check({ kind: 'terraform', source: 'cli', agent: 'bench', payload: { plan: JSON.parse(text) }, target: { environment: 'production' } });
    const r = await compare({ target, baseline: () => JSON.parse(text), iterations, warmup: 1, rounds: Math.min(iterations, 3) });
    return { name: `terraform: ${n.toLocaleString('en')}-resource plan (analyze + blast radius + decide)`, baselineName: 'JSON.parse of the plan text', planBytes: text.length, ...r, goal: { text: 'ratio p50 ≤ 4', met: r.ratioP50 <= 4 } };
  };
  const plan10 = await planRow(quick ? 2000 : 10_000, quick ? 3 : 6);
  const plan50 = await planRow(quick ? 10_000 : 50_000, 3);
  // Linear means 5× the time for 5× the changes: report how far above that the larger plan is.
  plan50.linearity = plan50.target.p50 / (5 * plan10.target.p50);
  plan50.goal = { text: `ratio p50 ≤ 4; within 1.2× of linear (${plan50.linearity.toFixed(2)}×)`, met: plan50.ratioP50 <= 4 && plan50.linearity <= 1.2 };
  results.push(plan10, plan50);

  // Policy set size: 10 vs 10,000 policies, each call from another agent so no verdict is remembered.
  {
    const small = pipelineWith(createPolicyEngine({ schema, sources: syntheticPolicies(10) }));
    const started = performance.now();
    const large = pipelineWith(createPolicyEngine({ schema, sources: syntheticPolicies(quick ? 2000 : 10_000) }));
    const buildMs = performance.now() - started;
    const request = (i) => ({ ...shell('git status'), agent: `agent-${i % 997}-${i}` });
    const r = await compare({ target: (i) => large.check(request(i)), baseline: (i) => small.check(request(i)), iterations: quick ? 300 : 2000, warmup: 100 });
    results.push({ name: `decision with ${quick ? '2,000' : '10,000'} Cedar policies (verdicts not remembered)`, baselineName: 'the same with 10 policies', policyBuildMs: buildMs, ...r, goal: { text: 'ratio p50 ≤ 3', met: r.ratioP50 <= 3 } });
  }
  return results;
}
