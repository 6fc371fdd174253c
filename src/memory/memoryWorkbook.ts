// The workbook port in memory: for tests and the benchmark. It keeps what the other adapters keep
// (values, formats, colours, notes, validations, conditional rules, frozen rows, charts) so tests can
// check all of it, and counts calls in the shape Apps Script would make them.

import { isCalendarDate } from '../domain/calendar';
import { GENERATED_MARK } from '../domain/schema';
import type {
  Area,
  Cell,
  ChartSpec,
  ConditionalRule,
  HorizontalAlignment,
  ListValidation,
  SheetContent,
  TopLeft,
  WorkbookPort,
  WriteOptions,
} from '../workbook/port';

export interface MemorySheet {
  name: string;
  values: Cell[][];
  formats: Map<string, string>;
  backgrounds: Map<string, string>;
  notes: Map<string, string>;
  validations: ListValidation[];
  rules: ConditionalRule[];
  frozenRows: number;
  charts: ChartSpec[];
  boldRows: number[];
  /** Warning-only protections of the product's (see WorkbookPort.protectOwnedAreas). */
  protections: { description: string; area: Area }[];
  /** Horizontal alignment per cell ('row,col'); a cell left out is on automatic. */
  alignments: Map<string, HorizontalAlignment>;
}

const key = (row: number, col: number): string => `${row},${col}`;

/** Sheets' size and width for a new tab (as src/gas/sheetsWorkbook.ts assumes them). */
const NEW_ROWS = 1000;
const NEW_COLS = 26;
const DEFAULT_WIDTH = 100;

interface ModelBounds {
  rows: number;
  cols: number;
  rowsExact: boolean;
  colsExact: boolean;
  rowsAsked: boolean;
  colsAsked: boolean;
}

/** What one run of the Sheets adapter has learnt so far (handles, sizes, the sheet count). */
class CallModel {
  readonly known = new Set<string>();
  listed = false;
  countKnown = false;
  readonly bounds = new Map<string, ModelBounds>();
  /** Tabs inserted in this run, with the areas written since. */
  readonly newTabs = new Map<string, Area[]>();
  /** Tabs whose A1 this run knows (read or written). */
  readonly topLefts = new Set<string>();
  /** Tabs whose charts this run read with their A1. */
  readonly chartsKnown = new Set<string>();
  /** Written since the last read. */
  dirty = false;
}

/**
 * The calls that add rows or columns to a tab: made once a tab outgrows its grid (a new tab has
 * 1,000 rows), so they are listed in byMethod but left out of CallLog.total, whose promise is a
 * count that does not depend on the number of rows.
 */
export const GROW_CALLS: ReadonlySet<string> = new Set(['insertRowsAfter', 'insertColumnsAfter']);

/** The Apps Script service calls the Sheets adapter would make, by method (see CallModel). */
export interface CallLog {
  /** Every call but GROW_CALLS. */
  total: number;
  byMethod: Record<string, number>;
  /**
   * Round trips to the document: calls returning document data while writes were pending (Apps
   * Script sends its cached writes first), plus the final flush when writes are still pending. As
   * test/gas/emulator.ts counts them; the measure that matters more than `total`.
   */
  roundTrips: number;
}

/** A call that changes the document (see isWriteCall in test/gas/emulator.ts). */
function isWriteMethod(method: string): boolean {
  return /^(set|insert|clear|remove|add|delete|protect)/.test(method);
}

/** A call that returns document data (see isDataCall in test/gas/emulator.ts). */
function isDataMethod(method: string): boolean {
  return /^(get|is)/.test(method) && !/^(getRange|getRangeList|getRanges|getA1Notation)$/.test(method);
}

export class MemoryWorkbook implements WorkbookPort {
  readonly supportsCharts: boolean;
  private readonly sheets: MemorySheet[] = [];
  /**
   * Calls on the document that src/gas/sheetsWorkbook.ts would make for the same port calls, in one
   * run (resetCalls starts the next, as a new menu click makes a new adapter). An estimate for unit
   * tests; the authoritative count is the emulator's (test/gas/emulator.ts, `npm run bench`), and
   * test/gas/callCounts.test.ts keeps the two equal on the sample book.
   */
  readonly calls: CallLog = { total: 0, byMethod: {}, roundTrips: 0 };
  /** Writes not yet sent (the next data call is a round trip; so is the end of the run). */
  private pending = false;
  private model = new CallModel();
  /** The grid size Sheets would give each tab (rows × columns), for the calls that grow it. */
  private readonly grid = new Map<string, { rows: number; cols: number }>();

