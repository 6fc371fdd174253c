// Monthly delivery (docs/rules.md 月次の支援と報酬): read the 支援記録 contact log, and judge each case
// active in a month — at least one face-to-face contact with the client and a 支援レポート shared with the
// client (相手 本人) are required; no 職場訪問 is only a warning (visiting the employer is an effort duty;
// a call or a mail is not a visit). The month's 加算 are shown beside it: 初期加算 in the first month of
// service, 地域連携会議実施加算 for a 地域連携会議 (at most 1 a month and 4 a fiscal year per client).

import { compareDates, daysInMonth, formatSlash, formatYearMonth, type CalendarDate, type YearMonth } from './calendar';
import { parseDateCell } from './dates';
import { supportPeriod } from './periods';
import type { Problem } from './problem';
import {
  CONTACT_COLUMNS,
  CONTACT_METHODS,
  CONTACT_PARTIES,
  EMPLOYER_VISIT_METHOD,
  FACE_TO_FACE_METHODS,
  REGIONAL_MEETING_METHOD,
  TAB,
  YES_NO,
  type ContactKey,
} from './schema';
import { cellText, dataRows, isBlankCell, type HeaderedTable } from './table';
import { nearest, normalizeKey } from './text';
import type { Cell } from './cell';

// ---------------------------------------------------------------------------------------------
// The service window of a case

export type CaseDateKey = 'hireDate' | 'restartDate' | 'startDate' | 'endDate' | 'separationDate' | 'rehireDate';

/** What these computations need of a ledger row (a CaseRecord of validate.ts fits it). */
export interface CaseInput {
  readonly rowNumber: number;
  readonly caseId: string;
  readonly office: string;
  readonly dates: Partial<Record<CaseDateKey, CalendarDate>>;
  /** 利用前サービス and 前利用事業所区分 (canonical), for 初期加算. */
  readonly enums?: { readonly priorService?: string; readonly priorOfficeKind?: string };
}

export interface ServiceWindow {
  /** 利用開始日, or 利用開始可能日 when it is empty. */
  readonly start: CalendarDate;
  /** 支援終了予定日: 利用終了日, or 最終利用可能日. */
  readonly end: CalendarDate;
}

export type WindowResult =
  { readonly ok: true; readonly window: ServiceWindow } | { readonly ok: false; readonly reason: string };

/**
 * The days a case is in service: from 利用開始日 (or 利用開始可能日 when empty) to 支援終了予定日
 * (利用終了日, or 最終利用可能日), both inclusive.
 */
export function serviceWindow(dates: CaseInput['dates']): WindowResult {
  const origin = dates.restartDate ?? dates.hireDate;
  const period = origin ? supportPeriod(origin, dates.restartDate ?? null) : null;
  const start = dates.startDate ?? period?.firstEligibleDay;
  const end = dates.endDate ?? period?.lastEligibleDay;
  if (!start || !end) {
    return {
      ok: false,
      reason:
        '就職日（または利用開始日と利用終了日）がないため利用期間が決まりません。就職日を正しい日付で入力してください。',
    };
  }
  if (compareDates(end, start) < 0) {
    return {
      ok: false,
      reason: `支援終了予定日（${formatSlash(end)}）が利用開始（${formatSlash(start)}）より前です。利用開始日・利用終了日を確認してください。`,
    };
  }
  return { ok: true, window: { start, end } };
}

export function monthFirstDay(month: YearMonth): CalendarDate {
  return { y: month.y, m: month.m, d: 1 };
}

export function monthLastDay(month: YearMonth): CalendarDate {
  return { y: month.y, m: month.m, d: daysInMonth(month.y, month.m) };
}

/** Whether the window and the inclusive range [from, to] share at least one day. */
export function overlaps(window: ServiceWindow, from: CalendarDate, to: CalendarDate): boolean {
  return compareDates(window.start, to) <= 0 && compareDates(window.end, from) >= 0;
}

export function within(day: CalendarDate, window: ServiceWindow): boolean {
  return compareDates(window.start, day) <= 0 && compareDates(day, window.end) <= 0;
}

// ---------------------------------------------------------------------------------------------
// Reading 支援記録

export type ContactParty = (typeof CONTACT_PARTIES)[number];
export type ContactMethod = (typeof CONTACT_METHODS)[number];

