// Charts in the .xlsx, done on the parts exceljs renders (exceljs writes pictures but no charts, and
// drops the charts of a book it loads). Two jobs, both on the part list just before it is zipped:
//  - our charts: a tab written by replaceSheet with charts gets a drawing part with one DrawingML chart
//    part per ChartSpec, so Excel and LibreOffice draw native charts (bar/column/line) from the cells;
//  - the book's own charts: a tab of the loaded book that was not replaced keeps its drawing with its
//    charts (and everything they refer to) byte for byte, copied from the loaded file under new names.
// A replaced tab (a generated tab rebuilt by a command) loses the drawing it had: its charts were ours,
// and are drawn again from the new content, so a rerun never doubles them.

import { columnLetter } from '../domain/table';
import type { Cell, ChartSpec } from '../workbook/port';
import type { ZipFile, ZipPart } from './zip';

const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL_DRAWING = `${NS_REL}/drawing`;
const REL_CHART = `${NS_REL}/chart`;
const REL_TABLE = `${NS_REL}/table`;
const CT_DRAWING = 'application/vnd.openxmlformats-officedocument.drawing+xml';
const CT_CHART = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
const CT_RELS = 'application/vnd.openxmlformats-package.relationships+xml';

/** Size of a chart we draw, in pixels (Sheets' default chart is about this size). */
export const CHART_WIDTH_PX = 560;
export const CHART_HEIGHT_PX = 340;
const EMU_PER_PX = 9525;

/** Our charts of one tab, with the values they are drawn from (for the caches Excel shows before it recalculates). */
export interface SheetCharts {
  readonly charts: readonly ChartSpec[];
  readonly values: readonly (readonly Cell[])[];
}

export interface DrawingPlan {
  /** Tab name → charts to draw on it (a tab replaced in this run). */
  readonly ours: ReadonlyMap<string, SheetCharts>;
  /** Tab names whose drawing from the loaded book is kept (tabs loaded and not replaced). */
  readonly kept: ReadonlySet<string>;
  /** The loaded book's files, or null for a new book. */
  readonly original: readonly ZipFile[] | null;
}

// ---- small XML helpers (the parts are machine-written; attributes are double-quoted) ----

export function escapeXml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

