// How the adapter loads and saves through exceljs, and the few places where it reaches into exceljs:
// one behaviour fix (validation ranges, always on) and speed-ups that are on only inside the adapter's
// own readXlsx/writeXlsx. Every speed-up gives byte for byte what exceljs itself gives (see
// test/xlsx.zip.test.ts and test/xlsx.render.test.ts); any other use of exceljs in the process is untouched.

import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';
import * as path from 'node:path';
import { zipFiles, zipParts, type ZipFile, type ZipPart } from './zip';

/* eslint-disable @typescript-eslint/no-require-imports */

/**
 * The speed-ups by name, for `npm run bench` to measure what each buys: a name listed in the
 * environment variable TEICHAKU_XLSX_PATCHES_OFF (comma-separated) is left off in that process.
 */
export const SPEEDUPS = ['emptyStyles', 'cells', 'reconcile', 'unzip', 'zip'] as const;
export type Speedup = (typeof SPEEDUPS)[number];
const off = new Set((process.env.TEICHAKU_XLSX_PATCHES_OFF ?? '').split(',').filter(Boolean));
const on = (name: Speedup): boolean => !off.has(name);

/** Greater than zero while the adapter's own save or load runs: the speed-ups below apply only then. */
let fastSaves = 0;
let fastLoads = 0;

// ---- Validation ranges (behaviour fix, always on) ----
// exceljs expands every loaded validation range into one entry per cell and, on save, squeezes them back
// with a sort that yields overlapping ranges (exceljs issue #2820; Excel rejects overlaps, LibreOffice keeps
// only the first). Keeping each loaded range as one entry makes a load + save give back exactly the ranges
// the user had, and a whole-column validation costs one entry instead of a million.
const DataValidationsXform = require('exceljs/lib/xlsx/xform/sheet/data-validations-xform') as {
  prototype: { parseClose(this: ValidationParser, name: string): boolean; __teichaku?: boolean };
};
interface ValidationParser {
  _address: string;
  _dataValidation: { formulae?: unknown[]; operator?: unknown };
  model: Record<string, unknown>;
}
const validationProto = DataValidationsXform.prototype;
if (!validationProto.__teichaku) {
  const parseClose = validationProto.parseClose;
  validationProto.parseClose = function (name: string): boolean {
    if (name !== 'dataValidation') return parseClose.call(this, name);
    const dv = this._dataValidation;
    if (!dv.formulae || !dv.formulae.length) {
      delete dv.formulae;
      delete dv.operator;
    }
    for (const ref of String(this._address ?? '').split(/\s+/)) if (ref) this.model[ref] = dv;
    return true;
  };
  validationProto.__teichaku = true;
}

// ---- Empty styles ----
// On save exceljs looks a cell's style up by object identity and otherwise renders it to XML to find its
// id. Every unstyled cell it loads gets a fresh `{}`, so a big sheet renders hundreds of thousands of
// identical empty styles. An empty style's id depends only on the cell type: remember it per type.
const StylesXform = require('exceljs/lib/xlsx/xform/style/styles-xform') as {
  prototype: { addStyleModel(this: StyleManager, model: object | undefined, cellType?: number): number };
};
interface StyleManager {
  weakMap?: WeakMap<object, number>;
  __teichakuEmpty?: Map<number | undefined, number>;
}
const stylesProto = StylesXform.prototype as typeof StylesXform.prototype & { __teichaku?: boolean };
if (!stylesProto.__teichaku && on('emptyStyles')) {
  const addStyleModel = stylesProto.addStyleModel;
  stylesProto.addStyleModel = function (model, cellType) {
    if (fastSaves === 0 || !model || !this.weakMap || !isEmptyObject(model))
      return addStyleModel.call(this, model, cellType);
    const ids = (this.__teichakuEmpty ??= new Map());
    let id = ids.get(cellType);
    if (id === undefined) ids.set(cellType, (id = addStyleModel.call(this, model, cellType)));
    return id;
  };
  stylesProto.__teichaku = true;
}