export interface ContactEntry {
  readonly rowNumber: number;
  /** ケースID as typed. */
  readonly caseId: string;
  /** ケースID normalised (NFKC, spaces removed) for matching against the ledger. */
  readonly caseKey: string;
  readonly date: CalendarDate;
  readonly party: ContactParty;
  readonly method: ContactMethod;
  /** 支援レポート共有 = はい (an empty cell means not shared). */
  readonly reportShared: boolean;
}

export interface ContactLog {
  /** Rows that passed every check (only these are counted). */
  readonly entries: readonly ContactEntry[];
  /** One problem per bad cell; rows with an error are not counted, and the problem says so. */
  readonly problems: readonly Problem[];
}

/** Columns the judgement cannot do without (内容 is optional). */
export const NEEDED_CONTACT_COLUMNS: readonly ContactKey[] = ['caseId', 'date', 'party', 'method', 'reportShared'];

/** Headers of the needed columns the tab lacks. */
export function missingContactColumns(table: HeaderedTable<ContactKey>): string[] {
  return CONTACT_COLUMNS.filter(
    (c) => NEEDED_CONTACT_COLUMNS.includes(c.key) && table.columns[c.key] === undefined,
  ).map((c) => c.header);
}

const NOT_COUNTED = 'この行は集計に含めていません。';

function header(key: ContactKey): string {
  return CONTACT_COLUMNS.find((c) => c.key === key)!.header;
}

function matchValue<T extends string>(cell: Cell, values: readonly T[]): T | null {
  const text = normalizeKey(cellText(cell));
  return values.find((v) => normalizeKey(v) === text) ?? null;
}

/**
 * Reads every row of 支援記録: unknown ケースID, bad or missing dates and values outside the fixed
 * lists become problems (naming tab, row, column, value and the fix). A user's cell is never changed.
 * `knownCaseIds` are the ledger's ケースIDs; `today` flags contacts dated in the future.
 */
export function readContactLog(
  table: HeaderedTable<ContactKey>,
  knownCaseIds: readonly string[],
  today: CalendarDate,
): ContactLog {
  const known = new Map<string, string>();
  for (const id of knownCaseIds) {
    const key = normalizeKey(id);
    if (key && !known.has(key)) known.set(key, id);
  }
  const knownList = [...known.values()];
  const entries: ContactEntry[] = [];
  const problems: Problem[] = [];

  for (const row of dataRows(table)) {
    const caseIdText = cellText(row.get('caseId')).trim();
    const problem = (key: ContactKey, message: string, severity: Problem['severity'] = 'error'): void => {
      problems.push({
        severity,
        sheet: table.sheet,
        row: row.rowNumber,
        column: header(key),
        value: cellText(row.get(key)).trim(),
        caseId: caseIdText,
        message,
      });
    };
    let bad = false;

    const caseKey = normalizeKey(caseIdText);
    if (!caseKey) {
      problem('caseId', `ケースIDが空欄です。${TAB.ledger}のケースIDを入力してください。${NOT_COUNTED}`);
      bad = true;
    } else if (!known.has(caseKey)) {
      const near = nearest(caseIdText, knownList);
      const hint = near ? `「${near}」の誤りではありませんか。` : '';
      problem(
        'caseId',
        `${TAB.ledger}にないケースIDです。${hint}${TAB.ledger}のケースIDと同じにしてください。${NOT_COUNTED}`,
      );
      bad = true;
    }

    const parsed = parseDateCell(row.get('date'));
    let day: CalendarDate | null = null;
    if (parsed.kind === 'empty') {
      problem('date', `日付が空欄です。支援した日を入力してください。${NOT_COUNTED}`);
      bad = true;
    } else if (parsed.kind === 'invalid') {
      problem('date', `${parsed.message}${NOT_COUNTED}`);
      bad = true;
    } else if (parsed.date.y < 2000) {
      // The service exists since 2018: a year like 1800 is a slip (a wrong serial, a mistyped year).
      problem(
        'date',
        `${formatSlash(parsed.date)}は支援記録の日付としてありえない年です。年を確認してください。${NOT_COUNTED}`,
      );
      bad = true;
    } else {
      day = parsed.date;
      if (compareDates(day, today) > 0) {
        problem(
          'date',
          `今日（${formatSlash(today)}）より後の日付です。入力の誤りでないか確認してください。`,
          'warning',
        );
      }
    }

    const party = matchValue(row.get('party'), CONTACT_PARTIES);
    if (!party) {
      bad = true;
      enumProblem(row.get('party'), CONTACT_PARTIES, (m) => problem('party', m));
    }
    const method = matchValue(row.get('method'), CONTACT_METHODS);
    if (!method) {
      bad = true;
      enumProblem(row.get('method'), CONTACT_METHODS, (m) => problem('method', m));
    }

    let reportShared = false;
    const shared = row.get('reportShared');
    if (typeof shared === 'boolean') {
      reportShared = shared; // a checkbox cell
    } else if (!isBlankCell(shared)) {
      const v = matchValue(shared, YES_NO);
      if (v) reportShared = v === 'はい';
      else {
        bad = true;
        problem(
          'reportShared',
          `「はい」か「いいえ」を入力してください（空欄は「いいえ」として扱います）。${NOT_COUNTED}`,
        );
      }
    }

    if (!bad && day && party && method) {
      entries.push({ rowNumber: row.rowNumber, caseId: caseIdText, caseKey, date: day, party, method, reportShared });
    }
  }
  return { entries, problems };
}

