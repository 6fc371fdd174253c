// A look at a file before any heavy work: what it is (an .xlsx, an old .xls, an encrypted or macro
// book, an OpenDocument or CSV file, a damaged or truncated zip) and whether it is within the sizes the
// product supports. Only the zip's central directory and the worksheets' XML are read (scanned as bytes,
// never parsed into objects), so a book far beyond the limits is refused in a fraction of a second
// instead of filling the memory. Every refusal is a Japanese sentence that says what the file is and
// what to do.

import { posix } from 'node:path';
import * as zlib from 'node:zlib';
import { unescapeText } from './xml';
import { inflateOptions } from './zip';

/** The sizes the CLI supports (stated in the README's command-line section). */
export const LIMITS = {
  /** The file itself. */
  fileBytes: 100 * 1024 * 1024,
  /** All parts unzipped: guards against a small file that unpacks to gigabytes. */
  unpackedBytes: 1024 * 1024 * 1024,
  /** The last row holding a value, on any tab. */
  rows: 200_000,
  /** Cells on one tab: cells stored in the file, and the used range (last row × last column holding values). */
  cells: 5_000_000,
  /** Merged ranges on one tab. */
  mergedRanges: 10_000,
} as const;

/** The file is not something the product can read (or not at this size); the message is Japanese. */
export class BookRefusal extends Error {}

function q(file: string): string {
  return `「${file}」`;
}

function n(value: number): string {
  return value.toLocaleString('en-US');
}

const NOT_READ = 'を Excel ファイル（.xlsx）として読み込めませんでした。';

/** For a file that is damaged or cut short (the words a user sees for any unreadable .xlsx). */
export function damagedMessage(file: string): string {
  return (
    `${q(file)}${NOT_READ}ファイルが壊れているか、途中までしか保存されていません。` +
    `Excel で開ける場合は、開いてから保存し直してください。開けない場合は、バックアップや以前のコピーから戻してください。`
  );
}

const SAVE_AS_XLSX =
  'Excel で開き、［名前を付けて保存］で「Excel ブック (*.xlsx)」を選んで保存したファイルを指定してください。';

function refuse(file: string, what: string): never {
  throw new BookRefusal(`${q(file)}${NOT_READ}${what}`);
}

function tooBig(file: string, what: string): never {
  throw new BookRefusal(
    `${q(file)} は teichaku で扱える大きさを超えているため、処理しません（${what}）。` +
      `扱える大きさ: データのある行 ${n(LIMITS.rows)} 行・1 タブ ${n(LIMITS.cells)} セル・結合セル 1 タブ ${n(LIMITS.mergedRanges)} 個・ファイル ${LIMITS.fileBytes / 1024 / 1024} MB まで。`,
  );
}

/** Refuses a file larger than the limit, from its size alone (before it is read). */
export function checkFileSize(file: string, size: number): void {
  if (size > LIMITS.fileBytes)
    tooBig(file, `ファイルの大きさ ${(size / 1024 / 1024).toFixed(0)} MB。年度ごとに分けるなどして小さくしてください`);
}

// ---- The zip directory ----

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

interface Entry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

