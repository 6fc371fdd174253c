// DocumentApp, DriveApp and Utilities.computeDigest in the emulator: the Docs the 支援レポート menu makes.
// Documents are trees (body → paragraphs and tables → rows → cells → paragraphs → text), as the
// reference's "structure of a document" describes; Drive holds folders and files with a trash.
// Faithful where it matters to the product:
// - Body/ContainerElement.replaceText and findText take a regular-expression pattern matched against
//   each text element on its own (reference: "independently matched against each text block");
// - copy() returns a detached deep copy; inserting an element that is still attached is refused;
// - the last paragraph of a body cannot be removed;
// - a Document after saveAndClose() refuses edits;
// - with the drive.file scope, DriveApp reaches only the files and folders this script made
//   (anything else: "No item with the given ID could be found…"), DocumentApp opens any Doc;
// - every call is counted by the emulator (and can be made to fail by its failAt).
// References: https://developers.google.com/apps-script/reference/document (body, paragraph, table,
// table-row, table-cell, range-element, document-app), …/reference/drive (drive-app, file, folder,
// folder-iterator, file-iterator), …/reference/utilities/utilities#computeDigest(DigestAlgorithm,String,Charset).

import { createHash } from 'node:crypto';
import type { AppsScriptEmulator } from './emulator';

type Kind = 'BODY_SECTION' | 'PARAGRAPH' | 'TABLE' | 'TABLE_ROW' | 'TABLE_CELL' | 'TEXT';

export interface DocNode {
  kind: Kind;
  parent: DocNode | null;
  children: DocNode[];
  /** TEXT only */
  text: string;
  heading?: string;
  /** The document a node belongs to (null when detached). */
  doc: DocModel | null;
}

export interface DocModel {
  readonly id: string;
  body: DocNode;
  pageWidth: number;
  pageHeight: number;
}

export interface DriveItem {
  readonly id: string;
  name: string;
  readonly folder: boolean;
  trashed: boolean;
  parentId: string | null;
  /** Made by this script (drive.file reaches only these). */
  readonly ours: boolean;
  doc: DocModel | null;
}

const NOT_FOUND = 'No item with the given ID could be found, or you do not have permission to access it.';

function node(kind: Kind, children: DocNode[] = [], text = ''): DocNode {
  const n: DocNode = { kind, parent: null, children, text, doc: null };
  for (const c of children) c.parent = n;
  return n;
}

function paragraph(text: string): DocNode {
  return node('PARAGRAPH', [node('TEXT', [], text)]);
}

function deepCopy(n: DocNode): DocNode {
  const copy = node(n.kind, n.children.map(deepCopy), n.text);
  copy.heading = n.heading;
  return copy;
}

function setDoc(n: DocNode, doc: DocModel | null): void {
  n.doc = doc;
  for (const c of n.children) setDoc(c, doc);
}

function textOf(n: DocNode): string {
  switch (n.kind) {
    case 'TEXT':
      return n.text;
    case 'PARAGRAPH':
      return n.children.map(textOf).join('');
    case 'TABLE_ROW':
      return n.children.map(textOf).join('\t');
    default:
      return n.children.map(textOf).join('\n');
  }
}

function texts(n: DocNode): DocNode[] {
  return n.kind === 'TEXT' ? [n] : n.children.flatMap(texts);
}

export class EmuDocs {
  readonly items: DriveItem[] = [];
  private next = 1;
  private readonly wrappers = new WeakMap<DocNode, Record<string, unknown>>();
  /** Documents closed by saveAndClose (edits through them are refused). */
  private readonly closed = new Set<DocModel>();

  constructor(private readonly emu: AppsScriptEmulator) {}

  private id(prefix: string): string {
    return `${prefix}${String(this.next++).padStart(12, '0')}`;
  }

  /** A Doc a person made (not reachable through DriveApp with drive.file). */
  addForeignDoc(name: string, paragraphs: string[]): DriveItem {
    const item = this.newDoc(name, null, false);
    item.doc!.body.children = [];
    for (const p of paragraphs) this.attach(item.doc!.body, paragraph(p));
    return item;
  }

  private newDoc(name: string, parentId: string | null, ours = true): DriveItem {
    const id = this.id('DOC');
    const body = node('BODY_SECTION', [paragraph('')]);
    const doc: DocModel = { id, body, pageWidth: 612, pageHeight: 792 };
    setDoc(body, doc);
    const item: DriveItem = { id, name, folder: false, trashed: false, parentId, ours, doc };
    this.items.push(item);
    return item;
  }

