import { describe, expect, it } from 'vitest';
import type { McpToolRule } from '../../config/config-schema.js';
import { digestOf, type Effect } from '../../model/index.js';
import type { AnalysisContext } from '../analyzer.js';
import { createAnalyzerRegistry } from '../registry.js';
import { createShellAnalyzer } from '../shell/shell-analyzer.js';
import { createMcpAnalyzer, mcpAnalyzer } from './mcp-analyzer.js';

const shell = await createShellAnalyzer();
const mcp = createMcpAnalyzer({ shell });

interface Call {
  server?: string;
  tool: string;
  arguments?: Record<string, unknown>;
  annotations?: Record<string, boolean>;
}

function analyze(call: Call, context: AnalysisContext = {}) {
  return mcp.analyze(mcp.prepare({ server: 'filesystem', arguments: {}, ...call }), { cwd: '/home/dev/app', ...context });
}

/** The fields a test checks. */
function shape(effect: Effect) {
  return { operation: effect.operation, kind: effect.resource.kind, address: effect.resource.address, reversible: effect.reversible, destroysData: effect.destroysData };
}

const shapes = (call: Call, context?: AnalysisContext) => analyze(call, context).effects.map(shape);
const nothingExists = { pathExists: () => false };
const everythingExists = { pathExists: () => true };

