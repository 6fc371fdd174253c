// What 設定 records about the forms the product made: a block of its own to the right of everything
// else in the tab (found again by its title cell), with each form's links and one prefilled link
// per center. The menus 報告フォームを作成 / ケース報告フォームを作成 (src/commands/forms.ts) rewrite it;
// intake and the reminders read it. Only the block's cells are ever written.

import type { FormKind } from '../../domain/forms';
import { TAB } from '../../domain/schema';
import { cellText, isBlankCell } from '../../domain/table';
import type { Cell, WorkbookPort } from '../../workbook/port';

export const FORM_BLOCK_TITLE = 'フォーム（自動）';
const CENTER_LINKS_HEADER = ['対象センター', '活動報告フォームの記入済みリンク'];
/** Rows of the block above the per-center links. */
const LABELS: Readonly<Record<FormKind, { readonly published: string; readonly edit: string }>> = {
  activity: { published: '活動報告フォーム（回答用）', edit: '活動報告フォーム（編集用）' },
  case: { published: 'ケース報告フォーム（回答用）', edit: 'ケース報告フォーム（編集用）' },
};

/** The label of the row holding the edit link of the form of `kind`. */
export function editLinkLabel(kind: FormKind): string {
  return LABELS[kind].edit;
}

export interface FormLinks {
  readonly publishedUrl: string;
  readonly editUrl: string;
}

export interface FormBlock {
  /** 1-based position of the title cell. */
  readonly row: number;
  readonly col: number;
  /** Rows the block spans now (for clearing what a shorter block leaves). */
  readonly height: number;
  readonly forms: Partial<Record<FormKind, FormLinks>>;
  /** Center (as 設定 spells it) → its prefilled 活動報告 link. */
  readonly prefilled: ReadonlyMap<string, string>;
}

/** Reads the block from 設定's values; null when there is none yet. */
export function readFormBlock(values: readonly (readonly Cell[])[] | null): FormBlock | null {
  if (!values) return null;
  for (let r = 0; r < values.length; r++) {
    const c = values[r].findIndex((v) => v === FORM_BLOCK_TITLE);
    if (c < 0) continue;
    const at = (row: number, col: number): Cell => values[row]?.[col] ?? null;
    const forms: Partial<Record<FormKind, FormLinks>> = {};
    const prefilled = new Map<string, string>();
    let height = 1;
    let links = false;
    let blanks = 0;
    for (let i = r + 1; i < values.length; i++) {
      const label = cellText(at(i, c)).trim();
      // The block ends at the end of the center links, or at two blank rows.
      if (label === '' && isBlankCell(at(i, c + 1))) {
        if (links || ++blanks >= 2) break;
        continue;
      }
      blanks = 0;
      height = i - r + 1;
      if (links) prefilled.set(label, cellText(at(i, c + 1)).trim());
      else if (label === CENTER_LINKS_HEADER[0]) links = true;
      else {
        for (const kind of ['activity', 'case'] as const) {
          if (label === LABELS[kind].published || label === LABELS[kind].edit) {
            const prev = forms[kind] ?? { publishedUrl: '', editUrl: '' };
            const url = cellText(at(i, c + 1)).trim();
            forms[kind] = label === LABELS[kind].published ? { ...prev, publishedUrl: url } : { ...prev, editUrl: url };
          }
        }
      }
    }
    for (const kind of ['activity', 'case'] as const) if (forms[kind] && !forms[kind]!.editUrl) delete forms[kind];
    return { row: r + 1, col: c + 1, height, forms, prefilled };
  }
  return null;
}

/** The form ID inside an edit URL (https://docs.google.com/forms/d/<ID>/edit). */
export function formIdOf(editUrl: string): string | null {
  const m = /\/forms\/d\/([^/]+)\/edit/.exec(editUrl);
  return m && m[1] !== 'e' ? m[1] : null;
}

/** Where a new block goes: row 1, two columns right of everything 設定 holds. */
function newBlockColumn(values: readonly (readonly Cell[])[]): number {
  let width = 0;
  for (const row of values)
    for (let c = row.length - 1; c >= width; c--)
      if (!isBlankCell(row[c])) {
        width = c + 1;
        break;
      }
  return width + 2;
}

/**
 * Writes the block with one form's links (and, for 活動報告, a prefilled link per center), keeping
 * the other form's links. One read of 設定 was done by the caller; this is one write.
 */
export function writeFormBlock(
  book: WorkbookPort,
  values: readonly (readonly Cell[])[],
  kind: FormKind,
  links: FormLinks,
  prefilled: readonly { readonly center: string; readonly url: string }[] | null,
): void {
  const old = readFormBlock(values);
  const forms = { ...(old?.forms ?? {}), [kind]: links };
  const centerLinks =
    prefilled ?? [...(old?.prefilled ?? new Map<string, string>()).entries()].map(([center, url]) => ({ center, url }));
  const rows: Cell[][] = [
    [FORM_BLOCK_TITLE, 'メニュー「報告フォームを作成」「ケース報告フォームを作成」が書き直す欄です'],
  ];
  for (const k of ['activity', 'case'] as const) {
    rows.push([LABELS[k].published, forms[k]?.publishedUrl ?? null]);
    rows.push([LABELS[k].edit, forms[k]?.editUrl ?? null]);
  }
  if (centerLinks.length) {
    rows.push([null, null]);
    rows.push([...CENTER_LINKS_HEADER]);
    for (const l of centerLinks) rows.push([l.center, l.url]);
  }
  // A shorter block than last time: blank the rows it no longer uses.
  while (old && rows.length < old.height) rows.push([null, null]);
  const row = old?.row ?? 1;
  const col = old?.col ?? newBlockColumn(values);
  book.writeRange(TAB.settings, row, col, rows, { asText: true });
}
