// Native charts in the .xlsx: each ChartSpec becomes a DrawingML chart whose series and categories
// refer to the tab's cells (with caches holding the same values), anchored where the spec says.

import { XlsxWorkbook } from '../src/xlsx/xlsxWorkbook';
import { readZip, writeZip, type ZipEntry } from './fixtures/zip';
import { excelTableBook } from './fixtures/excelBook';
import { runCli, tempDir } from './fixtures/cliHarness';
import { readFileSync, writeFileSync } from 'node:fs';

const text = (entries: ZipEntry[], re: RegExp): string[] =>
  entries.filter((e) => re.test(e.name)).map((e) => e.data.toString('utf8'));

test('a chart refers to its data block: the header row names the series, the first column the categories', async () => {
  const book = XlsxWorkbook.create();
  book.replaceSheet("O'Neil 集計", {
    values: [['title'], [], ['月', '件数', '人数'], ['4月', 3, 30], ['5月', 5, 50]],
    charts: [
      { kind: 'line', title: '月別', data: { row: 3, col: 1, numRows: 3, numCols: 3 }, anchor: { row: 3, col: 5 } },
    ],
  });
  const entries = readZip(await book.toBuffer());
  const [chart] = text(entries, /^xl\/charts\/[^/]+\.xml$/);
  expect(chart).toContain('<c:lineChart>');
  expect(chart).toContain('<a:t>月別</a:t>');
  // Quotes in the tab name are doubled, as in an Excel formula.
  expect(chart).toContain("<c:f>'O''Neil 集計'!$B$3</c:f>");
  expect(chart).toContain("<c:f>'O''Neil 集計'!$A$4:$A$5</c:f>");
  expect(chart).toContain("<c:f>'O''Neil 集計'!$C$4:$C$5</c:f>");
  expect(chart).toMatch(/<c:numCache>.*<c:pt idx="1"><c:v>50<\/c:v><\/c:pt>/);
  const [drawing] = text(entries, /^xl\/drawings\/[^/]+\.xml$/);
  // 0-based anchor: row 3 → 2, column E → 4.
  expect(drawing).toContain('<xdr:from><xdr:col>4</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>2</xdr:row>');
});

test('a tab rebuilt without charts loses the ones it had; a new book without charts gets no drawing', async () => {
  const book = XlsxWorkbook.create();
  const chart = {
    kind: 'column' as const,
    title: 't',
    data: { row: 1, col: 1, numRows: 2, numCols: 2 },
    anchor: { row: 1, col: 4 },
  };
  book.replaceSheet('a', {
    values: [
      ['x', 'n'],
      ['p', 1],
    ],
    charts: [chart],
  });
  const reloaded = await XlsxWorkbook.fromBuffer(await book.toBuffer());
  reloaded.replaceSheet('a', {
    values: [
      ['x', 'n'],
      ['p', 2],
    ],
    charts: [],
  });
  const entries = readZip(await reloaded.toBuffer());
  expect(entries.filter((e) => /^xl\/(charts|drawings)\//.test(e.name))).toEqual([]);
  expect(entries.find((e) => e.name === '[Content_Types].xml')!.data.toString()).not.toContain('chart');
});

describe('overwriting a book with charts', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  // The package is edited, not rebuilt: a part the product does not write (here a chart sheet) is
  // written back byte for byte, so the book is saved in place and nothing is reported lost.
  test('a chart sheet is kept byte for byte, and the book is saved in place', async () => {
    const file = tmp.file('chartsheet.xlsx');
    const entries = readZip(await excelTableBook());
    entries.push({ name: 'xl/chartsheets/sheet1.xml', data: Buffer.from('<chartsheet/>') });
    writeFileSync(file, writeZip(entries));
    const r = await runCli(['validate', file]);
    expect(r.code).toBe(0);
    expect(r.stdout.join('\n') + r.stderr.join('\n')).not.toMatch(/失われ|含まれていません/);
    const after = readZip(readFileSync(file));
    expect(after.find((e) => e.name === 'xl/chartsheets/sheet1.xml')?.data.toString()).toBe('<chartsheet/>');
  });
});