  constructor(options: { supportsCharts?: boolean } = {}) {
    this.supportsCharts = options.supportsCharts ?? true;
  }

  /** Builds a book from plain arrays (test helper). */
  static from(tabs: Record<string, Cell[][]>, options: { supportsCharts?: boolean } = {}): MemoryWorkbook {
    const book = new MemoryWorkbook(options);
    for (const [name, values] of Object.entries(tabs)) {
      book.createSheet(name);
      book.sheet(name).values = values.map((r) => r.slice());
      const width = values.reduce((w, r) => Math.max(w, r.length), 0);
      book.grid.set(name, { rows: Math.max(NEW_ROWS, values.length), cols: Math.max(NEW_COLS, width) });
    }
    book.resetCalls();
    return book;
  }

  /** Zeroes the count and starts a new run (the adapter's per-run knowledge is forgotten). */
  resetCalls(): void {
    this.calls.total = 0;
    this.calls.byMethod = {};
    this.calls.roundTrips = 0;
    this.pending = false;
    this.model = new CallModel();
  }

  private count(method: string, n = 1): void {
    if (n <= 0) return;
    if (this.pending && isDataMethod(method)) this.pending = false;
    else if (!this.pending && isWriteMethod(method)) {
      this.pending = true;
      this.calls.roundTrips++; // paid now: by the next read, or by the flush at the end of the run
    }
    if (!GROW_CALLS.has(method)) this.calls.total += n;
    this.calls.byMethod[method] = (this.calls.byMethod[method] ?? 0) + n;
  }

  sheet(name: string): MemorySheet {
    const s = this.sheets.find((x) => x.name === name);
    if (!s) throw new Error(`no sheet ${name}`);
    return s;
  }

  hasSheet(name: string): boolean {
    return this.sheets.some((x) => x.name === name);
  }

  // --- the call model: what SheetsWorkbook asks Sheets for, step by step ---

  private lookup(name: string): void {
    if (this.model.known.has(name)) return;
    this.model.known.add(name);
    if (!this.model.listed) this.count('getSheetByName');
  }

  private gridOf(name: string): { rows: number; cols: number } {
    let g = this.grid.get(name);
    if (!g) {
      g = { rows: NEW_ROWS, cols: NEW_COLS };
      this.grid.set(name, g);
    }
    return g;
  }

  private boundsOf(name: string): ModelBounds {
    let b = this.model.bounds.get(name);
    if (!b) {
      b = { rows: 0, cols: 0, rowsExact: false, colsExact: false, rowsAsked: false, colsAsked: false };
      this.model.bounds.set(name, b);
    }
    return b;
  }

  private askRows(name: string, b: ModelBounds): void {
    this.count('getMaxRows');
    b.rows = this.gridOf(name).rows;
    b.rowsExact = b.rowsAsked = true;
  }

  private askCols(name: string, b: ModelBounds): void {
    this.count('getMaxColumns');
    b.cols = this.gridOf(name).cols;
    b.colsExact = b.colsAsked = true;
  }

  private fit(name: string, lastRow: number, lastCol: number): void {
    const b = this.boundsOf(name);
    const g = this.gridOf(name);
    if (lastRow > b.rows && b.rowsExact) {
      this.count('insertRowsAfter');
      b.rows = g.rows = lastRow;
    }
    if (lastCol > b.cols && b.colsExact) {
      this.count('insertColumnsAfter');
      b.cols = g.cols = lastCol;
    }
  }

  private range(name: string, area: Area): void {
    const lastRow = area.row + area.numRows - 1;
    const lastCol = area.col + area.numCols - 1;
    this.fit(name, lastRow, lastCol);
    const g = this.gridOf(name);
    if (lastRow > g.rows || lastCol > g.cols) {
      // The size the adapter went by was too small: Sheets refuses the range, the adapter asks and grows.
      this.count('getRange');
      const b = this.boundsOf(name);
      if (!b.rowsAsked && (b.rowsExact || lastRow > b.rows)) this.askRows(name, b);
      if (!b.colsAsked && (b.colsExact || lastCol > b.cols)) this.askCols(name, b);
      this.fit(name, lastRow, lastCol);
    }
    this.count('getRange');
    const b = this.boundsOf(name);
    if (!b.rowsExact) b.rows = Math.max(b.rows, lastRow);
    if (!b.colsExact) b.cols = Math.max(b.cols, lastCol);
  }

