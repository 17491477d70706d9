import type { ChangeKind } from '../model/index.js';
import type { Analyzer } from './analyzer.js';
import { fileAnalyzer } from './file/file-analyzer.js';
import { createOpaqueAnalyzer } from './opaque/opaque-analyzer.js';

/** Another kind's analyzer, from the same registry (one shell grammar shared by shell and MCP changes). */
type Get = (kind: ChangeKind) => Promise<Analyzer<unknown>>;

/**
 * Loads each analyzer on first use, so a hook that sees only file edits never loads the shell
 * grammar's wasm. Exhaustive over ChangeKind: a new kind does not compile until it is placed here.
 */
const LOADERS: Record<ChangeKind, (get: Get) => Promise<Analyzer<any>>> = {
  shell: async () => (await import('./shell/shell-analyzer.js')).createShellAnalyzer(),
  terraform: async () => (await import('./terraform/terraform-analyzer.js')).terraformAnalyzer,
  file: async () => fileAnalyzer,
  // An MCP tool's command arguments are analysed as shell commands (airlock.yaml → mcp.tools).
  mcp: async (get) => {
    const [{ createMcpAnalyzer }, shell] = await Promise.all([import('./mcp/mcp-analyzer.js'), get('shell')]);
    return createMcpAnalyzer({ shell });
  },
  kubernetes: async () => (await import('./kubernetes/kubernetes-analyzer.js')).kubernetesAnalyzer,
  // The real PostgreSQL parser (libpg_query in WebAssembly), loaded on first use.
  sql: async () => {
    const [{ createSqlAnalyzer }, parser, { default: generic }] = await Promise.all([import('./sql/sql-analyzer.js'), import('@pgsql/parser'), import('node-sql-parser')]);
    await parser.loadModule();
    // MySQL and SQLite: node-sql-parser, a maintained parser for those dialects.
    return createSqlAnalyzer(parser, new generic.Parser());
  },
  cloudformation: async () => (await import('./cloudformation/cloudformation-analyzer.js')).cloudformationAnalyzer,
  pulumi: async () => (await import('./pulumi/pulumi-analyzer.js')).pulumiAnalyzer,
  git: async () => createOpaqueAnalyzer('git'),
};

export interface AnalyzerRegistry {
  get(kind: ChangeKind): Promise<Analyzer<unknown>>;
}

export function createAnalyzerRegistry(): AnalyzerRegistry {
  const loaded = new Map<ChangeKind, Promise<Analyzer<unknown>>>();
  const get: Get = (kind) => {
    let analyzer = loaded.get(kind);
    if (!analyzer) {
      analyzer = LOADERS[kind](get);
      loaded.set(kind, analyzer);
    }
    return analyzer;
  };
  return { get };
}
