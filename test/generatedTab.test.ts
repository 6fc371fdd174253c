// Generated tabs: the name chosen next to a user's tab, and column widths from the content so that
// dates never show as ### and text is not cut off, in few runs of equal widths (one Sheets call each).

import { date } from '../src/domain/calendar';
import {
  A4_PORTRAIT_PX,
  breakLines,
  columnWidthsFor,
  printable,
  spaced,
  fewerRuns,
  MAX_COLUMN_WIDTH,
  MAX_WIDTH_RUNS,
  numericLayout,
  textUnits,
  titleRow,
  WIDTH_STEPS,
  writeGeneratedTab,
} from '../src/commands/shared/generated';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';
import type { Cell } from '../src/workbook/port';

const TODAY = date(2024, 6, 10);
const title = titleRow('検証結果', TODAY);

/** Runs of equal neighbouring widths. */
function runs(widths: readonly (number | null)[]): number {
  return widths.filter((w, i) => i === 0 || w !== widths[i - 1]).length;
}

describe('text width', () => {
  test('full-width characters count twice; the longest line counts', () => {
    expect(textUnits('abc')).toBe(3);
    expect(textUnits('あいう')).toBe(6);
    expect(textUnits('ＡＢ（株）')).toBe(10);
    expect(textUnits('ab\nあいうえ')).toBe(8);
    expect(textUnits('')).toBe(0);
  });
});

describe('column widths', () => {
  test('a date column is wide enough for yyyy/mm/dd; a column of long Japanese names is wider', () => {
    const name = '社会福祉法人サンプル会就労定着支援センター'; // 21 full-width characters ≈ 300 px at 10 pt
    const values: Cell[][] = [title, ['日付', '事業所', '備考'], [date(2024, 4, 1), name, 'x']];
    const [dateCol, nameCol] = columnWidthsFor({ values });
    expect(dateCol).toBeGreaterThanOrEqual(10 * 7);
    expect(nameCol).toBeGreaterThanOrEqual(21 * 14);
    expect(nameCol).toBeLessThanOrEqual(MAX_COLUMN_WIDTH);
  });

  test('every width is a step, and long text stops at the widest step', () => {
    const long = 'とても長い説明文'.repeat(20);
    const widths = columnWidthsFor({ values: [title, [long, 'a', 'b'], ['c', 'd', 'e']] });
    expect(widths[0]).toBe(MAX_COLUMN_WIDTH);
    for (const w of widths) expect(WIDTH_STEPS).toContain(w);
  });

  test('single-text note rows ask no width; text in the last column stops at the widest step (it wraps)', () => {
    const note = '対象のケースはありません。期間の設定は設定タブで変更できます。'.repeat(2);
    const values: Cell[][] = [['短い題'], [note], ['ID', '件数', 'メッセージ'], ['K-1', 3, note]];
    // ID: 3 units → 29 px; 件数: 4 units (bold: no) → 36 px; both the narrowest step.
    expect(columnWidthsFor({ values })).toEqual([WIDTH_STEPS[0], WIDTH_STEPS[0], MAX_COLUMN_WIDTH]);
  });

  test('the last column is widened for the title to end within the table', () => {
    // The title: 【自動生成】検証結果（2024/06/10 作成・このタブは次回の実行で作り直されます）
    // = 33 full-width (66 units) + 11 half-width = 77 units → 77 × 7 + 8 = 547 px.
    const widths = columnWidthsFor({ values: [title, ['a', 'b'], ['c', 'd']] });
    expect(widths.reduce((s, w) => s + w, 0)).toBeGreaterThanOrEqual(547);
    expect(widths[0]).toBe(WIDTH_STEPS[0]);
  });

  test("a caller's width is kept", () => {
    const widths = columnWidthsFor({ values: [title, ['a', 'b']], columnWidths: [null, 333] });
    expect(widths[1]).toBe(333);
  });

  test('at most MAX_WIDTH_RUNS runs, whatever the table', () => {
    const header = [
      'No.',
      'センター名（正式名称を記入）',
      '件数',
      '今後6か月の終了予定',
      '件数',
      '共有期限超過の件数',
      '件数',
    ];
    const widths = columnWidthsFor({ values: [title, header, [1, 'あかね園', 3, 2, 1, 0, 5]] });
    expect(runs(widths)).toBeLessThanOrEqual(MAX_WIDTH_RUNS);
  });
});

describe('fewer runs', () => {
  test('merging only widens, keeps widths it was given, and stops at the run limit', () => {
    const cases = [
      [100, 320, 100, 200, 100, 140, 100, 100, 100],
      [480, 100, 480, 100, 480, 100],
      [100, 100, 100],
      [200],
    ];
    for (const widths of cases) {
      for (const limit of [1, 2, 3, 4]) {
        const out = fewerRuns(widths, limit);
        expect(out).toHaveLength(widths.length);
        out.forEach((w, i) => expect(w).toBeGreaterThanOrEqual(widths[i]));
        for (const w of out) expect(widths).toContain(w);
        expect(runs(out)).toBeLessThanOrEqual(Math.max(limit, 1));
      }
    }
  });

  test('a narrow column between wide ones is widened rather than a wide one narrowed', () => {
    expect(fewerRuns([200, 100, 200, 480], 2)).toEqual([200, 200, 200, 480]);
  });
});