  private clamp(name: string, area: Area): Area | null {
    const b = this.boundsOf(name);
    if (area.row + area.numRows - 1 > b.rows && !b.rowsExact) this.askRows(name, b);
    if (area.col + area.numCols - 1 > b.cols && !b.colsExact) this.askCols(name, b);
    const numRows = Math.min(area.numRows, b.rows - area.row + 1);
    const numCols = Math.min(area.numCols, b.cols - area.col + 1);
    if (area.row < 1 || area.col < 1 || numRows < 1 || numCols < 1) return null;
    return { row: area.row, col: area.col, numRows, numCols };
  }

  /** getRange for one distinct area, getRangeList + getRanges for more. */
  private ranges(areas: readonly (Area | null)[]): void {
    const keys = new Set(
      areas.filter((a): a is Area => a !== null).map((a) => `${a.row},${a.col},${a.numRows},${a.numCols}`),
    );
    if (keys.size === 1) this.count('getRange');
    else if (keys.size > 1) {
      this.count('getRangeList');
      this.count('getRanges'); // + getA1Notation per range: computed in the script, not a document call
    }
  }

  /** The calls of one rectangle write (see SheetsWorkbook.write and formatsFor). */
  private countWrite(
    name: string,
    row: number,
    col: number,
    values: readonly (readonly Cell[])[],
    options: WriteOptions & { cellFormats?: SheetContent['cellFormats'] },
    freshlyCleared: boolean,
  ): boolean {
    const width = values[0]?.length ?? 0;
    if (width === 0) return false;
    const area = { row, col, numRows: values.length, numCols: width };
    const written = this.model.newTabs.get(name);
    if (written) {
      if (!written.some((w) => overlaps(w, area))) freshlyCleared = true;
      written.push(area);
    }
    this.range(name, area);
    let needsAny = false;
    let needsExisting = false;
    for (const line of values) {
      for (let c = 0; c < line.length; c++) {
        const v = line[c];
        const colFormat = options.columnFormats?.[c] ?? null;
        if (v !== null || colFormat !== null) needsAny = true;
        if (colFormat === null && typeof v !== 'string' && !isCalendarDate(v)) needsExisting = true;
      }
    }
    // On a new or cleared tab, strings alone go quote-prefixed with no formats call.
    const beyondText =
      options.cellFormats !== undefined ||
      (options.columnFormats?.some((f) => f !== null && f !== undefined) ?? false) ||
      values.some((line) => line.some((v) => isCalendarDate(v)));
    const quoted = freshlyCleared && !beyondText;
    if (!quoted && needsAny && needsExisting && !freshlyCleared) this.count('getNumberFormats');
    if (!quoted && needsAny) this.count('setNumberFormats');
    this.count('setValues');
    if (options.backgrounds) this.count('setBackgrounds');
    if (options.notes) this.count('setNotes');
    if (row === 1 && col === 1) {
      if (values[0][0] === null) this.model.topLefts.delete(name);
      else this.model.topLefts.add(name);
    }
    this.model.dirty = true;
    return true;
  }

  // --- the port ---

  sheetNames(): string[] {
    if (!this.model.listed) {
      this.count('getSheets');
      this.count('getName', this.sheets.length);
      this.model.listed = true;
      this.model.countKnown = true;
      this.model.dirty = false;
      for (const s of this.sheets) this.model.known.add(s.name);
    }
    return this.sheets.map((s) => s.name);
  }

  readSheet(name: string): Cell[][] | null {
    this.lookup(name);
    const s = this.sheets.find((x) => x.name === name);
    if (!s) return null;
    this.count('getSheetValues');
    const width = s.values.reduce((w, r) => Math.max(w, lastFilled(r)), 0);
    let height = s.values.length;
    while (height > 0 && lastFilled(s.values[height - 1]) === 0) height--;
    if (height === 0) this.count('getLastRow'); // Sheets refuses to read no rows; the adapter checks
    this.model.dirty = false;
    const b = this.boundsOf(name);
    if (!b.rowsExact) b.rows = Math.max(b.rows, height, 1);
    if (!b.colsExact) b.cols = Math.max(b.cols, width, 1);
    const out: Cell[][] = [];
    for (let r = 0; r < height; r++) {
      const row = s.values[r] ?? [];
      const copy = new Array<Cell>(width);
      for (let c = 0; c < width; c++) copy[c] = row[c] ?? null;
      out.push(copy);
    }
    return out;
  }

