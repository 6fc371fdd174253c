// The adapter's save shares empty styles and zips with zlib, and its load unzips with zlib
// (src/xlsx/exceljsPatches.ts). Every part it writes must be exactly what
// exceljs' own save writes, and every workbook it loads exactly what exceljs' own load gives: compared
// here with exceljs' plain writeBuffer and load, on books holding every kind of cell exceljs knows.

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

/** Everything exceljs knows of a loaded workbook, as plain data. */
function modelOf(wb: ExcelJS.Workbook): unknown {
  return JSON.parse(
    JSON.stringify({
      sheets: wb.worksheets.map((ws) => ws.model),
      properties: wb.properties,
      views: wb.views,
      definedNames: (wb as unknown as { definedNames: { model: unknown } }).definedNames.model,
      media: (wb.model as unknown as { media: unknown }).media,
    }),
  );
}

async function expectSameLoad(data: Buffer): Promise<void> {
  const theirs = new ExcelJS.Workbook();
  await theirs.xlsx.load(data as unknown as ArrayBuffer);
  const ours = await XlsxWorkbook.fromBuffer(data);
  expect(modelOf(ours.workbook)).toEqual(modelOf(theirs));
}

describe("the adapter's load gives what exceljs' load gives", () => {
  test('every kind of cell, with hyperlinks, notes, merges, shared formulas and images', async () => {
    const wb = new ExcelJS.Workbook();
    everyKind(wb);
    const ws = wb.getWorksheet('種類')!;
    ws.getCell('G12').value = { text: '二つ目のリンク', hyperlink: 'https://example.com/b' };
    ws.getCell('H12').note = '二つ目のメモ';
    ws.addImage(
      wb.addImage({ buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2]), extension: 'png' } as never),
      'A14:B15',
    );
    wb.addWorksheet('別').getCell('A1').value = { formula: '種類!A1', result: 0 };
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    await expectSameLoad(data);
    // The loaded values themselves, independently of exceljs' reading.
    const back = (await XlsxWorkbook.fromBuffer(data)).readSheet('種類')!;
    expect(back[0].slice(0, 5)).toEqual([0, -12.5, 1e21, 1.5e-7, 123456789012]);
    expect(back[0][10]).toEqual(date(2024, 2, 29));
    expect(back[0][13]).toBe('リンク');
    expect(back[0][14]).toBe(1);
  });

  test('a 1904-dated book and the realistic messy ledger', async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    everyKind(wb);
    await expectSameLoad(Buffer.from(await wb.xlsx.writeBuffer()));
    const book = XlsxWorkbook.create();
    generateSampleBook(book, { cases: 200, seed: 5, today: date(2026, 4, 1), messy: true });
    await expectSameLoad(await book.toBuffer());
  });
});