describe('@modelcontextprotocol/server-filesystem, without any configuration', () => {
  it.each([
    ['read_file', { path: '/srv/prod/app.conf' }],
    ['read_text_file', { path: '/srv/prod/app.conf', head: 10 }],
    ['read_media_file', { path: '/srv/prod/app.conf' }],
    ['list_directory', { path: '/srv/prod/app.conf' }],
    ['list_directory_with_sizes', { path: '/srv/prod/app.conf', sortBy: 'size' }],
    ['directory_tree', { path: '/srv/prod/app.conf', excludePatterns: [] }],
    ['search_files', { path: '/srv/prod/app.conf', pattern: '*.conf' }],
    ['get_file_info', { path: '/srv/prod/app.conf' }],
  ])('%s reads the file it names', (tool, args) => {
    expect(shapes({ tool, arguments: args })).toEqual([{ operation: 'read', kind: 'file', address: '/srv/prod/app.conf', reversible: true, destroysData: false }]);
  });

  it('read_multiple_files reads each path; list_allowed_directories reads', () => {
    expect(shapes({ tool: 'read_multiple_files', arguments: { paths: ['/a', 'b.txt'] } }).map((e) => [e.operation, e.address])).toEqual([
      ['read', '/a'],
      ['read', '/home/dev/app/b.txt'],
    ]);
    expect(shapes({ tool: 'list_allowed_directories' })).toEqual([{ operation: 'read', kind: 'mcp.tool', address: 'filesystem/list_allowed_directories', reversible: true, destroysData: false }]);
  });

  it('write_file to a production path is a write on that path, which names the environment', () => {
    const analysis = analyze({ tool: 'write_file', arguments: { path: '/srv/prod/app.conf', content: 'x=1\n' } }, nothingExists);
    expect(analysis.effects.map(shape)).toEqual([{ operation: 'create', kind: 'file', address: '/srv/prod/app.conf', reversible: true, destroysData: false }]);
    expect(analysis.hints.paths).toEqual(['/srv/prod/app.conf']);
    expect(analysis.effects[0]!.summary).toBe('creates /srv/prod/app.conf (through filesystem/write_file)');
  });

  it('write_file over an existing file rewrites it (as the file analyzer says); emptying it destroys data', () => {
    expect(shapes({ tool: 'write_file', arguments: { path: '/home/dev/app/src/a.ts', content: 'x' } }, everythingExists)).toEqual([
      { operation: 'update', kind: 'file', address: '/home/dev/app/src/a.ts', reversible: true, destroysData: false },
    ]);
    expect(shapes({ tool: 'write_file', arguments: { path: '/home/dev/app/src/a.ts', content: '' } }, everythingExists)[0]).toMatchObject({ destroysData: true });
  });

  it('a relative or ~ path is the server\'s to resolve: any write on one is unknown, a read stays a read', () => {
    for (const path of ['prod/orders.csv', '~/data/prod/customers.csv', '../x']) {
      expect(shapes({ tool: 'write_file', arguments: { path, content: 'x' } }, everythingExists)[0]).toMatchObject({ operation: 'unknown' });
    }
    expect(shapes({ tool: 'move_file', arguments: { source: '/srv/a', destination: 'b' } }, everythingExists)[0]).toMatchObject({ operation: 'unknown' });
    expect(shapes({ tool: 'read_file', arguments: { path: 'notes.txt' } }, everythingExists)[0]).toMatchObject({ operation: 'read' });
  });

  it('edit_file edits; create_directory creates', () => {
    expect(shapes({ tool: 'edit_file', arguments: { path: '/srv/prod/app.conf', edits: [{ oldText: 'a', newText: 'b' }], dryRun: false } })).toEqual([
      { operation: 'update', kind: 'file', address: '/srv/prod/app.conf', reversible: true, destroysData: false },
    ]);
    expect(shapes({ tool: 'create_directory', arguments: { path: '/srv/prod/logs' } }, everythingExists)).toEqual([
      { operation: 'create', kind: 'file', address: '/srv/prod/logs', reversible: true, destroysData: false },
    ]);
  });

  it('move_file over an existing destination destroys it', () => {
    const analysis = analyze({ tool: 'move_file', arguments: { source: '/srv/prod/orders.csv', destination: '/srv/prod/customers.csv' } }, everythingExists);
    expect(analysis.effects.map(shape)).toEqual([
      { operation: 'update', kind: 'file', address: '/srv/prod/orders.csv', reversible: true, destroysData: false },
      { operation: 'delete', kind: 'file', address: '/srv/prod/customers.csv', reversible: false, destroysData: true },
    ]);
    expect(analysis.effects[1]!.summary).toBe('overwrites /srv/prod/customers.csv (through filesystem/move_file)');
  });

  it('move_file to a new name only moves', () => {
    expect(shapes({ tool: 'move_file', arguments: { source: '/tmp/a', destination: '/tmp/b' } }, { pathExists: (p) => p === '/tmp/a' })).toEqual([
      { operation: 'update', kind: 'file', address: '/tmp/a', reversible: true, destroysData: false },
    ]);
  });

  it('move_file without a destination cannot be placed: unknown', () => {
    expect(shapes({ tool: 'move_file', arguments: { source: '/tmp/a' } })[0]!.operation).toBe('unknown');
  });

  it.each(['delete_file', 'remove_directory', 'deleteFiles'])('%s deletes the paths it names', (tool) => {
    expect(shapes({ tool, arguments: { path: '/srv/prod/data' } })).toEqual([{ operation: 'delete', kind: 'file', address: '/srv/prod/data', reversible: false, destroysData: true }]);
  });

  it('copy_file reads its source and overwrites an existing destination', () => {
    expect(shapes({ tool: 'copy_file', arguments: { source: '/a', destination: '/b' } }, everythingExists)).toEqual([
      { operation: 'read', kind: 'file', address: '/a', reversible: true, destroysData: false },
      { operation: 'update', kind: 'file', address: '/b', reversible: false, destroysData: true },
    ]);
  });

  it('a path argument that is not a path is unknown; a name that does not say what happens is a risky write on the path', () => {
    expect(shapes({ tool: 'write_file', arguments: { path: 42 } })[0]!.operation).toBe('unknown');
    expect(shapes({ tool: 'frobnicate', arguments: { file: '/srv/prod/x' } })).toEqual([
      { operation: 'update', kind: 'file', address: '/srv/prod/x', reversible: false, destroysData: false },
    ]);
    expect(shapes({ tool: 'upload_file', arguments: { path: '/srv/prod/x' } })[0]).toMatchObject({ operation: 'update', reversible: false });
    expect(shapes({ tool: 'run_script', arguments: { path: '/srv/prod/x.sh' } })[0]).toMatchObject({ operation: 'unknown', address: '/srv/prod/x.sh' });
  });

  it('a remote marker (owner, repo, bucket …) adds the name\'s reading but never removes the path\'s', () => {
    const github = shapes({ server: 'github', tool: 'create_or_update_file', arguments: { owner: 'o', repo: 'r', path: 'README.md', content: 'x', branch: 'main' } }, nothingExists);
    expect(github[0]).toEqual({ operation: 'update', kind: 'mcp.tool', address: 'github/create_or_update_file', reversible: false, destroysData: false });
    expect(github.slice(1).map((effect) => effect.operation)).toEqual(['unknown']);
    // A client adding `project` to a production write does not make the path disappear.
    const smuggled = shapes({ tool: 'write_file', arguments: { path: '/srv/prod/orders.csv', content: '', project: 'x' } }, everythingExists);
    expect(smuggled).toContainEqual(expect.objectContaining({ kind: 'file', address: '/srv/prod/orders.csv', destroysData: true }));
  });
});

