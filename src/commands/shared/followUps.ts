// Readers of the two follow-up tabs: 離職・再就職 (every job change, with its reason) and 就労確認 (whether a
// person whose service ended still worked on a fiscal year's last day). Both are optional: a book without
// them reads as empty logs. A tab whose header row lacks a needed column is reported, never guessed.

import { EMPTY_CHECK_LOG, readEmploymentChecks, type EmploymentCheckLog } from '../../domain/employmentChecks';
import { EMPTY_JOB_CHANGE_LOG, readJobChangeLog, type JobChangeLog } from '../../domain/jobChange';
import type { Problem } from '../../domain/problem';
import { EMPLOYMENT_CHECK_COLUMNS, JOB_CHANGE_COLUMNS, TAB, type ColumnDef } from '../../domain/schema';
import { locateTable, type HeaderedTable } from '../../domain/table';
import type { WorkbookPort } from '../../workbook/port';
import type { RunSession } from './session';

export interface FollowUps {
  readonly jobChanges: JobChangeLog;
  readonly checks: EmploymentCheckLog;
  /** Problems of both tabs (bad rows, missing columns). */
  readonly problems: readonly Problem[];
}

function tabProblem(sheet: string, message: string): Problem {
  return { severity: 'error', sheet, row: 0, column: '', value: '', caseId: '', message };
}

function locate<K extends string>(
  book: WorkbookPort,
  sheet: string,
  defs: readonly ColumnDef<K>[],
  problems: Problem[],
): HeaderedTable<K> | null {
  const values = book.readSheet(sheet);
  if (values === null) return null;
  if (values.every((r) => r.every((c) => c === null || c === ''))) return null;
  const table = locateTable(sheet, values, defs, 'caseId' as K);
  if (!table) {
    problems.push(
      tabProblem(
        sheet,
        `「${sheet}」タブの1〜10行目に見出し「ケースID」の行がありません。見出し行を作ってください。このタブは使っていません。`,
      ),
    );
    return null;
  }
  const missing = defs.filter((d) => d.required && table.columns[d.key] === undefined).map((d) => d.header);
  if (missing.length) {
    problems.push(
      tabProblem(
        sheet,
        `「${sheet}」タブに次の列がありません: ${missing.join('、')}。見出し行に追加してください。このタブは使っていません。`,
      ),
    );
    return null;
  }
  return table;
}

export function readFollowUps(book: WorkbookPort, caseIds: readonly string[]): FollowUps {
  const problems: Problem[] = [];
  const jobTable = locate(book, TAB.jobChanges, JOB_CHANGE_COLUMNS, problems);
  const checkTable = locate(book, TAB.employmentChecks, EMPLOYMENT_CHECK_COLUMNS, problems);
  const jobChanges = jobTable ? readJobChangeLog(jobTable, caseIds) : EMPTY_JOB_CHANGE_LOG;
  const checks = checkTable ? readEmploymentChecks(checkTable, caseIds) : EMPTY_CHECK_LOG;
  return { jobChanges, checks, problems: [...problems, ...jobChanges.problems, ...checks.problems] };
}

/** 離職・再就職 and 就労確認, read once per run for the cases of the ledger's check. */
export function sessionFollowUps(s: RunSession, caseIds: () => readonly string[]): FollowUps {
  return s.once('followUps', () => readFollowUps(s.book, caseIds()));
}
