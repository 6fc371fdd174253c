// The package's zip, read and written with Node's zlib: a normal deflated zip that exceljs (another
// reader) reads back; parts not changed are copied as stored; a zip that is not a plain one is refused.

import ExcelJS from 'exceljs';
import { date } from '../src/domain/calendar';
import { XlsxWorkbook } from '../src/xlsx/xlsxWorkbook';
import { crc32, crc32InJs, zipFiles } from '../src/xlsx/zip';
import { readZip, writeZip } from './fixtures/zip';

async function sampleBook(): Promise<XlsxWorkbook> {
  const book = XlsxWorkbook.create();
  book.createSheet('ケース台帳');
  book.writeRange('ケース台帳', 1, 1, [
    ['ケースID', '就職日', '件数', 'メモ'],
    ['C1', date(2024, 4, 1), 3, '同じ文字列'],
    ['C2', date(2023, 8, 31), 4.5, '同じ文字列'],
  ]);
  book.writeRange('ケース台帳', 2, 5, [['要確認'], ['']], {
    backgrounds: [['#ffcccc'], [null]],
    notes: [['注記'], ['']],
  });
  book.createSheet('空のタブ');
  return book;
}

/** Local header fields of every entry, read independently of src/xlsx/zip.ts. */
function localMethods(buf: Buffer): Map<string, number> {
  const out = new Map<string, number>();
  let p = 0;
  while (buf.readUInt32LE(p) === 0x04034b50) {
    const compressed = buf.readUInt32LE(p + 18);
    const nameLen = buf.readUInt16LE(p + 26);
    const extraLen = buf.readUInt16LE(p + 28);
    out.set(buf.toString('utf8', p + 30, p + 30 + nameLen), buf.readUInt16LE(p + 8));
    p += 30 + nameLen + extraLen + compressed;
  }
  return out;
}

describe('saving through zlib', () => {
  test('every non-empty part is deflated; a save without edits copies every part as it was stored', async () => {
    const book = await sampleBook();
    const ours = await book.toBuffer();
    const a = readZip(ours);
    const methods = localMethods(ours);
    expect(methods.size).toBe(a.length);
    for (const e of a) expect([e.name, methods.get(e.name)]).toEqual([e.name, e.data.length ? 8 : 0]);
    const again = await (await XlsxWorkbook.fromBuffer(ours)).toBuffer();
    expect(again.equals(ours)).toBe(true);
  });

  test('exceljs itself reads the saved book back', async () => {
    const saved = await (await sampleBook()).toBuffer();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(saved as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('ケース台帳')!;
    expect(ws.getCell('A3').value).toBe('C2');
    expect(ws.getCell('C3').value).toBe(4.5);
    expect((ws.getCell('B2').value as Date).toISOString()).toBe('2024-04-01T00:00:00.000Z');
    expect(ws.getCell('E2').note).toBe('注記');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['ケース台帳', '空のタブ']);
  });

  test('CRCs in the saved zip match the data (checked by an independent CRC-32)', async () => {
    const saved = await (await sampleBook()).toBuffer();
    // The fixture writer computes CRCs with its own table.
    const rebuilt = writeZip(readZip(saved));
    const crcs = (buf: Buffer) => {
      const out: number[] = [];
      let p = 0;
      while (buf.readUInt32LE(p) === 0x04034b50) {
        out.push(buf.readUInt32LE(p + 14));
        p += 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28) + buf.readUInt32LE(p + 18);
      }
      return out;
    };
    expect(crcs(saved)).toEqual(crcs(rebuilt));
  });
});

describe('zip details', () => {
  test('images of the user’s (from a buffer or base64, written by exceljs) come back byte for byte', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('絵');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 250]);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 9, 8, 7]);
    ws.addImage(wb.addImage({ buffer: png, extension: 'png' } as never), 'A1:B2');
    ws.addImage(
      wb.addImage({ base64: `data:image/jpeg;base64,${jpeg.toString('base64')}`, extension: 'jpeg' }),
      'C3:D4',
    );
    const book = await XlsxWorkbook.fromBuffer(Buffer.from(await wb.xlsx.writeBuffer()));
    book.writeRange('絵', 6, 1, [['（自動）']]);
    const parts = readZip(await book.toBuffer());
    const media = parts.filter((p) => p.name.startsWith('xl/media/'));
    expect(media.map((m) => m.data.toString('hex')).sort()).toEqual([png.toString('hex'), jpeg.toString('hex')].sort());
  });

  test('CRC-32 gives the standard check value, natively and in JS', () => {
    const check = Buffer.from('123456789', 'ascii');
    expect(crc32(check)).toBe(0xcbf43926);
    expect(crc32InJs(check)).toBe(0xcbf43926);
    expect(crc32InJs(Buffer.alloc(0))).toBe(0);
    const text = Buffer.from('日本語のテキスト'.repeat(50), 'utf8');
    expect(crc32InJs(text)).toBe(crc32(text));
  });
});

describe('loading through zlib', () => {
  test('a book zipped by another program (UTF-8 names flag, no folder entries) loads the same', async () => {
    const original = await (await sampleBook()).toBuffer();
    const other = writeZip(readZip(original).filter((e) => !e.name.endsWith('/')));
    const a = await XlsxWorkbook.fromBuffer(original);
    const b = await XlsxWorkbook.fromBuffer(other);
    expect(b.sheetNames()).toEqual(a.sheetNames());
    expect(b.readSheet('ケース台帳')).toEqual(a.readSheet('ケース台帳'));
    expect(b.readSheet('ケース台帳')![1]).toEqual(['C1', date(2024, 4, 1), 3, '同じ文字列', '要確認']);
  });

  test('the files of a zip come out as the independent reader reads them; what it cannot read is refused', async () => {
    const original = await (await sampleBook()).toBuffer();
    const files = zipFiles(original)!;
    expect(files.map((f) => ({ name: f.name, data: f.content() }))).toEqual(readZip(original));
    const other = writeZip(readZip(original));
    expect(zipFiles(other)!.map((f) => f.content().toString('utf8'))).toEqual(
      readZip(original).map((e) => e.data.toString('utf8')),
    );
    expect(zipFiles(Buffer.from('not a zip at all, just some text of enough length'))).toBeNull();
    await expect(XlsxWorkbook.fromBuffer(Buffer.from('plain text'))).rejects.toThrow();
  });

  test('a zip with an unknown compression method is refused', async () => {
    const original = await (await sampleBook()).toBuffer();
    const odd = Buffer.from(original);
    // Mark the first central-directory entry as method 12 (bzip2).
    let eocd = odd.length - 22;
    while (odd.readUInt32LE(eocd) !== 0x06054b50) eocd--;
    const cd = odd.readUInt32LE(eocd + 16);
    odd.writeUInt16LE(12, cd + 10);
    expect(zipFiles(odd)).toBeNull();
    await expect(XlsxWorkbook.fromBuffer(odd)).rejects.toThrow();
  });
});
