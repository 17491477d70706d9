#!/usr/bin/env node
// `npm run bench`: runs every benchmark, prints a table, writes bench/results.json.
// Figures are ratios against a baseline measured in the same run (see BENCHMARKS.md).
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { run as audit } from './audit.mjs';
import { run as decisionLatency } from './decision-latency.mjs';
import { run as gateway } from './gateway.mjs';
import { run as hookRoundtrip } from './hook-roundtrip.mjs';
import { run as mcpProxy } from './mcp-proxy.mjs';
import { run as memory } from './memory.mjs';
import { run as scaling } from './scaling.mjs';

const quick = process.argv.includes('--quick');
const started = Date.now();
const results = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, quick, benchmarks: [] };

for (const [name, module] of [
  ['decision latency', decisionLatency],
  ['scaling', scaling],
  ['hook round trip', hookRoundtrip],
  ['gateway', gateway],
  ['MCP proxy', mcpProxy],
  ['audit', audit],
  ['memory', memory],
]) {
  const begun = Date.now();
  results.benchmarks.push(...(await module({ quick })));
  console.error(`bench: ${name} done in ${Math.round((Date.now() - begun) / 1000)} s`);
}

// Targets of the rows whose modules do not set one (see BENCHMARKS.md for each).
for (const b of results.benchmarks) {
  b.baselineName ??= b.baselineLabel;
  if (b.goal) continue;
  if (b.name.startsWith('audit: durable appends')) b.goal = { text: `throughput ratio ≥ 0.7 (${Math.round(b.throughput.target)}/s vs ${Math.round(b.throughput.baseline)}/s)`, met: b.throughput.ratio >= 0.7 };
  else if (b.name.startsWith('audit verify')) b.goal = { text: 'ratio p50 ≤ 3', met: b.ratioP50 <= 3 };
  else if (b.name.startsWith('gateway memory')) b.goal = { text: 'RSS ≤ 250 MB (p50 = RSS after, p99 = peak)', met: b.withinLimit === true };
}

const fmt = (v) => (!Number.isFinite(v) ? '—' : v >= 1000 ? `${(v / 1000).toFixed(2)} ms` : `${v.toFixed(1)} µs`);
const cell = (b, side) => (b.unit === 'MB' ? `${b[side].p50.toFixed(0)} MB` : b.throughput && side === 'target' ? `${fmt(b[side].p50)} (${Math.round(b.throughput.target)}/s)` : fmt(b[side].p50));
console.log('| benchmark | p50 | p99 | baseline | baseline p50 | baseline p99 | ratio p50 | ratio p99 | target | met |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const b of results.benchmarks) {
  const p99 = (side) => (b.unit === 'MB' ? `${b[side].p99.toFixed(0)} MB` : fmt(b[side].p99));
  const ratio = (v) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '—');
  console.log(
    `| ${b.name} | ${cell(b, 'target')} | ${p99('target')} | ${b.baselineName ?? ''} | ${cell(b, 'baseline')} | ${p99('baseline')} | ${ratio(b.ratioP50)} | ${ratio(b.ratioP99)} | ${b.goal?.text ?? '—'} | ${b.goal ? (b.goal.met ? 'yes' : '**no**') : ''} |`,
  );
}
results.seconds = Math.round((Date.now() - started) / 1000);
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\n${results.benchmarks.length} benchmarks in ${results.seconds} s; written to bench/results.json`);
