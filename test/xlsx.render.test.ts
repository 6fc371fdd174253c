// The adapter's save renders common cells itself and zips with zlib (src/xlsx/exceljsPatches.ts). Every
// part it writes must be exactly what exceljs' own save writes for the same workbook: compared here part
// by part with exceljs' plain writeBuffer, on books holding every kind of cell exceljs knows.

import ExcelJS from 'exceljs';
import { date } from '../src/domain/calendar';
import { generateSampleBook } from '../src/demo/sample';
import { XlsxWorkbook } from '../src/xlsx/xlsxWorkbook';
import { readZip } from './fixtures/zip';

async function expectSameParts(book: XlsxWorkbook): Promise<void> {
  const ours = readZip(await book.toBuffer());
  const theirs = readZip(Buffer.from(await book.workbook.xlsx.writeBuffer())).filter((e) => !e.name.endsWith('/'));
  expect(ours.map((e) => e.name)).toEqual(theirs.map((e) => e.name));
  for (const part of ours) {
    if (part.name === 'docProps/core.xml') continue; // the save time
    const other = theirs.find((e) => e.name === part.name)!;
    expect([part.name, part.data.toString('utf8')]).toEqual([part.name, other.data.toString('utf8')]);
  }
}

/** One sheet with every kind of cell value exceljs has, styled and unstyled. */
function everyKind(wb: ExcelJS.Workbook): void {
  const ws = wb.addWorksheet('種類');
  const values: ExcelJS.CellValue[] = [
    0,
    -12.5,
    1e21,
    1.5e-7,
    123456789012,
    'テキスト <&> "引用" \'',
    '',
    '=文字列のまま',
    true,
    false,
    new Date(Date.UTC(2024, 1, 29)),
    new Date(Date.UTC(2024, 1, 29, 13, 45)),
    { richText: [{ text: '太字', font: { bold: true } }, { text: 'と普通' }] },
    { text: 'リンク', hyperlink: 'https://example.com/?a=1&b=2' },
    { formula: 'A1+1', result: 1 },
    { formula: 'B1&"x"', result: 'x' },
    { formula: 'TRUE()', result: true },
    { formula: '1/0', result: { error: '#DIV/0!' } },
    { formula: 'TODAY()', result: new Date(Date.UTC(2025, 0, 1)) },
    { formula: 'NOW()' },
    { error: '#N/A' },
    null,
  ];
  values.forEach((v, i) => {
    ws.getCell(1, i + 1).value = v;
    const styled = ws.getCell(2, i + 1);
    styled.value = v;
    styled.numFmt = i % 2 ? '0.00' : 'yyyy/mm/dd';
    styled.font = { italic: true };
  });
  ws.getCell('A4').numFmt = '@'; // empty but styled
  ws.getCell('B4').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
  ws.getCell('C5').value = 7;
  ws.getCell('C5').note = 'メモ';
  ws.mergeCells('D5:F6');
  ws.getCell('D5').value = '結合';
  // A shared formula: master and a clone.
  ws.getCell('A8').value = { formula: 'A1*2', result: 0, shareType: 'shared', ref: 'A8:B8' } as ExcelJS.CellValue;
  ws.getCell('B8').value = { sharedFormula: 'A8', result: -25 } as ExcelJS.CellValue;
  ws.getRow(9).height = 30;
  ws.getRow(10).hidden = true;
  ws.getCell('A10').value = 'hidden row';
}

describe("the adapter's save writes what exceljs writes", () => {
  test('every kind of cell, in a new book', async () => {
    const book = XlsxWorkbook.create();
    everyKind(book.workbook);
    book.createSheet('空');
    await expectSameParts(book);
  });

  test('every kind of cell, in a book loaded from a file (shared styles, shared strings)', async () => {
    const wb = new ExcelJS.Workbook();
    everyKind(wb);
    const book = await XlsxWorkbook.fromBuffer(Buffer.from(await wb.xlsx.writeBuffer()));
    await expectSameParts(book);
  });

  test('a 1904-dated book', async () => {
    const book = XlsxWorkbook.create();
    book.workbook.properties.date1904 = true;
    everyKind(book.workbook);
    await expectSameParts(book);
    const again = await XlsxWorkbook.fromBuffer(await book.toBuffer());
    expect(again.readSheet('種類')![0][10]).toEqual(date(2024, 2, 29));
  });

  test('a realistic messy ledger with the adapter’s own writes, before and after a reload', async () => {
    const book = XlsxWorkbook.create();
    generateSampleBook(book, { cases: 300, seed: 3, today: date(2026, 4, 1), messy: true });
    book.writeRange('ケース台帳', 3, 2, [['#ff0000']], { backgrounds: [['#ffcccc']], notes: [['注記']] });
    await expectSameParts(book);
    await expectSameParts(await XlsxWorkbook.fromBuffer(await book.toBuffer()));
  });
});
