// What a file is, told before any heavy work, in Japanese: damaged or truncated books, old .xls,
// encrypted, macro, OpenDocument and CSV files, and books beyond the supported sizes. No library text
// (English, URLs) ever reaches the user. The .xls and .ods files are made by LibreOffice in the test.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { BookRefusal, checkFileSize, inspectBook, LIMITS, measureSheet } from '../src/xlsx/inspect';
import { XlsxWorkbook } from '../src/xlsx/xlsxWorkbook';
import { looksLikeStackTrace, runCli, tempDir } from './fixtures/cliHarness';
import { readZip, writeZip, type ZipEntry } from './fixtures/zip';

const DAMAGED = 'ファイルが壊れているか、途中までしか保存されていません';
const TODAY = ['--today', '2026-04-01'];

let tmp: ReturnType<typeof tempDir>;
let good: Buffer;
beforeAll(async () => {
  tmp = tempDir();
  const file = tmp.file('good.xlsx');
  expect((await runCli(['setup', file, ...TODAY])).code).toBe(0);
  good = readFileSync(file);
});
afterAll(() => tmp.cleanup());

/** A copy of the good ledger with parts replaced or added. */
function variant(change: (entries: ZipEntry[]) => ZipEntry[]): Buffer {
  return writeZip(change(readZip(good)));
}

function withPart(name: string, xml: string): Buffer {
  return variant((es) => [...es.filter((e) => e.name !== name), { name, data: Buffer.from(xml) }]);
}

