// The exceljs adapter: what it reads is what the user sees, a date never moves, and a load + save
// keeps everything of the user's. Run under TZ=America/Los_Angeles (package.json's test script).

import ExcelJS from 'exceljs';
import { date, type CalendarDate } from '../src/domain/calendar';
import { subtract, XlsxWorkbook, OWN_RULE_MARK } from '../src/xlsx/xlsxWorkbook';
import type { Cell } from '../src/workbook/port';
import { entryText } from './fixtures/zip';

async function roundTrip(book: XlsxWorkbook): Promise<XlsxWorkbook> {
  return XlsxWorkbook.fromBuffer(await book.toBuffer());
}

async function rawLoad(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

async function rawBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Excel serial of a date, by counting days from the well-known anchor 2024-01-01 = 45292. */
function serialOf(v: CalendarDate): number {
  return 45292 + Math.round((Date.UTC(v.y, v.m - 1, v.d) - Date.UTC(2024, 0, 1)) / 86400000);
}

describe('environment', () => {
  test('the suite runs in a time zone west of UTC, where a UTC-midnight Date is the previous local day', () => {
    expect(new Date(Date.UTC(2024, 1, 29)).getDate()).toBe(28);
  });
});

describe('round trip of every cell kind', () => {
  const dates: CalendarDate[] = [
    date(2024, 2, 29),
    date(1989, 1, 7),
    date(1989, 1, 8),
    date(2019, 4, 30),
    date(2019, 5, 1),
    date(2023, 1, 31),
    date(2023, 4, 30),
    date(2024, 12, 31),
    date(2025, 3, 31),
    date(1900, 3, 1),
    date(2099, 12, 31),
  ];
  const values: Cell[][] = [
    ['ケースID', '受給者証番号', '数値', '真偽', '日付', '空'],
    ...dates.map((d, i): Cell[] => [`C${i}`, '0123456789', i % 2 ? -1.25 * i : i * 1000, i % 2 === 0, d, null]),
    ['=SUM(A1:A3)', '＝全角', 0, false, null, 'last'],
  ];

  test('values come back exactly, dates on the same calendar day', async () => {
    const book = XlsxWorkbook.create();
    book.createSheet('t');
    book.writeRange('t', 1, 1, values);
    const back = await roundTrip(book);
    expect(back.readSheet('t')).toEqual(values);
  });

  test('dates are stored as the right Excel serials with a date format', async () => {
    const book = XlsxWorkbook.create();
    book.createSheet('t');
    book.writeRange(
      't',
      1,
      1,
      dates.map((d) => [d]),
    );
    const xml = entryText(await book.toBuffer(), 'xl/worksheets/sheet1.xml');
    const stored = [...xml.matchAll(/<c r="A(\d+)"[^>]*><v>([^<]+)<\/v>/g)].map((m) => Number(m[2]));
    expect(stored).toEqual(dates.map(serialOf));
    const raw = await rawLoad(await book.toBuffer());
    expect(raw.getWorksheet('t')!.getCell('A1').numFmt).toBe('yyyy/mm/dd');
  });

  test('a string starting with = is written as text, never as a formula', async () => {
    const book = XlsxWorkbook.create();
    book.createSheet('t');
    book.writeRange('t', 1, 1, [['=HYPERLINK("http://example.com")', '=1+1']], { asText: true });
    const buf = await book.toBuffer();
    expect(entryText(buf, 'xl/worksheets/sheet1.xml')).not.toContain('<f>');
    expect((await XlsxWorkbook.fromBuffer(buf)).readSheet('t')).toEqual([['=HYPERLINK("http://example.com")', '=1+1']]);
  });

  test('writing null or an empty string clears a cell', async () => {
    const book = XlsxWorkbook.create();
    book.createSheet('t');
    book.writeRange('t', 1, 1, [['a', 'b', 'c']]);
    book.writeRange('t', 1, 2, [[null, '']]);
    expect((await roundTrip(book)).readSheet('t')).toEqual([['a']]);
  });
});

describe('reading what other programs store', () => {
  async function bookWith(fill: (ws: ExcelJS.Worksheet) => void): Promise<XlsxWorkbook> {
    const wb = new ExcelJS.Workbook();
    fill(wb.addWorksheet('s'));
    return XlsxWorkbook.fromBuffer(await rawBuffer(wb));
  }

  test('formula cells give their cached result; errors their text', async () => {
    const book = await bookWith((ws) => {
      ws.getCell('A1').value = { formula: '1+1', result: 2 } as ExcelJS.CellFormulaValue;
      ws.getCell('B1').value = {
        formula: 'DATE(2024,2,29)',
        result: new Date(Date.UTC(2024, 1, 29)),
      } as ExcelJS.CellFormulaValue;
      ws.getCell('B1').numFmt = 'yyyy/mm/dd';
      ws.getCell('C1').value = { formula: 'A1/0', result: { error: '#DIV/0!' } } as ExcelJS.CellFormulaValue;
      ws.getCell('D1').value = { formula: '"x"&"y"', result: 'xy' } as ExcelJS.CellFormulaValue;
      ws.getCell('E1').value = { error: '#REF!' } as ExcelJS.CellErrorValue;
      ws.getCell('F1').value = { formula: 'TRUE()', result: true } as ExcelJS.CellFormulaValue;
    });
    expect(book.readSheet('s')).toEqual([[2, date(2024, 2, 29), '#DIV/0!', 'xy', '#REF!', true]]);
  });

  test('rich text and hyperlinks give their plain text', async () => {
    const book = await bookWith((ws) => {
      ws.getCell('A1').value = { richText: [{ text: '令和' }, { font: { bold: true }, text: '5年4月1日' }] };
      ws.getCell('B1').value = { text: 'リンク', hyperlink: 'https://example.com' };
    });
    expect(book.readSheet('s')).toEqual([['令和5年4月1日', 'リンク']]);
  });

  test('a date-time cell is its calendar day (no shift), whatever the hour', async () => {
    const book = await bookWith((ws) => {
      ws.getCell('A1').value = new Date(Date.UTC(2024, 3, 1, 23, 59, 59));
      ws.getCell('A1').numFmt = 'yyyy/mm/dd hh:mm:ss';
      ws.getCell('B1').value = new Date(Date.UTC(2024, 3, 1, 0, 0, 1));
      ws.getCell('B1').numFmt = 'yyyy/mm/dd hh:mm:ss';
    });
    expect(book.readSheet('s')).toEqual([[date(2024, 4, 1), date(2024, 4, 1)]]);
  });

  test('a number with a general format stays a number (a serial is not guessed to be a date)', async () => {
    const book = await bookWith((ws) => {
      ws.getCell('A1').value = 45351;
    });
    expect(book.readSheet('s')).toEqual([[45351]]);
  });

  test('used range: padded; a merged cell counts in its top-left only; styled-only cells do not count', async () => {
    const book = await bookWith((ws) => {
      ws.getCell('A1').value = 'タイトル';
      ws.mergeCells('A1:D1');
      ws.getCell('B3').value = 'x';
      ws.getCell('H10').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
    });
    expect(book.readSheet('s')).toEqual([
      ['タイトル', null],
      [null, null],
      [null, 'x'],
    ]);
  });

  test('an empty or missing sheet', async () => {
    const book = await bookWith(() => undefined);
    expect(book.readSheet('s')).toEqual([]);
    expect(book.readSheet('なし')).toBeNull();
  });
});

/** A user's book: styles, notes, merges, widths, a validation, a conditional format and another sheet. */
async function usersBook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('ケース台帳');
  ws.getCell('A1').value = '令和8年度 台帳';
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.mergeCells('A1:C1');
  ws.getRow(2).values = ['ケースID', '就職日', 'メモ欄', '6月到達日（自動）'];
  ws.getRow(3).values = ['C1', new Date(Date.UTC(2024, 3, 1)), '要確認'];
  ws.getRow(4).values = ['C2', new Date(Date.UTC(2023, 7, 31)), null];
  const yellow: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
  for (const a of ['B3', 'B4', 'D3', 'D4']) {
    // The same style on a user's cell and on an owned cell: exceljs shares one style object after loading.
    ws.getCell(a).numFmt = 'yyyy"年"m"月"d"日"';
    ws.getCell(a).fill = yellow;
  }
  ws.getCell('C3').note = '利用者のメモ';
  ws.getCell('C3').font = { color: { argb: 'FFFF0000' }, italic: true };
  ws.getColumn(3).width = 30;
  // exceljs' worksheet-level validations API (not in its typings)
  (ws as unknown as { dataValidations: { add(ref: string, dv: ExcelJS.DataValidation): void } }).dataValidations.add(
    'C3:C100',
    { type: 'list', allowBlank: true, formulae: ['"要確認,済"'] },
  );
  ws.addConditionalFormatting({
    ref: 'A3:A100',
    rules: [
      {
        type: 'expression',
        priority: 1,
        formulae: ['$C3="要確認"'],
        style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFC7CE' } } },
      },
    ],
  });
  const other = wb.addWorksheet('利用者のタブ');
  other.getCell('A1').value = 'そのまま';
  other.getCell('B2').value = { formula: 'A1&"!"', result: 'そのまま!' } as ExcelJS.CellFormulaValue;
  return rawBuffer(wb);
}