  /** See SheetsWorkbook.readA1: once writes are pending, every tab's A1 at once (and our tabs' charts). */
  readA1(name: string): TopLeft | null {
    const s = this.sheets.find((x) => x.name === name);
    if (!this.model.topLefts.has(name)) {
      if (this.model.dirty) {
        this.sheetNames();
        for (const other of this.sheets) if (!this.model.topLefts.has(other.name)) this.countTopLeft(other, true);
      } else {
        this.lookup(name);
        if (s) this.countTopLeft(s, false);
      }
    }
    if (!s) return null;
    const value = s.values[0]?.[0] ?? null;
    if (value !== null && value !== '') return { value, empty: false };
    return { value: null, empty: !s.values.some((r) => lastFilled(r) > 0) };
  }

  private countTopLeft(s: MemorySheet, withCharts: boolean): void {
    this.count('getSheetValues');
    const value = s.values[0]?.[0] ?? null;
    if (value === null || value === '') this.count('getLastRow');
    if (withCharts && typeof value === 'string' && value.startsWith(GENERATED_MARK)) {
      this.count('getCharts');
      this.model.chartsKnown.add(s.name);
    }
    this.model.topLefts.add(s.name);
    this.model.dirty = false;
  }

  createSheet(name: string): void {
    if (!this.model.countKnown) this.count('getNumSheets');
    this.model.countKnown = true;
    this.count('insertSheet');
    if (this.sheets.some((x) => x.name === name)) throw new Error(`A sheet with the name "${name}" already exists.`);
    this.sheets.push({
      name,
      values: [],
      formats: new Map(),
      backgrounds: new Map(),
      notes: new Map(),
      validations: [],
      rules: [],
      frozenRows: 0,
      charts: [],
      boldRows: [],
      protections: [],
      alignments: new Map(),
    });
    this.model.known.add(name);
    this.model.newTabs.set(name, []);
    this.model.topLefts.add(name);
    this.model.chartsKnown.add(name);
    this.model.dirty = true;
    this.grid.set(name, { rows: NEW_ROWS, cols: NEW_COLS });
    this.model.bounds.set(name, {
      rows: NEW_ROWS,
      cols: NEW_COLS,
      rowsExact: true,
      colsExact: true,
      rowsAsked: false,
      colsAsked: false,
    });
  }

  writeRange(
    sheet: string,
    row: number,
    col: number,
    values: readonly (readonly Cell[])[],
    options: WriteOptions = {},
  ): void {
    if (values.length === 0) return;
    checkRect(values);
    this.lookup(sheet);
    const s = this.sheet(sheet);
    this.countWrite(sheet, row, col, values, options, false);
    this.store(s, row, col, values, options);
  }

  private store(
    s: MemorySheet,
    row: number,
    col: number,
    values: readonly (readonly Cell[])[],
    options: WriteOptions,
  ): void {
    for (let r = 0; r < values.length; r++) {
      const target = (s.values[row - 1 + r] ??= []);
      for (let c = 0; c < values[r].length; c++) {
        const v = values[r][c];
        target[col - 1 + c] = v === '' ? null : v;
      }
    }
    for (let r = 0; r < s.values.length; r++) s.values[r] ??= [];
    if (options.columnFormats) {
      options.columnFormats.forEach((f, c) => {
        if (f === null) return;
        for (let r = 0; r < values.length; r++) s.formats.set(key(row + r, col + c), f);
      });
    }
    if (options.backgrounds) {
      options.backgrounds.forEach((line, r) =>
        line.forEach((bg, c) => {
          if (bg) s.backgrounds.set(key(row + r, col + c), bg);
          else s.backgrounds.delete(key(row + r, col + c));
        }),
      );
    }
    if (options.notes) {
      options.notes.forEach((line, r) =>
        line.forEach((note, c) => {
          if (note) s.notes.set(key(row + r, col + c), note);
          else s.notes.delete(key(row + r, col + c));
        }),
      );
    }
  }

