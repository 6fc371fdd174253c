// The package is edited, not rebuilt: books saved by LibreOffice (converted in the test) and by Excel
// (XlsxWriter's reference files) go through the product, and what it does not own comes back byte for
// byte, in an order and with relationships the standard allows (ECMA-376 Part 1 §18.3.1.99 for the
// worksheet's element order, Part 2 for relationships and content types).

import { readFileSync, writeFileSync } from 'node:fs';
import { XlsxWorkbook } from '../src/xlsx/xlsxWorkbook';
import { runCli, tempDir } from './fixtures/cliHarness';
import { excelTableBook } from './fixtures/excelBook';
import {
  EXTERNAL_LINK_XML,
  excelFixture,
  officeBook,
  withExternalLink,
  withOddPartName,
  withStrayLastRow,
} from './fixtures/excel/books';
import { orderErrors, packageErrors, related, sheetPart, text } from './fixtures/excel/package';
import { readZip, type ZipEntry } from './fixtures/zip';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.cleanup());

async function run(book: Buffer, command = 'all'): Promise<{ before: ZipEntry[]; after: ZipEntry[] }> {
  const file = tmp.file('台帳.xlsx');
  writeFileSync(file, book);
  const r = await runCli([command, file, '--today', '2026-04-01']);
  expect([r.code, r.stderr.join('\n')]).toEqual([0, expect.stringContaining('保存しました')]);
  return { before: readZip(book), after: readZip(readFileSync(file)) };
}

/** Author of the note on `ref` in a comments part. */
function noteAuthor(xml: string, ref: string): string | undefined {
  const authors = [...xml.matchAll(/<author>([^<]*)<\/author>/g)].map((m) => m[1]);
  const id = new RegExp(`<comment ref="${ref}" authorId="(\\d+)"`).exec(xml)?.[1];
  return id === undefined ? undefined : authors[Number(id)];
}

