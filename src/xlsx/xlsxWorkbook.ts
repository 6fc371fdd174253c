// The workbook port over exceljs, for the CLI and for offices that keep their ledger in Excel.
// Reading normalises every exceljs value to a port Cell; writing touches only the cells, formats,
// fills, notes, validations and conditional rules the product asks for, so a user's values,
// styles, notes and other tabs survive a load + save unchanged.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { dayNumber, isCalendarDate, type CalendarDate } from '../domain/calendar';
import { DATE_FORMAT } from '../domain/schema';
import { columnLetter } from '../domain/table';
import type {
  Area,
  Cell,
  ConditionalRule,
  HorizontalAlignment,
  ListValidation,
  PrintLayout,
  SheetContent,
  WorkbookPort,
  WriteOptions,
} from '../workbook/port';
import { addDrawings, chartsKeepable, type SheetCharts } from './drawings';
import { LINE_HEIGHT_PT, wrappedRows } from '../workbook/printLayout';
import { unsupportedContent } from './unsupportedParts';
import { readXlsx, writeXlsx } from './exceljsPatches';
import { zipFiles, type ZipFile } from './zip';

/** Put into every conditional-format formula we write, so our rules can be told from a user's. */
export const OWN_RULE_MARK = 'N("teichaku")';

/** exceljs keeps these on the worksheet but does not declare them in its typings. */
interface WorksheetInternals {
  dataValidations: { model: Record<string, unknown> };
  conditionalFormattings: { ref: string; rules: { type: string; formulae?: unknown[] }[] }[];
  orderNo: number;
}

type Style = Partial<ExcelJS.Style>;

const V = ExcelJS.ValueType;

/** A JS Date from exceljs is the cell's calendar date at UTC midnight (exceljs converts serials in UTC). */
function dateToCalendar(d: Date): CalendarDate | null {
  const t = d.getTime();
  if (Number.isNaN(t)) return null;
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
}

const MS_PER_DAY = 86400000;

/** UTC midnight of the date: exceljs turns it into the serial of that very day. */
function calendarToDate(v: CalendarDate): Date {
  return new Date(dayNumber(v) * MS_PER_DAY);
}

function richTextToString(rt: { richText?: { text: string }[] }): string {
  return (rt.richText ?? []).map((r) => r.text).join('');
}

/** A formula's cached result (or a hyperlink's text) as a Cell. */
function resultToCell(result: unknown): Cell {
  if (result === null || result === undefined) return null;
  if (typeof result === 'number' || typeof result === 'boolean') return result;
  if (typeof result === 'string') return result === '' ? null : result;
  if (result instanceof Date) return dateToCalendar(result);
  if (typeof result === 'object') {
    const o = result as { error?: string; richText?: { text: string }[]; text?: unknown };
    if (typeof o.error === 'string') return o.error;
    if (o.richText) return richTextToString(o) || null;
    if (o.text !== undefined) return resultToCell(o.text);
  }
  return String(result);
}

function toCell(cell: ExcelJS.Cell): Cell {
  const value = cell.value as unknown;
  switch (cell.type) {
    case V.Null:
    case V.Merge: // Sheets reports only the top-left cell of a merged range
      return null;
    case V.Number:
    case V.Boolean:
      return value as number | boolean;
    case V.String:
    case V.SharedString:
      return value === '' ? null : (value as string);
    case V.Date:
      return dateToCalendar(value as Date);
    case V.Formula: {
      const f = value as { result?: unknown; formula?: string; sharedFormula?: string };
      // A formula the file holds no result for (written by a program that never calculated it): its text, so
      // a reader can say so in words instead of seeing an empty cell.
      if (f.result === undefined && (f.formula || f.sharedFormula)) return `=${f.formula ?? f.sharedFormula}`;
      return resultToCell(f.result);
    }
    case V.RichText:
      return richTextToString(value as { richText: { text: string }[] }) || null;
    case V.Hyperlink:
      return resultToCell((value as { text?: unknown }).text);
    case V.Error:
      return (value as { error: string }).error;
    default:
      return resultToCell(value);
  }
}

