import v8 from 'node:v8';

// V8 in Node 20 aborts the process ("Fatal error … unreachable code" in
// Deoptimizer::DoComputeBuiltinContinuation) when a TurboFan-optimised function that inlined a
// JS→Wasm call is lazily deoptimised while that Wasm call is on the stack — which Cedar's
// wasm-bindgen glue triggers after a few thousand decisions in one process. Not inlining JS→Wasm
// calls avoids it at no measurable cost. This module is imported before any WebAssembly loads.
v8.setFlagsFromString('--no-turbo-inline-js-wasm-calls');
