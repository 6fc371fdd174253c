// 活動報告: what each center reports to the prefecture, one row per center per month (docs/rules.md 台帳の列).
// The tab is the source of truth: every summary re-reads it and decides again which rows count.
//
// Which row counts (our rule, documented in the README):
// - a row with an error (unknown center, unreadable 対象年月, a count that is not a whole number ≥ 0)
//   counts for nothing and supersedes nothing;
// - among the valid rows for the same センター名 and 対象年月 the latest 提出日時 wins; on a tie (or when
//   提出日時 is blank on both) the row further down the tab wins, since intake appends in arrival order;
//   a blank or unreadable 提出日時 ranks before any readable one;
// - the others stay in the tab, marked 差し替え済, out of every sum.

import type { Cell } from './cell';
import { dayNumber, formatSlash, formatYearMonth, isCalendarDate, type CalendarDate, type YearMonth } from './calendar';
import { parseDateCell } from './dates';
import type { Problem } from './problem';
import { ACTIVITY_COLUMNS, type ActivityKey, type ColumnDef } from './schema';
import { cellText, dataRows, isBlankCell, locateTable, type HeaderedTable } from './table';
import { nearest, normalizeCenter, normalizeKey } from './text';

/** The owned column at the right of 活動報告. */
export const ACTIVITY_STATUS_HEADER = '状態（自動）';
export const STATUS_VALID = '有効';
export const STATUS_SUPERSEDED = '差し替え済';
/** A report stamped after today: kept, not counted yet. */
export const STATUS_FUTURE = '未来の日時';
export const STATUS_ERROR = 'エラー';

/** The three counts, in the order the prefecture table shows them (seed 000 §3(1)–(2)). */
export const ACTIVITY_METRICS = [
  { key: 'caseMeetings', label: '個別支援会議' },
  { key: 'networkMeetings', label: 'ネットワーク会議' },
  { key: 'trainings', label: '研修会' },
] as const;

export type MetricKey = (typeof ACTIVITY_METRICS)[number]['key'];

export type MonthParse =
  | { readonly kind: 'empty' }
  | { readonly kind: 'month'; readonly month: YearMonth }
  | { readonly kind: 'invalid'; readonly message: string };

const MONTH_HINT = '「2020-10」「2020/10」「令和2年10月」のいずれかの形で入力してください。';

/** 令和 began 2019-05, 平成 ran 1989-01 … 2019-04: a month exists in an era when one of its days does. */
const MONTH_ERAS = [
  { name: '令和', letters: ['令和', '令', 'R'], base: 2019, first: 2019 * 12 + 4, last: Infinity },
  { name: '平成', letters: ['平成', '平', 'H'], base: 1989, first: 1989 * 12 + 0, last: 2019 * 12 + 3 },
] as const;

const WESTERN_MONTH = /^(\d{4})[-/.年](\d{1,2})月?$/;
const ERA_MONTH = /^(令和|平成|令|平|[RH])(元|\d{1,2})[年.\-/](\d{1,2})月?$/i;

/** Years we accept in 対象年月: a typo like 2202-10 is an error, not a month nobody will ever see. */
const MIN_YEAR = 2000;
const MAX_YEAR = 2099;

function monthOf(y: number, m: number, raw: string): MonthParse {
  if (m < 1 || m > 12) return { kind: 'invalid', message: `「${raw}」の${m}月という月はありません。${MONTH_HINT}` };
  if (y < MIN_YEAR || y > MAX_YEAR)
    return { kind: 'invalid', message: `「${raw}」の年（${y}年）を確認してください。${MONTH_HINT}` };
  return { kind: 'month', month: { y, m } };
}

