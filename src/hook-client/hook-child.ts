// Child process entry for `airlock hook`: receives one hook request over IPC, decides it, sends
// the answer back. The parent keeps the deadline and can always kill this process, even while it
// is stuck inside native code (a database lock wait, a hung file system) where no thread of the
// same process could be interrupted.
import { decideHook, type HookRequest } from './decide-hook.js';

// Only the parent writes to the agent; anything printed here is forwarded to stderr.
console.log = console.error;
console.info = console.error;
console.debug = console.error;

// If the hook process goes away (the agent killed it), there is no one left to answer: stop.
process.once('disconnect', () => process.exit(0));

process.once('message', (request: HookRequest) => {
  void decideHook(request).then((answer) => {
    process.send?.(answer, () => process.exit(0));
  });
});