function toExcelValue(v: Cell): ExcelJS.CellValue {
  if (v === null || v === '') return null;
  if (isCalendarDate(v)) return calendarToDate(v);
  // exceljs stores a plain string as text even when it starts with '=' (formulas are objects),
  // so form answers such as "=HYPERLINK(…)" stay literal.
  return v;
}

function rangeRef(area: Area): string {
  const tl = `${columnLetter(area.col)}${area.row}`;
  if (area.numRows === 1 && area.numCols === 1) return tl;
  return `${tl}:${columnLetter(area.col + area.numCols - 1)}${area.row + area.numRows - 1}`;
}

function letterToNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** 'B2' or 'B2:D9' (as exceljs keys validations) → an Area; null for anything else. */
function parseRef(ref: string): Area | null {
  const m = /^([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?$/.exec(ref);
  if (!m) return null;
  const c1 = letterToNumber(m[1]);
  const r1 = Number(m[2]);
  const c2 = m[3] ? letterToNumber(m[3]) : c1;
  const r2 = m[4] ? Number(m[4]) : r1;
  const row = Math.min(r1, r2);
  const col = Math.min(c1, c2);
  return { row, col, numRows: Math.abs(r2 - r1) + 1, numCols: Math.abs(c2 - c1) + 1 };
}

/** The parts of `a` outside `b`: up to four rectangles (above, below, left, right). */
export function subtract(a: Area, b: Area): Area[] {
  const aBottom = a.row + a.numRows - 1;
  const aRight = a.col + a.numCols - 1;
  const bBottom = b.row + b.numRows - 1;
  const bRight = b.col + b.numCols - 1;
  if (b.row > aBottom || bBottom < a.row || b.col > aRight || bRight < a.col) return [a];
  const out: Area[] = [];
  if (b.row > a.row) out.push({ row: a.row, col: a.col, numRows: b.row - a.row, numCols: a.numCols });
  if (bBottom < aBottom) out.push({ row: bBottom + 1, col: a.col, numRows: aBottom - bBottom, numCols: a.numCols });
  const top = Math.max(a.row, b.row);
  const height = Math.min(aBottom, bBottom) - top + 1;
  if (b.col > a.col) out.push({ row: top, col: a.col, numRows: height, numCols: b.col - a.col });
  if (bRight < aRight) out.push({ row: top, col: bRight + 1, numRows: height, numCols: aRight - bRight });
  return out;
}

/** f with its results kept per argument: these run once per written cell, on a handful of distinct values. */
function memoized<T>(f: (s: string) => T): (s: string) => T {
  const known = new Map<string, T>();
  return (s) => {
    let v = known.get(s);
    if (v === undefined && !known.has(s)) known.set(s, (v = f(s)));
    return v as T;
  };
}

const argb = memoized((hex: string): string => {
  const h = hex.replace(/^#/, '');
  const six = h.length === 3 ? h.replace(/./g, (c) => c + c) : h;
  return ('FF' + six).toUpperCase();
});

function solidFill(hex: string): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(hex) } };
}

/** Excel's dropdown list is a quoted, comma-separated formula of at most 255 characters. */
const LIST_FORMULA_LIMIT = 255;

/** ECMA-376 paperSize 9: A4 (210 × 297 mm). */
const A4 = 9;

/** A column's width in pixels when nobody set one (Excel's and LibreOffice's default). */
const DEFAULT_COLUMN_PX = 64;

/** Sheets measures columns in pixels; Excel in characters of the default font (about 7 px each). */
const PIXELS_PER_CHAR = 7;

const isDateFormatString = memoized((fmt: string): boolean => {
  const bare = fmt.replace(/"[^"]*"|\[[^\]]*\]/g, '');
  return /[yd]/i.test(bare);
});

function isDateFormat(fmt: string | undefined): boolean {
  return !!fmt && isDateFormatString(fmt);
}

