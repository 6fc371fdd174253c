// One worksheet part, edited in place. The part is split into its top-level elements (kept as text) and
// its rows (kept as text until a cell of the row is written). Rendering puts back every element and
// row that was not changed exactly as it was read, and new elements where ECMA-376's CT_Worksheet
// sequence wants them.

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

/** A row: its start tag and content as read; its cells (col → <c> text) once a cell of it is written. */
interface Row {
  readonly r: number;
  open: string;
  body: string;
  cells: Map<number, string> | null;
  /** The highest column in `cells` (cells are kept in column order). */
  maxCol: number;
  unsorted?: boolean;
  changed: boolean;
}

const CELL_RE = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;

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

export class SheetXml {
  private readonly prolog: string;
  private readonly closing: string;
  private readonly elements: Element[];
  private readonly rows = new Map<number, Row>();
  private rowOrder: number[] = [];
  private sheetDataOpen = '<sheetData>';
  private readonly sheetDataRaw: string | null;
  private rowsChanged = false;
  /** The root's namespace prefix ('' or e.g. 'x:'). */
  readonly prefix: string;

  constructor(xml: string) {
    const root = /<([\w.-]+:)?worksheet\b[^>]*>/.exec(xml);
    if (!root) throw new Error('not a worksheet');
    this.prefix = root[1] ?? '';
    const p = this.prefix;
    const bodyStart = root.index + root[0].length;
    const closeAt = xml.lastIndexOf(`</${p}worksheet>`);
    this.prolog = xml.slice(0, bodyStart);
    this.closing = xml.slice(closeAt);
    const body = xml.slice(bodyStart, closeAt);
    const sd = new RegExp(`<${p}sheetData\\b[^>]*?(/?)>`).exec(body);
    if (!sd) {
      this.elements = splitElements(body);
      this.sheetDataRaw = null;
      this.insert({ name: 'sheetData', xml: '' });
      return;
    }
    let sdEnd: number;
    let inner = '';
    if (sd[1]) sdEnd = sd.index + sd[0].length;
    else {
      const close = `</${p}sheetData>`;
      const at = body.indexOf(close, sd.index);
      inner = body.slice(sd.index + sd[0].length, at);
      sdEnd = at + close.length;
      this.sheetDataOpen = sd[0];
    }
    this.sheetDataRaw = body.slice(sd.index, sdEnd);
    this.elements = [
      ...splitElements(body.slice(0, sd.index)),
      { name: 'sheetData', xml: '' },
      ...splitElements(body.slice(sdEnd)),
    ];
    this.parseRows(inner);
  }

  private parseRows(inner: string): void {
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
      this.rows.set(r, { r, open: m[0], body, cells: null, maxCol: 0, changed: false });
      this.rowOrder.push(r);
    }
  }

  /** Rows in order with their cells' attribute text and content, for reading values. */
  *cells(): Generator<[row: number, col: number, attrs: string, inner: string | undefined]> {
    for (const r of this.rowOrder) {
      const row = this.rows.get(r)!;
      if (row.cells) {
        for (const [c, xml] of row.cells) {
          const m = new RegExp(CELL_RE.source).exec(xml)!;
          yield [r, c, m[1], m[2]];
        }
        continue;
      }
      let col = 0;
      const re = new RegExp(CELL_RE.source, 'g');
      for (let m = re.exec(row.body); m; m = re.exec(row.body)) {
        const ref = /\sr="\$?([A-Z]+)/.exec(m[1]);
        col = ref ? letterToNumber(ref[1]) : col + 1;
        yield [r, col, m[1], m[2]];
      }
    }
  }

  /** The row's cells by column, parsed for editing (a cell without a reference gets one). */
  private editRow(r: number): Row {
    let row = this.rows.get(r);
    if (!row) {
      row = { r, open: `<${this.prefix}row r="${r}">`, body: '', cells: new Map(), maxCol: 0, changed: true };
      this.rows.set(r, row);
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
    if (!row.cells) {
      const cells = new Map<number, string>();
      let col = 0;
      const re = new RegExp(CELL_RE.source, 'g');
      for (let m = re.exec(row.body); m; m = re.exec(row.body)) {
        const ref = /\sr="\$?([A-Z]+)/.exec(m[1]);
        if (ref) {
          col = letterToNumber(ref[1]);
          cells.set(col, m[0]);
        } else {
          col++;
          cells.set(col, m[0].replace(/^<c\b/, `<c r="${columnLetter(col)}${r}"`));
        }
      }
      row.cells = cells;
      for (const k of cells.keys()) if (k > row.maxCol) row.maxCol = k;
    }
    return row;
  }

  /** The <c> text of a cell, or undefined. */
  cell(r: number, c: number): string | undefined {
    const row = this.rows.get(r);
    if (!row) return undefined;
    return this.editRow(r).cells!.get(c);
  }

  /** The style index a new cell in this row would take from its row (a row with customFormat). */
  rowStyle(r: number): number | undefined {
    const row = this.rows.get(r);
    if (!row || attr(row.open, 'customFormat') === undefined) return undefined;
    const cf = attr(row.open, 'customFormat');
    if (cf !== '1' && cf !== 'true') return undefined;
    const s = attr(row.open, 's');
    return s === undefined ? undefined : Number(s);
  }

  /** Sets (or, for null, removes) a cell's <c> text. */
  setCell(r: number, c: number, xml: string | null): void {
    const row = this.editRow(r);
    const cells = row.cells!;
    const had = cells.get(c);
    if (had === (xml ?? undefined)) return;
    if (xml === null) cells.delete(c);
    else {
      // A cell left of the row's last one puts the row out of column order: sorted when rendered.
      if (had === undefined && c < row.maxCol) row.unsorted = true;
      cells.set(c, xml);
      if (c > row.maxCol) row.maxCol = c;
    }
    row.changed = true;
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

  /** Adds xmlns:r to the root when an element of ours refers to a relationship. */
  private rootWithRelNs(): string {
    if (/\sxmlns:r=/.test(this.prolog)) return this.prolog;
    return this.prolog.replace(
      /(<([\w.-]+:)?worksheet\b)/,
      '$1 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"',
    );
  }

  render(): string {
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
    const parts: string[] = [this.rootWithRelNs()];
    for (const e of this.elements) {
      if (e.name !== 'sheetData') {
        parts.push(e.xml);
        continue;
      }
      if (!this.rowsChanged && this.sheetDataRaw !== null) {
        parts.push(this.sheetDataRaw);
        continue;
      }
      const p = this.prefix;
      parts.push(this.sheetDataOpen.replace(/\/>$/, '>'));
      for (const r of this.rowOrder) {
        const row = this.rows.get(r)!;
        if (!row.changed) {
          parts.push(row.open.endsWith('/>') ? row.open : `${row.open}${row.body}</${p}row>`);
          continue;
        }
        const cells = row.cells!;
        // spans is a hint for the cells' columns; it is dropped rather than left wrong.
        const open = setAttr(row.open.replace(/\s*\/>$/, '>'), 'spans', undefined);
        parts.push(open);
        if (row.unsorted) for (const c of [...cells.keys()].sort((a, b) => a - b)) parts.push(cells.get(c)!);
        else for (const xml of cells.values()) parts.push(xml);
        parts.push(`</${p}row>`);
      }
      parts.push(`</${p}sheetData>`);
    }
    parts.push(this.closing);
    return parts.join('');
  }

  /** The last row number with a row element (for the dimension). */
  lastRow(): number {
    return this.rowOrder.length ? this.rowOrder[this.rowOrder.length - 1] : 0;
  }
}
