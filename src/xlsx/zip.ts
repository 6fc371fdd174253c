// The zip layer under exceljs, done by Node's native zlib. exceljs zips through JSZip, whose pure-JS
// deflate/inflate (pako), CRC and chunked piping are a large part of a big book's save and load. On save
// the parts exceljs renders are zipped here; on load exceljs reads the files unzipped here (both wired in
// exceljsPatches.ts). The parts are byte for byte what exceljs reads and writes.

import { promisify } from 'node:util';
import * as zlib from 'node:zlib';

const deflateRawAsync = promisify(zlib.deflateRaw);

const LOCAL_SIGNATURE = 0x04034b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const EOCD_SIGNATURE = 0x06054b50;
const STORED = 0;
const DEFLATED = 8;
/** General-purpose flag bits: 0 encrypted, 3 sizes in a data descriptor after the data. */
const FLAG_ENCRYPTED = 0x0001;
const FLAG_DATA_DESCRIPTOR = 0x0008;

export interface Entry {
  readonly name: Buffer;
  readonly versionMadeBy: number;
  readonly flags: number;
  readonly method: number;
  readonly time: number;
  readonly date: number;
  readonly crc: number;
  readonly size: number;
  readonly externalAttributes: number;
  /** The entry's data as stored in the zip (compressed when method is DEFLATED). */
  readonly data: Buffer;
}

/**
 * The entries of a plain zip (no zip64, no encryption, stored or deflated), from its central directory;
 * null for anything else, so the caller can fall back to exceljs' own handling.
 */
