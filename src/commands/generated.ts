// Generated tabs (検証結果, 引継ぎ予定, 集計…): rebuilt on each run and marked as ours in A1,
// so a user's own tab that happens to have the same name is never overwritten.

import { formatSlash, type CalendarDate } from '../domain/calendar';
import { GENERATED_MARK } from '../domain/schema';
import type { Cell, SheetContent, WorkbookPort } from '../workbook/port';

export interface GeneratedTab {
  /** The name actually used (differs from the wanted name when a user's tab holds it). */
  readonly name: string;
  /** Set when the wanted name was taken by a user's tab. */
  readonly notice?: string;
}

export function isGeneratedTab(book: WorkbookPort, name: string): boolean {
  const values = book.readSheet(name);
  // An empty tab holds nothing to protect; it is what a run cut off right after creating ours leaves.
  if (values !== null && values.length === 0) return true;
  const a1 = values?.[0]?.[0];
  return typeof a1 === 'string' && a1.startsWith(GENERATED_MARK);
}

/** The title row every generated tab starts with. */
export function titleRow(title: string, today: CalendarDate): Cell[] {
  return [`${GENERATED_MARK}${title}（${formatSlash(today)} 作成・このタブは次回の実行で作り直されます）`];
}

/**
 * Writes a generated tab. `content.values[0]` should be the title row from `titleRow`.
 * When a user's own tab holds `wanted`, ours takes `wanted（自動）`, `wanted（自動2）`, … and the user is told.
 */
export function writeGeneratedTab(book: WorkbookPort, wanted: string, content: SheetContent): GeneratedTab {
  const names = new Set(book.sheetNames());
  let name = wanted;
  for (let i = 1; names.has(name) && !isGeneratedTab(book, name); i++) {
    name = i === 1 ? `${wanted}（自動）` : `${wanted}（自動${i}）`;
  }
  book.replaceSheet(name, content);
  const notice =
    name === wanted
      ? undefined
      : `「${wanted}」タブは利用者のタブのため上書きせず、結果を「${name}」タブに書きました。`;
  return { name, notice };
}
