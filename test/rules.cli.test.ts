// The paid rules through the CLI on .xlsx files (docs/rules.md): the examples as a user runs them.
// Expected values are worked out from the rules, not read from our output.

import { readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { generateSampleBook } from '../src/demo/sample';
import { XlsxWorkbook } from '../src/xlsx/xlsxWorkbook';
import { looksLikeStackTrace, runCli, tempDir } from './fixtures/cliHarness';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => (tmp = tempDir()));
afterAll(() => tmp.cleanup());

const HEADER = ['ケースID', '事業所名', '担当センター', '就職日', '要継続支援', '同意取得日', '情報共有日'];

async function ledgerFile(name: string, rows: unknown[][], edit?: (ws: ExcelJS.Worksheet) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('ケース台帳');
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  edit?.(ws);
  const file = tmp.file(name);
  await wb.xlsx.writeFile(file);
  return file;
}

test('late sharing: 情報共有期限 2026/06/30, shared 2026/08/15 → 共有期限超過, explained', async () => {
  const file = await ledgerFile('late.xlsx', [
    ['L1', '事業所A', 'エール', '2023/4/1', '該当', '2026/8/1', '2026/8/15'],
  ]);
  const r = await runCli(['periods', file, '--today', '2026-08-20']);
  expect(r.code).toBe(0);
  const book = await XlsxWorkbook.load(file);
  const values = book.readSheet('ケース台帳')!;
  expect(values[1][values[0].indexOf('情報共有期限（自動）')]).toEqual({ y: 2026, m: 6, d: 30 });
  expect(values[1][values[0].indexOf('引継ぎフラグ（自動）')]).toBe('共有期限超過');
  const c = await runCli(['case', file, 'L1', '--today', '2026-08-20']);
  expect(c.stdout.join('\n')).toContain('情報共有日 2026/08/15 に共有していますが、情報共有期限 2026/06/30 より後です');
});

test('consent after sharing: a warning naming 同意取得日', async () => {
  const file = await ledgerFile('consent.xlsx', [
    ['C2', '事業所A', 'エール', '2023/4/1', '該当', '2026/7/1', '2026/6/20'],
  ]);
  const r = await runCli(['validate', file, '--today', '2026-06-25', '--json']);
  expect(r.code).toBe(0);
  const problems = JSON.parse(r.stdout[0]).details.problems as { column: string; severity: string }[];
  expect(problems).toEqual([expect.objectContaining({ column: '同意取得日', severity: 'warning' })]);
});

test('todo: the office duties are blank and a case is 該当 → the 10% deduction is said', async () => {
  const file = await ledgerFile('duty.xlsx', [['D1', '事業所A', 'エール', '2024/4/1', '該当', null, null]]);
  const r = await runCli(['todo', file, '--today', '2024-06-01']);
  expect(r.code).toBe(0);
  const text = r.stdout.join('\n');
  expect(text).toContain('支援体制構築の指針（策定日）');
  expect(text).toContain('情報共有の日付にかかわらず、支援体制構築未実施減算（所定単位数の10%）');
});