describe('commands in arguments', () => {
  const rules: McpToolRule[] = [{ match: 'ops/run_command', shell: 'command' }];

  it('a configured shell argument is analysed as the command it is', () => {
    const analysis = analyze({ server: 'ops', tool: 'run_command', arguments: { command: 'terraform destroy -auto-approve' } }, { mcpTools: rules, cwd: '/srv/infra' });
    expect(analysis.effects.map(shape)).toEqual([{ operation: 'delete', kind: 'terraform.workspace', address: '/srv/infra', reversible: false, destroysData: true }]);
    expect(analysis.effects[0]).toMatchObject({ environmentWide: true, evidence: 'terraform destroy -auto-approve' });
    expect(analysis.effects[0]!.summary).toMatch(/destroys every resource .* \(through ops\/run_command\)$/);
    expect(analysis.needs).toEqual({ terraformWorkspace: true });
  });

  it('an everyday command is what it is: a read', () => {
    expect(shapes({ server: 'ops', tool: 'run_command', arguments: { command: 'ls -la' } }, { mcpTools: rules })).toEqual([
      { operation: 'read', kind: 'shell.program', address: 'ls', reversible: true, destroysData: false },
    ]);
  });

  it('without a rule, `command` on a tool whose name runs commands is a shell command', () => {
    expect(shapes({ server: 'desktop', tool: 'execute_command', arguments: { command: 'rm -rf /srv/prod/data', timeout_ms: 1000 } })).toEqual([
      { operation: 'delete', kind: 'file', address: '/srv/prod/data', reversible: false, destroysData: true },
    ]);
    // The same argument on a tool that does not run commands is not read as one.
    expect(shapes({ server: 'iot', tool: 'notify_device', arguments: { command: 'ls' } })[0]).toMatchObject({ operation: 'update', kind: 'mcp.tool' });
  });

  it('args, env, cwd and stdin are part of what runs', () => {
    expect(shapes({ server: 'x', tool: 'run', arguments: { command: 'rm', args: ['-rf', '/srv/prod/data'] } })).toEqual([
      { operation: 'delete', kind: 'file', address: '/srv/prod/data', reversible: false, destroysData: true },
    ]);
    expect(shapes({ server: 'x', tool: 'run', arguments: { command: 'rm', args: '-rf /' } })[0]!.operation).toBe('unknown');
    expect(shapes({ server: 'x', tool: 'run', arguments: { command: 'rm -rf data', cwd: '/srv/prod' } })[0]).toMatchObject({ operation: 'delete', address: '/srv/prod/data' });
    expect(analyze({ server: 'x', tool: 'run', arguments: { command: 'ls', cwd: '/srv/prod' } }).hints.paths).toEqual(['/srv/prod']);
    // The files a command changes tell the environment, as a file tool's paths do.
    expect(analyze({ server: 'x', tool: 'run', arguments: { command: 'rm -rf /srv/prod/data' } }).hints.paths).toEqual(['/srv/prod/data']);
    expect(shapes({ server: 'x', tool: 'run', arguments: { command: 'bash', stdin: 'rm -rf /' } }).map((e) => e.operation)).toContain('unknown');
    expect(shapes({ server: 'x', tool: 'run', arguments: { command: 'ls', env: { LD_PRELOAD: ['x'] } } })[0]!.operation).toBe('unknown');
  });

  it('a rule naming a missing or non-string argument is unknown (fail closed)', () => {
    expect(shapes({ server: 'ops', tool: 'run_command', arguments: { cmd: 'ls' } }, { mcpTools: rules })).toEqual([
      { operation: 'unknown', kind: 'mcp.tool', address: 'ops/run_command', reversible: false, destroysData: false },
    ]);
    expect(shapes({ server: 'ops', tool: 'run_command', arguments: { command: ['ls'] } }, { mcpTools: rules })[0]!.operation).toBe('unknown');
  });

  it('without a shell analyzer, a command argument is unknown', () => {
    const effects = mcpAnalyzer.analyze(mcpAnalyzer.prepare({ server: 'ops', tool: 'run_command', arguments: { command: 'ls' } }), { mcpTools: rules }).effects;
    expect(effects.map((e) => e.operation)).toEqual(['unknown']);
  });
});

