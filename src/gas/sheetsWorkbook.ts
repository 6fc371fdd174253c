// The workbook port over SpreadsheetApp: the only module besides src/entrypoints.ts that talks to
// Apps Script services. Each method makes a fixed number of range-wide calls, however many rows a
// tab holds (one call over 100 rows costs about what one call over one cell costs; a call per cell
// would not finish in Apps Script's 6 minutes on a real ledger).

import { isCalendarDate, toSerial, tokyoDateAt } from '../domain/calendar';
import { DATE_FORMAT } from '../domain/schema';
import { columnLetter } from '../domain/table';
import type {
  Area,
  Cell,
  ChartSpec,
  ConditionalRule,
  ListValidation,
  SheetContent,
  WorkbookPort,
  WriteOptions,
  TopLeft,
} from '../workbook/port';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Range = GoogleAppsScript.Spreadsheet.Range;
type SheetsValue = string | number | boolean | Date;

/**
 * Marks our conditional format rules: N("…") is 0, so `N("teichaku")=0` is always true and the rule
 * still means what its formula says, while we can tell it from a user's rule on the next run. The
 * text may carry a stamp of the whole rule set (`N("teichaku:1x2y3z")=0`), see setOwnConditionalRules.
 */
export const RULE_TAG = 'N("teichaku")=0';
const TAG_PATTERN = /N\("teichaku(:[0-9a-z]+)?"\)=0/;

/** Plain text: Sheets stores what is written, never parsing it as a formula, number or date. */
export const TEXT_FORMAT = '@';

/** What Sheets reports for a cell left on automatic; used when a number lands on a former text cell. */
export const AUTOMATIC_FORMAT = '0.###############';

/** Wraps a port formula (`=$AD3="…"`) so the rule is recognisably ours (stamped with `stamp` if given). */
export function tagFormula(formula: string, stamp?: string): string {
  const body = formula.trim().replace(/^=/, '');
  const tag = stamp ? `N("teichaku:${stamp}")=0` : RULE_TAG;
  return `=AND(${tag},${body})`;
}

export function isTaggedFormula(formula: unknown): boolean {
  return typeof formula === 'string' && TAG_PATTERN.test(formula);
}

