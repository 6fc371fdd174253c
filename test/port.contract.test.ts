// One contract, three adapters: the same port calls on the memory store, on an .xlsx book (saved to
// bytes or a file and opened again before anything is read back) and on the real Sheets adapter over
// the emulated SpreadsheetApp (a new adapter for every read, as each run makes one). Only what the
// port promises (src/workbook/port.ts) is checked: values through the port, and formats, notes,
// colours, dropdowns, conditional rules and frozen rows where a user would see them (the .xlsx file
// as exceljs reads it, the emulated spreadsheet, the memory store's own record).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { date } from '../src/domain/calendar';
import { DATE_FORMAT } from '../src/domain/schema';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';
import type { Area, Cell, TopLeft, WorkbookPort } from '../src/workbook/port';
import { XlsxWorkbook } from '../src/xlsx/xlsxWorkbook';
import { emulatedBook, release } from './gas/emulatedBook';

interface Dropdown {
  values: string[];
  allowInvalid: boolean;
}

/** What a user sees of a tab besides its values. */
interface View {
  /** The cell's number format; undefined when automatic. */
  format(sheet: string, row: number, col: number): string | undefined;
  /** '' when the cell has no note. */
  note(sheet: string, row: number, col: number): string;
  /** '#rrggbb', or null for none. */
  background(sheet: string, row: number, col: number): string | null;
  dropdown(sheet: string, row: number, col: number): Dropdown | null;
  /** Every conditional rule's formula, whoever made it (adapters may wrap or tag ours). */
  ruleFormulas(sheet: string): string[];
  frozenRows(sheet: string): number;
}

interface Subject {
  /** The adapter to call now (after `reopen`, a new one over the saved book). */
  readonly book: WorkbookPort;
  /** Saves and opens the book again (xlsx), or starts a new adapter as a new run does (Sheets). */
  reopen(): Promise<void>;
  /** A conditional rule the user made in the spreadsheet program, on `area`. */
  addUserRule(sheet: string, area: Area, formula: string): Promise<void>;
  view(): Promise<View>;
}

/** A1 as a caller gets it: readA1 where the adapter has it, else from readSheet (as the port says). */
function topLeft(book: WorkbookPort, name: string): TopLeft | null {
  if (book.readA1) return book.readA1(name);
  const values = book.readSheet(name);
  if (values === null) return null;
  const value = values[0]?.[0] ?? null;
  return { value, empty: !values.some((r) => r.some((v) => v !== null && v !== '')) };
}

const contains = (a: Area, row: number, col: number): boolean =>
  row >= a.row && row < a.row + a.numRows && col >= a.col && col < a.col + a.numCols;

function memorySubject(): Subject {
  const book = new MemoryWorkbook();
  return {
    book,
    reopen: async () => undefined,
    addUserRule: async (sheet, area, formula) =>
      book.addUserConditionalRule(sheet, { area, formula, background: '#000000' }),
    view: async () => ({
      format: (s, r, c) => book.formatAt(s, r, c),
      note: (s, r, c) => book.noteAt(s, r, c) ?? '',
      background: (s, r, c) => book.backgroundAt(s, r, c)?.toLowerCase() ?? null,
      dropdown: (s, r, c) => {
        const v = book
          .sheet(s)
          .validations.filter((x) => contains(x.area, r, c))
          .pop();
        return v ? { values: [...v.values], allowInvalid: v.allowInvalid } : null;
      },
      ruleFormulas: (s) => [...book.sheet(s).userRules, ...book.sheet(s).rules].map((x) => x.formula),
      frozenRows: (s) => book.sheet(s).frozenRows,
    }),
  };
}

/** 'A1' / 'B2:C9' → an area. */
function parseRef(ref: string): Area {
  const one = (a1: string) => {
    const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(a1)!;
    const col = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    return { row: Number(m[2]), col };
  };
  const [a, b = a] = ref.replace(/^range:/, '').split(':');
  const p = one(a);
  const q = one(b);
  return { row: p.row, col: p.col, numRows: q.row - p.row + 1, numCols: q.col - p.col + 1 };
}

