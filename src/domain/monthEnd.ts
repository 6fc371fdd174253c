// 月末確認: some days before the end of each month, each 担当者 is told which of their cases in service
// still lack this month's face-to-face contact with the person (対面), a 支援レポート shared with the
// person (本人), or a visit to the employer (企業訪問: a 職場訪問; a call or mail does not count). The
// lists name cases by ケースID only: the mail leaves the spreadsheet. Pure: the settings block, the
// day, the lists and the mail texts; src/gas does the sending and remembers who was mailed.

import { addDays, compareDates, formatSlash, formatYearMonth, type CalendarDate, type YearMonth } from './calendar';
import { isFaceToFace, monthFirstDay, monthLastDay, within, type ContactEntry } from './contacts';
import { caseMonthKey, casesInService, monthTitle, REPORT_TAB, type ReportCase } from './report';
import { TAB } from './schema';
import { cellText, isBlankCell } from './table';
import { normalizeKey } from './text';
import type { Cell } from './cell';

export const MONTH_END_LABEL = '月末確認（月末の何日前）';
/** The 設定 label of the template Doc the Sheets menu fills (its URL or ID to the right). */
export const REPORT_TEMPLATE_LABEL = '支援レポートのテンプレート';
export const MONTH_END_DEFAULT = 5;
export const STAFF_HEADER = '担当者';
export const STAFF_EMAIL_HEADER = 'メールアドレス';
/** Cases whose 担当者 cell is blank are listed under this name (in the summary only). */
export const NO_STAFF = '（担当者未入力）';

export interface MonthEndConfig {
  /** Days before the month's last day the check runs; null = off. */
  readonly daysBefore: number | null;
  /** Each 担当者's addresses, keyed by the name normalised (NFKC, no spaces). */
  readonly addresses: ReadonlyMap<string, { readonly name: string; readonly to: readonly string[] }>;
  readonly problems: readonly string[];
}

const ADDRESS = /^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$/;

/**
 * Reads the block from 設定: the value right of 「月末確認（月末の何日前）」 (a whole number of days,
 * blank = off; no such label = off), and a 担当者 | メールアドレス table (one 担当者 a row, several
 * addresses separated by 、 or ,), read down to its first blank row.
 */
export function readMonthEndConfig(values: readonly (readonly Cell[])[] | null): MonthEndConfig {
  const problems: string[] = [];
  const addresses = new Map<string, { name: string; to: string[] }>();
  let daysBefore: number | null = null;
  if (!values) return { daysBefore, addresses, problems };
  let labelFound = false;
  for (let r = 0; r < values.length; r++) {
    const row = values[r];
    for (let c = 0; c < row.length; c++) {
      const text = typeof row[c] === 'string' ? normalizeKey(row[c] as string) : '';
      if (!labelFound && text === normalizeKey(MONTH_END_LABEL)) {
        labelFound = true;
        const v = row[c + 1] ?? null;
        if (!isBlankCell(v)) {
          const n = typeof v === 'number' ? v : Number(normalizeKey(cellText(v)));
          if (Number.isInteger(n) && n >= 0 && n <= 27) daysBefore = n;
          else
            problems.push(
              `設定タブ「${MONTH_END_LABEL}」の値「${cellText(v)}」は0〜27の整数ではありません。月末確認は送っていません（0 なら月末の日、空欄なら送りません）。`,
            );
        }
      }
      if (text === normalizeKey(STAFF_HEADER) && normalizeKey(cellText(row[c + 1] ?? null)) === STAFF_EMAIL_HEADER) {
        for (let k = r + 1; k < values.length; k++) {
          const name = cellText(values[k][c] ?? null).trim();
          if (!name) break;
          const list = cellText(values[k][c + 1] ?? null)
            .split(/[,、，;\s]+/)
            .map((s) => s.trim())
            .filter(Boolean);
          const bad = list.filter((a) => !ADDRESS.test(a));
          if (bad.length)
            problems.push(
              `設定タブ ${k + 1}行目: 担当者「${name}」のメールアドレス「${bad.join('、')}」はメールアドレスの形ではありません。直してください。`,
            );
          const key = normalizeKey(name);
          const entry = addresses.get(key) ?? { name, to: [] };
          entry.to.push(...list.filter((a) => ADDRESS.test(a) && !entry.to.includes(a)));
          addresses.set(key, entry);
        }
      }
    }
  }
  return { daysBefore, addresses, problems };
}

