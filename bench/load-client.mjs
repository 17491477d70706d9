// A load generator in its own process (so it does not share the gateway's core): keeps
// `concurrency` requests in flight over keep-alive connections for `ms` milliseconds and prints
// {completed, failed, perSecond, p50, p99} (latencies in µs) as one JSON line.
// Usage: node load-client.mjs '{"url":"http://127.0.0.1:4477/v1/health","method":"GET","headers":{},"body":null,"concurrency":32,"ms":3000,"expect":"allow"}'
import http from 'node:http';

const spec = JSON.parse(process.argv[2]);
const url = new URL(spec.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });
const latencies = [];
let completed = 0;
let failed = 0;
const deadline = performance.now() + spec.ms;

function once() {
  return new Promise((resolve) => {
    const started = performance.now();
    const request = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: spec.method, headers: spec.headers, agent }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => {
        const ok = response.statusCode === 200 && (!spec.expect || text.includes(`"decision":"${spec.expect}"`));
        if (ok) {
          completed += 1;
          latencies.push((performance.now() - started) * 1000);
        } else failed += 1;
        resolve();
      });
    });
    request.on('error', () => {
      failed += 1;
      resolve();
    });
    request.end(spec.body ?? undefined);
  });
}

async function worker() {
  while (performance.now() < deadline) await once();
}

const begun = performance.now();
await Promise.all(Array.from({ length: spec.concurrency }, worker));
const seconds = (performance.now() - begun) / 1000;
latencies.sort((a, b) => a - b);
const at = (p) => latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil((p / 100) * latencies.length) - 1))] ?? NaN;
process.stdout.write(`${JSON.stringify({ completed, failed, perSecond: completed / seconds, p50: at(50), p99: at(99) })}\n`);
agent.destroy();
