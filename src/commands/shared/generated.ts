// Generated tabs (検証結果, 引継ぎ予定, 集計…): rebuilt on each run and marked as ours in A1,
// so a user's own tab that happens to have the same name is never overwritten.

import { formatSlash, isCalendarDate, type CalendarDate } from '../../domain/calendar';
import { GENERATED_MARK } from '../../domain/schema';
import type { Cell, HorizontalAlignment, SheetContent, TopLeft, WorkbookPort } from '../../workbook/port';
import { textUnits } from '../../workbook/printLayout';

export { textUnits };

export interface GeneratedTab {
  /** The name actually used (differs from the wanted name when a user's tab holds it). */
  readonly name: string;
  /** Set when the wanted name was taken by a user's tab. */
  readonly notice?: string;
}

/** A1 of a tab (null: no such tab), through the adapter's cheap read when it has one. */
function topLeft(book: WorkbookPort, name: string): TopLeft | null {
  if (book.readA1) return book.readA1(name);
  const values = book.readSheet(name);
  if (values === null) return null;
  return { value: values[0]?.[0] ?? null, empty: values.length === 0 };
}

/**
 * Whether a tab exists. Through A1 it costs a call or two in Apps Script, where listing every tab's
 * name costs one call per tab.
 */
export function hasTab(book: WorkbookPort, name: string): boolean {
  return topLeft(book, name) !== null;
}

/** Whether a tab may be rebuilt: it does not exist, is ours (marked in A1), or is empty. */
function isOursOrFree(a1: TopLeft | null): boolean {
  // An empty tab holds nothing to protect; it is what a run cut off right after creating ours leaves.
  if (a1 === null || a1.empty) return true;
  return typeof a1.value === 'string' && a1.value.startsWith(GENERATED_MARK);
}

export function isGeneratedTab(book: WorkbookPort, name: string): boolean {
  const a1 = topLeft(book, name);
  return a1 !== null && isOursOrFree(a1);
}

/** The title row every generated tab starts with. */
export function titleRow(title: string, today: CalendarDate): Cell[] {
  return [`${GENERATED_MARK}${title}（${formatSlash(today)} 作成・このタブは次回の実行で作り直されます）`];
}

/**
 * Writes a generated tab. `content.values[0]` should be the title row from `titleRow`.
 * When a user's own tab holds `wanted`, ours takes `wanted（自動）`, `wanted（自動2）`, … and the user is told.
 * Columns the caller gives no width get one from their content (see `columnWidthsFor`).
 */
export function writeGeneratedTab(book: WorkbookPort, wanted: string, content: SheetContent): GeneratedTab {
  let name = wanted;
  for (let i = 1; !isOursOrFree(topLeft(book, name)); i++) {
    name = i === 1 ? `${wanted}（自動）` : `${wanted}（自動${i}）`;
  }
  const laid = printable(content);
  const layout = numericLayout(laid);
  book.replaceSheet(name, {
    ...laid,
    cellFormats: laid.cellFormats ?? layout.cellFormats,
    alignments: laid.alignments ?? layout.alignments,
  });
  const notice =
    name === wanted
      ? undefined
      : `「${wanted}」タブは利用者のタブのため上書きせず、結果を「${name}」タブに書きました。`;
  return { name, notice };
}

// --- printing: a page wide, the scale set by the table alone ---------------------------------

/**
 * Pixels across the printable part of an A4 page at 100 % (96 px per inch, Excel's default margins
 * of 0.7 inch left and right): 210 mm portrait, 297 mm landscape.
 */
export const A4_PORTRAIT_PX = Math.floor((210 / 25.4 - 1.4) * 96);
export const A4_LANDSCAPE_PX = Math.floor((297 / 25.4 - 1.4) * 96);

/** Size of a chart we draw, in pixels (the adapters draw them this size). */
const CHART_WIDTH_PX = 560;

/**
 * Pixels a tab prints across: its columns, or the charts beside them where they reach further
 * (columns past the table at the default width, Sheets' 100 px: Excel's 64 px is narrower).
 */
function printedWidth(widths: readonly number[], content: SheetContent): number {
  const leftOf = (col: number) =>
    widths.slice(0, col - 1).reduce((sum, w) => sum + w, 0) + Math.max(0, col - 1 - widths.length) * 100;
  return Math.max(
    widths.reduce((sum, w) => sum + w, 0),
    ...(content.charts ?? []).map((c) => leftOf(c.anchor.col) + CHART_WIDTH_PX),
  );
}

/** A row holding nothing but one text (a note such as an explanation under the title). */
function singleText(row: readonly Cell[]): string | null {
  let text: string | null = null;
  for (const c of row) {
    if (c === null || c === '') continue;
    if (typeof c !== 'string' || text !== null) return null;
    text = c;
  }
  return text;
}

