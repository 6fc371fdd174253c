// Notes (comments) on cells the product owns: the sheet's comments part and the VML drawing Excel
// shows them with. A note of the user's, its author and every other entry of both parts stay as they
// were; ours are added, replaced or removed by cell.

import { columnLetter } from '../domain/table';
import type { Package } from './package';
import type { SheetXml } from './sheet';
import { parseCellRef } from './sheet';
import { attr, escapeText, escapeXml, findElement, REL_TYPE, unescapeXml } from './xml';

const CT_COMMENTS = 'application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml';
const CT_VML = 'application/vnd.openxmlformats-officedocument.vmlDrawing';
/** The author our notes carry. */
export const NOTE_AUTHOR = 'teichaku';

const SHAPETYPE =
  '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">' +
  '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>';

const EMPTY_VML =
  '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">' +
  '<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout>' +
  SHAPETYPE +
  '</xml>';

function shape(id: number, row: number, col: number): string {
  return (
    `<v:shape id="_x0000_s${id}" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:180pt;height:60pt;z-index:${id};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
    '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>' +
    '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>' +
    `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${col + 1}, 15, ${Math.max(0, row - 1)}, 2, ${col + 4}, 15, ${row + 3}, 16</x:Anchor>` +
    `<x:AutoFill>False</x:AutoFill><x:Row>${row - 1}</x:Row><x:Column>${col - 1}</x:Column></x:ClientData></v:shape>`
  );
}

/** The notes of one sheet, loaded when a note is first written, saved with the sheet. */
export class SheetNotes {
  private comments: string;
  private vml: string;
  private changed = false;

  private constructor(
    private readonly pkg: Package,
    private readonly sheetPart: string,
    private commentsPart: string | null,
    private vmlPart: string | null,
  ) {
    this.comments = commentsPart ? (pkg.text(commentsPart) ?? '') : '';
    this.vml = vmlPart ? (pkg.text(vmlPart) ?? '') : '';
  }

  static of(pkg: Package, sheetPart: string): SheetNotes {
    const [comments] = pkg.related(sheetPart, REL_TYPE.comments);
    const [vml] = pkg.related(sheetPart, REL_TYPE.vmlDrawing);
    return new SheetNotes(pkg, sheetPart, comments ?? null, vml ?? null);
  }

  /** The note's text on a cell, or ''. */
  get(row: number, col: number): string {
    const el = this.commentEl(`${columnLetter(col)}${row}`);
    if (!el) return '';
    return [...el.text.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '').matchAll(/<t\b[^>]*>([^<]*)<\/t>/g)]
      .map((m) => unescapeXml(m[1]))
      .join('');
  }

  private commentEl(ref: string): { start: number; end: number; text: string } | null {
    const at = this.comments.indexOf(`ref="${ref}"`);
    if (at < 0) return null;
    const start = this.comments.lastIndexOf('<', at);
    return findElement(this.comments, 'comment', start);
  }

  /** Sets ('' removes) our note on a cell. */
  set(row: number, col: number, text: string): void {
    const ref = `${columnLetter(col)}${row}`;
    if (this.get(row, col) === text && (text !== '' || !this.commentEl(ref))) return;
    const old = this.commentEl(ref);
    if (old) this.comments = this.comments.slice(0, old.start) + this.comments.slice(old.end);
    this.removeShape(row, col);
    if (text) {
      if (!this.comments) {
        this.comments =
          '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
          '<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors></authors><commentList></commentList></comments>';
      }
      const authorId = this.authorId();
      const el = `<comment ref="${ref}" authorId="${authorId}"><text><r><t xml:space="preserve">${escapeText(text)}</t></r></text></comment>`;
      this.comments = this.comments.replace(/<commentList\s*\/>/, '<commentList></commentList>');
      this.comments = this.comments.replace(/<\/((?:\w+:)?)commentList>/, `${el}</$1commentList>`);
      this.addShape(row, col);
    }
    this.changed = true;
  }

  private authorId(): number {
    const authors = findElement(this.comments, 'authors');
    const list = authors
      ? [...authors.text.matchAll(/<(?:\w+:)?author>([^<]*)<\/(?:\w+:)?author>/g)].map((m) => unescapeXml(m[1]))
      : [];
    const i = list.indexOf(NOTE_AUTHOR);
    if (i >= 0) return i;
    const el = `<author>${escapeXml(NOTE_AUTHOR)}</author>`;
    if (!authors) this.comments = this.comments.replace(/(<(?:\w+:)?comments\b[^>]*>)/, `$1<authors>${el}</authors>`);
    else if (authors.text.endsWith('/>'))
      this.comments =
        this.comments.slice(0, authors.start) + `<authors>${el}</authors>` + this.comments.slice(authors.end);
    else {
      const close = authors.text.lastIndexOf('</');
      this.comments = this.comments.slice(0, authors.start + close) + el + this.comments.slice(authors.start + close);
    }
    return list.length;
  }

  private removeShape(row: number, col: number): void {
    if (!this.vml) return;
    const re = /<v:shape\b[\s\S]*?<\/v:shape>/g;
    this.vml = this.vml.replace(re, (s) => {
      const r = /<x:Row>\s*(\d+)\s*<\/x:Row>/.exec(s);
      const c = /<x:Column>\s*(\d+)\s*<\/x:Column>/.exec(s);
      const note = /ObjectType="Note"/.test(s);
      return note && r && c && Number(r[1]) === row - 1 && Number(c[1]) === col - 1 ? '' : s;
    });
  }

  private addShape(row: number, col: number): void {
    if (!this.vml) this.vml = EMPTY_VML;
    if (!this.vml.includes('_x0000_t202')) this.vml = this.vml.replace(/<\/xml>\s*$/, `${SHAPETYPE}</xml>`);
    let max = 1024;
    for (const m of this.vml.matchAll(/_x0000_s(\d+)/g)) max = Math.max(max, Number(m[1]));
    this.vml = this.vml.replace(/<\/xml>\s*$/, `${shape(max + 1, row, col)}</xml>`);
  }

  /** Writes both parts (made when the sheet had none; dropped when no note is left). */
  save(sheet: SheetXml): void {
    if (!this.changed) return;
    const pkg = this.pkg;
    const empty = !/<(?:\w+:)?comment\b/.test(this.comments);
    if (empty && this.commentsPart) {
      pkg.removeRel(this.sheetPart, this.commentsPart);
      pkg.delete(this.commentsPart);
      // The VML goes too when it held only notes.
      if (this.vmlPart && !/<v:shape\b/.test(this.vml)) {
        pkg.removeRel(this.sheetPart, this.vmlPart);
        pkg.delete(this.vmlPart);
        sheet.put('legacyDrawing', []);
      } else if (this.vmlPart) pkg.set(this.vmlPart, this.vml);
      return;
    }
    if (empty) return;
    if (!this.commentsPart) {
      this.commentsPart = pkg.freeName('xl/comments', '.xml');
      pkg.set(this.commentsPart, '');
      pkg.addRel(this.sheetPart, REL_TYPE.comments, this.commentsPart);
      pkg.override(this.commentsPart, CT_COMMENTS);
    }
    if (!this.vmlPart) {
      this.vmlPart = pkg.freeName('xl/drawings/vmlDrawing', '.vml');
      pkg.set(this.vmlPart, '');
      const id = pkg.addRel(this.sheetPart, REL_TYPE.vmlDrawing, this.vmlPart);
      pkg.ensureDefault('vml', CT_VML);
      sheet.put('legacyDrawing', [`<${sheet.prefix}legacyDrawing r:id="${id}"/>`]);
    }
    pkg.set(this.commentsPart, this.comments);
    pkg.set(this.vmlPart, this.vml);
  }
}

/** Cell refs of the notes in a comments part. */
export function noteRefs(xml: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?comment\b[^>]*>/g)) {
    const ref = attr(m[0], 'ref');
    const rc = ref ? parseCellRef(ref) : null;
    if (rc) out.push(rc);
  }
  return out;
}