function enumProblem(cell: Cell, values: readonly string[], report: (message: string) => void): void {
  const text = cellText(cell).trim();
  const list = values.join('／');
  if (!text) {
    report(`空欄です。${list}から選んでください。${NOT_COUNTED}`);
    return;
  }
  const near = nearest(text, values);
  const hint = near ? `「${near}」の誤りではありませんか。` : '';
  report(`決められた値ではありません。${hint}${list}から選んでください。${NOT_COUNTED}`);
}

// ---------------------------------------------------------------------------------------------
// The month's judgement

export const MISSING_FACE_TO_FACE = '対面なし';
export const MISSING_REPORT = '支援レポート未共有（本人）';
export const WARN_NO_EMPLOYER = '企業訪問なし';

/** A month in which a 支援レポート was shared with the client outside 支援記録 (e.g. a report record). */
export interface ReportToPerson {
  readonly caseId: string;
  readonly month: YearMonth;
}

export interface MonthlyExtras {
  /** Extra (ケースID, month) pairs of a 支援レポート shared with 本人; they count like a 支援記録 row. */
  readonly reportsToPerson?: readonly ReportToPerson[];
}

export const INITIAL_ADDITION = '初期加算';
export const REGIONAL_MEETING_ADDITION = '地域連携会議実施加算';
/** At most this many 地域連携会議実施加算 per client per fiscal year (one a month). */
export const REGIONAL_MEETINGS_PER_YEAR = 4;

/** The 地域連携会議 of one case-month. */
export interface RegionalMeeting {
  /** 地域連携会議 rows in the month. */
  readonly count: number;
  /** Which billing month of the fiscal year this is (1 = the first month with a meeting). */
  readonly ordinal: number;
  /** ordinal ≤ 4 */
  readonly billable: boolean;
}

/**
 * 初期加算 applies in the first month of service, unless the client came from a 就労移行支援 office of the
 * same corporation (前利用事業所区分 自法人): our approximation of "run together with this office" (一体的に運営).
 */
export function initialAdditionApplies(c: CaseInput, window: ServiceWindow, month: YearMonth): boolean {
  if (window.start.y !== month.y || window.start.m !== month.m) return false;
  return !(c.enums?.priorOfficeKind === '自法人' && c.enums?.priorService === '就労移行支援');
}

/** The 加算 of a case-month in words: 初期加算, 地域連携会議実施加算（年度2回目）, or a 5th shown as not billable. */
export function additionTexts(initial: boolean, meeting: RegionalMeeting | null): string[] {
  const out: string[] = [];
  if (initial) out.push(INITIAL_ADDITION);
  if (meeting) {
    const extra = meeting.count > 1 ? `・同月${meeting.count}回のうち1回` : '';
    out.push(
      meeting.billable
        ? `${REGIONAL_MEETING_ADDITION}（年度${meeting.ordinal}回目${extra}）`
        : `${REGIONAL_MEETING_ADDITION} 算定不可（年度${meeting.ordinal}回目: 年${REGIONAL_MEETINGS_PER_YEAR}回まで）`,
    );
  }
  return out;
}