/** The central directory, or null when it is missing or inconsistent (a damaged or truncated zip). */
function zipDirectory(data: Buffer): Entry[] | null {
  let eocd = -1;
  for (let i = data.length - 22, min = Math.max(0, data.length - 22 - 0xffff); i >= min; i--) {
    if (data.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = data.readUInt16LE(eocd + 10);
  const dirSize = data.readUInt32LE(eocd + 12);
  let p = data.readUInt32LE(eocd + 16);
  if (p === 0xffffffff || count === 0xffff) return null; // zip64: far beyond the file-size limit anyway
  if (p + dirSize > eocd) return null;
  const out: Entry[] = [];
  for (let k = 0; k < count; k++) {
    if (p + 46 > data.length || data.readUInt32LE(p) !== CENTRAL) return null;
    const nameLen = data.readUInt16LE(p + 28);
    const entry: Entry = {
      flags: data.readUInt16LE(p + 8),
      method: data.readUInt16LE(p + 10),
      compressedSize: data.readUInt32LE(p + 20),
      size: data.readUInt32LE(p + 24),
      localOffset: data.readUInt32LE(p + 42),
      name: data.toString('utf8', p + 46, p + 46 + nameLen),
    };
    if (entry.localOffset + 30 > data.length || data.readUInt32LE(entry.localOffset) !== LOCAL) return null;
    out.push(entry);
    p += 46 + nameLen + data.readUInt16LE(p + 30) + data.readUInt16LE(p + 32);
  }
  return out;
}

function entryData(data: Buffer, e: Entry): Buffer | null {
  const start = e.localOffset + 30 + data.readUInt16LE(e.localOffset + 26) + data.readUInt16LE(e.localOffset + 28);
  if (start + e.compressedSize > data.length) return null;
  const raw = data.subarray(start, start + e.compressedSize);
  try {
    if (e.method === 0) return raw;
    if (e.method === 8)
      return zlib.inflateRawSync(raw, { ...inflateOptions(e.size), maxOutputLength: Math.max(1, e.size) });
  } catch {
    return null;
  }
  return null;
}

// ---- OLE2 (Compound File) ----

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** The stream and storage names of a compound file, from its directory entries (UTF-16 names). */
function ole2Names(data: Buffer): Set<string> {
  const names = new Set<string>();
  if (data.length < 512) return names;
  const sectorSize = 1 << data.readUInt16LE(0x1e);
  if (sectorSize !== 512 && sectorSize !== 4096) return names;
  // The FAT sectors listed in the header (enough for files up to ~7 MB; beyond, the scan below).
  const fat: number[] = [];
  const fatSectors = data.readUInt32LE(0x2c);
  for (let i = 0; i < Math.min(fatSectors, 109); i++) {
    const s = data.readUInt32LE(0x4c + i * 4);
    const off = (s + 1) * sectorSize;
    for (let j = 0; j < sectorSize / 4 && off + j * 4 + 4 <= data.length; j++) fat.push(data.readUInt32LE(off + j * 4));
  }
  const seen = new Set<number>();
  for (let s = data.readUInt32LE(0x30); s < 0xfffffffa && !seen.has(s); s = fat[s] ?? 0xfffffffe) {
    seen.add(s);
    const off = (s + 1) * sectorSize;
    for (let e = off; e + 128 <= Math.min(off + sectorSize, data.length); e += 128) {
      const len = data.readUInt16LE(e + 0x40);
      if (len >= 2 && len <= 64) names.add(data.toString('utf16le', e, e + len - 2));
    }
  }
  if (names.size === 0) {
    // A directory we could not follow: look for the names that tell what the file is.
    for (const name of ['EncryptionInfo', 'EncryptedPackage', 'Workbook', 'Book', 'WordDocument'])
      if (data.includes(Buffer.from(name, 'utf16le'))) names.add(name);
  }
  return names;
}

function checkOle2(file: string, data: Buffer): never {
  const names = ole2Names(data);
  if (names.has('EncryptedPackage') || names.has('EncryptionInfo'))
    refuse(
      file,
      'パスワードで保護（暗号化）された Excel ファイルです。teichaku はパスワード付きのファイルを開けません。' +
        'Excel で開き、［ファイル］→［情報］→［ブックの保護］→［パスワードを使用して暗号化］でパスワードを消して保存したコピーを指定してください（個人情報を含むので、コピーの置き場所に気をつけてください）。',
    );
  if (names.has('Workbook') || names.has('Book'))
    refuse(
      file,
      `古い Excel 形式（.xls、Excel 97-2003）のファイルです。teichaku は .xlsx だけを読みます。${SAVE_AS_XLSX}`,
    );
  if (names.has('WordDocument'))
    refuse(file, 'Word の文書（.doc）です。台帳の Excel ファイル（.xlsx）を指定してください。');
  refuse(file, `Excel ブック（.xlsx）ではない、古い Office 形式のファイルです。${SAVE_AS_XLSX}`);
}

// ---- Other kinds of file ----

function checkNotZip(file: string, data: Buffer): never {
  if (data.length === 0)
    refuse(
      file,
      'ファイルが空（0 バイト）です。途中までしか保存されていないか、コピーに失敗したファイルです。バックアップや以前のコピーから戻してください。',
    );
  if (data.subarray(0, 5).toString('latin1') === '%PDF-')
    refuse(file, 'PDF ファイルです。台帳の Excel ファイル（.xlsx）を指定してください。');
  const head = data
    .subarray(0, 4096)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  if (/^\s*<\?xml/.test(head) && head.includes('urn:schemas-microsoft-com:office:spreadsheet'))
    refuse(file, `「XML スプレッドシート 2003」形式のファイルです。${SAVE_AS_XLSX}`);
  if (/^\s*<(!doctype html|html|table)/i.test(head))
    refuse(file, `Web ページ（HTML）形式のファイルです（拡張子が .xls でも中身は HTML です）。${SAVE_AS_XLSX}`);
  const sample = data.subarray(0, 4096);
  const binary = sample.some((b) => b === 0 || (b < 0x09 && b !== 0x1b));
  if (!binary && (head.includes(',') || head.includes('\t')))
    refuse(file, `CSV（カンマ・タブ区切りのテキスト）ファイルです。${SAVE_AS_XLSX}`);
  if (!binary) refuse(file, `テキストファイルです。${SAVE_AS_XLSX}`);
  throw new BookRefusal(damagedMessage(file));
}

// ---- Worksheet scan ----

/** What a worksheet's XML holds, counted on its bytes. */
export interface SheetMeasure {
  /** The last row holding a value (0 when none). */
  readonly lastRow: number;
  /** The last column holding a value (1-based; 0 when none); computed only when needed for the cells limit. */
  readonly lastColumn: number;
  /** `<c>` elements stored (with or without a value). */
  readonly storedCells: number;
  readonly mergedRanges: number;
}

function countOf(xml: Buffer, token: Buffer): number {
  let count = 0;
  for (let i = xml.indexOf(token); i >= 0; i = xml.indexOf(token, i + token.length)) count++;
  return count;
}

function columnNumber(letters: string): number {
  let c = 0;
  for (const ch of letters) c = c * 26 + (ch.charCodeAt(0) - 64);
  return c;
}

/** The prefix of the SpreadsheetML namespace on the root element ('' for the usual default namespace). */
function rootPrefix(xml: Buffer): string {
  const head = xml.subarray(0, 4096).toString('latin1');
  const m = /<([A-Za-z_][\w.-]*:)?worksheet[\s>]/.exec(head);
  return m?.[1] ?? '';
}

/**
 * Plain text of a string item or an inline string (its <t> runs, phonetic readings left out), as the
 * reader (xlsxWorkbook.ts richText) takes it.
 */
function itemText(xml: string): string {
  const bare = xml.includes('<rPh') ? xml.replace(/<(?:[\w.-]+:)?rPh\b[\s\S]*?<\/(?:[\w.-]+:)?rPh>/g, '') : xml;
  let out = '';
  for (const m of bare.matchAll(/<(?:[\w.-]+:)?t(?:\s[^>]*)?>([^<]*)<\/(?:[\w.-]+:)?t>/g)) out += m[1];
  return unescapeText(out);
}

/** Text that is not data to the reader: empty, or spaces only (full-width and other white space too). */
function blankText(text: string): boolean {
  return text.trim() === '';
}

/**
 * Which shared strings (by index) are blank: read from the shared-strings part the first time a cell
 * asks, so that a book whose last rows hold numbers never reads it.
 */
export function blankSharedStrings(xml: () => Buffer | null | undefined): (index: number) => boolean {
  let blank: boolean[] | undefined;
  return (index) => {
    if (!blank) {
      blank = [];
      const text = xml()?.toString('utf8') ?? '';
      for (const m of text.matchAll(/<(?:[\w.-]+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?si>)/g))
        blank.push(m[1] ? blankText(itemText(m[1])) : true);
    }
    return blank[index] ?? true;
  };
}

/**
 * Whether a cell (its attributes and content) holds a value the reader sees: text of spaces only, an
 * empty shared string or a number that is not one is no value, as in xlsxWorkbook.ts decode.
 */
function cellHasValue(attrs: string, inner: string, blankShared: (index: number) => boolean): boolean {
  const t = /\st="([^"]*)"/.exec(attrs)?.[1] ?? 'n';
  if (t === 'inlineStr') return !blankText(itemText(inner));
  const v = /<(?:[\w.-]+:)?v(?:\s[^>]*)?>([^<]*)<\/(?:[\w.-]+:)?v>/.exec(inner)?.[1];
  // A formula saved without its result is read as its text.
  if (v === undefined) return /<(?:[\w.-]+:)?f(?:\s[^>]*)?>[^<]+</.test(inner);
  switch (t) {
    case 's':
      return !blankShared(Number(v));
    case 'str':
      return !blankText(unescapeText(v));
    case 'b':
    case 'e':
    case 'd':
      return true;
    default:
      return v.trim() !== '' && Number.isFinite(Number(v));
  }
}

