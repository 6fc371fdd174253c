// readSheet is served from a cache that every write of the adapter keeps up to date. Whatever the
// sequence of writes, it must give what a fresh read of the worksheet gives; the fresh read here is an
// independent, cell-by-cell reading of the exceljs worksheet.

import ExcelJS from 'exceljs';
import { date, isCalendarDate } from '../src/domain/calendar';
import type { Cell } from '../src/workbook/port';
import { XlsxWorkbook } from '../src/xlsx/xlsxWorkbook';

/** The used range of a worksheet, read cell by cell with getCell (slow, independent of the adapter). */
function freshRead(ws: ExcelJS.Worksheet): Cell[][] {
  const grid: Cell[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const line: Cell[] = [];
    for (let c = 1; c <= Math.max(ws.columnCount, ws.getRow(r).cellCount); c++) {
      const cell = ws.getCell(r, c);
      let v: Cell = null;
      if (cell.type !== ExcelJS.ValueType.Merge) {
        const raw = cell.value as unknown;
        if (raw instanceof Date) {
          // exceljs counts every serial from 1899-12-30. Excel counts those before 61 (1900-03-01) from
          // 1899-12-31, as its calendar holds a 1900-02-29 that never was (serial 60): serial 1 is
          // 1900-01-01. A serial below 1 is no day at all (Excel shows ####): it stays the number.
          const serial = Math.round((raw.getTime() - Date.UTC(1899, 11, 30)) / 86400000);
          const d = new Date(raw.getTime() + (serial < 60 ? 86400000 : 0));
          v = serial < 1 || serial === 60 ? serial : date(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
        } else if (typeof raw === 'string') v = raw === '' ? null : raw;
        else if (typeof raw === 'number' || typeof raw === 'boolean') v = raw;
        else if (raw !== null && raw !== undefined) throw new Error(`unexpected value ${JSON.stringify(raw)}`);
      }
      line.push(v);
    }
    grid.push(line);
  }
  const used = (line: Cell[]) => line.reduce<number>((w, v, i) => (v === null ? w : i + 1), 0);
  let height = grid.length;
  while (height > 0 && used(grid[height - 1]) === 0) height--;
  const width = grid.slice(0, height).reduce((w, line) => Math.max(w, used(line)), 0);
  return grid.slice(0, height).map((line) => Array.from({ length: width }, (_, c) => line[c] ?? null));
}

/** A small deterministic PRNG (mulberry32), so a failing sequence can be replayed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const POOL: Cell[] = [
  null,
  null,
  '',
  'x',
  'あいう',
  '=1+1',
  0,
  1.5,
  -3,
  true,
  false,
  date(2024, 2, 29),
  date(1999, 12, 31),
];

/** A fresh read by another reader: exceljs loading what the book saves. */
async function exceljsRead(book: XlsxWorkbook, name: string): Promise<Cell[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await book.toBuffer()) as unknown as ArrayBuffer);
  return freshRead(wb.getWorksheet(name)!);
}

async function usersSheet(): Promise<XlsxWorkbook> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台帳');
  ws.getCell('A1').value = 'タイトル';
  ws.mergeCells('A1:C1');
  ws.getCell('B3').value = 5;
  ws.getCell('D4').value = new Date(Date.UTC(2024, 3, 1));
  ws.getCell('D4').numFmt = 'yyyy/mm/dd';
  ws.getCell('E6').value = '';
  ws.getCell('F2').numFmt = '0'; // styled only: not part of the used range
  wb.addWorksheet('別');
  return XlsxWorkbook.fromBuffer(Buffer.from(await wb.xlsx.writeBuffer()));
}

