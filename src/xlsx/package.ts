// The .xlsx package as its parts: read from the zip, changed one part at a time, zipped again with every
// part that was not changed copied as it was stored (same compressed bytes, same CRC). Content types and
// relationships are edited here, in place, keeping every entry the product does not change.

import { entryOf, inflateEntry, PieceDeflater, readEntries, writeEntries, type Entry } from './zip';
import {
  attr,
  escapeRegExp,
  escapeXml,
  freshRelId,
  parseRels,
  relativeTarget,
  relsPath,
  renderRels,
  resolveTarget,
  type Rel,
} from './xml';

export class PackageError extends Error {}

interface Part {
  /** As stored in the loaded zip; undefined for a part made in this run. */
  entry?: Entry;
  /** The content, once read or changed. */
  data?: Buffer;
  /** A changed part written piece by piece when the zip is made (a worksheet), instead of `data`. */
  stream?: (write: (bytes: string) => void) => void;
  changed: boolean;
}

export class Package {
  private readonly parts = new Map<string, Part>();

  private constructor() {}

  static fromZip(zip: Buffer): Package {
    const entries = readEntries(zip);
    if (!entries) throw new PackageError('not a readable zip');
    const pkg = new Package();
    for (const e of entries) {
      const name = e.name.toString('utf8');
      if (name.endsWith('/')) continue;
      pkg.parts.set(name, { entry: e, changed: false });
    }
    return pkg;
  }

  static fromParts(parts: Record<string, string>): Package {
    const pkg = new Package();
    for (const [name, text] of Object.entries(parts)) pkg.set(name, text);
    return pkg;
  }

  has(name: string): boolean {
    return this.parts.has(name);
  }

  names(): string[] {
    return [...this.parts.keys()];
  }

  bytes(name: string): Buffer | undefined {
    const p = this.parts.get(name);
    if (!p) return undefined;
    if (p.stream) throw new Error(`part ${name} is streamed`);
    if (!p.data) p.data = inflateEntry(p.entry!);
    return p.data;
  }

  text(name: string): string | undefined {
    return this.bytes(name)?.toString('utf8');
  }

  /**
   * The content without keeping it unzipped: for a big part its reader holds in its own form (a
   * worksheet), so that the package keeps only the compressed bytes.
   */
  take(name: string): Buffer | undefined {
    const p = this.parts.get(name);
    if (!p) return undefined;
    if (p.stream) throw new Error(`part ${name} is streamed`);
    return p.data ?? inflateEntry(p.entry!);
  }