/** The cells (attributes, content) of some worksheet XML with the namespace prefix `p`; self-closed ones skipped. */
function* cellsOf(text: string, p: string): Generator<RegExpMatchArray> {
  const cell = new RegExp(`<${p}c\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${p}c>)`, 'g');
  for (const m of text.matchAll(cell)) if (m[2] !== undefined) yield m;
}

/**
 * Counts rows, cells and merged ranges of one worksheet XML without parsing it. The last row and
 * column are those holding a value as the reader sees it: a cell of spaces only is not data.
 * `blankShared` says which shared strings are blank (see blankSharedStrings; default: none).
 */
export function measureSheet(
  xml: Buffer,
  dimensionColumnsLimit: number = LIMITS.cells,
  blankShared: (index: number) => boolean = () => false,
): SheetMeasure {
  const p = rootPrefix(xml);
  const tok = (s: string): Buffer =>
    Buffer.from(s.startsWith('</') ? '</' + p + s.slice(2) : '<' + p + s.slice(1), 'latin1');
  const rowOpen = tok('<row');
  const values = [tok('<v>'), tok('<v '), tok('<is>'), tok('<f>'), tok('<f ')];
  const storedCells = countOf(xml, tok('<c ')) + countOf(xml, tok('<c>'));
  const mergedRanges = countOf(xml, tok('<mergeCell ')) + countOf(xml, tok('<mergeCell>'));
  const hasValue = (m: RegExpMatchArray): boolean => cellHasValue(m[1], m[2]!, blankShared);

  // The last row holding a value: walk back from the end, row by row, skipping rows of formatting only
  // (and rows whose values are all blank text).
  let lastRow = 0;
  let end = xml.length;
  const sheetDataEnd = xml.lastIndexOf(tok('</sheetData>'));
  if (sheetDataEnd >= 0) end = sheetDataEnd;
  for (let i = xml.lastIndexOf(rowOpen, end); i >= 0; i = xml.lastIndexOf(rowOpen, end - 1)) {
    const next = xml[i + rowOpen.length];
    if (next !== 0x20 && next !== 0x3e && next !== 0x09 && next !== 0x0a && next !== 0x0d && next !== 0x2f) {
      end = i; // <rowBreaks> and such
      if (i === 0) break;
      continue;
    }
    const segment = xml.subarray(i, end);
    if (values.some((v) => segment.includes(v)) && [...cellsOf(segment.toString('utf8'), p)].some(hasValue)) {
      const tag = xml.subarray(i, Math.min(i + 200, end)).toString('latin1');
      const r = /\sr="(\d+)"/.exec(tag.slice(0, tag.indexOf('>') + 1));
      // Without row numbers, rows are numbered in order: count them.
      lastRow = r ? Number(r[1]) : countOf(xml.subarray(0, i + rowOpen.length), rowOpen);
      break;
    }
    end = i;
    if (i === 0) break;
  }

  let lastColumn = 0;
  if (lastRow > 0 && lastRow * 16384 > dimensionColumnsLimit) {
    // Only when the rows times the widest possible row could pass the limit: find the last column with a value.
    for (const m of cellsOf(xml.toString('utf8'), p)) {
      const r = /\sr="([A-Z]{1,3})\d+"/.exec(m[1]);
      if (!r || !/<(?:[\w.-]+:)?(?:v|is|f)\b/.test(m[2]!)) continue;
      const column = columnNumber(r[1]);
      if (column > lastColumn && hasValue(m)) lastColumn = column;
    }
  }
  return { lastRow, lastColumn, storedCells, mergedRanges };
}

