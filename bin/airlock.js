#!/usr/bin/env node
// The `airlock` command. Kept tiny: it only prepares V8 and hands over to the compiled CLI.
import v8 from 'node:v8';

// Short-lived commands (hooks, checks) load Cedar's and the bash grammar's WebAssembly. Left to
// itself V8 spends ~0.5 s optimising that wasm with TurboFan before it runs once; the baseline
// compiler alone (Liftoff) starts in a fraction of that. See ../shared/DEPENDENCIES.md.
// The gateway (`serve`, `start`) and the MCP proxy (`mcp`) are long-lived and gain from TurboFan,
// so they keep the default.
const isServer = ['serve', 'start', 'mcp'].includes(process.argv[2]);
if (!isServer) v8.setFlagsFromString('--liftoff-only');

const isHook = process.argv[2] === 'hook';
// Under `mcp`, stdout is the MCP connection: a stray line would corrupt it.
const stdoutIsProtocol = isHook || process.argv[2] === 'mcp';

// Node exits 1 on an uncaught exception or unhandled rejection, and every agent treats a hook's
// exit 1 as "go ahead". Whatever escapes, a hook exits 2 with the reason on stderr.
function die(error) {
  process.stderr.write(`airlock: ${isHook ? 'Airlock blocked this tool call: ' : ''}unexpected error: ${error && error.stack ? error.stack : String(error)}\n`);
  process.exit(isHook ? 2 : 1);
}
process.on('uncaughtException', die);
process.on('unhandledRejection', die);

// Nothing but a hook's answer may reach stdout under `airlock hook`: a stray line before the JSON
// makes the agent ignore the answer and run the tool. Route console output to stderr there.
if (stdoutIsProtocol) {
  console.log = console.error;
  console.info = console.error;
  console.debug = console.error;
}

let code;
try {
  const { main } = await import('../dist/cli/main.js');
  code = await main(process.argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    exitCode: 0,
  });
} catch (error) {
  // Even a broken install must not let a hook call through: exit 2 with the reason.
  process.stderr.write(`airlock: ${error && error.stack ? error.stack : String(error)}\n`);
  code = isHook ? 2 : 1;
}
// Exit once stdout has drained, so a hook's JSON is never cut off by process.exit.
process.stdout.write('', () => process.exit(code));
