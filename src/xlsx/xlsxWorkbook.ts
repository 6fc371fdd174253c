// The workbook port over an .xlsx package, for the CLI and for offices that keep their ledger in Excel.
// The package is edited, not rebuilt (see package.ts): a part the product does not write goes back
// byte for byte; in a sheet it writes, every row, cell and element outside what it writes keeps its
// XML. Reading scans the sheet XML for values; a number is a date only in a date-formatted cell and
// only within Excel's calendar, so any other value comes back as what it is.

import { promises as fs } from 'node:fs';
import { dayNumber, fromDayNumber, isCalendarDate, parseIso, type CalendarDate } from '../domain/calendar';
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
import { chartXml, drawingXml } from './drawings';
import { SheetNotes } from './notes';
import { Package, PackageError } from './package';
import { fromBytes, letterToNumber, SheetXml, toBytes } from './sheet';
import { Styles, type StyleChange } from './styles';
import {
  attr,
  escapeText,
  escapeXml,
  findElement,
  freshRelId,
  parseRels,
  REL_TYPE,
  relativeTarget,
  renderRels,
  resolveTarget,
  setAttr,
  unescapeText,
  unescapeXml,
} from './xml';
import { saveAtomically } from './safeFile';
import { LINE_HEIGHT_PT, wrappedRows } from '../workbook/printLayout';

/** Excel's and LibreOffice's default column width, in pixels. */
const DEFAULT_COLUMN_PX = 64;

/** Put into every conditional-format formula we write, so our rules can be told from a user's. */
export const OWN_RULE_MARK = 'N("teichaku")';

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const CT_SHEET = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
const CT_DRAWING = 'application/vnd.openxmlformats-officedocument.drawing+xml';
const CT_CHART = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';

/** About how many characters of a generated tab's rows are turned into bytes at a time. */
const ROW_PIECE_CHARS = 1 << 19;

/** Excel's dropdown list is a quoted, comma-separated formula of at most 255 characters. */
const LIST_FORMULA_LIMIT = 255;
/** Sheets measures columns in pixels; Excel in characters of the default font (about 7 px each). */
const PIXELS_PER_CHAR = 7;
/** The last day Excel has a serial for (9999-12-31). */
const MAX_SERIAL = 2958465;

/** A validation as the template writer gives it (exceljs' model, which it was written for). */
export interface ValidationModel {
  readonly type: 'list' | 'whole' | 'decimal' | 'date' | 'textLength' | 'custom';
  readonly operator?: string;
  readonly allowBlank?: boolean;
  readonly formulae: readonly (string | number | Date)[];
  readonly showErrorMessage?: boolean;
  readonly showInputMessage?: boolean;
  readonly errorStyle?: 'stop' | 'warning' | 'information';
  readonly errorTitle?: string;
  readonly error?: string;
  readonly promptTitle?: string;
  readonly prompt?: string;
}

// ---- areas ----

function rangeRef(area: Area): string {
  const tl = `${columnLetter(area.col)}${area.row}`;
  if (area.numRows === 1 && area.numCols === 1) return tl;
  return `${tl}:${columnLetter(area.col + area.numCols - 1)}${area.row + area.numRows - 1}`;
}

/** 'B2' or 'B2:D9' → an Area; null for anything else. */
function parseRef(ref: string): Area | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$/.exec(ref);
  if (!m) return null;
  const c1 = letterToNumber(m[1]);
  const r1 = Number(m[2]);
  const c2 = m[3] ? letterToNumber(m[3]) : c1;
  const r2 = m[4] ? Number(m[4]) : r1;
  return {
    row: Math.min(r1, r2),
    col: Math.min(c1, c2),
    numRows: Math.abs(r2 - r1) + 1,
    numCols: Math.abs(c2 - c1) + 1,
  };
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

function isBlank(v: Cell): boolean {
  return v === null || (typeof v === 'string' && v.trim() === '');
}

// ---- the book ----

interface SheetEntry {
  name: string;
  part: string;
  /** The <sheet> element in workbook.xml. */
  tag: string;
}

