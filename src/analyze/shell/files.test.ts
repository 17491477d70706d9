import { describe, expect, it } from 'vitest';
import type { AnalysisContext } from '../analyzer.js';
import { analyzeCommand, shapesOf, type EffectShape } from './shell-test-kit.js';

type Case = [command: string, expected: Array<Partial<EffectShape>>];

function expectEffects(command: string, expected: Array<Partial<EffectShape>>, context?: AnalysisContext): void {
  const shapes = shapesOf(command, context);
  for (const effect of expected) expect(shapes, command).toContainEqual(expect.objectContaining(effect));
}

const DELETE = { operation: 'delete', kind: 'file', destroysData: true, reversible: false } as const;

describe('rm', () => {
  it.each<Case>([
    ['rm x', [{ ...DELETE, address: '/srv/app/x', environmentWide: false }]],
    ['rm -rf build', [{ ...DELETE, address: '/srv/app/build' }]],
    ['rm -fr build', [{ ...DELETE, address: '/srv/app/build' }]],
    ['rm -r -f build', [{ ...DELETE, address: '/srv/app/build' }]],
    ['rm -R build', [{ ...DELETE, address: '/srv/app/build' }]],
    ['rm --recursive --force build', [{ ...DELETE, address: '/srv/app/build' }]],
    ['rm build -rf', [{ ...DELETE, address: '/srv/app/build' }]],
    ['rm -- -rf', [{ ...DELETE, address: '/srv/app/-rf' }]],
    ['rm -rf ../other', [{ ...DELETE, address: '/srv/other' }]],
    ['rm -rf a b', [{ ...DELETE, address: '/srv/app/a' }, { ...DELETE, address: '/srv/app/b' }]],
    ['rm -rf *.log', [{ ...DELETE, address: '/srv/app/*.log', environmentWide: false }]],
    ['rm -rf "*.log"', [{ ...DELETE, address: '/srv/app/*.log' }]],
    ['rm -rf "$DIR/data"', [{ ...DELETE, address: '$DIR/data', environmentWide: false }]],
    ['rm -rf ~/x', [{ ...DELETE, address: '~/x', environmentWide: false }]],
    ['rm -rf $HOME/x', [{ ...DELETE, address: '~/x' }]],
    ['rm -rf /', [{ ...DELETE, address: '/', environmentWide: true }]],
    ['rm -rf /*', [{ ...DELETE, address: '/*', environmentWide: true }]],
    ['rm -rf ~', [{ ...DELETE, address: '~', environmentWide: true }]],
    ['rm -rf ~/', [{ ...DELETE, address: '~', environmentWide: true }]],
    ['rm -rf ~/*', [{ ...DELETE, address: '~/*', environmentWide: true }]],
    ['rm -rf $HOME', [{ ...DELETE, address: '~', environmentWide: true }]],
    ['rm -rf "${HOME}"', [{ ...DELETE, address: '~', environmentWide: true }]],
    ['cd / && rm -rf .', [{ ...DELETE, address: '/', environmentWide: true }]],
    ['rm -rf /usr', [{ ...DELETE, address: '/usr', environmentWide: true }]],
    ['rm -rf "$DIR"/', [{ ...DELETE, environmentWide: true }]],
    ['rm -rf "$DIR"/*', [{ ...DELETE, environmentWide: true }]],
    ['rmdir empty', [{ operation: 'delete', kind: 'file', address: '/srv/app/empty', destroysData: false }]],
    ['unlink f', [{ ...DELETE, address: '/srv/app/f' }]],
  ])('%j', (command, expected) => expectEffects(command, expected));

  it('says "and everything under it" only for a recursive delete', () => {
    expect(analyzeCommand('rm -rf build').effects[0]?.summary).toBe('deletes /srv/app/build and everything under it');
    expect(analyzeCommand('rm build').effects[0]?.summary).toBe('deletes /srv/app/build');
    expect(analyzeCommand('rm -rf *.log').effects[0]?.summary).toMatch(/every path matching \/srv\/app\/\*\.log/);
  });

  it('keeps relative paths relative when the working directory is unknown', () => {
    expectEffects('rm -rf build', [{ ...DELETE, address: './build' }], {});
  });
});

describe('find', () => {
  it.each<Case>([
    ["find / -name '*.log' -delete", [{ ...DELETE, address: '/**', environmentWide: false }]],
    ['find / -delete', [{ ...DELETE, address: '/**', environmentWide: true }]],
    ['find . -exec rm -rf {} +', [{ ...DELETE, address: '/srv/app/**' }]],
    ['find tmp -type f -exec rm {} \\;', [{ ...DELETE, address: '/srv/app/tmp/**' }]],
    ['find . -execdir rm {} \\;', [{ ...DELETE, address: '/srv/app/**' }]],
    ['find . -ok rm {} \\;', [{ ...DELETE, address: '/srv/app/**' }]],
    ['find . -name x -fprint out.txt', [{ operation: 'update', kind: 'file', address: '/srv/app/out.txt' }]],
  ])('%j', (command, expected) => expectEffects(command, expected));

  it.each(['find . -name "*.ts"', 'find / -type f -newer x', "find . -exec grep -l TODO {} \\;"])('%j only reads', (command) => {
    expect(shapesOf(command).every((shape) => shape.operation === 'read')).toBe(true);
  });
});