/** 対象年月 in every form the contract lists (docs/rules.md 台帳の列): `2020-10`, `2020/10`, `令和2年10月`, or a date in that month. */
export function parseTargetMonth(cell: Cell): MonthParse {
  if (isBlankCell(cell)) return { kind: 'empty' };
  if (isCalendarDate(cell)) return monthOf(cell.y, cell.m, cellText(cell));
  if (typeof cell === 'number' && Number.isInteger(cell) && cell >= 190001 && cell <= 209912) {
    // 202010 typed as a number
    return monthOf(Math.floor(cell / 100), cell % 100, String(cell));
  }
  const raw = typeof cell === 'string' ? cell.trim() : cellText(cell);
  const text = normalizeKey(raw)
    .replace(/[－−‐―ー]/g, '-')
    .replace(/分$/, '');
  let m = WESTERN_MONTH.exec(text);
  if (m) return monthOf(Number(m[1]), Number(m[2]), raw);
  m = ERA_MONTH.exec(text);
  if (m) {
    const letter = m[1].toUpperCase();
    const era = MONTH_ERAS.find((e) => e.letters.some((l) => l.toUpperCase() === letter));
    if (era) {
      const n = m[2] === '元' ? 1 : Number(m[2]);
      const mo = Number(m[3]);
      const label = `${era.name}${n === 1 ? '元' : n}年${mo}月`;
      if (n < 1) return { kind: 'invalid', message: `${era.name}0年はありません。${MONTH_HINT}` };
      if (mo < 1 || mo > 12)
        return { kind: 'invalid', message: `「${raw}」の${mo}月という月はありません。${MONTH_HINT}` };
      const y = era.base + n - 1;
      const idx = y * 12 + mo - 1;
      if (idx < era.first || idx > era.last) {
        const other =
          idx < 2019 * 12 + 4 ? `平成${y - 1988}年${mo}月` : `令和${y - 2018 === 1 ? '元' : y - 2018}年${mo}月`;
        return {
          kind: 'invalid',
          message: `${label}は存在しません（令和は2019年5月から）。「${other}」（${formatYearMonth({ y, m: mo })}）のことでしょうか。`,
        };
      }
      return monthOf(y, mo, raw);
    }
  }
  const asDate = parseDateCell(cell);
  if (asDate.kind === 'date') return monthOf(asDate.date.y, asDate.date.m, raw);
  // A full date that does not exist (2020/2/30): the date parser says why.
  if (asDate.kind === 'invalid' && /\d+\D+\d+\D+\d+/.test(text)) return { kind: 'invalid', message: asDate.message };
  return { kind: 'invalid', message: `「${raw}」は年月として読めません。${MONTH_HINT}` };
}

export type CountParse =
  { readonly kind: 'count'; readonly value: number } | { readonly kind: 'invalid'; readonly message: string };

/** A count: a whole number ≥ 0. Blank means 0 (the seed tables leave zeros blank). `1,251` and `9件` are read. */
/** More meetings than this in one center-month is a typing slip (an extra digit, a pasted ID), not a count. */
export const MAX_MONTHLY_COUNT = 9999;

export function parseCount(cell: Cell): CountParse {
  if (isBlankCell(cell)) return { kind: 'count', value: 0 };
  let value: number;
  if (typeof cell === 'number') {
    if (!Number.isInteger(cell) || cell < 0)
      return {
        kind: 'invalid',
        message: `件数「${cell}」は0以上の整数ではありません。0以上の整数で入力してください。`,
      };
    value = cell;
  } else {
    const raw = cellText(cell);
    const text = normalizeKey(raw)
      .replace(/,/g, '')
      .replace(/[件回]$/, '');
    if (!/^\d+$/.test(text))
      return {
        kind: 'invalid',
        message: `件数「${raw}」は0以上の整数として読めません。0以上の整数（例: 12）で入力してください。`,
      };
    value = Number(text);
  }
  if (value > MAX_MONTHLY_COUNT)
    return {
      kind: 'invalid',
      message: `件数「${value}」は1か月の件数として大きすぎます（${MAX_MONTHLY_COUNT}件まで）。桁の打ち間違いがないか確認してください。`,
    };
  return { kind: 'count', value };
}

/**
 * 提出日時 as seconds on the Tokyo calendar, for ordering submissions; null when blank or unreadable.
 * A date cell has no time of day in the port, so two submissions on one day tie and row order decides.
 */