function cellState(ws: ExcelJS.Worksheet, address: string): unknown {
  const c = ws.getCell(address);
  return JSON.parse(JSON.stringify({ value: c.value, style: c.style, note: c.note ?? null, type: c.type }));
}

const USER_CELLS = ['A1', 'B1', 'A2', 'B2', 'C2', 'A3', 'B3', 'C3', 'A4', 'B4', 'C4'];

describe('a load + save keeps everything of the user', () => {
  test('plain load and save changes nothing the user sees', async () => {
    const original = await usersBook();
    const saved = await (await XlsxWorkbook.fromBuffer(original)).toBuffer();
    const [a, b] = [await rawLoad(original), await rawLoad(saved)];
    for (const name of ['ケース台帳', '利用者のタブ']) {
      const wa = a.getWorksheet(name)!;
      const wb = b.getWorksheet(name)!;
      for (const addr of [...USER_CELLS, 'D2', 'D3']) expect(cellState(wb, addr)).toEqual(cellState(wa, addr));
    }
    expect(b.worksheets.map((w) => w.name)).toEqual(['ケース台帳', '利用者のタブ']);
    expect(b.getWorksheet('ケース台帳')!.getColumn(3).width).toBe(30);
    expect((b.getWorksheet('ケース台帳')!.model as { merges: string[] }).merges).toEqual(['A1:C1']);
  });

  test('writing owned cells (values, formats, fills, notes) leaves every user cell as it was', async () => {
    const original = await usersBook();
    const book = await XlsxWorkbook.fromBuffer(original);
    book.writeRange('ケース台帳', 3, 4, [[date(2024, 9, 30)], [date(2024, 2, 29)]], {
      columnFormats: ['yyyy/mm/dd'],
      backgrounds: [['#ffcccc'], [null]],
      notes: [['自動の注記'], ['']],
    });
    book.setOwnConditionalRules('ケース台帳', [
      { area: { row: 3, col: 4, numRows: 98, numCols: 1 }, formula: '=$D3<>""', background: '#fce8b2' },
    ]);
    book.freezeRows('ケース台帳', 2);
    const saved = await book.toBuffer();
    const [a, b] = [await rawLoad(original), await rawLoad(saved)];
    const wa = a.getWorksheet('ケース台帳')!;
    const wb = b.getWorksheet('ケース台帳')!;
    for (const addr of USER_CELLS) expect(cellState(wb, addr)).toEqual(cellState(wa, addr));
    expect(cellState(b.getWorksheet('利用者のタブ')!, 'B2')).toEqual(cellState(a.getWorksheet('利用者のタブ')!, 'B2'));

    // The owned cells got exactly what was asked.
    expect(wb.getCell('D3').numFmt).toBe('yyyy/mm/dd');
    expect((wb.getCell('D3').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFCCCC');
    expect(wb.getCell('D3').note).toBe('自動の注記');
    expect((wb.getCell('D4').fill as ExcelJS.FillPattern | undefined)?.pattern ?? 'none').toBe('none');
    expect(wb.getCell('D4').note).toBeUndefined();
    const back = await XlsxWorkbook.fromBuffer(saved);
    expect(back.readSheet('ケース台帳')!.map((r) => r[3])).toEqual([
      null,
      '6月到達日（自動）',
      date(2024, 9, 30),
      date(2024, 2, 29),
    ]);
  });

  test("the user's validation is kept exactly, with no overlapping ranges after a round trip", async () => {
    const saved = await (await XlsxWorkbook.fromBuffer(await usersBook())).toBuffer();
    const xml = entryText(saved, 'xl/worksheets/sheet1.xml');
    expect([...xml.matchAll(/<dataValidation [^>]*sqref="([^"]+)"/g)].map((m) => m[1])).toEqual(['C3:C100']);
  });
});

describe('list validations', () => {
  function sqrefs(xml: string): string[] {
    return [...xml.matchAll(/<dataValidation [^>]*sqref="([^"]+)"/g)].map((m) => m[1]).sort();
  }

  test('ours replace a rule on the same cells and cut a wider user rule around them', async () => {
    const book = await XlsxWorkbook.fromBuffer(await usersBook());
    book.setListValidations('ケース台帳', [
      { area: { row: 10, col: 3, numRows: 11, numCols: 1 }, values: ['はい', 'いいえ'], allowInvalid: true },
    ]);
    const xml = entryText(await book.toBuffer(), 'xl/worksheets/sheet1.xml');
    expect(sqrefs(xml)).toEqual(['C10:C20', 'C21:C100', 'C3:C9']);
    expect(xml).toContain('&quot;はい,いいえ&quot;');
    expect(xml).toContain('errorStyle="warning"');
  });

  test('setting the same validation twice gives one rule', async () => {
    const book = XlsxWorkbook.create();
    book.createSheet('t');
    const rule = {
      area: { row: 2, col: 2, numRows: 999, numCols: 1 },
      values: ['自法人', '他法人'],
      allowInvalid: false,
    };
    book.setListValidations('t', [rule]);
    const again = await roundTrip(book);
    again.setListValidations('t', [rule]);
    const xml = entryText(await again.toBuffer(), 'xl/worksheets/sheet1.xml');
    expect(sqrefs(xml)).toEqual(['B2:B1000']);
    expect(xml).toContain('errorStyle="stop"');
  });

  test('subtract cuts a rectangle into the parts outside another', () => {
    const a = { row: 1, col: 1, numRows: 10, numCols: 3 };
    expect(subtract(a, { row: 20, col: 1, numRows: 1, numCols: 1 })).toEqual([a]);
    expect(subtract(a, a)).toEqual([]);
    const parts = subtract(a, { row: 4, col: 2, numRows: 2, numCols: 1 });
    const cells = new Set<string>();
    for (const p of parts)
      for (let r = p.row; r < p.row + p.numRows; r++)
        for (let c = p.col; c < p.col + p.numCols; c++) {
          expect(cells.has(`${r},${c}`)).toBe(false);
          cells.add(`${r},${c}`);
        }
    expect(cells.size).toBe(30 - 2);
    expect(cells.has('4,2') || cells.has('5,2')).toBe(false);
  });
});

describe('conditional formats', () => {
  function rules(buf: Buffer): string[] {
    const xml = entryText(buf, 'xl/worksheets/sheet1.xml');
    return [...xml.matchAll(/<conditionalFormatting sqref="([^"]+)">.*?<formula>([^<]*)<\/formula>/g)].map(
      (m) => `${m[1]} ${m[2].replace(/&quot;/g, '"')}`,
    );
  }

  test("ours are replaced on each call; the user's rule stays", async () => {
    const book = await XlsxWorkbook.fromBuffer(await usersBook());
    const area = { row: 3, col: 4, numRows: 98, numCols: 1 };
    book.setOwnConditionalRules('ケース台帳', [
      { area, formula: '=$D3="共有期限超過"', background: '#f4cccc', bold: true },
    ]);
    const once = await XlsxWorkbook.fromBuffer(await book.toBuffer());
    once.setOwnConditionalRules('ケース台帳', [
      { area, formula: '=$D3="終了まで180日"', background: '#fff2cc' },
      { area, formula: '=$D3="終了"', fontColor: '#999999' },
    ]);
    const after = rules(await once.toBuffer());
    expect(after).toHaveLength(3);
    expect(after).toContain('A3:A100 $C3="要確認"');
    expect(after.filter((r) => r.includes(OWN_RULE_MARK))).toEqual([
      `D3:D100 AND(($D3="終了まで180日"),${OWN_RULE_MARK}=0)`,
      `D3:D100 AND(($D3="終了"),${OWN_RULE_MARK}=0)`,
    ]);
  });

  test('an empty list removes ours only', async () => {
    const book = await XlsxWorkbook.fromBuffer(await usersBook());
    book.setOwnConditionalRules('ケース台帳', [
      { area: { row: 3, col: 4, numRows: 2, numCols: 1 }, formula: '=TRUE', background: '#000000' },
    ]);
    book.setOwnConditionalRules('ケース台帳', []);
    expect(rules(await book.toBuffer())).toEqual(['A3:A100 $C3="要確認"']);
  });
});

describe('generated tabs, formats, frozen rows', () => {
  test('replaceSheet rebuilds a tab in place with bold rows, widths, formats and frozen rows', async () => {
    const book = await XlsxWorkbook.fromBuffer(await usersBook());
    book.replaceSheet('集計', { values: [['古い'], ['x', 'y']], backgrounds: [['#ff0000'], [null, null]] });
    book.replaceSheet('ケース台帳（自動）', { values: [['a']] });
    const again = await roundTrip(book);
    again.replaceSheet('集計', {
      values: [['【自動生成】集計'], ['センター名', '件数', '日付'], ['エール', 3, date(2024, 2, 29)]],
      columnFormats: [null, '0', 'yyyy/mm/dd'],
      boldRows: [1],
      frozenRows: 2,
      columnWidths: [210, null, 70],
    });
    const buf = await again.toBuffer();
    const raw = await rawLoad(buf);
    expect(raw.worksheets.map((w) => w.name)).toEqual(['ケース台帳', '利用者のタブ', '集計', 'ケース台帳（自動）']);
    const ws = raw.getWorksheet('集計')!;
    expect(ws.getCell('A1').fill).toBeUndefined();
    expect(ws.getCell('A2').font?.bold).toBe(true);
    expect(ws.getCell('C2').font?.bold).toBe(true);
    expect(ws.getCell('A3').font?.bold).toBeFalsy();
    expect(ws.getCell('C3').numFmt).toBe('yyyy/mm/dd');
    expect(ws.getColumn(1).width).toBe(30);
    expect(ws.getColumn(3).width).toBe(10);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect((await XlsxWorkbook.fromBuffer(buf)).readSheet('集計')).toEqual([
      ['【自動生成】集計', null, null],
      ['センター名', '件数', '日付'],
      ['エール', 3, date(2024, 2, 29)],
    ]);
  });

  test('setColumnFormats formats an area without touching its values', async () => {
    const book = XlsxWorkbook.create();
    book.createSheet('t');
    book.writeRange('t', 2, 1, [['2024/4/1']]);
    book.setColumnFormats('t', { row: 2, col: 1, numRows: 3, numCols: 2 }, ['yyyy/mm/dd', '@']);
    const raw = await rawLoad(await book.toBuffer());
    const ws = raw.getWorksheet('t')!;
    expect(ws.getCell('A2').value).toBe('2024/4/1');
    expect(ws.getCell('A4').numFmt).toBe('yyyy/mm/dd');
    expect(ws.getCell('B3').numFmt).toBe('@');
    expect(ws.getCell('A1').numFmt).toBeUndefined();
  });

  test('cells the adapter creates keep their own formats and fills, and a formatted column its format', async () => {
    const wb = new ExcelJS.Workbook();
    const user = wb.addWorksheet('t');
    user.getCell('A1').value = 'ヘッダー';
    user.getColumn(2).numFmt = '0.00';
    const book = await XlsxWorkbook.fromBuffer(await rawBuffer(wb));
    book.writeRange('t', 2, 2, [[1], [2], [3]], { backgrounds: [['#ffcccc'], [null], ['#ccffcc']] });
    book.writeRange('t', 2, 3, [[date(2024, 4, 1)], [date(2024, 4, 2)]], { columnFormats: ['yyyy/mm/dd'] });
    book.writeRange('t', 3, 3, [[5]], { columnFormats: ['0'] });
    book.writeRange('t', 2, 4, [['a'], ['b']], { backgrounds: [['#ffcccc'], [null]] });
    book.writeRange('t', 3, 4, [['b']], { backgrounds: [['#0000ff']] });
    const ws = (await rawLoad(await book.toBuffer())).getWorksheet('t')!;
    const fill = (a: string) => (ws.getCell(a).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb ?? null;
    expect(['B2', 'B3', 'B4'].map((a) => ws.getCell(a).numFmt)).toEqual(['0.00', '0.00', '0.00']);
    expect(['B2', 'B3', 'B4', 'D2', 'D3'].map(fill)).toEqual(['FFFFCCCC', null, 'FFCCFFCC', 'FFFFCCCC', 'FF0000FF']);
    expect(['C2', 'C3'].map((a) => ws.getCell(a).numFmt)).toEqual(['yyyy/mm/dd', '0']);
    expect([ws.getCell('C3').value, ws.getCell('A1').numFmt, fill('A1')]).toEqual([5, undefined, null]);
  });

  test('freezeRows(0) unfreezes; createSheet refuses a duplicate name', async () => {
    const book = XlsxWorkbook.create();
    book.createSheet('t');
    book.freezeRows('t', 3);
    book.freezeRows('t', 0);
    const raw = await rawLoad(await book.toBuffer());
    expect(raw.getWorksheet('t')!.views[0]?.state ?? 'normal').toBe('normal');
    expect(() => book.createSheet('t')).toThrow(/already exists/);
  });
});