/** Where a line of Japanese prose may break: after punctuation, a closing bracket or a space. */
const BREAK_AFTER = /[。、，．）」』】〕）!?！？ \u3000]/;

/**
 * A text cut into lines of at most `maxUnits` (textUnits), each break after punctuation where the
 * line allows one, else where the width runs out. Existing line breaks are kept.
 */
export function breakLines(text: string, maxUnits: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    let units = 0;
    let lastBreak = -1; // index in `line` after which a break is allowed
    for (const ch of para) {
      const u = textUnits(ch);
      if (units + u > maxUnits && line !== '') {
        const cut = lastBreak > 0 && lastBreak >= line.length / 2 ? lastBreak : line.length;
        out.push(line.slice(0, cut).trimEnd());
        line = line.slice(cut).trimStart();
        units = textUnits(line);
        lastBreak = -1;
      }
      line += ch;
      units += u;
      if (BREAK_AFTER.test(ch)) lastBreak = line.length;
    }
    out.push(line.trimEnd());
  }
  return out;
}

/**
 * A generated tab laid out to print a page wide with the scale set by its table, not by an
 * explanation: every column gets a width (see columnWidthsFor), the last column wide enough for the
 * title to end within the table, and a note row wider than the table is cut into lines that fit
 * it, one row each (Excel and LibreOffice print a text running on past the last column, and shrink
 * the page to show it). A4, landscape when the table (and the charts beside it) is wider than a
 * portrait page; the rows down to the frozen header repeat on every page. The caller's print layout
 * is kept when it gives one.
 */
export function printable(content: SheetContent): SheetContent {
  const widths = columnWidthsFor(content);
  // A note may run on over the empty cells as far as the page reaches (the charts beside the table).
  const maxUnits = Math.max(20, Math.floor((printedWidth(widths, content) - PADDING_PX) / PX_PER_UNIT));
  // Old row → its first new row; rows cut in several lines push the rest down.
  const at: number[] = [];
  const values: Cell[][] = [];
  const split = new Map<number, number>();
  content.values.forEach((row, r) => {
    at.push(values.length);
    const text = r === 0 ? null : singleText(row);
    if (text === null || textUnits(text) <= maxUnits) {
      values.push(row.slice());
      return;
    }
    const lines = breakLines(text, maxUnits);
    split.set(r, lines.length);
    const col = row.findIndex((c) => c === text);
    for (const line of lines) {
      const next = new Array<Cell>(row.length).fill(null);
      next[col] = line;
      values.push(next);
    }
  });
  at.push(values.length);
  const rowOf = (r: number) => at[Math.min(r, at.length - 1)];
  const spread = <T>(rows: readonly T[] | undefined, blank: T): T[] | undefined =>
    rows === undefined || split.size === 0
      ? (rows as T[] | undefined)
      : content.values.flatMap((_, r) => {
          const n = split.get(r) ?? 1;
          return Array.from({ length: n }, (__, i) => (i === 0 && r < rows.length ? rows[r] : blank));
        });
  const boldRows = content.boldRows?.flatMap((r) => Array.from({ length: split.get(r) ?? 1 }, (_, i) => rowOf(r) + i));
  const frozenRows = content.frozenRows === undefined ? undefined : rowOf(content.frozenRows);
  const charts = content.charts?.map((c) => ({
    ...c,
    data: { ...c.data, row: rowOf(c.data.row - 1) + 1 },
    anchor: { ...c.anchor, row: rowOf(c.anchor.row - 1) + 1 },
  }));

  const repeatRows = frozenRows !== undefined && frozenRows > 0 ? frozenRows : values.length > 0 ? 1 : 0;
  return {
    ...content,
    values,
    columnWidths: widths,
    ...(boldRows ? { boldRows } : {}),
    ...(frozenRows !== undefined ? { frozenRows } : {}),
    ...(charts ? { charts } : {}),
    ...(content.backgrounds ? { backgrounds: spread(content.backgrounds, []) } : {}),
    ...(content.cellFormats ? { cellFormats: spread(content.cellFormats, undefined) } : {}),
    ...(content.alignments ? { alignments: spread(content.alignments, undefined) } : {}),
    print: content.print ?? { landscape: printedWidth(widths, content) > A4_PORTRAIT_PX, repeatRows },
  };
}

// --- numbers: thousands separators and headers aligned over them ---------------------------

/**
 * How counts are shown in generated tabs, as the seed's tables print them (1,251), followed by the
 * width of a space (`_ `) so that a number never touches the text in the column to its right
 * ("7 16/16センター提出", not "716/16センター提出").
 */