describe('readSheet after writes equals a fresh read', () => {
  test.each([1, 2, 3, 4, 5, 6, 7, 8])('random writes, seed %i', async (seed) => {
    const book = await usersSheet();
    const rnd = prng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    const ws = () => exceljsRead(book, '台帳');
    expect(book.readSheet('台帳')).toEqual(await ws());
    for (let step = 0; step < 60; step++) {
      const numRows = 1 + Math.floor(rnd() * 3);
      const numCols = 1 + Math.floor(rnd() * 3);
      const values = Array.from({ length: numRows }, () => Array.from({ length: numCols }, () => pick(POOL)));
      const options =
        rnd() < 0.3
          ? {
              backgrounds: values.map((line) => line.map(() => pick(['#ffcccc', null]))),
              notes: values.map((line) => line.map(() => pick(['', 'メモ']))),
              columnFormats: values[0].map(() => pick(['0', 'yyyy/mm/dd', null])),
            }
          : {};
      // Mostly near the edge of what is there, so the range grows and shrinks.
      book.writeRange('台帳', 1 + Math.floor(rnd() * 8), 1 + Math.floor(rnd() * 7), values, options);
      if (rnd() < 0.1) book.setColumnFormats('台帳', { row: 1, col: 1, numRows: 9, numCols: 2 }, ['0', '@']);
      const expected = await ws();
      expect([step, book.readSheet('台帳')]).toEqual([step, expected]);
    }
    // Emptying everything gives an empty tab.
    book.writeRange(
      '台帳',
      1,
      1,
      Array.from({ length: 12 }, () => new Array<Cell>(10).fill(null)),
    );
    expect(book.readSheet('台帳')).toEqual([]);
    expect(await ws()).toEqual([]);
  });

  test('a write into a merged range lands in its top-left cell, as exceljs stores it', async () => {
    const book = await usersSheet();
    expect(book.readSheet('台帳')![0]).toEqual(['タイトル', null, null, null]);
    book.writeRange('台帳', 1, 2, [['新しい題']]);
    expect(book.readSheet('台帳')![0]).toEqual(['新しい題', null, null, null]);
    expect(book.readSheet('台帳')).toEqual(await exceljsRead(book, '台帳'));
  });

  test('the caller owns what it gets: changing the result changes nothing read later', async () => {
    const book = await usersSheet();
    const first = book.readSheet('台帳')!;
    first[2][1] = 'changed';
    first.push(['extra']);
    first[0].push('more');
    expect(book.readSheet('台帳')).toEqual(await exceljsRead(book, '台帳'));
    expect(book.readSheet('台帳')![2][1]).toBe(5);
  });

  test('created and replaced tabs read back what was written; dates are equal values, not the caller’s objects', async () => {
    const book = await usersSheet();
    book.createSheet('新規');
    expect(book.readSheet('新規')).toEqual([]);
    const d = date(2025, 1, 31);
    book.writeRange('新規', 2, 2, [[d, 'a']]);
    const back = book.readSheet('新規')!;
    expect(back).toEqual([
      [null, null, null],
      [null, d, 'a'],
    ]);
    expect(isCalendarDate(back[1][1]) && back[1][1] !== d).toBe(true);

    book.readSheet('別');
    book.replaceSheet('別', { values: [['【自動生成】'], ['a', 1, ''], []], boldRows: [1] });
    expect(book.readSheet('別')).toEqual([
      ['【自動生成】', null],
      ['a', 1],
    ]);
    expect(book.readSheet('別')).toEqual(await exceljsRead(book, '別'));
    book.replaceSheet('別', { values: [['x']] });
    expect(book.readSheet('別')).toEqual([['x']]);
  });

  test('a saved and reloaded book reads the same as the cache did', async () => {
    const book = await usersSheet();
    book.readSheet('台帳');
    book.writeRange('台帳', 7, 2, [[1, date(2024, 5, 1), 'z']]);
    book.writeRange('台帳', 4, 4, [[null]]);
    const reloaded = await XlsxWorkbook.fromBuffer(await book.toBuffer());
    expect(reloaded.readSheet('台帳')).toEqual(book.readSheet('台帳'));
  });
});
