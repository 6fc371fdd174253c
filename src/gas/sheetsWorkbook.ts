// The workbook port over SpreadsheetApp: the only module besides src/entrypoints.ts (and the small
// src/gas helpers) that talks to Apps Script services. Each method makes a fixed number of
// range-wide calls, however many rows a tab holds (a call per cell would not finish in Apps
// Script's 6 minutes on a real ledger). What costs time is the round trip: Apps Script caches
// writes and sends them when a later call needs data from the document (best-practices page,
// https://developers.google.com/apps-script/guides/support/best-practices), so the adapter reads
// what its writes need before writing, and never between writes of one port call.

import { isCalendarDate, toSerial, tokyoDateAt } from '../domain/calendar';
import { DATE_FORMAT, GENERATED_MARK } from '../domain/schema';
import { columnLetter } from '../domain/table';
import { wrappedRows } from '../workbook/printLayout';
import type {
  Area,
  Cell,
  ChartSpec,
  ConditionalRule,
  ListValidation,
  SheetContent,
  SurveyNeeds,
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
 * still means what its formula says, while we can tell it from a user's rule on the next run. (Older
 * versions stamped the text, `N("teichaku:1x2y3z")=0`: still recognised as ours.)
 */
export const RULE_TAG = 'N("teichaku")=0';
const TAG_PATTERN = /N\("teichaku(:[0-9a-z]+)?"\)=0/;

/** Plain text: Sheets stores what is written, never parsing it as a formula, number or date. */
export const TEXT_FORMAT = '@';

/**
 * What getNumberFormats reports for a cell on Automatic. Written back it would set a custom
 * pattern, so a read-back AUTOMATIC_FORMAT is treated as Automatic and written as GENERAL_FORMAT.
 */
export const AUTOMATIC_FORMAT = '0.###############';
/** The pattern that puts a cell back on Automatic. */
export const GENERAL_FORMAT = 'General';

/** Wraps a port formula (`=$AD3="…"`) so the rule is recognisably ours. */
export function tagFormula(formula: string): string {
  return `=AND(${RULE_TAG},${formula.trim().replace(/^=/, '')})`;
}

