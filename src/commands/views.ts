// Read-only views (issue 13): `teichaku case` and `teichaku todo`. Unlike commands they write nothing,
// so the CLI prints them and never saves the book.

import type { CalendarDate } from '../domain/calendar';
import { parseMonthOption } from '../domain/contacts';
import type { WorkbookPort } from '../workbook/port';
import { caseText, explainCase, findCaseRow, readBookView, todoList, todoText } from './caseView';
import { CommandUsageError } from './types';

export interface ViewArgs {
  readonly caseId?: string;
  /** YYYY-MM */
  readonly month?: string;
}

export interface ViewResult {
  readonly lines: readonly string[];
  readonly json: unknown;
}

export interface ViewDef {
  readonly name: string;
  /** Menu label (Japanese) */
  readonly title: string;
  /** Help line */
  readonly help: string;
  /** The view takes a ケースID after the book. */
  readonly takesCaseId: boolean;
  run(book: WorkbookPort, today: CalendarDate, args: ViewArgs): ViewResult;
}

export const VIEWS: readonly ViewDef[] = [
  {
    name: 'case',
    title: 'ケースの詳細を表示',
    help: 'ケース1件の日付と計算のきまり・残日数・フラグの理由・次にすること・今月の支援・検証結果を表示（teichaku case <台帳.xlsx> <ケースID>）',
    takesCaseId: true,
    run(book, today, args) {
      if (!args.caseId) throw new CommandUsageError('ケースIDを指定してください。例: teichaku case 台帳.xlsx C-0001');
      const view = readBookView(book, today);
      const explanation = explainCase(view, findCaseRow(view, args.caseId));
      return { lines: caseText(explanation), json: { command: 'case', ...explanation } };
    },
  },
  {
    name: 'todo',
    title: '今月のやること',
    help: '対面・支援レポートが足りないケース、情報共有期限・支給決定の更新・引継ぎの準備を急ぐ順に表示（--month）',
    takesCaseId: false,
    run(book, today, args) {
      const month = args.month ? parseMonthOption(args.month) : { y: today.y, m: today.m };
      if (!month) throw new CommandUsageError(`対象月「${args.month}」を読めません。YYYY-MM で指定してください。`);
      const list = todoList(readBookView(book, today), month);
      return { lines: todoText(list), json: { command: 'todo', ...list } };
    },
  },
];

export function findView(name: string): ViewDef | undefined {
  return VIEWS.find((v) => v.name === name);
}
