import { describe, expect, it } from 'vitest';
import { AirlockError } from '../../errors/index.js';
import { EffectSchema } from '../../model/index.js';
import { MAX_COMMAND_BYTES } from './shell-analyzer.js';
import { analyzeCommand, analyzer, operationsOf } from './shell-test-kit.js';
import { thrownAirlockError as thrown } from '../../../test/support/errors.js';


describe('shell analyzer contract', () => {
  it('is the analyzer for shell changes', () => {
    expect(analyzer.kind).toBe('shell');
  });

  it.each([[{}], [{ command: 42 }], [{ command: null }], [null], ['ls'], [{ cmd: 'ls' }]])('rejects the payload %j as invalid_input with a hint', (payload) => {
    const error = thrown(() => analyzer.prepare(payload));
    expect(error.code).toBe('invalid_input');
    expect(error.hint).toMatch(/command/);
  });

  it('rejects a 300 KiB command as input_too_large', () => {
    const command = `echo ${'x'.repeat(300 * 1024)}`;
    expect(thrown(() => analyzer.prepare({ command })).code).toBe('input_too_large');
  });

  it('measures the limit in UTF-8 bytes', () => {
    const command = 'é'.repeat(MAX_COMMAND_BYTES / 2 + 1);
    expect(thrown(() => analyzer.prepare({ command })).code).toBe('input_too_large');
    expect(() => analyzer.prepare({ command: 'x'.repeat(MAX_COMMAND_BYTES) })).not.toThrow();
  });

  it('reports a command that does not parse as unknown, and keeps it raw in the canonical form', () => {
    const input = analyzer.prepare({ command: 'rm -rf / <<<' });
    expect(analyzer.canonical(input)).toEqual({ unparsed: 'rm -rf / <<<' });
    const { effects } = analyzer.analyze(input, { cwd: '/srv' });
    expect(effects.some((effect) => effect.operation === 'unknown')).toBe(true);
  });

  it('produces effects that satisfy the Effect schema, with evidence', () => {
    const { effects } = analyzeCommand('cd /srv && rm -rf data; git push -f; kubectl delete ns x; eval "$X"');
    expect(effects.length).toBeGreaterThan(3);
    for (const effect of effects) {
      expect(EffectSchema.parse(effect)).toEqual(effect);
      expect(effect.evidence).toBeTruthy();
    }
  });

  it('is a pure function of its input: the same analysis twice', () => {
    const input = analyzer.prepare({ command: 'cd /x && rm -rf y; f(){ rm z; }; f' });
    expect(analyzer.analyze(input, { cwd: '/a' })).toEqual(analyzer.analyze(input, { cwd: '/a' }));
  });

  it('returns no effects for an empty command', () => {
    expect(analyzeCommand('').effects).toEqual([]);
    expect(analyzeCommand('   \n  # just a comment').effects).toEqual([]);
  });
});

describe('hostile nesting and size', () => {
  const n = 10_000;

  it.each([
    ['"$(" × 10,000', '$('.repeat(n)],
    ['"(" × 10,000', '('.repeat(n)],
    ['"( " × 10,000 with rm inside', `${'( '.repeat(n)}rm -rf /${' )'.repeat(n)}`],
    ['"$(" × 10,000 balanced', `echo ${'$('.repeat(n)}rm -rf /${')'.repeat(n)}`],
    ['"{ " × 5,000', `${'{ '.repeat(5000)}rm -rf /; ${'}; '.repeat(5000)}`],
    ['"${X:-" × 10,000', `echo ${'${X:-'.repeat(n)}a${'}'.repeat(n)}`],
    ['"if true; then" × 3,000', `${'if true; then '.repeat(3000)}rm -rf /; ${'fi; '.repeat(3000)}`],
    ['an arithmetic expansion 10,000 deep', `echo $((${'('.repeat(n)}1${')'.repeat(n)}))`],
  ])('%s: analysed without blowing the stack, and reported as unknown', (_name, command) => {
    const input = analyzer.prepare({ command });
    expect(() => analyzer.canonical(input)).not.toThrow();
    const ops = analyzer.analyze(input, { cwd: '/srv' }).effects.map((effect) => effect.operation);
    expect(ops).toContain('unknown');
  });

  it('follows bash -c only 8 levels deep', () => {
    let command = 'rm -rf /';
    for (let level = 0; level < 12; level += 1) command = `bash -c ${JSON.stringify(command)}`;
    const effects = analyzeCommand(command).effects;
    expect(effects.map((effect) => effect.operation)).toEqual(['unknown']);
    expect(effects[0]?.summary).toMatch(/8 levels/);
  });

  it('sees the end of a 10,000-command && chain', () => {
    expect(operationsOf(`${'true && '.repeat(n)}rm -rf /`)).toContain('delete');
  });

  it('bounds exponential function calls', () => {
    const functions = Array.from({ length: 30 }, (_, i) => `f${i}(){ f${i + 1}; f${i + 1}; }`).join('; ');
    const ops = operationsOf(`${functions}; f30(){ rm -rf /x; }; f0`);
    expect(ops).toContain('delete');
    expect(ops).toContain('unknown');
  });

  it('reports one effect per distinct command, not one per repetition', () => {
    expect(analyzeCommand('ls; '.repeat(50_000)).effects).toHaveLength(1);
  });
});
