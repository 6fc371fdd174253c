// teichaku template: what a center fills in without help, and that intake --from reads it back as
// filled — a month left blank is not a month of zeros. The fiscal year as people write it.

import './fixtures/excel/exceljsValidations';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { parseFiscalYear } from '../src/domain/fiscalYear';
import { TAB } from '../src/domain/schema';
import { XlsxWorkbook } from '../src/xlsx/xlsxWorkbook';
import { TEMPLATE_HEADER_ROW, TO_FILL } from '../src/xlsx/templates';
import { runCli, tempDir } from './fixtures/cliHarness';

jest.setTimeout(60000);

/**
 * The title and the header row are bold, and each header's column is at least as wide as its bold text
 * (full-width characters are two units of the column width, bold about 5 % wider).
 */
function expectHeadersShown(ws: ExcelJS.Worksheet): void {
  expect(ws.getCell(1, 1).font?.bold).toBe(true);
  const header = (ws.getRow(TEMPLATE_HEADER_ROW).values as unknown[]).slice(1);
  expect(header.length).toBeGreaterThan(3);
  header.forEach((h, i) => {
    const cell = ws.getCell(TEMPLATE_HEADER_ROW, i + 1);
    expect([h, cell.font?.bold]).toEqual([h, true]);
    const units = [...String(h)].reduce((n, ch) => n + (/[\x20-\x7e]/.test(ch) ? 1 : 2), 0) * 1.05;
    expect([h, (ws.getColumn(i + 1).width ?? 8.43) >= units]).toEqual([h, true]);
  });
  // Only the title and the header are bold: the instructions and the rows to fill are not.
  for (const r of [2, 3, TEMPLATE_HEADER_ROW + 1])
    expect([r, ws.getCell(r, 1).font?.bold ?? false]).toEqual([r, false]);
}

describe('--fy as people write it', () => {
  test('2025, 2025年度, 令和7年度, 令和7, R7, ｒ７ and 令和元年度', () => {
    // 令和元年 = 2019, so 令和N年度 begins in April of 2018 + N.
    for (const t of ['2025', '2025年度', '令和7年度', '令和7', 'R7', 'ｒ７', ' R7 '])
      expect([t, parseFiscalYear(t)]).toEqual([t, 2025]);
    expect(parseFiscalYear('令和元年度')).toBe(2019);
    expect(parseFiscalYear('R1')).toBe(2019);
  });
  test('what is not a fiscal year we accept', () => {
    for (const t of ['', '25', '平成30年度', '2017', 'R', '令和7年4月', '2025-04'])
      expect([t, parseFiscalYear(t)]).toEqual([t, null]);
  });
});