  private attach(parent: DocNode, child: DocNode, index = parent.children.length): void {
    child.parent = parent;
    parent.children.splice(index, 0, child);
    setDoc(child, parent.doc);
  }

  item(id: string): DriveItem | undefined {
    return this.items.find((i) => i.id === id);
  }

  /** Files (not folders) in a folder, trashed ones included. */
  filesIn(folderId: string): DriveItem[] {
    return this.items.filter((i) => !i.folder && i.parentId === folderId);
  }

  /** A document's text, for tests. */
  text(id: string): string {
    return textOf(this.item(id)!.doc!.body);
  }

  /** A serialisable picture of Drive, for before/after comparisons (IDs left out: they differ per run). */
  dump(): unknown {
    const path = (i: DriveItem): string => {
      const parent = i.parentId ? this.item(i.parentId) : undefined;
      return parent ? `${path(parent)}/${i.name}` : i.name;
    };
    return this.items
      .filter((i) => !i.trashed)
      .map((i) => ({ path: path(i), text: i.doc ? textOf(i.doc.body) : null }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  // --- Document elements --------------------------------------------------------------------

  private editable(n: DocNode): void {
    if (n.doc && this.closed.has(n.doc)) throw this.emu.error('Document is closed, its contents cannot be updated.');
  }

  private replaceText(n: DocNode, pattern: string, replacement: string): void {
    this.editable(n);
    const re = new RegExp(String(pattern), 'g');
    for (const t of texts(n)) t.text = t.text.replace(re, () => String(replacement));
  }

  private findText(n: DocNode, pattern: string): Record<string, unknown> | null {
    const re = new RegExp(String(pattern));
    for (const t of texts(n)) {
      const m = re.exec(t.text);
      if (!m) continue;
      // eslint-disable-next-line @typescript-eslint/no-this-alias -- plain service objects below
      const docs = this;
      return {
        getElement() {
          docs.emu.call('RangeElement.getElement');
          return docs.wrap(t);
        },
        getStartOffset() {
          docs.emu.call('RangeElement.getStartOffset');
          return m.index;
        },
        getEndOffsetInclusive() {
          docs.emu.call('RangeElement.getEndOffsetInclusive');
          return m.index + m[0].length - 1;
        },
      };
    }
    return null;
  }

  private insert(parent: DocNode, index: number, child: DocNode, kind: Kind): DocNode {
    this.editable(parent);
    if (child.kind !== kind) throw this.emu.error(`Invalid argument: expected a ${kind}`);
    if (child.parent) throw this.emu.error('Element must be detached.');
    if (!Number.isInteger(index) || index < 0 || index > parent.children.length)
      throw this.emu.error(`Child index (${index}) must be less than or equal to the number of child elements.`);
    this.attach(parent, child, index);
    return child;
  }

  private remove(parent: DocNode, child: DocNode): void {
    this.editable(parent);
    const i = parent.children.indexOf(child);
    if (i < 0) throw this.emu.error('Element is not a child of this element.');
    if (
      parent.kind === 'BODY_SECTION' &&
      child.kind === 'PARAGRAPH' &&
      !parent.children
        .slice(i + 1)
        .concat(parent.children.slice(0, i))
        .some((c) => c.kind === 'PARAGRAPH')
    )
      throw this.emu.error("Can't remove the last paragraph in a document section.");
    parent.children.splice(i, 1);
    child.parent = null;
    setDoc(child, null);
  }

  /** The API object of an element (the same object for the same element). */
  wrap(n: DocNode): Record<string, unknown> {
    const known = this.wrappers.get(n);
    if (known) return known;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- plain service objects below
    const docs = this;
    const emu = this.emu;
    const name = {
      BODY_SECTION: 'Body',
      PARAGRAPH: 'Paragraph',
      TABLE: 'Table',
      TABLE_ROW: 'TableRow',
      TABLE_CELL: 'TableCell',
      TEXT: 'Text',
    }[n.kind];
    const call = (method: string): void => emu.call(`${name}.${method}`);
    const unwrap = (w: unknown): DocNode => {
      const found = (w as { __node?: DocNode }).__node;
      if (!found) throw emu.error('Invalid argument: element');
      return found;
    };
    const as = (kind: Kind, method: string) => () => {
      call(method);
      if (n.kind !== kind) throw emu.error(`Cannot cast ${n.kind} to ${kind}.`);
      return api;
    };
    const api: Record<string, unknown> = {
      __node: n,
      getType() {
        call('getType');
        return n.kind;
      },
      getText() {
        call('getText');
        return textOf(n);
      },
      getParent() {
        call('getParent');
        return n.parent ? docs.wrap(n.parent) : null;
      },
      copy() {
        call('copy');
        return docs.wrap(deepCopy(n));
      },
      replaceText(pattern: string, replacement: string) {
        call('replaceText');
        docs.replaceText(n, pattern, replacement);
        return api;
      },
      findText(pattern: string) {
        call('findText');
        return docs.findText(n, pattern);
      },
      getNumChildren() {
        call('getNumChildren');
        return n.children.length;
      },
      getChild(i: number) {
        call('getChild');
        const c = n.children[i];
        if (!c)
          throw emu.error(`Child index (${i}) must be less than the number of child elements (${n.children.length}).`);
        return docs.wrap(c);
      },
      getChildIndex(child: unknown) {
        call('getChildIndex');
        const i = n.children.indexOf(unwrap(child));
        if (i < 0) throw emu.error('Element is not a child of this element.');
        return i;
      },
      asParagraph: as('PARAGRAPH', 'asParagraph'),
      asTable: as('TABLE', 'asTable'),
      asTableRow: as('TABLE_ROW', 'asTableRow'),
      asTableCell: as('TABLE_CELL', 'asTableCell'),
      asText: as('TEXT', 'asText'),
    };
    if (n.kind === 'BODY_SECTION') {
      Object.assign(api, {
        appendParagraph(text: unknown) {
          call('appendParagraph');
          docs.editable(n);
          const p = typeof text === 'string' ? paragraph(text) : unwrap(text);
          return docs.wrap(docs.insert(n, n.children.length, p, 'PARAGRAPH'));
        },
        insertParagraph(index: number, p: unknown) {
          call('insertParagraph');
          const child = typeof p === 'string' ? paragraph(p) : unwrap(p);
          return docs.wrap(docs.insert(n, index, child, 'PARAGRAPH'));
        },
        appendTable(cells?: unknown) {
          call('appendTable');
          docs.editable(n);
          if (cells !== undefined && (!Array.isArray(cells) || cells.some((r) => !Array.isArray(r))))
            throw emu.error('Invalid argument: cells');
          const rows = ((cells as string[][] | undefined) ?? []).map((r) =>
            node(
              'TABLE_ROW',
              r.map((c) => node('TABLE_CELL', [paragraph(String(c))])),
            ),
          );
          const table = node('TABLE', rows);
          docs.attach(n, table);
          // Docs keeps a paragraph after a table that ends the body (as the editor does; the reference is silent).
          docs.attach(n, paragraph(''));
          return docs.wrap(table);
        },
        removeChild(child: unknown) {
          call('removeChild');
          docs.remove(n, unwrap(child));
          return api;
        },
        setPageWidth(points: number) {
          call('setPageWidth');
          n.doc!.pageWidth = Number(points);
          return api;
        },
        setPageHeight(points: number) {
          call('setPageHeight');
          n.doc!.pageHeight = Number(points);
          return api;
        },
      });
    }
    if (n.kind === 'PARAGRAPH') {
      Object.assign(api, {
        setHeading(h: string) {
          call('setHeading');
          docs.editable(n);
          n.heading = String(h);
          return api;
        },
        setText(t: string) {
          call('setText');
          docs.editable(n);
          n.children = [node('TEXT', [], String(t))];
          setDoc(n, n.doc);
          n.children[0].parent = n;
          return api;
        },
      });
    }
    if (n.kind === 'TABLE') {
      Object.assign(api, {
        getNumRows() {
          call('getNumRows');
          return n.children.length;
        },
        getRow(i: number) {
          call('getRow');
          const r = n.children[i];
          if (!r) throw emu.error(`Row index (${i}) out of range.`);
          return docs.wrap(r);
        },
        insertTableRow(index: number, row: unknown) {
          call('insertTableRow');
          return docs.wrap(docs.insert(n, index, unwrap(row), 'TABLE_ROW'));
        },
        appendTableRow(row: unknown) {
          call('appendTableRow');
          return docs.wrap(docs.insert(n, n.children.length, unwrap(row), 'TABLE_ROW'));
        },
        removeRow(i: number) {
          call('removeRow');
          const r = n.children[i];
          if (!r) throw emu.error(`Row index (${i}) out of range.`);
          docs.remove(n, r);
          return docs.wrap(r);
        },
      });
    }
    if (n.kind === 'TABLE_ROW') {
      Object.assign(api, {
        getParentTable() {
          call('getParentTable');
          return n.parent ? docs.wrap(n.parent) : null;
        },
        getNumCells() {
          call('getNumCells');
          return n.children.length;
        },
        getCell(i: number) {
          call('getCell');
          return docs.wrap(n.children[i]);
        },
      });
    }
    if (n.kind === 'TABLE_CELL') {
      Object.assign(api, {
        getParentRow() {
          call('getParentRow');
          return n.parent ? docs.wrap(n.parent) : null;
        },
      });
    }
    this.wrappers.set(n, api);
    return api;
  }

  // --- Document, DocumentApp ----------------------------------------------------------------

  private documentApi(item: DriveItem): Record<string, unknown> {
    const emu = this.emu;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- plain service objects below
    const docs = this;
    const doc = item.doc!;
    return {
      getId() {
        emu.call('Document.getId');
        return item.id;
      },
      getName() {
        emu.call('Document.getName');
        return item.name;
      },
      getUrl() {
        emu.call('Document.getUrl');
        return `https://docs.google.com/document/d/${item.id}/edit`;
      },
      getBody() {
        emu.call('Document.getBody');
        return docs.wrap(doc.body);
      },
      saveAndClose() {
        emu.call('Document.saveAndClose');
        docs.closed.add(doc);
      },
    };
  }

  documentApp(): Record<string, unknown> {
    const emu = this.emu;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- plain service objects below
    const docs = this;
    return {
      // https://developers.google.com/apps-script/reference/document/element-type
      ElementType: {
        BODY_SECTION: 'BODY_SECTION',
        PARAGRAPH: 'PARAGRAPH',
        TABLE: 'TABLE',
        TABLE_ROW: 'TABLE_ROW',
        TABLE_CELL: 'TABLE_CELL',
        TEXT: 'TEXT',
      },
      // https://developers.google.com/apps-script/reference/document/paragraph-heading
      ParagraphHeading: { NORMAL: 'NORMAL', TITLE: 'TITLE', HEADING1: 'HEADING1', HEADING2: 'HEADING2' },
      create(name: string) {
        emu.call('DocumentApp.create');
        const item = docs.newDoc(String(name), null);
        return docs.documentApi(item);
      },
      openById(id: string) {
        emu.call('DocumentApp.openById');
        const item = docs.item(String(id));
        if (!item || !item.doc) throw emu.error(NOT_FOUND);
        // Opened anew: a closed document can be opened again.
        docs.closed.delete(item.doc);
        return docs.documentApi(item);
      },
    };
  }

  // --- DriveApp -------------------------------------------------------------------------------

  private reachable(id: string, folder: boolean): DriveItem {
    const item = this.item(String(id));
    if (!item || !item.ours || item.folder !== folder) throw this.emu.error(NOT_FOUND);
    return item;
  }

  private iterator(kind: 'FolderIterator' | 'FileIterator', list: DriveItem[]): Record<string, unknown> {
    const emu = this.emu;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- plain service objects below
    const docs = this;
    let i = 0;
    return {
      hasNext() {
        emu.call(`${kind}.hasNext`);
        return i < list.length;
      },
      next() {
        emu.call(`${kind}.next`);
        if (i >= list.length) throw emu.error('Cannot retrieve the next object: iterator has reached the end.');
        const item = list[i++];
        return kind === 'FolderIterator' ? docs.folderApi(item) : docs.fileApi(item);
      },
    };
  }

  fileApi(item: DriveItem): Record<string, unknown> {
    const emu = this.emu;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- plain service objects below
    const docs = this;
    return {
      getId() {
        emu.call('File.getId');
        return item.id;
      },
      getName() {
        emu.call('File.getName');
        return item.name;
      },
      getUrl() {
        emu.call('File.getUrl');
        return `https://docs.google.com/document/d/${item.id}/edit?usp=drivesdk`;
      },
      isTrashed() {
        emu.call('File.isTrashed');
        return item.trashed;
      },
      setName(name: string) {
        emu.call('File.setName');
        item.name = String(name);
        return this;
      },
      setTrashed(trashed: boolean) {
        emu.call('File.setTrashed');
        item.trashed = Boolean(trashed);
        return this;
      },
      moveTo(destination: unknown) {
        emu.call('File.moveTo');
        item.parentId = docs.folderOf(destination).id;
        return this;
      },
      makeCopy(name: string, destination: unknown) {
        emu.call('File.makeCopy');
        if (typeof name !== 'string' || destination === undefined) throw emu.error('Invalid argument: makeCopy');
        const parent = docs.folderOf(destination);
        const copy = docs.newDoc(name, parent.id);
        copy.doc!.body = deepCopy(item.doc!.body);
        copy.doc!.pageWidth = item.doc!.pageWidth;
        copy.doc!.pageHeight = item.doc!.pageHeight;
        setDoc(copy.doc!.body, copy.doc);
        return docs.fileApi(copy);
      },
    };
  }

  private folderOf(api: unknown): DriveItem {
    const id = (api as { __folder?: string }).__folder;
    const item = id ? this.item(id) : undefined;
    if (!item) throw this.emu.error('Invalid argument: destination');
    return item;
  }

  folderApi(item: DriveItem): Record<string, unknown> {
    const emu = this.emu;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- plain service objects below
    const docs = this;
    const children = (folder: boolean, name: string): DriveItem[] =>
      docs.items.filter((i) => i.folder === folder && i.parentId === item.id && i.name === String(name) && i.ours);
    return {
      __folder: item.id,
      getId() {
        emu.call('Folder.getId');
        return item.id;
      },
      getName() {
        emu.call('Folder.getName');
        return item.name;
      },
      isTrashed() {
        emu.call('Folder.isTrashed');
        return item.trashed;
      },
      setTrashed(trashed: boolean) {
        emu.call('Folder.setTrashed');
        item.trashed = Boolean(trashed);
        return this;
      },
      createFolder(name: string) {
        emu.call('Folder.createFolder');
        return docs.folderApi(docs.newFolder(String(name), item.id));
      },
      getFoldersByName(name: string) {
        emu.call('Folder.getFoldersByName');
        return docs.iterator('FolderIterator', children(true, name));
      },
      getFilesByName(name: string) {
        emu.call('Folder.getFilesByName');
        return docs.iterator('FileIterator', children(false, name));
      },
    };
  }

  private newFolder(name: string, parentId: string | null): DriveItem {
    const item: DriveItem = {
      id: this.id('FOLDER'),
      name,
      folder: true,
      trashed: false,
      parentId,
      ours: true,
      doc: null,
    };
    this.items.push(item);
    return item;
  }

  driveApp(): Record<string, unknown> {
    const emu = this.emu;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- plain service objects below
    const docs = this;
    return {
      getFileById(id: string) {
        emu.call('DriveApp.getFileById');
        return docs.fileApi(docs.reachable(id, false));
      },
      getFolderById(id: string) {
        emu.call('DriveApp.getFolderById');
        return docs.folderApi(docs.reachable(id, true));
      },
      createFolder(name: string) {
        emu.call('DriveApp.createFolder');
        return docs.folderApi(docs.newFolder(String(name), null));
      },
      getFilesByName(name: string) {
        emu.call('DriveApp.getFilesByName');
        return docs.iterator(
          'FileIterator',
          docs.items.filter((i) => !i.folder && i.ours && i.name === String(name)),
        );
      },
      getFoldersByName(name: string) {
        emu.call('DriveApp.getFoldersByName');
        return docs.iterator(
          'FolderIterator',
          docs.items.filter((i) => i.folder && i.ours && i.name === String(name)),
        );
      },
    };
  }

  utilities(): Record<string, unknown> {
    const emu = this.emu;
    return {
      DigestAlgorithm: { SHA_256: 'SHA_256', MD5: 'MD5' },
      Charset: { UTF_8: 'UTF_8', US_ASCII: 'US_ASCII' },
      computeDigest(algorithm: string, value: string, charset: string) {
        emu.call('Utilities.computeDigest');
        if (algorithm !== 'SHA_256' || charset !== 'UTF_8') throw emu.error('Invalid argument: computeDigest');
        // Java bytes: signed, -128…127.
        return [...createHash('sha256').update(String(value), 'utf8').digest()].map((b) => (b > 127 ? b - 256 : b));
      },
    };
  }

  /** The globals to add to a loaded bundle's context. */
  globals(): Record<string, unknown> {
    return { DocumentApp: this.documentApp(), DriveApp: this.driveApp(), Utilities: this.utilities() };
  }
}
