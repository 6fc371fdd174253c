// 台帳を検証: every ケース台帳 row checked against the rules of docs/rules.md
// Error = the row cannot be computed or breaks a rule; warning = computed, but suspicious.
// Pure: reads a table, returns problems; never writes.

import { addDays, addMonthsClamped, compareDates, formatSlash, periodEnd, type CalendarDate } from './calendar';
import { readCaseRow, valueText, ledgerDef, type CaseRecord, type LedgerDateKey, type RowAccess } from './caseRecord';
import { supportPeriod } from './periods';
import { SEVERITY_LABEL, type Problem, type Severity } from './problem';
import {
  IMPROVEMENT_CHANGE,
  INELIGIBLE_EMPLOYER_KIND,
  LEDGER_COLUMNS,
  OWNED_COLUMNS,
  TAB,
  type LedgerKey,
  type OwnedKey,
} from './schema';
import type { Settings } from './settings';
import { isBlankCell, type HeaderedTable } from './table';
import { normalizeKey } from './text';
import type { Cell } from './cell';

export interface LedgerCheck {
  /** Sorted by row, then by column order. */
  readonly problems: readonly Problem[];
  /** Every non-blank row, parsed as far as possible. */
  readonly cases: readonly CaseRecord[];
  /** 'OK', or 'エラーN件・警告M件: <列>: <first message> 〔×列〕〔△列〕' for a sheet row (see summarizeRow). */
  rowSummary(rowNumber: number): string;
  /** True when an error prevents computing the row's support dates (就職日/起算日/利用終了日 unusable, A型…). */
  cannotCompute(rowNumber: number): boolean;
}

/** Columns whose errors make the support dates uncomputable. */
const BLOCKING_KEYS: ReadonlySet<LedgerKey> = new Set<LedgerKey>(['hireDate', 'restartDate', 'endDate']);

interface Found {
  readonly problem: Problem;
  readonly key: LedgerKey;
  readonly blocking: boolean;
}

/** Ledger columns in their schema order (for sorting when the sheet order is unknown). */
const SCHEMA_ORDER = new Map<LedgerKey, number>(LEDGER_COLUMNS.map((c, i) => [c.key, i]));

/**
 * Checks one row given by named access (a ledger row or a form response not yet in the ledger).
 * Duplicate ケースIDs are not checked here (they need the whole ledger).
 */
export function checkCaseRow(
  get: (key: LedgerKey) => Cell,
  rowNumber: number,
  sheet: string,
  settings: Settings,
  today: CalendarDate,
): { record: CaseRecord; problems: Problem[] } {
  const access: RowAccess = { get, header: (k) => ledgerDef(k).header, has: () => true };
  const { record, found } = checkRow(access, rowNumber, sheet, settings, today);
  found.sort((a, b) => SCHEMA_ORDER.get(a.key)! - SCHEMA_ORDER.get(b.key)!);
  return { record, problems: found.map((f) => f.problem) };
}

function checkRow(
  row: RowAccess,
  rowNumber: number,
  sheet: string,
  settings: Settings,
  today: CalendarDate,
): { record: CaseRecord; found: Found[] } {
  const reading = readCaseRow(row, rowNumber, sheet, settings);
  const { record } = reading;
  const found: Found[] = reading.findings.map(({ key, problem }) => ({
    problem,
    key,
    blocking: problem.severity === 'error' && BLOCKING_KEYS.has(key),
  }));

  const add = (severity: Severity, key: LedgerKey, message: string, blocking = false): void => {
    found.push({
      problem: {
        severity,
        sheet,
        row: rowNumber,
        column: row.header(key),
        value: valueText(row.get(key)),
        caseId: record.caseId,
        message,
      },
      key,
      blocking: severity === 'error' && (blocking || BLOCKING_KEYS.has(key)),
    });
  };
  for (const f of crossFieldRules(record, today, (k) => isBlankCell(row.get(k))))
    add(f.severity, f.key, f.message, f.blocking);
  return { record, found };
}

interface RuleHit {
  readonly severity: Severity;
  readonly key: LedgerKey;
  readonly message: string;
  readonly blocking?: boolean;
}

const s = formatSlash;