// Keys of style changes, for restyle's cache.
const numFmtKey = memoized((fmt: string) => 'numFmt:' + fmt);
const fillKey = memoized((bg: string) => 'fill:' + bg);

function isEmptyStyle(s: object): boolean {
  for (const key in s) if (Object.prototype.hasOwnProperty.call(s, key)) return false;
  return true;
}

/** A worksheet's used range as readSheet gives it: one pass over the stored cells, empty cells never materialised. */
function readWorksheet(ws: ExcelJS.Worksheet): SheetValues {
  const sparse: Cell[][] = [];
  let height = 0;
  let width = 0;
  ws.eachRow((row, rowNumber) => {
    let line: Cell[] | undefined;
    row.eachCell((cell, colNumber) => {
      const v = toCell(cell);
      if (v === null) return;
      if (!line) line = sparse[rowNumber - 1] = [];
      line[colNumber - 1] = v;
      if (colNumber > width) width = colNumber;
      if (rowNumber > height) height = rowNumber;
    });
  });
  const rows: Cell[][] = new Array(height);
  for (let r = 0; r < height; r++) {
    const src = sparse[r];
    const line = new Array<Cell>(width);
    if (src) for (let c = 0; c < width; c++) line[c] = src[c] ?? null;
    else line.fill(null);
    rows[r] = line;
  }
  return new SheetValues(rows, width);
}

/**
 * What readSheet gives for one worksheet, kept equal to it as cells are written: the rectangle grows
 * when a value lands outside it and shrinks when its last row or column is emptied.
 */
class SheetValues {
  private trimPending = false;

  constructor(
    private rows: Cell[][],
    private width: number,
  ) {}

  copy(): Cell[][] {
    return this.rows.map((r) => r.slice());
  }

  /** 0-based position. */
  set(r: number, c: number, v: Cell): void {
    const rows = this.rows;
    if (v === null) {
      if (r >= rows.length || c >= this.width || rows[r][c] === null) return;
      rows[r][c] = null;
      if (r === rows.length - 1 || c === this.width - 1) this.trimPending = true;
      return;
    }
    if (c >= this.width) {
      for (const line of rows) for (let i = this.width; i <= c; i++) line.push(null);
      this.width = c + 1;
    }
    while (rows.length <= r) rows.push(new Array<Cell>(this.width).fill(null));
    rows[r][c] = v;
  }

  /** After a batch of writes: drop the empty rows and columns left at the end, as a fresh read would. */
  trim(): void {
    if (!this.trimPending) return;
    this.trimPending = false;
    const rows = this.rows;
    const filled = (line: Cell[]) => {
      for (let c = line.length - 1; c >= 0; c--) if (line[c] !== null) return c + 1;
      return 0;
    };
    while (rows.length && filled(rows[rows.length - 1]) === 0) rows.pop();
    const width = rows.reduce((w, line) => Math.max(w, filled(line)), 0);
    if (width < this.width) for (const line of rows) line.length = width;
    this.width = width;
  }
}

export class XlsxWorkbook implements WorkbookPort {
  /** Charts replaceSheet was given, per worksheet (dropped with the worksheet when it is replaced again). */
  private readonly charts = new Map<ExcelJS.Worksheet, SheetCharts>();
  // Style objects are never changed in place: exceljs shares one object among the cells it loads with the
  // same style, and on save it finds a style's id by object identity, so few shared objects save fast.
  /** Styles derived from a shared style object, so cells that shared a style still share one after a change. */
  private readonly restyled = new WeakMap<object, Map<string, Style>>();
  /** One style object per distinct initial style of the cells this adapter creates. */
  private readonly newCellStyles = new Map<string, Style>();
  /** The style of new cells in rows and columns without a style of their own (most of them). */
  private readonly emptyStyle: Style = {};
  /** Small ids for the font/fill/… objects a new cell's style is made of (its key in newCellStyles). */
  private readonly partIds = new WeakMap<object, number>();
  /**
   * readSheet's result per worksheet, read once and then updated by every write of this adapter (commands
   * read the ledger one after another). Changes made to `workbook` directly, bypassing the port, are not seen.
   */
  private readonly values = new WeakMap<ExcelJS.Worksheet, SheetValues>();
  private partCount = 0;

