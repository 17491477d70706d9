import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../model/index.js';
import { canonicalOf } from './shell-test-kit.js';

const digestText = (command: string): string => canonicalJson(canonicalOf(command));

describe('canonical form', () => {
  it.each([
    ['ls  -la', 'ls -la'],
    ["'ls'", 'ls'],
    ['"ls"', 'ls'],
    ["l's'", 'ls'],
    ["$'\\x6c's", 'ls'],
    ['\\ls', 'ls'],
    ['ls;', 'ls'],
    ['ls # a comment', 'ls'],
    ['ls \\\n  -la', 'ls -la'],
    ['a&&b', 'a && b'],
    ['a |b', 'a | b'],
    ['"${X}"', '"$X"'],
    ["echo ''", 'echo ""'],
    ['echo "a b"', "echo 'a b'"],
    ['rm -rf "/srv/app"', 'rm -rf /srv/app'],
    ['x=1\n\nls', 'x=1; ls'],
    ['cat <<EOF\nhi\nEOF', 'cat <<EOF\nhi\nEOF\n'],
  ])('%j means the same as %j', (a, b) => {
    expect(digestText(a)).toBe(digestText(b));
  });

  it.each([
    ['rm -rf a', 'rm -rf b'],
    ['rm -rf a', 'rm -r a'],
    ['ls -a', 'ls -l'],
    ['a; b', 'b; a'],
    ['a | b', 'a && b'],
    ['a && b', 'a || b'],
    ['ls > a', 'ls > b'],
    ['ls > a', 'ls >> a'],
    ['ls 2> a', 'ls > a'],
    ['"$X"', '$X'],
    ['"$(ls)"', '$(ls)'],
    ["'*'", '*'],
    ["'~'/x", '~/x'],
    ['"{a,b}"', '{a,b}'],
    ['ls &', 'ls'],
    ['AWS_PROFILE=prod aws s3 ls', 'aws s3 ls'],
    ['echo ""', 'echo'],
    ['(cd / && ls)', 'cd / && ls'],
    ['f(){ ls; }', 'f(){ rm x; }'],
    ["bash -c 'ls'", "bash -c 'rm'"],
    ['cat <<EOF\na\nEOF', 'cat <<EOF\nb\nEOF'],
    ["cat <<'EOF'\n$X\nEOF", 'cat <<EOF\n$X\nEOF'],
  ])('%j differs from %j', (a, b) => {
    expect(digestText(a)).not.toBe(digestText(b));
  });

  it('keeps the raw text of a command that does not parse', () => {
    expect(canonicalOf('ls (')).toEqual({ unparsed: 'ls (' });
  });

  it('is plain JSON with expansions kept as typed parts', () => {
    expect(canonicalOf('rm -rf "$DIR"/*')).toEqual({
      script: { cmd: [['rm'], ['-rf'], [{ p: 'DIR', q: true }, '/', { g: '*' }]] },
    });
  });
});