  set(name: string, data: string | Buffer): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const p = this.parts.get(name);
    if (p && p.data && p.data.equals(bytes)) return;
    this.parts.set(name, { entry: p?.entry, data: bytes, changed: true });
  }

  /** Changes a part to what `render` writes (byte strings, see PieceDeflater) when the zip is made. */
  setStream(name: string, render: (write: (bytes: string) => void) => void): void {
    const p = this.parts.get(name);
    this.parts.set(name, { entry: p?.entry, stream: render, changed: true });
  }

  delete(name: string): void {
    this.parts.delete(name);
    this.removeOverride(name);
  }

  /** The zip: unchanged parts as stored, changed and new ones deflated, in the loaded order. */
  toZip(at: Date = new Date()): Buffer {
    const entries: Entry[] = [];
    for (const [name, p] of this.parts) {
      if (!p.changed && p.entry) entries.push(p.entry);
      else if (p.stream) {
        const deflater = new PieceDeflater();
        p.stream(deflater.write);
        entries.push(deflater.finish(name, at));
      } else entries.push(entryOf(name, this.bytes(name)!, at));
    }
    return writeEntries(entries);
  }

  // ---- relationships ----

  rels(owner: string): Rel[] {
    const xml = this.text(relsPath(owner));
    return xml ? parseRels(xml) : [];
  }

  setRels(owner: string, rels: readonly Rel[]): void {
    if (rels.length === 0) this.parts.delete(relsPath(owner));
    else this.set(relsPath(owner), renderRels(rels));
    this.ensureDefault('rels', 'application/vnd.openxmlformats-package.relationships+xml');
  }

  /** Internal targets of `owner`'s relationships of one type, as part names. */
  related(owner: string, type: string): string[] {
    return this.rels(owner)
      .filter((r) => r.type === type && !r.external)
      .map((r) => resolveTarget(owner, r.target));
  }

  /** Adds a relationship from `owner` to `target`; returns its id. */
  addRel(owner: string, type: string, target: string): string {
    const rels = this.rels(owner);
    const id = freshRelId(rels);
    this.setRels(owner, [...rels, { id, type, target: relativeTarget(owner, target), external: false }]);
    return id;
  }

  /** Drops `owner`'s relationships to `target`. */
  removeRel(owner: string, target: string): void {
    const rels = this.rels(owner);
    const kept = rels.filter((r) => r.external || resolveTarget(owner, r.target) !== target);
    if (kept.length !== rels.length) this.setRels(owner, kept);
  }

  /** Deletes a part, its rels and, recursively, what only it referred to. */
  deleteTree(part: string, keep: (name: string) => boolean = () => false): void {
    if (!this.parts.has(part) || keep(part)) return;
    const children = this.rels(part)
      .filter((r) => !r.external)
      .map((r) => resolveTarget(part, r.target));
    this.delete(part);
    this.parts.delete(relsPath(part));
    for (const c of children) if (!this.referenced(c)) this.deleteTree(c, keep);
  }

  /** Whether any relationship in the package points at `part`. */
  referenced(part: string): boolean {
    for (const name of this.parts.keys()) {
      if (!name.endsWith('.rels')) continue;
      const i = name.lastIndexOf('_rels/');
      const owner = name.slice(0, i) + name.slice(i + 6).replace(/\.rels$/, '');
      if (this.rels(owner).some((r) => !r.external && resolveTarget(owner, r.target) === part)) return true;
    }
    return false;
  }

  // ---- content types ----

  private types(): string {
    return this.text('[Content_Types].xml') ?? '';
  }

  override(part: string, type: string): void {
    const xml = this.types();
    const re = new RegExp(`<Override\\b[^>]*PartName="/${escapeRegExp(escapeXml(part))}"[^>]*/>`);
    const el = `<Override PartName="/${escapeXml(part)}" ContentType="${escapeXml(type)}"/>`;
    const m = re.exec(xml);
    if (m) {
      if (attr(m[0], 'ContentType') !== type) this.set('[Content_Types].xml', xml.replace(re, el));
      return;
    }
    this.set('[Content_Types].xml', xml.replace('</Types>', `${el}</Types>`));
  }

  removeOverride(part: string): void {
    const xml = this.types();
    const re = new RegExp(`<Override\\b[^>]*PartName="/${escapeRegExp(escapeXml(part))}"[^>]*/>`);
    if (re.test(xml)) this.set('[Content_Types].xml', xml.replace(re, ''));
  }

  ensureDefault(ext: string, type: string): void {
    const xml = this.types();
    if (new RegExp(`<Default\\b[^>]*Extension="${escapeRegExp(ext)}"`, 'i').test(xml)) return;
    const el = `<Default Extension="${escapeXml(ext)}" ContentType="${escapeXml(type)}"/>`;
    // Defaults come first by convention (the schema allows any order).
    const at = xml.search(/<Override\b/);
    this.set(
      '[Content_Types].xml',
      at < 0 ? xml.replace('</Types>', `${el}</Types>`) : xml.slice(0, at) + el + xml.slice(at),
    );
  }

  /** A part name `${stem}${n}${ext}` not in the package, n counting from 1. */
  freeName(stem: string, ext: string): string {
    for (let n = 1; ; n++) {
      const name = `${stem}${n}${ext}`;
      if (!this.parts.has(name)) return name;
    }
  }
}
