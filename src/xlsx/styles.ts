// styles.xml as the package editor needs it: which cell formats are dates (for reading), and new cell
// formats derived from a cell's own (a number format, a fill, bold, an alignment) or conditional-format
// styles, appended at the end of their lists so that every index a cell of the user's holds still
// means what it meant. An equal entry already there is reused, so a rerun adds nothing.

import { attr, escapeXml, findElement, findElements, setAttr } from './xml';

/** Built-in number formats (ECMA-376 Part 1 §18.8.30) the product writes by code. */
const BUILTIN_IDS: Record<string, number> = {
  General: 0,
  '0': 1,
  '0.00': 2,
  '#,##0': 3,
  '#,##0.00': 4,
  '0%': 9,
  '0.00%': 10,
  '@': 49,
};

/** Built-in formats that show a date (the Japanese ones 27–36 and 50–58 included); 18–21 and 45–47 are times. */
function builtinIsDate(id: number): boolean {
  return (id >= 14 && id <= 17) || id === 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

/** A format code shows a date when it has a year or day part outside quotes and brackets. */
export function isDateCode(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[yd]/i.test(bare) || /[年日]/.test(bare);
}

export interface StyleChange {
  readonly numFmt?: string;
  /** '#rrggbb' or null for no fill. */
  readonly fill?: string | null;
  readonly bold?: boolean;
  readonly horizontal?: 'left' | 'center' | 'right';
  readonly wrap?: boolean;
}

function hexToArgb(hex: string): string {
  const h = hex.replace(/^#/, '');
  const six = h.length === 3 ? h.replace(/./g, (c) => c + c) : h;
  return ('FF' + six).toUpperCase();
}

/** A list section of styles.xml (<fonts>, <fills>, <cellXfs>, <dxfs>, <numFmts>): its items as XML text. */
class Section {
  readonly items: string[];
  private readonly index = new Map<string, number>();
  changed = false;

  constructor(
    readonly name: string,
    readonly item: string,
    xml: string | undefined,
  ) {
    this.items = xml ? findElements(xml.slice(xml.indexOf('>') + 1), item).map((e) => e.text) : [];
    this.items.forEach((x, i) => {
      if (!this.index.has(x)) this.index.set(x, i);
    });
  }

  /** The index of an equal item, or of `xml` appended. */
  add(xml: string): number {
    const known = this.index.get(xml);
    if (known !== undefined) return known;
    this.items.push(xml);
    this.index.set(xml, this.items.length - 1);
    this.changed = true;
    return this.items.length - 1;
  }

  render(old: string | undefined): string {
    const open = old ? old.slice(0, old.indexOf('>') + 1).replace(/\/>$/, '>') : `<${this.name}>`;
    return `${setAttr(open, 'count', String(this.items.length))}${this.items.join('')}</${this.name}>`;
  }
}

const EMPTY_STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '<dxfs count="0"/><tableStyles count="0"/></styleSheet>';

const ORDER = [
  'numFmts',
  'fonts',
  'fills',
  'borders',
  'cellStyleXfs',
  'cellXfs',
  'cellStyles',
  'dxfs',
  'tableStyles',
  'colors',
  'extLst',
];

export class Styles {
  private readonly numFmts: Section;
  private readonly fonts: Section;
  private readonly fills: Section;
  private readonly xfs: Section;
  private readonly dxfs: Section;
  private readonly codes = new Map<number, string>();
  private readonly dateCache = new Map<number, boolean>();
  private readonly derived = new Map<string, number>();

  constructor(private readonly xml: string = EMPTY_STYLES) {
    const section = (name: string) => findElement(xml, name)?.text;
    this.numFmts = new Section('numFmts', 'numFmt', section('numFmts'));
    this.fonts = new Section('fonts', 'font', section('fonts'));
    this.fills = new Section('fills', 'fill', section('fills'));
    this.xfs = new Section('cellXfs', 'xf', section('cellXfs'));
    this.dxfs = new Section('dxfs', 'dxf', section('dxfs'));
    for (const f of this.numFmts.items) {
      const id = Number(attr(f, 'numFmtId'));
      const code = attr(f, 'formatCode');
      if (Number.isFinite(id) && code !== undefined) this.codes.set(id, code);
    }
  }

  static empty(): Styles {
    return new Styles();
  }

  get changed(): boolean {
    return this.numFmts.changed || this.fonts.changed || this.fills.changed || this.xfs.changed || this.dxfs.changed;
  }

  private xfTag(s: number): string {
    const xf =
      this.xfs.items[s] ?? this.xfs.items[0] ?? '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>';
    return xf;
  }

  numFmtId(s: number): number {
    return Number(attr(this.xfTag(s).slice(0, this.xfTag(s).indexOf('>') + 1), 'numFmtId') ?? 0);
  }

  /** The format code of cell format `s` ('General' for built-in ones other than dates). */
  numFmtCode(s: number): string | undefined {
    const id = this.numFmtId(s);
    return this.codes.get(id);
  }

  isDate(s: number): boolean {
    let v = this.dateCache.get(s);
    if (v === undefined) {
      const id = this.numFmtId(s);
      const code = this.codes.get(id);
      v = code !== undefined ? isDateCode(code) : builtinIsDate(id);
      this.dateCache.set(s, v);
    }
    return v;
  }

  private numFmtFor(code: string): number {
    const builtin = BUILTIN_IDS[code];
    if (builtin !== undefined) return builtin;
    for (const [id, c] of this.codes) if (c === code) return id;
    let id = 164;
    for (const k of this.codes.keys()) if (k >= id) id = k + 1;
    this.codes.set(id, code);
    this.numFmts.add(`<numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`);
    return id;
  }

  /** Cell format `s` with a change applied, as an index of cellXfs (equal ones shared). */
  derive(s: number, change: StyleChange): number {
    const key = `${s}\u0000${change.numFmt ?? ''}\u0000${change.fill === undefined ? '~' : change.fill}\u0000${change.bold ? 1 : 0}\u0000${change.horizontal ?? ''}\u0000${change.wrap ? 1 : 0}`;
    const known = this.derived.get(key);
    if (known !== undefined) return known;
    const xf = this.xfTag(s);
    const tagEnd = xf.indexOf('>') + 1;
    let tag = xf.slice(0, tagEnd);
    const selfClosing = tag.endsWith('/>');
    let body = selfClosing ? '' : xf.slice(tagEnd, xf.lastIndexOf('</'));
    if (selfClosing) tag = tag.replace(/\s*\/>$/, '>');
    const current = (name: string) => Number(attr(tag, name) ?? 0);
    if (change.numFmt !== undefined && current('numFmtId') !== this.numFmtFor(change.numFmt)) {
      tag = setAttr(tag, 'numFmtId', String(this.numFmtFor(change.numFmt)));
      tag = setAttr(tag, 'applyNumberFormat', '1');
    }
    const fillXml = (hex: string) =>
      `<fill><patternFill patternType="solid"><fgColor rgb="${hexToArgb(hex)}"/><bgColor indexed="64"/></patternFill></fill>`;
    const fillNow = this.fills.items[current('fillId')] ?? '';
    const sameFill =
      change.fill === null
        ? current('fillId') === 0 || /patternType="none"/.test(fillNow)
        : change.fill !== undefined &&
          /patternType="solid"/.test(fillNow) &&
          fillNow.includes(`rgb="${hexToArgb(change.fill)}"`);
    if (change.fill !== undefined && !sameFill) {
      const fillId = change.fill === null ? 0 : this.fills.add(fillXml(change.fill));
      tag = setAttr(tag, 'fillId', String(fillId));
      tag = setAttr(tag, 'applyFill', fillId ? '1' : undefined);
    }
    if (change.bold) {
      const font = this.fonts.items[Number(attr(tag, 'fontId') ?? 0)] ?? '<font><sz val="11"/></font>';
      if (!/<(\w+:)?b(\s[^>]*)?\/>/.test(font)) {
        const bold = font.endsWith('/>')
          ? font.replace(/\s*\/>$/, '><b/></font>')
          : font.replace(/^(<font\b[^>]*>)/, '$1<b/>');
        tag = setAttr(tag, 'fontId', String(this.fonts.add(bold)));
        tag = setAttr(tag, 'applyFont', '1');
      }
    }
    const oldAlign = findElement(body, 'alignment');
    const alignDone =
      (change.horizontal === undefined || (oldAlign && attr(oldAlign.text, 'horizontal') === change.horizontal)) &&
      (!change.wrap || (oldAlign && /wrapText="(1|true)"/.test(oldAlign.text)));
    if ((change.horizontal !== undefined || change.wrap) && !alignDone) {
      const old = oldAlign;
      let al = old ? old.text.replace(/\s*\/>$/, '/>') : '<alignment/>';
      if (old && !old.text.endsWith('/>')) al = old.text;
      let open = al.slice(0, al.indexOf('>') + 1);
      const rest = al.slice(open.length);
      if (change.horizontal) open = setAttr(open.replace(/\/>$/, '>'), 'horizontal', change.horizontal);
      if (change.wrap) open = setAttr(open.replace(/\/>$/, '>'), 'wrapText', '1');
      const rendered = rest ? open + rest : open.replace(/>$/, '/>');
      body = old ? body.slice(0, old.start) + rendered + body.slice(old.end) : rendered + body;
      tag = setAttr(tag, 'applyAlignment', '1');
    }
    const next = body ? `${tag}${body}</xf>` : tag.replace(/>$/, '/>');
    // Nothing to change (the format, fill… were already so): the cell keeps its own.
    const id = next === xf || (selfClosing && next === xf.replace(/\s*\/>$/, '/>')) ? s : this.xfs.add(next);
    this.derived.set(key, id);
    return id;
  }

  /** A differential format for a conditional-format rule (index into dxfs; equal ones shared). */
  dxf(style: { background?: string; fontColor?: string; bold?: boolean }): number {
    let font = '';
    if (style.bold || style.fontColor)
      font = `<font>${style.bold ? '<b/>' : ''}${style.fontColor ? `<color rgb="${hexToArgb(style.fontColor)}"/>` : ''}</font>`;
    const fill = style.background
      ? `<fill><patternFill patternType="solid"><bgColor rgb="${hexToArgb(style.background)}"/></patternFill></fill>`
      : '';
    return this.dxfs.add(`<dxf>${font}${fill}</dxf>`);
  }

  render(): string {
    let xml = this.xml;
    for (const section of [this.numFmts, this.fonts, this.fills, this.xfs, this.dxfs]) {
      if (!section.changed) continue;
      const old = findElement(xml, section.name);
      if (old) {
        xml = xml.slice(0, old.start) + section.render(old.text) + xml.slice(old.end);
        continue;
      }
      // Inserted before the first section that follows it in the schema's order.
      const after = ORDER.slice(ORDER.indexOf(section.name) + 1);
      let at = -1;
      for (const name of after) {
        const e = findElement(xml, name);
        if (e) {
          at = e.start;
          break;
        }
      }
      if (at < 0) at = xml.lastIndexOf('</');
      xml = xml.slice(0, at) + section.render(undefined) + xml.slice(at);
    }
    return xml;
  }
}