describe('disks and data-destroying tools', () => {
  const DEVICE = { kind: 'block-device', destroysData: true, reversible: false, environmentWide: true } as const;
  it.each<Case>([
    ['dd if=/dev/zero of=/dev/sda', [{ ...DEVICE, operation: 'update', address: '/dev/sda' }]],
    ['dd if=image.iso of=/dev/nvme0n1 bs=4M', [{ ...DEVICE, operation: 'update', address: '/dev/nvme0n1' }]],
    ['dd if=/dev/urandom of=blob.bin bs=1M count=1', [{ operation: 'update', kind: 'file', address: '/srv/app/blob.bin', destroysData: true, reversible: false }]],
    ['mkfs /dev/sdb1', [{ ...DEVICE, operation: 'replace', address: '/dev/sdb1' }]],
    ['mkfs.ext4 -L data /dev/sdb1', [{ ...DEVICE, operation: 'replace', address: '/dev/sdb1' }]],
    ['mkfs.xfs -f /dev/xvdf', [{ ...DEVICE, operation: 'replace', address: '/dev/xvdf' }]],
    ['mke2fs -t ext4 /dev/sdc', [{ ...DEVICE, operation: 'replace', address: '/dev/sdc' }]],
    ['wipefs -a /dev/sdb', [{ ...DEVICE, operation: 'delete', address: '/dev/sdb' }]],
    ['sgdisk --zap-all /dev/sdb', [{ ...DEVICE, operation: 'delete', address: '/dev/sdb' }]],
    ['shred secrets.txt', [{ operation: 'update', kind: 'file', address: '/srv/app/secrets.txt', destroysData: true, reversible: false }]],
    ['shred -u secrets.txt', [{ operation: 'delete', kind: 'file', address: '/srv/app/secrets.txt', destroysData: true }]],
    ['truncate -s 0 app.db', [{ operation: 'update', kind: 'file', address: '/srv/app/app.db', destroysData: true, reversible: false }]],
  ])('%j', (command, expected) => expectEffects(command, expected));

  it('reads when wipefs only lists signatures', () => {
    expect(shapesOf('wipefs /dev/sdb').map((shape) => shape.operation)).toEqual(['read']);
  });
});

describe('redirections', () => {
  const exists = (path: string): boolean => path.endsWith('existing.txt');
  const context: AnalysisContext = { cwd: '/srv/app', pathExists: exists };
  it.each<Case>([
    ['echo x > existing.txt', [{ operation: 'update', kind: 'file', address: '/srv/app/existing.txt', destroysData: true, reversible: false }]],
    ['echo x > new.txt', [{ operation: 'create', kind: 'file', address: '/srv/app/new.txt', destroysData: false, reversible: true }]],
    ['echo x >| existing.txt', [{ operation: 'update', address: '/srv/app/existing.txt', destroysData: true }]],
    ['cmd &> existing.txt', [{ operation: 'update', address: '/srv/app/existing.txt', destroysData: true }]],
    ['cmd 2> existing.txt', [{ operation: 'update', address: '/srv/app/existing.txt', destroysData: true }]],
    ['cmd >& existing.txt', [{ operation: 'update', address: '/srv/app/existing.txt', destroysData: true }]],
    ['echo x >> existing.txt', [{ operation: 'update', address: '/srv/app/existing.txt', destroysData: false, reversible: true }]],
    ['{ echo a; echo b; } > existing.txt', [{ operation: 'update', address: '/srv/app/existing.txt', destroysData: true }]],
    ['while read l; do echo "$l"; done < in > existing.txt', [{ operation: 'update', address: '/srv/app/existing.txt', destroysData: true }]],
    ['echo x > /dev/sda', [{ operation: 'update', kind: 'block-device', address: '/dev/sda', environmentWide: true }]],
  ])('%j', (command, expected) => expectEffects(command, expected, context));

  it('assumes a file exists (and is overwritten) when pathExists is not given', () => {
    expectEffects('echo x > new.txt', [{ operation: 'update', address: '/srv/app/new.txt', destroysData: true }]);
  });

  it.each([
    'ls > /dev/null',
    'ls 2>/dev/null',
    'ls &>/dev/null',
    'ls > /dev/stdout',
    'ls 2> /dev/stderr',
    'ls > /dev/fd/3',
    'ls > /dev/tty',
    'ls 2>&1',
    'ls >&2',
    'cat <<EOF\nhello\nEOF',
    'cat <<< "hello"',
    'wc -l < input.txt',
  ])('%j writes no file', (command) => {
    expect(shapesOf(command).filter((shape) => shape.kind === 'file' || shape.kind === 'block-device')).toEqual([]);
  });
});

