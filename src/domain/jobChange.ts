// The job-change rule (docs/rules.md 離職・再就職, MHLW Q&A 2018-12-17): only a change made to improve
// working conditions (転職（労働条件の改善）), re-employed within one month of leaving, once during the
// service, counts as continued employment and the clock keeps running from the first hire. A second
// change, a dismissal or any other reason, or a gap over one month is a separation (離職) on its 離職日,
// even if the person works again later. A change whose reason is unknown (the ledger's own
// 離職日/再就職日 pair) is read as before — as if it were a 転職 — and validation asks for the reason.
//
// "Within one month" follows the Civil Code: the period is counted from the day after leaving
// (民法140条, the first day is not counted) and ends by 民法143条 — on the day before the
// corresponding day one month later, or on the last day of that month when it has no such day.
// So for 離職日 2024-03-15 the month runs 03-16 … 04-15, and a 再就職日 up to 04-15 keeps the clock;
// for 離職日 2024-01-31 it runs 02-01 … 02-29. The 再就職日 itself must fall inside the month.

import { addDays, compareDates, formatSlash, isCalendarDate, periodEnd, type CalendarDate } from './calendar';
import { canonicalEnum } from './caseRecord';
import { parseDateCell } from './dates';
import { caseIdFault, knownCases } from './followUpTab';
import type { Problem } from './problem';
import { IMPROVEMENT_CHANGE, JOB_CHANGE_COLUMNS, JOB_CHANGE_REASONS, type JobChangeKey } from './schema';
import { cellText, dataRows, type HeaderedTable } from './table';
import { nearest, normalizeKey } from './text';
import type { Cell } from './cell';

export interface JobChange {
  /** 離職日: the last day of the job that ended. */
  readonly separation: CalendarDate;
  /** 再就職日: the first day of the next job (absent while still looking). */
  readonly rehire?: CalendarDate | null;
  /** 理由 (one of JOB_CHANGE_REASONS); null or absent = unknown (the ledger's own pair). */
  readonly reason?: string | null;
}

export type EmploymentStatus =
  /** No job change recorded. */
  | { readonly kind: 'employed' }
  /** One change within a month: still one continuous employment, the clock runs from the first hire. */
  | { readonly kind: 'continued'; readonly changes: 1 }
  /** Left, not re-employed yet, and the month has not run out: the outcome is still open. */
  | { readonly kind: 'awaitingRehire'; readonly separation: CalendarDate; readonly rehireBy: CalendarDate }
  /** A separation (離職) on `separation`. */
  | {
      readonly kind: 'separated';
      readonly separation: CalendarDate;
      readonly reason: 'notRehired' | 'gapOverOneMonth' | 'secondChange' | 'notImprovement';
    };

/** The last day a re-employment still counts as "within one month" of leaving on `separation`. */
export function rehireDeadline(separation: CalendarDate): CalendarDate {
  return periodEnd(addDays(separation, 1), 1);
}

/**
 * Applies the job-change rule to the changes recorded for one person (any order; read oldest first).
 * `today` decides a change with no 再就職日 yet: open while the month runs, a separation after it.
 */
export function employmentContinuity(changes: readonly JobChange[], today: CalendarDate): EmploymentStatus {
  if (changes.length === 0) return { kind: 'employed' };
  const sorted = [...changes].sort((a, b) => compareDates(a.separation, b.separation));
  const first = sorted[0];
  // Only a change to improve working conditions can bridge; unknown reasons keep the old reading.
  if (first.reason && first.reason !== IMPROVEMENT_CHANGE) {
    return { kind: 'separated', separation: first.separation, reason: 'notImprovement' };
  }
  const rehireBy = rehireDeadline(first.separation);
  if (!first.rehire) {
    return compareDates(today, rehireBy) <= 0
      ? { kind: 'awaitingRehire', separation: first.separation, rehireBy }
      : { kind: 'separated', separation: first.separation, reason: 'notRehired' };
  }
  // A 再就職日 on or before the 離職日 is overlapping jobs: no gap at all (validation reports the order).
  if (compareDates(first.rehire, rehireBy) > 0) {
    return { kind: 'separated', separation: first.separation, reason: 'gapOverOneMonth' };
  }
  if (sorted.length > 1) {
    // Only one change is allowed during the service: the second leaving ends the employment.
    return { kind: 'separated', separation: sorted[1].separation, reason: 'secondChange' };
  }
  return { kind: 'continued', changes: 1 };
}

/** Why a separation is one, in words (for the 定着率 tab and the case explanation). */
export function separationReasonText(status: Extract<EmploymentStatus, { kind: 'separated' }>): string {
  switch (status.reason) {
    case 'notImprovement':
      return '労働条件の改善のための転職ではないため離職';
    case 'secondChange':
      return '2回目の離職（就労継続として数える転職は1回まで）';
    case 'gapOverOneMonth':
      return '再就職が離職日の翌日から1か月を超えたため離職';
    case 'notRehired':
      return '1か月以内の再就職がないため離職';
  }
}

/** The ledger holds one 離職日/再就職日 pair per case; this reads it through the rule. */
export function ledgerEmployment(
  separationDate: CalendarDate | null | undefined,
  rehireDate: CalendarDate | null | undefined,
  today: CalendarDate,
): EmploymentStatus {
  if (!separationDate) return { kind: 'employed' };
  return employmentContinuity([{ separation: separationDate, rehire: rehireDate ?? null }], today);
}

/** Whether the person still counts as employed for the service (a pending change counts as employed). */
export function isEmployed(status: EmploymentStatus): boolean {
  return status.kind !== 'separated';
}

