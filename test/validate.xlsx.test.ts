// The corpus in a real .xlsx file, as a user would keep it in Excel (title row, own column, number
// formats, fills, fonts, notes and an own conditional rule). After `validate` through the xlsx adapter
// and a save, every user cell is identical (checksum read back with exceljs itself), the problems
// are those of the in-memory run, and a second run changes nothing.
import { createHash } from 'crypto';
import ExcelJS from 'exceljs';
import { runValidate } from '../src/commands/validate';
import { isCalendarDate } from '../src/domain/calendar';
import { LEDGER_COLUMNS, TAB } from '../src/domain/schema';
import { XlsxWorkbook } from '../src/xlsx/xlsxWorkbook';
import type { Cell } from '../src/workbook/port';
import { buildRows, corpus, today } from './validateCorpus';

const USER_HEADER = [...LEDGER_COLUMNS.map((c) => c.header), '自分用メモ'];
const WIDTH = USER_HEADER.length;
const TITLE_ROWS = 1;

/** Entries exceljs can store (NaN has no xlsx form). */
const entries = corpus
  .map((e, i) => ({ e, row: buildRows()[i] }))
  .filter(({ row }) => !row.some((c) => typeof c === 'number' && Number.isNaN(c)));

function toExcel(c: Cell): ExcelJS.CellValue {
  if (isCalendarDate(c)) return new Date(Date.UTC(c.y, c.m - 1, c.d));
  return c;
}

async function userFile(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(TAB.ledger);
  ws.addRow(['ケース台帳（Excel で管理）']);
  ws.addRow(USER_HEADER);
  ws.getRow(2).font = { bold: true };
  entries.forEach(({ row }, i) => ws.addRow([...row.map(toExcel), i % 4 === 0 ? `メモ${i}` : null]));
  // the user's own formatting on their cells
  for (let r = 3; r < 3 + entries.length; r += 5) {
    ws.getCell(r, 11).numFmt = 'yyyy"年"m"月"d"日"';
    ws.getCell(r, 3).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF00FF00' } };
    ws.getCell(r, 1).note = '利用者のメモ';
    ws.getCell(r, 2).font = { italic: true, color: { argb: 'FF0000FF' } };
  }
  ws.addConditionalFormatting({
    ref: `A3:A${2 + entries.length}`,
    rules: [{ type: 'expression', priority: 1, formulae: ['LEN($A3)>5'], style: { font: { bold: true } } }],
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Checksum of the user area (values, formats, fills, fonts, notes) read with exceljs directly. */
async function userChecksum(data: Buffer): Promise<{ sum: string; userRules: string }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(TAB.ledger)!;
  const cells: unknown[] = [];
  for (let r = 1; r <= 2 + entries.length; r++) {
    for (let c = 1; c <= WIDTH; c++) {
      const cell = ws.getCell(r, c);
      cells.push([r, c, cell.value, cell.numFmt ?? null, cell.fill ?? null, cell.font ?? null, cell.note ?? null]);
    }
  }
  const internals = ws as unknown as { conditionalFormattings: { ref: string; rules: { formulae?: unknown[] }[] }[] };
  const userRules = JSON.stringify(
    internals.conditionalFormattings.filter((f) => f.rules.some((r) => String(r.formulae?.[0]).includes('LEN($A3)'))),
  );
  return { sum: createHash('sha256').update(JSON.stringify(cells)).digest('hex'), userRules };
}

async function run(
  data: Buffer,
): Promise<{ data: Buffer; problems: { row: number; column: string; severity: string }[] }> {
  const book = await XlsxWorkbook.fromBuffer(data);
  const result = runValidate({ book, today, options: {}, progress: () => undefined });
  const problems = (result.details as { problems: { row: number; column: string; severity: string }[] }).problems;
  return { data: await book.toBuffer(), problems };
}

test('validate on an .xlsx changes no user cell, format, note or rule, and reports the corpus problems', async () => {
  const original = await userFile();
  const before = await userChecksum(original);
  expect(before.userRules).not.toBe('[]');

  const first = await run(original);
  expect(await userChecksum(first.data)).toEqual(before);

  // Same problems as the corpus expects, row by row.
  const mismatches: string[] = [];
  entries.forEach(({ e }, i) => {
    const row = TITLE_ROWS + 2 + i;
    const got = first.problems.filter((p) => p.row === row).map((p) => [p.column, p.severity]);
    if (JSON.stringify(got) !== JSON.stringify(e.expect)) mismatches.push(`${e.what}: ${JSON.stringify(got)}`);
  });
  expect(mismatches).toEqual([]);

  // A second run on the saved file changes nothing.
  const second = await run(first.data);
  expect(await userChecksum(second.data)).toEqual(before);
  const values = async (d: Buffer) => {
    const b = await XlsxWorkbook.fromBuffer(d);
    return JSON.stringify(b.sheetNames().map((n) => [n, b.readSheet(n)]));
  };
  expect(await values(second.data)).toBe(await values(first.data));
});