/** The rules between cells of one row (docs/rules.md 支援期間の計算・引継ぎと情報共有). */
export function crossFieldRules(
  record: CaseRecord,
  today: CalendarDate,
  isBlank: (key: LedgerKey) => boolean,
): RuleHit[] {
  const hits: RuleHit[] = [];
  const hit = (severity: Severity, key: LedgerKey, message: string, blocking = false) =>
    hits.push({ severity, key, message, blocking });
  const d = record.dates;

  if (record.enums.employerKind === INELIGIBLE_EMPLOYER_KIND) {
    hit(
      'error',
      'employerKind',
      '就労継続支援A型事業所への就職は「通常の事業所」への就職にあたらず、就労定着支援の対象外です。就職先区分が誤りなら正しい区分に直してください。',
      true,
    );
  }

  if (d.hireDate && compareDates(d.hireDate, addMonthsClamped(today, 12)) > 0) {
    hit(
      'warning',
      'hireDate',
      `就職日（${s(d.hireDate)}）が今日から1年以上先です。年の入力誤りでないか確認してください。`,
    );
  }
  if (d.hireDate && d.restartDate && compareDates(d.restartDate, d.hireDate) < 0) {
    hit(
      'warning',
      'restartDate',
      `起算日（復職等）（${s(d.restartDate)}）が就職日（${s(d.hireDate)}）より前です。起算日（復職等）は復職した日（時間を延長した日）で、6か月はその日から数えます。日付を確認してください。`,
    );
  }

  const period = d.hireDate ? supportPeriod(d.hireDate, d.restartDate) : null;
  const basis = d.restartDate ? '起算日（復職等）' : '就職日';

  if (period && d.startDate) {
    if (compareDates(d.startDate, period.firstEligibleDay) < 0) {
      hit(
        'error',
        'startDate',
        `利用開始日（${s(d.startDate)}）が利用開始可能日（${s(period.firstEligibleDay)}、${basis}から6か月経過の翌日）より前です。就職後6か月間は送り出した事業所が支援する期間のため、利用開始日を${s(period.firstEligibleDay)}以降にしてください（${basis}の誤りなら、そちらを直してください）。`,
      );
    } else if (compareDates(d.startDate, period.lastEligibleDay) > 0) {
      hit(
        'error',
        'startDate',
        `利用開始日（${s(d.startDate)}）が最終利用可能日（${s(period.lastEligibleDay)}）より後で、利用できる期間がありません。利用開始日と${basis}を確認してください。`,
      );
    } else if (compareDates(d.startDate, addMonthsClamped(period.firstEligibleDay, 1)) > 0) {
      hit(
        'warning',
        'startDate',
        `利用開始日（${s(d.startDate)}）が利用開始可能日（${s(period.firstEligibleDay)}）より1か月以上後です。開始が遅れても利用期間は延びず、最終利用可能日（${s(period.lastEligibleDay)}）までです。日付が正しければこのままで構いません。`,
      );
    }
  }

  if (d.grantStart && d.grantEnd && compareDates(d.grantStart, d.grantEnd) > 0) {
    hit(
      'error',
      'grantEnd',
      `支給決定終了日（${s(d.grantEnd)}）が支給決定開始日（${s(d.grantStart)}）より前です。受給者証の記載どおりに開始日・終了日を入力してください。`,
    );
  }
  if (period && d.grantEnd && compareDates(d.grantEnd, period.lastEligibleDay) > 0) {
    hit(
      'warning',
      'grantEnd',
      `支給決定終了日（${s(d.grantEnd)}）が最終利用可能日（${s(period.lastEligibleDay)}）より後です。サービスは最終利用可能日までしか利用できません。受給者証の記載と${basis}を確認してください。`,
    );
  }

  if (d.hireDate && d.separationDate && compareDates(d.separationDate, d.hireDate) < 0) {
    hit(
      'error',
      'separationDate',
      `離職日（${s(d.separationDate)}）が就職日（${s(d.hireDate)}）より前です。どちらかの日付を直してください。`,
    );
  }
  if (d.rehireDate) {
    if (!d.separationDate) {
      hit(
        'warning',
        'rehireDate',
        '再就職日があるのに離職日が空です。前の職場の離職日を入力してください（1か月以内の転職かどうかの判定に使います）。',
      );
    } else if (compareDates(d.rehireDate, d.separationDate) < 0) {
      hit(
        'error',
        'rehireDate',
        `再就職日（${s(d.rehireDate)}）が離職日（${s(d.separationDate)}）より前です。どちらかの日付を直してください。`,
      );
    } else if (compareDates(d.rehireDate, rehireLimit(d.separationDate)) <= 0) {
      // The pair reads as a 転職 within a month, but only a change to improve working conditions counts.
      hit(
        'warning',
        'separationDate',
        `離職日（${s(d.separationDate)}）・再就職日（${s(d.rehireDate)}）の理由がわかりません。今は就労継続として数えていますが、就労継続になるのは「${IMPROVEMENT_CHANGE}」で1か月以内に再就職した1回だけです。「${TAB.jobChanges}」タブにケースID・離職日・再就職日・理由を記録してください（解雇・雇止め、自己都合などなら離職として数えます）。`,
      );
    } else {
      hit(
        'warning',
        'rehireDate',
        `再就職日（${s(d.rehireDate)}）が離職日（${s(d.separationDate)}）の翌日から1か月（${s(rehireLimit(d.separationDate))}まで）を過ぎています。1か月を過ぎてからの再就職は離職として扱われ、就労定着支援は継続できません。日付を確認し、離職なら利用終了日と終了理由を入力してください。`,
      );
    }
  } else if (
    d.separationDate &&
    !d.endDate &&
    !(d.hireDate && compareDates(d.separationDate, d.hireDate) < 0) &&
    compareDates(today, rehireLimit(d.separationDate)) > 0
  ) {
    // The month for a job change is over and nobody was re-employed: a separation, yet the row still
    // reads as an active case (flags and monthly checks would keep asking for work on it).
    hit(
      'warning',
      'separationDate',
      `離職日（${s(d.separationDate)}）から1か月（${s(rehireLimit(d.separationDate))}まで）を過ぎても再就職日がありません。離職として扱われます。再就職していれば再就職日を、していなければ利用終了日と終了理由（離職）を入力してください。`,
    );
  }

  if (d.endDate) {
    if (period && compareDates(d.endDate, period.lastEligibleDay) > 0) {
      hit(
        'error',
        'endDate',
        `利用終了日（${s(d.endDate)}）が最終利用可能日（${s(period.lastEligibleDay)}）より後です。利用は最長3年で、最終利用可能日を超えられません。利用終了日を${s(period.lastEligibleDay)}以前にするか、${basis}を確認してください。`,
      );
    } else if (d.startDate && compareDates(d.endDate, d.startDate) < 0) {
      hit(
        'error',
        'endDate',
        `利用終了日（${s(d.endDate)}）が利用開始日（${s(d.startDate)}）より前です。どちらかの日付を直してください。`,
      );
    }
  }

  if (d.sharedDate && d.consentDate && compareDates(d.consentDate, d.sharedDate) > 0) {
    hit(
      'warning',
      'consentDate',
      `同意取得日（${s(d.consentDate)}）が情報共有日（${s(d.sharedDate)}）より後です。関係機関への情報共有は本人の同意を得てから行います。同意取得日・情報共有日を確認し、同意の前に共有していたなら同意を得て共有し直してください。`,
    );
  }
  if (d.sharedDate && !d.consentDate) {
    hit(
      'warning',
      'sharedDate',
      '情報共有日があるのに同意取得日が空です。関係機関への情報共有には本人の同意が必要です。同意を得た日を同意取得日に入力してください。',
    );
  }

  // An unknown 終了理由 is already an error; only a blank one is "missing".
  const reasonBlank = isBlank('endReason');
  if (!reasonBlank && !d.endDate && !isBlank('endDate')) {
    // 利用終了日 holds an unreadable date: that error is already reported.
  } else if (!reasonBlank && !d.endDate) {
    hit(
      'warning',
      'endReason',
      '終了理由があるのに利用終了日が空です。利用が終了しているなら利用終了日を入力し、続いているなら終了理由を消してください。',
    );
  } else if (d.endDate && reasonBlank) {
    hit('warning', 'endDate', `利用終了日（${s(d.endDate)}）があるのに終了理由が空です。終了理由を選んでください。`);
  }
  return hits;
}

