// 支援レポート in Google Docs: one Doc per case, copied from a template Doc and filled, in a Drive folder
// per month; the 支援レポート tab gets a link per row. Scopes: `documents` (open and fill the Docs)
// and `drive.file` (copy, file and trash only the files this script made — which is why the template
// is the Doc the first run makes: offices edit that one into their own form).
// References: https://developers.google.com/apps-script/reference/document (Body.replaceText takes a
// regular expression; findText; TableRow.copy; Table.insertTableRow) and …/reference/drive
// (File.makeCopy(name, destination), Folder.getFoldersByName, DriveApp.createFolder).

import type { YearMonth } from '../domain/calendar';
import { REPORT_TEMPLATE_LABEL } from '../domain/monthEnd';
import {
  CONTACT_TAGS,
  LOOP_TAGS,
  VALUE_TAGS,
  placeholderProblems,
  reportFolderName,
  type ReportContact,
  type ReportData,
} from '../domain/report';
import { TAB } from '../domain/schema';
import { cellText } from '../domain/table';
import { normalizeKey } from '../domain/text';
import { UnusableBookError, type DraftWriter, type Drafts } from '../commands/types';
import type { Cell, WorkbookPort } from '../workbook/port';

type Body = GoogleAppsScript.Document.Body;
type Folder = GoogleAppsScript.Drive.Folder;

const TEMPLATE_NAME = '支援レポート（ひな形）';
const TEMPLATE_DRAFT_NAME = '支援レポート（ひな形・作成中）';

/** Document property holding the ID of the Drive folder the month folders go in. */
export const REPORT_FOLDER_PROPERTY = 'teichaku.report.folder';

/** A Doc's ID from its URL (…/document/d/<id>/edit) or the ID itself. */
export function docIdOf(text: string): string | null {
  const t = text.trim();
  const m = /\/d\/([A-Za-z0-9_-]{10,})/.exec(t);
  if (m) return m[1];
  return /^[A-Za-z0-9_-]{10,}$/.test(t) ? t : null;
}

/**
 * A replacement is given as literal text: `$` and `\` (which a regular-expression replacement may
 * read as references) become their full-width forms, which read the same in a Japanese report.
 */
export function literal(text: string): string {
  return text.replace(/\$/g, '＄').replace(/\\/g, '＼');
}

function tag(name: string): string {
  return `\\{${name}\\}`;
}

function fillContact(element: { replaceText(p: string, r: string): unknown }, loop: string, c: ReportContact): void {
  element.replaceText(tag(`#${loop}`), '');
  element.replaceText(tag(`/${loop}`), '');
  for (const t of CONTACT_TAGS) element.replaceText(tag(t), literal(c[t]));
}

/**
 * Repeats each loop: the table row holding {#name} (the row of the contact table), or the paragraph
 * holding it, once per contact; without contacts the row or paragraph goes.
 */
function fillLoop(body: Body, name: string, rows: readonly ReportContact[]): void {
  for (let found = body.findText(tag(`#${name}`)); found; found = body.findText(tag(`#${name}`))) {
    const paragraph = found.getElement().getParent();
    const container = paragraph.getParent();
    if (container.getType() === DocumentApp.ElementType.TABLE_CELL) {
      const row = container.asTableCell().getParentRow();
      const table = row.getParentTable();
      const index = table.getChildIndex(row);
      rows.forEach((c, i) => {
        const copy = row.copy();
        fillContact(copy, name, c);
        table.insertTableRow(index + 1 + i, copy);
      });
      table.removeRow(index);
    } else {
      const p = paragraph.asParagraph();
      const index = body.getChildIndex(p);
      rows.forEach((c, i) => {
        const copy = p.copy();
        fillContact(copy, name, c);
        body.insertParagraph(index + 1 + i, copy);
      });
      body.removeChild(p);
    }
  }
}

export function fillBody(body: Body, data: ReportData): void {
  for (const loop of LOOP_TAGS) fillLoop(body, loop, data[loop]);
  for (const t of VALUE_TAGS) body.replaceText(tag(t), literal(data[t]));
}

/** sha-256 of a Doc's text, as hex. */
function digest(text: string): string {
  const bytes = Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, text, Utilities.Charset.UTF_8);
  return bytes.map((b) => ((b + 256) % 256).toString(16).padStart(2, '0')).join('');
}

/** The stamp of a Doc: its ID and the digest of its text (so a stamp names the Doc it is about). */
function stampOf(id: string, body: Body): string {
  return `${id}:${digest(body.getText())}`;
}

/** A Doc's stamp now, or null when it is gone (trashed, deleted, no longer reachable). */
function currentStamp(id: string): string | null {
  let file: GoogleAppsScript.Drive.File;
  try {
    file = DriveApp.getFileById(id);
  } catch {
    return null;
  }
  if (file.isTrashed()) return null;
  return stampOf(id, DocumentApp.openById(id).getBody());
}