const EMPTY_BOOK: Record<string, string> = {
  '[Content_Types].xml':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
  '_rels/.rels':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    `<Relationship Id="rId1" Type="${REL_TYPE.officeDocument}" Target="xl/workbook.xml"/></Relationships>`,
  'xl/workbook.xml':
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${NS_MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
    '<bookViews><workbookView activeTab="0"/></bookViews><sheets></sheets></workbook>',
  'xl/_rels/workbook.xml.rels':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    `<Relationship Id="rId1" Type="${REL_TYPE.styles}" Target="styles.xml"/></Relationships>`,
};

export class XlsxWorkbook implements WorkbookPort {
  private readonly wbPart: string;
  private wbXml: string;
  private wbChanged = false;
  private readonly sheets: SheetEntry[] = [];
  private sharedStrings: string[] | null = null;
  private stylesPart: string | null = null;
  private stylesCache: Styles | null = null;
  private readonly date1904: boolean;
  private readonly docs = new Map<string, SheetXml>();
  private readonly notes = new Map<string, SheetNotes>();
  /** Per written sheet: the furthest row and column written (for its <dimension>). */
  private readonly extent = new Map<string, { rows: number; cols: number }>();
  private readonly merges = new Map<string, Map<string, [number, number]> | null>();
  /** Column styles by the <cols> element they were read from. */
  private readonly colStyles = new Map<string, [number, number, number][]>();

  private constructor(private readonly pkg: Package) {
    const rootRels = parseRels(pkg.text('_rels/.rels') ?? '');
    const main = rootRels.find((r) => r.type === REL_TYPE.officeDocument);
    this.wbPart = main ? resolveTarget('', main.target) : 'xl/workbook.xml';
    const wb = pkg.text(this.wbPart);
    if (wb === undefined) throw new PackageError('no workbook part');
    this.wbXml = wb;
    const pr = /<(?:\w+:)?workbookPr\b[^>]*>/.exec(wb);
    const d1904 = pr ? attr(pr[0], 'date1904') : undefined;
    this.date1904 = d1904 === '1' || d1904 === 'true';
    const rels = pkg.rels(this.wbPart);
    for (const m of wb.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
      const name = attr(m[0], 'name');
      const id = /\s[\w]+:id="([^"]*)"/.exec(m[0])?.[1];
      const rel = rels.find((r) => r.id === id);
      // Chart sheets and dialog sheets are tabs too, but not worksheets: the product never reads them.
      if (name === undefined || !rel || rel.type !== REL_TYPE.worksheet) continue;
      this.sheets.push({ name, part: resolveTarget(this.wbPart, rel.target), tag: m[0] });
    }
    const styles = rels.find((r) => r.type === REL_TYPE.styles);
    this.stylesPart = styles ? resolveTarget(this.wbPart, styles.target) : null;
  }

  static create(): XlsxWorkbook {
    return new XlsxWorkbook(Package.fromParts(EMPTY_BOOK));
  }

  /** Loads a book from its bytes. */
  static async fromBytes(data: Buffer): Promise<XlsxWorkbook> {
    return new XlsxWorkbook(Package.fromZip(data));
  }

  static fromBuffer(data: Buffer): Promise<XlsxWorkbook> {
    return XlsxWorkbook.fromBytes(data);
  }

  static async load(file: string): Promise<XlsxWorkbook> {
    return XlsxWorkbook.fromBytes(await fs.readFile(file));
  }

  /** The edited package as .xlsx bytes. */
  async toBytes(): Promise<Buffer> {
    return this.render();
  }

  toBuffer(): Promise<Buffer> {
    return this.toBytes();
  }

  /** Saves atomically, keeping the file's mode, owner and link (see safeFile.ts). */
  async save(file: string): Promise<void> {
    saveAtomically(file, await this.toBytes());
  }

  private render(): Buffer {
    const pkg = this.pkg;
    for (const [name, notes] of this.notes) notes.save(this.doc(name));
    for (const [name, doc] of this.docs) {
      if (!doc.changed) continue;
      const ext = this.extent.get(name);
      const dim = doc.get('dimension')[0];
      if (dim && ext) {
        const old = parseRef(attr(dim, 'ref')?.split(':').pop() === undefined ? 'A1' : (attr(dim, 'ref') ?? 'A1'));
        const rows = Math.max(ext.rows, old ? old.row + old.numRows - 1 : 1);
        const cols = Math.max(ext.cols, old ? old.col + old.numCols - 1 : 1);
        doc.put('dimension', [setAttr(dim, 'ref', `A1:${columnLetter(cols)}${rows}`)]);
      }
      // Deflated as it is written, piece by piece, when the zip is made.
      pkg.setStream(this.entry(name).part, (write) => doc.renderTo(write));
    }
    // A new book names styles.xml from the start: it is written even when no style was added.
    if (this.stylesCache?.changed || (this.stylesPart && !pkg.has(this.stylesPart))) {
      if (!this.stylesPart) {
        this.stylesPart = 'xl/styles.xml';
        pkg.addRel(this.wbPart, REL_TYPE.styles, this.stylesPart);
        pkg.override(this.stylesPart, 'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml');
      }
      pkg.set(this.stylesPart, this.styles.render());
    }
    if (this.wbChanged) pkg.set(this.wbPart, this.wbXml);
    return pkg.toZip();
  }

  // ---- parts ----

  private entry(name: string): SheetEntry {
    const e = this.sheets.find((s) => s.name === name);
    if (!e) throw new Error(`「${name}」というシートがありません。`);
    return e;
  }

  private doc(name: string): SheetXml {
    let doc = this.docs.get(name);
    if (!doc) {
      // Taken, not kept unzipped by the package: the sheet holds its bytes in its own form.
      const xml = this.pkg.take(this.entry(name).part);
      if (xml === undefined) throw new PackageError(`no part for sheet ${name}`);
      this.docs.set(name, (doc = new SheetXml(xml)));
    }
    return doc;
  }

  private get styles(): Styles {
    if (!this.stylesCache) {
      const xml = this.stylesPart ? this.pkg.text(this.stylesPart) : undefined;
      this.stylesCache = xml ? new Styles(xml) : Styles.empty();
    }
    return this.stylesCache;
  }

  private strings(): string[] {
    if (!this.sharedStrings) {
      const rel = this.pkg.rels(this.wbPart).find((r) => r.type === REL_TYPE.sharedStrings);
      const xml = rel ? this.pkg.take(resolveTarget(this.wbPart, rel.target))?.toString('utf8') : undefined;
      this.sharedStrings = xml ? parseSharedStrings(xml) : [];
    }
    return this.sharedStrings;
  }

  // ---- reading ----

  private serialToCell(n: number): Cell {
    const serial = Math.floor(n);
    if (this.date1904) {
      if (serial < 0 || serial > MAX_SERIAL - 1462) return n;
      return fromDayNumber(serial + dayNumber({ y: 1904, m: 1, d: 1 }));
    }
    // Serial 60 is 1900-02-29, a day that never was (Lotus' leap-year bug, kept by Excel).
    if (serial < 1 || serial > MAX_SERIAL || serial === 60) return n;
    return fromDayNumber(serial + (serial < 60 ? -25568 : -25569));
  }

  private calendarToSerial(v: CalendarDate): number {
    const n = dayNumber(v);
    if (this.date1904) return n - dayNumber({ y: 1904, m: 1, d: 1 });
    const serial = n + 25569;
    return serial <= 60 ? serial - 1 : serial;
  }

  /** A cell's value from its attributes and content (byte strings, see sheet.ts). */
  private decode(attrs: string, inner: string | undefined): Cell {
    if (inner === undefined) return null;
    const t = /\st="([^"]*)"/.exec(attrs)?.[1] ?? 'n';
    if (t === 'inlineStr') {
      // Most inline strings are one plain <t> (ours always): read without the rich-text scan.
      const plain = /^<is><t(?: xml:space="preserve")?>([^<]*)<\/t><\/is>$/.exec(inner);
      const text = plain ? unescapeText(fromBytes(plain[1])) : richText(fromBytes(inner));
      return text === '' ? null : text;
    }
    const bytes = /<(?:\w+:)?v(?:\s[^>]*)?>([^<]*)<\/(?:\w+:)?v>/.exec(inner)?.[1];
    if (bytes === undefined) {
      // A formula saved without its result (written by a program that does not calculate): its text,
      // so that a check can say so in words rather than take the cell for empty.
      const f = /<(?:\w+:)?f(?:\s[^>]*)?>([^<]+)<\/(?:\w+:)?f>/.exec(inner)?.[1];
      return f === undefined ? null : `=${unescapeText(fromBytes(f))}`;
    }
    const v = t === 'n' || t === 's' || t === 'b' ? bytes : fromBytes(bytes);
    switch (t) {
      case 's': {
        const s = this.strings()[Number(v)];
        return s === undefined || s === '' ? null : s;
      }
      case 'str': {
        const s = unescapeText(v);
        return s === '' ? null : s;
      }
      case 'b':
        return v === '1' || v === 'true';
      case 'e':
        return unescapeXml(v);
      case 'd': {
        const d = parseIso(v.slice(0, 10));
        return d ?? unescapeXml(v);
      }
      default: {
        const n = Number(v);
        if (v.trim() === '' || !Number.isFinite(n)) return null;
        const s = /\ss="(\d+)"/.exec(attrs)?.[1];
        if (s !== undefined && s !== '0' && this.styles.isDate(Number(s))) return this.serialToCell(n);
        return n;
      }
    }
  }

  /** What readSheet gives: the used range's values, decoded from the sheet's XML at each call. */
  private readValues(name: string): Cell[][] {
    const sparse: Cell[][] = [];
    let height = 0;
    let width = 0;
    for (const [r, c, attrs, inner] of this.doc(name).cells()) {
      const v = this.decode(attrs, inner);
      if (v === null) continue;
      (sparse[r - 1] ??= [])[c - 1] = v;
      // The used range: the last row and column holding something to see, not formatting or blanks.
      if (!isBlank(v)) {
        if (c > width) width = c;
        if (r > height) height = r;
      }
    }
    const rows: Cell[][] = new Array(height);
    for (let r = 0; r < height; r++) {
      const src = sparse[r];
      const line = new Array<Cell>(width);
      if (src) for (let c = 0; c < width; c++) line[c] = src[c] ?? null;
      else line.fill(null);
      rows[r] = line;
    }
    return rows;
  }

  sheetNames(): string[] {
    return this.sheets.map((s) => s.name);
  }

  readSheet(name: string): Cell[][] | null {
    if (!this.sheets.some((s) => s.name === name)) return null;
    return this.readValues(name);
  }

  readA1(name: string): { value: Cell; empty: boolean } | null {
    if (!this.sheets.some((s) => s.name === name)) return null;
    // Only as far as the first cell holding something to see.
    const doc = this.doc(name);
    for (const [, , attrs, inner] of doc.cells()) {
      if (isBlank(this.decode(attrs, inner))) continue;
      const a1 = doc.cell(1, 1);
      return { value: a1 === undefined ? null : this.decodeCell(a1), empty: false };
    }
    return { value: null, empty: true };
  }

  // ---- sheets ----

  createSheet(name: string): void {
    if (this.sheets.some((s) => s.name === name)) throw new Error(`A sheet with the name "${name}" already exists.`);
    const pkg = this.pkg;
    const part = pkg.freeName('xl/worksheets/sheet', '.xml');
    pkg.set(
      part,
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS_MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData/></worksheet>`,
    );
    pkg.override(part, CT_SHEET);
    const rels = pkg.rels(this.wbPart);
    const id = freshRelId(rels);
    pkg.setRels(this.wbPart, [
      ...rels,
      { id, type: REL_TYPE.worksheet, target: relativeTarget(this.wbPart, part), external: false },
    ]);
    let sheetId = 0;
    for (const m of this.wbXml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g))
      sheetId = Math.max(sheetId, Number(attr(m[0], 'sheetId') ?? 0));
    const tag = `<sheet name="${escapeXml(name)}" sheetId="${sheetId + 1}" r:id="${id}"/>`;
    this.wbXml = this.wbXml
      .replace(/<((?:\w+:)?)sheets\s*\/>/, '<$1sheets></$1sheets>')
      .replace(/<\/((?:\w+:)?)sheets>/, `${tag}</$1sheets>`);
    this.wbChanged = true;
    this.sheets.push({ name, part, tag });
  }

  /** Hides a tab (the template's list of choices). */
  hideSheet(name: string): void {
    const e = this.entry(name);
    const tag = setAttr(e.tag, 'state', 'hidden');
    this.wbXml = this.wbXml.replace(e.tag, tag);
    e.tag = tag;
    this.wbChanged = true;
  }

  // ---- cells ----

  /** The style a new cell at (r, c) takes: its row's, else its column's. */
  private inheritedStyle(doc: SheetXml, r: number, c: number): number {
    const rs = doc.rowStyle(r);
    if (rs !== undefined) return rs;
    const cols = doc.get('cols')[0];
    if (!cols) return 0;
    let ranges = this.colStyles.get(cols);
    if (!ranges) {
      ranges = [...cols.matchAll(/<(?:\w+:)?col\b[^>]*>/g)].map((m) => [
        Number(attr(m[0], 'min')),
        Number(attr(m[0], 'max')),
        Number(attr(m[0], 'style') ?? 0),
      ]);
      this.colStyles.set(cols, ranges);
    }
    for (const [min, max, style] of ranges) if (c >= min && c <= max) return style;
    return 0;
  }

  private cellXml(r: number, c: number, v: Cell, s: number): string | null {
    const ref = `${columnLetter(c)}${r}`;
    const sAttr = s ? ` s="${s}"` : '';
    if (v === null || v === '') return s ? `<c r="${ref}"${sAttr}/>` : null;
    if (typeof v === 'number') return `<c r="${ref}"${sAttr}><v>${Number.isFinite(v) ? v : 0}</v></c>`;
    if (typeof v === 'boolean') return `<c r="${ref}"${sAttr} t="b"><v>${v ? 1 : 0}</v></c>`;
    if (isCalendarDate(v)) return `<c r="${ref}"${sAttr}><v>${this.calendarToSerial(v)}</v></c>`;
    const space = /^\s|\s$|\n/.test(v) ? ' xml:space="preserve"' : '';
    return `<c r="${ref}"${sAttr} t="inlineStr"><is><t${space}>${escapeText(v)}</t></is></c>`;
  }

  /** The master cell of a merged range covering (r, c), when (r, c) is not it. */
  private mergeMaster(name: string, r: number, c: number): [number, number] | undefined {
    let map = this.merges.get(name);
    if (map === undefined) {
      map = null;
      const el = this.doc(name).get('mergeCells')[0];
      if (el) {
        map = new Map();
        for (const m of el.matchAll(/<(?:\w+:)?mergeCell\b[^>]*>/g)) {
          const a = parseRef(attr(m[0], 'ref') ?? '');
          if (!a || a.numRows * a.numCols > 100_000) continue;
          for (let i = 0; i < a.numRows; i++)
            for (let j = 0; j < a.numCols; j++) if (i || j) map.set(`${a.row + i},${a.col + j}`, [a.row, a.col]);
        }
      }
      this.merges.set(name, map);
    }
    return map?.get(`${r},${c}`);
  }

  private grow(name: string, r: number, c: number): void {
    const e = this.extent.get(name);
    if (!e) this.extent.set(name, { rows: r, cols: c });
    else {
      if (r > e.rows) e.rows = r;
      if (c > e.cols) e.cols = c;
    }
  }

  /**
   * Writes one cell: its value (undefined keeps it) and a style change, keeping the rest of its style.
   * `existing`: the cell's <c> bytes as they are (doc.cell), which the caller has looked up.
   */
  private put(
    name: string,
    doc: SheetXml,
    r: number,
    c: number,
    v: Cell | undefined,
    change: StyleChange | null,
    existing: string | undefined,
  ): void {
    const sOld = existing ? Number(/\ss="(\d+)"/.exec(existing)?.[1] ?? 0) : this.inheritedStyle(doc, r, c);
    let s = sOld;
    if (change) s = this.styles.derive(sOld, change);
    let xml: string | null;
    if (v === undefined) {
      if (existing && s === sOld) return;
      // The cell's own bytes with the new style (a cell's start tag is ASCII).
      xml = existing
        ? existing.replace(/^<c\b[^>]*?(\/?)>/, (tag) => setAttr(tag, 's', s ? String(s) : undefined))
        : this.cellXml(r, c, null, s);
    } else {
      const text = this.cellXml(r, c, v, s);
      xml = text === null ? null : toBytes(text);
    }
    doc.replaceCell(r, c, xml, existing);
    this.grow(name, r, c);
  }

  private decodeCell(xml: string): Cell {
    const m = /^<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/.exec(xml);
    return m ? this.decode(m[1], m[2]) : null;
  }

  writeRange(
    sheet: string,
    row: number,
    col: number,
    values: readonly (readonly Cell[])[],
    options: WriteOptions = {},
  ): void {
    const doc = this.doc(sheet);
    const formats = options.columnFormats;
    const notes = options.notes ? this.notesOf(sheet) : null;
    for (let r = 0; r < values.length; r++) {
      const line = values[r];
      const bgs = options.backgrounds?.[r];
      const noteLine = options.notes?.[r];
      const rr = row + r;
      for (let c = 0; c < line.length; c++) {
        const cc = col + c;
        const v = line[c];
        const fmt = formats?.[c];
        const existing = doc.cell(rr, cc);
        if (notes && noteLine) notes.set(rr, cc, noteLine[c] ?? '');
        // Leave never-created cells alone when there is nothing to put in them.
        if (!existing && (v === null || v === '') && !fmt && !bgs?.[c]) continue;
        const master = this.mergeMaster(sheet, rr, cc);
        const [tr, tc] = master ?? [rr, cc];
        const target = master ? doc.cell(tr, tc) : existing;
        const change: { -readonly [K in keyof StyleChange]: StyleChange[K] } = {};
        if (fmt) change.numFmt = fmt;
        else if (isCalendarDate(v)) {
          const s = target ? Number(/\ss="(\d+)"/.exec(target)?.[1] ?? 0) : this.inheritedStyle(doc, tr, tc);
          if (!this.styles.isDate(s)) change.numFmt = DATE_FORMAT;
        }
        if (bgs) change.fill = bgs[c] ?? null;
        this.put(sheet, doc, tr, tc, v, Object.keys(change).length ? change : null, target);
      }
    }
    options.minColumnWidths?.forEach((px, c) => {
      if (px !== null) this.setWidth(doc, col + c, Math.round((px / PIXELS_PER_CHAR) * 10) / 10, false);
    });
  }

  private notesOf(sheet: string): SheetNotes {
    let n = this.notes.get(sheet);
    if (!n) this.notes.set(sheet, (n = SheetNotes.of(this.pkg, this.entry(sheet).part)));
    return n;
  }

  /** Sets a column's width; unless `force`, only on a column still at the default width. */
  private setWidth(doc: SheetXml, col: number, width: number, force: boolean): void {
    const old = doc.get('cols')[0];
    const tags = old ? [...old.matchAll(/<(?:\w+:)?col\b[^>]*>/g)].map((m) => m[0]) : [];
    const i = tags.findIndex((t) => col >= Number(attr(t, 'min')) && col <= Number(attr(t, 'max')));
    const p = doc.prefix;
    if (i < 0) {
      tags.push(`<${p}col min="${col}" max="${col}" width="${width}" customWidth="1"/>`);
      tags.sort((a, b) => Number(attr(a, 'min')) - Number(attr(b, 'min')));
    } else {
      const t = tags[i];
      const custom = attr(t, 'customWidth');
      if (!force && (custom === '1' || custom === 'true')) return;
      if (Number(attr(t, 'width')) === width && (custom === '1' || custom === 'true')) return;
      const min = Number(attr(t, 'min'));
      const max = Number(attr(t, 'max'));
      const pieces: string[] = [];
      if (min < col) pieces.push(setAttr(t, 'max', String(col - 1)));
      pieces.push(
        setAttr(
          setAttr(setAttr(setAttr(t, 'min', String(col)), 'max', String(col)), 'width', String(width)),
          'customWidth',
          '1',
        ),
      );
      if (max > col) pieces.push(setAttr(t, 'min', String(col + 1)));
      tags.splice(i, 1, ...pieces);
    }
    const open = old ? old.slice(0, old.indexOf('>') + 1).replace(/\/>$/, '>') : `<${p}cols>`;
    doc.put('cols', [`${open}${tags.join('')}</${p}cols>`]);
  }

  setColumnFormats(sheet: string, area: Area, formats: readonly string[]): void {
    const doc = this.doc(sheet);
    for (let r = area.row; r < area.row + area.numRows; r++)
      for (let c = area.col; c < area.col + area.numCols; c++)
        this.put(sheet, doc, r, c, undefined, { numFmt: formats[c - area.col] }, doc.cell(r, c));
  }

  /** Makes the cells of `area` bold, keeping their values and the rest of their styles. */
  setBold(sheet: string, area: Area): void {
    const doc = this.doc(sheet);
    for (let r = area.row; r < area.row + area.numRows; r++)
      for (let c = area.col; c < area.col + area.numCols; c++)
        this.put(sheet, doc, r, c, undefined, { bold: true }, doc.cell(r, c));
  }

  freezeRows(sheet: string, rows: number): void {
    const doc = this.doc(sheet);
    doc.put('sheetViews', [frozenViews(doc.get('sheetViews')[0], rows, doc.prefix)]);
  }

  // ---- validations and rules ----

  setListValidations(sheet: string, rules: readonly ListValidation[]): void {
    const doc = this.doc(sheet);
    let items = validationItems(doc.get('dataValidations')[0]);
    for (const rule of rules) {
      const formula = `"${rule.values.join(',')}"`;
      if (formula.length > LIST_FORMULA_LIMIT) continue; // Excel would reject the file; the column has no dropdown
      items = cutOut(items, rule.area);
      const help = rule.helpText;
      items.push(
        validationXml(rangeRef(rule.area), {
          type: 'list',
          allowBlank: true,
          formulae: [formula],
          showErrorMessage: true,
          errorStyle: rule.allowInvalid ? 'warning' : 'stop',
          error: help ?? `${rule.values.join('／')}から選んでください`,
          ...(help ? { showInputMessage: true, prompt: help } : {}),
        }),
      );
    }
    this.putValidations(doc, items);
  }

  /** Validations by range in exceljs' model (the templates); each replaces what the cells had. */
  addValidations(sheet: string, model: Readonly<Record<string, ValidationModel>>): void {
    const doc = this.doc(sheet);
    let items = validationItems(doc.get('dataValidations')[0]);
    for (const [ref, v] of Object.entries(model)) {
      const area = parseRef(ref);
      if (!area) continue;
      items = cutOut(items, area);
      items.push(
        validationXml(rangeRef(area), v, (d) =>
          this.calendarToSerial({ y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() }),
        ),
      );
    }
    this.putValidations(doc, items);
  }

  private putValidations(doc: SheetXml, items: string[]): void {
    const old = doc.get('dataValidations')[0];
    if (items.length === 0) return doc.put('dataValidations', []);
    const open = old ? old.slice(0, old.indexOf('>') + 1).replace(/\/>$/, '>') : `<${doc.prefix}dataValidations>`;
    doc.put('dataValidations', [
      `${setAttr(open, 'count', String(items.length))}${items.join('')}</${doc.prefix}dataValidations>`,
    ]);
  }

  setOwnConditionalRules(sheet: string, rules: readonly ConditionalRule[]): void {
    const doc = this.doc(sheet);
    const kept: string[] = [];
    let priority = 0;
    for (const block of doc.get('conditionalFormatting')) {
      const cfRules = [...block.matchAll(/<(?:\w+:)?cfRule\b[\s\S]*?(?:<\/(?:\w+:)?cfRule>|\/>)/g)].map((m) => m[0]);
      const mine = cfRules.filter((r) => unescapeXml(r).includes(OWN_RULE_MARK));
      if (mine.length === cfRules.length && cfRules.length) continue;
      let next = block;
      for (const r of mine) next = next.replace(r, '');
      kept.push(next);
      for (const r of cfRules) if (!mine.includes(r)) priority = Math.max(priority, Number(attr(r, 'priority') ?? 0));
    }
    for (const rule of rules) {
      const body = rule.formula.replace(/^\s*=/, '');
      const dxf = this.styles.dxf({ background: rule.background, fontColor: rule.fontColor, bold: rule.bold });
      // Excel wants priorities unique across the sheet: ours come after the user's.
      kept.push(
        `<${doc.prefix}conditionalFormatting sqref="${rangeRef(rule.area)}"><${doc.prefix}cfRule type="expression" dxfId="${dxf}" priority="${++priority}">` +
          `<${doc.prefix}formula>${escapeText(`AND((${body}),${OWN_RULE_MARK}=0)`)}</${doc.prefix}formula></${doc.prefix}cfRule></${doc.prefix}conditionalFormatting>`,
      );
    }
    doc.put('conditionalFormatting', kept);
  }

  // ---- print ----

  setPrintLayout(sheet: string, layout: PrintLayout): void {
    const doc = this.doc(sheet);
    applyPrintLayout(doc, layout);
    this.setPrintTitles(sheet, layout.repeatRows);
  }

  private setPrintTitles(sheet: string, rows: number): void {
    const index = this.sheets.findIndex((s) => s.name === sheet);
    const mine = new RegExp(
      `<(?:\\w+:)?definedName\\b[^>]*name="_xlnm.Print_Titles"[^>]*localSheetId="${index}"[^>]*>[\\s\\S]*?</(?:\\w+:)?definedName>`,
    );
    const mine2 = new RegExp(
      `<(?:\\w+:)?definedName\\b[^>]*localSheetId="${index}"[^>]*name="_xlnm.Print_Titles"[^>]*>[\\s\\S]*?</(?:\\w+:)?definedName>`,
    );
    let xml = this.wbXml.replace(mine, '').replace(mine2, '');
    if (rows > 0) {
      const el = `<definedName name="_xlnm.Print_Titles" localSheetId="${index}">${escapeXml(`'${sheet.replace(/'/g, "''")}'!$1:$${rows}`)}</definedName>`;
      if (/<(?:\w+:)?definedNames\b[^>]*\/>/.test(xml))
        // Replacer functions: the reference itself holds `$1`, which a replacement string would expand.
        xml = xml.replace(
          /<((?:\w+:)?)definedNames\b[^>]*\/>/,
          (_, p: string) => `<${p}definedNames>${el}</${p}definedNames>`,
        );
      else if (/<\/(?:\w+:)?definedNames>/.test(xml))
        xml = xml.replace(/<\/((?:\w+:)?)definedNames>/, (_, p: string) => `${el}</${p}definedNames>`);
      else {
        const after =
          findElement(xml, 'externalReferences') ?? findElement(xml, 'functionGroups') ?? findElement(xml, 'sheets');
        if (after) xml = xml.slice(0, after.end) + `<definedNames>${el}</definedNames>` + xml.slice(after.end);
      }
    } else xml = xml.replace(/<((?:\w+:)?)definedNames>\s*<\/(?:\w+:)?definedNames>/, '');
    if (xml !== this.wbXml) {
      this.wbXml = xml;
      this.wbChanged = true;
    }
  }

  // ---- generated tabs ----

  replaceSheet(name: string, content: SheetContent): void {
    if (!this.sheets.some((s) => s.name === name)) this.createSheet(name);
    const entry = this.entry(name);
    const pkg = this.pkg;
    // Nothing of the previous run (values, styles, merges, rules, charts, notes) survives.
    for (const r of pkg.rels(entry.part)) if (!r.external) pkg.deleteTree(resolveTarget(entry.part, r.target));
    pkg.setRels(entry.part, []);
    this.notes.delete(name);
    this.merges.delete(name);

    const values = content.values;
    const width = values.reduce((w, r) => Math.max(w, r.length), 0);
    const bold = new Set(content.boldRows ?? []);
    const styles = this.styles;
    // The cell table in byte-string pieces of about half a megabyte: a big tab (定着率 lists every case)
    // is never one string, nor kept as text.
    const pieces: string[] = [];
    let batch: string[] = [];
    let batchChars = 0;
    const flush = () => {
      if (batch.length) pieces.push(toBytes(batch.join('')));
      batch = [];
      batchChars = 0;
    };
    // Printed a page wide: the last column's long texts wrap at its width, their rows as tall as their
    // lines (neither Excel nor LibreOffice sizes a row to wrapped text on opening a file).
    const lastPx = content.columnWidths?.[width - 1] ?? DEFAULT_COLUMN_PX;
    const wraps = new Map(
      content.print ? wrappedRows(values, width, lastPx).map((w): [number, number] => [w.row, w.lines]) : [],
    );
    for (let r = 0; r < Math.max(values.length, ...[...bold].map((b) => b + 1)); r++) {
      const line = values[r] ?? [];
      const cells: string[] = [];
      const n = bold.has(r) ? Math.max(width, 1) : line.length;
      for (let c = 0; c < n; c++) {
        const v = line[c] ?? null;
        const change: { -readonly [K in keyof StyleChange]: StyleChange[K] } = {};
        const fmt =
          content.cellFormats?.[r]?.[c] ?? content.columnFormats?.[c] ?? (isCalendarDate(v) ? DATE_FORMAT : null);
        if (fmt) change.numFmt = fmt;
        const bg = content.backgrounds?.[r]?.[c];
        if (bg) change.fill = bg;
        if (bold.has(r)) change.bold = true;
        const align: HorizontalAlignment | null | undefined = content.alignments?.[r]?.[c];
        if (align) change.horizontal = align;
        if (c === width - 1 && wraps.has(r)) change.wrap = true;
        const s = Object.keys(change).length ? styles.derive(0, change) : 0;
        const xml = this.cellXml(r + 1, c + 1, v, s);
        if (xml) cells.push(xml);
      }
      const lines = wraps.get(r);
      const height = lines ? ` ht="${lines * LINE_HEIGHT_PT}" customHeight="1"` : '';
      if (cells.length) {
        const row = `<row r="${r + 1}"${height}>${cells.join('')}</row>`;
        batch.push(row);
        batchChars += row.length;
        if (batchChars >= ROW_PIECE_CHARS) flush();
      }
    }
    flush();
    const layout: PrintLayout = content.print ?? { landscape: true, repeatRows: 0 };
    const frozen = content.frozenRows ?? 0;
    const views = frozenViews(undefined, frozen, '');
    const cols = (content.columnWidths ?? [])
      .map((px, c) =>
        px === null
          ? ''
          : `<col min="${c + 1}" max="${c + 1}" width="${Math.round((px / PIXELS_PER_CHAR) * 10) / 10}" customWidth="1"/>`,
      )
      .join('');
    const charts = content.charts ?? [];
    let drawing = '';
    if (charts.length) {
      const stem = entry.part.slice(entry.part.lastIndexOf('/') + 1).replace(/\.xml$/, '');
      const drawingPart = `xl/drawings/teichaku_${stem}.xml`;
      const chartRels = charts.map((spec, i) => {
        const chartPart = `xl/charts/teichaku_${stem}_${i + 1}.xml`;
        pkg.set(chartPart, chartXml(name, spec, values));
        pkg.override(chartPart, CT_CHART);
        return {
          id: `rId${i + 1}`,
          type: REL_TYPE.chart,
          target: relativeTarget(drawingPart, chartPart),
          external: false,
        };
      });
      pkg.set(
        drawingPart,
        drawingXml(
          charts,
          chartRels.map((r) => r.id),
        ),
      );
      pkg.set(`xl/drawings/_rels/teichaku_${stem}.xml.rels`, renderRels(chartRels));
      pkg.override(drawingPart, CT_DRAWING);
      const id = pkg.addRel(entry.part, REL_TYPE.drawing, drawingPart);
      drawing = `<drawing r:id="${id}"/>`;
    }
    const xml =
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS_MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
      `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>` +
      `<dimension ref="A1:${columnLetter(Math.max(width, 1))}${Math.max(values.length, 1)}"/>` +
      views +
      (cols ? `<cols>${cols}</cols>` : '') +
      '<sheetData/>' +
      '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
      pageSetupXml(layout, '') +
      drawing +
      '</worksheet>';
    const doc = new SheetXml(xml, pieces);
    this.docs.set(name, doc);
    doc.touch();
    this.setPrintTitles(name, layout.repeatRows);
  }

  /** Reads cost nothing here: the whole book is in memory. */
  survey(): void {}
}

// ---- helpers on parts ----

/** Plain text of rich text (<r><t>…) or a single <t>, phonetic readings (<rPh>) left out. */
function richText(xml: string): string {
  const bare = xml.includes('<rPh') ? xml.replace(/<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g, '') : xml;
  let out = '';
  for (const m of bare.matchAll(/<(?:\w+:)?t(?:\s[^>]*)?>([^<]*)<\/(?:\w+:)?t>/g)) out += m[1];
  return unescapeText(out);
}

function parseSharedStrings(xml: string): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?si>)/g))
    out.push(m[1] ? richText(m[1]) : '');
  return out;
}

/** sheetViews with `rows` frozen (0: none), from the sheet's own (its other settings kept). */
function frozenViews(old: string | undefined, rows: number, p: string): string {
  const view = old ? findElement(old, 'sheetView') : null;
  let tag = view
    ? view.text.slice(0, view.text.indexOf('>') + 1).replace(/\s*\/>$/, '>')
    : `<${p}sheetView workbookViewId="0">`;
  if (!/workbookViewId=/.test(tag)) tag = setAttr(tag, 'workbookViewId', '0');
  const inner =
    view && !view.text.endsWith('/>') ? view.text.slice(view.text.indexOf('>') + 1, view.text.lastIndexOf('</')) : '';
  const pane = inner ? findElement(inner, 'pane') : null;
  const xSplit = pane && /state="frozen"/.test(pane.text) ? Number(attr(pane.text, 'xSplit') ?? 0) : 0;
  // Selections name panes; those of the old layout go with it.
  const rest = inner.replace(/<(?:\w+:)?pane\b[^>]*\/>/g, '').replace(/<(?:\w+:)?selection\b[^>]*\/>/g, '');
  let paneXml = '';
  if (rows > 0 || xSplit > 0) {
    const active = rows > 0 && xSplit > 0 ? 'bottomRight' : rows > 0 ? 'bottomLeft' : 'topRight';
    const topLeft = `${columnLetter(xSplit + 1)}${rows + 1}`;
    paneXml =
      `<${p}pane${xSplit ? ` xSplit="${xSplit}"` : ''}${rows ? ` ySplit="${rows}"` : ''} topLeftCell="${topLeft}" activePane="${active}" state="frozen"/>` +
      `<${p}selection pane="${active}" activeCell="${topLeft}" sqref="${topLeft}"/>`;
  }
  const newView = `${tag}${paneXml}${rest}</${p}sheetView>`;
  if (!old) return `<${p}sheetViews>${newView}</${p}sheetViews>`;
  if (!view) return old.replace(/<\/((?:\w+:)?)sheetViews>/, `${newView}</$1sheetViews>`);
  return old.slice(0, view.start) + newView + old.slice(view.end);
}

function pageSetupXml(layout: PrintLayout, p: string): string {
  return `<${p}pageSetup paperSize="9" orientation="${layout.landscape ? 'landscape' : 'portrait'}" fitToWidth="1" fitToHeight="0"/>`;
}

/** A4, one page wide, any number of pages tall, in the sheet's own <pageSetup> and <sheetPr>. */
function applyPrintLayout(doc: SheetXml, layout: PrintLayout): void {
  const p = doc.prefix;
  const old = doc.get('pageSetup')[0];
  let setup = old ?? pageSetupXml(layout, p);
  for (const [k, v] of [
    ['paperSize', '9'],
    ['orientation', layout.landscape ? 'landscape' : 'portrait'],
    ['fitToWidth', '1'],
    ['fitToHeight', '0'],
  ] as const)
    setup = setAttr(setup, k, v);
  doc.put('pageSetup', [setup]);
  if (!doc.get('pageMargins')[0])
    doc.put('pageMargins', [
      `<${p}pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>`,
    ]);
  const pr = doc.get('sheetPr')[0];
  let next: string;
  if (!pr) next = `<${p}sheetPr><${p}pageSetUpPr fitToPage="1"/></${p}sheetPr>`;
  else {
    const setUp = findElement(pr, 'pageSetUpPr');
    if (setUp) next = pr.slice(0, setUp.start) + setAttr(setUp.text, 'fitToPage', '1') + pr.slice(setUp.end);
    else {
      const open = pr.endsWith('/>') ? pr.replace(/\s*\/>$/, '>') : pr.slice(0, pr.indexOf('>') + 1);
      const inner = pr.endsWith('/>') ? '' : pr.slice(pr.indexOf('>') + 1, pr.lastIndexOf('</'));
      // CT_SheetPr: tabColor, outlinePr, pageSetUpPr.
      const before = inner.match(/^(?:\s*<(?:\w+:)?(?:tabColor|outlinePr)\b[^>]*\/>)*/)?.[0] ?? '';
      next = `${open}${before}<${p}pageSetUpPr fitToPage="1"/>${inner.slice(before.length)}</${p}sheetPr>`;
    }
  }
  doc.put('sheetPr', [next]);
}

// ---- data validations ----

function validationItems(block: string | undefined): string[] {
  if (!block || block.endsWith('/>')) return [];
  return [...block.matchAll(/<(?:\w+:)?dataValidation\b[\s\S]*?(?:<\/(?:\w+:)?dataValidation>|\/>)/g)].map((m) => m[0]);
}

/** The validations with `area` cut out of their ranges; a validation left with no range goes. */
function cutOut(items: readonly string[], area: Area): string[] {
  const out: string[] = [];
  for (const item of items) {
    const tagEnd = item.indexOf('>') + 1;
    const tag = item.slice(0, tagEnd);
    const sqref = attr(tag, 'sqref') ?? '';
    const refs = sqref.split(/\s+/).filter(Boolean);
    const pieces: string[] = [];
    let touched = false;
    for (const ref of refs) {
      const a = parseRef(ref);
      if (!a) {
        pieces.push(ref);
        continue;
      }
      const rest = subtract(a, area);
      if (rest.length === 1 && rest[0] === a) pieces.push(ref);
      else {
        touched = true;
        pieces.push(...rest.map(rangeRef));
      }
    }
    if (!touched) out.push(item);
    else if (pieces.length) out.push(setAttr(tag, 'sqref', pieces.join(' ')) + item.slice(tagEnd));
  }
  return out;
}

function validationXml(sqref: string, v: ValidationModel, dateSerial: (d: Date) => number = () => 0): string {
  const a: string[] = [`type="${v.type}"`];
  if (v.errorStyle) a.push(`errorStyle="${v.errorStyle}"`);
  if (v.operator && v.operator !== 'between') a.push(`operator="${v.operator}"`);
  if (v.allowBlank) a.push('allowBlank="1"');
  if (v.showInputMessage) a.push('showInputMessage="1"');
  if (v.showErrorMessage) a.push('showErrorMessage="1"');
  for (const k of ['errorTitle', 'error', 'promptTitle', 'prompt'] as const)
    if (v[k]) a.push(`${k}="${escapeXml(v[k]!)}"`);
  a.push(`sqref="${sqref}"`);
  const formulae = v.formulae
    .slice(0, 2)
    .map(
      (f, i) =>
        `<formula${i + 1}>${escapeText(f instanceof Date ? String(dateSerial(f)) : String(f))}</formula${i + 1}>`,
    )
    .join('');
  return `<dataValidation ${a.join(' ')}>${formulae}</dataValidation>`;
}

export { PackageError };
