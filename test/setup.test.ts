// `teichaku setup` on .xlsx files: a new book, running it twice, and an existing office ledger
// with a title row and the office's own columns (only the owned columns may be added).

import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { runCli, tempDir } from './fixtures/cliHarness';
import { XlsxWorkbook } from '../src/xlsx/xlsxWorkbook';
import { SEED_CENTER_ORDER } from './fixtures/seed-tables';
import './fixtures/excel/exceljsValidations';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.cleanup());

// Names from domain.md §4, spelled out here rather than taken from the code.
const OWNED = [
  '6月到達日（自動）',
  '利用開始可能日（自動）',
  '最終利用可能日（自動）',
  '支援終了予定日（自動）',
  '情報共有期限（自動）',
  '残日数（自動）',
  '引継ぎフラグ（自動）',
  '検証結果（自動）',
];
// domain.md §4: the 16 centers in seed 000's order (typed from the seed text in seed-tables.ts).
const CENTERS = SEED_CENTER_ORDER;

async function rawLoad(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** Everything a user could see or rely on: values, formats, fonts, fills, notes, validations, rules, views, widths. */
async function dump(file: string): Promise<string> {
  const wb = await rawLoad(file);
  const out = wb.worksheets.map((ws) => {
    const cells: unknown[] = [];
    ws.eachRow({ includeEmpty: true }, (row) =>
      row.eachCell({ includeEmpty: true }, (c) =>
        cells.push([c.address, c.value, c.numFmt ?? null, c.font ?? null, c.fill ?? null, c.note ?? null]),
      ),
    );
    const internals = ws as unknown as { dataValidations: { model: unknown }; conditionalFormattings: unknown };
    return {
      name: ws.name,
      cells,
      validations: internals.dataValidations.model,
      rules: internals.conditionalFormattings,
      views: ws.views,
      widths: (ws.columns ?? []).map((c) => c.width ?? null),
    };
  });
  return JSON.stringify(out);
}

test('setup creates a complete new book', async () => {
  const file = tmp.file('台帳.xlsx');
  expect((await runCli(['setup', file])).code).toBe(0);
  const wb = await rawLoad(file);
  expect(wb.worksheets.map((w) => w.name)).toEqual(['ケース台帳', '設定', '支援記録', '離職・再就職', '就労確認']);

  const ledger = wb.getWorksheet('ケース台帳')!;
  const header = (ledger.getRow(1).values as unknown[]).slice(1);
  expect(header[0]).toBe('ケースID');
  expect(header).toHaveLength(27 + 8);
  expect(header.slice(-8)).toEqual(OWNED);
  for (const h of [
    '受給者証番号',
    '担当センター',
    '就職日',
    '要継続支援',
    '情報共有日',
    '情報共有先',
    '引継ぎ状況',
    '備考',
  ]) {
    expect(header).toContain(h);
  }
  expect(ledger.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  const col = (h: string) => header.indexOf(h) + 1;
  expect(ledger.getRow(2).getCell(col('就職日')).numFmt).toBe('yyyy/mm/dd');
  expect(ledger.getRow(1000).getCell(col('情報共有日')).numFmt).toBe('yyyy/mm/dd');

  // The dropdown of 引継ぎ状況 offers domain.md's values and only warns on others.
  const xml = JSON.stringify((ledger as unknown as { dataValidations: { model: unknown } }).dataValidations.model);
  expect(xml).toContain('\\"未着手,調整中,済,不要\\"');
  expect(xml).toContain('"errorStyle":"warning"');

  // 設定 lists the 16 centers of seed 000, in order.
  const settings = await XlsxWorkbook.load(file);
  const rows = settings.readSheet('設定')!;
  const start = rows.findIndex((r) => r.includes('センター名'));
  const nameCol = rows[start].indexOf('センター名');
  expect(rows.slice(start + 1, start + 17).map((r) => r[nameCol])).toEqual(CENTERS);

  const contacts = settings.readSheet('支援記録')!;
  expect(contacts[0]).toEqual(['ケースID', '日付', '相手', '方法', '支援レポート共有', '内容']);

  // 離職・再就職: one row per job change, its 理由 from a dropdown of the four reasons, dates formatted.
  const jobs = wb.getWorksheet('離職・再就職')!;
  expect((jobs.getRow(1).values as unknown[]).slice(1)).toEqual(['ケースID', '離職日', '再就職日', '理由']);
  expect(jobs.getRow(2).getCell(2).numFmt).toBe('yyyy/mm/dd');
  expect(jobs.getRow(1000).getCell(3).numFmt).toBe('yyyy/mm/dd');
  const jobXml = JSON.stringify((jobs as unknown as { dataValidations: { model: unknown } }).dataValidations.model);
  expect(jobXml).toContain('\\"転職（労働条件の改善）,解雇・雇止め,自己都合,その他\\"');
  expect(jobs.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  // 就労確認: 確認日 a date, 就労状況 就労中/離職.
  const checks = wb.getWorksheet('就労確認')!;
  expect((checks.getRow(1).values as unknown[]).slice(1)).toEqual(['ケースID', '確認日', '就労状況', '確認方法']);
  expect(checks.getRow(2).getCell(2).numFmt).toBe('yyyy/mm/dd');
  const checkXml = JSON.stringify((checks as unknown as { dataValidations: { model: unknown } }).dataValidations.model);
  expect(checkXml).toContain('\\"就労中,離職\\"');
});

test('setup twice gives the same book, and says the second time that nothing changed', async () => {
  const file = tmp.file('台帳.xlsx');
  await runCli(['setup', file]);
  const first = await dump(file);
  const again = await runCli(['setup', file]);
  expect(again.code).toBe(0);
  expect(again.stdout[0]).toContain('変更なし');
  expect(await dump(file)).toEqual(first);
});

/** An office's own ledger: a title row, its own columns and order, styles, a note, a dropdown of its own. */
async function officeLedger(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('ケース台帳');
  ws.getCell('A1').value = '令和8年度 就労定着支援 ケース台帳';
  ws.getCell('A1').font = { bold: true, size: 16 };
  ws.getRow(3).values = ['管理番号', '氏名', '就職日', 'メモ欄', '担当センター', '事業所名', '連絡先'];
  ws.getRow(3).font = { bold: true };
  ws.getRow(4).values = [
    'C1',
    'テスト 太郎',
    new Date(Date.UTC(2024, 3, 1)),
    '要確認',
    'エール',
    'サンプル事業所',
    '内線1',
  ];
  ws.getRow(5).values = ['C2', 'サンプル 花子', 'R5.4.1', null, 'あかね園', 'サンプル事業所', null];
  ws.getCell('C4').numFmt = 'yyyy"年"m"月"d"日"';
  ws.getCell('D4').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
  ws.getCell('B4').note = '本人の希望で通称を使用';
  ws.getColumn(2).width = 18;
  (ws as unknown as { dataValidations: { add(ref: string, dv: ExcelJS.DataValidation): void } }).dataValidations.add(
    'D4:D200',
    { type: 'list', allowBlank: true, formulae: ['"要確認,済"'] },
  );
  wb.addWorksheet('メモ').getCell('A1').value = '利用者のタブ';
  await wb.xlsx.writeFile(file);
}

test('setup on an office ledger adds only the owned columns and changes no user cell', async () => {
  const file = tmp.file('office.xlsx');
  await officeLedger(file);
  const before = await rawLoad(file);
  const r = await runCli(['setup', file]);
  expect(r.code).toBe(0);
  expect(r.stdout[0]).toContain('自動計算列を8列追加');
  const after = await rawLoad(file);

  const cellsOf = (wb: ExcelJS.Workbook, sheet: string) => {
    const map = new Map<string, unknown>();
    wb.getWorksheet(sheet)!.eachRow((row) =>
      row.eachCell((c) => map.set(c.address, JSON.stringify([c.value, c.style, c.note ?? null]))),
    );
    return map;
  };
  const was = cellsOf(before, 'ケース台帳');
  const now = cellsOf(after, 'ケース台帳');
  for (const [address, state] of was) expect([address, now.get(address)]).toEqual([address, state]);
  const added = [...now.keys()].filter((a) => !was.has(a));
  expect(added).toEqual(['H3', 'I3', 'J3', 'K3', 'L3', 'M3', 'N3', 'O3']);
  expect(added.map((a) => after.getWorksheet('ケース台帳')!.getCell(a).value)).toEqual(OWNED);

  expect(cellsOf(after, 'メモ')).toEqual(cellsOf(before, 'メモ'));
  expect(after.getWorksheet('ケース台帳')!.getColumn(2).width).toBe(18);
  const dv = (after.getWorksheet('ケース台帳') as unknown as { dataValidations: { model: Record<string, unknown> } })
    .dataValidations.model;
  expect(Object.keys(dv)).toEqual(['D4:D200']);
  expect(after.worksheets.map((w) => w.name)).toEqual([
    'ケース台帳',
    'メモ',
    '設定',
    '支援記録',
    '離職・再就職',
    '就労確認',
  ]);
  expect(r.stdout.join('\n')).toContain('次の列がありません');

  // A second run changes nothing.
  const bytes = await dump(file);
  expect((await runCli(['setup', file])).code).toBe(0);
  expect(await dump(file)).toEqual(bytes);
  expect(readFileSync(file).length).toBeGreaterThan(0);
});