describe('columns users break', () => {
  test('就職日 renamed 就職年月日: `all` exits 2 naming the nearest header, the file is not rewritten', async () => {
    const file = await ledgerFile('renamed.xlsx', [['X1', '事業所A', 'エール', '2024/4/1', null, null, null]], (ws) => {
      ws.getCell('D1').value = '就職年月日';
    });
    const bytes = readFileSync(file);
    const r = await runCli(['all', file, '--today', '2024-06-01']);
    expect(r.code).toBe(2);
    expect(r.stderr.join('\n')).toContain('「就職年月日」を「就職日」にしますか');
    expect(looksLikeStackTrace(r.stderr)).toBe(false);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  test('a duplicated header: exit 2, nothing written', async () => {
    const file = await ledgerFile(
      'dup.xlsx',
      [['X1', '事業所A', 'エール', '2024/4/1', null, null, null, '2024/5/1']],
      (ws) => {
        ws.getCell('H1').value = '就職日';
      },
    );
    const bytes = readFileSync(file);
    const r = await runCli(['validate', file, '--today', '2024-06-01']);
    expect(r.code).toBe(2);
    expect(r.stderr.join('\n')).toContain('「就職日」の列が2つあります（D列・H列）');
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  test('#REF! and an uncached =1/0 in date cells are said in words; other rows keep their （自動） values', async () => {
    const file = await ledgerFile(
      'errors.xlsx',
      [
        ['E1', '事業所A', 'エール', '2024/4/1', null, null, null],
        ['E2', '事業所A', 'エール', null, null, null, null],
        ['E3', '事業所A', 'エール', null, null, null, null],
      ],
      (ws) => {
        ws.getCell('D3').value = { formula: 'A1/0', result: { error: '#REF!' } } as ExcelJS.CellFormulaValue;
        // A formula without a cached result, as a program that never calculates writes it.
        ws.getCell('D4').value = { formula: '1/0' } as ExcelJS.CellFormulaValue;
      },
    );
    const r = await runCli(['validate', file, '--today', '2024-06-01', '--json']);
    expect(r.code).toBe(0);
    const problems = JSON.parse(r.stdout[0]).details.problems as { caseId: string; column: string; message: string }[];
    const e2 = problems.find((p) => p.caseId === 'E2')!;
    expect(e2.column).toBe('就職日');
    expect(e2.message).toContain('「#REF!」は数式のエラー値です');
    const e3 = problems.find((p) => p.caseId === 'E3')!;
    expect(e3.message).toContain('数式「=1/0」の計算結果がファイルに保存されていない');
    expect(problems.some((p) => p.message.includes('就職日が空です'))).toBe(false);
    await runCli(['periods', file, '--today', '2024-06-01']);
    const values = (await XlsxWorkbook.load(file)).readSheet('ケース台帳')!;
    expect(values[1][values[0].indexOf('最終利用可能日（自動）')]).toEqual({ y: 2027, m: 9, d: 30 });
  });
});

describe('the demo book of 2026-12-05 (npm run demo on that day)', () => {
  let file: string;
  beforeAll(async () => {
    file = tmp.file('demo.xlsx');
    const book = XlsxWorkbook.create();
    generateSampleBook(book, {
      cases: 300,
      seed: 20240401,
      today: { y: 2026, m: 12, d: 5 },
      messy: true,
      activityYears: 2,
    });
    await book.save(file);
  });

  test('今月のやること lists no handover step for a case whose 引継ぎ状況 is 済/不要', async () => {
    const r = await runCli(['todo', file, '--today', '2026-12-05', '--json']);
    expect(r.code).toBe(0);
    const items = JSON.parse(r.stdout[0]).items as { caseId: string; kind: string }[];
    const book = await XlsxWorkbook.load(file);
    const values = book.readSheet('ケース台帳')!;
    const h = values.findIndex((row) => row.includes('ケースID'));
    const idCol = values[h].indexOf('ケースID');
    const stateCol = values[h].indexOf('引継ぎ状況');
    const done = new Set(
      values
        .slice(h + 1)
        .filter((row) => row[stateCol] === '済' || row[stateCol] === '不要')
        .map((row) => String(row[idCol])),
    );
    for (const id of ['C00016', 'C00118', 'C00157', 'C00191', 'C00224']) {
      expect(done.has(id)).toBe(true);
      expect(items.filter((i) => i.caseId === id && i.kind === 'endSoon')).toEqual([]);
    }
    expect(items.filter((i) => i.kind === 'endSoon' && done.has(i.caseId))).toEqual([]);
  });

  test('no form answer is stamped after 2026-12-05, and 提出状況 counts only what came', async () => {
    const book = await XlsxWorkbook.load(file);
    const form = book.readSheet('フォームの回答 1')!;
    for (const row of form.slice(1)) {
      const m = /^(\d{4})\D(\d{1,2})\D(\d{1,2})/.exec(String(row[0]))!;
      expect(Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3])).toBeLessThanOrEqual(20261205);
    }
    const out = tmp.file('demo-status.xlsx');
    writeFileSync(out, readFileSync(file));
    const r = await runCli(['all', out, '--today', '2026-12-05', '--json']);
    expect(r.code).toBe(0);
  });
});
