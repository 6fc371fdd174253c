// 報告フォームを作成 / ケース報告フォームを作成 (Sheets only): makes the form, or brings the one 設定 records
// up to date (the same form, its choices from 設定's centers, its answers kept), and records its links
// in 設定's form block. The form service itself is behind FormMaker (src/gas/forms.ts implements it).

import { activityFormSpec, caseFormSpec, CENTER_QUESTION, type FormKind, type FormSpec } from '../domain/forms';
import { TAB } from '../domain/schema';
import { parseSettings } from '../domain/settings';
import type { Cell, WorkbookPort } from '../workbook/port';
import { formIdOf, readFormBlock, writeFormBlock } from './shared/formBlock';
import { UnusableBookError } from './types';

export interface MadeForm {
  readonly id: string;
  readonly publishedUrl: string;
  readonly editUrl: string;
  /** Whether this run created it (else an existing form was updated). */
  readonly created: boolean;
  /** One link per choice of the prefill question, that choice already made. */
  readonly prefilled: { readonly center: string; readonly url: string }[];
}

export interface FormMaker {
  /** Makes the form (or updates the recorded one) and links it to this spreadsheet. */
  make(spec: FormSpec, recordedId: string | null, prefillQuestion: string | null): MadeForm;
  /** Called once 設定 records the form `make` returned (a maker may keep track of a form being made). */
  recorded?(): void;
}

/** Menu label of each form's item. */
export const FORM_TITLES: Readonly<Record<FormKind, string>> = {
  activity: '報告フォームを作成',
  case: 'ケース報告フォームを作成',
};

/** Makes or updates the form of `kind`; returns what to tell the user. */
export function makeForm(book: WorkbookPort, kind: FormKind, maker: FormMaker): string {
  const values = book.readSheet(TAB.settings);
  if (!values)
    throw new UnusableBookError(`「${TAB.settings}」タブがありません。先にメニュー「初期設定」を実行してください。`);
  const settings = parseSettings(values);
  const block = readFormBlock(values);
  const recorded = block?.forms[kind] ? formIdOf(block.forms[kind]!.editUrl) : null;
  const spec =
    kind === 'activity'
      ? activityFormSpec(settings.centers, settings.reportDeadlineDay)
      : caseFormSpec(settings.centers);
  const made = maker.make(spec, recorded, kind === 'activity' ? CENTER_QUESTION : null);
  writeFormBlock(
    book,
    values,
    kind,
    { publishedUrl: made.publishedUrl, editUrl: made.editUrl },
    kind === 'activity' ? made.prefilled : null,
  );
  maker.recorded?.();
  const where = `回答用のリンク${kind === 'activity' ? 'とセンターごとの記入済みリンク' : ''}は「${TAB.settings}」タブの右側「フォーム（自動）」にあります。`;
  return made.created
    ? `「${spec.title}」フォームを作り、このスプレッドシートにつなぎました（回答は新しいタブに入ります）。${where}\n回答用: ${made.publishedUrl}\n\n届いた回答は「フォーム回答を取り込む」で取り込めます。［フォーム自動取り込みを設定］をすると届くたびに取り込みます。`
    : `「${spec.title}」フォームを「${TAB.settings}」のセンター一覧（${settings.centers.length}件）に合わせて更新しました。これまでの回答はそのまま残っています。${where}`;
}

/** The IDs of the forms the product made, as 設定's cells record them. */
export function recordedFormIds(values: readonly (readonly Cell[])[] | null): string[] {
  const block = readFormBlock(values);
  return (['activity', 'case'] as const)
    .map((k) => (block?.forms[k] ? formIdOf(block.forms[k]!.editUrl) : null))
    .filter((id): id is string => id !== null);
}