export function readEntries(zip: Buffer): Entry[] | null {
  let eocd = -1;
  for (let i = zip.length - 22, min = Math.max(0, zip.length - 22 - 0xffff); i >= min; i--) {
    if (zip.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || p === 0xffffffff) return null; // zip64
  const out: Entry[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== CENTRAL_SIGNATURE) return null;
    const flags = zip.readUInt16LE(p + 8);
    const method = zip.readUInt16LE(p + 10);
    const compressedSize = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    if (flags & FLAG_ENCRYPTED || (method !== STORED && method !== DEFLATED)) return null;
    if (compressedSize === 0xffffffff || size === 0xffffffff || local === 0xffffffff) return null;
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== LOCAL_SIGNATURE) return null;
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    if (start + compressedSize > zip.length) return null;
    out.push({
      name: zip.subarray(p + 46, p + 46 + nameLen),
      versionMadeBy: zip.readUInt16LE(p + 4),
      flags,
      method,
      time: zip.readUInt16LE(p + 12),
      date: zip.readUInt16LE(p + 14),
      crc: zip.readUInt32LE(p + 16),
      size,
      externalAttributes: zip.readUInt32LE(p + 38),
      data: zip.subarray(start, start + compressedSize),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

export function writeEntries(entries: readonly Entry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    // Sizes and CRC are known up front: no data descriptor.
    const flags = e.flags & ~FLAG_DATA_DESCRIPTOR;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_SIGNATURE, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt16LE(e.time, 10);
    local.writeUInt16LE(e.date, 12);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(e.name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(CENTRAL_SIGNATURE, 0);
    dir.writeUInt16LE(e.versionMadeBy, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(flags, 8);
    dir.writeUInt16LE(e.method, 10);
    dir.writeUInt16LE(e.time, 12);
    dir.writeUInt16LE(e.date, 14);
    dir.writeUInt32LE(e.crc, 16);
    dir.writeUInt32LE(e.data.length, 20);
    dir.writeUInt32LE(e.size, 24);
    dir.writeUInt16LE(e.name.length, 28);
    dir.writeUInt32LE(e.externalAttributes, 38);
    dir.writeUInt32LE(offset, 42);
    parts.push(local, e.name, e.data);
    central.push(dir, e.name);
    offset += 30 + e.name.length + e.data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD_SIGNATURE, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  parts.push(cd, end);
  return Buffer.concat(parts);
}

export interface ZipPart {
  readonly name: string;
  readonly data: Buffer;
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** zlib.crc32 where Node has it (20.15+), else the same CRC-32 in JS; `initial` continues a running CRC. */
export function crc32(data: Buffer, initial = 0): number {
  const native = (zlib as { crc32?: (d: Buffer, value?: number) => number }).crc32;
  return native ? native(data, initial) >>> 0 : crc32InJs(data, initial);
}

export function crc32InJs(data: Buffer, initial = 0): number {
  let c = ~initial;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** MS-DOS time and date fields (local time, 2-second steps), as zip headers hold them. */
function dosDateTime(at: Date): { time: number; date: number } {
  const year = Math.max(1980, at.getFullYear());
  return {
    time: (at.getHours() << 11) | (at.getMinutes() << 5) | (at.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate(),
  };
}

/** A zip entry for a part's bytes, deflated by zlib at its default level (empty parts stored). */
export function entryOf(name: string, data: Buffer, at: Date = new Date()): Entry {
  const { time, date } = dosDateTime(at);
  return {
    name: Buffer.from(name, 'utf8'),
    versionMadeBy: 20,
    flags: /^[\x20-\x7e]*$/.test(name) ? 0 : 0x0800,
    method: data.length ? DEFLATED : STORED,
    time,
    date,
    crc: crc32(data),
    size: data.length,
    externalAttributes: 0,
    data: data.length ? zlib.deflateRawSync(data) : data,
  };
}

/** About how much of a streamed part is turned into bytes and deflated at a time. */
const PIECE_CHARS = 1 << 20;
const FINAL_BLOCK = zlib.deflateRawSync(Buffer.alloc(0));

/**
 * Deflates a part written as a sequence of byte strings (one char per byte, see sheet.ts), about 1 MB
 * at a time, so that neither the whole text nor its whole bytes are ever held at once. Each piece is
 * deflated on its own and ends on a sync flush (an empty stored block, not final); the stream is closed
 * by one empty final block. The concatenation is one valid deflate stream (each piece only refers back
 * within itself), the CRC and size are counted as the pieces go.
 */
export class PieceDeflater {
  private pending: string[] = [];
  private pendingChars = 0;
  private readonly out: Buffer[] = [];
  private crc = 0;
  private size = 0;

  readonly write = (bytes: string): void => {
    if (bytes.length === 0) return;
    this.pending.push(bytes);
    this.pendingChars += bytes.length;
    if (this.pendingChars >= PIECE_CHARS) this.flush();
  };

  private flush(): void {
    if (this.pendingChars === 0) return;
    const text = this.pending.length === 1 ? this.pending[0] : this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    // A char above 0xff is text that was never turned into UTF-8 bytes: latin1 would cut it silently.
    if (/[\u0100-\uffff]/.test(text)) throw new Error('a part piece holds text, not bytes');
    const piece = Buffer.from(text, 'latin1');
    this.crc = crc32(piece, this.crc);
    this.size += piece.length;
    this.out.push(zlib.deflateRawSync(piece, { finishFlush: zlib.constants.Z_SYNC_FLUSH }));
  }

  /** The zip entry of everything written. */
  finish(name: string, at: Date = new Date()): Entry {
    this.flush();
    const { time, date } = dosDateTime(at);
    const empty = this.size === 0;
    return {
      name: Buffer.from(name, 'utf8'),
      versionMadeBy: 20,
      flags: /^[\x20-\x7e]*$/.test(name) ? 0 : 0x0800,
      method: empty ? STORED : DEFLATED,
      time,
      date,
      crc: this.crc,
      size: this.size,
      externalAttributes: 0,
      data: empty ? Buffer.alloc(0) : Buffer.concat([...this.out, FINAL_BLOCK]),
    };
  }
}

/**
 * Inflate options for an entry of a known size: the output in one buffer of that size (zlib's default
 * 16 kB chunks are concatenated at the end, a second copy of a big part), up to a cap.
 */
export function inflateOptions(size: number): zlib.ZlibOptions {
  return { chunkSize: Math.min(Math.max(size, 64), 256 * 1024 * 1024) };
}

/** The uncompressed data of an entry. */
export function inflateEntry(e: Entry): Buffer {
  const data = e.method === STORED ? e.data : zlib.inflateRawSync(e.data, inflateOptions(e.size));
  if (data.length !== e.size) throw new Error(`zip entry ${e.name.toString('utf8')}: wrong size`);
  return data;
}

/** A zip of the parts, in order, each deflated by zlib at its default level (JSZip's too); empty parts stored. */
export async function zipParts(parts: readonly ZipPart[], at: Date = new Date()): Promise<Buffer> {
  const { time, date } = dosDateTime(at);
  const entries = await Promise.all(
    parts.map(async (p): Promise<Entry> => ({
      name: Buffer.from(p.name, 'utf8'),
      versionMadeBy: 20,
      // Bit 11: the name is UTF-8.
      flags: /^[\x20-\x7e]*$/.test(p.name) ? 0 : 0x0800,
      method: p.data.length ? DEFLATED : STORED,
      time,
      date,
      crc: crc32(p.data),
      size: p.data.length,
      externalAttributes: 0,
      data: p.data.length ? await deflateRawAsync(p.data) : p.data,
    })),
  );
  return writeEntries(entries);
}

export interface ZipFile {
  readonly name: string;
  /** The uncompressed content (inflated on each call). */
  content(): Buffer;
}

/** The files of a plain zip (see readEntries), each inflated when asked for; null if it cannot be read. */
export function zipFiles(zip: Buffer): ZipFile[] | null {
  const entries = readEntries(zip);
  if (!entries) return null;
  return entries.map((e) => ({
    name: e.name.toString('utf8'),
    content: () => {
      const data = e.method === STORED ? e.data : zlib.inflateRawSync(e.data);
      if (data.length !== e.size) throw new Error(`zip entry ${e.name.toString('utf8')}: wrong size`);
      return data;
    },
  }));
}