export function parseSubmittedAt(cell: Cell): number | null {
  if (isBlankCell(cell)) return null;
  if (isCalendarDate(cell)) return dayNumber(cell) * 86400;
  if (typeof cell === 'number') {
    // a serial with a fraction for the time of day
    if (!Number.isFinite(cell) || cell < 61 || cell > 73051) return null;
    return Math.round((cell - 25569) * 86400);
  }
  if (typeof cell !== 'string') return null;
  const text = cell.normalize('NFKC').trim();
  const m = /^(.*?\d)(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!m) return null;
  const d = parseDateCell(m[1]);
  if (d.kind !== 'date') return null;
  const [h, mi, s] = [Number(m[2] ?? 0), Number(m[3] ?? 0), Number(m[4] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) return null;
  return dayNumber(d.date) * 86400 + h * 3600 + mi * 60 + s;
}

/** One valid report. */
export interface ActivityReport {
  readonly rowNumber: number;
  /** The center's name as 設定 spells it. */
  readonly center: string;
  /** Its position in 設定's list. */
  readonly centerIndex: number;
  readonly month: YearMonth;
  readonly caseMeetings: number;
  readonly networkMeetings: number;
  readonly trainings: number;
  readonly topics: string;
  readonly submittedAt: number | null;
  readonly submitter: string;
}

export interface ActivityCheck {
  readonly rowNumber: number;
  /** null when the row has an error. */
  readonly report: ActivityReport | null;
  readonly problems: readonly Problem[];
}

/** Finds a center in 設定's list after NFKC, spaces and ・ removed (docs/rules.md 台帳の列). */
export function matchCenter(text: string, centers: readonly string[]): number {
  const key = normalizeCenter(text);
  return centers.findIndex((c) => normalizeCenter(c) === key);
}

function headerOfDefault(key: ActivityKey): string {
  return ACTIVITY_COLUMNS.find((c) => c.key === key)?.header ?? key;
}

/**
 * Checks one 活動報告 row (or one form response with the same questions).
 * `headerOf` gives the column title as the user's tab shows it, for messages.
 */
export function checkActivityRow(
  get: (key: ActivityKey) => Cell,
  rowNumber: number,
  sheet: string,
  centers: readonly string[],
  headerOf: (key: ActivityKey) => string = headerOfDefault,
): ActivityCheck {
  const problems: Problem[] = [];
  const problem = (key: ActivityKey, message: string): void => {
    problems.push({
      severity: 'error',
      sheet,
      row: rowNumber,
      column: headerOf(key),
      value: cellText(get(key)),
      caseId: '',
      message,
    });
  };

  const centerText = cellText(get('center')).trim();
  let centerIndex = -1;
  if (centerText === '') {
    problem('center', 'センター名が空です。設定タブのセンター一覧にある名前を入力してください。');
  } else {
    centerIndex = matchCenter(centerText, centers);
    if (centerIndex < 0) {
      const near = nearest(centerText, centers, normalizeCenter);
      problem(
        'center',
        near
          ? `設定タブのセンター一覧にありません。「${near}」のことでしょうか。正しい名前にするか、設定タブの一覧に追加してください。`
          : '設定タブのセンター一覧にありません。一覧にある名前にするか、設定タブの一覧に追加してください。',
      );
    }
  }

  const month = parseTargetMonth(get('month'));
  if (month.kind === 'empty') problem('month', `対象年月が空です。${MONTH_HINT}`);
  else if (month.kind === 'invalid') problem('month', month.message);

  const counts: Partial<Record<MetricKey, number>> = {};
  for (const metric of ACTIVITY_METRICS) {
    const c = parseCount(get(metric.key));
    if (c.kind === 'invalid') problem(metric.key, c.message);
    else counts[metric.key] = c.value;
  }

  if (problems.length > 0 || month.kind !== 'month') return { rowNumber, report: null, problems };
  return {
    rowNumber,
    problems,
    report: {
      rowNumber,
      center: centers[centerIndex],
      centerIndex,
      month: month.month,
      caseMeetings: counts.caseMeetings ?? 0,
      networkMeetings: counts.networkMeetings ?? 0,
      trainings: counts.trainings ?? 0,
      topics: cellText(get('trainingTopics')).trim(),
      submittedAt: parseSubmittedAt(get('submittedAt')),
      submitter: cellText(get('submitter')).trim(),
    },
  };
}

/** Whether report `a` was submitted after report `b` (see the rule at the top of this file). */
export function isLater(a: ActivityReport, b: ActivityReport): boolean {
  const ta = a.submittedAt ?? -Infinity;
  const tb = b.submittedAt ?? -Infinity;
  if (ta !== tb) return ta > tb;
  return a.rowNumber > b.rowNumber;
}

export interface ActivityResolution {
  /** The reports that count: one per center and month, in row order. */
  readonly effective: readonly ActivityReport[];
  /** Status text per checked row, by sheet row number. */
  readonly status: ReadonlyMap<number, string>;
  readonly problems: readonly Problem[];
  readonly supersededCount: number;
  readonly errorRows: number;
}

/** Decides which rows count. Pure: the same rows always give the same answer, whatever order they come in. */
export function resolveActivity(checks: readonly ActivityCheck[], today?: CalendarDate): ActivityResolution {
  // As of today: a report stamped after today is not counted yet (it will be once today passes it).
  const limit = today ? (dayNumber(today) + 1) * 86400 : Infinity;
  const future = (r: ActivityReport): boolean => r.submittedAt !== null && r.submittedAt >= limit;
  const winners = new Map<string, ActivityReport>();
  for (const c of checks) {
    if (!c.report || future(c.report)) continue;
    const key = `${c.report.centerIndex}|${formatYearMonth(c.report.month)}`;
    const current = winners.get(key);
    if (!current || isLater(c.report, current)) winners.set(key, c.report);
  }
  const status = new Map<number, string>();
  const effective: ActivityReport[] = [];
  let supersededCount = 0;
  let errorRows = 0;
  for (const c of checks) {
    if (!c.report) {
      errorRows++;
      status.set(c.rowNumber, `${STATUS_ERROR}: ${c.problems.map((p) => `「${p.column}」${p.message}`).join(' ')}`);
      continue;
    }
    if (future(c.report)) {
      status.set(
        c.rowNumber,
        `${STATUS_FUTURE}（提出日時が今日 ${formatSlash(today!)} より後のため、まだ数えていません）`,
      );
      continue;
    }
    const winner = winners.get(`${c.report.centerIndex}|${formatYearMonth(c.report.month)}`)!;
    if (winner === c.report) {
      effective.push(c.report);
      status.set(c.rowNumber, STATUS_VALID);
    } else {
      supersededCount++;
      status.set(c.rowNumber, `${STATUS_SUPERSEDED}（${winner.rowNumber}行目の提出が有効）`);
    }
  }
  effective.sort((a, b) => a.rowNumber - b.rowNumber);
  return { effective, status, problems: checks.flatMap((c) => c.problems), supersededCount, errorRows };
}

/** 活動報告's columns plus the owned status column, for locating the table. */
export const ACTIVITY_TABLE_COLUMNS: readonly ColumnDef<ActivityKey | 'status'>[] = [
  ...ACTIVITY_COLUMNS,
  { key: 'status', header: ACTIVITY_STATUS_HEADER, aliases: [], kind: 'text' },
];

export type ActivityTableKey = ActivityKey | 'status';

export interface ActivityTab {
  readonly table: HeaderedTable<ActivityTableKey>;
  readonly checks: readonly ActivityCheck[];
  readonly resolution: ActivityResolution;
}

/** Finds 活動報告's header row (the first of the first 10 rows that holds センター名 and 対象年月). */
export function locateActivityTable(
  sheet: string,
  values: readonly (readonly Cell[])[],
): HeaderedTable<ActivityTableKey> | null {
  const table = locateTable(sheet, values, ACTIVITY_TABLE_COLUMNS, 'center');
  return table && table.columns.month !== undefined ? table : null;
}

/** Checks every row of 活動報告 and decides which count. */
export function readActivityTab(
  table: HeaderedTable<ActivityTableKey>,
  centers: readonly string[],
  today?: CalendarDate,
): ActivityTab {
  const headerOf = (key: ActivityKey): string => {
    const c = table.columns[key];
    return c === undefined ? headerOfDefault(key) : cellText(table.header[c]);
  };
  const statusCol = table.columns.status;
  // A row holding nothing but our old status (its data was deleted) is a blank row.
  const rows = dataRows(table).filter((row) => row.cells.some((c, i) => i !== statusCol && !isBlankCell(c)));
  const checks = rows.map((row) => checkActivityRow(row.get, row.rowNumber, table.sheet, centers, headerOf));
  return { table, checks, resolution: resolveActivity(checks, today) };
}