/**
 * Tab names by worksheet part, read from the workbook part and its relationships (for messages);
 * `broken` when a tab the workbook lists has no relationship or no part (a damaged package).
 */
function sheetNames(data: Buffer, entries: readonly Entry[]): { names: Map<string, string>; broken: boolean } {
  const names = new Map<string, string>();
  const find = (name: string): Entry | undefined => entries.find((e) => e.name === name);
  const wb = find('xl/workbook.xml');
  const rels = find('xl/_rels/workbook.xml.rels');
  const wbXml = wb && entryData(data, wb)?.toString('utf8');
  const relXml = rels && entryData(data, rels)?.toString('utf8');
  const listed = wbXml ? [...wbXml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)] : [];
  if (!wbXml || !relXml) return { names, broken: !wbXml || listed.length > 0 };
  const parts = new Set(entries.map((e) => e.name));
  let broken = false;
  const targets = new Map<string, string>();
  for (const m of relXml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    if (id && target)
      targets.set(id, target.startsWith('/') ? target.slice(1) : posix.normalize('xl/' + decodeURIComponent(target)));
  }
  for (const m of listed) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const id = /\br:id="([^"]+)"/.exec(m[0])?.[1] ?? /\b\w+:id="([^"]+)"/.exec(m[0])?.[1];
    const target = id && targets.get(id);
    if (!target || !parts.has(target)) broken = true;
    if (name !== undefined && target)
      names.set(
        target,
        name
          .replace(/&amp;/g, '&')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&apos;/g, "'"),
      );
  }
  return { names, broken };
}

