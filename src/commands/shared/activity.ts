// 活動報告 for every command that reads it (集計, 月次集計, 提出状況, intake, the reminders): read once per
// run, its status column written once per run, and the notices about rows left out.

import { ACTIVITY_STATUS_HEADER, locateActivityTable, readActivityTab, type ActivityTab } from '../../domain/activity';
import type { CalendarDate, YearMonth } from '../../domain/calendar';
import { TAB } from '../../domain/schema';
import type { Settings } from '../../domain/settings';
import { cellText, isBlankCell } from '../../domain/table';
import type { Cell, WorkbookPort } from '../../workbook/port';
import { UnusableBookError, type CommandContext } from '../types';
import { hasTab } from './generated';
import { ledgerFacts, sessionSettings } from './ledger';
import type { RunSession } from './session';

function activityTable(values: Cell[][], settings: Settings, today?: CalendarDate): ActivityTab {
  const table = locateActivityTable(TAB.activity, values);
  if (!table) {
    throw new UnusableBookError(
      `「${TAB.activity}」タブの1〜10行目に見出し「センター名」と「対象年月」の行が見つかりません。見出し行にこの2列を作ってください。`,
    );
  }
  return readActivityTab(table, settings.centers, today);
}

/** What the tallies (集計, 月次集計) read: 活動報告 and the ledger's facts, each where its tab exists. */
export function readsOfTallies(s: RunSession): void {
  if (hasTab(s.book, TAB.activity)) sessionActivity(s);
  if (hasTab(s.book, TAB.ledger)) ledgerFacts(s);
}

/** Reads 活動報告 (null when the tab does not exist) or explains why it cannot be used. */
export function readActivity(book: WorkbookPort, settings: Settings, today?: CalendarDate): ActivityTab | null {
  const values = book.readSheet(TAB.activity);
  return values === null ? null : activityTable(values, settings, today);
}

/** 活動報告, once per run (null when the tab does not exist). */
export function sessionActivity(s: RunSession): ActivityTab | null {
  return s.once('activity', () => readActivity(s.book, sessionSettings(s), s.today));
}

/**
 * 活動報告 as intake's target: null when it is missing or empty (an empty one is left by a run cut off
 * right after creating it, and is filled as a new tab).
 */
export function readTargetActivity(book: WorkbookPort, settings: Settings): ActivityTab | null {
  const values = book.readSheet(TAB.activity);
  if (values === null || values.every((row) => row.every(isBlankCell))) return null;
  return activityTable(values, settings);
}

/**
 * Writes 活動報告's status column (added at the right when missing) in one call, only when a value
 * changes: the tab is the source of truth, the column just shows what the last run decided.
 */
export function writeActivityStatus(book: WorkbookPort, tab: ActivityTab): boolean {
  const { table } = tab;
  const col = table.columns.status;
  const values: Cell[][] = table.rows.map((_, i) => [tab.resolution.status.get(table.headerRow + 1 + i) ?? null]);
  if (col === undefined) {
    book.writeRange(table.sheet, table.headerRow, table.width + 1, [[ACTIVITY_STATUS_HEADER], ...values], {
      asText: true,
    });
    return true;
  }
  const changed = table.rows.some((cells, i) => cellText(cells[col] ?? null) !== cellText(values[i][0]));
  if (changed && values.length) book.writeRange(table.sheet, table.headerRow + 1, col + 1, values, { asText: true });
  return changed;
}

/** The status column written once per run: true when this call wrote it. */
export function sessionActivityStatus(s: RunSession, tab: ActivityTab): boolean {
  let wrote = false;
  s.once('activityStatus', () => (wrote = writeActivityStatus(s.book, tab)));
  return wrote;
}

/** Notices about 活動報告 rows that were left out. */
export function activityNotices(tab: ActivityTab): string[] {
  const out: string[] = [];
  if (tab.resolution.errorRows)
    out.push(
      `${TAB.activity}タブの${tab.resolution.errorRows}行はエラーのため集計していません（「${ACTIVITY_STATUS_HEADER}」列に理由があります）。`,
    );
  return out;
}

/** The summaries need ケース台帳 or 活動報告 (either suffices): a reason to skip, or null. */
export function activityOrLedger(ctx: CommandContext): string | null {
  return hasTab(ctx.book, TAB.ledger) || hasTab(ctx.book, TAB.activity)
    ? null
    : `「${TAB.ledger}」「${TAB.activity}」のどちらもありません`;
}

export function monthLabel(m: YearMonth): string {
  return `${m.y}年${m.m}月`;
}

/** Sheet names cannot hold some characters (Excel: []:*?/\) or exceed 31 characters. */
export function safeTabName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31);
}
