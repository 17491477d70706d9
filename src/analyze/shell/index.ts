export { createShellAnalyzer, MAX_COMMAND_BYTES, shellAnalyzerWith } from './shell-analyzer.js';
export type { PreparedShell } from './shell-analyzer.js';
export { loadBashParser } from './bash-parser.js';
export type { BashParser, ParsedScript } from './bash-parser.js';
export { canonicalStatement } from './canonical-form.js';
export type { CanonicalValue } from './canonical-form.js';