/** A short fingerprint of a text (FNV-1a, base 36). */
export function stampOf(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

/** A JS Date from getValues (a date cell). Tag check, not instanceof: the value may come from another realm. */
function isDateValue(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

/** A getValues cell → a port cell. Date cells become the calendar date they show in Asia/Tokyo. */
export function fromSheetsValue(v: unknown): Cell {
  if (v === '' || v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (isDateValue(v)) return tokyoDateAt(v.getTime());
  return String(v);
}

/** A port cell → what setValues gets. Calendar dates go as serial numbers (the cell gets a date format). */
function toSheetsValue(v: Cell): SheetsValue {
  if (v === null) return '';
  if (isCalendarDate(v)) return toSerial(v);
  return v;
}

/** As toSheetsValue, strings with Sheets' quote prefix: stored as the text itself, never parsed. */
function toQuotedSheetsValue(v: Cell): SheetsValue {
  return typeof v === 'string' && v !== '' ? `'${v}` : toSheetsValue(v);
}

/** Whether a write needs number formats other than text for its strings: a date, or a column format. */
function needsFormatsBeyondText(
  values: readonly (readonly Cell[])[],
  columnFormats: readonly (string | null)[] | undefined,
): boolean {
  if (columnFormats?.some((f) => f !== null && f !== undefined)) return true;
  return values.some((line) => line.some((v) => isCalendarDate(v)));
}

function isDateFormat(format: string | null | undefined): boolean {
  if (!format) return false;
  const bare = format.replace(/"[^"]*"/g, '').replace(/\\./g, '');
  return /[yd]/i.test(bare);
}

function checkRect(values: readonly (readonly unknown[])[]): number {
  const width = values[0].length;
  for (let r = 1; r < values.length; r++) {
    if (values[r].length !== width)
      throw new Error(
        `The number of columns in the data does not match the number of columns in the range. The data has ${values[r].length} but the range has ${width}.`,
      );
  }
  return width;
}

/** Trailing blank rows and columns dropped, as the memory adapter returns tabs. */
function trimBlank(rows: Cell[][]): Cell[][] {
  let height = rows.length;
  const filled = (row: Cell[]): number => {
    let n = row.length;
    while (n > 0 && row[n - 1] === null) n--;
    return n;
  };
  while (height > 0 && filled(rows[height - 1]) === 0) height--;
  let width = 0;
  for (let r = 0; r < height; r++) width = Math.max(width, filled(rows[r]));
  const out: Cell[][] = [];
  for (let r = 0; r < height; r++) out.push(rows[r].slice(0, width));
  return out;
}

/** What Sheets gives a tab made by insertSheet: 1,000 rows, columns A–Z, 100 pixels wide. */
export const NEW_SHEET_ROWS = 1000;
export const NEW_SHEET_COLS = 26;
export const DEFAULT_COLUMN_WIDTH = 100;

/**
 * What this run knows about one dimension of a tab, so it asks Sheets only when a write would not
 * fit: `n` is the real size when `exact`, else a lower bound (the extent of a read). A tab inserted
 * in this run is taken to have Sheets' default size (`exact`, not `asked`): should Sheets ever refuse
 * a range on it, the size is asked and the write tried once more.
 */
interface Dim {
  n: number;
  exact: boolean;
  asked: boolean;
}

interface Bounds {
  rows: Dim;
  cols: Dim;
}

function overlaps(a: Area, b: Area): boolean {
  return (
    a.row < b.row + b.numRows && b.row < a.row + a.numRows && a.col < b.col + b.numCols && b.col < a.col + a.numCols
  );
}

/** Where a generated tab remembers the layout last given to it (see SheetsWorkbook.layout). */
export const LAYOUT_KEY = 'teichaku.layout';
/** A layout setting fewer calls than this is set each run: remembering it would cost as much. */
export const LAYOUT_MEMO_MIN_CALLS = 3;

/** The widths of each run of equal neighbouring widths. */
export function widthRuns(widths: readonly (number | null)[]): (number | null)[] {
  return widths.filter((w, i) => i === 0 || w !== widths[i - 1]);
}

/** One rectangle as Sheets' A1 notation (`C3:C502`). */
function a1(area: Area): string {
  const from = `${columnLetter(area.col)}${area.row}`;
  if (area.numRows === 1 && area.numCols === 1) return from;
  return `${from}:${columnLetter(area.col + area.numCols - 1)}${area.row + area.numRows - 1}`;
}

/**
 * One adapter object serves one run (a menu click or trigger): it remembers tab handles, sizes and
 * the sheet count for that run, because the run holds the document lock and nothing else changes
 * them meanwhile. Service calls per port method (fixed, whatever the number of rows):
 *   readSheet 2 (+1 the first time a tab is named) · writeRange 3–4 (+1 reading formats, +1–2 sizing)
 *   replaceSheet on a new tab 3 + 1 per bold/frozen/width run/chart; on our tab 6 more to clear it.
 */
export class SheetsWorkbook implements WorkbookPort {
  readonly supportsCharts = true;
  private readonly handles = new Map<string, Sheet | null>();
  private readonly bounds = new Map<string, Bounds>();
  private names: string[] | null = null;
  private sheetCount: number | null = null;
  /** Tabs inserted in this run, with the areas written since: every other cell is blank, on automatic. */
  private readonly newTabs = new Map<string, Area[]>();

  constructor(private readonly ss: Spreadsheet) {}

  sheetNames(): string[] {
    if (this.names === null) {
      const sheets = this.ss.getSheets();
      this.names = sheets.map((sheet) => {
        const name = sheet.getName();
        this.handles.set(name, sheet);
        return name;
      });
      this.sheetCount = sheets.length;
    }
    return this.names.slice();
  }

  /** The tab's handle (one getSheetByName per name and run), or null when there is no such tab. */
  private handle(name: string): Sheet | null {
    const known = this.handles.get(name);
    if (known !== undefined) return known;
    const sheet = this.names !== null && !this.names.includes(name) ? null : this.ss.getSheetByName(name);
    this.handles.set(name, sheet);
    return sheet;
  }

  private sheet(name: string): Sheet {
    const sheet = this.handle(name);
    if (!sheet) throw new Error(`no sheet named ${name}`);
    return sheet;
  }

  private boundsOf(name: string): Bounds {
    let b = this.bounds.get(name);
    if (!b) {
      b = { rows: { n: 0, exact: false, asked: false }, cols: { n: 0, exact: false, asked: false } };
      this.bounds.set(name, b);
    }
    return b;
  }

  /** A read showed this many rows and columns: the tab has at least as many. */
  private sawAtLeast(name: string, rows: number, cols: number): void {
    const b = this.boundsOf(name);
    if (!b.rows.exact) b.rows.n = Math.max(b.rows.n, rows);
    if (!b.cols.exact) b.cols.n = Math.max(b.cols.n, cols);
  }

  private askRows(sheet: Sheet, b: Bounds): void {
    b.rows = { n: sheet.getMaxRows(), exact: true, asked: true };
  }

  private askCols(sheet: Sheet, b: Bounds): void {
    b.cols = { n: sheet.getMaxColumns(), exact: true, asked: true };
  }

  /**
   * The used part of a tab in one call: getSheetValues with -1 reads up to the last row and column
   * holding data (what getDataRange().getValues() gives, in one call instead of two).
   */
  readSheet(name: string): Cell[][] | null {
    const sheet = this.handle(name);
    if (!sheet) return null;
    let raw: unknown[][];
    try {
      raw = sheet.getSheetValues(1, 1, -1, -1) as unknown[][];
    } catch (e) {
      // A tab with no data at all has no rows to read; anything else is the caller's to see.
      if (sheet.getLastRow() !== 0) throw e;
      raw = [];
    }
    this.sawAtLeast(name, raw.length, raw.length > 0 ? raw[0].length : 0);
    return trimBlank(raw.map((row) => row.map(fromSheetsValue)));
  }

  /** A1 of a tab in one call (plus one when A1 is blank, to tell an empty tab). */
  readA1(name: string): TopLeft | null {
    const sheet = this.handle(name);
    if (!sheet) return null;
    const value = fromSheetsValue((sheet.getSheetValues(1, 1, 1, 1) as unknown[][])[0][0]);
    if (value !== null) return { value, empty: false };
    return { value, empty: sheet.getLastRow() === 0 };
  }

  createSheet(name: string): void {
    this.insert(name);
  }

  private insert(name: string): Sheet {
    if (this.sheetCount === null) this.sheetCount = this.ss.getNumSheets();
    const sheet = this.ss.insertSheet(name, this.sheetCount);
    this.sheetCount++;
    this.handles.set(name, sheet);
    if (this.names !== null) this.names.push(name);
    this.bounds.set(name, {
      rows: { n: NEW_SHEET_ROWS, exact: true, asked: false },
      cols: { n: NEW_SHEET_COLS, exact: true, asked: false },
    });
    this.newTabs.set(name, []);
    return sheet;
  }

  /** Grows the tab when a write reaches past its last row or column (Sheets rejects such ranges). */
  /**
   * Grows the tab when a write reaches past its known size. Only a known size is acted on: past a
   * lower bound (what a read showed) the write is simply tried, and `range` asks the size only when
   * Sheets refuses it — most writes past the data fit in the tab's empty rows and columns.
   */
  private fit(name: string, sheet: Sheet, lastRow: number, lastCol: number): void {
    const b = this.boundsOf(name);
    if (lastRow > b.rows.n && b.rows.exact) {
      sheet.insertRowsAfter(b.rows.n, lastRow - b.rows.n);
      b.rows.n = lastRow;
    }
    if (lastCol > b.cols.n && b.cols.exact) {
      sheet.insertColumnsAfter(b.cols.n, lastCol - b.cols.n);
      b.cols.n = lastCol;
    }
  }

  private range(name: string, sheet: Sheet, area: Area): Range {
    const lastRow = area.row + area.numRows - 1;
    const lastCol = area.col + area.numCols - 1;
    try {
      this.fit(name, sheet, lastRow, lastCol);
      const range = sheet.getRange(area.row, area.col, area.numRows, area.numCols);
      this.sawAtLeast(name, lastRow, lastCol);
      return range;
    } catch (e) {
      // Sheets refused a size we did not ask (a lower bound, a new tab's default, a cleared tab of
      // ours): ask it, grow the tab, and try once more. Any other failure — with the size asked, or
      // for an area that does fit — goes to the caller.
      // A lower bound is asked about only when the area passes it; an assumed size always is.
      const b = this.boundsOf(name);
      const askRows = !b.rows.asked && (b.rows.exact || lastRow > b.rows.n);
      const askCols = !b.cols.asked && (b.cols.exact || lastCol > b.cols.n);
      if (!askRows && !askCols) throw e;
      if (askRows) this.askRows(sheet, b);
      if (askCols) this.askCols(sheet, b);
      if (lastRow <= b.rows.n && lastCol <= b.cols.n) throw e;
      this.fit(name, sheet, lastRow, lastCol);
      return sheet.getRange(area.row, area.col, area.numRows, area.numCols);
    }
  }

  /**
   * The part of an area that lies on the sheet, for dropdowns, rules and formats: they describe
   * cells, so a user's tab is not grown for them. Null when nothing of the area is on the sheet.
   * The sheet's size is asked only when the area reaches past what a read has shown.
   */
  private clamp(name: string, sheet: Sheet, area: Area): Area | null {
    const b = this.boundsOf(name);
    if (area.row + area.numRows - 1 > b.rows.n && !b.rows.exact) this.askRows(sheet, b);
    if (area.col + area.numCols - 1 > b.cols.n && !b.cols.exact) this.askCols(sheet, b);
    const numRows = Math.min(area.numRows, b.rows.n - area.row + 1);
    const numCols = Math.min(area.numCols, b.cols.n - area.col + 1);
    if (area.row < 1 || area.col < 1 || numRows < 1 || numCols < 1) return null;
    return { row: area.row, col: area.col, numRows, numCols };
  }

  /** Ranges for several areas of one tab: one getRange for one area, else one range list for all. */
  private ranges(sheet: Sheet, areas: readonly Area[]): Map<string, Range> {
    const keys = [...new Set(areas.map(a1))];
    const out = new Map<string, Range>();
    if (keys.length === 1) {
      const a = areas[0];
      out.set(keys[0], sheet.getRange(a.row, a.col, a.numRows, a.numCols));
    } else if (keys.length > 1) {
      const ranges = sheet.getRangeList(keys).getRanges();
      keys.forEach((k, i) => out.set(k, ranges[i]));
    }
    return out;
  }

  writeRange(
    sheetName: string,
    row: number,
    col: number,
    values: readonly (readonly Cell[])[],
    options: WriteOptions = {},
  ): void {
    if (values.length === 0) return;
    checkRect(values);
    this.write(sheetName, this.sheet(sheetName), row, col, values, options, false);
  }

  /**
   * One rectangle: number formats first (a text cell must be '@' before its string arrives, or Sheets
   * would turn `=…` into a formula and `0123` into 123), then values, colours, notes.
   */
  private write(
    name: string,
    sheet: Sheet,
    row: number,
    col: number,
    values: readonly (readonly Cell[])[],
    options: WriteOptions,
    freshlyCleared: boolean,
  ): Range | null {
    const width = checkRect(values);
    if (width === 0) return null;
    const area = { row, col, numRows: values.length, numCols: width };
    const written = this.newTabs.get(name);
    if (written) {
      // Cells of a tab inserted in this run that no earlier write touched are blank, on automatic.
      if (!written.some((w) => overlaps(w, area))) freshlyCleared = true;
      written.push(area);
    }
    const range = this.range(name, sheet, area);
    // On a new or cleared tab every cell is on automatic: when only strings need a format, a quote
    // prefix keeps each one text (as typing 'abc does) and the formats call is saved.
    const cellFormats = (options as { cellFormats?: SheetContent['cellFormats'] }).cellFormats;
    const quoted = freshlyCleared && !cellFormats && !needsFormatsBeyondText(values, options.columnFormats);
    const formats = quoted ? null : this.formatsFor(range, values, options.columnFormats, freshlyCleared);
    // replaceSheet's per-cell formats (counts as #,##0) over the column formats, in the same call.
    cellFormats?.forEach((line, r) => line?.forEach((f, c) => formats && f !== null && (formats[r][c] = f)));
    if (formats) range.setNumberFormats(formats);
    range.setValues(values.map((line) => line.map(quoted ? toQuotedSheetsValue : toSheetsValue)));
    if (options.backgrounds) range.setBackgrounds(options.backgrounds.map((line) => line.slice()));
    if (options.notes) range.setNotes(options.notes.map((line) => line.slice()));
    return range;
  }

  /**
   * The number format of every cell of a write, or null when nothing needs one: strings → text,
   * dates → the column's date format (or yyyy/mm/dd), the rest → the column's format, else what the
   * cell already has (read once, only when needed). Strings are always text, `asText` or not: a port
   * string is a value, never a formula (WriteOptions.asText keeps that promise explicit for callers).
   */
  private formatsFor(
    range: Range,
    values: readonly (readonly Cell[])[],
    columnFormats: readonly (string | null)[] | undefined,
    freshlyCleared: boolean,
  ): string[][] | null {
    let needsExisting = false;
    let needsAny = false;
    for (const line of values) {
      for (let c = 0; c < line.length; c++) {
        const v = line[c];
        const colFormat = columnFormats?.[c] ?? null;
        if (v !== null || colFormat !== null) needsAny = true;
        if (colFormat === null && typeof v !== 'string' && !isCalendarDate(v)) needsExisting = true;
      }
    }
    if (!needsAny) return null;
    const existing = needsExisting && !freshlyCleared ? (range.getNumberFormats() as string[][]) : null;
    return values.map((line, r) =>
      line.map((v, c) => {
        const colFormat = columnFormats?.[c] ?? null;
        if (typeof v === 'string') return TEXT_FORMAT;
        if (isCalendarDate(v)) return colFormat !== null && isDateFormat(colFormat) ? colFormat : DATE_FORMAT;
        if (colFormat !== null) return colFormat;
        const before = existing ? existing[r][c] : AUTOMATIC_FORMAT;
        // A number on a former text or date cell would show as text or as a date: back to automatic.
        if (v !== null && (before === TEXT_FORMAT || isDateFormat(before))) return AUTOMATIC_FORMAT;
        return before;
      }),
    );
  }

  replaceSheet(name: string, content: SheetContent): void {
    let sheet = this.handle(name);
    const fresh = sheet === null;
    if (sheet) this.clearOurs(sheet, content.charts !== undefined);
    else sheet = this.insert(name);
    const width = content.values.reduce((w, line) => Math.max(w, line.length), 0);
    const height = content.values.length;
    if (height > 0 && width > 0) {
      const padded = content.values.map((line) => {
        const copy = line.slice();
        while (copy.length < width) copy.push(null);
        return copy;
      });
      const anyBackground = content.backgrounds?.some((line) => line.some((bg) => bg !== null)) ?? false;
      const backgrounds = anyBackground
        ? padded.map((_, r) => {
            const line = (content.backgrounds?.[r] ?? []).slice();
            while (line.length < width) line.push(null);
            return line.slice(0, width);
          })
        : undefined;
      const options = { columnFormats: content.columnFormats, backgrounds, cellFormats: content.cellFormats };
      const range = this.write(name, sheet, 1, 1, padded, options, true);
      if (range && content.boldRows && content.boldRows.length > 0) {
        // The written range again, so bold costs one call however many rows are bold.
        const bold = new Set(content.boldRows);
        const weights = padded.map((_, r) =>
          new Array<GoogleAppsScript.Spreadsheet.FontWeight>(width).fill(bold.has(r) ? 'bold' : 'normal'),
        );
        range.setFontWeights(weights);
      }
      if (range && content.alignments) {
        // Headers over numbers, right-aligned: one call for the written range.
        const align = padded.map((line, r) => line.map((_, c) => content.alignments?.[r]?.[c] ?? null));
        range.setHorizontalAlignments(align);
      }
    }
    // Left out: the frozen rows stay as they are (a new tab has none).
    this.layout(name, sheet, content, fresh);
    for (const chart of content.charts ?? []) this.insertChart(name, sheet, chart);
  }

  /**
   * Empties a generated tab for its new content: values and formats of the whole tab (Sheet.clear
   * needs no size) and, on a tab that carries charts, the charts. What a user added on top — notes,
   * dropdowns, conditional rules — stays: we never write those on a generated tab. The tab's size
   * is not asked: the write is tried, and the size asked only if Sheets refuses the range.
   */
  private clearOurs(sheet: Sheet, charts: boolean): void {
    sheet.clear();
    if (charts) for (const chart of sheet.getCharts()) sheet.removeChart(chart);
  }

  /**
   * Frozen rows and column widths. A layout that takes LAYOUT_MEMO_MIN_CALLS calls or more is
   * remembered in the tab's developer metadata (invisible to users; clear() keeps it): the next run
   * finds it unchanged for one read and sets nothing. Column widths a user changed by hand on a
   * generated tab therefore stay until the content asks for other widths.
   */
  private layout(name: string, sheet: Sheet, content: SheetContent, fresh: boolean): void {
    const widths = (content.columnWidths ?? []).map((w) => (w === null ? null : Math.round(w)));
    const frozen = content.frozenRows;
    const calls = widthRuns(widths).filter((w) => w !== null).length + (frozen === undefined ? 0 : 1);
    if (calls === 0) return;
    let memo: GoogleAppsScript.Spreadsheet.DeveloperMetadata | undefined;
    const stamp = stampOf(JSON.stringify([widths, frozen ?? null]));
    if (calls >= LAYOUT_MEMO_MIN_CALLS && !fresh) {
      memo = sheet.getDeveloperMetadata().find((m) => m.getKey() === LAYOUT_KEY);
      if (memo && memo.getValue() === stamp) return;
    }
    if (frozen !== undefined && !(fresh && frozen === 0)) sheet.setFrozenRows(frozen);
    this.setColumnWidths(name, sheet, widths, fresh);
    if (calls < LAYOUT_MEMO_MIN_CALLS) return;
    if (memo) memo.setValue(stamp);
    else sheet.addDeveloperMetadata(LAYOUT_KEY, stamp);
  }

  /**
   * One setColumnWidths per run of equal widths; columns past the tab are left out, and so are
   * columns of a new tab that are to keep Sheets' default width.
   */
  private setColumnWidths(name: string, sheet: Sheet, widths: readonly (number | null)[], fresh: boolean): void {
    const cols = this.boundsOf(name).cols.n;
    const wanted = widths.map((w) => (w === null ? null : Math.round(w)));
    let i = 0;
    while (i < wanted.length && i < cols) {
      const w = wanted[i];
      let j = i + 1;
      while (j < wanted.length && j < cols && wanted[j] === w) j++;
      if (w !== null && !(fresh && w === DEFAULT_COLUMN_WIDTH)) sheet.setColumnWidths(i + 1, j - i, w);
      i = j;
    }
  }

  private insertChart(name: string, sheet: Sheet, spec: ChartSpec): void {
    const data = this.range(name, sheet, spec.data);
    const base = sheet.newChart();
    const typed =
      spec.kind === 'line' ? base.asLineChart() : spec.kind === 'bar' ? base.asBarChart() : base.asColumnChart();
    const chart = typed
      .addRange(data)
      .setNumHeaders(1)
      .setPosition(spec.anchor.row, spec.anchor.col, 0, 0)
      .setOption('title', spec.title)
      .build();
    sheet.insertChart(chart);
  }

  setListValidations(sheetName: string, rules: readonly ListValidation[]): void {
    if (rules.length === 0) return;
    const sheet = this.sheet(sheetName);
    const targets = rules.map((rule) => this.clamp(sheetName, sheet, rule.area));
    const ranges = this.ranges(
      sheet,
      targets.filter((t): t is Area => t !== null),
    );
    rules.forEach((rule, i) => {
      const target = targets[i];
      if (!target) return;
      const builder = SpreadsheetApp.newDataValidation()
        .requireValueInList(rule.values.slice(), true)
        .setAllowInvalid(rule.allowInvalid);
      if (rule.helpText) builder.setHelpText(rule.helpText);
      ranges.get(a1(target))!.setDataValidation(builder.build());
    });
  }

  /**
   * Our rules carry a stamp of the whole set (areas, formulas, colours). When the tab already holds
   * exactly our stamped formulas, in order, the set is what we would write and is left as it is:
   * no ranges fetched, no rule rebuilt (a re-run and the next command on the same ledger cost one
   * read). A changed ledger size or column changes the stamp, and a user's edit to a formula or the
   * removal of one of ours shows in the comparison; only a colour changed by hand on our own rule
   * would go unrepaired until the set changes.
   */
  setOwnConditionalRules(sheetName: string, rules: readonly ConditionalRule[]): void {
    const sheet = this.sheet(sheetName);
    const theirs: GoogleAppsScript.Spreadsheet.ConditionalFormatRule[] = [];
    const oursNow: string[] = [];
    for (const rule of sheet.getConditionalFormatRules()) {
      const condition = rule.getBooleanCondition();
      const ours = condition ? condition.getCriteriaValues().find(isTaggedFormula) : undefined;
      if (typeof ours === 'string') oursNow.push(ours);
      else theirs.push(rule);
    }
    const targets = rules.map((rule) => this.clamp(sheetName, sheet, rule.area));
    const placed = rules.flatMap((rule, i) => {
      const target = targets[i];
      return target ? [{ rule, target }] : [];
    });
    const stamp = stampOf(
      JSON.stringify(
        placed.map(({ rule, target }) => [a1(target), rule.formula, rule.background, rule.fontColor, rule.bold]),
      ),
    );
    const formulas = placed.map(({ rule }) => tagFormula(rule.formula, stamp));
    if (formulas.length === oursNow.length && formulas.every((f, i) => f === oursNow[i])) return;
    const ranges = this.ranges(
      sheet,
      placed.map((p) => p.target),
    );
    const ours: GoogleAppsScript.Spreadsheet.ConditionalFormatRule[] = [];
    placed.forEach(({ rule, target }, i) => {
      let builder = SpreadsheetApp.newConditionalFormatRule().whenFormulaSatisfied(formulas[i]);
      if (rule.background) builder = builder.setBackground(rule.background);
      if (rule.fontColor) builder = builder.setFontColor(rule.fontColor);
      if (rule.bold) builder = builder.setBold(true);
      ours.push(builder.setRanges([ranges.get(a1(target))!]).build());
    });
    sheet.setConditionalFormatRules(theirs.concat(ours));
  }

  setColumnFormats(sheetName: string, area: Area, formats: readonly string[]): void {
    if (area.numRows <= 0 || area.numCols <= 0) return;
    const sheet = this.sheet(sheetName);
    const target = this.clamp(sheetName, sheet, area);
    if (!target) return;
    const line = formats.slice(0, target.numCols);
    const matrix: string[][] = [];
    for (let r = 0; r < target.numRows; r++) matrix.push(line.slice());
    sheet.getRange(target.row, target.col, target.numRows, target.numCols).setNumberFormats(matrix);
  }

  freezeRows(sheetName: string, rows: number): void {
    this.sheet(sheetName).setFrozenRows(rows);
  }
}