function isEmptyObject(o: object): boolean {
  for (const key in o) if (Object.prototype.hasOwnProperty.call(o, key)) return false;
  return true;
}

// ---- Cells ----
// exceljs renders a cell as a dozen small strings (each tag, attribute and bracket pushed on its own) and
// joins them all at the end; for a big sheet that and the garbage it makes are most of the save. The
// common cells (empty but styled, number, shared string, date, boolean) are rendered here as one string,
// the same characters exceljs would write; every other cell goes to exceljs' own renderer.
interface XmlStreamInternals {
  _xml: string[];
  open: boolean;
  leaf: boolean;
}
interface CellModel {
  type: number;
  address: string;
  styleId?: number;
  value?: unknown;
  ssId?: number;
  date1904?: boolean;
}
const CellXform = require('exceljs/lib/xlsx/xform/sheet/cell-xform') as {
  prototype: { render(xmlStream: XmlStreamInternals, model: CellModel, options?: unknown): void; __teichaku?: boolean };
};
const xlsxUtils = require('exceljs/lib/utils/utils') as { dateToExcel(d: Date, date1904?: boolean): number };
const { ValueType } = require('exceljs/lib/doc/enums') as { ValueType: Record<string, number> };
const cellProto = CellXform.prototype;
if (!cellProto.__teichaku && on('cells')) {
  const render = cellProto.render;
  cellProto.render = function (xmlStream, model, options) {
    if (fastSaves === 0) return render.call(this, xmlStream, model, options);
    let rest: string;
    switch (model.type) {
      case ValueType.Null:
        if (!model.styleId) return;
        rest = '/>';
        break;
      case ValueType.Number:
        if (typeof model.value !== 'number') return render.call(this, xmlStream, model, options);
        rest = `><v>${model.value}</v></c>`;
        break;
      case ValueType.String:
      case ValueType.RichText:
        if (typeof model.ssId !== 'number') return render.call(this, xmlStream, model, options);
        rest = ` t="s"><v>${model.ssId}</v></c>`;
        break;
      case ValueType.Date:
        if (!(model.value instanceof Date)) return render.call(this, xmlStream, model, options);
        rest = `><v>${xlsxUtils.dateToExcel(model.value, model.date1904)}</v></c>`;
        break;
      case ValueType.Boolean:
        rest = ` t="b"><v>${model.value ? '1' : '0'}</v></c>`;
        break;
      default:
        return render.call(this, xmlStream, model, options);
    }
    // As exceljs' openNode: close the open <row …> tag first. Cell addresses and style ids need no escaping.
    const xml = xmlStream._xml;
    if (xmlStream.open) xml.push('>');
    xml.push(model.styleId ? `<c r="${model.address}" s="${model.styleId}"${rest}` : `<c r="${model.address}"${rest}`);
    xmlStream.open = false;
    xmlStream.leaf = false;
  };
  cellProto.__teichaku = true;
}

