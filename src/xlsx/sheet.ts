// One worksheet part, edited in place. The part is split into its top-level elements (kept as text) and
// its rows. Rows are kept as the part's UTF-8 bytes in one-byte strings ("byte strings": one char per
// byte, what Buffer's latin1 gives), slices of the part read: a worksheet's cell table is most of a
// book, and as bytes it costs a byte a character where JavaScript text of Japanese costs two, and no
// object per cell. A written row keeps only the cells written; they are merged into its cells as read
// when it is rendered. Rendering puts back every element and row that was not changed exactly as it
// was read, and new elements where ECMA-376's CT_Worksheet sequence wants them, piece by piece (never
// the whole part as one string).

import { columnLetter } from '../domain/table';
import { attr, setAttr } from './xml';

/** CT_Worksheet's children in the schema's order (ECMA-376 Part 1 §18.3.1.99). */
export const WORKSHEET_ORDER = [
  'sheetPr',
  'dimension',
  'sheetViews',
  'sheetFormatPr',
  'cols',
  'sheetData',
  'sheetCalcPr',
  'sheetProtection',
  'protectedRanges',
  'scenarios',
  'autoFilter',
  'sortState',
  'dataConsolidate',
  'customSheetViews',
  'mergeCells',
  'phoneticPr',
  'conditionalFormatting',
  'dataValidations',
  'hyperlinks',
  'printOptions',
  'pageMargins',
  'pageSetup',
  'headerFooter',
  'rowBreaks',
  'colBreaks',
  'customProperties',
  'cellWatches',
  'ignoredErrors',
  'smartTags',
  'drawing',
  'legacyDrawing',
  'legacyDrawingHF',
  'drawingHF',
  'picture',
  'oleObjects',
  'controls',
  'webPublishItems',
  'tableParts',
  'extLst',
];
const RANK = new Map(WORKSHEET_ORDER.map((n, i) => [n, i]));

export function letterToNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

/** 'AB12' → [12, 28]; null when it is not a cell reference. */
export function parseCellRef(ref: string): [number, number] | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(ref);
  return m ? [Number(m[2]), letterToNumber(m[1])] : null;
}

interface Element {
  readonly name: string;
  /** The element's text, with the whitespace that preceded it. */
  xml: string;
}

/** Text → its UTF-8 bytes as a byte string. */
export function toBytes(text: string): string {
  return /[\u0080-\uffff]/.test(text) ? Buffer.from(text, 'utf8').toString('latin1') : text;
}

/** A byte string (UTF-8) → text. */
export function fromBytes(bytes: string): string {
  return /[\x80-\xff]/.test(bytes) ? Buffer.from(bytes, 'latin1').toString('utf8') : bytes;
}

/** A row as read (its start tag and content, byte strings) and the cells written to it since. */
interface Row {
  readonly r: number;
  open: string;
  body: string;
  /** Cells written (col → <c> byte string; null: removed), merged into `body`'s when rendered. */
  written: Map<number, string | null> | null;
  /** Whether `body` has a cell without a plain reference (found by position only); undefined until known. */
  refless?: boolean;
  /** Whether every written cell is new and right of the cells read: rendered as body + written cells. */
  appendOnly?: boolean;
}

const CELL_RE = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
const CELL_AT = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/y;
const REFLESS = /<c(?=[\s/>])(?![^>]*\sr="[A-Z])/;

/** Top-level elements of a stretch of XML (comments and processing instructions go with the next one). */
function splitElements(xml: string): Element[] {
  const out: Element[] = [];
  let depth = 0;
  let start = 0;
  let name = '';
  const re = /<(\/?)([\w.:-]+)[^>]*?(\/?)>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    if (m[2] === undefined) continue;
    if (m[1]) {
      depth--;
      if (depth === 0) {
        out.push({ name, xml: xml.slice(start, re.lastIndex) });
        start = re.lastIndex;
      }
    } else {
      if (depth === 0) name = m[2].replace(/^[\w.-]+:/, '');
      if (m[3]) {
        if (depth === 0) {
          out.push({ name, xml: xml.slice(start, re.lastIndex) });
          start = re.lastIndex;
        }
      } else depth++;
    }
  }
  if (start < xml.length && out.length) out[out.length - 1].xml += xml.slice(start);
  else if (start < xml.length) out.push({ name: '#text', xml: xml.slice(start) });
  return out;
}