function unescapeXml(s: string): string {
  return s.replace(
    /&(lt|gt|quot|apos|amp|#(\d+)|#x([0-9a-fA-F]+));/g,
    (_, name: string, dec?: string, hex?: string) => {
      if (dec) return String.fromCodePoint(Number(dec));
      if (hex) return String.fromCodePoint(parseInt(hex, 16));
      return { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' }[name] as string;
    },
  );
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  return m ? unescapeXml(m[2] ?? m[3]) : undefined;
}

interface Rel {
  readonly id: string;
  readonly type: string;
  readonly target: string;
  readonly external: boolean;
}

function parseRels(xml: string): Rel[] {
  const out: Rel[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    out.push({
      id: attr(m[0], 'Id') ?? '',
      type: attr(m[0], 'Type') ?? '',
      target: attr(m[0], 'Target') ?? '',
      external: attr(m[0], 'TargetMode') === 'External',
    });
  }
  return out;
}

function renderRels(rels: readonly Rel[]): string {
  const body = rels
    .map(
      (r) =>
        `<Relationship Id="${escapeXml(r.id)}" Type="${escapeXml(r.type)}" Target="${escapeXml(r.target)}"${r.external ? ' TargetMode="External"' : ''}/>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${body}</Relationships>`;
}

/** 'xl/worksheets/sheet1.xml' → 'xl/worksheets/_rels/sheet1.xml.rels' */
function relsPath(part: string): string {
  const i = part.lastIndexOf('/');
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
}

/** A relationship target resolved against the folder of the part that holds it. */
function resolve(fromPart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = fromPart.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

/** The target of `toPart` as written in a rels file of `fromPart`. */
function relative(fromPart: string, toPart: string): string {
  const from = fromPart.split('/').slice(0, -1);
  const to = toPart.split('/');
  let i = 0;
  while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
  return [...new Array<string>(from.length - i).fill('..'), ...to.slice(i)].join('/');
}

/** Worksheet part of each tab name, from workbook.xml and its rels. */
function sheetParts(read: (name: string) => string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const wb = read('xl/workbook.xml');
  const rels = read('xl/_rels/workbook.xml.rels');
  if (!wb || !rels) return out;
  const byId = new Map(parseRels(rels).map((r) => [r.id, r]));
  for (const m of wb.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = attr(m[0], 'name');
    const id = attr(m[0], 'r:id');
    const rel = id === undefined ? undefined : byId.get(id);
    if (name !== undefined && rel) out.set(name, resolve('xl/workbook.xml', rel.target));
  }
  return out;
}

// ---- content types ----

class ContentTypes {
  private readonly extra: string[] = [];
  constructor(private xml: string) {}

  override(part: string, type: string): void {
    this.extra.push(`<Override PartName="/${escapeXml(part)}" ContentType="${escapeXml(type)}"/>`);
  }

  remove(part: string): void {
    this.xml = this.xml.replace(new RegExp(`<Override PartName="/${escapeRegExp(part)}"[^>]*/>`), '');
  }

  ensureDefault(ext: string, type: string): void {
    if (new RegExp(`<Default Extension="${escapeRegExp(ext)}"`, 'i').test(this.xml)) return;
    this.extra.push(`<Default Extension="${escapeXml(ext)}" ContentType="${escapeXml(type)}"/>`);
  }

  render(): string {
    return this.xml.replace('</Types>', `${this.extra.join('')}</Types>`);
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Content type of a part of the loaded book, from its [Content_Types].xml. */
function originalContentType(typesXml: string, part: string): { override?: string; ext?: string; type?: string } {
  for (const m of typesXml.matchAll(/<Override\b[^>]*>/g)) {
    if (attr(m[0], 'PartName') === `/${part}`) return { override: attr(m[0], 'ContentType') };
  }
  const ext = part.slice(part.lastIndexOf('.') + 1);
  for (const m of typesXml.matchAll(/<Default\b[^>]*>/g)) {
    if ((attr(m[0], 'Extension') ?? '').toLowerCase() === ext.toLowerCase())
      return { ext, type: attr(m[0], 'ContentType') };
  }
  return {};
}

// ---- our charts ----

function sheetRef(sheet: string): string {
  return `'${sheet.replace(/'/g, "''")}'`;
}

function absRef(sheet: string, row: number, col: number, rows = 1, cols = 1): string {
  const a = `$${columnLetter(col)}$${row}`;
  const b = `$${columnLetter(col + cols - 1)}$${row + rows - 1}`;
  return `${sheetRef(sheet)}!${rows === 1 && cols === 1 ? a : `${a}:${b}`}`;
}

function cellText(v: Cell | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return `${v.y}/${v.m}/${v.d}`;
  return String(v);
}

function strCache(points: readonly string[]): string {
  return `<c:strCache><c:ptCount val="${points.length}"/>${points
    .map((p, i) => `<c:pt idx="${i}"><c:v>${escapeXml(p)}</c:v></c:pt>`)
    .join('')}</c:strCache>`;
}

function numCache(points: readonly (number | null)[]): string {
  return `<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${points.length}"/>${points
    .map((p, i) => (p === null ? '' : `<c:pt idx="${i}"><c:v>${p}</c:v></c:pt>`))
    .join('')}</c:numCache>`;
}

/** A DrawingML chart part for one ChartSpec: first column the categories, each further column a series. */
export function chartXml(sheet: string, spec: ChartSpec, values: readonly (readonly Cell[])[]): string {
  const { row, col, numRows, numCols } = spec.data;
  const at = (r: number, c: number): Cell | undefined => values[r - 1]?.[c - 1];
  const points = numRows - 1;
  const categories = Array.from({ length: points }, (_, i) => cellText(at(row + 1 + i, col)));
  const series: string[] = [];
  for (let s = 1; s < numCols; s++) {
    const c = col + s;
    const nums = Array.from({ length: points }, (_, i) => {
      const v = at(row + 1 + i, c);
      return typeof v === 'number' ? v : null;
    });
    const line = spec.kind === 'line';
    series.push(
      `<c:ser><c:idx val="${s - 1}"/><c:order val="${s - 1}"/>` +
        `<c:tx><c:strRef><c:f>${escapeXml(absRef(sheet, row, c))}</c:f>${strCache([cellText(at(row, c))])}</c:strRef></c:tx>` +
        (line ? '<c:marker><c:symbol val="circle"/><c:size val="5"/></c:marker>' : '<c:invertIfNegative val="0"/>') +
        `<c:cat><c:strRef><c:f>${escapeXml(absRef(sheet, row + 1, col, points))}</c:f>${strCache(categories)}</c:strRef></c:cat>` +
        `<c:val><c:numRef><c:f>${escapeXml(absRef(sheet, row + 1, c, points))}</c:f>${numCache(nums)}</c:numRef></c:val>` +
        (line ? '<c:smooth val="0"/>' : '') +
        `</c:ser>`,
    );
  }
  const axes = '<c:axId val="50010001"/><c:axId val="50010002"/>';
  const plot =
    spec.kind === 'line'
      ? `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${series.join('')}<c:marker val="1"/>${axes}</c:lineChart>`
      : `<c:barChart><c:barDir val="${spec.kind === 'bar' ? 'bar' : 'col'}"/><c:grouping val="clustered"/><c:varyColors val="0"/>${series.join('')}<c:gapWidth val="80"/>${axes}</c:barChart>`;
  const horizontal = spec.kind === 'bar';
  const title =
    `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1200" b="1"/></a:pPr>` +
    `<a:r><a:rPr lang="ja-JP" sz="1200" b="1"/><a:t>${escapeXml(spec.title)}</a:t></a:r></a:p></c:rich></c:tx>` +
    `<c:overlay val="0"/></c:title>`;
  const legend = numCols > 2 ? '<c:legend><c:legendPos val="r"/><c:overlay val="0"/></c:legend>' : '';
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${NS_REL}">` +
    `<c:roundedCorners val="0"/><c:chart>${title}<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>${plot}` +
    `<c:catAx><c:axId val="50010001"/><c:scaling><c:orientation val="${horizontal ? 'maxMin' : 'minMax'}"/></c:scaling><c:delete val="0"/>` +
    `<c:axPos val="${horizontal ? 'l' : 'b'}"/><c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>` +
    `<c:tickLblPos val="nextTo"/><c:crossAx val="50010002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
    `<c:valAx><c:axId val="50010002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>` +
    `<c:axPos val="${horizontal ? 'b' : 'l'}"/><c:majorGridlines/><c:numFmt formatCode="#,##0" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>` +
    `<c:tickLblPos val="nextTo"/><c:crossAx val="50010001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>` +
    `</c:plotArea>${legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>`
  );
}

/** A drawing part holding one graphic frame per chart, each anchored at its ChartSpec's cell. */
export function drawingXml(specs: readonly ChartSpec[], chartRelIds: readonly string[]): string {
  const anchors = specs.map((spec, i) => {
    const id = i + 2;
    return (
      `<xdr:oneCellAnchor><xdr:from><xdr:col>${spec.anchor.col - 1}</xdr:col><xdr:colOff>0</xdr:colOff>` +
      `<xdr:row>${spec.anchor.row - 1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
      `<xdr:ext cx="${CHART_WIDTH_PX * EMU_PER_PX}" cy="${CHART_HEIGHT_PX * EMU_PER_PX}"/>` +
      `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${id}" name="${escapeXml(`teichaku ${spec.title}`)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
      `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">` +
      `<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="${NS_REL}" r:id="${chartRelIds[i]}"/>` +
      `</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:oneCellAnchor>`
    );
  });
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">${anchors.join('')}</xdr:wsDr>`
  );
}

// ---- putting drawings on sheets ----

/** Elements a worksheet may hold after <drawing>, in schema order (CT_Worksheet). */
const AFTER_DRAWING = [
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

/**
 * Points the sheet's drawing relationship at `drawingPart`: the one exceljs wrote is replaced (its
 * part is returned, to be dropped), or a <drawing> element is added where the schema wants it.
 */
function attachDrawing(parts: Map<string, Buffer>, sheetPart: string, drawingPart: string): { dropped: string | null } {
  const sheetXml = parts.get(sheetPart)?.toString('utf8');
  if (sheetXml === undefined) throw new Error(`xlsx: no part ${sheetPart}`);
  const relsName = relsPath(sheetPart);
  const rels = parts.has(relsName) ? parseRels(parts.get(relsName)!.toString('utf8')) : [];
  const target = relative(sheetPart, drawingPart);
  const existing = /<drawing\s+r:id="([^"]+)"\s*\/>/.exec(sheetXml);
  let dropped: string | null = null;
  let next: Rel[];
  let xml = sheetXml;
  if (existing) {
    const id = existing[1];
    next = rels.map((r) => {
      if (r.id !== id) return r;
      dropped = resolve(sheetPart, r.target);
      return { ...r, target };
    });
  } else {
    let n = rels.length + 1;
    while (rels.some((r) => r.id === `rId${n}`)) n++;
    const id = `rId${n}`;
    next = [...rels, { id, type: REL_DRAWING, target, external: false }];
    const element = `<drawing r:id="${id}"/>`;
    let at = -1;
    for (const name of AFTER_DRAWING) {
      const m = new RegExp(`<${name}[\\s>/]`).exec(xml);
      if (m) {
        at = m.index;
        break;
      }
    }
    if (at < 0) at = xml.lastIndexOf('</worksheet>');
    xml = xml.slice(0, at) + element + xml.slice(at);
    if (!/xmlns:r=/.test(xml.slice(0, xml.indexOf('>', xml.indexOf('<worksheet')))))
      xml = xml.replace(/<worksheet\b/, `<worksheet xmlns:r="${NS_REL}"`);
  }
  parts.set(sheetPart, Buffer.from(xml, 'utf8'));
  parts.set(relsName, Buffer.from(renderRels(next), 'utf8'));
  return { dropped };
}

/** A part exceljs wrote for a drawing we replace: the part and its rels go. */
function dropPart(parts: Map<string, Buffer>, types: ContentTypes, part: string | null): void {
  if (!part) return;
  parts.delete(part);
  parts.delete(relsPath(part));
  types.remove(part);
}

/** Whether a drawing part holds a chart (a graphic frame), not only pictures and shapes. */
function holdsChart(xml: string): boolean {
  return xml.includes('drawingml/2006/chart');
}

/**
 * Copies a part of the loaded book and every part it refers to (rels, recursively) under fresh names,
 * byte for byte but for the rels' targets. Returns the new name of `part`.
 */
function copyClosure(
  original: ReadonlyMap<string, ZipFile>,
  originalTypes: string,
  part: string,
  out: Map<string, Buffer>,
  types: ContentTypes,
  fresh: (part: string) => string,
  copied: Map<string, string>,
): string {
  const known = copied.get(part);
  if (known) return known;
  const file = original.get(part);
  if (!file) throw new Error(`xlsx: the loaded book refers to a missing part ${part}`);
  const name = fresh(part);
  copied.set(part, name);
  out.set(name, file.content());
  const ct = originalContentType(originalTypes, part);
  if (ct.override) types.override(name, ct.override);
  else if (ct.ext && ct.type) types.ensureDefault(ct.ext, ct.type);
  const relsFile = original.get(relsPath(part));
  if (relsFile) {
    const rels = parseRels(relsFile.content().toString('utf8')).map((r) => {
      if (r.external) return r;
      const child = copyClosure(original, originalTypes, resolve(part, r.target), out, types, fresh, copied);
      return { ...r, target: relative(name, child) };
    });
    out.set(relsPath(name), Buffer.from(renderRels(rels), 'utf8'));
  }
  return name;
}

/** Adds our charts and the loaded book's kept drawings to the parts exceljs rendered. */
export function addDrawings(rendered: readonly ZipPart[], plan: DrawingPlan): ZipPart[] {
  const wantsKept = plan.original !== null && plan.kept.size > 0;
  if (plan.ours.size === 0 && !wantsKept) return rendered.slice();
  if (plan.ours.size === 0 && !hasKeepable(plan.original ?? [])) return rendered.slice();
  const parts = new Map(rendered.map((p) => [p.name, p.data]));
  const order = rendered.map((p) => p.name);
  const read = (name: string) => parts.get(name)?.toString('utf8');
  const sheets = sheetParts(read);
  const types = new ContentTypes(read('[Content_Types].xml') ?? '');
  let serial = 0;
  const taken = new Set(parts.keys());
  const freshName = (folder: string, base: string): string => {
    let name: string;
    do name = `${folder}/teichaku${++serial}_${base}`;
    while (taken.has(name));
    taken.add(name);
    return name;
  };

  for (const [sheet, { charts, values }] of plan.ours) {
    const sheetPart = sheets.get(sheet);
    if (!sheetPart || charts.length === 0) continue;
    const drawing = freshName('xl/drawings', 'drawing.xml');
    const rels: Rel[] = [];
    charts.forEach((spec, i) => {
      const chart = freshName('xl/charts', 'chart.xml');
      parts.set(chart, Buffer.from(chartXml(sheet, spec, values), 'utf8'));
      types.override(chart, CT_CHART);
      rels.push({ id: `rId${i + 1}`, type: REL_CHART, target: relative(drawing, chart), external: false });
    });
    parts.set(
      drawing,
      Buffer.from(
        drawingXml(
          charts,
          rels.map((r) => r.id),
        ),
        'utf8',
      ),
    );
    parts.set(relsPath(drawing), Buffer.from(renderRels(rels), 'utf8'));
    types.override(drawing, CT_DRAWING);
    dropPart(parts, types, attachDrawing(parts, sheetPart, drawing).dropped);
  }

  if (wantsKept && plan.original) {
    const original = new Map(plan.original.map((f) => [f.name, f]));
    const readOriginal = (name: string) => original.get(name)?.content().toString('utf8');
    const originalTypes = readOriginal('[Content_Types].xml') ?? '';
    const originalSheets = sheetParts(readOriginal);
    const copied = new Map<string, string>();
    for (const sheet of plan.kept) {
      const from = originalSheets.get(sheet);
      const to = sheets.get(sheet);
      if (!from || !to) continue;
      // A worksheet has at most one drawing: found through its rels, without reading the (big) sheet.
      const relsXml = readOriginal(relsPath(from));
      if (!relsXml) continue;
      const rel = parseRels(relsXml).find((r) => r.type === REL_DRAWING && !r.external);
      if (!rel) continue;
      const drawingPart = resolve(from, rel.target);
      const drawingXmlText = readOriginal(drawingPart);
      if (!drawingXmlText || !holdsChart(drawingXmlText)) continue; // pictures only: exceljs keeps them itself
      const fresh = (part: string) => {
        const i = part.lastIndexOf('/');
        return freshName(part.slice(0, i), part.slice(i + 1));
      };
      const name = copyClosure(original, originalTypes, drawingPart, parts, types, fresh, copied);
      dropPart(parts, types, attachDrawing(parts, to, name).dropped);
    }
  }
  if (plan.original) keepTables(parts, sheets, plan);
  types.ensureDefault('rels', CT_RELS);
  parts.set('[Content_Types].xml', Buffer.from(types.render(), 'utf8'));
  const names = [...order.filter((n) => parts.has(n)), ...[...parts.keys()].filter((n) => !order.includes(n))];
  return names.map((name) => ({ name, data: parts.get(name)! }));
}

/** Whether the loaded book has parts addDrawings keeps (drawings with charts, tables). */
function hasKeepable(files: readonly ZipFile[]): boolean {
  return files.some((f) => /^xl\/(charts|tables)\//.test(f.name));
}

/** The table parts a sheet's rels name, by the table's displayName. */
function tablesOf(read: (name: string) => string | undefined, sheetPart: string): Map<string, string> {
  const out = new Map<string, string>();
  const rels = read(relsPath(sheetPart));
  if (!rels) return out;
  for (const r of parseRels(rels)) {
    if (r.type !== REL_TABLE || r.external) continue;
    const part = resolve(sheetPart, r.target);
    const xml = read(part);
    const tag = xml ? /<(?:\w+:)?table\b[^>]*>/.exec(xml)?.[0] : undefined;
    const name = tag ? attr(tag, 'displayName') : undefined;
    if (name !== undefined) out.set(name, part);
  }
  return out;
}

/**
 * Excel Tables (テーブル) of kept sheets, byte for byte as loaded. exceljs re-renders a loaded table
 * wrongly (headerRowCount="0", hidden filter buttons, calculated columns and their formats dropped), and
 * the product never changes a table: its part goes back as it was, where exceljs kept the table's
 * name and range, but for references to differential formats (see below). A table part with parts of its own (query tables) is left to exceljs.
 */
function keepTables(parts: Map<string, Buffer>, sheets: ReadonlyMap<string, string>, plan: DrawingPlan): void {
  const original = new Map((plan.original ?? []).map((f) => [f.name, f]));
  const readOriginal = (name: string) => original.get(name)?.content().toString('utf8');
  const read = (name: string) => parts.get(name)?.toString('utf8');
  const originalSheets = sheetParts(readOriginal);
  const refOf = (xml: string | undefined) => {
    const tag = xml ? /<(?:\w+:)?table\b[^>]*>/.exec(xml)?.[0] : undefined;
    return tag ? attr(tag, 'ref') : undefined;
  };
  for (const sheet of plan.kept) {
    const from = originalSheets.get(sheet);
    const to = sheets.get(sheet);
    if (!from || !to) continue;
    const before = tablesOf(readOriginal, from);
    if (before.size === 0) continue;
    for (const [name, part] of tablesOf(read, to)) {
      const source = before.get(name);
      if (!source || original.has(relsPath(source))) continue;
      const data = original.get(source)!.content();
      const xml = data.toString('utf8');
      if (refOf(xml) !== refOf(read(part))) continue;
      // Differential formats (dataDxfId…) index styles.xml's <dxfs>, which exceljs rebuilds from the
      // conditional formats alone: such an index would point at another style, or past the end (repair).
      const dxf = /\s(?:data|headerRow|totalsRow|headerRowBorder|tableBorder|totalsRowBorder)DxfId="\d+"/g;
      parts.set(part, dxf.test(xml) ? Buffer.from(xml.replace(dxf, ''), 'utf8') : data);
    }
  }
}

/**
 * Whether every chart of the loaded book sits in a drawing of a worksheet (so addDrawings can keep it);
 * false for chart sheets, or charts reached some other way.
 */
export function chartsKeepable(files: readonly ZipFile[]): boolean {
  const byName = new Map(files.map((f) => [f.name, f]));
  const read = (name: string) => byName.get(name)?.content().toString('utf8');
  const charts = files.filter((f) => /^xl\/charts\/[^/]+\.xml$/.test(f.name) && !f.name.includes('/_rels/'));
  if (charts.length === 0) return true;
  const reachable = new Set<string>();
  for (const sheetPart of sheetParts(read).values()) {
    const rels = read(relsPath(sheetPart));
    if (!rels) continue;
    for (const r of parseRels(rels)) {
      if (r.type !== REL_DRAWING || r.external) continue;
      const drawing = resolve(sheetPart, r.target);
      const drels = read(relsPath(drawing));
      if (!drels) continue;
      for (const c of parseRels(drels)) if (!c.external) reachable.add(resolve(drawing, c.target));
    }
  }
  // Style and colour parts of charts (chartStyle, chartColorStyle) live under xl/charts too.
  return charts.every((c) => reachable.has(c.name) || /\/(style|colors)\d*\.xml$/.test(c.name));
}