/** What kind of book an .xlsx-like zip is. */
export interface Inspection {
  /** Part names in the zip. */
  readonly parts: readonly string[];
  /** Tabs and their measures, in part order. */
  readonly sheets: readonly ({ readonly tab: string } & SheetMeasure)[];
}

/**
 * Looks at the file's bytes and refuses (BookRefusal) anything but an .xlsx within the limits:
 * the refusal says what the file is (damaged, .xls, encrypted, macro, .ods, CSV…) and what to do.
 */
/**
 * A sheet whose XML is cut or lost a closing tag: the editor patches sheets without a full XML
 * parse, so a sheet must at least close its cell table and itself (any namespace prefix).
 */
function wellClosed(xml: Buffer): boolean {
  const tail = xml
    .subarray(Math.max(0, xml.length - 64))
    .toString('latin1')
    .trimEnd();
  if (!/<\/(?:[\w.-]+:)?worksheet>$/.test(tail)) return false;
  // Found on the bytes: each place the name occurs, its tag read alone (a big sheet is never made text).
  const name = Buffer.from('sheetData', 'latin1');
  const tagAt = (i: number, re: RegExp): RegExpExecArray | null => {
    const lt = xml.lastIndexOf(0x3c, i);
    const gt = xml.indexOf(0x3e, i);
    return lt < 0 || gt < 0 ? null : re.exec(xml.toString('latin1', lt, gt + 1));
  };
  for (let i = xml.indexOf(name); i >= 0; i = xml.indexOf(name, i + 1)) {
    const open = tagAt(i, /^<(?:[\w.-]+:)?sheetData(?:\s[^>]*)?(\/)?>$/);
    if (!open) continue;
    if (open[1] === '/') return true;
    for (let j = xml.indexOf(name, i + 1); j >= 0; j = xml.indexOf(name, j + 1))
      if (tagAt(j, /^<\/(?:[\w.-]+:)?sheetData>$/)) return true;
    return false;
  }
  return false;
}

