// 支援期間を計算: the owned columns of ケース台帳 — 6月到達日, 利用開始可能日, 最終利用可能日,
// 支援終了予定日, 情報共有期限, 残日数 — plus 引継ぎフラグ and 検証結果, for every row, in one batch.
//
// Both this command and 引継ぎ予定を更新 write the same full set of owned columns from the same
// computation (`computeOwnedRows`), so a row never shows dates from one day and a flag from another,
// and a row whose inputs turn bad loses every computed value at once (never a stale one).

import { type CalendarDate } from '../domain/calendar';
import type { CaseRecord } from '../domain/caseRecord';
import { computeFlag, type Flag } from '../domain/flags';
import { ledgerEmployment } from '../domain/jobChange';
import { daysLeft, plannedEnd, shareDeadline, supportPeriod } from '../domain/periods';
import { DATE_FORMAT, OWNED_COLUMNS, TAB, type OwnedKey } from '../domain/schema';
import type { Settings } from '../domain/settings';
import { checkLedger, type LedgerCheck } from '../domain/validate';
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

/** Every table row's owned values: the one computation behind both commands. */
export function computeOwnedRows(
  ledger: Ledger,
  check: LedgerCheck,
  settings: Settings,
  today: CalendarDate,
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
    const flag = dates
      ? computeFlag(
          {
            plannedEnd: dates.plannedEnd,
            shareDeadline: dates.shareDeadline,
            lastEligibleDay: dates.lastEligibleDay,
            sharedDate: record.dates.sharedDate,
            needsSupport: record.enums.needsSupport,
            handoverState: record.enums.handoverState,
            grantEnd: record.dates.grantEnd,
            employment: ledgerEmployment(record.dates.separationDate, record.dates.rehireDate, today),
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
  const rows = computeOwnedRows(ledger, check, settings, today);
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
