// The workbook port in memory: for tests and the benchmark. A plain store that keeps what the other
// adapters keep (values, formats, colours, notes, validations, conditional rules, frozen rows, charts)
// so tests can check all of it. What a run costs in service calls is measured on the Apps Script
// emulator around the real Sheets adapter (test/gas/callCounts.test.ts, `npm run bench`), not here.

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
  /** The product's conditional rules (setOwnConditionalRules replaces these only). */
  rules: ConditionalRule[];
  /** A user's own conditional rules: kept by setOwnConditionalRules, gone with replaceSheet. */
  userRules: ConditionalRule[];
  frozenRows: number;
  charts: ChartSpec[];
  boldRows: number[];
  /** Warning-only protections of the product's (see WorkbookPort.protectOwnedAreas). */
  protections: { description: string; area: Area }[];
  /** Horizontal alignment per cell ('row,col'); a cell left out is on automatic. */
  alignments: Map<string, HorizontalAlignment>;
}

const key = (row: number, col: number): string => `${row},${col}`;

export class MemoryWorkbook implements WorkbookPort {
  readonly supportsCharts: boolean;
  private readonly sheets: MemorySheet[] = [];

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
    return book;
  }

  sheet(name: string): MemorySheet {
    const s = this.sheets.find((x) => x.name === name);
    if (!s) throw new Error(`no sheet ${name}`);
    return s;
  }

  hasSheet(name: string): boolean {
    return this.sheets.some((x) => x.name === name);
  }

  // --- the port ---

  /** Reads cost nothing here. */
  survey(): void {}

  sheetNames(): string[] {
    return this.sheets.map((s) => s.name);
  }

  readSheet(name: string): Cell[][] | null {
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

  readA1(name: string): TopLeft | null {
    const s = this.sheets.find((x) => x.name === name);
    if (!s) return null;
    const value = s.values[0]?.[0] ?? null;
    if (value !== null && value !== '') return { value, empty: false };
    return { value: null, empty: !s.values.some((r) => lastFilled(r) > 0) };
  }

  createSheet(name: string): void {
    if (this.sheets.some((x) => x.name === name)) throw new Error(`A sheet with the name "${name}" already exists.`);
    this.sheets.push({
      name,
      values: [],
      formats: new Map(),
      backgrounds: new Map(),
      notes: new Map(),
      validations: [],
      rules: [],
      userRules: [],
      frozenRows: 0,
      charts: [],
      boldRows: [],
      protections: [],
      alignments: new Map(),
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
    this.store(this.sheet(sheet), row, col, values, options);
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
    if (!this.hasSheet(name)) this.createSheet(name);
    const s = this.sheet(name);
    // As Sheet.clear(): values and formatting go, conditional rules and dropdowns included; notes stay.
    s.values = [];
    s.formats.clear();
    s.backgrounds.clear();
    s.validations = [];
    s.rules = [];
    s.userRules = [];
    s.alignments.clear();
    if (content.charts !== undefined) s.charts = [];
    const width = content.values.reduce((w, r) => Math.max(w, r.length), 0);
    const padded = content.values.map((r) => {
      const copy = r.slice();
      while (copy.length < width) copy.push(null);
      return copy;
    });
    if (padded.length > 0 && width > 0) {
      this.store(s, 1, 1, padded, { columnFormats: content.columnFormats, backgrounds: content.backgrounds });
    }
    s.boldRows = [...(content.boldRows ?? [])];
    // Cell formats over the column formats, where given.
    content.cellFormats?.forEach((line, r) =>
      line?.forEach((f, c) => {
        if (f !== null) s.formats.set(key(r + 1, c + 1), f);
      }),
    );
    content.alignments?.forEach((line, r) =>
      line?.forEach((a, c) => {
        if (a !== null) s.alignments.set(key(r + 1, c + 1), a);
      }),
    );
    if (content.frozenRows !== undefined) s.frozenRows = content.frozenRows;
    if (content.charts && this.supportsCharts) s.charts.push(...content.charts);
  }

  setListValidations(sheet: string, rules: readonly ListValidation[]): void {
    const s = this.sheet(sheet);
    for (const rule of rules) {
      s.validations = s.validations.filter((v) => !sameArea(v.area, rule.area));
      s.validations.push(rule);
    }
  }

  setOwnConditionalRules(sheet: string, rules: readonly ConditionalRule[]): void {
    this.sheet(sheet).rules = [...rules];
  }

  setColumnFormats(sheet: string, area: Area, formats: readonly string[]): void {
    const s = this.sheet(sheet);
    for (let c = 0; c < area.numCols; c++)
      for (let r = 0; r < area.numRows; r++) s.formats.set(key(area.row + r, area.col + c), formats[c]);
  }

  /** Keeps exactly one protection of ours per area; a user's (another description) are left alone. */
  protectOwnedAreas(sheet: string, areas: readonly Area[], description: string): void {
    const s = this.sheet(sheet);
    const wanted = areas.filter(
      (a, i) => a.numRows >= 1 && a.numCols >= 1 && areas.findIndex((b) => sameArea(a, b)) === i,
    );
    s.protections = [
      ...s.protections.filter((p) => p.description !== description),
      ...wanted.map((area) => ({ description, area })),
    ];
  }

  freezeRows(sheet: string, rows: number): void {
    this.sheet(sheet).frozenRows = rows;
  }

  /** A conditional rule the user made (test helper): setOwnConditionalRules keeps it. */
  addUserConditionalRule(sheet: string, rule: ConditionalRule): void {
    this.sheet(sheet).userRules.push(rule);
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

function sameArea(a: Area, b: Area): boolean {
  return a.row === b.row && a.col === b.col && a.numRows === b.numRows && a.numCols === b.numCols;
}

/** Sheets rejects a setValues whose rows differ in length; so does this adapter. */
function checkRect(values: readonly (readonly Cell[])[]): void {
  if (values.length === 0) return;
  const w = values[0].length;
  for (let r = 1; r < values.length; r++) {
    if (values[r].length !== w)
      throw new Error(
        `The number of columns in the data does not match the number of columns in the range. The data has ${values[r].length} but the range has ${w}.`,
      );
  }
}