  replaceSheet(name: string, content: SheetContent): void {
    this.lookup(name);
    const fresh = !this.sheets.some((x) => x.name === name);
    if (fresh) this.createSheet(name);
    else {
      if (content.charts !== undefined && !this.model.chartsKnown.has(name)) this.count('getCharts');
      this.count('clear');
      if (content.charts !== undefined) this.count('removeChart', this.sheet(name).charts.length);
      this.model.chartsKnown.add(name);
    }
    const s = this.sheet(name);
    // As Sheet.clear(): values and formatting go, conditional rules and dropdowns included; notes stay.
    s.values = [];
    s.formats.clear();
    s.backgrounds.clear();
    s.validations = [];
    s.rules = [];
    s.alignments.clear();
    if (content.charts !== undefined) s.charts = [];
    checkRect(content.values, true);
    const width = content.values.reduce((w, r) => Math.max(w, r.length), 0);
    const padded = content.values.map((r) => {
      const copy = r.slice();
      while (copy.length < width) copy.push(null);
      return copy;
    });
    const anyBackground = content.backgrounds?.some((line) => line.some((bg) => bg !== null)) ?? false;
    const options: WriteOptions & { cellFormats?: SheetContent['cellFormats'] } = {
      columnFormats: content.columnFormats,
      backgrounds: anyBackground ? content.backgrounds : undefined,
      cellFormats: content.cellFormats,
    };
    let written = false;
    if (padded.length > 0) {
      written = this.countWrite(name, 1, 1, padded, options, true);
      this.store(s, 1, 1, padded, { columnFormats: content.columnFormats, backgrounds: content.backgrounds });
    }
    s.boldRows = [...(content.boldRows ?? [])];
    if (written && content.boldRows?.length) this.count('setFontWeights');
    // As SheetsWorkbook.replaceSheet: cell formats join the write's formats; alignments take one call.
    if (written && content.cellFormats) {
      content.cellFormats.forEach((line, r) =>
        line?.forEach((f, c) => {
          if (f !== null) s.formats.set(key(r + 1, c + 1), f);
        }),
      );
    }
    if (written && content.alignments) {
      this.count('setHorizontalAlignments');
      content.alignments.forEach((line, r) =>
        line?.forEach((a, c) => {
          if (a !== null) s.alignments.set(key(r + 1, c + 1), a);
        }),
      );
    }
    // As SheetsWorkbook.replaceSheet: the last column's long texts wrap, one call on the written range.
    if (written && content.print && width > 1) this.count('setWraps');
    if (content.frozenRows !== undefined) s.frozenRows = content.frozenRows;
    if (content.frozenRows !== undefined && !(fresh && content.frozenRows === 0)) this.count('setFrozenRows');
    this.countWidths(name, content.columnWidths ?? [], fresh);
    this.model.topLefts.add(name);
    this.model.dirty = true;
    if (content.charts && this.supportsCharts) {
      for (const chart of content.charts) {
        this.range(name, chart.data);
        this.count('newChart');
        this.count('insertChart');
        s.charts.push(chart);
      }
    }
  }

  private countWidths(name: string, widths: readonly (number | null)[], fresh: boolean): void {
    const cols = this.boundsOf(name).cols;
    const wanted = widths.map((w) => (w === null ? null : Math.round(w)));
    let i = 0;
    while (i < wanted.length && i < cols) {
      const w = wanted[i];
      let j = i + 1;
      while (j < wanted.length && j < cols && wanted[j] === w) j++;
      if (w !== null && !(fresh && w === DEFAULT_WIDTH)) this.count('setColumnWidths');
      i = j;
    }
  }

  setListValidations(sheet: string, rules: readonly ListValidation[]): void {
    if (rules.length === 0) return;
    this.lookup(sheet);
    const s = this.sheet(sheet);
    const targets = rules.map((rule) => this.clamp(sheet, rule.area));
    this.ranges(targets);
    this.count('setDataValidation', targets.filter((t) => t !== null).length);
    this.model.dirty = true;
    for (const rule of rules) {
      s.validations = s.validations.filter((v) => !sameArea(v.area, rule.area));
      s.validations.push(rule);
    }
  }

  setOwnConditionalRules(sheet: string, rules: readonly ConditionalRule[]): void {
    this.lookup(sheet);
    const s = this.sheet(sheet);
    this.count('getConditionalFormatRules');
    this.model.dirty = false;
    const targets = rules.map((rule) => this.clamp(sheet, rule.area));
    this.ranges(targets);
    this.count('setConditionalFormatRules');
    this.model.dirty = true;
    s.rules = [...rules];
  }