/** The cells setup adds to 設定, at the right of the settings (columns E–G): the day, then the 担当者 table. */
export function monthEndSettingsBlock(): Cell[][] {
  return [
    [
      MONTH_END_LABEL,
      MONTH_END_DEFAULT,
      '月末のこの日数前に、毎日の自動更新が担当者ごとに今月の対面・支援レポート（本人と共有）・企業訪問がまだのケースIDをメールする（月に1回。空欄なら送らない）',
    ],
    [
      REPORT_TEMPLATE_LABEL,
      null,
      'メニュー「支援レポートを作成」が最初の実行でひな形の Google ドキュメントを作り、ここに記録する（事業所の様式を使うときは、そのドキュメントの URL に書き換える）',
    ],
    [STAFF_HEADER, STAFF_EMAIL_HEADER, '（ケース台帳の「担当者」と同じ名前で。複数のアドレスは「,」で区切る）'],
  ];
}

/** The day the check is due in the month of `today` (the month's last day minus the days). */
export function monthEndDay(today: CalendarDate, daysBefore: number): CalendarDate {
  return addDays(monthLastDay(today), -daysBefore);
}

export type MissingKind = 'faceToFace' | 'report' | 'employerVisit';

export const MISSING_LABEL: Readonly<Record<MissingKind, string>> = {
  faceToFace: '本人との対面がまだ',
  report: `${REPORT_TAB}（本人と共有）がまだ`,
  employerVisit: '企業訪問（職場訪問）がまだ',
};

export interface StaffTodo {
  /** 担当者 as the ledger spells it (the first spelling met), or NO_STAFF. */
  readonly staff: string;
  readonly missing: Readonly<Record<MissingKind, readonly string[]>>;
  /** Distinct ケースIDs with anything missing. */
  readonly caseIds: readonly string[];
}

/**
 * For each 担当者, their cases in service in `month` still missing something, in ledger order.
 * A report counts as shared with the person when the 支援レポート tab has a 共有日 with 本人 among
 * 共有先 (`sharedWithPerson`, keys of caseMonthKey), or when a 支援記録 row with 相手 本人 says
 * 支援レポート共有 はい. Only contacts inside the month and the case's service window count.
 */
export function staffTodos(
  cases: readonly ReportCase[],
  entries: readonly ContactEntry[],
  sharedWithPerson: ReadonlySet<string>,
  month: YearMonth,
): StaffTodo[] {
  const first = monthFirstDay(month);
  const last = monthLastDay(month);
  const byStaff = new Map<string, { staff: string; missing: Record<MissingKind, string[]>; ids: string[] }>();
  for (const { c, window } of casesInService(cases, month)) {
    const key = normalizeKey(c.caseId);
    const mine = entries.filter(
      (e) =>
        e.caseKey === key &&
        compareDates(e.date, first) >= 0 &&
        compareDates(e.date, last) <= 0 &&
        within(e.date, window),
    );
    const missing: MissingKind[] = [];
    if (!mine.some(isFaceToFace)) missing.push('faceToFace');
    if (!sharedWithPerson.has(caseMonthKey(c.caseId, month)) && !mine.some((e) => e.reportShared && e.party === '本人'))
      missing.push('report');
    if (!mine.some((e) => e.party === '企業' && e.method === '職場訪問')) missing.push('employerVisit');
    if (missing.length === 0) continue;
    const staff = c.staff.trim() || NO_STAFF;
    const staffKey = normalizeKey(staff);
    const group = byStaff.get(staffKey) ?? {
      staff,
      missing: { faceToFace: [], report: [], employerVisit: [] },
      ids: [],
    };
    for (const m of missing) group.missing[m].push(c.caseId);
    group.ids.push(c.caseId);
    byStaff.set(staffKey, group);
  }
  return [...byStaff.values()].map((g) => ({ staff: g.staff, missing: g.missing, caseIds: g.ids }));
}

function listLines(todo: StaffTodo): string[] {
  return (Object.keys(MISSING_LABEL) as MissingKind[])
    .filter((k) => todo.missing[k].length)
    .map((k) => `・${MISSING_LABEL[k]}（${todo.missing[k].length}件）: ${todo.missing[k].join('、')}`);
}

export interface MonthEndMail {
  /** Who it is for: a 担当者, or '' for the summary. */
  readonly staff: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly body: string;
}

const PRIVACY_LINE = 'このメールにはケースIDだけを記載しています（氏名などの個人情報は含めていません）。';

