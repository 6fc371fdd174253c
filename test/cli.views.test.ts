// `teichaku case` and `teichaku todo` on the demo book saved as .xlsx: they print, take --json, and
// never write the file; usage errors exit 2 with a Japanese message.

import { readFileSync, statSync } from 'node:fs';
import { generateSampleBook } from '../src/demo/sample';
import { XlsxWorkbook } from '../src/xlsx/xlsxWorkbook';
import { looksLikeStackTrace, runCli, tempDir } from './fixtures/cliHarness';

let tmp: ReturnType<typeof tempDir>;
let file: string;
let bytes: Buffer;

beforeAll(async () => {
  tmp = tempDir();
  file = tmp.file('台帳.xlsx');
  const book = XlsxWorkbook.create();
  generateSampleBook(book, { cases: 300, seed: 20240401, today: { y: 2024, m: 6, d: 10 }, messy: true });
  await book.save(file);
  bytes = readFileSync(file);
});
afterAll(() => tmp.cleanup());

function unchanged(): void {
  expect(readFileSync(file).equals(bytes)).toBe(true);
}

test('case: the explanation of one case, in Japanese, without the name', async () => {
  const r = await runCli(['case', file, 'C00155', '--today', '2024-06-10']);
  expect(r.code).toBe(0);
  const text = r.stdout.join('\n');
  expect(text).toContain('ケースID C00155');
  expect(text).toContain('引継ぎフラグ: 共有期限超過');
  expect(text).toMatch(/6月到達日 \d{4}\/\d{2}\/\d{2} — 就職日 /);
  expect(text).toContain('[期限超過] 情報共有');
  expect(text).toContain('今月の支援: 2024年6月');
  expect(text).not.toContain('サンプル 太郎');
  unchanged();
});

test('case --json: one JSON object with the same figures', async () => {
  const r = await runCli(['case', file, 'C00155', '--today', '2024-06-10', '--json']);
  expect(r.code).toBe(0);
  expect(r.stdout).toHaveLength(1);
  const j = JSON.parse(r.stdout[0]);
  expect(j).toMatchObject({ command: 'case', caseId: 'C00155', flag: { text: '共有期限超過' } });
  expect(j.dates.map((d: { label: string }) => d.label)).toEqual([
    '起算日',
    '6月到達日',
    '利用開始可能日',
    '最終利用可能日',
    '支援終了予定日',
    '情報共有期限',
  ]);
  expect(JSON.stringify(j)).not.toContain('サンプル 太郎');
  unchanged();
});

test('todo: the month list, earliest first; --month and --json', async () => {
  const r = await runCli(['todo', file, '--today', '2024-06-10']);
  expect(r.code).toBe(0);
  const lines = r.stdout.join('\n').split('\n');
  expect(lines[0]).toMatch(/^今月のやること（2024年6月、2024\/06\/10時点）: \d+件$/);
  const dues = lines.slice(1).flatMap((l) => /^ {2}(\d{4}\/\d{2}\/\d{2}) /.exec(l)?.[1] ?? []);
  expect(dues.length).toBeGreaterThan(10);
  expect([...dues].sort()).toEqual(dues);
  const j = JSON.parse(
    (await runCli(['todo', file, '--today', '2024-06-10', '--month', '2024-05', '--json'])).stdout[0],
  );
  expect(j).toMatchObject({ command: 'todo', month: '2024-05', monthLabel: '2024年5月' });
  expect(
    j.items.some((i: { caseId: string; kind: string }) => i.caseId === 'C00155' && i.kind === 'shareOverdue'),
  ).toBe(true);
  unchanged();
});

test('usage errors exit 2 with a message, and the file is not touched', async () => {
  const before = statSync(file).mtimeMs;
  for (const argv of [
    ['case', file, 'C0155'],
    ['case', file],
    ['case', file, 'C00155', '--out', tmp.file('x.xlsx')],
    ['todo', file, '--month', '2024-13'],
  ]) {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr.join('\n')).toMatch(/[ぁ-んァ-ン一-龥]/);
    expect(looksLikeStackTrace(r.stderr)).toBe(false);
  }
  expect((await runCli(['case', file, 'C0155'])).stderr.join('')).toContain('「C00155」のことではありませんか');
  expect(statSync(file).mtimeMs).toBe(before);
  unchanged();
});

test('--help lists the views', async () => {
  const r = await runCli(['--help']);
  expect(r.stdout.join('\n')).toMatch(/ {2}case +ケースの詳細を表示/);
  expect(r.stdout.join('\n')).toMatch(/ {2}todo +今月のやること/);
});