describe('configured rules', () => {
  it('SQL goes to the SQL analyzer through a placeholder, configured or by convention', () => {
    const rules: McpToolRule[] = [{ match: 'db/*', sql: 'statement', dialect: 'mysql' }];
    const analysis = analyze({ server: 'db', tool: 'run', arguments: { statement: 'select 1' } }, { mcpTools: rules });
    const [effect] = analysis.effects;
    expect(effect).toMatchObject({ operation: 'unknown', summary: 'calls db/run, which runs SQL', evidence: 'select 1' });
    // The pipeline swaps the placeholder (by identity) for the SQL analyzer's effects; it stays unknown if that fails.
    expect(analysis.embedded).toEqual([{ placeholder: effect, kind: 'sql', payload: { sql: 'select 1', dialect: 'mysql' } }]);
    expect(analysis.embedded![0]!.placeholder).toBe(effect);
    expect(analyze({ server: 'pg', tool: 'query', arguments: { sql: 'drop table users' } }).embedded?.[0]?.payload).toEqual({ sql: 'drop table users' });
    expect(shapes({ server: 'db', tool: 'run', arguments: {} }, { mcpTools: rules })[0]!.operation).toBe('unknown');
    expect(shapes({ server: 'sqlite', tool: 'read_query', arguments: { query: 'delete from users' } })[0]!.operation).toBe('unknown');
    expect(shapes({ server: 'pg', tool: 'get_rows', arguments: { sql: 'drop table users' } })[0]!.operation).toBe('unknown');
  });

  it('paths with an operation from the rule, or else from the name', () => {
    const rules: McpToolRule[] = [
      { match: 'store/purge_blob', paths: ['key'], operation: 'delete' },
      { match: 'store/*', paths: ['key'] },
    ];
    expect(shapes({ server: 'store', tool: 'purge_blob', arguments: { key: '/srv/prod/blob' } }, { mcpTools: rules })).toEqual([
      { operation: 'delete', kind: 'file', address: '/srv/prod/blob', reversible: false, destroysData: true },
    ]);
    expect(shapes({ server: 'store', tool: 'fetch_blob', arguments: { key: '/srv/prod/blob' } }, { mcpTools: rules })[0]).toMatchObject({ operation: 'read', address: '/srv/prod/blob' });
    // The rule names `key`; a call without it cannot be placed, unless the tool only reads.
    expect(shapes({ server: 'store', tool: 'save_blob', arguments: { path: '/x' } }, { mcpTools: rules })[0]!.operation).toBe('unknown');
    expect(shapes({ server: 'store', tool: 'list_blobs', arguments: {} }, { mcpTools: rules })[0]).toMatchObject({ operation: 'read', kind: 'mcp.tool' });
  });

  it('a move rule takes its destination from `to`', () => {
    const rules: McpToolRule[] = [{ match: 'fs2/relocate', paths: ['from'], operation: 'move', to: 'into' }];
    expect(shapes({ server: 'fs2', tool: 'relocate', arguments: { from: '/a', into: '/b' } }, { mcpTools: rules, ...everythingExists }).map((e) => [e.operation, e.address])).toEqual([
      ['update', '/a'],
      ['delete', '/b'],
    ]);
    expect(shapes({ server: 'fs2', tool: 'relocate', arguments: { from: '/a' } }, { mcpTools: rules })[0]!.operation).toBe('unknown');
  });

  it('the first matching rule wins, and a rule can say what a tool does without naming arguments', () => {
    const rules: McpToolRule[] = [
      { match: 'docs/*', operation: 'read' },
      { match: '**', shell: 'command' },
    ];
    expect(shapes({ server: 'docs', tool: 'frobnicate', arguments: { command: 'rm -rf /' } }, { mcpTools: rules })[0]).toMatchObject({ operation: 'read', kind: 'mcp.tool' });
    expect(shapes({ server: 'other', tool: 'frobnicate', arguments: { command: 'rm -rf /srv/x' } }, { mcpTools: rules })[0]).toMatchObject({ operation: 'delete', address: '/srv/x' });
  });
});

