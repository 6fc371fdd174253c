// ケース台帳 for every command: read it (and 設定) once per run, check it once, find its columns, make
// sure the owned columns exist, compute every row's owned values (the one computation behind 支援期間を
// 計算, 引継ぎ予定を更新 and the views) and write them back in as few batch calls as possible.
//
// Dates are blank when the validator says they cannot be computed (bad 就職日/起算日/利用終了日, an
// A型 employer…); the flag is also blank when a cell it reads (情報共有日, 要継続支援, 引継ぎ状況,
// 支給決定終了日, 離職日, 再就職日) cannot be read. 検証結果 gives the reason either way; a row whose
// inputs turn bad loses every computed value at once (never a stale one). See docs/rules.md#支援期間の計算.

import type { CalendarDate } from '../../domain/calendar';
import type { CaseRecord } from '../../domain/caseRecord';
import { computeFlag, type Flag } from '../../domain/flags';
import { caseJobChanges, EMPTY_JOB_CHANGE_LOG, employmentContinuity, type JobChangeLog } from '../../domain/jobChange';
import { daysLeft, plannedEnd, shareDeadline, supportPeriod } from '../../domain/periods';
import {
  DATE_FORMAT,
  LEDGER_COLUMNS,
  OWNED_COLUMNS,
  OWNED_PROTECTION,
  TAB,
  type LedgerKey,
  type OwnedKey,
} from '../../domain/schema';
import { parseSettings, type Settings } from '../../domain/settings';
import { caseFacts, type CaseFacts } from '../../domain/summaries';
import {
  columnLetter,
  duplicateHeaders,
  isBlankCell,
  locateTable,
  missingRequiredColumns,
  type HeaderedTable,
} from '../../domain/table';
import { checkLedger, type LedgerCheck } from '../../domain/validate';
import type { Cell, WorkbookPort, WriteOptions } from '../../workbook/port';
import { UnusableBookError } from '../types';
import { sessionFollowUps, type FollowUps } from './followUps';
import { headerColumnWidth } from './generated';
import { ledgerConditionalRules } from './ledgerRules';
import type { RunSession } from './session';

export type LedgerColumnKey = LedgerKey | OwnedKey;
export const ALL_LEDGER_COLUMNS = [...LEDGER_COLUMNS, ...OWNED_COLUMNS];

export interface Ledger {
  readonly table: HeaderedTable<LedgerColumnKey>;
  /** Number of sheet rows below the header that the table spans (blank rows included). */
  readonly rowCount: number;
}

export function readSettings(book: WorkbookPort): Settings {
  return parseSettings(book.readSheet(TAB.settings));
}

/**
 * Reads ケース台帳 or explains, in Japanese, why it cannot be used. A missing required column or a known
 * column named twice stops the command before anything is written (setup passes `requireColumns: false`).
 */
export function readLedger(book: WorkbookPort, options: { requireColumns?: boolean } = {}): Ledger {
  const values = book.readSheet(TAB.ledger);
  if (values === null) {
    throw new UnusableBookError(
      `「${TAB.ledger}」タブがありません。メニュー「初期設定」（CLI: teichaku setup）で作成するか、台帳のタブ名を「${TAB.ledger}」にしてください。`,
    );
  }
  const table = locateTable(TAB.ledger, values, ALL_LEDGER_COLUMNS, 'caseId');
  if (!table) {
    throw new UnusableBookError(
      `「${TAB.ledger}」タブの1〜10行目に見出し「ケースID」（または「管理番号」）の行が見つかりません。見出し行に「ケースID」列を作ってください。`,
    );
  }
  if (options.requireColumns !== false) {
    const problem = ledgerHeaderProblem(table);
    if (problem) throw new UnusableBookError(problem);
  }
  return { table, rowCount: table.rows.length };
}

/** Why the header row cannot be read safely (a required column missing, a column named twice), or null. */
export function ledgerHeaderProblem(table: HeaderedTable<LedgerColumnKey>): string | null {
  const where = `「${TAB.ledger}」タブの見出し行（${table.headerRow}行目）`;
  const stop = 'このままでは日付の計算や引継ぎの判定ができないため、何も書き込まずに止めました。';
  const missing = missingRequiredColumns(table, ALL_LEDGER_COLUMNS);
  if (missing.length) {
    const parts = missing.map((m) =>
      m.nearest
        ? `必須の列「${m.header}」がありません。「${m.nearest}」を「${m.header}」にしますか`
        : `必須の列「${m.header}」がありません`,
    );
    return `${where}: ${parts.join('。')}。${stop}見出しを直してから、もう一度実行してください。`;
  }
  const dup = duplicateHeaders(table, ALL_LEDGER_COLUMNS);
  if (dup.length) {
    const parts = dup.map(
      (d) =>
        `「${d.header}」の列が${d.columns.length}つあります（${d.columns.map((c) => `${columnLetter(c + 1)}列`).join('・')}）`,
    );
    return `${where}: ${parts.join('。')}。どの列を使えばよいか決められないため、何も書き込まずに止めました。使わない列の見出しを別の名前にするか、列を削除してから、もう一度実行してください。`;
  }
  return null;
}

