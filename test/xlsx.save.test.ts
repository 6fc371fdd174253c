// Saving keeps the file's nature: its mode and owner, a symbolic link, a read-only mark; a book open in
// Excel or LibreOffice, another run on the same book, or a change made since the read are refused in
// Japanese with the file untouched; an interrupted save leaves nothing that blocks the next run.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { main, type CliIo } from '../src/cli';
import { diskWrites, readWithStamp, saveAtomically } from '../src/xlsx/safeFile';
import { XlsxWorkbook } from '../src/xlsx/xlsxWorkbook';
import { looksLikeStackTrace, runCli, tempDir } from './fixtures/cliHarness';
import { assertWrittenValid } from './fixtures/writtenBooks';

const TODAY = ['--today', '2026-04-01'];

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => {
  for (const f of fs.readdirSync(tmp.dir)) fs.chmodSync(path.join(tmp.dir, f), 0o644);
  tmp.cleanup();
});

function sha(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

async function ledger(name = '台帳.xlsx'): Promise<string> {
  const file = tmp.file(name);
  const r = await runCli(['setup', file, ...TODAY]);
  expect(r.code).toBe(0);
  return file;
}

async function tabs(file: string): Promise<string[]> {
  return (await XlsxWorkbook.load(file)).sheetNames();
}

/** Files beside the book that are neither the book nor listed. */
function leftovers(except: string[]): string[] {
  return fs.readdirSync(tmp.dir).filter((f) => !except.includes(f));
}

const isRoot = process.getuid?.() === 0;

describe('the saved file keeps its nature', () => {
  test('a chmod 600 ledger stays 600 (and keeps its owner)', async () => {
    const file = await ledger();
    fs.chmodSync(file, 0o600);
    if (isRoot) fs.chownSync(file, 4321, 4322);
    const before = sha(file);
    const r = await runCli(['monthly', file, '--month', '2026-03', ...TODAY]);
    expect(r.code).toBe(0);
    expect(sha(file)).not.toBe(before);
    const st = fs.statSync(file);
    expect(st.mode & 0o777).toBe(0o600);
    if (isRoot) expect([st.uid, st.gid]).toEqual([4321, 4322]);
    expect(leftovers(['台帳.xlsx'])).toEqual([]);
  });

  test('a symlinked ledger: the target is updated, the link stays a link', async () => {
    const real = await ledger('本体.xlsx');
    fs.mkdirSync(tmp.file('links'));
    const link = tmp.file('links/台帳.xlsx');
    fs.symlinkSync(real, link);
    const r = await runCli(['monthly', link, '--month', '2026-03', ...TODAY]);
    expect(r.code).toBe(0);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(link)).toBe(real);
    expect(await tabs(real)).toContain('月次集計_2026-03');
    expect(fs.readdirSync(tmp.file('links'))).toEqual(['台帳.xlsx']);
  });

  test('a read-only (444) ledger is refused in Japanese and left as it was', async () => {
    const file = await ledger();
    fs.chmodSync(file, 0o444);
    const before = sha(file);
    const r = await runCli(['monthly', file, '--month', '2026-03', ...TODAY]);
    expect(r.code).toBe(2);
    expect(r.stderr.join('\n')).toMatch(/読み取り専用.*上書きしません.*--out/);
    expect(looksLikeStackTrace(r.stderr)).toBe(false);
    expect(sha(file)).toBe(before);
    expect(fs.statSync(file).mode & 0o777).toBe(0o444);
    // --out to another file still works: the read-only original is only read.
    const out = tmp.file('結果.xlsx');
    expect((await runCli(['monthly', file, '--month', '2026-03', '--out', out, ...TODAY])).code).toBe(0);
    expect(await tabs(out)).toContain('月次集計_2026-03');
  });
});