/**
 * The last 再就職日 that still counts as continued employment: the month counted from the day after
 * leaving (民法140条) and ending by 民法143条 — for 離職日 2025-04-15 it runs 04-16 … 05-15, and the
 * 再就職日 must fall inside it (MHLW Q&A 2018-12-17). Same rule as jobChange.rehireDeadline on the
 * periods branch, so validation and the period/retention computations agree.
 */
export function rehireLimit(separation: CalendarDate): CalendarDate {
  return periodEnd(addDays(separation, 1), 1);
}

/**
 * The 検証結果（自動） text of one row: 'OK', or
 * 'エラー2件・警告1件: 就職日: <message> 〔×就職日〕〔×担当センター〕〔△再就職日〕'.
 * Counts that are zero are left out ('警告1件: …'), so the text starts with エラー only when there
 * is an error. The 〔×列〕/〔△列〕 marks name every problem column; the ledger's conditional rules
 * colour exactly those cells from them.
 */
export function summarizeRow(problems: readonly Problem[]): string {
  if (problems.length === 0) return 'OK';
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning');
  const counts = [
    errors.length ? `${SEVERITY_LABEL.error}${errors.length}件` : '',
    warnings.length ? `${SEVERITY_LABEL.warning}${warnings.length}件` : '',
  ]
    .filter(Boolean)
    .join('・');
  const first = errors[0] ?? warnings[0];
  const marks = [...new Set(problems.map((p) => problemMark(p.severity, p.column)))].join('');
  return `${counts}: ${first.column ? `${first.column}: ` : ''}${first.message} ${marks}`;
}