/**
 * The default template Doc: the fields offices' report forms carry, A4. Made under a provisional name
 * and named when complete, so a run cut off half-way never leaves a half template that a later run
 * would take for the real one (what such a run left is trashed first).
 */
export function makeDefaultTemplate(folder: Folder): GoogleAppsScript.Drive.File {
  const leftovers = DriveApp.getFilesByName(TEMPLATE_DRAFT_NAME);
  while (leftovers.hasNext()) {
    const f = leftovers.next();
    if (!f.isTrashed()) f.setTrashed(true);
  }
  const doc = DocumentApp.create(TEMPLATE_DRAFT_NAME);
  const file = DriveApp.getFileById(doc.getId());
  file.moveTo(folder);
  const body = doc.getBody();
  // A4 in points (210 × 297 mm).
  body.setPageWidth(595.28).setPageHeight(841.89);
  body.appendParagraph('支援レポート（就労定着支援）').setHeading(DocumentApp.ParagraphHeading.TITLE);
  body.appendTable([
    ['対象月', '{対象月}', '作成日', '{作成日}'],
    ['氏名', '{氏名}　様', 'ケースID', '{ケースID}'],
    ['事業所', '{事業所名}', '作成者', '{担当者}'],
  ]);
  const box = (title: string): void => {
    body.appendParagraph(title).setHeading(DocumentApp.ParagraphHeading.HEADING2);
    body.appendTable([['\n\n']]);
  };
  box('当月の支援目標');
  box('就労・生活状況');
  body.appendParagraph('支援内容と結果').setHeading(DocumentApp.ParagraphHeading.HEADING2);
  body.appendTable([
    ['日付', '相手', '方法', '内容'],
    ['{#支援記録}{日付}', '{相手}', '{方法}', '{内容}{/支援記録}'],
  ]);
  body.appendParagraph('（結果・所見）');
  body.appendTable([['\n\n']]);
  box('今後の支援計画');
  body.appendParagraph('本人確認欄').setHeading(DocumentApp.ParagraphHeading.HEADING2);
  body.appendTable([
    ['上記の内容について説明を受け、確認しました。\n確認日　　　　年　　月　　日　　本人署名　＿＿＿＿＿＿＿＿＿＿'],
  ]);
  body.appendParagraph('共有日・共有先').setHeading(DocumentApp.ParagraphHeading.HEADING2);
  body.appendTable([
    ['共有日', '　　　　年　　月　　日'],
    ['共有先', '□本人　□企業　□ナカポツ　□相談支援　□その他（　　　　）'],
  ]);
  doc.saveAndClose();
  return file.setName(TEMPLATE_NAME);
}

/** Where 設定 records the template: the cell right of its label, or null when 設定 has no such label. */
function templateCell(values: readonly (readonly Cell[])[] | null): { row: number; col: number; value: string } | null {
  if (!values) return null;
  for (let r = 0; r < values.length; r++) {
    const c = values[r].findIndex(
      (v) => typeof v === 'string' && normalizeKey(v) === normalizeKey(REPORT_TEMPLATE_LABEL),
    );
    if (c >= 0) return { row: r + 1, col: c + 2, value: cellText(values[r][c + 1] ?? null).trim() };
  }
  return null;
}

/** The folder all month folders go in (made once, its ID kept in the document's properties). */
function reportRoot(props: GoogleAppsScript.Properties.Properties, spreadsheetName: string): Folder {
  const id = props.getProperty(REPORT_FOLDER_PROPERTY);
  if (id) {
    try {
      const folder = DriveApp.getFolderById(id);
      if (!folder.isTrashed()) return folder;
    } catch {
      // gone: a new one below
    }
  }
  // A folder of ours of that name (a run cut off before recording it) is the one; else a new one.
  const name = `支援レポート（${spreadsheetName}）`;
  const found = DriveApp.getFoldersByName(name);
  let folder: Folder | null = null;
  while (!folder && found.hasNext()) {
    const f = found.next();
    if (!f.isTrashed()) folder = f;
  }
  folder ??= DriveApp.createFolder(name);
  props.setProperty(REPORT_FOLDER_PROPERTY, folder.getId());
  return folder;
}

function monthFolder(root: Folder, month: YearMonth): Folder {
  const name = reportFolderName(month);
  const found = root.getFoldersByName(name);
  while (found.hasNext()) {
    const f = found.next();
    if (!f.isTrashed()) return f;
  }
  return root.createFolder(name);
}

