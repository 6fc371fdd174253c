// The workbook port over SpreadsheetApp: the only module besides src/entrypoints.ts that talks to
// Apps Script services. Each method makes a fixed number of range-wide calls, however many rows a
// tab holds (one call over 100 rows costs about what one call over one cell costs; a call per cell
// would not finish in Apps Script's 6 minutes on a real ledger).

import { isCalendarDate, toSerial, tokyoDateAt } from '../domain/calendar';
import { DATE_FORMAT } from '../domain/schema';
import type {
  Area,
  Cell,
  ChartSpec,
  ConditionalRule,
  ListValidation,
  SheetContent,
  WorkbookPort,
  WriteOptions,
} from '../workbook/port';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Range = GoogleAppsScript.Spreadsheet.Range;
type SheetsValue = string | number | boolean | Date;

/**
 * Marks our conditional format rules: N("…") is 0, so `N("teichaku")=0` is always true and the rule
 * still means what its formula says, while we can tell it from a user's rule on the next run.
 */
export const RULE_TAG = 'N("teichaku")=0';

/** Plain text: Sheets stores what is written, never parsing it as a formula, number or date. */
export const TEXT_FORMAT = '@';

/** What Sheets reports for a cell left on automatic; used when a number lands on a former text cell. */
export const AUTOMATIC_FORMAT = '0.###############';

/** Wraps a port formula (`=$AD3="…"`) so the rule is recognisably ours. */
export function tagFormula(formula: string): string {
  const body = formula.trim().replace(/^=/, '');
  return `=AND(${RULE_TAG},${body})`;
}

