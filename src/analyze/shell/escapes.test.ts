import { describe, expect, it } from 'vitest';
import { decodeAnsiC, decodeDoubleQuoted, decodeUnquoted } from './escapes.js';

describe('decodeUnquoted', () => {
  it.each([
    ['ls', [{ value: 'ls', quoted: false }]],
    ['\\rm', [{ value: 'r', quoted: true }, { value: 'm', quoted: false }]],
    ['a\\ b', [{ value: 'a', quoted: false }, { value: ' ', quoted: true }, { value: 'b', quoted: false }]],
    ['r\\\nm', [{ value: 'rm', quoted: false }]],
    ['\\*', [{ value: '*', quoted: true }]],
    ['end\\', [{ value: 'end\\', quoted: false }]],
  ])('%j', (text, segments) => {
    expect(decodeUnquoted(text)).toEqual(segments);
  });
});

describe('decodeDoubleQuoted', () => {
  it.each([
    ['plain', 'plain'],
    ['a\\"b', 'a"b'],
    ['\\$HOME', '$HOME'],
    ['\\\\', '\\'],
    ['keep\\n', 'keep\\n'],
    ['line\\\ncontinued', 'linecontinued'],
  ])('%j → %j', (text, decoded) => {
    expect(decodeDoubleQuoted(text)).toBe(decoded);
  });
});

describe('decodeAnsiC', () => {
  it.each([
    ['\\x72m', 'rm'],
    ['\\x6c', 'l'],
    ['\\162\\155', 'rm'],
    ['\\u0072m', 'rm'],
    ['\\U00000072m', 'rm'],
    ['a\\tb', 'a\tb'],
    ["it\\'s", "it's"],
    ['\\cA', '\x01'],
    ['rm\\0 -rf /', 'rm'],
    ['\\q', '\\q'],
  ])('%j → %j', (body, decoded) => {
    expect(decodeAnsiC(body)).toBe(decoded);
  });
});
