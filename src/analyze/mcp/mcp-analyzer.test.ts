import { describe, expect, it } from 'vitest';
import { AirlockError } from '../../errors/index.js';
import { digestOf } from '../../model/index.js';
import { mcpAnalyzer } from './mcp-analyzer.js';

const analyze = (tool: string, extra: Record<string, unknown> = {}) =>
  mcpAnalyzer.analyze(mcpAnalyzer.prepare({ server: 'srv', tool, arguments: {}, ...extra }), {}).effects[0]!;

describe('MCP tool calls judged by name', () => {
  it.each(['read_file', 'list_directory', 'getUser', 'search-issues', 'describe_table', 'get_file_info'])('%s is a read', (tool) => {
    expect(analyze(tool)).toMatchObject({ operation: 'read', reversible: true });
  });

  it.each(['delete_file', 'drop_table', 'removeUser', 'move_file', 'purge-cache', 'destroy_cluster'])('%s deletes', (tool) => {
    expect(analyze(tool)).toMatchObject({ operation: 'delete', destroysData: true, reversible: false });
  });

  it.each(['execute_sql', 'run_command', 'query', 'shell'])('%s is opaque', (tool) => {
    expect(analyze(tool).operation).toBe('unknown');
  });

  it.each(['write_file', 'create_issue', 'get_or_create_bucket', 'read_and_post_message', 'list_and_send', 'frobnicate'])('%s is a risky write', (tool) => {
    expect(analyze(tool)).toMatchObject({ operation: 'update', reversible: false });
  });

  it('lets annotations make a call look worse, never better', () => {
    expect(analyze('frobnicate', { annotations: { destructiveHint: true } }).operation).toBe('delete');
    expect(analyze('post_message', { annotations: { readOnlyHint: true } }).operation).toBe('update');
    expect(analyze('delete_file', { annotations: { readOnlyHint: true, destructiveHint: false } }).operation).toBe('delete');
  });

  it('binds the digest to the arguments and the annotations', () => {
    const digest = (payload: Record<string, unknown>) => digestOf({ kind: 'mcp', payload: mcpAnalyzer.canonical(mcpAnalyzer.prepare({ server: 's', tool: 't', ...payload })) });
    expect(digest({ arguments: { a: 1, b: 2 } })).toBe(digest({ arguments: { b: 2, a: 1 } }));
    expect(digest({ arguments: { a: 1 } })).not.toBe(digest({ arguments: { a: 2 } }));
    expect(digest({ arguments: {} })).not.toBe(digest({ arguments: {}, annotations: { destructiveHint: true } }));
  });

  it('refuses arguments nested absurdly deep, with a clear error', () => {
    let nested: unknown = 'x';
    for (let i = 0; i < 5000; i += 1) nested = { n: nested };
    expect(() => mcpAnalyzer.prepare({ server: 's', tool: 't', arguments: { nested } })).toThrow(AirlockError);
    expect(() => mcpAnalyzer.prepare({ server: 's', tool: 't', arguments: { nested } })).toThrow(/nested more than 64 levels/);
  });
});
