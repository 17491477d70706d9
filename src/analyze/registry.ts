import type { ChangeKind } from '../model/index.js';
import type { Analyzer } from './analyzer.js';
import { fileAnalyzer } from './file/file-analyzer.js';
import { mcpAnalyzer } from './mcp/mcp-analyzer.js';
import { createOpaqueAnalyzer } from './opaque/opaque-analyzer.js';

/**
 * Loads each analyzer on first use, so a hook that sees only file edits never loads the shell
 * grammar's wasm. Exhaustive over ChangeKind: a new kind does not compile until it is placed here.
 */
const LOADERS: Record<ChangeKind, () => Promise<Analyzer<any>>> = {
  shell: async () => (await import('./shell/shell-analyzer.js')).createShellAnalyzer(),
  terraform: async () => (await import('./terraform/terraform-analyzer.js')).terraformAnalyzer,
  file: async () => fileAnalyzer,
  mcp: async () => mcpAnalyzer,
  kubernetes: async () => createOpaqueAnalyzer('kubernetes'),
  sql: async () => createOpaqueAnalyzer('sql'),
  cloudformation: async () => createOpaqueAnalyzer('cloudformation'),
  git: async () => createOpaqueAnalyzer('git'),
};

export interface AnalyzerRegistry {
  get(kind: ChangeKind): Promise<Analyzer<unknown>>;
}

export function createAnalyzerRegistry(): AnalyzerRegistry {
  const loaded = new Map<ChangeKind, Promise<Analyzer<unknown>>>();
  return {
    get(kind) {
      let analyzer = loaded.get(kind);
      if (!analyzer) {
        analyzer = LOADERS[kind]();
        loaded.set(kind, analyzer);
      }
      return analyzer;
    },
  };
}