export interface MonthlyStatus {
  readonly rowNumber: number;
  readonly caseId: string;
  readonly office: string;
  readonly window: ServiceWindow;
  /** Face-to-face contacts with the client (相手 = 本人, a face-to-face 方法). */
  readonly faceToFace: number;
  /** Contacts with the employer (相手 = 企業, any method). */
  readonly employerContacts: number;
  /** 職場訪問 rows (any 相手): what the monthly employer-visit duty asks for. */
  readonly employerVisits: number;
  /** Rows with 支援レポート共有 = はい. */
  readonly reportsShared: number;
  /** Reports shared with 本人 (支援記録 rows with 相手 本人 and はい, plus the extra pairs): what the fee needs. */
  readonly reportsToPerson: number;
  /** 初期加算 in this month. */
  readonly initialAddition: boolean;
  /** 地域連携会議 in this month, null when none. */
  readonly regionalMeeting: RegionalMeeting | null;
  /** The month's 加算 in words ('初期加算', '地域連携会議実施加算（年度1回目）', …). */
  readonly additions: readonly string[];
  /** Required items not met (empty = OK). */
  readonly missing: readonly string[];
  readonly warnings: readonly string[];
  /** `OK`, or what is missing; a warning is appended in brackets. */
  readonly verdict: string;
}

export interface MonthlyReport {
  readonly month: YearMonth;
  /** Cases active in the month, in ledger order grouped by office (offices in order of first appearance). */
  readonly statuses: readonly MonthlyStatus[];
  /** Ledger rows whose service window cannot be determined, and contacts of the month outside a case's window. */
  readonly problems: readonly Problem[];
}

/**
 * A face-to-face contact with the client: a face-to-face method with 相手 = 本人, or 医療機関同行, which by
 * its nature is done together with the client whoever is recorded as 相手 (often the hospital).
 */
export function isFaceToFace(entry: Pick<ContactEntry, 'party' | 'method'>): boolean {
  if (entry.method === '医療機関同行') return true;
  return entry.party === '本人' && FACE_TO_FACE_METHODS.includes(entry.method);
}

export function verdictText(missing: readonly string[], warnings: readonly string[]): string {
  const base = missing.length ? missing.join('・') : 'OK';
  return warnings.length ? `${base}（警告: ${warnings.join('・')}）` : base;
}

/**
 * Judges every case active in `month` (its service window shares a day with the month). Only contacts
 * inside both the month and the case's window count: a contact before 利用開始日 was not this service.
 */