  setColumnFormats(sheet: string, area: Area, formats: readonly string[]): void {
    if (area.numRows <= 0 || area.numCols <= 0) return;
    this.lookup(sheet);
    const s = this.sheet(sheet);
    const target = this.clamp(sheet, area);
    if (target) {
      // One setNumberFormat per run of equal patterns (see SheetsWorkbook.setColumnFormats).
      const line = formats.slice(0, target.numCols);
      const runs = line.filter((f, i) => i === 0 || f !== line[i - 1]).length;
      this.count('getRange', runs);
      this.count('setNumberFormat', runs);
      this.model.dirty = true;
    }
    for (let c = 0; c < area.numCols; c++)
      for (let r = 0; r < area.numRows; r++) s.formats.set(key(area.row + r, area.col + c), formats[c]);
  }

  /** See SheetsWorkbook.protectOwnedAreas: the calls, and ours kept one per area. */
  protectOwnedAreas(sheet: string, areas: readonly Area[], description: string): void {
    this.lookup(sheet);
    const s = this.sheet(sheet);
    const wanted = areas.map((a) => this.clamp(sheet, a)).filter((a): a is Area => a !== null);
    const ours = s.protections.filter((p) => p.description === description);
    this.count('getProtections');
    for (const method of ['getDescription', 'getRange', 'isWarningOnly'])
      this.count(method, method === 'getDescription' ? s.protections.length : ours.length);
    this.model.dirty = false;
    const spare = ours.filter((p) => !wanted.some((w) => sameArea(w, p.area)));
    const missing = wanted.filter((w) => !ours.some((p) => sameArea(w, p.area)));
    for (const area of missing) {
      this.count('getRange');
      const reuse = spare.shift();
      if (reuse) {
        this.count('setRange');
        this.count('setDescription');
        this.count('setWarningOnly');
        reuse.area = area;
      } else {
        this.count('protect');
        this.count('setWarningOnly');
        this.count('setDescription');
        s.protections.push({ description, area });
      }
      this.model.dirty = true;
    }
    this.count('remove', spare.length);
    if (spare.length > 0) this.model.dirty = true;
    s.protections = s.protections.filter((p) => !spare.includes(p));
  }

  freezeRows(sheet: string, rows: number): void {
    this.lookup(sheet);
    this.count('setFrozenRows');
    this.model.dirty = true;
    this.sheet(sheet).frozenRows = rows;
  }

  // --- test helpers (not part of the port) ---

  /** The value a user would see at a 1-based cell. */
  cell(sheet: string, row: number, col: number): Cell {
    return this.sheet(sheet).values[row - 1]?.[col - 1] ?? null;
  }

  formatAt(sheet: string, row: number, col: number): string | undefined {
    return this.sheet(sheet).formats.get(key(row, col));
  }

  alignmentAt(sheet: string, row: number, col: number): HorizontalAlignment | undefined {
    return this.sheet(sheet).alignments.get(key(row, col));
  }

  backgroundAt(sheet: string, row: number, col: number): string | undefined {
    return this.sheet(sheet).backgrounds.get(key(row, col));
  }

  noteAt(sheet: string, row: number, col: number): string | undefined {
    return this.sheet(sheet).notes.get(key(row, col));
  }

  /** Deep copy of the whole book's state, for before/after comparisons. */
  snapshot(): string {
    return JSON.stringify(
      this.sheets.map((s) => ({
        ...s,
        formats: [...s.formats.entries()].sort(),
        backgrounds: [...s.backgrounds.entries()].sort(),
        notes: [...s.notes.entries()].sort(),
        alignments: [...s.alignments.entries()].sort(),
      })),
    );
  }
}

function lastFilled(row: readonly Cell[] | undefined): number {
  if (!row) return 0;
  let n = row.length;
  while (n > 0 && (row[n - 1] === null || row[n - 1] === undefined || row[n - 1] === '')) n--;
  return n;
}

function overlaps(a: Area, b: Area): boolean {
  return (
    a.row < b.row + b.numRows && b.row < a.row + a.numRows && a.col < b.col + b.numCols && b.col < a.col + a.numCols
  );
}

function sameArea(a: Area, b: Area): boolean {
  return a.row === b.row && a.col === b.col && a.numRows === b.numRows && a.numCols === b.numCols;
}

/** Sheets rejects a setValues whose rows differ in length; so does this adapter. */
function checkRect(values: readonly (readonly Cell[])[], allowRagged = false): void {
  if (allowRagged || values.length === 0) return;
  const w = values[0].length;
  for (let r = 1; r < values.length; r++) {
    if (values[r].length !== w)
      throw new Error(
        `The number of columns in the data does not match the number of columns in the range. The data has ${values[r].length} but the range has ${w}.`,
      );
  }
}
