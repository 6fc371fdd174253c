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
export const SPEEDUPS = ['emptyStyles', 'unzip', 'zip'] as const;
export type Speedup = (typeof SPEEDUPS)[number];
const off = new Set((process.env.TEICHAKU_XLSX_PATCHES_OFF ?? '').split(',').filter(Boolean));
const on = (name: Speedup): boolean => !off.has(name);

// Measured by npm run bench (fresh processes, medians of 5; load / save of a sample book at 500, 5,000 and
// 50,000 cases, seconds gained by each speed-up): empty styles save 0.13 / 0.29 / 3.7, zip save 0.18 /
// 0.30 / 2.5, unzip load ~0 / 0.13 / 1.7. Two earlier speed-ups were removed as not paying at realistic
// sizes: rendering common cells ourselves (0.15 / 0.27 / 1.4) and a copy of exceljs' cell reconcile with
// Map lookups (0.04 / 0.05 / 2.9); `teichaku all` stays within 1.2× of the exceljs floor without them.

/** Greater than zero while the adapter's own save runs: the empty-styles speed-up applies only then. */
let fastSaves = 0;

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
  try {
    // exceljs' typings declare their own Buffer; the runtime takes a Node Buffer.
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } finally {
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
