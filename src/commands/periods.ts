// 支援期間を計算: the owned columns of ケース台帳 — 6月到達日, 利用開始可能日, 最終利用可能日,
// 支援終了予定日, 情報共有期限, 残日数 — plus 引継ぎフラグ and 検証結果, for every row, in one batch.
//
// Both this command and 引継ぎ予定を更新 write the same full set of owned columns from the same
// computation (`computeOwnedRows`), so a row never shows dates from one day and a flag from another,
// and a row whose inputs turn bad loses every computed value at once (never a stale one).
// Dates are blank when the validator says they cannot be computed (bad 就職日/起算日/利用終了日, an
// A型 employer…); the flag is also blank when a cell it reads (情報共有日, 要継続支援, 引継ぎ状況,
// 支給決定終了日, 離職日, 再就職日) cannot be read. 検証結果 gives the reason either way.

import { type CalendarDate } from '../domain/calendar';
import type { CaseRecord } from '../domain/caseRecord';
import { computeFlag, type Flag } from '../domain/flags';
import { caseJobChanges, EMPTY_JOB_CHANGE_LOG, employmentContinuity, type JobChangeLog } from '../domain/jobChange';
import { daysLeft, plannedEnd, shareDeadline, supportPeriod } from '../domain/periods';
import { DATE_FORMAT, OWNED_COLUMNS, TAB, type OwnedKey } from '../domain/schema';
import type { Settings } from '../domain/settings';
import { checkLedger, type LedgerCheck } from '../domain/validate';
import { isBlankCell } from '../domain/table';
import type { Cell } from '../workbook/port';
import {
  ensureOwnedColumns,
  readLedger,
  readSettings,
  writeOwnedColumns,
  type Ledger,
  type OwnedColumnWrite,
} from './ledger';
import { ledgerConditionalRules } from './ledgerRules';
import { readFollowUps } from './followUps';
import type { CommandContext, CommandResult } from './types';

/** The computed dates of one case. */
export interface CaseDates {
  readonly sixMonthDay: CalendarDate;
  readonly firstEligibleDay: CalendarDate;
  readonly lastEligibleDay: CalendarDate;
  readonly plannedEnd: CalendarDate;
  readonly shareDeadline: CalendarDate;
  readonly daysLeft: number;
}

/** One table row (blank rows included) as the owned columns will show it. */
export interface OwnedRow {
  readonly rowNumber: number;
  /** The parsed case, null for a blank row. */
  readonly record: CaseRecord | null;
  /** Null when the row is blank or its inputs cannot give dates. */
  readonly dates: CaseDates | null;
  /** Null when `dates` is null. */
  readonly flag: Flag | null;
  /** 検証結果（自動）: the validator's row summary ('' for a blank row). */
  readonly validation: string;
}

/** Dates of a case, or null when an input they need is missing or wrong. */
export function caseDates(record: CaseRecord, check: LedgerCheck, today: CalendarDate): CaseDates | null {
  const hire = record.dates.hireDate;
  if (!hire || check.cannotCompute(record.rowNumber)) return null;
  const period = supportPeriod(hire, record.dates.restartDate);
  const end = plannedEnd(period, record.dates.endDate);
  return { ...period, plannedEnd: end, shareDeadline: shareDeadline(end), daysLeft: daysLeft(today, end) };
}

/** The inputs a flag reads besides the dates: a cell here that does not parse leaves the flag blank. */
const FLAG_DATE_INPUTS = ['sharedDate', 'grantEnd', 'separationDate', 'rehireDate'] as const;
const FLAG_ENUM_INPUTS = ['needsSupport', 'handoverState'] as const;

/**
 * Whether a cell the flag needs holds something unreadable (a bad date, a value outside the list).
 * The flag is then left blank rather than guessed — the reason is in 検証結果（自動）.
 */
export function flagInputsUnreadable(ledger: Ledger, index: number, record: CaseRecord): boolean {
  const cells = ledger.table.rows[index] ?? [];
  const filled = (key: (typeof FLAG_DATE_INPUTS)[number] | (typeof FLAG_ENUM_INPUTS)[number]): boolean => {
    const c = ledger.table.columns[key];
    return c !== undefined && !isBlankCell(cells[c] ?? null);
  };
  return (
    FLAG_DATE_INPUTS.some((k) => filled(k) && !record.dates[k]) ||
    FLAG_ENUM_INPUTS.some((k) => filled(k) && !record.enums[k])
  );
}