export const COUNT_FORMAT = '#,##0_ ';
/** A row number of another tab (16, not 1,6): the same space after it. */
export const ROW_NUMBER_FORMAT = '0_ ';

/** A number format with the width of a space after its numbers; text and date formats as they are. */
export function spaced(format: string): string {
  if (format === '@' || format.includes(';') || /_.$/.test(format)) return format;
  const bare = format.replace(/"[^"]*"|\[[^\]]*\]/g, '');
  if (/[ymdhs]/i.test(bare)) return format;
  return `${format}_ `;
}

/** Headers of columns that hold row numbers of another tab, not counts. */
const ROW_NUMBER_HEADERS: ReadonlySet<string> = new Set(['行']);

/**
 * Formats and alignments read off a generated tab's values, so every table of every generated tab
 * gets them without its command describing them: whole numbers in a column without a format of its
 * own show as COUNT_FORMAT, and the header of a column that holds only numbers is right-aligned over
 * them. A header row is a bold row of two or more texts and no number; its table runs down to the
 * next empty row. Rows with a single text (notes such as （該当なし）) do not count.
 * Undefined where nothing needs either.
 */
export function numericLayout(content: SheetContent): {
  cellFormats?: (string | null)[][];
  alignments?: (HorizontalAlignment | null)[][];
} {
  const { values } = content;
  const bold = new Set(content.boldRows ?? []);
  const isHeader = (row: readonly Cell[], r: number) =>
    r > 0 &&
    bold.has(r) &&
    row.filter((c) => typeof c === 'string' && c !== '').length >= 2 &&
    !row.some((c) => typeof c === 'number');
  let anyFormat = false;
  let anyAlign = false;
  // The header over each row's cells (null outside a table), for telling row numbers from counts.
  let header: readonly Cell[] | null = null;
  const formats = values.map((row, r) => {
    if (row.every((c) => c === null || c === '')) header = null;
    else if (isHeader(row, r)) header = row;
    const over = header;
    return row.map((cell, c) => {
      if (typeof cell !== 'number') return null;
      const own = content.columnFormats?.[c] ?? null;
      if (own !== null) {
        // The column's own format (a rate, units), with the space after it.
        if (spaced(own) === own) return null;
        anyFormat = true;
        return spaced(own);
      }
      if (!Number.isInteger(cell)) return null;
      anyFormat = true;
      // A row number (「行」) is a place in a tab, shown as the tab shows it: 1234, not 1,234.
      if (over !== null && typeof over[c] === 'string' && ROW_NUMBER_HEADERS.has(over[c] as string))
        return ROW_NUMBER_FORMAT;
      return COUNT_FORMAT;
    });
  });
  const isNote = (row: readonly Cell[]) => {
    const filled = row.filter((c) => c !== null && c !== '');
    return filled.length === 1 && typeof filled[0] === 'string';
  };
  const isEmpty = (row: readonly Cell[]) => row.every((c) => c === null || c === '');
  const alignments = values.map((row) => new Array<HorizontalAlignment | null>(row.length).fill(null));
  values.forEach((row, r) => {
    if (!isHeader(row, r)) return;
    row.forEach((head, c) => {
      // Row numbers are references, not amounts: their header stays (and Sheets is spared a call).
      if (typeof head !== 'string' || head === '' || ROW_NUMBER_HEADERS.has(head)) return;
      let numbers = 0;
      for (let b = r + 1; b < values.length && !isEmpty(values[b]); b++) {
        if (isNote(values[b])) continue;
        const cell = values[b][c] ?? null;
        if (typeof cell === 'number') numbers++;
        else if (cell !== null && cell !== '') return;
      }
      if (numbers === 0) return;
      alignments[r][c] = 'right';
      anyAlign = true;
    });
  });
  return { cellFormats: anyFormat ? formats : undefined, alignments: anyAlign ? alignments : undefined };
}

// --- column widths ---------------------------------------------------------------------------

/**
 * Widths a column may get, in pixels. Few on purpose: neighbouring columns that land on the same
 * width are set together (one service call per run of equal widths in Sheets). 100 is Sheets'
 * default width; the narrower steps keep a column of small numbers or months (2026-04) from
 * widening the printed page.
 */
export const WIDTH_STEPS: readonly number[] = [60, 80, 100, 140, 200, 320, 480];
export const MAX_COLUMN_WIDTH = WIDTH_STEPS[WIDTH_STEPS.length - 1];

/** Pixels per half-width character at the default 10 pt font; a full-width (CJK) character counts twice. */
const PX_PER_UNIT = 7;
const PADDING_PX = 8;