/** The column of each cell of a row's content, in order (by reference, else one past the previous). */
function* bodyCells(body: string): Generator<[col: number, xml: string, attrs: string, inner: string | undefined]> {
  let col = 0;
  const re = new RegExp(CELL_RE.source, 'g');
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const ref = /\sr="\$?([A-Z]+)/.exec(m[1]);
    col = ref ? letterToNumber(ref[1]) : col + 1;
    yield [col, m[0], m[1], m[2]];
  }
}

export class SheetXml {
  private readonly prolog: string;
  private readonly closing: string;
  private readonly elements: Element[];
  /** Rows by number, parsed from `raw` when first needed. */
  private rowMap: Map<number, Row> | null = null;
  private rowOrder: number[] = [];
  private sheetDataOpen = '<sheetData>';
  /** The <sheetData> element as read, in byte-string pieces (null: the part had none). */
  private readonly raw: { open: string; inner: string[]; close: string } | null;
  private rowsChanged = false;
  /** The root's namespace prefix ('' or e.g. 'x:'). */
  readonly prefix: string;

  /**
   * A worksheet part from its bytes (or text). `rows`: the cell table's content in byte-string pieces,
   * for a part made here whose <sheetData> is given empty (a generated tab, never held as one string).
   */
  constructor(part: Buffer | string, rows?: readonly string[]) {
    const xml = typeof part === 'string' ? toBytes(part) : part.toString('latin1');
    const root = /<([\w.-]+:)?worksheet\b[^>]*>/.exec(xml);
    if (!root) throw new Error('not a worksheet');
    this.prefix = root[1] ?? '';
    const p = this.prefix;
    const bodyStart = root.index + root[0].length;
    const closeAt = xml.lastIndexOf(`</${p}worksheet>`);
    this.prolog = fromBytes(xml.slice(0, bodyStart));
    this.closing = fromBytes(xml.slice(closeAt));
    const sd = new RegExp(`<${p}sheetData\\b[^>]*?(/?)>`).exec(xml.slice(bodyStart, closeAt));
    if (!sd) {
      this.elements = splitElements(fromBytes(xml.slice(bodyStart, closeAt)));
      this.raw = null;
      this.insert({ name: 'sheetData', xml: '' });
      return;
    }
    const sdStart = bodyStart + sd.index;
    let sdEnd: number;
    if (sd[1]) {
      sdEnd = sdStart + sd[0].length;
      this.raw = rows?.length
        ? { open: sd[0].replace(/\s*\/>$/, '>'), inner: [...rows], close: `</${p}sheetData>` }
        : { open: sd[0], inner: [], close: '' };
    } else {
      const close = `</${p}sheetData>`;
      const at = xml.indexOf(close, sdStart);
      sdEnd = at + close.length;
      this.sheetDataOpen = sd[0];
      this.raw = { open: sd[0], inner: [xml.slice(sdStart + sd[0].length, at), ...(rows ?? [])], close };
    }
    this.elements = [
      ...splitElements(fromBytes(xml.slice(bodyStart, sdStart))),
      { name: 'sheetData', xml: '' },
      ...splitElements(fromBytes(xml.slice(sdEnd, closeAt))),
    ];
  }

  private parsed(): Map<number, Row> {
    if (this.rowMap) return this.rowMap;
    this.rowMap = new Map();
    const inner = this.raw ? this.raw.inner.join('') : '';
    const p = this.prefix;
    const re = new RegExp(`<${p}row\\b([^>]*?)(/?)>`, 'g');
    const close = `</${p}row>`;
    let last = 0;
    for (let m = re.exec(inner); m; m = re.exec(inner)) {
      const rAttr = /\sr="(\d+)"/.exec(m[1]);
      const r = rAttr ? Number(rAttr[1]) : last + 1;
      last = r;
      let body = '';
      if (!m[2]) {
        const end = inner.indexOf(close, re.lastIndex);
        body = inner.slice(re.lastIndex, end);
        re.lastIndex = end + close.length;
      }
      this.rowMap.set(r, { r, open: m[0], body, written: null });
      this.rowOrder.push(r);
    }
    return this.rowMap;
  }

  /** The written cells of an append-only row, in column order. */
  private appended(row: Row): string[] {
    const cells = [...row.written!].filter((e): e is [number, string] => e[1] !== null);
    for (let i = 1; i < cells.length; i++)
      if (cells[i][0] < cells[i - 1][0]) {
        cells.sort((a, b) => a[0] - b[0]);
        break;
      }
    return cells.map((e) => e[1]);
  }

