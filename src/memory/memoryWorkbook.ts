// The workbook port in memory: for tests and the benchmark. It keeps what the other adapters keep
// (values, formats, colours, notes, validations, conditional rules, frozen rows, charts) so tests can
// check all of it, and counts calls in the shape Apps Script would make them.

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
}

const key = (row: number, col: number): string => `${row},${col}`;

/** How many Apps Script service calls each port method costs in the Apps Script adapter. */
export interface CallLog {
  total: number;
  byMethod: Record<string, number>;
}

export class MemoryWorkbook implements WorkbookPort {
  readonly supportsCharts: boolean;
  private readonly sheets: MemorySheet[] = [];
  readonly calls: CallLog = { total: 0, byMethod: {} };

  constructor(options: { supportsCharts?: boolean } = {}) {
    this.supportsCharts = options.supportsCharts ?? true;
  }

  /** Builds a book from plain arrays (test helper). */
  static from(tabs: Record<string, Cell[][]>, options: { supportsCharts?: boolean } = {}): MemoryWorkbook {
    const book = new MemoryWorkbook(options);
    for (const [name, values] of Object.entries(tabs)) {
      book.createSheet(name);
      book.sheet(name).values = values.map((r) => r.slice());
    }
    book.resetCalls();
    return book;
  }

  resetCalls(): void {
    this.calls.total = 0;
    this.calls.byMethod = {};
  }

  private count(method: string, n = 1): void {
    this.calls.total += n;
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

  sheetNames(): string[] {
    this.count('getSheets');
    return this.sheets.map((s) => s.name);
  }

  readSheet(name: string): Cell[][] | null {
    this.count('getValues', 3); // getSheetByName + getDataRange + getValues
    const s = this.sheets.find((x) => x.name === name);
    if (!s) return null;
    const width = s.values.reduce((w, r) => Math.max(w, lastFilled(r)), 0);
    let height = s.values.length;
    while (height > 0 && lastFilled(s.values[height - 1]) === 0) height--;
    const out: Cell[][] = [];
    for (let r = 0; r < height; r++) {
      const row = s.values[r] ?? [];
      const copy = new Array<Cell>(width);
      for (let c = 0; c < width; c++) copy[c] = row[c] ?? null;
      out.push(copy);
    }
    return out;
  }

  createSheet(name: string): void {
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
    });
  }

  writeRange(
    sheet: string,
    row: number,
    col: number,
    values: readonly (readonly Cell[])[],
    options: WriteOptions = {},
  ): void {
    const s = this.sheet(sheet);
    this.count('setValues', 2);
    checkRect(values);
    for (let r = 0; r < values.length; r++) {
      const target = (s.values[row - 1 + r] ??= []);
      for (let c = 0; c < values[r].length; c++) {
        const v = values[r][c];
        target[col - 1 + c] = v === '' ? null : v;
      }
    }
    for (let r = 0; r < s.values.length; r++) s.values[r] ??= [];
    if (options.columnFormats) {
      this.count('setNumberFormats');
      options.columnFormats.forEach((f, c) => {
        if (f === null) return;
        for (let r = 0; r < values.length; r++) s.formats.set(key(row + r, col + c), f);
      });
    }
    if (options.backgrounds) {
      this.count('setBackgrounds');
      options.backgrounds.forEach((line, r) =>
        line.forEach((bg, c) => {
          if (bg) s.backgrounds.set(key(row + r, col + c), bg);
          else s.backgrounds.delete(key(row + r, col + c));
        }),
      );
    }
    if (options.notes) {
      this.count('setNotes');
      options.notes.forEach((line, r) =>
        line.forEach((note, c) => {
          if (note) s.notes.set(key(row + r, col + c), note);
          else s.notes.delete(key(row + r, col + c));
        }),
      );
    }
  }

  replaceSheet(name: string, content: SheetContent): void {
    if (!this.sheets.some((x) => x.name === name)) this.createSheet(name);
    const s = this.sheet(name);
    this.count('clear', 2);
    s.values = [];
    s.formats.clear();
    s.backgrounds.clear();
    s.notes.clear();
    s.validations = [];
    s.rules = [];
    s.charts = [];
    checkRect(content.values, true);
    const width = content.values.reduce((w, r) => Math.max(w, r.length), 0);
    const padded = content.values.map((r) => {
      const copy = r.slice();
      while (copy.length < width) copy.push(null);
      return copy;
    });
    if (padded.length > 0)
      this.writeRange(name, 1, 1, padded, { columnFormats: content.columnFormats, backgrounds: content.backgrounds });
    s.boldRows = [...(content.boldRows ?? [])];
    if (content.boldRows?.length) this.count('setFontWeights');
    if (content.frozenRows !== undefined) this.freezeRows(name, content.frozenRows);
    if (content.columnWidths) this.count('setColumnWidths', content.columnWidths.filter((w) => w !== null).length);
    if (content.charts && this.supportsCharts) {
      for (const chart of content.charts) {
        this.count('insertChart', 2);
        s.charts.push(chart);
      }
    }
  }

  setListValidations(sheet: string, rules: readonly ListValidation[]): void {
    const s = this.sheet(sheet);
    this.count('setDataValidation', rules.length * 2);
    for (const rule of rules) {
      s.validations = s.validations.filter((v) => !sameArea(v.area, rule.area));
      s.validations.push(rule);
    }
  }

  setOwnConditionalRules(sheet: string, rules: readonly ConditionalRule[]): void {
    this.count('setConditionalFormatRules', 2);
    this.sheet(sheet).rules = [...rules];
  }

  setColumnFormats(sheet: string, area: Area, formats: readonly string[]): void {
    this.count('setNumberFormats', 2);
    const s = this.sheet(sheet);
    for (let c = 0; c < area.numCols; c++)
      for (let r = 0; r < area.numRows; r++) s.formats.set(key(area.row + r, area.col + c), formats[c]);
  }

  freezeRows(sheet: string, rows: number): void {
    this.count('setFrozenRows');
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