  /** Worksheets as loaded: on save, those still in the book keep their drawings with charts from the file. */
  private readonly loaded: Set<ExcelJS.Worksheet>;

  private constructor(
    readonly workbook: ExcelJS.Workbook,
    /** Kinds of content in the loaded file that a save would lose (chart sheets, pivot tables, macros…). */
    readonly unsupportedContent: readonly string[] = [],
    /** The loaded file's parts (inflated only when a kept drawing needs them). */
    private readonly original: readonly ZipFile[] | null = null,
  ) {
    this.loaded = new Set(workbook.worksheets);
  }

  static create(): XlsxWorkbook {
    return new XlsxWorkbook(new ExcelJS.Workbook());
  }

  static async load(file: string): Promise<XlsxWorkbook> {
    return XlsxWorkbook.fromBuffer(await fs.readFile(file));
  }

  static async fromBuffer(data: Buffer): Promise<XlsxWorkbook> {
    const wb = new ExcelJS.Workbook();
    const files = zipFiles(data);
    await readXlsx(wb, data, files);
    // Charts on worksheets are carried over on save (drawings.ts); other charts would be lost.
    const lost = unsupportedContent(data).filter((kind) => kind !== 'グラフ' || !files || !chartsKeepable(files));
    return new XlsxWorkbook(wb, lost, files);
  }

  async toBuffer(): Promise<Buffer> {
    const ours = new Map<string, SheetCharts>();
    const kept = new Set<string>();
    for (const ws of this.workbook.worksheets) {
      const charts = this.charts.get(ws);
      if (charts) ours.set(ws.name, charts);
      if (this.loaded.has(ws)) kept.add(ws.name);
    }
    return writeXlsx(this.workbook, (parts) => addDrawings(parts, { ours, kept, original: this.original }));
  }