/** The template Doc's ID: the one 設定 records, or a default one made now and recorded. */
function templateId(book: WorkbookPort, root: Folder): { id: string; made: boolean } {
  const values = book.readSheet(TAB.settings);
  const cell = templateCell(values);
  if (cell && cell.value) {
    const id = docIdOf(cell.value);
    if (!id)
      throw new UnusableBookError(
        `「${TAB.settings}」タブの「${REPORT_TEMPLATE_LABEL}」の値「${cell.value}」は Google ドキュメントの URL ではありません。ドキュメントの URL にするか、空欄にして実行してください（空欄ならひな形を作ります）。`,
      );
    return { id, made: false };
  }
  // The template a run cut off before recording it made, or a new one.
  let doc: { getId(): string; getUrl(): string } | null = null;
  const files = root.getFilesByName(TEMPLATE_NAME);
  while (!doc && files.hasNext()) {
    const f = files.next();
    if (!f.isTrashed()) doc = f;
  }
  doc ??= makeDefaultTemplate(root);
  if (cell) book.writeRange(TAB.settings, cell.row, cell.col, [[doc.getUrl()]], { asText: true });
  else {
    const width = values ? Math.max(0, ...values.map((r) => r.length)) : 0;
    if (!values) book.createSheet(TAB.settings);
    book.writeRange(TAB.settings, 1, width + 2, [[REPORT_TEMPLATE_LABEL, doc.getUrl()]], { asText: true });
  }
  return { id: doc.getId(), made: true };
}

function unreachableTemplate(id: string): UnusableBookError {
  return new UnusableBookError(
    `「${TAB.settings}」タブの「${REPORT_TEMPLATE_LABEL}」のドキュメント（${id}）を開けません。` +
      'このメニューが作ったひな形のドキュメントを編集して使ってください（このアドオンは自分で作ったファイルだけを扱えます）。' +
      '値を空欄にして実行すると、新しいひな形を作ります。',
  );
}

/** A template with a bad placeholder is refused before any Doc is made, naming the placeholder. */
function checkTemplate(id: string): void {
  let text: string;
  try {
    text = DocumentApp.openById(id).getBody().getText();
  } catch {
    throw unreachableTemplate(id);
  }
  const problems = placeholderProblems(text);
  if (problems.length)
    throw new UnusableBookError(
      `「${TAB.settings}」タブの「${REPORT_TEMPLATE_LABEL}」のドキュメントの差し込み項目に誤りがあります（ドキュメントはまだ作っていません）:\n` +
        problems.map((p) => `・${p}`).join('\n'),
    );
}

/** Docs in a month folder, made from the template. */
function docsWriter(templateFileId: string, folder: Folder): DraftWriter {
  let template: GoogleAppsScript.Drive.File | null = null;
  const templateFile = (): GoogleAppsScript.Drive.File => {
    if (template) return template;
    try {
      template = DriveApp.getFileById(templateFileId);
    } catch {
      throw unreachableTemplate(templateFileId);
    }
    return template;
  };
  return {
    where: `Google ドライブのフォルダ「${folder.getName()}」`,
    replacesUnrecorded: true,
    recorded(row) {
      const id = row.stamp.split(':')[0];
      const stamp = id ? currentStamp(id) : null;
      return stamp ? { ref: id, stamp } : null;
    },
    unrecorded(fileName) {
      const files = folder.getFilesByName(fileName);
      while (files.hasNext()) {
        const f = files.next();
        if (f.isTrashed()) continue;
        const stamp = currentStamp(f.getId());
        if (stamp) return { ref: f.getId(), stamp };
      }
      return null;
    },
    wouldBe: () => null,
    write(fileName: string, data: ReportData) {
      const file = templateFile().makeCopy(fileName, folder);
      const doc = DocumentApp.openById(file.getId());
      const body = doc.getBody();
      fillBody(body, data);
      const stamp = stampOf(file.getId(), body);
      doc.saveAndClose();
      return { ref: file.getId(), stamp, link: file.getUrl() };
    },
    retire(written) {
      // Every other Doc of a name just written was ours and untouched (the one the row named, or one
      // a run cut off before its row left): to the trash, where it stays recoverable for 30 days.
      for (const w of written) {
        const files = folder.getFilesByName(w.fileName);
        while (files.hasNext()) {
          const f = files.next();
          if (f.getId() !== w.ref && !f.isTrashed()) f.setTrashed(true);
        }
      }
    },
  };
}

/**
 * Sheets' place for drafts: per month, the template Doc (made on first use), checked, and the month
 * folder. The report command reads the book before asking for it.
 */
export function sheetsDrafts(
  book: WorkbookPort,
  props: GoogleAppsScript.Properties.Properties,
  spreadsheetName: string,
): Drafts {
  return {
    forMonth(month: YearMonth) {
      const root = reportRoot(props, spreadsheetName);
      const template = templateId(book, root);
      checkTemplate(template.id);
      const folder = monthFolder(root, month);
      const notices = template.made
        ? [
            `ひな形のドキュメント「支援レポート（ひな形）」を作り、「${TAB.settings}」タブの「${REPORT_TEMPLATE_LABEL}」に記録しました。事業所の様式に合わせるときは、そのドキュメントを編集してください（{氏名} などの差し込み項目はそのまま残します）。`,
          ]
        : [];
      return { writer: docsWriter(template.id, folder), notices };
    },
  };
}
