// Generated tabs (検証結果, 引継ぎ予定, 集計…): rebuilt on each run and marked as ours in A1,
// so a user's own tab that happens to have the same name is never overwritten.

import { formatSlash, isCalendarDate, type CalendarDate } from '../../domain/calendar';
import { GENERATED_MARK } from '../../domain/schema';
import type { Cell, HorizontalAlignment, SheetContent, TopLeft, WorkbookPort } from '../../workbook/port';

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
  const layout = numericLayout(content);
  book.replaceSheet(name, {
    ...content,
    columnWidths: columnWidthsFor(content),
    cellFormats: content.cellFormats ?? layout.cellFormats,
    alignments: content.alignments ?? layout.alignments,
  });
  const notice =
    name === wanted
      ? undefined
      : `「${wanted}」タブは利用者のタブのため上書きせず、結果を「${name}」タブに書きました。`;
  return { name, notice };
}

// --- numbers: thousands separators and headers aligned over them ---------------------------

/** How counts are shown in generated tabs, as the seed's tables print them (1,251). */
export const COUNT_FORMAT = '#,##0';

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
      if (typeof cell !== 'number' || !Number.isInteger(cell)) return null;
      if ((content.columnFormats?.[c] ?? null) !== null) return null;
      // A row number (「行」) is a place in a tab, shown as the tab shows it: 1234, not 1,234.
      if (over !== null && typeof over[c] === 'string' && ROW_NUMBER_HEADERS.has(over[c] as string)) return null;
      anyFormat = true;
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
 * default width, wide enough for a date.
 */
export const WIDTH_STEPS: readonly number[] = [100, 140, 200, 320, 480];
export const MAX_COLUMN_WIDTH = WIDTH_STEPS[WIDTH_STEPS.length - 1];

/** Pixels per half-width character at the default 10 pt font; a full-width (CJK) character counts twice. */
const PX_PER_UNIT = 7;
const PADDING_PX = 8;

/** East Asian wide and full-width characters, and the symbols Japanese fonts draw full width. */
const WIDE =
  /[\u1100-\u115f\u2190-\u21ff\u2460-\u27bf\u2e80-\u303e\u3040-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u00d7]/;

/** Display width of a text in half-width units: its longest line, wide characters counting 2. */
export function textUnits(text: string): number {
  let best = 0;
  for (const line of text.split('\n')) {
    let units = 0;
    for (const ch of line) units += WIDE.test(ch) || ch.length > 1 ? 2 : 1;
    best = Math.max(best, units);
  }
  return best;
}

function cellUnits(cell: Cell, format: string | null): number {
  if (cell === null) return 0;
  if (typeof cell === 'string') return textUnits(cell);
  if (isCalendarDate(cell)) return 10; // yyyy/mm/dd
  if (typeof cell === 'boolean') return 5;
  if (format !== null && format.includes('%')) return `${(cell * 100).toFixed(1)}%`.length;
  return Math.min(String(cell).length, 15);
}

/**
 * The width a ledger-like column needs in Excel and LibreOffice for its header on one line and, for a
 * date column, yyyy/mm/dd (their default 64 px shows ###). At most the step below MAX_COLUMN_WIDTH.
 */
export function headerColumnWidth(header: string, isDate: boolean): number {
  const units = Math.max(textUnits(header), isDate ? 10 : 0);
  return Math.min(widthStep(units * PX_PER_UNIT + PADDING_PX), WIDTH_STEPS[WIDTH_STEPS.length - 2]);
}

/** The smallest step that holds `px`, or the largest. */
export function widthStep(px: number): number {
  return WIDTH_STEPS.find((w) => w >= px) ?? MAX_COLUMN_WIDTH;
}

/**
 * A width for every column: the caller's where given, else from the longest value in the column,
 * rounded up to a step. Left out, because their text runs on into the empty cells to its right:
 * the title row, rows holding a single text (notes), and text in the last column. A long text
 * column stops at MAX_COLUMN_WIDTH.
 */
export function columnWidthsFor(content: SheetContent): (number | null)[] {
  const width = content.values.reduce((w, row) => Math.max(w, row.length), 0);
  const bold = new Set(content.boldRows ?? []);
  const units = new Array<number>(width).fill(0);
  content.values.forEach((row, r) => {
    if (r === 0) return;
    const filled = row.filter((c) => c !== null && c !== '');
    if (filled.length === 1 && typeof filled[0] === 'string') return;
    row.forEach((cell, c) => {
      // Text in the last column runs on into the empty columns to its right: no width needed.
      if (c === width - 1 && typeof cell === 'string') return;
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
  return fewerRuns(widths, MAX_WIDTH_RUNS);
}

/** At most this many runs of equal widths per tab (Sheets: one setColumnWidths call each). */
export const MAX_WIDTH_RUNS = 4;

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
