import { describe, expect, it } from 'vitest';
import { analyzeCommand, shapesOf } from './shell-test-kit.js';

/** Every reader from the spec, as agents write them. Each must stay a read and nothing else. */
const READERS = [
  'ls -la',
  'cat README.md',
  'head -n 20 log.txt',
  'tail -f app.log',
  'less file',
  'more file',
  'grep -rn TODO src',
  'egrep "a|b" f',
  'rg --files',
  'find . -name "*.ts" -not -path "./node_modules/*"',
  'wc -l f',
  'du -sh .',
  'df -h',
  'stat f',
  'file f',
  'echo hello',
  'printf "%s\\n" a',
  'pwd',
  'whoami',
  'id',
  'date',
  'env',
  'which node',
  'type ls',
  'tree -L 2',
  'diff a b',
  'cmp a b',
  'sort f',
  'uniq f',
  'cut -d, -f1 f',
  'tr a-z A-Z',
  'jq .name package.json',
  'yq .a f.yaml',
  "sed -n '1,10p' f",
  "awk '{ print $1 }' f",
  'ps aux',
  'uname -a',
  'hostname',
  'sleep 1',
  'true',
  'false',
  'test -f x',
  '[ -f x ]',
  '[[ -f x ]]',
  'cd src',
  'git status',
  'git log',
  'terraform plan',
  'kubectl get pods',
  'helm list',
  'aws s3 ls',
  'aws sts get-caller-identity',
  'aws ec2 describe-instances',
  'curl -s https://example.com',
  'curl -fsSL https://example.com/health',
  'wget -qO- https://example.com',
  'command -v terraform',
  'export PATH=$PATH:/x',
];

describe('readers stay reads', () => {
  it.each(READERS)('%j only reads', (command) => {
    const shapes = shapesOf(command);
    expect(shapes.length, command).toBeGreaterThanOrEqual(command.startsWith('export') ? 0 : 1);
    for (const shape of shapes) expect(shape, command).toMatchObject({ operation: 'read', reversible: true, destroysData: false });
  });

  it('reports one read per command of a pipeline', () => {
    const effects = analyzeCommand('cat access.log | grep 500 | sort | uniq -c | sort -rn | head').effects;
    expect(effects.map((effect) => effect.operation)).toEqual(['read', 'read', 'read', 'read', 'read', 'read']);
    expect(effects.map((effect) => effect.evidence)).toEqual(['cat access.log', 'grep 500', 'sort', 'uniq -c', 'sort -rn', 'head']);
  });

  it.each([
    ['sort -o out.txt in.txt', '/srv/app/out.txt'],
    ['uniq in.txt out.txt', '/srv/app/out.txt'],
    ['tree -o tree.txt', '/srv/app/tree.txt'],
    ['curl -o page.html https://example.com', '/srv/app/page.html'],
    ["yq -i '.a = 1' conf.yaml", '/srv/app/conf.yaml'],
  ])('%j also writes %s', (command, address) => {
    expect(shapesOf(command)).toContainEqual(expect.objectContaining({ kind: 'file', address }));
  });

  it.each([
    ['curl -X POST https://api/x', 'update'],
    ['curl -d a=1 https://api/x', 'update'],
    ['curl --request DELETE https://api/x/1', 'delete'],
    ['curl -T file https://api/x', 'update'],
    ['wget --post-data a=1 https://api/x', 'update'],
  ])('%j writes to the server (%s)', (command, operation) => {
    expect(shapesOf(command)).toContainEqual(expect.objectContaining({ operation, kind: 'http.endpoint' }));
  });
});