  /** A row's cells in column order as they are now: read ones with the written ones merged in. */
  private merged(row: Row): [number, string][] {
    const written = row.written!;
    const out: [number, string][] = [];
    for (const [c, xml] of bodyCells(row.body)) {
      if (!written.has(c)) out.push([c, xml]);
    }
    for (const [c, xml] of written) if (xml !== null) out.push([c, xml]);
    return out.sort((a, b) => a[0] - b[0]);
  }

  /** Rows in order with their cells' attribute text and content (byte strings), for reading values. */
  *cells(): Generator<[row: number, col: number, attrs: string, inner: string | undefined]> {
    const rows = this.parsed();
    for (const r of this.rowOrder) {
      const row = rows.get(r)!;
      if (row.written) {
        for (const [c, xml] of this.merged(row)) {
          const m = new RegExp(CELL_RE.source).exec(xml)!;
          yield [r, c, m[1], m[2]];
        }
        continue;
      }
      let c = 0;
      const re = new RegExp(CELL_RE.source, 'g');
      const body = row.body;
      for (let m = re.exec(body); m; m = re.exec(body)) {
        const ref = /\sr="\$?([A-Z]+)/.exec(m[1]);
        c = ref ? letterToNumber(ref[1]) : c + 1;
        yield [r, c, m[1], m[2]];
      }
    }
  }

  /** The <c> byte string of a cell among a row's cells as read. */
  private readCell(row: Row, c: number): string | undefined {
    const body = row.body;
    if (!body) return undefined;
    if (row.refless === undefined) row.refless = REFLESS.test(body);
    if (row.refless) {
      for (const [col, xml] of bodyCells(body)) if (col === c) return xml;
      return undefined;
    }
    const token = `r="${columnLetter(c)}${row.r}"`;
    for (let i = body.indexOf(token); i > 0; i = body.indexOf(token, i + 1)) {
      // An attribute of a cell's start tag, not text that looks like one.
      const lt = body.lastIndexOf('<', i);
      if (lt < 0 || body.charCodeAt(lt + 1) !== 99 || !/\s/.test(body[i - 1])) continue;
      const gt = body.indexOf('>', lt);
      if (gt < i || !/[\s/>]/.test(body[lt + 2])) continue;
      CELL_AT.lastIndex = lt;
      const m = CELL_AT.exec(body);
      if (m) return m[0];
    }
    return undefined;
  }

  /** The <c> byte string of a cell, or undefined. */
  cell(r: number, c: number): string | undefined {
    const row = this.parsed().get(r);
    if (!row) return undefined;
    if (row.written?.has(c)) return row.written.get(c) ?? undefined;
    return this.readCell(row, c);
  }

  /** The style index a new cell in this row would take from its row (a row with customFormat). */
  rowStyle(r: number): number | undefined {
    const row = this.parsed().get(r);
    if (!row || attr(row.open, 'customFormat') === undefined) return undefined;
    const cf = attr(row.open, 'customFormat');
    if (cf !== '1' && cf !== 'true') return undefined;
    const s = attr(row.open, 's');
    return s === undefined ? undefined : Number(s);
  }

  /** The column of the last cell of a row as read (0: none); -1 when cells are placed by position. */
  private tailCol(row: Row): number {
    const body = row.body;
    if (!body) return 0;
    if (row.refless === undefined) row.refless = REFLESS.test(body);
    if (row.refless) return -1;
    const at = body.lastIndexOf('<c');
    if (at < 0) return 0;
    CELL_AT.lastIndex = at;
    const m = CELL_AT.exec(body);
    const ref = m && /\sr="\$?([A-Z]+)/.exec(m[1]);
    return ref ? letterToNumber(ref[1]) : -1;
  }

  /** Sets (or, for null, removes) a cell's <c> byte string. */
  setCell(r: number, c: number, xml: string | null): void {
    this.replaceCell(r, c, xml, this.cell(r, c));
  }