describe('a book open in another program is not overwritten', () => {
  test.each([
    ['Excel', (name: string) => `~$${name}`],
    ['LibreOffice', (name: string) => `.~lock.${name}#`],
  ])('%s lock file beside the book: refused, saying which program and what to do', async (program, lockName) => {
    const file = await ledger();
    const lock = tmp.file(lockName('台帳.xlsx'));
    fs.writeFileSync(lock, 'someone,host,2026-04-01;');
    const before = sha(file);
    const r = await runCli(['monthly', file, '--month', '2026-03', ...TODAY]);
    expect(r.code).toBe(2);
    const text = r.stderr.join('\n');
    expect(text).toContain(`${program} で開かれているため保存しません`);
    expect(text).toContain(`${program} でこのファイルを閉じてから、もう一度実行してください`);
    expect(text).toContain(path.basename(lock));
    expect(sha(file)).toBe(before);
    fs.rmSync(lock);
    expect((await runCli(['monthly', file, '--month', '2026-03', ...TODAY])).code).toBe(0);
  });
});

describe('one run at a time per book', () => {
  test('a lock of a live teichaku run is refused; one whose process is gone is taken over', async () => {
    const file = await ledger();
    const lock = tmp.file('.台帳.xlsx.teichaku-lock');
    // The parent of this test process is alive: its lock is respected.
    fs.writeFileSync(lock, `${process.ppid}\n${hostname()}\n`);
    const r = await runCli(['monthly', file, '--month', '2026-03', ...TODAY]);
    expect(r.code).toBe(2);
    expect(r.stderr.join('\n')).toMatch(/別の teichaku（プロセス \d+）が処理中です/);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    fs.writeFileSync(lock, `${dead}\n${hostname()}\n`);
    expect((await runCli(['monthly', file, '--month', '2026-03', ...TODAY])).code).toBe(0);
    expect(fs.existsSync(lock)).toBe(false);
  });

  test('two CLI processes on one book, 10 times: never both succeed with one update lost', async () => {
    const file = await ledger();
    const bundle = tmp.file('cli.js');
    esbuild.buildSync({
      entryPoints: [path.resolve(__dirname, '../src/cli.ts')],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      packages: 'external',
      logLevel: 'error',
    });
    const env = { ...process.env, NODE_PATH: path.resolve(__dirname, '../node_modules') };
    const run = (month: string): Promise<{ code: number; stderr: string }> =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [bundle, 'monthly', file, '--month', month, ...TODAY], { env });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
      });
    for (let i = 1; i <= 10; i++) {
      const months = [`2025-${String(i).padStart(2, '0')}`, `2024-${String(i).padStart(2, '0')}`];
      const results = await Promise.all(months.map(run));
      const names = await tabs(file);
      expect(results.some((r) => r.code === 0)).toBe(true);
      results.forEach((r, k) => {
        if (r.code === 0) expect(names).toContain(`月次集計_${months[k]}`);
        else {
          expect(r.code).toBe(2);
          expect(r.stderr).toMatch(/別の teichaku（プロセス \d+）が処理中です/);
          expect(names).not.toContain(`月次集計_${months[k]}`);
        }
      });
    }
    // Every run that said it saved is in the book; no lock or temp is left behind.
    assertWrittenValid(file);
    expect(leftovers(['台帳.xlsx', 'cli.js'])).toEqual([]);
  }, 180000);
});