export function isTaggedFormula(formula: unknown): boolean {
  return typeof formula === 'string' && TAG_PATTERN.test(formula);
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

/**
 * Whether Sheets might read a string as something else: a formula (`=…`, `+1`, `-1+1`, `@SUM(…)`),
 * a number, date, time, percentage or boolean. The reference says a setValues string starting with
 * `=` is a formula and says nothing of plain-text (`@`) cells, so such a string never relies on `@`:
 * it goes quote-prefixed into a cell on Automatic, which keeps it as typed text either way.
 */
export function mightParse(s: string): boolean {
  return /^[=+\-@'\s]|\s$|[0-9０-９]/.test(s) || /^(true|false)$/i.test(s);
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

/** Rejects a ragged write as Range.setValues would, before any call. */
function checkRect(values: readonly (readonly unknown[])[]): void {
  const width = values[0].length;
  const ragged = values.find((line) => line.length !== width);
  if (ragged)
    throw new Error(
      `The number of columns in the data does not match the number of columns in the range. The data has ${ragged.length} but the range has ${width}.`,
    );
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

/** A range protection that may be ours (see protectOwnedAreas), with what the run knows of it. */
interface ProtectionSeen {
  readonly p: GoogleAppsScript.Spreadsheet.Protection;
  named: string;
  /** Its range in A1 notation and whether it only warns, read when its description could be ours. */
  at?: string;
  warns?: boolean;
}

/**
 * What this run knows of one tab: filled by `survey` before the first write, else piece by piece
 * as the port's methods need it, and kept up to date by the adapter's own writes. A null field is
 * not known yet: it is read when needed (a round trip when writes are pending).
 */
interface TabRecord {
  readonly sheet: Sheet;
  bounds: Bounds;
  /** A1 as this run knows it (read, or written by us). */
  topLeft: TopLeft | null;
  /** For a tab inserted in this run: the areas written since; every other cell is blank, on automatic. */
  readonly written: Area[] | null;
  /** The charts on the tab (read for our tabs, whose charts replaceSheet removes). */
  charts: GoogleAppsScript.Spreadsheet.EmbeddedChart[] | null;
  /** A user's conditional format rules on the tab (ours left out), kept when ours are replaced. */
  theirRules: GoogleAppsScript.Spreadsheet.ConditionalFormatRule[] | null;
  /** The tab's range protections with their descriptions. */
  protections: ProtectionSeen[] | null;
}

function unknownBounds(): Bounds {
  return { rows: { n: 0, exact: false, asked: false }, cols: { n: 0, exact: false, asked: false } };
}

/** A1 of one of our generated tabs (marked in A1), whose content replaceSheet rebuilds. */
function isGeneratedTopLeft(topLeft: TopLeft | null): boolean {
  return typeof topLeft?.value === 'string' && topLeft.value.startsWith(GENERATED_MARK);
}

function overlaps(a: Area, b: Area): boolean {
  return (
    a.row < b.row + b.numRows && b.row < a.row + a.numRows && a.col < b.col + b.numCols && b.col < a.col + a.numCols
  );
}

/** One rectangle as Sheets' A1 notation (`C3:C502`). */
function a1(area: Area): string {
  const from = `${columnLetter(area.col)}${area.row}`;
  if (area.numRows === 1 && area.numCols === 1) return from;
  return `${from}:${columnLetter(area.col + area.numCols - 1)}${area.row + area.numRows - 1}`;
}

/** Runs of equal neighbours, as [first index, length, value]: one service call per run. */
function runs<T>(values: readonly T[]): [number, number, T][] {
  const out: [number, number, T][] = [];
  values.forEach((v, i) => {
    const last = out[out.length - 1];
    if (last && last[2] === v) last[1]++;
    else out.push([i, 1, v]);
  });
  return out;
}

/** A line cut or padded with null to `width` cells. */
function padded<T>(line: readonly T[] | undefined, width: number): (T | null)[] {
  return Array.from({ length: width }, (_, c) => line?.[c] ?? null);
}

/**
 * One adapter object serves one run (a menu click or trigger). The run holds the document lock and
 * nothing else changes the tabs meanwhile, so what it reads of a tab (handle, size, A1, charts,
 * rules, protections) is kept in one record per tab and updated by its own writes. `survey` fills
 * every record before the run's first write, in one read phase; a caller that does not survey
 * (a sidebar, a form trigger, Drafts) gets each piece read when first needed, as before.
 * Service calls per port method are fixed, whatever the number of rows:
 *   survey 1 + 2 per tab (+1 per blank A1, +2 per tab not ours for its size, +1 per tab of ours for
 *   its charts, + rules and protections asked for) · readSheet 1 (+1 the first time an unsurveyed
 *   tab is named) · readA1 0 after a survey; else 1–2, or, once writes are pending, one read of
 *   every tab's A1 (and our tabs' charts) that serves the rest of the run · writeRange 2–4 (+1
 *   reading formats, +1–2 sizing) · replaceSheet 2 + 1 per bold/frozen/width run/chart, +1 on our tab.
 * Round trips: a port read after a write costs one; the writes themselves read nothing in between,
 * except formats (writeRange over cells of unknown format) and a size Sheets refused.
 */
export class SheetsWorkbook implements WorkbookPort {
  /** Tabs this run knows of, by name. */
  private readonly tabs = new Map<string, TabRecord>();
  /** Names getSheetByName found no tab for (before the tabs were listed). */
  private readonly absent = new Set<string>();
  /** Every tab's name in order, once listed (then `tabs` holds every tab). */
  private names: string[] | null = null;
  private sheetCount: number | null = null;
  /** Whether this run has written since its last read (the next read is a round trip). */
  private dirty = false;

  constructor(private readonly ss: Spreadsheet) {}

  private record(name: string, sheet: Sheet): TabRecord {
    let tab = this.tabs.get(name);
    if (!tab) {
      tab = {
        sheet,
        bounds: unknownBounds(),
        topLeft: null,
        written: null,
        charts: null,
        theirRules: null,
        protections: null,
      };
      this.tabs.set(name, tab);
    }
    return tab;
  }

  sheetNames(): string[] {
    if (this.names === null) {
      const sheets = this.ss.getSheets();
      this.dirty = false;
      this.names = sheets.map((sheet) => {
        const name = sheet.getName();
        this.record(name, sheet);
        return name;
      });
      this.absent.clear();
      this.sheetCount = sheets.length;
    }
    return this.names.slice();
  }

  /**
   * The run's read phase: every tab's handle and A1, the size of every tab that is not ours (what
   * writes there need to fit, and dropdowns, rules and protections to be cut to), the charts of ours
   * (which replaceSheet removes), and the rules and protections `needs` names. Only what is not
   * known yet is read, so a second call costs nothing.
   */
  survey(needs: SurveyNeeds = {}): void {
    for (const name of this.sheetNames()) {
      const tab = this.tabs.get(name)!;
      const topLeft = tab.topLeft ?? this.readTopLeft(tab);
      if (isGeneratedTopLeft(topLeft)) {
        if (tab.charts === null) tab.charts = this.read(() => tab.sheet.getCharts());
      } else {
        if (!tab.bounds.rows.exact) this.askRows(tab);
        if (!tab.bounds.cols.exact) this.askCols(tab);
      }
    }
    for (const name of needs.conditionalRules ?? []) {
      const tab = this.tabs.get(name);
      if (tab) this.theirRules(tab);
    }
    for (const { sheet, description } of needs.protections ?? []) {
      const tab = this.tabs.get(sheet);
      if (tab) this.protectionsMaybeOurs(tab, description);
    }
  }

  /** A read of the document: pending writes, if any, went out before it. */
  private read<T>(f: () => T): T {
    const value = f();
    this.dirty = false;
    return value;
  }

  /** The tab's record (one getSheetByName per name and run when not listed), or null when there is no such tab. */
  private tab(name: string): TabRecord | null {
    const known = this.tabs.get(name);
    if (known) return known;
    if (this.names !== null || this.absent.has(name)) return null;
    const sheet = this.read(() => this.ss.getSheetByName(name));
    if (!sheet) {
      this.absent.add(name);
      return null;
    }
    return this.record(name, sheet);
  }

  private existing(name: string): TabRecord {
    const tab = this.tab(name);
    if (!tab) throw new Error(`「${name}」タブが見つかりません（実行中に削除されたのかもしれません）。`);
    return tab;
  }

  /**
   * A read showed this many rows and columns: the tab has at least as many. More than a size this
   * run knew means someone else grew the tab (a form appends its responses without our lock): the
   * size becomes a lower bound again, so no row is inserted at a stale end.
   */
  private sawAtLeast(tab: TabRecord, rows: number, cols: number): void {
    const b = tab.bounds;
    if (rows > b.rows.n) b.rows = { n: rows, exact: false, asked: false };
    if (cols > b.cols.n) b.cols = { n: cols, exact: false, asked: false };
  }

  private askRows(tab: TabRecord): void {
    tab.bounds.rows = { n: this.read(() => tab.sheet.getMaxRows()), exact: true, asked: true };
  }

  private askCols(tab: TabRecord): void {
    tab.bounds.cols = { n: this.read(() => tab.sheet.getMaxColumns()), exact: true, asked: true };
  }

  /**
   * The used part of a tab in one call: getSheetValues with -1 reads up to the last row and column
   * holding data (what getDataRange().getValues() gives, in one call instead of two).
   */
  readSheet(name: string): Cell[][] | null {
    const tab = this.tab(name);
    if (!tab) return null;
    const sheet = tab.sheet;
    let raw: unknown[][];
    try {
      raw = sheet.getSheetValues(1, 1, -1, -1) as unknown[][];
    } catch (e) {
      // A tab with no data at all has no rows to read; anything else is the caller's to see.
      if (sheet.getLastRow() !== 0) throw e;
      raw = [];
    }
    this.dirty = false;
    this.sawAtLeast(tab, raw.length, raw.length > 0 ? raw[0].length : 0);
    return trimBlank(raw.map((row) => row.map(fromSheetsValue)));
  }

  /**
   * A1 of a tab: known after a survey; else read in one call (plus one when A1 is blank, to tell an
   * empty tab). Once this run has written, a read would flush the writes: then every tab's A1 is
   * read at once (one round trip for the run, not one per generated tab), with the charts of our
   * tabs for replaceSheet.
   */
  readA1(name: string): TopLeft | null {
    const known = this.tabs.get(name)?.topLeft;
    if (known) return known;
    if (this.dirty) {
      for (const other of this.sheetNames()) {
        const tab = this.tabs.get(other)!;
        if (tab.topLeft) continue;
        const topLeft = this.readTopLeft(tab);
        if (isGeneratedTopLeft(topLeft) && tab.charts === null) tab.charts = this.read(() => tab.sheet.getCharts());
      }
      return this.tabs.get(name)?.topLeft ?? null;
    }
    const tab = this.tab(name);
    return tab ? this.readTopLeft(tab) : null;
  }

  private readTopLeft(tab: TabRecord): TopLeft {
    const sheet = tab.sheet;
    const value = fromSheetsValue((sheet.getSheetValues(1, 1, 1, 1) as unknown[][])[0][0]);
    const topLeft = { value, empty: value === null && sheet.getLastRow() === 0 };
    this.dirty = false;
    tab.topLeft = topLeft;
    return topLeft;
  }

  createSheet(name: string): void {
    this.insert(name);
  }

  private insert(name: string): TabRecord {
    if (this.sheetCount === null) this.sheetCount = this.read(() => this.ss.getNumSheets());
    const sheet = this.ss.insertSheet(name, this.sheetCount);
    this.dirty = true;
    this.sheetCount++;
    this.absent.delete(name);
    if (this.names !== null) this.names.push(name);
    const tab: TabRecord = {
      sheet,
      bounds: {
        rows: { n: NEW_SHEET_ROWS, exact: true, asked: false },
        cols: { n: NEW_SHEET_COLS, exact: true, asked: false },
      },
      topLeft: { value: null, empty: true },
      written: [],
      charts: [],
      theirRules: [],
      protections: [],
    };
    this.tabs.set(name, tab);
    return tab;
  }

  /**
   * Grows the tab when a write reaches past its known size. Only a known size is acted on: past a
   * lower bound (what a read showed) the write is simply tried, and `range` asks the size only when
   * Sheets refuses it — most writes past the data fit in the tab's empty rows and columns.
   */
  private fit(tab: TabRecord, lastRow: number, lastCol: number): void {
    const b = tab.bounds;
    if (lastRow > b.rows.n && b.rows.exact) {
      tab.sheet.insertRowsAfter(b.rows.n, lastRow - b.rows.n);
      b.rows.n = lastRow;
    }
    if (lastCol > b.cols.n && b.cols.exact) {
      tab.sheet.insertColumnsAfter(b.cols.n, lastCol - b.cols.n);
      b.cols.n = lastCol;
    }
  }

  private range(tab: TabRecord, area: Area): Range {
    const sheet = tab.sheet;
    const lastRow = area.row + area.numRows - 1;
    const lastCol = area.col + area.numCols - 1;
    try {
      this.fit(tab, lastRow, lastCol);
      const range = sheet.getRange(area.row, area.col, area.numRows, area.numCols);
      this.sawAtLeast(tab, lastRow, lastCol);
      return range;
    } catch (e) {
      // Sheets refused a size we did not ask (a lower bound, a new tab's default, a cleared tab of
      // ours): ask it, grow the tab, and try once more. Any other failure — with the size asked, or
      // for an area that does fit — goes to the caller.
      // A lower bound is asked about only when the area passes it; an assumed size always is.
      const b = tab.bounds;
      const askRows = !b.rows.asked && (b.rows.exact || lastRow > b.rows.n);
      const askCols = !b.cols.asked && (b.cols.exact || lastCol > b.cols.n);
      if (!askRows && !askCols) throw e;
      if (askRows) this.askRows(tab);
      if (askCols) this.askCols(tab);
      if (lastRow <= b.rows.n && lastCol <= b.cols.n) throw e;
      this.fit(tab, lastRow, lastCol);
      return sheet.getRange(area.row, area.col, area.numRows, area.numCols);
    }
  }

  /**
   * The part of an area that lies on the sheet, for dropdowns, rules and formats: they describe
   * cells, so a user's tab is not grown for them. Null when nothing of the area is on the sheet.
   * The sheet's size is asked only when the area reaches past what a read has shown.
   */
  private clamp(tab: TabRecord, area: Area): Area | null {
    const b = tab.bounds;
    if (area.row + area.numRows - 1 > b.rows.n && !b.rows.exact) this.askRows(tab);
    if (area.col + area.numCols - 1 > b.cols.n && !b.cols.exact) this.askCols(tab);
    const numRows = Math.min(area.numRows, b.rows.n - area.row + 1);
    const numCols = Math.min(area.numCols, b.cols.n - area.col + 1);
    if (area.row < 1 || area.col < 1 || numRows < 1 || numCols < 1) return null;
    return { row: area.row, col: area.col, numRows, numCols };
  }
  /**
   * Ranges for several areas of one tab: one getRange for one area, else one range list for all,
   * matched back by A1 notation (the reference does not say getRanges keeps the order given).
   */
  private ranges(sheet: Sheet, areas: readonly Area[]): Map<string, Range> {
    const keys = [...new Set(areas.map(a1))];
    const out = new Map<string, Range>();
    if (keys.length === 1) {
      const a = areas[0];
      out.set(keys[0], sheet.getRange(a.row, a.col, a.numRows, a.numCols));
    } else if (keys.length > 1) {
      for (const range of sheet.getRangeList(keys).getRanges()) out.set(range.getA1Notation(), range);
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
    checkRect(values); // before any call: a ragged write writes nothing
    this.write(this.existing(sheetName), row, col, values, options, false);
  }

  /**
   * One rectangle: number formats first (Sheets parses a string by the format of its cell), then
   * values, colours, notes. A string that might parse (mightParse) goes quote-prefixed into a cell
   * on Automatic; other strings into a text ('@') cell.
   */
  private write(
    tab: TabRecord,
    row: number,
    col: number,
    values: readonly (readonly Cell[])[],
    options: WriteOptions & Pick<SheetContent, 'cellFormats'>,
    freshlyCleared: boolean,
  ): Range | null {
    const width = values[0].length;
    if (width === 0) return null;
    const area = { row, col, numRows: values.length, numCols: width };
    const { written } = tab;
    if (written) {
      // Cells of a tab inserted in this run that no earlier write touched are blank, on automatic.
      if (!written.some((w) => overlaps(w, area))) freshlyCleared = true;
      written.push(area);
    }
    tab.topLeft = topLeftAfter(tab.topLeft, row, col, values);
    const range = this.range(tab, area);
    // On a new or cleared tab every cell is on automatic: when only strings need a format, a quote
    // prefix keeps each one text (as typing 'abc does) and the formats call is saved.
    const { cellFormats } = options;
    const quoted = freshlyCleared && !cellFormats && !needsFormatsBeyondText(values, options.columnFormats);
    const formats = quoted ? null : this.formatsFor(range, values, options.columnFormats, freshlyCleared);
    // replaceSheet's per-cell formats (counts as #,##0) over the column formats, in the same call.
    cellFormats?.forEach((line, r) => line?.forEach((f, c) => formats && f !== null && (formats[r][c] = f)));
    if (formats) range.setNumberFormats(formats);
    const toValue = (v: Cell, r: number, c: number): SheetsValue =>
      quoted || (formats?.[r][c] === GENERAL_FORMAT && typeof v === 'string')
        ? toQuotedSheetsValue(v)
        : toSheetsValue(v);
    range.setValues(values.map((line, r) => line.map((v, c) => toValue(v, r, c))));
    if (options.backgrounds) range.setBackgrounds(options.backgrounds.map((line) => line.slice()));
    if (options.notes) range.setNotes(options.notes.map((line) => line.slice()));
    this.dirty = true;
    return range;
  }

  /**
   * The number format of every cell of a write, or null when nothing needs one: strings → text,
   * or Automatic when they might parse (see write); dates → the column's date format (or
   * yyyy/mm/dd); the rest → the column's format, else what the cell already has (read once, only
   * when needed; Automatic read back as AUTOMATIC_FORMAT is written as GENERAL_FORMAT).
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
        if (typeof v === 'string') return mightParse(v) ? GENERAL_FORMAT : TEXT_FORMAT;
        if (isCalendarDate(v)) return colFormat !== null && isDateFormat(colFormat) ? colFormat : DATE_FORMAT;
        if (colFormat !== null) return colFormat;
        const before = existing ? existing[r][c] : AUTOMATIC_FORMAT;
        // A number on a former text or date cell would show as text or as a date: back to automatic.
        if (before === AUTOMATIC_FORMAT || (v !== null && (before === TEXT_FORMAT || isDateFormat(before))))
          return GENERAL_FORMAT;
        return before;
      }),
    );
  }

  replaceSheet(name: string, content: SheetContent): void {
    const known = this.tab(name);
    const fresh = known === null;
    const tab = known ?? this.insert(name);
    if (known) this.clearOurs(known, content.charts !== undefined);
    const { sheet } = tab;
    const width = content.values.reduce((w, line) => Math.max(w, line.length), 0);
    const height = content.values.length;
    if (height > 0 && width > 0) {
      const values = content.values.map((line) => padded(line, width));
      const anyBackground = content.backgrounds?.some((line) => line.some((bg) => bg !== null)) ?? false;
      const backgrounds = anyBackground ? values.map((_, r) => padded(content.backgrounds?.[r], width)) : undefined;
      const options = { columnFormats: content.columnFormats, backgrounds, cellFormats: content.cellFormats };
      const range = this.write(tab, 1, 1, values, options, true);
      if (range && content.boldRows && content.boldRows.length > 0) {
        // The written range again, so bold costs one call however many rows are bold.
        const bold = new Set(content.boldRows);
        const weights = values.map((_, r) =>
          new Array<GoogleAppsScript.Spreadsheet.FontWeight>(width).fill(bold.has(r) ? 'bold' : 'normal'),
        );
        range.setFontWeights(weights);
      }
      if (range && content.alignments) {
        // Headers over numbers, right-aligned: one call for the written range.
        const align = values.map((line, r) => line.map((_, c) => content.alignments?.[r]?.[c] ?? null));
        range.setHorizontalAlignments(align);
      }
      if (range && content.print && width > 1) {
        // As in Excel: the last column's long texts wrap at its width (Sheets sizes the rows to
        // them), so a message never runs on past the table. One call on the written range, made
        // whether or not a text is long, so the count does not depend on the data.
        const wrapped = new Set(
          wrappedRows(values, width, content.columnWidths?.[width - 1] ?? DEFAULT_COLUMN_WIDTH).map((w) => w.row),
        );
        range.setWraps(
          values.map((_, r) => Array.from({ length: width }, (__, c) => c === width - 1 && wrapped.has(r))),
        );
      }
    }
    // Left out: the frozen rows stay as they are (a new tab has none).
    const frozen = content.frozenRows;
    if (frozen !== undefined && !(fresh && frozen === 0)) sheet.setFrozenRows(frozen);
    this.setColumnWidths(tab, content.columnWidths ?? [], fresh);
    for (const chart of content.charts ?? []) this.insertChart(tab, chart);
    tab.topLeft = { value: content.values[0]?.[0] ?? null, empty: height === 0 || width === 0 };
    this.dirty = true;
  }

  /**
   * Empties a generated tab for its new content. Sheet.clear() takes values and formatting, and
   * formatting includes conditional formats and data validation (reference: Sheet.clear,
   * Sheet.clearFormats, Range.clear), so nothing a user added on a generated tab survives but
   * notes, which the reference leaves open. Charts go separately, when the tab carries ours: their
   * handles come from the survey (or the A1 read when writes were pending), else are read here,
   * before clear(). The tab's size is not asked: the write is tried, and the size asked only if
   * Sheets refuses the range.
   */
  private clearOurs(tab: TabRecord, charts: boolean): void {
    const { sheet } = tab;
    const old = charts ? (tab.charts ?? this.read(() => sheet.getCharts())) : [];
    sheet.clear();
    for (const chart of old) sheet.removeChart(chart);
    if (charts) tab.charts = [];
    tab.theirRules = [];
  }

  /**
   * One setColumnWidths per run of equal widths, every run (a width a user set by hand on a
   * generated tab is rewritten); columns past the tab are left out, and so are columns of a new tab
   * that are to keep Sheets' default width.
   */
  private setColumnWidths(tab: TabRecord, widths: readonly (number | null)[], fresh: boolean): void {
    const onSheet = widths.slice(0, tab.bounds.cols.n).map((w) => (w === null ? null : Math.round(w)));
    for (const [i, n, w] of runs(onSheet))
      if (w !== null && !(fresh && w === DEFAULT_COLUMN_WIDTH)) tab.sheet.setColumnWidths(i + 1, n, w);
  }

  private insertChart(tab: TabRecord, spec: ChartSpec): void {
    const { sheet } = tab;
    const data = this.range(tab, spec.data);
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
    // The handle to remove it by is getCharts' (the built object is not promised to be one).
    tab.charts = null;
  }

  setListValidations(sheetName: string, rules: readonly ListValidation[]): void {
    if (rules.length === 0) return;
    const tab = this.existing(sheetName);
    const { sheet } = tab;
    const targets = rules.map((rule) => this.clamp(tab, rule.area));
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
    this.dirty = true;
  }

  /** A user's conditional rules on a tab (read once per run; ours are the tagged ones). */
  private theirRules(tab: TabRecord): GoogleAppsScript.Spreadsheet.ConditionalFormatRule[] {
    if (tab.theirRules === null) {
      tab.theirRules = this.read(() => tab.sheet.getConditionalFormatRules()).filter((rule) => {
        const condition = rule.getBooleanCondition();
        return !(condition && condition.getCriteriaValues().some(isTaggedFormula));
      });
    }
    return tab.theirRules;
  }

  /**
   * Our rules (tagged) replace our earlier ones; a user's rules, read before the run's first write
   * when surveyed (else here), are kept, in order.
   */
  setOwnConditionalRules(sheetName: string, rules: readonly ConditionalRule[]): void {
    const tab = this.existing(sheetName);
    const { sheet } = tab;
    const theirs = this.theirRules(tab);
    const placed = rules.flatMap((rule) => {
      const target = this.clamp(tab, rule.area);
      return target ? [{ rule, target }] : [];
    });
    const ranges = this.ranges(
      sheet,
      placed.map((p) => p.target),
    );
    const ours = placed.map(({ rule, target }) => {
      let builder = SpreadsheetApp.newConditionalFormatRule().whenFormulaSatisfied(tagFormula(rule.formula));
      if (rule.background) builder = builder.setBackground(rule.background);
      if (rule.fontColor) builder = builder.setFontColor(rule.fontColor);
      if (rule.bold) builder = builder.setBold(true);
      return builder.setRanges([ranges.get(a1(target))!]).build();
    });
    sheet.setConditionalFormatRules(theirs.concat(ours));
    this.dirty = true;
  }

  /** One pattern per column area (Range.setNumberFormat), not a matrix of one value per cell. */
  setColumnFormats(sheetName: string, area: Area, formats: readonly string[]): void {
    if (area.numRows <= 0 || area.numCols <= 0) return;
    const tab = this.existing(sheetName);
    const target = this.clamp(tab, area);
    if (!target) return;
    for (const [c, n, format] of runs(formats.slice(0, target.numCols)))
      tab.sheet.getRange(target.row, target.col + c, target.numRows, n).setNumberFormat(format);
    this.dirty = true;
  }

  /**
   * The tab's range protections that may be ours: those with our description, and undescribed ones
   * (see protectOwnedAreas), with their range and whether they only warn. Read once per run.
   */
  private protectionsMaybeOurs(tab: TabRecord, description: string): ProtectionSeen[] {
    if (tab.protections === null) {
      tab.protections = this.read(() =>
        tab.sheet.getProtections(SpreadsheetApp.ProtectionType.RANGE).map((p) => ({ p, named: p.getDescription() })),
      );
    }
    const maybe = tab.protections.filter((x) => x.named === description || x.named === '');
    for (const x of maybe) {
      if (x.at !== undefined) continue;
      x.at = x.p.getRange().getA1Notation();
      x.warns = this.read(() => x.p.isWarningOnly());
    }
    return maybe;
  }

  /**
   * Range protections with our description are ours, and so is an undescribed one over exactly a
   * wanted area (what a run cut off inside protect() leaves). One per area is kept; a missing one
   * is made from a spare of ours or anew, warning only (reference: Range.protect,
   * Protection.setWarningOnly); the rest of ours are removed. All reads (none after a survey) come
   * before the first change.
   */
  protectOwnedAreas(sheetName: string, areas: readonly Area[], description: string): void {
    const tab = this.existing(sheetName);
    const wanted = areas.map((area) => this.clamp(tab, area)).filter((a): a is Area => a !== null);
    const keys = new Set(wanted.map(a1));
    const ours = this.protectionsMaybeOurs(tab, description).filter((x) => x.named === description || keys.has(x.at!));
    const missing = wanted.filter((area) => {
      const i = ours.findIndex((o) => o.at === a1(area) && o.warns && o.named === description);
      if (i >= 0) ours.splice(i, 1);
      return i < 0;
    });
    const seen = tab.protections!;
    for (const area of missing) {
      const range = tab.sheet.getRange(area.row, area.col, area.numRows, area.numCols);
      const spare = ours.shift();
      if (spare) {
        spare.p.setRange(range).setDescription(description).setWarningOnly(true);
        Object.assign(spare, { named: description, at: a1(area), warns: true });
      } else {
        const p = range.protect().setWarningOnly(true).setDescription(description);
        seen.push({ p, named: description, at: a1(area), warns: true });
      }
      this.dirty = true;
    }
    for (const x of ours) {
      x.p.remove();
      seen.splice(seen.indexOf(x), 1);
    }
    if (ours.length > 0) this.dirty = true;
  }

  freezeRows(sheetName: string, rows: number): void {
    this.existing(sheetName).sheet.setFrozenRows(rows);
    this.dirty = true;
  }
}

/**
 * A tab's A1 after writing `values` at (row, col), from what was known before (null: unknown):
 * a value written in A1 is A1; any value written makes the tab non-empty.
 */
function topLeftAfter(
  before: TopLeft | null,
  row: number,
  col: number,
  values: readonly (readonly Cell[])[],
): TopLeft | null {
  const anyValue = values.some((line) => line.some((v) => v !== null && v !== ''));
  if (row === 1 && col === 1) {
    const value = values[0][0] === '' ? null : values[0][0];
    if (value !== null || anyValue) return { value, empty: false };
    // Blank over A1: still empty if it was; else it may have become empty.
    return before?.empty ? before : null;
  }
  // Blanks written where the only values were may have emptied the tab.
  if (!anyValue) return before !== null && !before.empty && before.value === null ? null : before;
  if (before === null) return before;
  return before.empty ? { value: before.value, empty: false } : before;
}