/** The mark summarizeRow writes for a problem column, and the conditional rules look for. */
export function problemMark(severity: Severity, column: string): string {
  return `〔${severity === 'error' ? '×' : '△'}${column}〕`;
}

export type LedgerTableKey = LedgerKey | OwnedKey;

const OWNED_KEYS: readonly OwnedKey[] = OWNED_COLUMNS.map((c) => c.key);

/** Checks every row of ケース台帳. */
export function checkLedger(
  table: HeaderedTable<LedgerTableKey>,
  settings: Settings,
  today: CalendarDate,
): LedgerCheck {
  const cols = table.columns;
  const ownedIdx = new Set(OWNED_KEYS.map((k) => cols[k]).filter((c): c is number => c !== undefined));
  const headerOf = (key: LedgerKey): string => {
    const c = cols[key];
    const h = c === undefined ? null : table.header[c];
    return typeof h === 'string' && h.trim() ? h.trim() : ledgerDef(key).header;
  };
  const headers = new Map<LedgerKey, string>(LEDGER_COLUMNS.map((c) => [c.key, headerOf(c.key)]));
  const colOrder = (key: LedgerKey): number => cols[key] ?? 10000 + SCHEMA_ORDER.get(key)!;

  const all: Found[] = [];
  const cases: CaseRecord[] = [];
  for (let i = 0; i < table.rows.length; i++) {
    const cells = table.rows[i];
    if (isBlankUserRow(cells, ownedIdx)) continue;
    const rowNumber = table.headerRow + 1 + i;
    const access: RowAccess = {
      get: (key) => {
        const c = cols[key];
        return c === undefined ? null : (cells[c] ?? null);
      },
      header: (key) => headers.get(key)!,
      has: (key) => cols[key] !== undefined,
    };
    const { record, found } = checkRow(access, rowNumber, table.sheet, settings, today);
    cases.push(record);
    all.push(...found);
  }

  // Duplicate ケースIDs: every row of a duplicated ID names the others.
  const byId = new Map<string, CaseRecord[]>();
  for (const c of cases) {
    const k = normalizeKey(c.caseId);
    if (!k) continue;
    const list = byId.get(k);
    if (list) list.push(c);
    else byId.set(k, [c]);
  }
  for (const group of byId.values()) {
    if (group.length < 2) continue;
    for (const c of group) {
      const rows = group.filter((o) => o !== c).map((o) => `${o.rowNumber}行目`);
      // A long run of copies is named by its first rows, so the message stays readable.
      const others = rows.length > 6 ? [...rows.slice(0, 5), `ほか${rows.length - 5}行`] : rows;
      all.push({
        problem: {
          severity: 'error',
          sheet: table.sheet,
          row: c.rowNumber,
          column: headers.get('caseId')!,
          value: c.caseId,
          caseId: c.caseId,
          message: `ケースID「${c.caseId}」が${others.join('、')}と重複しています。別のケースなら重ならないIDに、同じケースなら1行にまとめてください。`,
        },
        key: 'caseId',
        blocking: false,
      });
    }
  }

  all.sort((a, b) => a.problem.row - b.problem.row || colOrder(a.key) - colOrder(b.key));
  const byRow = new Map<number, Found[]>();
  for (const f of all) {
    const list = byRow.get(f.problem.row);
    if (list) list.push(f);
    else byRow.set(f.problem.row, [f]);
  }
  const problems = all.map((f) => f.problem);
  return {
    problems,
    cases,
    rowSummary: (rowNumber) => summarizeRow((byRow.get(rowNumber) ?? []).map((f) => f.problem)),
    cannotCompute: (rowNumber) => (byRow.get(rowNumber) ?? []).some((f) => f.blocking),
  };
}

/** A row is blank when every cell outside our owned columns is blank (stale owned values do not count). */
function isBlankUserRow(cells: readonly Cell[], ownedIdx: ReadonlySet<number>): boolean {
  for (let c = 0; c < cells.length; c++) if (!ownedIdx.has(c) && !isBlankCell(cells[c])) return false;
  return true;
}

export type { LedgerDateKey };
