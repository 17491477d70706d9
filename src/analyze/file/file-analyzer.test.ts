import { describe, expect, it } from 'vitest';
import { AirlockError } from '../../errors/index.js';
import { digestOf } from '../../model/index.js';
import { fileAnalyzer } from './file-analyzer.js';

const analyze = (files: unknown[], exists = true) =>
  fileAnalyzer.analyze(fileAnalyzer.prepare({ files }), { cwd: '/srv/app', pathExists: () => exists }).effects;

describe('file tool calls', () => {
  it('an edit is a reversible update of the resolved path, and the path is an environment clue', () => {
    const analysis = fileAnalyzer.analyze(fileAnalyzer.prepare({ files: [{ operation: 'edit', path: 'src/a.ts' }] }), { cwd: '/srv/prod/app' });
    expect(analysis.effects[0]).toMatchObject({ operation: 'update', reversible: true, destroysData: false, resource: { kind: 'file', address: '/srv/prod/app/src/a.ts' } });
    expect(analysis.hints.paths).toEqual(['/srv/prod/app/src/a.ts']);
  });

  it('a write creates a new file, rewrites an existing one, and emptying one destroys it', () => {
    expect(analyze([{ operation: 'write', path: 'n.ts', content: 'x' }], false)[0]).toMatchObject({ operation: 'create', reversible: true });
    expect(analyze([{ operation: 'write', path: 'n.ts', content: 'x' }])[0]).toMatchObject({ operation: 'update', reversible: true, destroysData: false });
    expect(analyze([{ operation: 'write', path: 'prod.db', content: '' }])[0]).toMatchObject({ operation: 'update', reversible: false, destroysData: true });
  });

  it('a delete destroys the file; a move over an existing file destroys that one', () => {
    expect(analyze([{ operation: 'delete', path: 'a' }])[0]).toMatchObject({ operation: 'delete', destroysData: true });
    const moved = analyze([{ operation: 'move', path: 'a', to: 'b' }]);
    expect(moved.map((e) => [e.operation, e.resource.address, e.destroysData])).toEqual([
      ['update', '/srv/app/a', false],
      ['delete', '/srv/app/b', true],
    ]);
    expect(analyze([{ operation: 'move', path: 'a', to: 'b' }], false)).toHaveLength(1);
  });

  it('reads are reads, URLs included', () => {
    expect(analyze([{ operation: 'read', path: 'https://example.com/x' }])[0]).toMatchObject({ operation: 'read', resource: { kind: 'url', address: 'https://example.com/x' } });
  });

  it('binds the digest to the content, not just the path', () => {
    const digest = (content: string) => digestOf({ kind: 'file', payload: fileAnalyzer.canonical(fileAnalyzer.prepare({ files: [{ operation: 'write', path: 'a', content }] })) });
    expect(digest('one')).not.toBe(digest('two'));
    expect(digest('one')).toBe(digest('one'));
  });

  it('rejects a malformed payload with the field named', () => {
    expect(() => fileAnalyzer.prepare({ files: [{ operation: 'chmod', path: 'a' }] })).toThrow(AirlockError);
    expect(() => fileAnalyzer.prepare({ files: [] })).toThrow(/files/);
  });
});