describe('teichaku template activity --fy 令和7年度', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  const file = tmp.file('エール.xlsx');
  let ws: ExcelJS.Worksheet;

  beforeAll(async () => {
    const r = await runCli([
      'template',
      'activity',
      file,
      '--center',
      'エール',
      '--fy',
      '令和7年度',
      '--today',
      '2024-05-01',
    ]);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    ws = wb.getWorksheet(TAB.activity)!;
  });

  test('the 12 months of FY2025 (April 2025 to March 2026) are in 対象年月, the center beside each', () => {
    const months = Array.from({ length: 12 }, (_, i) => ws.getCell(TEMPLATE_HEADER_ROW + 1 + i, 2).value);
    expect(months).toEqual([
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
    expect(ws.getCell(TEMPLATE_HEADER_ROW + 13, 2).value).toBeNull();
    expect(ws.getCell(TEMPLATE_HEADER_ROW + 1, 1).value).toBe('エール');
    expect(String(ws.getCell(1, 1).value)).toContain('令和7年度');
  });

  test('counts: whole numbers 0–9999 with a Japanese input message and error message', () => {
    const dv = (ws as unknown as { dataValidations: { model: Record<string, Record<string, unknown>> } })
      .dataValidations.model;
    const first = TEMPLATE_HEADER_ROW + 1;
    for (const col of ['C', 'D', 'E']) {
      const rule = dv[`${col}${first}:${col}${first + 199}`];
      expect(rule).toMatchObject({
        type: 'whole',
        operator: 'between',
        formulae: [0, 9999],
        showInputMessage: true,
        showErrorMessage: true,
      });
      expect(String(rule.prompt)).toMatch(/0以上の整数/);
      expect(String(rule.error)).toMatch(/整数で入力してください/);
    }
  });

  test('blank count cells of the 12 months are shaded by a rule that tests blank, not zero', () => {
    const cf = (
      ws as unknown as {
        conditionalFormattings: {
          ref: string;
          rules: { formulae: string[]; style: { fill: { bgColor: { argb: string } } } }[];
        }[];
      }
    ).conditionalFormattings;
    const first = TEMPLATE_HEADER_ROW + 1;
    const refs = cf.map((c) => c.ref);
    expect(refs).toEqual(
      expect.arrayContaining([`C${first}:C${first + 11}`, `D${first}:D${first + 11}`, `E${first}:E${first + 11}`]),
    );
    const rule = cf.find((c) => c.ref.startsWith('C'))!.rules[0];
    expect(rule.formulae[0]).toContain(`ISBLANK(C${first})`);
    expect(rule.style.fill.bgColor.argb).toBe(`FF${TO_FILL.slice(1).toUpperCase()}`);
  });

  test('every header shows whole: its column is at least as wide as its text; A4, header repeated', () => {
    expectHeadersShown(ws);
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    expect(ws.pageSetup.printTitlesRow).toBe(`1:${TEMPLATE_HEADER_ROW}`);
  });

  test('filled in part and taken by intake --from: filled months land as typed, untouched months are not 0', async () => {
    const book = await XlsxWorkbook.load(file);
    const first = TEMPLATE_HEADER_ROW + 1;
    book.writeRange(TAB.activity, first, 3, [
      [12, 2, 1],
      [0, 0, 0],
    ]); // 2025-04 and a reported zero for 2025-05
    book.writeRange(TAB.activity, first + 2, 3, [[5]]); // 2025-06: only 個別支援会議 typed
    const folder = path.join(tmp.dir, '提出');
    mkdirSync(folder);
    await book.save(path.join(folder, 'エール.xlsx'));
    const ledger = tmp.file('県.xlsx');
    expect((await runCli(['setup', ledger])).code).toBe(0);
    const r = await runCli(['intake', ledger, '--from', folder, '--json', '--today', '2025-08-01']);
    expect(r.code).toBe(0);
    const rows = (await XlsxWorkbook.load(ledger)).readSheet(TAB.activity)!;
    const taken = rows.slice(1).map((row) => row.slice(0, 5));
    expect(taken).toEqual([
      ['エール', '2025-04', 12, 2, 1],
      ['エール', '2025-05', 0, 0, 0],
      // A month begun is a report: its other blanks count 0, as the seed's tables leave zeros blank
      // (the shading showed them as unfilled until then). The 9 months not touched are not taken.
      ['エール', '2025-06', 5, 0, 0],
    ]);
  });
});

describe('teichaku template cases', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  test('instructions above the header, required cells shaded once a ケースID is typed, dates checked, A4', async () => {
    const file = tmp.file('ケース.xlsx');
    expect((await runCli(['template', 'cases', file])).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet(TAB.ledger)!;
    expect(ws.getCell(TEMPLATE_HEADER_ROW, 1).value).toBe('ケースID');
    expect(String(ws.getCell(3, 1).value)).toContain('氏名・受給者証番号は書かず');
    const cf = (ws as unknown as { conditionalFormattings: { ref: string; rules: { formulae: string[] }[] }[] })
      .conditionalFormattings;
    const first = TEMPLATE_HEADER_ROW + 1;
    // 事業所名 (B) is required: shaded when A has a ケースID and B is blank.
    expect(cf.find((c) => c.ref.startsWith(`B${first}`))!.rules[0].formulae[0]).toContain(
      `AND($A${first}<>"",ISBLANK(B${first}))`,
    );
    const dv = (ws as unknown as { dataValidations: { model: Record<string, Record<string, unknown>> } })
      .dataValidations.model;
    const dates = Object.values(dv).filter((r) => r.type === 'date');
    expect(dates.length).toBeGreaterThan(3);
    for (const d of dates) expect(d.showInputMessage).toBe(true);
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1, fitToHeight: 0 });
    expectHeadersShown(ws);
  });
});