export function inspectBook(file: string, data: Buffer): Inspection {
  checkFileSize(file, data.length);
  if (data.subarray(0, 8).equals(OLE2)) checkOle2(file, data);
  const isZip = data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && (data[2] === 3 || data[2] === 5);
  if (!isZip) checkNotZip(file, data);
  const entries = zipDirectory(data);
  if (!entries) throw new BookRefusal(damagedMessage(file));
  const names = new Set(entries.map((e) => e.name));
  if (names.has('mimetype') && names.has('content.xml')) {
    const mime =
      entryData(
        data,
        entries.find((e) => e.name === 'mimetype')!,
      )?.toString('latin1') ?? '';
    if (mime.includes('spreadsheet'))
      refuse(
        file,
        `LibreOffice などの OpenDocument 形式（.ods）のファイルです。LibreOffice で開き、［名前を付けて保存］で「Excel 2007-365 (.xlsx)」を選んで保存したファイルを指定してください。`,
      );
    refuse(
      file,
      'OpenDocument 形式（LibreOffice の文書など）のファイルです。台帳の Excel ファイル（.xlsx）を指定してください。',
    );
  }
  if (names.has('word/document.xml'))
    refuse(file, 'Word の文書（.docx）です。台帳の Excel ファイル（.xlsx）を指定してください。');
  if (names.has('ppt/presentation.xml'))
    refuse(file, 'PowerPoint のファイル（.pptx）です。台帳の Excel ファイル（.xlsx）を指定してください。');
  if (!names.has('[Content_Types].xml') || ![...names].some((x) => /^xl\/workbook\d*\.xml$/.test(x))) {
    if (!names.has('[Content_Types].xml') && names.size > 0 && ![...names].some((x) => x.startsWith('xl/')))
      refuse(file, 'Excel ブックではない zip ファイルです。台帳の Excel ファイル（.xlsx）を指定してください。');
    throw new BookRefusal(damagedMessage(file));
  }
  if (entries.some((e) => e.flags & 1)) throw new BookRefusal(damagedMessage(file));
  if (names.has('xl/workbook.bin')) refuse(file, `Excel バイナリ ブック（.xlsb）です。${SAVE_AS_XLSX}`);
  if (names.has('xl/vbaProject.bin'))
    refuse(
      file,
      'マクロ付きブック（.xlsm、VBA マクロを含む）です。teichaku はマクロを含むブックを読み書きしません（保存するとマクロが失われるか、Excel で開けなくなるため）。' +
        'Excel で［名前を付けて保存］→「Excel ブック (*.xlsx)」で保存したコピー（マクロは含まれません）を指定してください。',
    );

  const unpacked = entries.reduce((sum, e) => sum + e.size, 0);
  if (unpacked > LIMITS.unpackedBytes)
    tooBig(
      file,
      `展開後 ${(unpacked / 1024 / 1024).toFixed(0)} MB。不要なタブや画像を消すか、年度ごとに分けてください`,
    );

  const { names: tabs, broken } = sheetNames(data, entries);
  if (broken) throw new BookRefusal(damagedMessage(file));
  const strings = entries.find((e) => /^xl\/sharedStrings\d*\.xml$/i.test(e.name));
  const blankShared = blankSharedStrings(() => (strings ? entryData(data, strings) : null));
  const sheets: ({ tab: string } & SheetMeasure)[] = [];
  for (const e of entries) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(e.name)) continue;
    const xml = entryData(data, e);
    if (!xml || xml.length !== e.size || !wellClosed(xml)) throw new BookRefusal(damagedMessage(file));
    const tab = tabs.get(e.name) ?? e.name;
    const m = measureSheet(xml, LIMITS.cells, blankShared);
    sheets.push({ tab, ...m });
    const where = `タブ「${tab}」`;
    if (m.lastRow > LIMITS.rows)
      tooBig(
        file,
        `${where}: データのある最後の行が ${n(m.lastRow)} 行目。離れた行に入力が残っていないか（Ctrl+End で最後のセルへ移動できます）確かめて消すか、年度ごとに分けてください`,
      );
    if (m.storedCells > LIMITS.cells)
      tooBig(
        file,
        `${where}: 保存されているセル ${n(m.storedCells)} 個。使っていない行や列の書式を消すか、分けてください`,
      );
    if (m.lastColumn > 0 && m.lastRow * m.lastColumn > LIMITS.cells)
      tooBig(
        file,
        `${where}: データのある範囲が ${n(m.lastRow)} 行 × ${n(m.lastColumn)} 列。離れた列に入力が残っていないか確かめて消してください`,
      );
    if (m.mergedRanges > LIMITS.mergedRanges)
      tooBig(file, `${where}: 結合セル ${n(m.mergedRanges)} 個。不要な結合を解除してください`);
  }
  return { parts: entries.map((e) => e.name), sheets };
}
