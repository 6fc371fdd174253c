// The sidebars (ケースの詳細, 今月のやること) and the server functions their pages call through
// google.script.run. The work is the views' (src/commands/case.ts, todo.ts); here only the cursor,
// the selection and the messages. They write no cell, take no lock and send nothing.

import { caseAtSelection, locateCase, type SidebarCaseReply, type SidebarSelection } from '../commands/case';
import { todoForSidebar, type SidebarTodoReply } from '../commands/todo';
import { CommandUsageError, UnusableBookError } from '../commands/types';
import { TAB } from '../domain/schema';
import { SIDEBAR_TITLES, sidebarPage, type SidebarKind } from '../sidebar/page';
import { logError, todayInTokyo } from './services';
import { SheetsWorkbook } from './sheetsWorkbook';

export type { SidebarCaseReply, SidebarSelection, SidebarTodoReply };
export type SidebarSelectReply = { ok: true; row: number } | { ok: false; message: string };

export function showSidebar(kind: SidebarKind): void {
  // https://developers.google.com/apps-script/reference/base/ui#showSidebar(Object)
  const page = HtmlService.createHtmlOutput(sidebarPage(kind)).setTitle(SIDEBAR_TITLES[kind]);
  SpreadsheetApp.getUi().showSidebar(page);
}

/** Which tab and row the cursor is on (Spreadsheet.getCurrentCell; row 0 when there is none). */
export function sidebarSelection(): SidebarSelection {
  const ss = SpreadsheetApp.getActive();
  const cell = ss.getCurrentCell();
  return { sheet: ss.getActiveSheet().getName(), row: cell ? cell.getRow() : 0 };
}

/**
 * A problem with the book becomes its message in the sidebar. Anything else is logged for the
 * developer (the error, no cell contents) and told in Japanese: the page never shows a raw error.
 */
function sidebarMessage(what: string, e: unknown): string {
  if (e instanceof UnusableBookError || e instanceof CommandUsageError) return e.message;
  logError(what, e);
  return (
    '予期しないエラーのため表示できませんでした（スプレッドシートは何も変更していません）。' +
    'もう一度ボタンを押して表示してください。繰り返し起きる場合は、管理者に Apps Script の実行ログを確かめてもらってください。'
  );
}

/** The explanation of the ledger row the cursor is on (氏名 included: the user sees that row already). */
export function sidebarCase(): SidebarCaseReply {
  let selection: SidebarSelection = { sheet: '', row: 0 };
  try {
    selection = sidebarSelection();
    return caseAtSelection(new SheetsWorkbook(SpreadsheetApp.getActive()), todayInTokyo(), selection);
  } catch (e) {
    return { ok: false, selection, message: sidebarMessage('sidebarCase', e) };
  }
}

export function sidebarTodo(): SidebarTodoReply {
  try {
    return todoForSidebar(new SheetsWorkbook(SpreadsheetApp.getActive()), todayInTokyo());
  } catch (e) {
    return { ok: false, message: sidebarMessage('sidebarTodo', e) };
  }
}

/** Selects the ケース台帳 row of a ケースID (the whole row, its ケースID cell current). */
export function sidebarSelectCase(caseId?: unknown): SidebarSelectReply {
  if (typeof caseId !== 'string' || caseId.trim() === '') return { ok: false, message: 'ケースIDがありません。' };
  try {
    const ss = SpreadsheetApp.getActive();
    const found = locateCase(new SheetsWorkbook(ss), todayInTokyo(), caseId);
    if (!found.ok) return found;
    const sheet = ss.getSheetByName(TAB.ledger)!;
    ss.setActiveSheet(sheet);
    // https://developers.google.com/apps-script/reference/spreadsheet/range#activate()
    sheet.getRange(found.row, 1, 1, Math.max(1, sheet.getLastColumn())).activate();
    sheet.getRange(found.row, found.col).activateAsCurrentCell();
    return { ok: true, row: found.row };
  } catch (e) {
    return { ok: false, message: sidebarMessage('sidebarSelectCase', e) };
  }
}