  /** setCell for a cell whose <c> bytes as they are (`had`, from cell()) the caller has at hand. */
  replaceCell(r: number, c: number, xml: string | null, had: string | undefined): void {
    const rows = this.parsed();
    let row = rows.get(r);
    if (!row) {
      if (xml === null) return;
      row = { r, open: `<${this.prefix}row r="${r}">`, body: '', written: null };
      rows.set(r, row);
      const order = this.rowOrder;
      if (order.length === 0 || order[order.length - 1] < r) order.push(r);
      else {
        let lo = 0;
        let hi = order.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (order[mid] < r) lo = mid + 1;
          else hi = mid;
        }
        order.splice(lo, 0, r);
      }
    }
    if (had === (xml ?? undefined)) return;
    const written = (row.written ??= new Map());
    if (row.appendOnly !== false && !written.has(c))
      row.appendOnly = had === undefined && xml !== null && this.tailCol(row) >= 0 && c > this.tailCol(row);
    written.set(c, xml);
    this.rowsChanged = true;
  }

  // ---- top-level elements ----

  private insert(el: Element): void {
    const rank = RANK.get(el.name) ?? WORKSHEET_ORDER.length;
    let at = this.elements.length;
    for (let i = 0; i < this.elements.length; i++) {
      const r = RANK.get(this.elements[i].name);
      if (r !== undefined && r > rank) {
        at = i;
        break;
      }
    }
    this.elements.splice(at, 0, el);
  }

  /** Text of the top-level elements of a name (without the whitespace before them). */
  get(name: string): string[] {
    return this.elements.filter((e) => e.name === name).map((e) => e.xml.trimStart());
  }

  /** Replaces every element of a name by `xmls` (in place of the first, or where the schema wants them). */
  put(name: string, xmls: readonly string[]): void {
    const old = this.elements.filter((e) => e.name === name);
    if (old.length === xmls.length && old.every((e, i) => e.xml.trimStart() === xmls[i])) return;
    const kept = this.elements.filter((e) => e.name !== name);
    this.elements.splice(0, this.elements.length, ...kept);
    for (const xml of xmls) this.insert({ name, xml });
    this.changedElements = true;
  }

  private changedElements = false;

  get changed(): boolean {
    return this.rowsChanged || this.changedElements;
  }

  /** Marks the part as changed, so that it is written even when nothing in it was edited (a part made here). */
  touch(): void {
    this.changedElements = true;
  }

  /** Adds xmlns:r to the root when an element of ours refers to a relationship. */
  private rootWithRelNs(): string {
    if (/\sxmlns:r=/.test(this.prolog)) return this.prolog;
    return this.prolog.replace(
      /(<([\w.-]+:)?worksheet\b)/,
      '$1 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"',
    );
  }

  /** Writes the part as byte strings, in order, a row or an element at a time. */
  renderTo(write: (bytes: string) => void): void {
    // Elements in the schema's order, whatever order the part had them in (a stable sort: repeated
    // elements and unknown ones keep their places relative to their neighbours).
    const ranked = this.elements.map((e, i) => ({ e, i, rank: RANK.get(e.name) }));
    let last = -1;
    for (const x of ranked) {
      if (x.rank === undefined) x.rank = last;
      else last = x.rank;
    }
    ranked.sort((a, b) => a.rank! - b.rank! || a.i - b.i);
    this.elements.splice(0, this.elements.length, ...ranked.map((x) => x.e));
    write(toBytes(this.rootWithRelNs()));
    for (const e of this.elements) {
      if (e.name !== 'sheetData') {
        write(toBytes(e.xml));
        continue;
      }
      if (!this.rowsChanged && this.raw !== null) {
        write(this.raw.open);
        for (const piece of this.raw.inner) write(piece);
        write(this.raw.close);
        continue;
      }
      const p = this.prefix;
      const close = `</${p}row>`;
      write(this.sheetDataOpen.replace(/\/>$/, '>'));
      const rows = this.parsed();
      for (const r of this.rowOrder) {
        const row = rows.get(r)!;
        if (!row.written) {
          write(row.open.endsWith('/>') ? row.open : `${row.open}${row.body}${close}`);
          continue;
        }
        // spans is a hint for the cells' columns; it is dropped rather than left wrong.
        let line = setAttr(row.open.replace(/\s*\/>$/, '>'), 'spans', undefined);
        if (row.appendOnly) {
          write(`${line}${row.body}${this.appended(row).join('')}${close}`);
          continue;
        }
        for (const [c, xml] of this.merged(row))
          // A cell found by its position gets its reference: cells may have been put before it.
          line += /^<c\b[^>]*?\sr="/.test(xml) ? xml : xml.replace(/^<c\b/, `<c r="${columnLetter(c)}${r}"`);
        write(line + close);
      }
      write(`</${p}sheetData>`);
    }
    write(toBytes(this.closing));
  }

  /** The part as text (for tests and small parts). */
  render(): string {
    const out: string[] = [];
    this.renderTo((b) => out.push(b));
    return fromBytes(out.join(''));
  }

  /** The last row number with a row element (for the dimension). */
  lastRow(): number {
    this.parsed();
    return this.rowOrder.length ? this.rowOrder[this.rowOrder.length - 1] : 0;
  }
}