// ---------------------------------------------------------------------------------------------
// The 離職・再就職 tab: every job change, several rows per case, each with its reason.

/** One valid row of 離職・再就職. */
export interface JobChangeEntry extends JobChange {
  readonly rowNumber: number;
  readonly caseId: string;
  /** ケースID normalised for matching the ledger. */
  readonly caseKey: string;
}

export interface JobChangeLog {
  /** Valid rows by normalised ケースID, oldest 離職日 first. */
  readonly byCase: ReadonlyMap<string, readonly JobChangeEntry[]>;
  /** One per bad cell; a row with an error is not used, and the message says so. */
  readonly problems: readonly Problem[];
}

export const EMPTY_JOB_CHANGE_LOG: JobChangeLog = { byCase: new Map(), problems: [] };

const NOT_USED = 'この行は判定に使っていません。';

/** Reads 離職・再就職 like the ledger: each bad cell is a problem naming tab, row, column, value and fix. */
export function readJobChangeLog(table: HeaderedTable<JobChangeKey>, knownCaseIds: readonly string[]): JobChangeLog {
  const known = knownCases(knownCaseIds);
  const headerOf = (key: JobChangeKey): string => {
    const c = table.columns[key];
    const h = c === undefined ? null : table.header[c];
    return typeof h === 'string' && h.trim() ? h.trim() : JOB_CHANGE_COLUMNS.find((d) => d.key === key)!.header;
  };
  const byCase = new Map<string, JobChangeEntry[]>();
  const problems: Problem[] = [];
  for (const row of dataRows(table)) {
    const caseId = cellText(row.get('caseId')).normalize('NFKC').trim();
    const report = (key: JobChangeKey, message: string, severity: Problem['severity'] = 'error'): void => {
      problems.push({
        severity,
        sheet: table.sheet,
        row: row.rowNumber,
        column: headerOf(key),
        value: valueOf(row.get(key)),
        caseId,
        message,
      });
    };
    let bad = false;
    const caseKey = normalizeKey(caseId);
    const idFault = caseIdFault(caseId, known);
    if (idFault) {
      report('caseId', `${idFault}${NOT_USED}`);
      bad = true;
    }
    const sep = parseDateCell(row.get('separationDate'));
    if (sep.kind === 'empty') {
      report('separationDate', `離職日が空です。前の職場を辞めた日（最後に在籍した日）を入力してください。${NOT_USED}`);
      bad = true;
    } else if (sep.kind === 'invalid') {
      report('separationDate', `${sep.message}${NOT_USED}`);
      bad = true;
    }
    const re = parseDateCell(row.get('rehireDate'));
    if (re.kind === 'invalid') {
      report('rehireDate', `${re.message}${NOT_USED}`);
      bad = true;
    }
    const reasonCell = row.get('reason');
    const reason = canonicalEnum(cellText(reasonCell), JOB_CHANGE_REASONS);
    if (reason === null) {
      const text = cellText(reasonCell).trim();
      const near = text ? nearest(text, JOB_CHANGE_REASONS) : null;
      report(
        'reason',
        `${text ? `「${text}」は理由の選択肢にありません。${near ? `「${near}」のことなら、そのとおりに直してください。` : ''}` : '理由が空です。'}${JOB_CHANGE_REASONS.join('／')}から選んでください（1か月以内の再就職を就労継続と数えるのは「${IMPROVEMENT_CHANGE}」の1回だけです）。${NOT_USED}`,
      );
      bad = true;
    }
    if (sep.kind === 'date' && re.kind === 'date') {
      if (compareDates(re.date, sep.date) < 0) {
        report(
          'rehireDate',
          `再就職日（${formatSlash(re.date)}）が離職日（${formatSlash(sep.date)}）より前です。どちらかの日付を直してください。${NOT_USED}`,
        );
        bad = true;
      } else if (compareDates(re.date, rehireDeadline(sep.date)) > 0) {
        report(
          'rehireDate',
          `再就職日（${formatSlash(re.date)}）が離職日の翌日から1か月（${formatSlash(rehireDeadline(sep.date))}まで）を過ぎています。離職（${formatSlash(sep.date)}）として扱います。日付を確認してください。`,
          'warning',
        );
      }
    }
    if (bad || sep.kind !== 'date' || reason === null) continue;
    const entry: JobChangeEntry = {
      rowNumber: row.rowNumber,
      caseId,
      caseKey,
      separation: sep.date,
      rehire: re.kind === 'date' ? re.date : null,
      reason,
    };
    const list = byCase.get(caseKey);
    if (list) list.push(entry);
    else byCase.set(caseKey, [entry]);
  }
  for (const list of byCase.values()) list.sort((a, b) => compareDates(a.separation, b.separation));
  return { byCase, problems };
}

function valueOf(cell: Cell): string {
  return isCalendarDate(cell) ? formatSlash(cell) : cellText(cell).trim();
}

/**
 * Every job change of a case: the 離職・再就職 rows, plus the ledger's own 離職日/再就職日 pair as a change of
 * unknown reason unless a row of the tab has the same 離職日 (the tab then says why).
 */
export function caseJobChanges(
  caseId: string,
  ledgerPair: { separationDate?: CalendarDate | null; rehireDate?: CalendarDate | null },
  log: JobChangeLog,
): JobChange[] {
  const rows: JobChange[] = [...(log.byCase.get(normalizeKey(caseId)) ?? [])];
  const sep = ledgerPair.separationDate;
  if (sep && !rows.some((r) => compareDates(r.separation, sep) === 0)) {
    rows.push({ separation: sep, rehire: ledgerPair.rehireDate ?? null, reason: null });
  }
  return rows.sort((a, b) => compareDates(a.separation, b.separation));
}