describe('a book saved by LibreOffice, after `teichaku all`', () => {
  test('the user’s tab is byte for byte as it was: a number and formula results in date cells, a link', async () => {
    const { before, after } = await run(officeBook());
    const memo = text(before, sheetPart(before, '自分のメモ'));
    // What LibreOffice wrote (so the test holds what it claims to).
    expect(memo).toMatch(/<c r="A1" s="\d+" t="n"><v>1234567890<\/v><\/c>/);
    expect(memo).toContain('<v>#DIV/0!</v>');
    expect(memo).toMatch(/<hyperlink ref="A4" location="ケース台帳!A1"/);
    expect(text(after, sheetPart(after, '自分のメモ'))).toBe(memo);
    for (const e of after) expect([e.name, e.data.toString('utf8').includes('>NaN<')]).toEqual([e.name, false]);
  });

  test('the ledger note keeps its author and text', async () => {
    const { after } = await run(officeBook());
    const [comments] = related(after, sheetPart(after, 'ケース台帳'), 'comments');
    const xml = text(after, comments);
    expect(noteAuthor(xml, 'A2')).toBe('山田 指導員');
    expect(xml).toContain('要確認（利用者のメモ）');
  });

  test('every part the product does not own is byte for byte the same, and the package is sound', async () => {
    const { before, after } = await run(officeBook());
    const owned = new Set([
      '[Content_Types].xml',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'docProps/app.xml',
      sheetPart(before, 'ケース台帳'),
      // The ledger's notes: the product writes notes on its own columns.
      ...related(before, sheetPart(before, 'ケース台帳'), 'comments'),
      ...related(before, sheetPart(before, 'ケース台帳'), 'vmlDrawing'),
      'xl/worksheets/_rels/' + sheetPart(before, 'ケース台帳').split('/').pop() + '.rels',
    ]);
    for (const e of before.filter((x) => !owned.has(x.name))) {
      const now = after.find((x) => x.name === e.name);
      expect([e.name, now?.data.equals(e.data)]).toEqual([e.name, true]);
    }
    expect(packageErrors(after)).toEqual([]);
  });

  test('an external link and the <externalReferences> naming it are kept', async () => {
    const { after } = await run(withExternalLink(officeBook()));
    expect(text(after, 'xl/externalLinks/externalLink1.xml')).toBe(EXTERNAL_LINK_XML);
    const id = /<externalReferences><externalReference r:id="([^"]+)"\/><\/externalReferences>/.exec(
      text(after, 'xl/workbook.xml'),
    )?.[1];
    expect(id).toBeDefined();
    expect(text(after, 'xl/_rels/workbook.xml.rels')).toMatch(
      new RegExp(`Id="${id}"[^>]*Target="(/xl/)?externalLinks/externalLink1.xml"`),
    );
    expect(text(after, sheetPart(after, '自分のメモ'))).toContain('<f>[1]Sheet1!$A$1</f>');
    expect(packageErrors(after)).toEqual([]);
  });

  test('a tab stored as xl/worksheets/user1.xml is kept, byte for byte', async () => {
    const book = withOddPartName(officeBook());
    const { before, after } = await run(book);
    expect(sheetPart(before, '自分のメモ')).toBe('xl/worksheets/user1.xml');
    expect(text(after, sheetPart(after, '自分のメモ'))).toBe(text(before, 'xl/worksheets/user1.xml'));
    expect(packageErrors(after)).toEqual([]);
  });

  // A cell holding only a space is not data, to the file check that runs before loading as to the reader:
  // like a styled empty cell, it does not make the used range a million rows.
  test.each(['empty', 'space'] as const)(
    'a styled %s cell in row 1,048,576 does not make the used range a million rows',
    async (cell) => {
      const book = withStrayLastRow(officeBook(), cell);
      const loaded = await XlsxWorkbook.fromBuffer(book);
      expect(loaded.readSheet('ケース台帳')).toHaveLength(4);
      const started = Date.now();
      const { after } = await run(book, 'validate');
      expect(Date.now() - started).toBeLessThan(20_000);
      const ledger = text(after, sheetPart(after, 'ケース台帳'));
      expect([...ledger.matchAll(/<row /g)].length).toBeLessThan(20);
      expect(ledger.length).toBeLessThan(200_000);
    },
  );
});

describe('an Excel Table ledger with a note (exceljs issues #1369/#1616: Excel empties such a sheet)', () => {
  test('every worksheet’s elements are in the schema’s order: <legacyDrawing> before <tableParts>', async () => {
    const { after } = await run(await excelTableBook());
    const ledger = text(after, sheetPart(after, 'ケース台帳'));
    expect(ledger).toMatch(/<legacyDrawing [^>]*\/>.*<tableParts /s);
    for (const e of after.filter((x) => /^xl\/worksheets\/[^/]+\.xml$/.test(x.name)))
      expect([e.name, orderErrors(e.data.toString('utf8'))]).toEqual([e.name, []]);
  });
});