describe('annotations are hints: worse, never better', () => {
  it('readOnlyHint on write_file is still a write', () => {
    expect(shapes({ tool: 'write_file', arguments: { path: '/srv/prod/app.conf', content: 'x' }, annotations: { readOnlyHint: true } }, nothingExists)[0]).toMatchObject({
      operation: 'create',
      address: '/srv/prod/app.conf',
    });
    expect(shapes({ tool: 'delete_file', arguments: { path: '/x' }, annotations: { readOnlyHint: true, destructiveHint: false } })[0]!.operation).toBe('delete');
  });

  it('destructiveHint on a read-named tool makes it a delete of what it names', () => {
    const analysis = analyze({ tool: 'read_file', arguments: { path: '/srv/prod/app.conf' }, annotations: { destructiveHint: true } });
    expect(analysis.effects.map(shape)).toEqual([{ operation: 'delete', kind: 'file', address: '/srv/prod/app.conf', reversible: false, destroysData: true }]);
    expect(analysis.hints.paths).toEqual(['/srv/prod/app.conf']);
    expect(shapes({ tool: 'get_weather', annotations: { destructiveHint: true } })[0]).toMatchObject({ operation: 'delete', kind: 'mcp.tool' });
  });

  it('destructiveHint adds nothing where the arguments show exactly what changes', () => {
    // The official server marks write_file and edit_file destructive because they overwrite; the file reading already covers that.
    expect(shapes({ tool: 'edit_file', arguments: { path: '/srv/app/a.ts', edits: [] }, annotations: { readOnlyHint: false, destructiveHint: true } })).toEqual([
      { operation: 'update', kind: 'file', address: '/srv/app/a.ts', reversible: true, destroysData: false },
    ]);
    expect(
      shapes({ server: 'ops', tool: 'run_command', arguments: { command: 'ls' }, annotations: { destructiveHint: true } }, { mcpTools: [{ match: 'ops/*', shell: 'command' }] })[0],
    ).toMatchObject({ operation: 'read' });
  });

  it('destructiveHint on something unknown keeps it unknown and adds data loss', () => {
    expect(shapes({ server: 'db', tool: 'run', arguments: {}, annotations: { destructiveHint: true } }, { mcpTools: [{ match: 'db/*', sql: 'statement' }] })[0]).toMatchObject({ operation: 'unknown', destroysData: true });
  });

  it('readOnlyHint false makes a read-named tool a risky write; readOnlyHint true alone never makes a read', () => {
    expect(shapes({ tool: 'read_file', arguments: { path: '/x' }, annotations: { readOnlyHint: false } })[0]).toMatchObject({ operation: 'update', reversible: false });
    expect(shapes({ tool: 'frobnicate', annotations: { readOnlyHint: true } })[0]).toMatchObject({ operation: 'update' });
    // …unless the name is read-like too (directory_tree, as tools/list shows it: no arguments).
    expect(shapes({ tool: 'directory_tree', annotations: { readOnlyHint: true } })[0]).toMatchObject({ operation: 'read' });
    expect(shapes({ tool: 'directory_tree' })[0]).toMatchObject({ operation: 'update' });
  });
});

describe('identity and digest', () => {
  it('the canonical form is the call itself: server, tool, arguments, annotations — whatever the rules', () => {
    const payload = { server: 'filesystem', tool: 'write_file', arguments: { path: '/x', content: 'y' }, annotations: { destructiveHint: true } };
    const canonical = mcp.canonical(mcp.prepare(payload));
    expect(canonical).toEqual({ server: 'filesystem', tool: 'write_file', arguments: { path: '/x', content: 'y' }, annotations: { destructiveHint: true } });
    expect(digestOf({ kind: 'mcp', payload: canonical })).toBe(digestOf({ kind: 'mcp', payload: mcpAnalyzer.canonical(mcpAnalyzer.prepare(payload)) }));
    expect(mcp.canonical(mcp.prepare({ server: 's', tool: 't' }))).toEqual({ server: 's', tool: 't', arguments: {}, annotations: null });
  });

  it('the registry builds the MCP analyzer with the shell analyzer', async () => {
    const registry = createAnalyzerRegistry();
    const analyzer = await registry.get('mcp');
    const input = analyzer.prepare({ server: 'ops', tool: 'run_command', arguments: { command: 'kubectl delete namespace payments --context prod-eu-1' } });
    const analysis = analyzer.analyze(input, {});
    expect(analysis.effects[0]).toMatchObject({ operation: 'delete', resource: { kind: 'kubernetes.namespace' } });
    expect(analysis.hints.kubeContexts).toEqual(['prod-eu-1']);
  });
});
