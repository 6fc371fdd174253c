// Who has reported: per center and month, whether 活動報告 holds a valid report, and whether the
// month's deadline (day N of the following month, 設定「活動報告の提出期限（翌月の日）」) has passed.
// This is what tells "reported 0" from "never reported": a month past its deadline with
// no valid report is missing, and the prefecture table's 0 for it is not a reported 0.
//
// Our rules (README「提出状況」):
// - only valid reports count; an invalid one is no submission (it is shown, but changes no state);
// - a month is looked at once it has ended (today after its last day); before that the cell is blank;
// - the deadline day is clamped to the month's last day (31 in a 30-day month means the 30th);
// - past its deadline means today is after the deadline day.

import { matchCenter, parseTargetMonth, type ActivityReport, type ActivityTab } from './activity';
import {
  addMonthsToYearMonth,
  compareDates,
  daysInMonth,
  fiscalYearOf,
  formatSlash,
  formatYearMonth,
  fromDayNumber,
  type CalendarDate,
  type YearMonth,
} from './calendar';
import { cellText, dataRows } from './table';

export type SubmissionState = 'submitted' | 'corrected' | 'overdue' | 'missing' | 'notEnded';

export const STATE_LABEL: Readonly<Record<Exclude<SubmissionState, 'notEnded'>, string>> = {
  submitted: '提出',
  corrected: '差し替え',
  overdue: '期限超過',
  missing: '未提出',
};

export interface MonthSubmission {
  readonly state: SubmissionState;
  /** The day the report that counts was submitted (null: no valid report, or no 提出日時). */
  readonly submittedOn: CalendarDate | null;
  /** Valid reports for the month (the one that counts and those it replaced). */
  readonly validCount: number;
  /** Reports for the month that could not be used (an error in a count, say). */
  readonly invalidCount: number;
  readonly deadline: CalendarDate;
  /** The report that counts came after the deadline. */
  readonly late: boolean;
}

/** Day N of the month after `month`, clamped to that month's last day. */
export function reportDeadline(month: YearMonth, day: number): CalendarDate {
  const next = addMonthsToYearMonth(month, 1);
  return { y: next.y, m: next.m, d: Math.min(day, daysInMonth(next.y, next.m)) };
}

export function monthEnded(month: YearMonth, today: CalendarDate): boolean {
  return compareDates(today, { y: month.y, m: month.m, d: daysInMonth(month.y, month.m) }) > 0;
}

/** The twelve months of a fiscal year, April first. */
export function fiscalYearMonths(fy: number): YearMonth[] {
  return Array.from({ length: 12 }, (_, i) => addMonthsToYearMonth({ y: fy, m: 4 }, i));
}

/** A report that names a center of 設定 and a readable month but has an error elsewhere. */
export interface InvalidAttempt {
  readonly centerIndex: number;
  readonly month: YearMonth;
}

/** Rows of 活動報告 with an error that still say which center and month they were for. */
export function invalidAttempts(tab: ActivityTab, centers: readonly string[]): InvalidAttempt[] {
  const bad = new Set(tab.checks.filter((c) => !c.report).map((c) => c.rowNumber));
  const out: InvalidAttempt[] = [];
  for (const row of dataRows(tab.table)) {
    if (!bad.has(row.rowNumber)) continue;
    const centerIndex = matchCenter(cellText(row.get('center')), centers);
    const month = parseTargetMonth(row.get('month'));
    if (centerIndex >= 0 && month.kind === 'month') out.push({ centerIndex, month: month.month });
  }
  return out;
}

export interface SubmissionInput {
  /** Every valid report, superseded ones included. */
  readonly valid: readonly ActivityReport[];
  /** The reports that count (one per center and month). */
  readonly effective: readonly ActivityReport[];
  readonly invalid: readonly InvalidAttempt[];
}