describe('books saved by Excel (XlsxWriter’s reference files)', () => {
  async function edit(book: Buffer, change: (b: XlsxWorkbook) => void): Promise<ZipEntry[]> {
    const wb = await XlsxWorkbook.fromBuffer(book);
    change(wb);
    return readZip(await wb.toBuffer());
  }

  test('a note of ours beside a Table with notes: schema order, the Table and the authors kept', async () => {
    const book = excelFixture('table04.xlsx');
    const before = readZip(book);
    const after = await edit(book, (b) =>
      b.writeRange('Sheet1', 1, 12, [['状態（自動）'], ['要確認']], { notes: [[''], ['自動のメモ']] }),
    );
    const sheet = sheetPart(after, 'Sheet1');
    expect(orderErrors(text(after, sheet))).toEqual([]);
    expect(text(after, sheet)).toMatch(/<legacyDrawing [^>]*\/>.*<tableParts /s);
    const [table] = related(after, sheet, 'table');
    expect(text(after, table)).toBe(text(before, related(before, sheetPart(before, 'Sheet1'), 'table')[0]));
    const [comments] = related(after, sheet, 'comments');
    const xml = text(after, comments);
    expect([noteAuthor(xml, 'H1'), noteAuthor(xml, 'J1')]).toEqual(['John', 'John']);
    expect(xml).toContain('自動のメモ');
    expect(packageErrors(after)).toEqual([]);
  });

  test('notes by two authors keep their authors when the sheet is written', async () => {
    const after = await edit(excelFixture('comment09.xlsx'), (b) => b.writeRange('Sheet1', 5, 3, [['書いた']]));
    const xml = text(after, related(after, sheetPart(after, 'Sheet1'), 'comments')[0]);
    expect([noteAuthor(xml, 'A1'), noteAuthor(xml, 'A2'), noteAuthor(xml, 'A3')]).toEqual(['John', 'Perl', 'John']);
    expect(packageErrors(after)).toEqual([]);
  });

  test.each(['hyperlink04.xlsx', 'hyperlink05.xlsx'])(
    '%s: hyperlinks, internal and with tooltips, are kept on a sheet that is written',
    async (name) => {
      const book = excelFixture(name);
      const before = readZip(book);
      const links = (entries: ZipEntry[]) =>
        /<hyperlinks>.*<\/hyperlinks>/s.exec(text(entries, sheetPart(entries, 'Sheet1')))?.[0];
      expect(links(before)).toBeDefined();
      const after = await edit(book, (b) => b.writeRange('Sheet1', 30, 26, [['書いた']]));
      expect(links(after)).toBe(links(before));
      if (name === 'hyperlink05.xlsx') expect(links(after)).toContain('tooltip="Tool Tip"');
      else expect(links(after)).toContain(`location="'Data Sheet'!D5"`);
      expect(packageErrors(after)).toEqual([]);
    },
  );

  test('25 runs that redraw a chart: the same part names every time, the user’s chart kept, no orphans', async () => {
    const original = excelFixture('chart_bar01.xlsx');
    const names: string[][] = [];
    let book = original;
    for (let i = 0; i < 25; i++) {
      const wb = await XlsxWorkbook.fromBuffer(book);
      wb.replaceSheet('集計', {
        values: [
          ['センター', '件数'],
          ['エール', i],
          ['中里', 3],
        ],
        charts: [
          { kind: 'bar', title: '件数', data: { row: 1, col: 1, numRows: 3, numCols: 2 }, anchor: { row: 1, col: 4 } },
        ],
      });
      wb.writeRange('Sheet1', 1, 10, [['（自動）']]);
      book = await wb.toBuffer();
      names.push(
        readZip(book)
          .map((e) => e.name)
          .sort(),
      );
    }
    expect(names[24]).toEqual(names[0]);
    expect(Math.max(...names[24].map((n) => n.length))).toBeLessThan(60);
    const after = readZip(book);
    const before = readZip(original);
    expect(text(after, 'xl/charts/chart1.xml')).toBe(text(before, 'xl/charts/chart1.xml'));
    expect(text(after, 'xl/drawings/drawing1.xml')).toBe(text(before, 'xl/drawings/drawing1.xml'));
    expect(related(after, related(after, sheetPart(after, '集計'), 'drawing')[0], 'chart')).toHaveLength(1);
    expect(after.filter((e) => e.name.startsWith('xl/media/'))).toEqual([]);
    expect(packageErrors(after)).toEqual([]);
  });
});

test('cells written out of column order are saved in column order (CT_Row holds its cells in order)', async () => {
  const book = XlsxWorkbook.create();
  book.createSheet('t');
  book.writeRange('t', 1, 3, [['c']]);
  book.writeRange('t', 1, 1, [['a']]);
  book.writeRange('t', 1, 2, [['b']]);
  const xml = text(readZip(await book.toBuffer()), 'xl/worksheets/sheet1.xml');
  expect([...xml.matchAll(/<c r="([A-Z]+)1"/g)].map((m) => m[1])).toEqual(['A', 'B', 'C']);
});