/** What the CLI says about the file as a ledger (validate), with the checks every refusal must pass. */
async function refusal(name: string, data: Buffer): Promise<string> {
  const file = tmp.file(name);
  writeFileSync(file, data);
  const started = Date.now();
  const r = await runCli(['validate', file, ...TODAY]);
  const text = r.stderr.join('\n');
  expect(r.code).toBe(2);
  expect(looksLikeStackTrace(r.stderr)).toBe(false);
  // No library words: strip the file name, then nothing Latin longer than a format name is left.
  const words = text
    .split(file)
    .join('')
    .match(/[A-Za-z][A-Za-z' ]{14,}|https?:|zip file|central directory/g);
  expect(words).toBeNull();
  expect(readFileSync(file).equals(data)).toBe(true);
  expect(Date.now() - started).toBeLessThan(15000);
  return text;
}

describe('a damaged book is called damaged, with what to do', () => {
  const advice =
    /Excel で開ける場合は、開いてから保存し直してください。開けない場合は、バックアップや以前のコピーから戻してください/;

  test('a truncated zip (the end of the file missing)', async () => {
    const text = await refusal('途中.xlsx', good.subarray(0, Math.floor(good.length / 2)));
    expect(text).toContain(DAMAGED);
    expect(text).toMatch(advice);
    expect(text).not.toMatch(/\.xlsx 形式.*保存し直/);
  });

  test('an empty file', async () => {
    expect(await refusal('空.xlsx', Buffer.alloc(0))).toMatch(/空（0 バイト）/);
  });

  test('a sheet whose XML is cut (the parser would say "unmatched closing tag")', async () => {
    const xml = readZip(good)
      .find((e) => e.name === 'xl/worksheets/sheet1.xml')!
      .data.toString();
    const text = await refusal(
      '壊れたタブ.xlsx',
      withPart('xl/worksheets/sheet1.xml', xml.replace('</sheetData>', '')),
    );
    expect(text).toContain(DAMAGED);
  });

  test('a workbook part pointing at a sheet that is missing (the library would fail on undefined)', async () => {
    const text = await refusal(
      '部品なし.xlsx',
      variant((es) => es.filter((e) => e.name !== 'xl/_rels/workbook.xml.rels')),
    );
    expect(text).toContain(DAMAGED);
  });

  test('compressed data overwritten in the middle of the file', async () => {
    const broken = Buffer.from(good);
    const at = broken.indexOf('xl/worksheets/sheet1.xml') + 40;
    broken.fill(0x55, at, at + 200);
    expect(await refusal('化け.xlsx', broken)).toContain(DAMAGED);
  });
});

/** A minimal compound file (OLE2) whose directory holds these stream names. */
function compoundFile(names: string[]): Buffer {
  const sector = 512;
  const buf = Buffer.alloc(sector * 3);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(buf, 0);
  buf.writeUInt16LE(0x3e, 0x18);
  buf.writeUInt16LE(3, 0x1a);
  buf.writeUInt16LE(0xfffe, 0x1c);
  buf.writeUInt16LE(9, 0x1e);
  buf.writeUInt16LE(6, 0x20);
  buf.writeUInt32LE(1, 0x2c); // one FAT sector
  buf.writeUInt32LE(1, 0x30); // directory at sector 1
  for (let i = 0; i < 109; i++) buf.writeUInt32LE(0xffffffff, 0x4c + i * 4);
  buf.writeUInt32LE(0, 0x4c); // FAT at sector 0
  const fat = sector; // sector 0 starts after the header
  buf.fill(0xff, fat, fat + sector);
  buf.writeUInt32LE(0xfffffffd, fat);
  buf.writeUInt32LE(0xfffffffe, fat + 4);
  const dir = sector * 2;
  ['Root Entry', ...names].forEach((name, i) => {
    const e = dir + i * 128;
    buf.write(name, e, 'utf16le');
    buf.writeUInt16LE((name.length + 1) * 2, e + 0x40);
    buf.writeUInt8(i === 0 ? 5 : 2, e + 0x42);
  });
  return buf;
}

describe('other kinds of file say what they are', () => {
  test('an encrypted (password) book: OLE2 with EncryptionInfo and EncryptedPackage', async () => {
    const text = await refusal('暗号.xlsx', compoundFile(['EncryptionInfo', 'EncryptedPackage']));
    expect(text).toMatch(/パスワードで保護（暗号化）された Excel ファイルです/);
    expect(text).toMatch(/パスワードを消して保存したコピー/);
  });

  test('an old .xls by its OLE2 signature', async () => {
    expect(await refusal('古い.xlsx', compoundFile(['Workbook']))).toMatch(/古い Excel 形式（.xls、Excel 97-2003）/);
  });

  test('a macro book (vbaProject.bin)', async () => {
    const data = variant((es) => [...es, { name: 'xl/vbaProject.bin', data: Buffer.from('VBA') }]);
    expect(await refusal('マクロ.xlsm', data)).toMatch(/マクロ付きブック（.xlsm、VBA マクロを含む）/);
  });

  test('a CSV file', async () => {
    expect(await refusal('一覧.csv', Buffer.from('ケースID,氏名\nC1,テスト\n'))).toMatch(
      /CSV（カンマ・タブ区切りのテキスト）/,
    );
  });

  test('a Word document is not taken for a damaged book', async () => {
    const data = writeZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'word/document.xml', data: Buffer.from('<w:document/>') },
    ]);
    expect(await refusal('文書.xlsx', data)).toMatch(/Word の文書/);
  });

  describe('files saved by LibreOffice', () => {
    let dir: string;
    const made: Record<string, Buffer> = {};
    beforeAll(() => {
      const soffice = execFileSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).trim();
      dir = mkdtempSync(path.join(tmpdir(), 'teichaku-lo-'));
      writeFileSync(path.join(dir, 'book.csv'), 'ケースID,氏名\nC1,テスト\n');
      for (const format of ['xls', 'ods']) {
        execFileSync(
          soffice,
          [
            `-env:UserInstallation=file://${path.join(dir, 'profile')}`,
            '--headless',
            '--norestore',
            '--convert-to',
            format,
            '--outdir',
            dir,
            path.join(dir, 'book.csv'),
          ],
          { stdio: 'ignore', timeout: 120_000 },
        );
        made[format] = readFileSync(path.join(dir, `book.${format}`));
      }
    }, 240_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    test('.xls saved by LibreOffice', async () => {
      expect(await refusal('lo.xls', made.xls)).toMatch(/古い Excel 形式（.xls、Excel 97-2003）/);
    });

    test('.ods saved by LibreOffice', async () => {
      expect(await refusal('lo.ods', made.ods)).toMatch(/OpenDocument 形式（.ods）/);
    });
  });
});

/** A worksheet XML with these rows (each a list of cells as raw XML). */
function sheetXml(rows: string, extra = ''): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    `<sheetData>${rows}</sheetData>${extra}</worksheet>`
  );
}