  /** Writes next to the target and renames, so an interrupted save never leaves a half-written ledger. */
  async save(file: string): Promise<void> {
    const data = await this.toBuffer();
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
    try {
      await fs.writeFile(tmp, data);
      await fs.rename(tmp, file);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
  }

  private ws(name: string): ExcelJS.Worksheet {
    const ws = this.workbook.getWorksheet(name);
    if (!ws) throw new Error(`no sheet ${name}`);
    return ws;
  }

  sheetNames(): string[] {
    return this.workbook.worksheets.map((w) => w.name);
  }

  readSheet(name: string): Cell[][] | null {
    const ws = this.workbook.getWorksheet(name);
    if (!ws) return null;
    let values = this.values.get(ws);
    if (!values) this.values.set(ws, (values = readWorksheet(ws)));
    // A copy: callers own what they get, as with every adapter.
    return values.copy();
  }

  createSheet(name: string): void {
    if (this.workbook.getWorksheet(name)) throw new Error(`A sheet with the name "${name}" already exists.`);
    this.values.set(this.workbook.addWorksheet(name), new SheetValues([], 0));
  }

  /** Applies a style change to a cell without touching the (possibly shared) style object it had. */
  private restyle(cell: ExcelJS.Cell, key: string, change: (style: Style) => void): void {
    const old = cell.style as Style;
    let byKey = this.restyled.get(old);
    if (!byKey) this.restyled.set(old, (byKey = new Map()));
    let next = byKey.get(key);
    if (!next) {
      next = { ...old };
      change(next);
      byKey.set(key, next);
    }
    cell.style = next;
  }

  private partId(part: object | undefined): number {
    if (!part) return 0;
    let id = this.partIds.get(part);
    if (id === undefined) this.partIds.set(part, (id = ++this.partCount));
    return id;
  }

  /** A new cell, its style (what exceljs merged from its row and column) shared with every other new cell alike. */
  private newCell(xrow: ExcelJS.Row, col: number): ExcelJS.Cell {
    const cell = xrow.getCell(col);
    const s = cell.style as Style;
    if (isEmptyStyle(s)) {
      cell.style = this.emptyStyle;
      return cell;
    }
    const key = `${s.numFmt ?? ''}\u0000${this.partId(s.font)},${this.partId(s.alignment)},${this.partId(s.border)},${this.partId(s.fill)},${this.partId(s.protection)}`;
    const shared = this.newCellStyles.get(key);
    if (shared) cell.style = shared;
    else this.newCellStyles.set(key, s);
    return cell;
  }

  private setNumFmt(cell: ExcelJS.Cell, fmt: string): void {
    if (cell.style.numFmt === fmt) return;
    this.restyle(cell, numFmtKey(fmt), (s) => (s.numFmt = fmt));
  }

  private setFill(cell: ExcelJS.Cell, bg: string | null): void {
    const current = cell.style.fill as ExcelJS.FillPattern | undefined;
    if (bg === null) {
      if (!current) return;
      this.restyle(cell, 'fill:none', (s) => delete s.fill);
      return;
    }
    if (current?.pattern === 'solid' && current.fgColor?.argb === argb(bg)) return;
    this.restyle(cell, fillKey(bg), (s) => (s.fill = solidFill(bg)));
  }

  private setAlignment(cell: ExcelJS.Cell, horizontal: HorizontalAlignment): void {
    if (cell.style.alignment?.horizontal === horizontal) return;
    this.restyle(cell, `align:${horizontal}`, (s) => (s.alignment = { ...s.alignment, horizontal }));
  }

  private setBold(cell: ExcelJS.Cell): void {
    if (cell.style.font?.bold) return;
    this.restyle(cell, 'bold', (s) => (s.font = { ...s.font, bold: true }));
  }

  writeRange(
    sheet: string,
    row: number,
    col: number,
    values: readonly (readonly Cell[])[],
    options: WriteOptions = {},
  ): void {
    const ws = this.ws(sheet);
    const cached = this.values.get(ws);
    const formats = options.columnFormats;
    for (let r = 0; r < values.length; r++) {
      const line = values[r];
      const xrow = ws.getRow(row + r);
      const bgs = options.backgrounds?.[r];
      const notes = options.notes?.[r];
      for (let c = 0; c < line.length; c++) {
        const v = line[c];
        const existing = xrow.findCell(col + c);
        // Leave never-created cells alone when there is nothing to put in them.
        if (!existing && (v === null || v === '') && !formats?.[c] && !bgs?.[c] && !notes?.[c]) continue;
        const cell = existing ?? this.newCell(xrow, col + c);
        const stored = toExcelValue(v);
        if (cached && cell.type === V.Merge) {
          // A merged cell's value goes to the top-left cell of its range.
          cell.value = stored;
          cached.set(Number(cell.master.row) - 1, Number(cell.master.col) - 1, toCell(cell.master));
        } else {
          cell.value = stored;
          // What a fresh read of the cell gives: exceljs keeps these values as they are given.
          cached?.set(row + r - 1, col + c - 1, stored instanceof Date ? dateToCalendar(stored) : (stored as Cell));
        }
        const fmt = formats?.[c];
        if (fmt) this.setNumFmt(cell, fmt);
        else if (isCalendarDate(v) && !isDateFormat(cell.style.numFmt)) this.setNumFmt(cell, DATE_FORMAT);
        if (bgs) this.setFill(cell, bgs[c] ?? null);
        if (notes) {
          const note = notes[c] ?? '';
          if (note) cell.note = note;
          // exceljs has no API to remove a note; dropping its comment object is what "no note" is.
          else if (cell.note !== undefined) delete (cell as unknown as { _comment?: unknown })._comment;
        }
      }
    }
    cached?.trim();
    options.minColumnWidths?.forEach((px, c) => {
      if (px === null) return;
      const column = ws.getColumn(col + c);
      // A column without a width of its own is at the default: a width the user set is left as it is.
      if (column.width === undefined) column.width = Math.round((px / PIXELS_PER_CHAR) * 10) / 10;
    });
  }

  replaceSheet(name: string, content: SheetContent): void {
    const old = this.workbook.getWorksheet(name);
    let orderNo: number | undefined;
    if (old) {
      // A fresh worksheet in the same place: nothing of the previous run (values, styles, merges, rules) survives.
      orderNo = (old as unknown as WorksheetInternals).orderNo;
      this.workbook.removeWorksheet(old.id);
    }
    const ws = this.workbook.addWorksheet(name);
    if (orderNo !== undefined) (ws as unknown as WorksheetInternals).orderNo = orderNo;
    this.values.set(ws, new SheetValues([], 0));
    if (old) this.charts.delete(old);
    if (content.charts?.length) this.charts.set(ws, { charts: content.charts, values: content.values });

    const width = content.values.reduce((w, r) => Math.max(w, r.length), 0);
    if (content.values.length > 0) {
      const padded = content.values.map((r) =>
        r.length === width ? r : [...r, ...new Array(width - r.length).fill(null)],
      );
      this.writeRange(name, 1, 1, padded, { columnFormats: content.columnFormats, backgrounds: content.backgrounds });
    }
    for (const r of content.boldRows ?? []) {
      const xrow = ws.getRow(r + 1);
      for (let c = 0; c < Math.max(width, 1); c++) this.setBold(xrow.findCell(c + 1) ?? this.newCell(xrow, c + 1));
    }
    content.cellFormats?.forEach((line, r) =>
      line?.forEach((fmt, c) => {
        if (fmt !== null && c < width) this.setNumFmt(ws.getRow(r + 1).getCell(c + 1), fmt);
      }),
    );
    content.alignments?.forEach((line, r) =>
      line?.forEach((align, c) => {
        if (align !== null && c < width) this.setAlignment(ws.getRow(r + 1).getCell(c + 1), align);
      }),
    );
    if (content.frozenRows !== undefined) this.freezeRows(name, content.frozenRows);
    content.columnWidths?.forEach((px, c) => {
      if (px !== null) ws.getColumn(c + 1).width = Math.round((px / PIXELS_PER_CHAR) * 10) / 10;
    });
    // Printed (and converted to PDF) a page wide, so a table and the chart beside it stay on one page.
    this.setPrintLayout(name, content.print ?? { landscape: true, repeatRows: 0 });
    if (content.print) {
      // The last column's long texts wrap at its width, their rows as tall as their lines (neither
      // Excel nor LibreOffice sizes a row to wrapped text on opening a file).
      const px = content.columnWidths?.[width - 1] ?? DEFAULT_COLUMN_PX;
      for (const { row, lines } of wrappedRows(content.values, width, px)) {
        const xrow = ws.getRow(row + 1);
        this.setWrap(xrow.getCell(width));
        xrow.height = Math.max(xrow.height ?? 0, lines * LINE_HEIGHT_PT);
      }
    }
  }

  // --- print layout --------------------------------------------------------------------------

  /** A4, a page wide and as many pages tall as it takes, rows 1..repeatRows on every page. */
  setPrintLayout(sheet: string, layout: PrintLayout): void {
    const ws = this.ws(sheet);
    const setup: Partial<ExcelJS.PageSetup> = {
      ...ws.pageSetup,
      paperSize: A4,
      orientation: layout.landscape ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    };
    if (layout.repeatRows > 0) setup.printTitlesRow = `1:${layout.repeatRows}`;
    else delete setup.printTitlesRow;
    ws.pageSetup = setup;
  }

  /** Wraps a cell's text at its column's width (the row grows to show it). */
  private setWrap(cell: ExcelJS.Cell): void {
    if (cell.style.alignment?.wrapText) return;
    this.restyle(cell, 'wrap', (s) => (s.alignment = { ...s.alignment, wrapText: true }));
  }

  setListValidations(sheet: string, rules: readonly ListValidation[]): void {
    const model = (this.ws(sheet) as unknown as WorksheetInternals).dataValidations.model;
    for (const rule of rules) {
      const formula = `"${rule.values.join(',')}"`;
      if (formula.length > LIST_FORMULA_LIMIT) continue; // Excel would reject the file; the column simply has no dropdown
      // Like Sheets: the area's cells get the new rule, the rest of any rule they had stays where it was.
      // Validations must never overlap in a saved file.
      for (const ref of Object.keys(model)) {
        const dv = model[ref];
        const rect = parseRef(ref);
        delete model[ref];
        if (!dv || !rect) continue;
        for (const piece of subtract(rect, rule.area)) model[rangeRef(piece)] = dv;
      }
      model[rangeRef(rule.area)] = {
        type: 'list',
        allowBlank: true,
        formulae: [formula],
        showErrorMessage: true,
        errorStyle: rule.allowInvalid ? 'warning' : 'stop',
        error: rule.helpText ?? `${rule.values.join('／')}から選んでください`,
        ...(rule.helpText ? { showInputMessage: true, prompt: rule.helpText } : {}),
      };
    }
  }

  setOwnConditionalRules(sheet: string, rules: readonly ConditionalRule[]): void {
    const ws = this.ws(sheet) as unknown as WorksheetInternals;
    const isOwn = (rule: { formulae?: unknown[] }) =>
      (rule.formulae ?? []).some((f) => typeof f === 'string' && f.includes(OWN_RULE_MARK));
    const kept = (ws.conditionalFormattings ?? [])
      .map((cf) => ({ ...cf, rules: cf.rules.filter((r) => !isOwn(r)) }))
      .filter((cf) => cf.rules.length > 0);
    let priority = kept.reduce(
      (p, cf) => cf.rules.reduce((q, r) => Math.max(q, (r as { priority?: number }).priority ?? 0), p),
      0,
    );
    for (const rule of rules) {
      const body = rule.formula.replace(/^\s*=/, '');
      const style: Style = {};
      if (rule.background) style.fill = { type: 'pattern', pattern: 'solid', bgColor: { argb: argb(rule.background) } };
      if (rule.fontColor || rule.bold) {
        style.font = {
          ...(rule.fontColor ? { color: { argb: argb(rule.fontColor) } } : {}),
          ...(rule.bold ? { bold: true } : {}),
        };
      }
      kept.push({
        ref: rangeRef(rule.area),
        rules: [
          {
            type: 'expression',
            formulae: [`AND((${body}),${OWN_RULE_MARK}=0)`],
            style,
            // Excel wants priorities unique across the sheet; exceljs would number ours from the
            // highest priority in use, giving the same number as a user's rule. Ours come after the user's.
            priority: ++priority,
          } as never,
        ],
      });
    }
    ws.conditionalFormattings = kept;
  }

  setColumnFormats(sheet: string, area: Area, formats: readonly string[]): void {
    const ws = this.ws(sheet);
    for (let r = area.row; r < area.row + area.numRows; r++) {
      const xrow = ws.getRow(r);
      for (let c = 0; c < area.numCols; c++) {
        const cell = xrow.findCell(area.col + c) ?? this.newCell(xrow, area.col + c);
        this.setNumFmt(cell, formats[c]);
      }
    }
  }

  freezeRows(sheet: string, rows: number): void {
    const ws = this.ws(sheet);
    const views = ws.views ?? [];
    const view = { ...(views[0] ?? {}) } as Record<string, unknown>;
    const xSplit = typeof view.xSplit === 'number' && view.state === 'frozen' ? view.xSplit : 0;
    if (rows > 0 || xSplit > 0) {
      view.state = 'frozen';
      view.ySplit = rows;
      view.xSplit = xSplit;
      view.topLeftCell = `${columnLetter(xSplit + 1)}${rows + 1}`;
    } else {
      view.state = 'normal';
      delete view.ySplit;
      delete view.xSplit;
      delete view.topLeftCell;
    }
    ws.views = [view as Partial<ExcelJS.WorksheetView>, ...views.slice(1)];
  }
}
