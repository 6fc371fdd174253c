// Small XML helpers for the package editor. The parts it reads are machine-written (Excel, LibreOffice,
// other libraries); it finds elements with regular expressions and never re-serialises what it does not
// change, so a part it only reads goes back byte for byte.

export function escapeXml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

/** Text for an element's content: XML escapes, and characters XML 1.0 cannot hold as Excel escapes them (_xHHHH_). */
export function escapeText(s: string): string {
  return escapeXml(s.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')).replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g,
    (c) => `_x${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}_`,
  );
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };

export function unescapeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(
    /&(lt|gt|quot|apos|amp|#(\d+)|#x([0-9a-fA-F]+));/g,
    (_, name: string, dec?: string, hex?: string) => {
      if (dec) return String.fromCodePoint(Number(dec));
      if (hex) return String.fromCodePoint(parseInt(hex, 16));
      return ENTITIES[name];
    },
  );
}

/** Text content as a spreadsheet part stores it: entities, then Excel's _xHHHH_ escapes. */
export function unescapeText(s: string): string {
  const t = unescapeXml(s);
  return t.includes('_x')
    ? t.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    : t;
}

/** An attribute of a start tag (unescaped), or undefined. */
const attrPatterns = new Map<string, RegExp>();

export function attr(tag: string, name: string): string | undefined {
  let re = attrPatterns.get(name);
  if (!re) attrPatterns.set(name, (re = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`)));
  const m = re.exec(tag);
  return m ? unescapeXml(m[2] ?? m[3]) : undefined;
}

/** The start tag with the attribute set (added at the end) or, for undefined, removed. */
export function setAttr(tag: string, name: string, value: string | undefined): string {
  const re = new RegExp(`\\s${name}\\s*=\\s*("[^"]*"|'[^']*')`);
  if (value === undefined) return tag.replace(re, '');
  const text = ` ${name}="${escapeXml(value)}"`;
  if (re.test(tag)) return tag.replace(re, text);
  return tag.replace(/\s*(\/?)>$/, `${text}$1>`);
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The first element named `name` (any namespace prefix) in `xml` from `from`: its start, end and text,
 * or null. Elements of that name do not nest in the parts this is used on.
 */
export function findElement(
  xml: string,
  name: string,
  from = 0,
): { start: number; end: number; text: string; prefix: string } | null {
  const re = new RegExp(`<((?:[\\w.-]+:)?)${name}(?=[\\s/>])`, 'g');
  re.lastIndex = from;
  const m = re.exec(xml);
  if (!m) return null;
  const start = m.index;
  const prefix = m[1];
  const tagEnd = xml.indexOf('>', start);
  if (xml[tagEnd - 1] === '/') return { start, end: tagEnd + 1, text: xml.slice(start, tagEnd + 1), prefix };
  const close = `</${prefix}${name}>`;
  const closeAt = xml.indexOf(close, tagEnd);
  if (closeAt < 0) return null;
  const end = closeAt + close.length;
  return { start, end, text: xml.slice(start, end), prefix };
}

/** Every element named `name` in `xml`, in order. */
export function findElements(xml: string, name: string): { start: number; end: number; text: string }[] {
  const out: { start: number; end: number; text: string }[] = [];
  let from = 0;
  for (;;) {
    const e = findElement(xml, name, from);
    if (!e) return out;
    out.push(e);
    from = e.end;
  }
}

export interface Rel {
  readonly id: string;
  readonly type: string;
  readonly target: string;
  readonly external: boolean;
  /** The element as it stood in the part (kept as it was when the relationship is not changed). */
  readonly xml?: string;
}

export const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
export const REL_TYPE = {
  worksheet: `${NS_REL}/worksheet`,
  drawing: `${NS_REL}/drawing`,
  chart: `${NS_REL}/chart`,
  comments: `${NS_REL}/comments`,
  vmlDrawing: `${NS_REL}/vmlDrawing`,
  styles: `${NS_REL}/styles`,
  sharedStrings: `${NS_REL}/sharedStrings`,
  officeDocument: `${NS_REL}/officeDocument`,
} as const;

export function parseRels(xml: string): Rel[] {
  const out: Rel[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    out.push({
      id: attr(m[0], 'Id') ?? '',
      type: attr(m[0], 'Type') ?? '',
      target: attr(m[0], 'Target') ?? '',
      external: attr(m[0], 'TargetMode') === 'External',
      xml: m[0],
    });
  }
  return out;
}

export function renderRels(rels: readonly Rel[]): string {
  const body = rels
    .map(
      (r) =>
        r.xml ??
        `<Relationship Id="${escapeXml(r.id)}" Type="${escapeXml(r.type)}" Target="${escapeXml(r.target)}"${r.external ? ' TargetMode="External"' : ''}/>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${body}</Relationships>`;
}

/** 'xl/worksheets/sheet1.xml' → 'xl/worksheets/_rels/sheet1.xml.rels' */
export function relsPath(part: string): string {
  const i = part.lastIndexOf('/');
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
}

/** A relationship target resolved against the folder of the part that holds it. */
export function resolveTarget(fromPart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = fromPart.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.map((p) => (p.includes('%') ? safeDecode(p) : p)).join('/');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The target of `toPart` as written in a rels file of `fromPart`. */
export function relativeTarget(fromPart: string, toPart: string): string {
  const from = fromPart.split('/').slice(0, -1);
  const to = toPart.split('/');
  let i = 0;
  while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
  return [...new Array<string>(from.length - i).fill('..'), ...to.slice(i)].join('/');
}

/** A fresh relationship id not among `rels`. */
export function freshRelId(rels: readonly Rel[]): string {
  const taken = new Set(rels.map((r) => r.id));
  let n = rels.length + 1;
  while (taken.has(`rId${n}`)) n++;
  return `rId${n}`;
}