describe('books beyond the limits are refused before any heavy work', () => {
  const firstSheet = 'xl/worksheets/sheet1.xml';

  test('a stray value in row 1,048,576 is refused at once, naming the tab and the row', async () => {
    const xml = sheetXml(
      '<row r="1"><c r="A1" t="inlineStr"><is><t>ケースID</t></is></c></row>' +
        '<row r="1048576"><c r="A1048576"><v>1</v></c></row>',
    );
    const text = await refusal('はぐれ値.xlsx', withPart(firstSheet, xml));
    expect(text).toMatch(/扱える大きさを超えている/);
    expect(text).toMatch(/タブ「ケース台帳」: データのある最後の行が 1,048,576 行目/);
    expect(text).toContain('Ctrl+End');
  });

  test('a cell in row 1,048,576 with formatting only is not data: the measure ends at the last value', () => {
    const xml = sheetXml(
      '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="B2" t="s"><v>0</v></c></row>' +
        '<row r="1048576" s="3" customFormat="1"><c r="A1048576" s="3"/></row>',
    );
    expect(measureSheet(Buffer.from(xml))).toMatchObject({ lastRow: 2, storedCells: 3, mergedRanges: 0 });
  });

  test('rows without numbers, a namespace prefix, and formulas count as values', () => {
    const xml =
      '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
      '<x:row><x:c><x:v>1</x:v></x:c></x:row><x:row><x:c><x:f>1+1</x:f></x:c></x:row><x:row><x:c s="1"/></x:row>' +
      '</x:sheetData></x:worksheet>';
    expect(measureSheet(Buffer.from(xml))).toMatchObject({ lastRow: 2, storedCells: 3 });
  });

  test('a cell of spaces only is not data, as the reader sees it: inline, shared, formula text, full-width', async () => {
    const strings =
      '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">' +
      '<si><t>ケースID</t></si><si><t xml:space="preserve">   </t></si><si><r><t xml:space="preserve">\u3000</t></r><r><t> </t></r></si></sst>';
    const xml = sheetXml(
      '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2"><v>7</v></c><c r="B2" t="s"><v>1</v></c></row>' +
        '<row r="3"><c r="C3" t="inlineStr"><is><t xml:space="preserve">  </t></is></c></row>' +
        '<row r="4"><c r="A4" t="s"><v>2</v></c><c r="B4" t="str"><f>" "</f><v> </v></c></row>' +
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>\u3000\u3000</t></is></c></row>',
    );
    const data = variant((es) => [
      ...es.filter((e) => e.name !== firstSheet && e.name !== 'xl/sharedStrings.xml'),
      { name: firstSheet, data: Buffer.from(xml) },
      { name: 'xl/sharedStrings.xml', data: Buffer.from(strings) },
    ]);
    const inspected = inspectBook('空白.xlsx', data).sheets.find((s) => s.tab === 'ケース台帳')!;
    expect(inspected.lastRow).toBe(2);
    // The reader agrees: two rows, one column.
    const read = (await XlsxWorkbook.fromBytes(data)).readSheet('ケース台帳')!;
    expect([read.length, Math.max(...read.map((r) => r.length))]).toEqual([2, 1]);
    // Without the shared strings known blank, row 4's shared string would count.
    expect(measureSheet(Buffer.from(xml)).lastRow).toBe(4);
  });

  test('a used range measured past a far column of spaces only: not refused', () => {
    const rows = Array.from({ length: 400 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>1</v></c></row>`).join(
      '',
    );
    const xml = sheetXml(rows.replace('<c r="A3">', '<c r="XFD3" t="inlineStr"><is><t> </t></is></c><c r="A3">'));
    expect(measureSheet(Buffer.from(xml))).toMatchObject({ lastRow: 400, lastColumn: 1 });
  });

  test('100,000 merged ranges are refused in well under the time the loader would take', async () => {
    let merges = '';
    for (let i = 0; i < 100_000; i++) merges += `<mergeCell ref="A${2 * i + 3}:B${2 * i + 3}"/>`;
    const xml = sheetXml(
      '<row r="1"><c r="A1"><v>1</v></c></row>',
      `<mergeCells count="100000">${merges}</mergeCells>`,
    );
    const text = await refusal('結合.xlsx', withPart(firstSheet, xml));
    expect(text).toMatch(/結合セル 100,000 個/);
  });

  test('a used range of more cells than the limit (a value far to the right) is refused', async () => {
    const rows = Array.from({ length: 400 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>1</v></c></row>`).join(
      '',
    );
    const xml = sheetXml(rows + '<row r="401"><c r="XFD401"><v>1</v></c></row>');
    const text = await refusal('右端.xlsx', withPart(firstSheet, xml));
    expect(text).toMatch(/401 行 × 16,384 列/);
  });

  test('the file size alone, before reading', () => {
    expect(() => checkFileSize('大.xlsx', LIMITS.fileBytes + 1)).toThrow(BookRefusal);
    expect(() => checkFileSize('大.xlsx', LIMITS.fileBytes)).not.toThrow();
  });

  test('the good ledger and a book saved by the adapter pass, with their tabs measured', async () => {
    const seen = inspectBook('good.xlsx', good);
    expect(seen.sheets.map((s) => s.tab)).toContain('ケース台帳');
    const book = XlsxWorkbook.create();
    book.createSheet('メモ');
    book.writeRange('メモ', 1, 1, [
      ['a', 1],
      [null, null],
      ['b', 2],
    ]);
    const measured = inspectBook('memo.xlsx', await book.toBuffer()).sheets[0];
    expect(measured).toMatchObject({ tab: 'メモ', lastRow: 3 });
  });
});