// ---- Reading cells ----
// After parsing, exceljs settles each cell (style, shared string, date, hyperlink, note). It looks the
// cell's address up in two per-sheet objects; with addresses fresh from the parser each lookup costs as
// much as the rest, so on the adapter's load this is the same code with those lookups in Maps.
interface ParsedCell {
  type: number;
  address: string;
  styleId?: number;
  style?: object;
  value?: unknown;
  result?: unknown;
  text?: unknown;
  hyperlink?: unknown;
  comment?: unknown;
  shareType?: string;
  ref?: string;
  si?: number;
  sharedFormula?: string;
}
interface ReconcileOptions {
  styles?: { getStyleModel(id: number): { numFmt?: string } | null };
  sharedStrings?: { getString(index: number): unknown };
  date1904?: boolean;
  formulae: Record<string, unknown>;
  hyperlinkMap: Record<string, unknown>;
  commentsMap?: Record<string, unknown>;
}
const cellReconcileProto = CellXform.prototype as unknown as {
  reconcile(this: unknown, model: ParsedCell, options: ReconcileOptions): void;
  __teichakuReconcile?: boolean;
};
const excelToDate = (xlsxUtils as unknown as { excelToDate(v: unknown, date1904?: boolean): Date }).excelToDate;
const isDateFmt = (() => {
  const original = (xlsxUtils as unknown as { isDateFmt(fmt: string | undefined): boolean }).isDateFmt;
  const known = new Map<string | undefined, boolean>();
  return (fmt: string | undefined): boolean => {
    let v = known.get(fmt);
    if (v === undefined) known.set(fmt, (v = original(fmt)));
    return v;
  };
})();
const asMaps = new WeakMap<object, Map<string, unknown>>();
function lookUp(table: Record<string, unknown> | undefined, key: string): unknown {
  if (!table) return undefined;
  let map = asMaps.get(table);
  if (!map) asMaps.set(table, (map = new Map(Object.entries(table))));
  return map.size ? map.get(key) : undefined;
}
if (!cellReconcileProto.__teichakuReconcile && on('reconcile')) {
  const reconcile = cellReconcileProto.reconcile;
  cellReconcileProto.reconcile = function (model, options) {
    if (fastLoads === 0) return reconcile.call(this, model, options);
    // From here on exceljs 4.4.0's CellXform.reconcile, but for the two lookUp calls.
    const style = model.styleId && options.styles && options.styles.getStyleModel(model.styleId);
    if (style) model.style = style;
    if (model.styleId !== undefined) model.styleId = undefined;
    switch (model.type) {
      case ValueType.String:
        if (typeof model.value === 'number' && options.sharedStrings)
          model.value = options.sharedStrings.getString(model.value);
        if ((model.value as { richText?: unknown }).richText) model.type = ValueType.RichText;
        break;
      case ValueType.Number:
        if (style && isDateFmt(style.numFmt)) {
          model.type = ValueType.Date;
          model.value = excelToDate(model.value, options.date1904);
        }
        break;
      case ValueType.Formula:
        if (model.result !== undefined && style && isDateFmt(style.numFmt))
          model.result = excelToDate(model.result, options.date1904);
        if (model.shareType === 'shared') {
          if (model.ref) options.formulae[model.si as number] = model.address;
          else {
            model.sharedFormula = options.formulae[model.si as number] as string;
            delete model.shareType;
          }
          delete model.si;
        }
        break;
      default:
        break;
    }
    const hyperlink = lookUp(options.hyperlinkMap, model.address);
    if (hyperlink) {
      if (model.type === ValueType.Formula) {
        model.text = model.result;
        model.result = undefined;
      } else {
        model.text = model.value;
        model.value = undefined;
      }
      model.type = ValueType.Hyperlink;
      model.hyperlink = hyperlink;
    }
    const comment = lookUp(options.commentsMap, model.address);
    if (comment) model.comment = comment;
  };
  cellReconcileProto.__teichakuReconcile = true;
}

// ---- Unzipping ----
// exceljs' load unzips with JSZip (pure-JS inflate, chunked decoding). A buffer the adapter loads is
// registered here and given to exceljs as an object with JSZip's `files` and `async()`, unzipped by zlib.
const JSZip = require(require.resolve('jszip', { paths: [path.dirname(require.resolve('exceljs/package.json'))] })) as {
  loadAsync(data: unknown, options?: unknown): Promise<unknown>;
  __teichaku?: boolean;
};
const nativeZips = new WeakMap<object, ZipFile[]>();
if (!JSZip.__teichaku) {
  const loadAsync = JSZip.loadAsync;
  JSZip.loadAsync = function (this: unknown, data: unknown, options?: unknown): Promise<unknown> {
    const files = typeof data === 'object' && data !== null ? nativeZips.get(data) : undefined;
    if (!files) return loadAsync.call(this, data, options);
    const byName: Record<string, unknown> = {};
    for (const f of files) {
      byName[f.name] = {
        name: f.name,
        dir: f.name.endsWith('/'),
        async: (type: string) =>
          Promise.resolve().then(() => (type === 'string' ? f.content().toString('utf8') : f.content())),
      };
    }
    return Promise.resolve({ files: byName });
  };
  JSZip.__teichaku = true;
}