function xlsxSubject(): Subject {
  let book = XlsxWorkbook.create();
  const subject: Subject = {
    get book() {
      return book;
    },
    async reopen() {
      book = await XlsxWorkbook.fromBuffer(await book.toBuffer());
    },
    async addUserRule(sheet, area, formula) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await book.toBuffer()) as never);
      const end = `${String.fromCharCode(64 + area.col + area.numCols - 1)}${area.row + area.numRows - 1}`;
      wb.getWorksheet(sheet)!.addConditionalFormatting({
        ref: `${String.fromCharCode(64 + area.col)}${area.row}:${end}`,
        rules: [
          {
            type: 'expression',
            priority: 1,
            formulae: [formula.replace(/^=/, '')],
            style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FF000000' } } },
          },
        ],
      });
      book = await XlsxWorkbook.fromBuffer(Buffer.from(await wb.xlsx.writeBuffer()));
    },
    async view() {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await book.toBuffer()) as never);
      const ws = (s: string) => wb.getWorksheet(s)!;
      return {
        format: (s, r, c) => {
          const f = ws(s).getCell(r, c).numFmt;
          return f && f !== 'General' ? f : undefined;
        },
        note: (s, r, c) => {
          const n = ws(s).getCell(r, c).note;
          return typeof n === 'string' ? n : (n?.texts?.map((t) => t.text).join('') ?? '');
        },
        background: (s, r, c) => {
          const fill = ws(s).getCell(r, c).fill;
          const argb = fill && fill.type === 'pattern' && fill.pattern === 'solid' ? fill.fgColor?.argb : undefined;
          return argb ? `#${argb.slice(-6).toLowerCase()}` : null;
        },
        dropdown: (s, r, c) => {
          const model = (ws(s) as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } })
            .dataValidations.model;
          const hit = Object.entries(model).filter(([ref]) => ref.split(' ').some((p) => contains(parseRef(p), r, c)));
          if (hit.length === 0) return null;
          const dv = hit[hit.length - 1][1];
          const list = String(dv.formulae[0]).replace(/^"|"$/g, '');
          return { values: list.split(','), allowInvalid: dv.errorStyle !== 'stop' };
        },
        ruleFormulas: (s) =>
          (
            (ws(s) as unknown as { conditionalFormattings?: { rules: { formulae?: unknown[] }[] }[] })
              .conditionalFormattings ?? []
          ).flatMap((cf) => cf.rules.flatMap((rule) => (rule.formulae ?? []).map(String))),
        frozenRows: (s) => {
          const v = ws(s).views?.[0] as { state?: string; ySplit?: number } | undefined;
          return v?.state === 'frozen' ? (v.ySplit ?? 0) : 0;
        },
      };
    },
  };
  return subject;
}

function sheetsSubject(): Subject {
  const { emu, open } = emulatedBook();
  let book = open();
  return {
    get book() {
      return book;
    },
    async reopen() {
      book = open();
    },
    async addUserRule(sheet, area, formula) {
      emu.sheet(sheet).rules.push({ formula, background: '#000000', fontColor: null, bold: null, ranges: [area] });
      // The user works between runs: the next run is a new adapter (one keeps what it read for its run).
      book = open();
    },
    async view() {
      const cell = (s: string, r: number, c: number) => emu.sheet(s).get(r, c);
      return {
        format: (s, r, c) => cell(s, r, c).format || undefined,
        note: (s, r, c) => cell(s, r, c).note,
        background: (s, r, c) => cell(s, r, c).bg?.toLowerCase() ?? null,
        dropdown: (s, r, c) => {
          const v = cell(s, r, c).validation;
          return v ? { values: [...v.values], allowInvalid: v.allowInvalid } : null;
        },
        ruleFormulas: (s) => emu.sheet(s).rules.map((x) => x.formula),
        frozenRows: (s) => emu.sheet(s).frozenRows,
      };
    },
  };
}

afterAll(release);

const ADAPTERS: [string, () => Subject][] = [
  ['memory', memorySubject],
  ['xlsx', xlsxSubject],
  ['Sheets (emulated)', sheetsSubject],
];