/**
 * Adds the owned columns that are missing, at the right of the header, in one write.
 * Returns the ledger with the complete column map.
 */
export function ensureOwnedColumns(book: WorkbookPort, ledger: Ledger): Ledger {
  const complete = addOwnedColumns(book, ledger);
  protectOwnedColumns(book, complete);
  return complete;
}

/**
 * A warning-only protection over each run of side-by-side owned columns (header and rows), so a
 * colleague typing there is warned that the tool rewrites them. Kept in place every run.
 */
const WHOLE_COLUMN = 10_000_000;

export function protectOwnedColumns(book: WorkbookPort, ledger: Ledger): void {
  if (!book.protectOwnedAreas) return;
  const { table } = ledger;
  const cols = OWNED_COLUMNS.map((c) => table.columns[c.key])
    .filter((c): c is number => c !== undefined)
    .sort((a, b) => a - b);
  const areas = [];
  for (let i = 0; i < cols.length;) {
    let j = i + 1;
    while (j < cols.length && cols[j] === cols[j - 1] + 1) j++;
    // Down to the last row of the tab (the adapter cuts the area to it), so new rows are covered too.
    areas.push({ row: table.headerRow, col: cols[i] + 1, numRows: WHOLE_COLUMN, numCols: j - i });
    i = j;
  }
  book.protectOwnedAreas(TAB.ledger, areas, OWNED_PROTECTION);
}

function addOwnedColumns(book: WorkbookPort, ledger: Ledger): Ledger {
  const { table } = ledger;
  const missing = OWNED_COLUMNS.filter((c) => table.columns[c.key] === undefined);
  if (missing.length === 0) return ledger;
  // Right of everything in use: a user's column with data but no header must not be overwritten.
  const start = Math.max(table.width, usedWidth(table.rows));
  book.writeRange(TAB.ledger, table.headerRow, start + 1, [missing.map((c) => c.header)], {
    minColumnWidths: missing.map((c) => headerColumnWidth(c.header, c.kind === 'date')),
  });
  const columns = { ...table.columns };
  missing.forEach((c, i) => (columns[c.key] = start + i));
  const header = [...table.header];
  while (header.length < start) header.push(null);
  missing.forEach((c, i) => (header[start + i] = c.header));
  return { ...ledger, table: { ...table, columns, header, width: start + missing.length } };
}

function usedWidth(rows: readonly (readonly Cell[])[]): number {
  let width = 0;
  for (const row of rows) {
    for (let c = row.length - 1; c >= width; c--) {
      if (!isBlankCell(row[c])) {
        width = c + 1;
        break;
      }
    }
  }
  return width;
}

const OWNED_FORMATS = Object.fromEntries(
  OWNED_COLUMNS.map((c) => [c.key, c.kind === 'date' ? DATE_FORMAT : c.kind === 'count' ? '0' : '@']),
) as Record<OwnedKey, string>;

const OWNED_WIDTHS = Object.fromEntries(
  OWNED_COLUMNS.map((c) => [c.key, headerColumnWidth(c.header, c.kind === 'date')]),
) as Record<OwnedKey, number>;

export interface OwnedColumnWrite {
  readonly key: OwnedKey;
  /** One value per table row (blank rows included), top to bottom. */
  readonly values: readonly Cell[];
  readonly format?: string;
  readonly backgrounds?: readonly (string | null)[];
}

/**
 * Writes owned columns. Columns that sit side by side are written as one rectangle,
 * so the call count stays constant whatever the number of rows.
 */