function cellUnits(cell: Cell, format: string | null): number {
  if (cell === null) return 0;
  if (typeof cell === 'string') return textUnits(cell);
  if (isCalendarDate(cell)) return 10; // yyyy/mm/dd
  if (typeof cell === 'boolean') return 5;
  if (format !== null && format.includes('%')) return `${(cell * 100).toFixed(1)}%`.length;
  return Math.min(String(cell).length, 15);
}

/**
 * The width a ledger-like column needs in Excel and LibreOffice for its header on one line (a bold
 * header is about 5 % wider) and, for a date column, yyyy/mm/dd (their default 64 px shows ###).
 * At most the step below MAX_COLUMN_WIDTH.
 */
export function headerColumnWidth(header: string, isDate: boolean, bold = false): number {
  const units = Math.max(textUnits(header) * (bold ? 1.05 : 1), isDate ? 10 : 0);
  return Math.min(widthStep(units * PX_PER_UNIT + PADDING_PX), WIDTH_STEPS[WIDTH_STEPS.length - 2]);
}

/** The smallest step that holds `px`, or the largest. */
export function widthStep(px: number): number {
  return WIDTH_STEPS.find((w) => w >= px) ?? MAX_COLUMN_WIDTH;
}

/**
 * A width for every column: the caller's where given, else from the longest value in the column,
 * rounded up to a step. Left out, because their text runs on into the empty cells to its right:
 * the title row and rows holding a single text (notes; `printable` cuts those to the table's width).
 * A long text column stops at MAX_COLUMN_WIDTH; the adapters wrap the last column's text there.
 * The last column is widened, where needed, for the title to end within the table.
 */
export function columnWidthsFor(content: SheetContent): number[] {
  const width = content.values.reduce((w, row) => Math.max(w, row.length), 0);
  const bold = new Set(content.boldRows ?? []);
  const units = new Array<number>(width).fill(0);
  content.values.forEach((row, r) => {
    if (r === 0 || singleText(row) !== null) return;
    row.forEach((cell, c) => {
      let u = cellUnits(cell, content.columnFormats?.[c] ?? null);
      if (bold.has(r)) u *= 1.05;
      if (u > units[c]) units[c] = u;
    });
  });
  const widths = units.map((u, c) => {
    const given = content.columnWidths?.[c];
    if (given !== undefined && given !== null) return given;
    return widthStep(u * PX_PER_UNIT + PADDING_PX);
  });
  const title = content.values[0]?.[0];
  if (width > 0 && typeof title === 'string' && content.columnWidths?.[width - 1] == null) {
    // The page is as wide as the table, or as the charts beside it where they reach further.
    const short = textUnits(title) * PX_PER_UNIT + PADDING_PX - printedWidth(widths, content);
    if (short > 0) widths[width - 1] += Math.ceil(short / 20) * 20;
  }
  return fewerRuns(widths, MAX_WIDTH_RUNS);
}

/** At most this many runs of equal widths per tab (Sheets: one setColumnWidths call each). */
export const MAX_WIDTH_RUNS = 6;

/**
 * Widens columns until the widths form at most `maxRuns` runs of equal neighbours: each step
 * merges the two neighbouring runs whose merge widens columns the least, relative to their width
 * (the narrower run takes the wider run's width), so no column gets narrower than its content asks.
 */
export function fewerRuns(widths: readonly number[], maxRuns: number): number[] {
  const runs: { width: number; count: number }[] = [];
  for (const w of widths) {
    const last = runs[runs.length - 1];
    if (last && last.width === w) last.count++;
    else runs.push({ width: w, count: 1 });
  }
  while (runs.length > Math.max(1, maxRuns)) {
    let best = 0;
    let bestCost = Infinity;
    for (let i = 0; i + 1 < runs.length; i++) {
      const [a, b] = [runs[i], runs[i + 1]];
      const [narrow, wide] = a.width < b.width ? [a, b] : [b, a];
      const cost = (narrow.count * (wide.width - narrow.width)) / narrow.width;
      if (cost < bestCost) [best, bestCost] = [i, cost];
    }
    const [a, b] = [runs[best], runs[best + 1]];
    runs.splice(best, 2, { width: Math.max(a.width, b.width), count: a.count + b.count });
    // Merging may have made this run equal to a neighbour: join them.
    for (let i = 0; i + 1 < runs.length; i++) {
      if (runs[i].width === runs[i + 1].width) {
        runs.splice(i, 2, { width: runs[i].width, count: runs[i].count + runs[i + 1].count });
        i--;
      }
    }
  }
  return runs.flatMap((r) => new Array<number>(r.count).fill(r.width));
}
