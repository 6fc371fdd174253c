// Column widths in Excel: a column the product creates or owns is wide enough for a date and its
// header; a width the user set stays as it was.

import ExcelJS from 'exceljs';
import { runCommand } from '../src/commands/run';
import { date } from '../src/domain/calendar';
import { TAB } from '../src/domain/schema';
import { XlsxWorkbook } from '../src/xlsx/xlsxWorkbook';

const today = date(2026, 4, 1);
const ctx = (book: XlsxWorkbook) => ({ book, today, options: {}, progress: () => undefined });

/** Excel's width (in characters of the default font) of each header, as saved. */
async function widths(book: XlsxWorkbook): Promise<Map<string, number | undefined>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await book.toBuffer()) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(TAB.ledger)!;
  const out = new Map<string, number | undefined>();
  ws.getRow(1).eachCell((cell, col) => out.set(String(cell.value), ws.getColumn(col).width));
  return out;
}

// yyyy/mm/dd is 10 characters; Excel shows ### below about 10.7 at the default font.
const DATE_CHARS = 11;

test('setup: date columns fit yyyy/mm/dd and every header fits on one line', async () => {
  const book = XlsxWorkbook.create();
  runCommand('setup', ctx(book));
  const w = await widths(book);
  for (const header of ['就職日', '利用開始日', '6月到達日（自動）', '最終利用可能日（自動）'])
    expect([header, (w.get(header) ?? 0) >= DATE_CHARS]).toEqual([header, true]);
  // A full-width character takes two characters' width.
  expect(w.get('情報共有期限（自動）')).toBeGreaterThanOrEqual(20);
});

test("a user's width is kept; an owned column still at the default width gets one", async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(TAB.ledger);
  ws.addRows([
    ['ケースID', '事業所名', '担当センター', '就職日', '6月到達日（自動）'],
    ['C1', 'A社', 'エール', new Date(Date.UTC(2024, 3, 1)), null],
  ]);
  ws.getColumn(4).width = 6; // the user's narrow 就職日
  const book = await XlsxWorkbook.fromBuffer(Buffer.from(await wb.xlsx.writeBuffer()));
  runCommand('periods', ctx(book));
  const w = await widths(book);
  expect(w.get('就職日')).toBe(6);
  expect(w.get('事業所名')).toBeUndefined(); // the user's column, at the default: not ours to widen
  expect(w.get('6月到達日（自動）')).toBeGreaterThanOrEqual(DATE_CHARS); // existed, at the default
  expect(w.get('最終利用可能日（自動）')).toBeGreaterThanOrEqual(DATE_CHARS); // added by periods
});