describe.each(ADAPTERS)('%s', (_name, make) => {
  let t: Subject;
  beforeEach(() => {
    t = make();
  });

  test('createSheet adds an empty tab at the end and refuses a name in use; a missing tab reads null', async () => {
    const before = t.book.sheetNames();
    t.book.createSheet('台帳');
    t.book.createSheet('設定');
    expect(() => t.book.createSheet('台帳')).toThrow();
    await t.reopen();
    expect(t.book.sheetNames()).toEqual([...before, '台帳', '設定']);
    expect(t.book.readSheet('台帳')).toEqual([]);
    expect(topLeft(t.book, '台帳')).toEqual({ value: null, empty: true });
    expect(t.book.readSheet('ない')).toBeNull();
    expect(topLeft(t.book, 'ない')).toBeNull();
  });

  test('writeRange: text, numbers, booleans, dates and blanks come back as written, padded to the used range', async () => {
    t.book.createSheet('台帳');
    t.book.writeRange(
      '台帳',
      1,
      1,
      [
        ['ケースID', '就職日', '件数', '継続'],
        ['C1', date(2024, 2, 29), 3, true],
        ['C2', date(2023, 12, 31), 0.5, false],
      ],
      { columnFormats: [null, DATE_FORMAT, null, null] },
    );
    t.book.writeRange('台帳', 5, 2, [['後の行', null, '']]);
    t.book.writeRange('台帳', 3, 1, [['C2 改']]);
    await t.reopen();
    expect(t.book.readSheet('台帳')).toEqual([
      ['ケースID', '就職日', '件数', '継続'],
      ['C1', { y: 2024, m: 2, d: 29 }, 3, true],
      ['C2 改', { y: 2023, m: 12, d: 31 }, 0.5, false],
      [null, null, null, null],
      [null, '後の行', null, null],
    ]);
    expect(topLeft(t.book, '台帳')).toEqual({ value: 'ケースID', empty: false });
  });

  test('readA1 tells a blank A1 on a filled tab from an empty tab', async () => {
    t.book.createSheet('メモ');
    t.book.writeRange('メモ', 2, 2, [['ここだけ']]);
    await t.reopen();
    expect(topLeft(t.book, 'メモ')).toEqual({ value: null, empty: false });
  });

  test('formats, notes and backgrounds land on the written cells, and "" / null clear them', async () => {
    t.book.createSheet('台帳');
    t.book.writeRange(
      '台帳',
      1,
      1,
      [
        ['a', 1],
        ['b', 2],
      ],
      {
        columnFormats: [null, '0.0%'],
        notes: [
          ['メモ1', ''],
          ['', 'メモ2'],
        ],
        backgrounds: [
          ['#f4cccc', null],
          [null, '#FFF2CC'],
        ],
      },
    );
    let v = await t.view();
    expect([v.format('台帳', 1, 2), v.format('台帳', 2, 2)]).toEqual(['0.0%', '0.0%']);
    expect([undefined, '@']).toContain(v.format('台帳', 1, 1)); // null: left automatic, or kept as text
    expect([v.note('台帳', 1, 1), v.note('台帳', 2, 2), v.note('台帳', 1, 2)]).toEqual(['メモ1', 'メモ2', '']);
    expect([v.background('台帳', 1, 1), v.background('台帳', 2, 2), v.background('台帳', 2, 1)]).toEqual([
      '#f4cccc',
      '#fff2cc',
      null,
    ]);
    await t.reopen();
    t.book.writeRange('台帳', 1, 1, [['a', 1]], { notes: [['', '']], backgrounds: [[null, null]] });
    v = await t.view();
    expect([v.note('台帳', 1, 1), v.background('台帳', 1, 1), v.note('台帳', 2, 2)]).toEqual(['', null, 'メモ2']);
    await t.reopen();
    expect(t.book.readSheet('台帳')).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  test('asText keeps what looks like a formula, a number or a date as the text it is', async () => {
    t.book.createSheet('回答');
    const texts = ['=1+1', '007', '2024/4/1', '+81 3', "'quoted"];
    t.book.writeRange('回答', 1, 1, [texts], { asText: true });
    await t.reopen();
    expect(t.book.readSheet('回答')).toEqual([texts]);
  });

  test('replaceSheet: exactly the new content; values, formats, dropdowns and every rule of the old go', async () => {
    t.book.createSheet('集計');
    t.book.writeRange('集計', 1, 1, [
      ['古い表', 'x', 'y'],
      [1, 2, 3],
      [4, 5, 6],
    ]);
    t.book.setListValidations('集計', [
      { area: { row: 2, col: 1, numRows: 2, numCols: 1 }, values: ['a'], allowInvalid: false },
    ]);
    t.book.setOwnConditionalRules('集計', [{ area: { row: 2, col: 1, numRows: 2, numCols: 3 }, formula: '=$A2>3' }]);
    await t.addUserRule('集計', { row: 1, col: 1, numRows: 3, numCols: 3 }, '=$B1="利用者"');
    t.book.replaceSheet('集計', {
      values: [['【自動生成】集計'], ['センター', '件数'], ['A', 1200]],
      columnFormats: [null, '#,##0'],
      frozenRows: 2,
    });
    t.book.replaceSheet('新しい集計', { values: [['【自動生成】新'], ['a', 1]] });
    const v = await t.view();
    expect(v.dropdown('集計', 2, 1)).toBeNull();
    expect(v.ruleFormulas('集計')).toEqual([]);
    expect(v.frozenRows('集計')).toBe(2);
    expect(v.format('集計', 3, 2)).toBe('#,##0');
    expect(v.format('集計', 3, 3)).toBeUndefined(); // the old tab's cell, gone
    await t.reopen();
    expect(t.book.readSheet('集計')).toEqual([
      ['【自動生成】集計', null],
      ['センター', '件数'],
      ['A', 1200],
    ]);
    expect(t.book.sheetNames().slice(-2)).toEqual(['集計', '新しい集計']);
    expect(t.book.readSheet('新しい集計')).toEqual([
      ['【自動生成】新', null],
      ['a', 1],
    ]);
  });

  test('setListValidations: a dropdown per area, warning-only or refusing; a second call on an area replaces it', async () => {
    t.book.createSheet('台帳');
    t.book.writeRange('台帳', 1, 1, [['要継続支援', '引継ぎ状況']]);
    t.book.setListValidations('台帳', [
      { area: { row: 2, col: 1, numRows: 9, numCols: 1 }, values: ['該当', '非該当'], allowInvalid: true },
      { area: { row: 2, col: 2, numRows: 9, numCols: 1 }, values: ['未着手', '済'], allowInvalid: false },
    ]);
    t.book.setListValidations('台帳', [
      { area: { row: 2, col: 2, numRows: 9, numCols: 1 }, values: ['未着手', '調整中', '済'], allowInvalid: true },
    ]);
    const v = await t.view();
    expect(v.dropdown('台帳', 5, 1)).toEqual({ values: ['該当', '非該当'], allowInvalid: true });
    expect(v.dropdown('台帳', 10, 2)).toEqual({ values: ['未着手', '調整中', '済'], allowInvalid: true });
    expect(v.dropdown('台帳', 1, 1)).toBeNull();
    expect(v.dropdown('台帳', 11, 1)).toBeNull();
  });

  test("setOwnConditionalRules replaces only the product's rules: the user's stay", async () => {
    t.book.createSheet('台帳');
    t.book.writeRange('台帳', 1, 1, [['ケースID', '状況']]);
    await t.addUserRule('台帳', { row: 2, col: 1, numRows: 5, numCols: 2 }, '=$A2="要注意"');
    const area = { row: 2, col: 1, numRows: 5, numCols: 2 };
    t.book.setOwnConditionalRules('台帳', [{ area, formula: '=$B2="共有期限超過"', background: '#f4cccc' }]);
    await t.reopen();
    t.book.setOwnConditionalRules('台帳', [
      { area, formula: '=$B2="終了"', bold: true },
      { area, formula: '=$B2="未共有"', fontColor: '#cc0000' },
    ]);
    const has = (formulas: string[], text: string) => formulas.filter((f) => f.includes(text)).length;
    let formulas = (await t.view()).ruleFormulas('台帳');
    expect(formulas).toHaveLength(3);
    expect([has(formulas, '$A2="要注意"'), has(formulas, '$B2="終了"'), has(formulas, '$B2="未共有"')]).toEqual([
      1, 1, 1,
    ]);
    expect(has(formulas, '共有期限超過')).toBe(0);
    await t.reopen();
    t.book.setOwnConditionalRules('台帳', []);
    formulas = (await t.view()).ruleFormulas('台帳');
    expect(formulas).toHaveLength(1);
    expect(formulas[0]).toContain('$A2="要注意"');
  });

  test('setColumnFormats sets a format per column over the area and leaves values and other cells', async () => {
    t.book.createSheet('台帳');
    t.book.writeRange(
      '台帳',
      1,
      1,
      [
        ['就職日', '件数', 'メモ'],
        [date(2024, 4, 1), 12, 'x'],
      ],
      { columnFormats: [DATE_FORMAT, null, null] },
    );
    const before = await t.view();
    const untouched: [number, number][] = [
      [1, 2],
      [5, 2],
      [2, 4],
      [2, 1],
    ];
    t.book.setColumnFormats('台帳', { row: 2, col: 2, numRows: 3, numCols: 2 }, ['#,##0', '@']);
    const v = await t.view();
    for (const [r, c] of untouched) expect([r, c, v.format('台帳', r, c)]).toEqual([r, c, before.format('台帳', r, c)]);
    expect([v.format('台帳', 2, 2), v.format('台帳', 4, 2), v.format('台帳', 3, 3)]).toEqual(['#,##0', '#,##0', '@']);
    expect(v.format('台帳', 2, 1)).toBe(DATE_FORMAT);
    await t.reopen();
    expect(t.book.readSheet('台帳')).toEqual([
      ['就職日', '件数', 'メモ'],
      [{ y: 2024, m: 4, d: 1 }, 12, 'x'],
    ]);
  });

  test('survey reads ahead and changes nothing: what follows reads and writes as without it', async () => {
    t.book.createSheet('台帳');
    t.book.writeRange('台帳', 1, 1, [
      ['ケースID', '状況'],
      ['C1', '終了'],
    ]);
    t.book.replaceSheet('集計', { values: [['【自動生成】集計'], ['a', 1]] });
    t.book.createSheet('空');
    await t.addUserRule('台帳', { row: 2, col: 1, numRows: 3, numCols: 2 }, '=$A2="要注意"');
    await t.reopen();
    const needs = { conditionalRules: ['台帳'], protections: [{ sheet: '台帳', description: '【自動】' }] };
    t.book.survey(needs);
    t.book.survey(needs); // a second survey reads nothing new
    expect(topLeft(t.book, '台帳')).toEqual({ value: 'ケースID', empty: false });
    expect(topLeft(t.book, '集計')).toEqual({ value: '【自動生成】集計', empty: false });
    expect(topLeft(t.book, '空')).toEqual({ value: null, empty: true });
    expect(topLeft(t.book, 'ない')).toBeNull();
    t.book.writeRange('台帳', 3, 1, [['C2', '未共有']]);
    t.book.setOwnConditionalRules('台帳', [
      { area: { row: 2, col: 1, numRows: 3, numCols: 2 }, formula: '=$B2="未共有"', bold: true },
    ]);
    t.book.setOwnConditionalRules('台帳', [
      { area: { row: 2, col: 1, numRows: 3, numCols: 2 }, formula: '=$B2="終了"', bold: true },
    ]);
    t.book.protectOwnedAreas?.('台帳', [{ row: 1, col: 2, numRows: 3, numCols: 1 }], '【自動】');
    t.book.replaceSheet('集計', { values: [['【自動生成】集計'], ['b', 2]] });
    t.book.writeRange('空', 2, 2, [['ここだけ']]);
    // What this run wrote is what it reads back, before and after the book is opened again.
    expect(topLeft(t.book, '空')).toEqual({ value: null, empty: false });
    const formulas = (await t.view()).ruleFormulas('台帳');
    expect(formulas).toHaveLength(2);
    expect(formulas.filter((f) => f.includes('$A2="要注意"') || f.includes('$B2="終了"'))).toHaveLength(2);
    await t.reopen();
    expect(t.book.readSheet('台帳')).toEqual([
      ['ケースID', '状況'],
      ['C1', '終了'],
      ['C2', '未共有'],
    ]);
    expect(t.book.readSheet('集計')).toEqual([
      ['【自動生成】集計', null],
      ['b', 2],
    ]);
    expect(topLeft(t.book, '空')).toEqual({ value: null, empty: false });
  });

  test('freezeRows freezes and unfreezes', async () => {
    t.book.createSheet('台帳');
    t.book.writeRange('台帳', 1, 1, [['a'], ['b'], ['c']]);
    t.book.freezeRows('台帳', 2);
    expect((await t.view()).frozenRows('台帳')).toBe(2);
    await t.reopen();
    t.book.freezeRows('台帳', 0);
    expect((await t.view()).frozenRows('台帳')).toBe(0);
  });
});

test('xlsx: a book saved to a file and loaded again reads back the same', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'teichaku-port-'));
  try {
    const book = XlsxWorkbook.create();
    book.createSheet('台帳');
    const rows: Cell[][] = [
      ['ケースID', '就職日'],
      ['C1', date(2024, 2, 29)],
    ];
    book.writeRange('台帳', 1, 1, rows, { columnFormats: [null, DATE_FORMAT] });
    await book.save(join(dir, '台帳.xlsx'));
    const again = await XlsxWorkbook.load(join(dir, '台帳.xlsx'));
    expect(again.readSheet('台帳')).toEqual(rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
