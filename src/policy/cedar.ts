// Cedar's Node build is CommonJS and instantiates its wasm synchronously on first import; the
// bare package entry is for bundlers and fails in Node.
import '../platform/v8-flags.js';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';

export { cedar };
export type { DetailedError, AuthorizationAnswer } from '@cedar-policy/cedar-wasm/nodejs';