/** What 活動報告 says about submissions, in the shape submissionGrid wants. */
export function submissionInput(tab: ActivityTab, centers: readonly string[]): SubmissionInput {
  return {
    valid: tab.checks.flatMap((c) => (c.report ? [c.report] : [])),
    effective: tab.resolution.effective,
    invalid: invalidAttempts(tab, centers),
  };
}

const key = (centerIndex: number, month: YearMonth): string => `${centerIndex}|${formatYearMonth(month)}`;

function countBy<T>(items: readonly T[], keyOf: (t: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of items) out.set(keyOf(t), (out.get(keyOf(t)) ?? 0) + 1);
  return out;
}

/** The state of every center (rows, 設定 order) in every month (columns). */
export function submissionGrid(
  input: SubmissionInput,
  centerCount: number,
  months: readonly YearMonth[],
  today: CalendarDate,
  deadlineDay: number,
): MonthSubmission[][] {
  const validCount = countBy(input.valid, (r) => key(r.centerIndex, r.month));
  const invalidCount = countBy(input.invalid, (a) => key(a.centerIndex, a.month));
  const effective = new Map(input.effective.map((r) => [key(r.centerIndex, r.month), r]));
  return Array.from({ length: centerCount }, (_, ci) =>
    months.map((month): MonthSubmission => {
      const k = key(ci, month);
      const deadline = reportDeadline(month, deadlineDay);
      const report = effective.get(k);
      const submittedOn =
        report && report.submittedAt !== null ? fromDayNumber(Math.floor(report.submittedAt / 86400)) : null;
      const valid = validCount.get(k) ?? 0;
      const passed = compareDates(today, deadline) > 0;
      const state: SubmissionState = !monthEnded(month, today)
        ? 'notEnded'
        : report
          ? valid > 1
            ? 'corrected'
            : 'submitted'
          : passed
            ? 'overdue'
            : 'missing';
      return {
        state,
        submittedOn,
        validCount: valid,
        invalidCount: invalidCount.get(k) ?? 0,
        deadline,
        late: submittedOn !== null && compareDates(submittedOn, deadline) > 0,
      };
    }),
  );
}

/** The text of one 提出状況 cell: it starts with the state's word, blank for a month not yet ended. */
export function submissionText(s: MonthSubmission): string {
  const late = s.late ? '（期限後）' : '';
  const on = s.submittedOn ? ` ${formatSlash(s.submittedOn)}` : '（提出日時なし）';
  const invalid = s.invalidCount ? `（エラーの報告${s.invalidCount}件は無効）` : '';
  switch (s.state) {
    case 'notEnded':
      return '';
    case 'submitted':
      return `${STATE_LABEL.submitted}${on}${late}`;
    case 'corrected':
      return `${STATE_LABEL.corrected}（提出${s.validCount}回${s.submittedOn ? `・最新 ${formatSlash(s.submittedOn)}` : ''}）${late}`;
    case 'overdue':
      return `${STATE_LABEL.overdue}（期限 ${formatSlash(s.deadline)}）${invalid}`;
    case 'missing':
      return `${STATE_LABEL.missing}（期限 ${formatSlash(s.deadline)}）${invalid}`;
  }
}

/**
 * Months past their deadline with no valid report, per center (rows) and fiscal year (columns):
 * the 未提出の月数 block of 県集計.
 */
export function missingMonthsByYear(
  input: SubmissionInput,
  centerCount: number,
  fiscalYears: readonly number[],
  today: CalendarDate,
  deadlineDay: number,
): number[][] {
  const reported = new Set(input.effective.map((r) => key(r.centerIndex, r.month)));
  return Array.from({ length: centerCount }, (_, ci) =>
    fiscalYears.map(
      (fy) =>
        fiscalYearMonths(fy).filter(
          (m) =>
            fiscalYearOf(m) === fy &&
            compareDates(today, reportDeadline(m, deadlineDay)) > 0 &&
            !reported.has(key(ci, m)),
        ).length,
    ),
  );
}