export function writeOwnedColumns(book: WorkbookPort, ledger: Ledger, writes: readonly OwnedColumnWrite[]): void {
  const { table, rowCount } = ledger;
  if (rowCount === 0 || writes.length === 0) return;
  const placed = writes
    .map((w) => {
      const col = table.columns[w.key];
      if (col === undefined) throw new Error(`owned column ${w.key} is missing; call ensureOwnedColumns first`);
      return { ...w, col };
    })
    .sort((a, b) => a.col - b.col);
  let i = 0;
  while (i < placed.length) {
    let j = i + 1;
    while (j < placed.length && placed[j].col === placed[j - 1].col + 1) j++;
    const run = placed.slice(i, j);
    const values: Cell[][] = [];
    const anyBg = run.some((w) => w.backgrounds);
    const backgrounds: (string | null)[][] = [];
    for (let r = 0; r < rowCount; r++) {
      values.push(run.map((w) => w.values[r] ?? null));
      if (anyBg) backgrounds.push(run.map((w) => w.backgrounds?.[r] ?? null));
    }
    const options: WriteOptions = {
      // Every owned column carries its format (text '@' for flags and results): the adapter then sets
      // formats instead of first reading which ones the cells have.
      columnFormats: run.map((w) => w.format ?? OWNED_FORMATS[w.key]),
      backgrounds: anyBg ? backgrounds : undefined,
      // Owned columns of a book from before widths were set get theirs on the next run.
      minColumnWidths: run.map((w) => OWNED_WIDTHS[w.key]),
    };
    book.writeRange(TAB.ledger, table.headerRow + 1, run[0].col + 1, values, options);
    i = j;
  }
}

// ---------------------------------------------------------------------------------------------
// The owned values of every row

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

/** Every table row's owned values. */
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

// ---------------------------------------------------------------------------------------------
// Read once, compute once: the session's ledger

/** 設定's cells, read once per run (null: no 設定 tab). */
export function settingsValues(s: RunSession): Cell[][] | null {
  return s.once('settingsValues', () => s.book.readSheet(TAB.settings));
}

/** 設定 (defaults where the tab or a value is missing), read once per run. */
export function sessionSettings(s: RunSession): Settings {
  return s.once('settings', () => parseSettings(settingsValues(s)));
}

/** ケース台帳 as read, once per run (throws UnusableBookError when it cannot be used). */
export function sessionLedger(s: RunSession): Ledger {
  return s.once('ledger', () => readLedger(s.book));
}

/**
 * ケース台帳 with every owned column present (added at the right, and protected, the first time).
 * Everything the ledger's computations read — 設定, ケース台帳, 離職・再就職, 就労確認 — is read
 * first: in Apps Script a read after the run's first write waits for that write (a round trip).
 * The check does not depend on the owned columns being there (their cells never count).
 */
export function ownedLedger(s: RunSession): Ledger {
  return s.once('ownedLedger', () => {
    ledgerFollowUps(s);
    return s.keep('ledger', ensureOwnedColumns(s.book, sessionLedger(s)));
  });
}

/** The validator's verdict on every row, once per run. */
export function sessionCheck(s: RunSession): LedgerCheck {
  return s.once('check', () => checkLedger(sessionLedger(s).table, sessionSettings(s), s.today));
}

/** Every row's owned values, once per run. */
export function sessionRows(s: RunSession): OwnedRow[] {
  return s.once('rows', () =>
    computeOwnedRows(sessionLedger(s), sessionCheck(s), sessionSettings(s), s.today, ledgerFollowUps(s).jobChanges),
  );
}

/** 離職・再就職 and 就労確認 for the ledger's cases, once per run. */
export function ledgerFollowUps(s: RunSession): FollowUps {
  return sessionFollowUps(s, () => sessionCheck(s).cases.map((c) => c.caseId));
}

export interface LedgerRun {
  readonly ledger: Ledger;
  readonly settings: Settings;
  readonly check: LedgerCheck;
  readonly rows: OwnedRow[];
}

/**
 * The owned columns computed and written, with our conditional rules: once per run, however many
 * commands of the run need them (支援期間を計算 and 引継ぎ予定を更新 in `all` and the daily trigger).
 */
export function refreshLedger(s: RunSession): LedgerRun {
  return s.once('refreshed', () => {
    const ledger = ownedLedger(s);
    const run = { ledger, settings: sessionSettings(s), check: sessionCheck(s), rows: sessionRows(s) };
    writeOwnedColumns(s.book, ledger, ownedWrites(run.rows));
    s.book.setOwnConditionalRules(TAB.ledger, ledgerConditionalRules(ledger));
    return run;
  });
}

export interface LedgerFacts {
  readonly facts: CaseFacts[];
  readonly leftOut: number;
}

/** Each computable case's dates and flag as the summaries count them, once per run. */
export function ledgerFacts(s: RunSession): LedgerFacts {
  return s.once('facts', () => {
    const check = sessionCheck(s);
    const { facts, left } = caseFacts(check.cases, check.cannotCompute, sessionSettings(s), s.today);
    return { facts, leftOut: left.length };
  });
}