/** The mail one 担当者 receives. */
export function staffMail(todo: StaffTodo, to: readonly string[], month: YearMonth, today: CalendarDate): MonthEndMail {
  const label = monthTitle(month);
  return {
    staff: todo.staff,
    to,
    subject: `【定着支援】${label}の月末確認: ${todo.staff}さんの担当で未了のケース ${todo.caseIds.length}件`,
    body: [
      `${todo.staff}さん`,
      '',
      `${label}末（${formatSlash(monthLastDay(month))}）までに、担当ケースの次の支援がまだ記録されていません（${formatSlash(today)}時点）。`,
      ...listLines(todo),
      '',
      `実施したら「${TAB.contacts}」タブに記録し、支援レポートを本人と共有したら「${REPORT_TAB}」タブに共有日と共有先（本人）を入力してください。`,
      '本人との対面と本人への支援レポートの共有は、その月の報酬の要件です。企業訪問は努力義務です。',
      '',
      PRIVACY_LINE,
      'このメールは月に1回だけ送っています。',
    ].join('\n'),
  };
}

/** The summary the 通知メール送信先 receive: every 担当者's lists. */
export function summaryMail(
  todos: readonly StaffTodo[],
  to: readonly string[],
  month: YearMonth,
  today: CalendarDate,
  noAddress: readonly string[],
): MonthEndMail {
  const label = monthTitle(month);
  const total = todos.reduce((n, t) => n + t.caseIds.length, 0);
  const lines = [
    `${label}の月末確認（${formatSlash(today)}時点）: 未了のケースは${todos.length}人の担当で${total}件です。`,
    '',
  ];
  for (const t of todos) {
    lines.push(`■ ${t.staff}（${t.caseIds.length}件）`, ...listLines(t), '');
  }
  if (todos.length === 0) lines.push('未了のケースはありません。', '');
  if (noAddress.length)
    lines.push(
      `次の担当者は「${TAB.settings}」タブにメールアドレスがないため、本人宛てには送っていません: ${noAddress.join('、')}`,
      '',
    );
  lines.push(PRIVACY_LINE);
  return {
    staff: '',
    to,
    subject: `【定着支援】${label}の月末確認（担当者別）: 未了 ${total}件`,
    body: lines.join('\n'),
  };
}

export interface MonthEndPlan {
  /** Why nothing is sent today ('off', 'not-yet'), or null. */
  readonly reason: string | null;
  readonly month: YearMonth;
  readonly mails: readonly MonthEndMail[];
  /** 担当者 with something missing but no address in 設定. */
  readonly noAddress: readonly string[];
}

/** What was sent this month (kept by the caller in document properties). */
export interface MonthEndSent {
  /** YYYY-MM the record is about; a record of another month counts as nothing sent. */
  readonly month: string;
  /** 担当者 keys (normalised names) mailed; '' stands for the summary. */
  readonly sent: readonly string[];
}

/**
 * The mails due today: from the month's check day to its last day (so a day the trigger missed is
 * caught up), once per 担当者 and once for the summary in the month — `sent` says who already got it.
 */
export function planMonthEnd(
  config: MonthEndConfig,
  todos: readonly StaffTodo[],
  digestTo: readonly string[],
  today: CalendarDate,
  sent: MonthEndSent | null,
): MonthEndPlan {
  const month = { y: today.y, m: today.m };
  if (config.daysBefore === null) return { reason: 'off', month, mails: [], noAddress: [] };
  if (compareDates(today, monthEndDay(today, config.daysBefore)) < 0)
    return { reason: 'not-yet', month, mails: [], noAddress: [] };
  const done = new Set(sent && sent.month === formatYearMonth(month) ? sent.sent : []);
  const mails: MonthEndMail[] = [];
  const noAddress: string[] = [];
  for (const t of todos) {
    const entry = config.addresses.get(normalizeKey(t.staff));
    if (!entry || entry.to.length === 0) {
      noAddress.push(t.staff);
      continue;
    }
    if (!done.has(normalizeKey(t.staff))) mails.push(staffMail(t, entry.to, month, today));
  }
  const to = digestTo.filter((a) => ADDRESS.test(a));
  if (to.length && !done.has('')) mails.push(summaryMail(todos, to, month, today, noAddress));
  return { reason: null, month, mails, noAddress };
}

/** The key a sent mail is recorded under. */
export function sentKey(mail: MonthEndMail): string {
  return mail.staff ? normalizeKey(mail.staff) : '';
}

/** Lines for `teichaku todo --by-staff`. */
export function staffTodoText(todos: readonly StaffTodo[], month: YearMonth, today: CalendarDate): string[] {
  const lines = [`担当者別の月末確認（${monthTitle(month)}、${formatSlash(today)}時点）: ${todos.length}人`];
  for (const t of todos) lines.push('', `${t.staff}（${t.caseIds.length}件）`, ...listLines(t).map((l) => `  ${l}`));
  if (todos.length === 0) lines.push('  今月の対面・支援レポート・企業訪問がまだのケースはありません。');
  return lines;
}
