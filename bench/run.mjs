#!/usr/bin/env node
// `npm run bench`: runs every benchmark, prints a table, writes bench/results.json.
// Figures are ratios against a baseline measured in the same run (see BENCHMARKS.md).
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { run as decisionLatency } from './decision-latency.mjs';
import { run as gateway } from './gateway.mjs';
import { run as hookRoundtrip } from './hook-roundtrip.mjs';
import { run as mcpProxy } from './mcp-proxy.mjs';

const quick = process.argv.includes('--quick');
const started = Date.now();
const results = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, quick, benchmarks: [] };

results.benchmarks.push(...(await decisionLatency({ quick })));
results.benchmarks.push(...(await hookRoundtrip({ quick })));
results.benchmarks.push(...(await gateway({ quick })));
results.benchmarks.push(...(await mcpProxy({ quick })));

const us = (v) => (v >= 1000 ? `${(v / 1000).toFixed(2)} ms` : `${v.toFixed(1)} µs`);
console.log('| benchmark | p50 | p99 | baseline p50 | baseline p99 | ratio p50 | ratio p99 |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const b of results.benchmarks) {
  console.log(`| ${b.name} | ${us(b.target.p50)} | ${us(b.target.p99)} | ${us(b.baseline.p50)} | ${us(b.baseline.p99)} | ${b.ratioP50.toFixed(1)}× | ${b.ratioP99.toFixed(1)}× |`);
}
results.seconds = Math.round((Date.now() - started) / 1000);
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\n${results.benchmarks.length} benchmarks in ${results.seconds} s; written to bench/results.json`);