describe('an interrupted save leaves nothing behind that matters', () => {
  test('temps of an earlier interrupted save are removed on the next run; other files stay', async () => {
    const file = await ledger();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const ours = [`.台帳.xlsx.teichaku-save.${dead}.0a1b2c3d.tmp`, `.台帳.xlsx.${dead}.tmp`];
    for (const name of ours) fs.writeFileSync(tmp.file(name), fs.readFileSync(file));
    fs.writeFileSync(tmp.file('.台帳.xlsx.memo.tmp'), 'not ours');
    fs.writeFileSync(tmp.file(`.別の台帳.xlsx.${dead}.tmp`), 'another book');
    expect((await runCli(['monthly', file, '--month', '2026-03', ...TODAY])).code).toBe(0);
    expect(leftovers(['台帳.xlsx']).sort()).toEqual(['.台帳.xlsx.memo.tmp', `.別の台帳.xlsx.${dead}.tmp`].sort());
  });

  test('a file changed since it was read is not overwritten; the message says what to do', async () => {
    const file = await ledger();
    const edited = Buffer.from(fs.readFileSync(file));
    const stderr: string[] = [];
    const io: CliIo = {
      stdout: () => undefined,
      stderr: (t) => {
        stderr.push(t);
        // Someone saves the book in Excel while teichaku works on it.
        if (t.includes('を処理しています')) {
          fs.writeFileSync(file, edited);
          fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
        }
      },
      now: () => Date.UTC(2026, 3, 1, 3),
    };
    const code = await main(['monthly', file, '--month', '2026-03'], io);
    expect(code).toBe(2);
    expect(stderr.join('\n')).toMatch(/読み込んだ後に変更されたため、上書きしません.*もう一度実行してください/);
    expect(fs.readFileSync(file).equals(edited)).toBe(true);
    expect(leftovers(['台帳.xlsx'])).toEqual([]);
  });

  test('same size and time but other bytes still count as changed (the hash)', () => {
    const file = tmp.file('a.xlsx');
    fs.writeFileSync(file, 'AAAA');
    const { stamp } = readWithStamp(file);
    const st = fs.statSync(file);
    fs.writeFileSync(file, 'BBBB');
    fs.utimesSync(file, st.atime, st.mtime);
    expect(() => saveAtomically(file, Buffer.from('CCCC'), { expect: stamp })).toThrow(/変更されたため/);
    expect(fs.readFileSync(file, 'utf8')).toBe('BBBB');
  });

  test('template on a full disk: no file left behind, Japanese message, and the rerun works', async () => {
    const out = tmp.file('活動報告.xlsx');
    const write = diskWrites.write;
    diskWrites.write = (fd, data) => {
      fs.writeSync(fd, data, 0, Math.min(8192, data.length));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    let r;
    try {
      r = await runCli(['template', 'activity', out, ...TODAY]);
    } finally {
      diskWrites.write = write;
    }
    expect(r.code).toBe(2);
    expect(r.stderr.join('\n')).toMatch(/空き容量が足りません/);
    expect(r.stderr.join('\n')).not.toMatch(/ENOSPC|no space/);
    expect(fs.readdirSync(tmp.dir)).toEqual([]);
    const again = await runCli(['template', 'activity', out, ...TODAY]);
    expect(again.code).toBe(0);
    expect((await XlsxWorkbook.load(out)).sheetNames().length).toBeGreaterThan(0);
  });

  test('a ledger save on a full disk keeps the original byte for byte', async () => {
    const file = await ledger();
    const before = sha(file);
    const write = diskWrites.write;
    diskWrites.write = () => {
      throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
    };
    try {
      const r = await runCli(['monthly', file, '--month', '2026-03', ...TODAY]);
      expect(r.code).toBe(2);
      expect(r.stderr.join('\n')).toMatch(/空き容量が足りません。元のファイルは変更していません/);
    } finally {
      diskWrites.write = write;
    }
    expect(sha(file)).toBe(before);
    expect(leftovers(['台帳.xlsx'])).toEqual([]);
  });

  test('template never replaces a file that exists', async () => {
    const out = tmp.file('提出.xlsx');
    fs.writeFileSync(out, 'filled in');
    expect((await runCli(['template', 'activity', out, ...TODAY])).code).toBe(2);
    expect(fs.readFileSync(out, 'utf8')).toBe('filled in');
    expect(() => saveAtomically(out, Buffer.from('x'), { createOnly: true })).toThrow(/すでにあります/);
  });
});