describe('writeGeneratedTab', () => {
  const content = { values: [titleRow('検証結果', TODAY), ['行']] };

  test("beside a user's tab of the same name ours takes （自動）; our own tab or an empty one is rebuilt", () => {
    const book = MemoryWorkbook.from({ 検証結果: [['自分のメモ']], '検証結果（自動）': [] });
    const first = writeGeneratedTab(book, '検証結果', content);
    expect(first.name).toBe('検証結果（自動）');
    expect(first.notice).toContain('「検証結果（自動）」');
    expect(book.cell('検証結果', 1, 1)).toBe('自分のメモ');
    expect(writeGeneratedTab(book, '検証結果', content).name).toBe('検証結果（自動）');
    expect(book.sheetNames()).toEqual(['検証結果', '検証結果（自動）']);
  });

  test('A1 is what is read to tell ours from a user tab, not the whole tab', () => {
    const book = MemoryWorkbook.from({ 検証結果: [[title[0]], ...Array.from({ length: 50 }, () => ['x'])] });
    const wholeReads = jest.spyOn(book, 'readSheet');
    writeGeneratedTab(book, '検証結果', content);
    expect(wholeReads).not.toHaveBeenCalled();
    expect(book.readSheet('検証結果')).toHaveLength(2);
  });
});

describe('numbers in generated tabs', () => {
  test('counts get #,##0 and their headers go right; row numbers and rates keep theirs; text columns get none', () => {
    const values: Cell[][] = [
      title,
      ['説明の行'],
      ['行', '名前', '件数', '率', '混在'],
      [1234, 'あ', 1251, 0.5, 3],
      [7, 'い', 2, 0.25, 'x'],
      ['（注）一行のメモは表の一部ではありません'],
      [],
      [null, '合計', 1253, null, null],
    ];
    const { cellFormats, alignments } = numericLayout({
      values,
      boldRows: [0, 2, 7],
      columnFormats: [null, null, null, '0.0%', null],
    });
    expect(alignments?.[2]).toEqual([null, null, 'right', 'right', null]);
    // Every number ends with the width of a space (`_ `): 1234 (a row number, no separator) never
    // touches あ beside it; the rate keeps its column's 0.0% with the space added.
    expect(cellFormats?.[3]).toEqual(['0_ ', null, '#,##0_ ', '0.0%_ ', '#,##0_ ']);
    // Outside a table (after the empty row) a number is a count again; the title row is never a header.
    expect(cellFormats?.[7]).toEqual([null, null, '#,##0_ ', null, null]);
    expect(alignments?.[0]).toEqual([null]);
  });

  test('a tab without numbers asks for nothing', () => {
    expect(numericLayout({ values: [title, ['a', 'b'], ['c', 'd']], boldRows: [1] })).toEqual({
      cellFormats: undefined,
      alignments: undefined,
    });
  });
});

describe('printing a page wide', () => {
  const note =
    '対象は要継続支援のケースです。情報共有期限は支援終了予定日の3か月前で、期限を過ぎると減算の対象になります。設定タブで期間を変更できます。';

  test('breakLines cuts after punctuation within the width, and keeps every character', () => {
    const lines = breakLines(note, 40);
    for (const l of lines) expect(textUnits(l)).toBeLessThanOrEqual(40);
    expect(lines.join('')).toBe(note);
    expect(lines[0].endsWith('。') || lines[0].endsWith('、')).toBe(true);
  });

  test('a note wider than the table becomes rows of the table width; rows below, bold rows and charts move with it', () => {
    const values: Cell[][] = [title, [note], [], ['センター名', '件数'], ['あかね園', 3]];
    const laid = printable({
      values,
      boldRows: [0, 3],
      frozenRows: 4,
      charts: [
        { kind: 'bar', title: 't', data: { row: 4, col: 1, numRows: 2, numCols: 2 }, anchor: { row: 4, col: 4 } },
      ],
    });
    const widths = laid.columnWidths as number[];
    // A note may run on over the empty cells up to the chart's right edge: 2 columns, a third at
    // the default 100 px, then the 560-px chart anchored in column 4.
    const tableUnits = (widths[0] + widths[1] + 100 + 560 - 8) / 7;
    const noteRows = laid.values.slice(1, laid.values.findIndex((r) => r[0] === 'センター名') - 1);
    expect(noteRows.length).toBeGreaterThan(1);
    for (const r of noteRows) expect(textUnits(String(r[0]))).toBeLessThanOrEqual(tableUnits);
    expect(noteRows.map((r) => r[0]).join('')).toBe(note);
    const header = laid.values.findIndex((r) => r[0] === 'センター名');
    expect(laid.boldRows).toEqual([0, header]);
    expect(laid.frozenRows).toBe(header + 1);
    expect(laid.charts?.[0].data.row).toBe(header + 1);
    expect(laid.charts?.[0].anchor.row).toBe(header + 1);
    // The header (and the note above it) repeat on every page; the chart beside the table makes it
    // wider than a portrait A4 page can show at 100 %: landscape.
    expect(laid.print).toEqual({ landscape: true, repeatRows: header + 1 });
  });

  test('a narrow table prints portrait, title row repeated when nothing is frozen', () => {
    const laid = printable({ values: [title, ['行', '値'], [1, 'x']] });
    expect(laid.values).toHaveLength(3);
    expect(laid.print).toEqual({ landscape: false, repeatRows: 1 });
    expect((laid.columnWidths as number[]).reduce((s, w) => s + w, 0)).toBeLessThanOrEqual(A4_PORTRAIT_PX);
  });

  test('a wide table prints landscape', () => {
    const header = Array.from({ length: 14 }, (_, i) => `見出し${i}`);
    const laid = printable({ values: [title, header, header.map((_, i) => i)] });
    expect(laid.print?.landscape).toBe(true);
  });

  test('spaced: number formats get the width of a space after them; text and dates do not', () => {
    expect(spaced('#,##0')).toBe('#,##0_ ');
    expect(spaced('0.00%')).toBe('0.00%_ ');
    expect(spaced('0.00%_ ')).toBe('0.00%_ ');
    expect(spaced('@')).toBe('@');
    expect(spaced('yyyy/mm/dd')).toBe('yyyy/mm/dd');
  });
});
