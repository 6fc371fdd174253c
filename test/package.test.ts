// The package as a user gets it: `npm pack`, a global install of the tarball without dev
// dependencies into a prefix nobody may write to, then `teichaku` run as an ordinary user. The book
// it validates is written by exceljs directly (not by our adapter), in a folder that user owns.

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { assertWrittenValid } from './fixtures/writtenBooks';

const ROOT = join(__dirname, '..');
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

let tmp: string;
let prefix: string;
let packed: { files: { path: string }[]; filename: string };

/** Runs the installed command as an ordinary user (nobody when the suite runs as root). */
function teichaku(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const bin = join(prefix, 'bin', 'teichaku');
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: join(tmp, 'home'), LANG: 'C.UTF-8' };
  const [cmd, argv] = isRoot
    ? ['setpriv', ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups', bin, ...args]]
    : [bin, args];
  const r = spawnSync(cmd, argv, { cwd, env, encoding: 'utf8', timeout: 30000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ownedByUser(path: string): void {
  if (isRoot) chownSync(path, NOBODY, NOBODY);
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'teichaku-pkg-'));
  chmodSync(tmp, 0o755); // the ordinary user must reach the prefix inside it
  const json = execFileSync('npm', ['pack', '--json', '--pack-destination', tmp], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // npm prints prepack's output before the JSON array.
  packed = JSON.parse(json.slice(json.indexOf('\n[') + 1))[0];
  prefix = join(tmp, 'prefix');
  execFileSync(
    'npm',
    [
      'install',
      '-g',
      join(tmp, packed.filename),
      '--omit=dev',
      '--prefix',
      prefix,
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
    ],
    { cwd: tmp, stdio: 'pipe' },
  );
  execFileSync('chmod', ['-R', 'a-w', prefix]);
  mkdirSync(join(tmp, 'home'));
  ownedByUser(join(tmp, 'home'));
}, 180000);

afterAll(() => {
  if (!tmp) return;
  if (existsSync(prefix)) execFileSync('chmod', ['-R', 'u+w', prefix]);
  rmSync(tmp, { recursive: true, force: true });
});

test('the tarball holds the launcher and the prebuilt CLI, and no sources or tests', () => {
  const files = packed.files.map((f) => f.path).sort();
  expect(files).toEqual(
    expect.arrayContaining([
      'bin/teichaku.js',
      'lib/cli.js',
      'templates/支援レポート.docx',
      'package.json',
      'README.md',
    ]),
  );
  expect(files.filter((f) => /^(src|test|bench|scripts|docs|dist)\//.test(f) || f.endsWith('.ts'))).toEqual([]);
});

test('the install holds no esbuild or TypeScript, and the prefix is read-only', () => {
  const modules = join(prefix, 'lib', 'node_modules', 'teichaku-sheets', 'node_modules');
  const installed = readdirSync(modules);
  // exceljs reads books back in the tests only; the product edits the package itself.
  expect(installed).toEqual(expect.arrayContaining(['docxtemplater', 'pizzip']));
  expect(installed).not.toContain('exceljs');
  expect(installed).not.toContain('esbuild');
  expect(installed).not.toContain('typescript');
  for (const dir of [prefix, join(prefix, 'lib', 'node_modules', 'teichaku-sheets', 'lib')]) {
    expect(statSync(dir).mode & 0o222).toBe(0);
  }
});

test('teichaku --help works for an ordinary user on a read-only install', () => {
  const r = teichaku(['--help'], tmp);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^teichaku — /);
  expect(r.stdout).toMatch(/^ {2}validate\s/m);
});

test('simultaneous launches all print the help: a launch builds and writes nothing', async () => {
  const bin = join(prefix, 'bin', 'teichaku');
  const runs = Array.from(
    { length: 8 },
    () =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(bin, ['--help'], { cwd: tmp, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
        child.on('close', (code) => resolve({ code, out }));
      }),
  );
  for (const r of await Promise.all(runs)) {
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ {2}validate\s/m);
  }
});

test('teichaku validate checks a book the user owns, writes the results tab, exits 0', async () => {
  const work = join(tmp, 'work');
  mkdirSync(work);
  ownedByUser(work);
  const book = join(work, '台帳.xlsx');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('ケース台帳');
  ws.addRow(['ケースID', '氏名', '事業所名', '担当センター', '就職日', '利用開始日', '利用終了日', '終了理由']);
  ws.addRow(['A', '氏名A', '事業所1', 'あかね園', '2021/01/10', null, null, null]);
  ws.addRow(['G', '氏名G', '事業所3', 'エール', '2023/2/30', null, null, null]); // no 30 February
  await wb.xlsx.writeFile(book);
  ownedByUser(book);
  const input = readFileSync(book);

  const r = teichaku(['validate', '台帳.xlsx', '--today', '2024-06-15'], work);
  expect(r.code).toBe(0);
  assertWrittenValid(book, { input });
  expect(r.stdout).toMatch(/エラー1件/);
  expect(r.stderr).toContain('保存しました');
  expect(r.stderr).not.toMatch(/\n\s+at |Error:/);

  const back = new ExcelJS.Workbook();
  await back.xlsx.readFile(book);
  const results = back.getWorksheet('検証結果');
  expect(results).toBeDefined();
  const text: string[] = [];
  results!.eachRow((row) => text.push(JSON.stringify(row.values)));
  expect(text.join('\n')).toContain('G');
  expect(text.join('\n')).toMatch(/就職日/);
});

test('a missing book is reported in Japanese with exit 2, not a stack trace', () => {
  const r = teichaku(['validate', 'ない.xlsx'], join(tmp, 'home'));
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/見つかりません/);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});

test('teichaku report drafts from the shipped template on a read-only install', async () => {
  const work = join(tmp, 'report');
  mkdirSync(work);
  ownedByUser(work);
  const book = join(work, '台帳.xlsx');
  const wb = new ExcelJS.Workbook();
  const ledger = wb.addWorksheet('ケース台帳');
  ledger.addRow(['ケースID', '氏名', '事業所名', '担当センター', '就職日', '利用開始日', '利用終了日', '担当者']);
  // hired 2025-04-01: the 6-month point is 2025-09-30, so the service may run from 2025-10-01: in service in 2026-10
  ledger.addRow(['C-001', '山田 花子', '定着支援みなと', 'あかね園', '2025/04/01', null, null, '佐藤']);
  const contacts = wb.addWorksheet('支援記録');
  contacts.addRow(['ケースID', '日付', '相手', '方法', '支援レポート共有', '内容']);
  contacts.addRow(['C-001', '2026/10/20', '企業', '職場訪問', null, '上司と面談。作業手順書を追加']);
  await wb.xlsx.writeFile(book);
  ownedByUser(book);

  const r = teichaku(['report', '台帳.xlsx', '--month', '2026-10', '--today', '2026-11-02'], work);
  expect(r.stderr).not.toMatch(/\n\s+at |Error:|予期しない/);
  expect(r.code).toBe(0);
  const drafts = readdirSync(join(work, '支援レポート_2026-10'));
  expect(drafts).toEqual(['支援レポート_C-001_2026-10.docx']);
});
