// 月末確認 read from the book: each 担当者's cases still missing this month's 対面, 支援レポート (to 本人)
// or 企業訪問. `teichaku todo --by-staff` prints the lists; the daily run mails them (src/gas/monthEnd.ts).
// Reads the tabs once, writes nothing.

import { compareDates, type CalendarDate, type YearMonth } from '../domain/calendar';
import { parseMonthOption } from '../domain/contacts';
import {
  monthEndDay,
  planMonthEnd,
  readMonthEndConfig,
  staffTodos,
  staffTodoText,
  type MonthEndPlan,
  type MonthEndSent,
  type StaffTodo,
} from '../domain/monthEnd';
import { reportsSharedWithPerson } from '../domain/report';
import { TAB } from '../domain/schema';
import { parseSettings } from '../domain/settings';
import type { WorkbookPort } from '../workbook/port';
import { readForReport } from './shared/reportRead';
import { CommandUsageError } from './types';

/** The lists of `month` (default: the month of today). */
export function readStaffTodos(book: WorkbookPort, today: CalendarDate, month: YearMonth): StaffTodo[] {
  const read = readForReport(book, today);
  return staffTodos(read.cases, read.contacts, reportsSharedWithPerson(read.tab.values), month);
}

export function staffTodoView(
  book: WorkbookPort,
  today: CalendarDate,
  monthText: string | undefined,
): { lines: string[]; json: unknown } {
  const month = monthText ? parseMonthOption(monthText) : { y: today.y, m: today.m };
  if (!month) throw new CommandUsageError(`対象月「${monthText}」を読めません。YYYY-MM で指定してください。`);
  const todos = readStaffTodos(book, today, month);
  const config = readMonthEndConfig(book.readSheet(TAB.settings));
  const lines = staffTodoText(todos, month, today);
  for (const p of config.problems) lines.push(`注意: ${p}`);
  return { lines, json: { command: 'todo', byStaff: todos } };
}

/** The month-end mails due today (none when the check is off or its day has not come). */
export function planMonthEndMails(book: WorkbookPort, today: CalendarDate, sent: MonthEndSent | null): MonthEndPlan {
  const values = book.readSheet(TAB.settings);
  const config = readMonthEndConfig(values);
  // Nothing read before the day: the daily run pays for the lists only when they may be mailed.
  if (config.daysBefore === null || compareDates(today, monthEndDay(today, config.daysBefore)) < 0)
    return planMonthEnd(config, [], [], today, sent);
  const todos = readStaffTodos(book, today, { y: today.y, m: today.m });
  return planMonthEnd(config, todos, parseSettings(values).digestTo, today, sent);
}