describe('moves, copies and edits', () => {
  const exists = (path: string): boolean => path.endsWith('existing.txt');
  const context: AnalysisContext = { cwd: '/srv/app', pathExists: exists };
  it.each<Case>([
    ['mv a.txt existing.txt', [{ operation: 'delete', address: '/srv/app/existing.txt', destroysData: true }, { operation: 'update', address: '/srv/app/a.txt', reversible: true }]],
    ['mv a.txt new.txt', [{ operation: 'update', address: '/srv/app/a.txt', reversible: true, destroysData: false }]],
    ['cp a.txt existing.txt', [{ operation: 'delete', address: '/srv/app/existing.txt', destroysData: true }]],
    ['cp a.txt new.txt', [{ operation: 'create', address: '/srv/app/new.txt', reversible: true }]],
    ['cp -r src/ dest/', [{ operation: 'create', address: '/srv/app/dest/src' }]],
    ['tee existing.txt', [{ operation: 'update', address: '/srv/app/existing.txt', destroysData: true }]],
    ['tee -a existing.txt', [{ operation: 'update', address: '/srv/app/existing.txt', destroysData: false, reversible: true }]],
    // Rewritten in place without a backup: the old content cannot be restored.
    ["sed -i 's/a/b/' conf.ini", [{ operation: 'update', address: '/srv/app/conf.ini', reversible: false, destroysData: false }]],
    ["sed -i.bak -e 's/a/b/' conf.ini", [{ operation: 'update', address: '/srv/app/conf.ini', reversible: true }]],
    ["perl -pi -e 's/a/b/' conf.ini", [{ operation: 'update', address: '/srv/app/conf.ini', reversible: false }]],
    ["perl -pi.orig -e 's/a/b/' conf.ini", [{ operation: 'update', address: '/srv/app/conf.ini', reversible: true }]],
    ['ln -sf target link', [{ operation: 'update', address: '/srv/app/link' }]],
    ['ln -s target link', [{ operation: 'create', address: '/srv/app/link' }]],
    ['chmod 600 key.pem', [{ operation: 'update', address: '/srv/app/key.pem', reversible: true }]],
    ['chmod -R g+w shared', [{ operation: 'update', address: '/srv/app/shared', reversible: true }]],
    ['chown app:app data', [{ operation: 'update', address: '/srv/app/data', reversible: true }]],
    ['chown -R nobody /', [{ operation: 'update', address: '/', environmentWide: true }]],
    ['mkdir -p logs/old', [{ operation: 'create', address: '/srv/app/logs/old' }]],
    ['touch new.txt', [{ operation: 'create', address: '/srv/app/new.txt' }]],
    ['touch existing.txt', [{ operation: 'update', address: '/srv/app/existing.txt', reversible: true }]],
    ['rsync -a --delete src/ /backup/', [{ operation: 'delete', address: '/backup', destroysData: true }]],
  ])('%j', (command, expected) => expectEffects(command, expected, context));

  it('does not overwrite with -n', () => {
    expect(shapesOf('cp -n a.txt existing.txt', context).map((shape) => shape.operation)).toEqual(['create']);
  });
});

describe('in-place edits by sed and perl', () => {
  const edit = (reversible: boolean, address = '/etc/fstab') => [{ operation: 'update', kind: 'file', address, reversible, destroysData: false, environmentWide: false }];

  it.each([
    'sed -i d /etc/fstab',
    "sed -i '/./d' /etc/fstab",
    'sed --in-place d /etc/fstab',
    'sed --in-pl d /etc/fstab',
    "sed -i -e '1d' /etc/fstab",
    "sed -ni 'p' /etc/fstab",
    "sed -Ei 's/a/b/' /etc/fstab",
    "sed -i '' d /etc/fstab",
    'sed --in-place= d /etc/fstab',
    "perl -i -pe 's/.*//' /etc/fstab",
    "perl -pi -e 's/.*//' /etc/fstab",
    "perl -ni -e 'print if /x/' /etc/fstab",
  ])('%j rewrites the file with no backup: irreversible', (command) => {
    expect(shapesOf(command)).toEqual(edit(false));
    expect(analyzeCommand(command).effects[0]!.summary).toMatch(/without a backup/);
  });

  it.each([
    'sed -i.bak d /etc/fstab',
    "sed -i.bak -e '1d' /etc/fstab",
    'sed --in-place=.orig d /etc/fstab',
    'sed -i .bak d /etc/fstab',
    "sed -ie 's/a/b/' /etc/fstab",
    "perl -i.bak -pe 's/.*//' /etc/fstab",
    "perl -pi.bak -e 's/.*//' /etc/fstab",
  ])('%j keeps a backup: reversible', (command) => {
    expect(shapesOf(command)).toEqual(edit(true));
    expect(analyzeCommand(command).effects[0]!.summary).toMatch(/keeping the old content as a backup/);
  });

  it('a BSD suffix argument is neither the script nor a file', () => {
    expect(shapesOf("sed -i '' -e 's/a/b/' a.conf b.conf").map((s) => s.address)).toEqual(['/srv/app/a.conf', '/srv/app/b.conf']);
  });

  it('sed without -i only reads', () => {
    expect(shapesOf("sed 's/a/b/' /etc/fstab").map((s) => s.operation)).toEqual(['read']);
    expect(shapesOf("sed -n '/x/p' /etc/fstab").map((s) => s.operation)).toEqual(['read']);
  });
});