export function isTaggedFormula(formula: unknown): boolean {
  return typeof formula === 'string' && formula.includes(RULE_TAG);
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

interface Size {
  rows: number;
  cols: number;
}

export class SheetsWorkbook implements WorkbookPort {
  readonly supportsCharts = true;
  private readonly handles = new Map<string, Sheet>();
  private readonly sizes = new Map<string, Size>();
  private names: string[] | null = null;

  constructor(private readonly ss: Spreadsheet) {}

  sheetNames(): string[] {
    if (this.names === null) {
      this.names = this.ss.getSheets().map((sheet) => {
        const name = sheet.getName();
        this.handles.set(name, sheet);
        return name;
      });
    }
    return this.names.slice();
  }

  private handle(name: string): Sheet | null {
    const cached = this.handles.get(name);
    if (cached) return cached;
    if (this.names !== null && !this.names.includes(name)) return null;
    const sheet = this.ss.getSheetByName(name);
    if (sheet) this.handles.set(name, sheet);
    return sheet;
  }

  private sheet(name: string): Sheet {
    const sheet = this.handle(name);
    if (!sheet) throw new Error(`no sheet named ${name}`);
    return sheet;
  }

  readSheet(name: string): Cell[][] | null {
    const sheet = this.handle(name);
    if (!sheet) return null;
    const raw = sheet.getDataRange().getValues() as unknown[][];
    return trimBlank(raw.map((row) => row.map(fromSheetsValue)));
  }

  createSheet(name: string): void {
    this.insert(name);
  }

  private insert(name: string): Sheet {
    const sheet = this.ss.insertSheet(name, this.ss.getNumSheets());
    this.handles.set(name, sheet);
    if (this.names !== null) this.names.push(name);
    return sheet;
  }

  /** Grows the tab when a write reaches past its last row or column (Sheets rejects such ranges). */
  private ensureSize(name: string, sheet: Sheet, lastRow: number, lastCol: number): Size {
    let size = this.sizes.get(name);
    if (!size) {
      size = { rows: sheet.getMaxRows(), cols: sheet.getMaxColumns() };
      this.sizes.set(name, size);
    }
    if (lastRow > size.rows) {
      sheet.insertRowsAfter(size.rows, lastRow - size.rows);
      size.rows = lastRow;
    }
    if (lastCol > size.cols) {
      sheet.insertColumnsAfter(size.cols, lastCol - size.cols);
      size.cols = lastCol;
    }
    return size;
  }

  private range(name: string, sheet: Sheet, area: Area): Range {
    this.ensureSize(name, sheet, area.row + area.numRows - 1, area.col + area.numCols - 1);
    return sheet.getRange(area.row, area.col, area.numRows, area.numCols);
  }

  /**
   * The part of an area that lies on the sheet, for dropdowns, rules and formats: they describe
   * cells, so a user's tab is not grown for them. Null when nothing of the area is on the sheet.
   */
  private clampedRange(
    name: string,
    sheet: Sheet,
    area: Area,
  ): { range: Range; numRows: number; numCols: number } | null {
    const size = this.ensureSize(name, sheet, 1, 1);
    const numRows = Math.min(area.numRows, size.rows - area.row + 1);
    const numCols = Math.min(area.numCols, size.cols - area.col + 1);
    if (area.row < 1 || area.col < 1 || numRows < 1 || numCols < 1) return null;
    return { range: sheet.getRange(area.row, area.col, numRows, numCols), numRows, numCols };
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
  ): void {
    const width = checkRect(values);
    if (width === 0) return;
    const range = this.range(name, sheet, { row, col, numRows: values.length, numCols: width });
    const formats = this.formatsFor(range, values, options.columnFormats, freshlyCleared);
    if (formats) range.setNumberFormats(formats);
    range.setValues(values.map((line) => line.map(toSheetsValue)));
    if (options.backgrounds) range.setBackgrounds(options.backgrounds.map((line) => line.slice()));
    if (options.notes) range.setNotes(options.notes.map((line) => line.slice()));
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
    if (sheet) this.clearAll(name, sheet);
    else sheet = this.insert(name);
    const width = content.values.reduce((w, line) => Math.max(w, line.length), 0);
    const height = content.values.length;
    if (height > 0 && width > 0) {
      const padded = content.values.map((line) => {
        const copy = line.slice();
        while (copy.length < width) copy.push(null);
        return copy;
      });
      const backgrounds = content.backgrounds
        ? padded.map((_, r) => {
            const line = (content.backgrounds?.[r] ?? []).slice();
            while (line.length < width) line.push(null);
            return line.slice(0, width);
          })
        : undefined;
      this.write(name, sheet, 1, 1, padded, { columnFormats: content.columnFormats, backgrounds }, true);
      if (content.boldRows && content.boldRows.length > 0) {
        const bold = new Set(content.boldRows);
        const weights = padded.map((_, r) =>
          new Array<GoogleAppsScript.Spreadsheet.FontWeight>(width).fill(bold.has(r) ? 'bold' : 'normal'),
        );
        sheet.getRange(1, 1, height, width).setFontWeights(weights);
      }
    }
    sheet.setFrozenRows(content.frozenRows ?? 0);
    if (content.columnWidths) this.setColumnWidths(sheet, content.columnWidths);
    for (const chart of content.charts ?? []) this.insertChart(name, sheet, chart);
  }

  /** Everything a previous run of ours left on the tab: values, formats, notes, dropdowns, rules, charts. */
  private clearAll(name: string, sheet: Sheet): void {
    sheet.clear();
    const size = this.ensureSize(name, sheet, 1, 1);
    const all = sheet.getRange(1, 1, size.rows, size.cols);
    all.clearDataValidations();
    all.clearNote();
    sheet.clearConditionalFormatRules();
    for (const chart of sheet.getCharts()) sheet.removeChart(chart);
  }

  private setColumnWidths(sheet: Sheet, widths: readonly (number | null)[]): void {
    let i = 0;
    while (i < widths.length) {
      const w = widths[i];
      let j = i + 1;
      while (j < widths.length && widths[j] === w) j++;
      if (w !== null) sheet.setColumnWidths(i + 1, j - i, w);
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
    for (const rule of rules) {
      const builder = SpreadsheetApp.newDataValidation()
        .requireValueInList(rule.values.slice(), true)
        .setAllowInvalid(rule.allowInvalid);
      if (rule.helpText) builder.setHelpText(rule.helpText);
      const target = this.clampedRange(sheetName, sheet, rule.area);
      if (target) target.range.setDataValidation(builder.build());
    }
  }

  setOwnConditionalRules(sheetName: string, rules: readonly ConditionalRule[]): void {
    const sheet = this.sheet(sheetName);
    const theirs = sheet.getConditionalFormatRules().filter((rule) => {
      const condition = rule.getBooleanCondition();
      return !(condition && condition.getCriteriaValues().some(isTaggedFormula));
    });
    const ours: GoogleAppsScript.Spreadsheet.ConditionalFormatRule[] = [];
    for (const rule of rules) {
      const target = this.clampedRange(sheetName, sheet, rule.area);
      if (!target) continue;
      let builder = SpreadsheetApp.newConditionalFormatRule().whenFormulaSatisfied(tagFormula(rule.formula));
      if (rule.background) builder = builder.setBackground(rule.background);
      if (rule.fontColor) builder = builder.setFontColor(rule.fontColor);
      if (rule.bold) builder = builder.setBold(true);
      ours.push(builder.setRanges([target.range]).build());
    }
    sheet.setConditionalFormatRules(theirs.concat(ours));
  }

  setColumnFormats(sheetName: string, area: Area, formats: readonly string[]): void {
    if (area.numRows <= 0 || area.numCols <= 0) return;
    const target = this.clampedRange(sheetName, this.sheet(sheetName), area);
    if (!target) return;
    const line = formats.slice(0, target.numCols);
    const matrix: string[][] = [];
    for (let r = 0; r < target.numRows; r++) matrix.push(line.slice());
    target.range.setNumberFormats(matrix);
  }

  freezeRows(sheetName: string, rows: number): void {
    this.sheet(sheetName).setFrozenRows(rows);
  }
}
