// 取り込みエラー: the responses (form intake) or files (folder intake) that were not taken, rebuilt
// by both kinds of intake.

import type { CalendarDate } from '../../domain/calendar';
import { RESPONSE_STATUS_HEADER } from '../../domain/intake';
import type { Problem } from '../../domain/problem';
import type { Cell, SheetContent } from '../../workbook/port';
import { titleRow } from './generated';

export function intakeErrorSheet(
  formTab: string,
  errors: readonly Problem[],
  review: readonly Problem[],
  today: CalendarDate,
  /** Replaces the note under the title (folder intake explains its files instead of a form tab). */
  note?: string,
): SheetContent {
  const values: Cell[][] = [titleRow('取り込みエラー（フォーム回答のうち取り込まなかったもの）', today)];
  values.push([
    note ??
      `「${formTab}」タブの回答は変更していません。エラーの回答は、フォームで回答を編集するか「${formTab}」タブのセルを直すと、次回の取り込みで取り込まれます。要確認の回答は人が判断し、済んだら「${RESPONSE_STATUS_HEADER}」列を「対応済」にしてください。`,
  ]);
  values.push([]);
  const header = ['回答タブ', '行', '種類', '項目', '値', '内容'];
  values.push(header);
  const all = [...errors.map((p) => ({ p, kind: 'エラー' })), ...review.map((p) => ({ p, kind: '要確認' }))].sort(
    (a, b) => a.p.row - b.p.row,
  );
  for (const { p, kind } of all) values.push([p.sheet, p.row || null, kind, p.column, p.value, p.message]);
  if (all.length === 0) values.push(['取り込めなかった回答はありません。']);
  return { values, boldRows: [0, 3], asText: true };
}