// ---- Zip ----
// exceljs' save renders each part and appends it to a JSZip-based writer it creates from `options.zip`.
// When that option carries NATIVE_ZIP, the parts are collected and zipped by zip.ts instead.
const NATIVE_ZIP = Symbol('teichaku.nativeZip');
interface ZipDone {
  readonly done: (zip: Buffer) => void;
  /** Changes to the rendered parts before they are zipped (charts, see drawings.ts). */
  readonly finish: (parts: ZipPart[]) => ZipPart[];
}
const ZipStream = require('exceljs/lib/utils/zip-stream') as {
  ZipWriter: new (options?: Record<PropertyKey, unknown>) => object;
  __teichaku?: boolean;
};

/** What exceljs' XLSX.write uses of its zip writer: pipe, append, finalize, then 'finish' or 'error'. */
class PartCollector extends EventEmitter {
  private readonly parts: ZipPart[] = [];

  constructor(private readonly done: ZipDone) {
    super();
  }

  /** The zip is handed to `done`, not streamed. */
  pipe(): void {}

  append(data: string | Uint8Array, options: { name: string; base64?: boolean }): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, options.base64 ? 'base64' : 'utf8') : Buffer.from(data);
    this.parts.push({ name: options.name, data: bytes });
  }

  finalize(): void {
    Promise.resolve()
      .then(() => (on('zip') ? zipParts : zipWithJsZip)(this.done.finish(this.parts)))
      .then(
        (zip) => {
          this.done.done(zip);
          this.emit('finish');
        },
        (e: unknown) => this.emit('error', e),
      );
  }
}

/** The parts zipped as exceljs itself zips them (JSZip, DEFLATE), for measuring what zip.ts buys. */
async function zipWithJsZip(parts: readonly ZipPart[]): Promise<Buffer> {
  const zip = new (
    JSZip as unknown as new () => {
      file(name: string, data: Buffer): void;
      generateAsync(o: object): Promise<Buffer>;
    }
  )();
  for (const p of parts) zip.file(p.name, p.data);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}

if (!ZipStream.__teichaku) {
  const Original = ZipStream.ZipWriter;
  ZipStream.ZipWriter = function ZipWriter(options?: Record<PropertyKey, unknown>): object {
    const done = options?.[NATIVE_ZIP] as ZipDone | undefined;
    return done ? new PartCollector(done) : new Original(options);
  } as unknown as typeof ZipStream.ZipWriter;
  ZipStream.__teichaku = true;
}

/* eslint-enable @typescript-eslint/no-require-imports */

/** Loads a book into the workbook, unzipped by zlib (see above). */
export async function readXlsx(
  workbook: ExcelJS.Workbook,
  data: Buffer,
  files: ZipFile[] | null = zipFiles(data),
): Promise<void> {
  // A zip zip.ts cannot read is left to JSZip, as a plain exceljs load would.
  if (files && on('unzip')) nativeZips.set(data, files);
  fastLoads++;
  try {
    // exceljs' typings declare their own Buffer; the runtime takes a Node Buffer.
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } finally {
    fastLoads--;
    nativeZips.delete(data);
  }
}

/** The workbook as .xlsx bytes: exceljs renders the parts, zip.ts zips them. */
export async function writeXlsx(
  workbook: ExcelJS.Workbook,
  finish: (parts: ZipPart[]) => ZipPart[] = (parts) => parts,
): Promise<Buffer> {
  let zip: Buffer | undefined;
  const options = { zip: { [NATIVE_ZIP]: { done: (z: Buffer) => (zip = z), finish } } };
  fastSaves++;
  try {
    await workbook.xlsx.write(new PassThrough(), options as unknown as Partial<ExcelJS.XlsxWriteOptions>);
  } finally {
    fastSaves--;
  }
  if (!zip) throw new Error('exceljs finished without a zip');
  return zip;
}