export function monthlyCompliance(
  cases: readonly CaseInput[],
  entries: readonly ContactEntry[],
  month: YearMonth,
  extras: MonthlyExtras = {},
): MonthlyReport {
  const first = monthFirstDay(month);
  const last = monthLastDay(month);
  const problems: Problem[] = [];

  // A duplicated ケースID is reported by validation; contacts go to its first row.
  const byKey = new Map<string, { c: CaseInput; window: ServiceWindow | null }>();
  for (const c of cases) {
    const key = normalizeKey(c.caseId);
    if (!key) continue;
    if (byKey.has(key)) {
      problems.push(
        ledgerProblem(c, `ケースIDが${TAB.ledger}で重複しています。支援記録は最初の行のケースに数えています。`),
      );
      continue;
    }
    const result = serviceWindow(c.dates);
    if (!result.ok) problems.push(ledgerProblem(c, `${result.reason}このケースは支援状況に含めていません。`));
    byKey.set(key, { c, window: result.ok ? result.window : null });
  }

  type Counts = { face: number; employer: number; visits: number; reports: number; toPerson: number; meetings: number };
  const zero = (): Counts => ({ face: 0, employer: 0, visits: 0, reports: 0, toPerson: 0, meetings: 0 });
  const counts = new Map<string, Counts>();
  // Months of this fiscal year, before `month`, with a 地域連携会議 inside the case's window (one a month counts).
  const fyStart: CalendarDate = { y: month.m >= 4 ? month.y : month.y - 1, m: 4, d: 1 };
  const earlierMeetingMonths = new Map<string, Set<string>>();
  for (const e of entries) {
    if (e.method !== REGIONAL_MEETING_METHOD) continue;
    if (compareDates(e.date, fyStart) < 0 || compareDates(e.date, first) >= 0) continue;
    const target = byKey.get(e.caseKey);
    if (!target?.window || !within(e.date, target.window)) continue;
    const set = earlierMeetingMonths.get(e.caseKey) ?? new Set<string>();
    set.add(`${e.date.y}-${e.date.m}`);
    earlierMeetingMonths.set(e.caseKey, set);
  }
  for (const r of extras.reportsToPerson ?? []) {
    if (r.month.y !== month.y || r.month.m !== month.m) continue;
    const key = normalizeKey(r.caseId);
    if (!byKey.get(key)?.window) continue;
    const n = counts.get(key) ?? zero();
    n.toPerson++;
    counts.set(key, n);
  }
  for (const e of entries) {
    if (compareDates(e.date, first) < 0 || compareDates(e.date, last) > 0) continue;
    const target = byKey.get(e.caseKey);
    if (!target || !target.window) continue;
    if (!within(e.date, target.window)) {
      problems.push({
        severity: 'warning',
        sheet: TAB.contacts,
        row: e.rowNumber,
        column: header('date'),
        value: formatSlash(e.date),
        caseId: e.caseId,
        message: `このケースの利用期間（${formatSlash(target.window.start)}〜${formatSlash(target.window.end)}）の外の日付のため、${formatYearMonth(month)}の判定に含めていません。`,
      });
      continue;
    }
    const n = counts.get(e.caseKey) ?? zero();
    if (isFaceToFace(e)) n.face++;
    if (e.party === '企業') n.employer++;
    if (e.method === EMPLOYER_VISIT_METHOD) n.visits++;
    if (e.reportShared) n.reports++;
    if (e.reportShared && e.party === '本人') n.toPerson++;
    if (e.method === REGIONAL_MEETING_METHOD) n.meetings++;
    counts.set(e.caseKey, n);
  }

  const officeOrder = new Map<string, number>();
  const statuses: MonthlyStatus[] = [];
  for (const [key, { c, window }] of byKey) {
    if (!window || !overlaps(window, first, last)) continue;
    const officeKey = normalizeKey(c.office);
    if (!officeOrder.has(officeKey)) officeOrder.set(officeKey, officeOrder.size);
    const n = counts.get(key) ?? zero();
    const missing: string[] = [];
    if (n.face === 0) missing.push(MISSING_FACE_TO_FACE);
    if (n.toPerson === 0) missing.push(MISSING_REPORT);
    const warnings = n.visits === 0 ? [WARN_NO_EMPLOYER] : [];
    const initialAddition = initialAdditionApplies(c, window, month);
    const ordinal = (earlierMeetingMonths.get(key)?.size ?? 0) + 1;
    const regionalMeeting =
      n.meetings > 0 ? { count: n.meetings, ordinal, billable: ordinal <= REGIONAL_MEETINGS_PER_YEAR } : null;
    statuses.push({
      rowNumber: c.rowNumber,
      caseId: c.caseId,
      office: c.office,
      window,
      faceToFace: n.face,
      employerContacts: n.employer,
      employerVisits: n.visits,
      reportsShared: n.reports,
      reportsToPerson: n.toPerson,
      initialAddition,
      regionalMeeting,
      additions: additionTexts(initialAddition, regionalMeeting),
      missing,
      warnings,
      verdict: verdictText(missing, warnings),
    });
  }
  statuses.sort(
    (a, b) =>
      officeOrder.get(normalizeKey(a.office))! - officeOrder.get(normalizeKey(b.office))! || a.rowNumber - b.rowNumber,
  );
  problems.sort((a, b) => (a.sheet === b.sheet ? a.row - b.row : a.sheet === TAB.ledger ? -1 : 1));
  return { month, statuses, problems };
}

function ledgerProblem(c: CaseInput, message: string): Problem {
  return { severity: 'warning', sheet: TAB.ledger, row: c.rowNumber, column: '', value: '', caseId: c.caseId, message };
}

/** The month before the one containing `today` (the default for the monthly check). */
export function previousMonth(today: CalendarDate): YearMonth {
  return today.m === 1 ? { y: today.y - 1, m: 12 } : { y: today.y, m: today.m - 1 };
}

/** Reads a --month value: 2024-10, 2024-1, 2024/10 (full-width digits allowed); null when not a month. */
export function parseMonthOption(text: string): YearMonth | null {
  const m = /^(\d{4})[-/](\d{1,2})$/.exec(text.normalize('NFKC').trim());
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return y >= 2000 && mo >= 1 && mo <= 12 ? { y, m: mo } : null;
}