/** Every table row's owned values: the one computation behind both commands. */
export function computeOwnedRows(
  ledger: Ledger,
  check: LedgerCheck,
  settings: Settings,
  today: CalendarDate,
  jobChanges: JobChangeLog = EMPTY_JOB_CHANGE_LOG,
): OwnedRow[] {
  const byRow = new Map(check.cases.map((c) => [c.rowNumber, c]));
  const rows: OwnedRow[] = [];
  for (let i = 0; i < ledger.rowCount; i++) {
    const rowNumber = ledger.table.headerRow + 1 + i;
    const record = byRow.get(rowNumber) ?? null;
    if (!record) {
      rows.push({ rowNumber, record: null, dates: null, flag: null, validation: '' });
      continue;
    }
    const dates = caseDates(record, check, today);
    const flag =
      dates && !flagInputsUnreadable(ledger, i, record)
        ? computeFlag(
            {
              plannedEnd: dates.plannedEnd,
              shareDeadline: dates.shareDeadline,
              lastEligibleDay: dates.lastEligibleDay,
              sharedDate: record.dates.sharedDate,
              needsSupport: record.enums.needsSupport,
              handoverState: record.enums.handoverState,
              grantEnd: record.dates.grantEnd,
              employment: employmentContinuity(caseJobChanges(record.caseId, record.dates, jobChanges), today),
            },
            settings,
            today,
          )
        : null;
    rows.push({ rowNumber, record, dates, flag, validation: check.rowSummary(rowNumber) });
  }
  return rows;
}

type DateKey = 'sixMonthDay' | 'firstEligibleDay' | 'lastEligibleDay' | 'plannedEnd' | 'shareDeadline';

/** The owned-column writes for computed rows: dates as dates (yyyy/mm/dd), 残日数 as a whole number. */
export function ownedWrites(rows: readonly OwnedRow[]): OwnedColumnWrite[] {
  const column = (key: OwnedKey, value: (r: OwnedRow) => Cell, format?: string): OwnedColumnWrite => ({
    key,
    values: rows.map(value),
    format,
  });
  return OWNED_COLUMNS.map((c) => {
    const key = c.key;
    switch (key) {
      case 'daysLeft':
        return column(key, (r) => r.dates?.daysLeft ?? null, '0');
      case 'flag':
        return column(key, (r) => r.flag?.text || null);
      case 'validation':
        return column(key, (r) => r.validation || null);
      default:
        return column(key, (r) => r.dates?.[key as DateKey] ?? null, DATE_FORMAT);
    }
  });
}

export interface LedgerRun {
  readonly ledger: Ledger;
  readonly settings: Settings;
  readonly check: LedgerCheck;
  readonly rows: OwnedRow[];
}

/**
 * Reads ケース台帳 and 設定 once, adds missing owned columns, computes and writes every owned
 * column and our conditional rules. Shared by 支援期間を計算 and 引継ぎ予定を更新.
 */
export function refreshLedger(ctx: CommandContext): LedgerRun {
  const { book, today } = ctx;
  const settings = readSettings(book);
  const ledger = ensureOwnedColumns(book, readLedger(book));
  const check = checkLedger(ledger.table, settings, today);
  const { jobChanges } = readFollowUps(
    book,
    check.cases.map((c) => c.caseId),
  );
  const rows = computeOwnedRows(ledger, check, settings, today, jobChanges);
  writeOwnedColumns(book, ledger, ownedWrites(rows));
  book.setOwnConditionalRules(TAB.ledger, ledgerConditionalRules(ledger));
  return { ledger, settings, check, rows };
}

export function runPeriods(ctx: CommandContext): CommandResult {
  const { rows, settings } = refreshLedger(ctx);
  const cases = rows.filter((r) => r.record);
  const computed = cases.filter((r) => r.dates);
  const skipped = cases.filter((r) => !r.dates);
  const parts = [`支援期間: ${computed.length}件を計算しました。`];
  if (skipped.length) {
    parts.push(
      `${skipped.length}件は入力に誤りがあるため計算していません（${skipped
        .slice(0, 5)
        .map((r) => `${r.rowNumber}行目`)
        .join('、')}${skipped.length > 5 ? ' ほか' : ''}。「検証結果（自動）」列を見て直してください）。`,
    );
  }
  return {
    command: 'periods',
    summary: parts.join(''),
    notices: [...settings.problems],
    wroteTabs: [TAB.ledger],
    details: {
      computed: computed.length,
      skippedRows: skipped.map((r) => r.rowNumber),
    },
  };
}
