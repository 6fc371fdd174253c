// The numbers behind the summary tabs: the prefecture table by fiscal year (seed 000 §3(1)–(2)),
// each center's caseload and handover forecast, and one month's events. Pure: rows in, numbers out.
//
// Definitions (our choices, also in the README):
//   利用中                 the service has started (利用開始日, or 利用開始可能日 when it is blank) and
//                          支援終了予定日 has not passed, and the person is still employed (job-change rule)
//   今後6か月の終了予定      支援終了予定日 from today to the end of a 6-month period starting today (民法143条)
//   共有期限超過 / 終了・引継ぎ未了   the handover flag of flags.ts, with the windows of 設定
//   終了予定（月別）         cases whose 支援終了予定日 falls in each of 12 calendar months, this month first
//   月次: 新規              利用開始日 (or 利用開始可能日) in the month
//         終了              支援終了予定日 in the month and already passed
//         情報共有の実施     情報共有日 in the month (the dated record the 減算 rule asks for)
//         共有期限           情報共有期限 in the month; うち期限を過ぎて未共有 = the deadline has passed (before today)
//                            with no 情報共有日 on or before it, 要継続支援 not 非該当

import { ACTIVITY_METRICS, type ActivityReport, type MetricKey } from './activity';
import {
  addMonthsToYearMonth,
  compareDates,
  fiscalYearOf,
  periodEnd,
  type CalendarDate,
  type YearMonth,
} from './calendar';
import type { CaseRecord } from './caseRecord';
import { computeFlag, isActionFlag, type Flag } from './flags';
import { isEmployed, ledgerEmployment } from './jobChange';
import { plannedEnd, shareDeadline, supportPeriod } from './periods';
import type { Settings } from './settings';

// ---------------------------------------------------------------------------------------------
// 活動報告 → 県集計

export interface PrefectureBlock {
  readonly metric: MetricKey;
  readonly label: string;
  /** One row per center in 設定 order: a count per fiscal year (0 where nothing was reported). */
  readonly rows: readonly { readonly center: string; readonly values: readonly number[] }[];
  /** The sum of the rows, per fiscal year. */
  readonly totals: readonly number[];
}

export interface PrefectureTable {
  /** The fiscal years present in the reports, oldest first (2019 = 令和元年度). */
  readonly fiscalYears: readonly number[];
  readonly blocks: readonly PrefectureBlock[];
}

export function prefectureTable(effective: readonly ActivityReport[], centers: readonly string[]): PrefectureTable {
  const fiscalYears = [...new Set(effective.map((r) => fiscalYearOf(r.month)))].sort((a, b) => a - b);
  const fyIndex = new Map(fiscalYears.map((fy, i) => [fy, i]));
  const blocks = ACTIVITY_METRICS.map((metric) => {
    const grid = centers.map(() => fiscalYears.map(() => 0));
    for (const r of effective) grid[r.centerIndex][fyIndex.get(fiscalYearOf(r.month))!] += r[metric.key];
    const totals = fiscalYears.map((_, j) => grid.reduce((sum, row) => sum + row[j], 0));
    return {
      metric: metric.key,
      label: metric.label,
      rows: centers.map((center, i) => ({ center, values: grid[i] })),
      totals,
    };
  });
  return { fiscalYears, blocks };
}

export interface ActivityByPeriod {
  readonly caseMeetings: number;
  readonly networkMeetings: number;
  readonly trainings: number;
}

/** One center's reports summed by fiscal year (oldest first). */
export function centerActivityByYear(
  effective: readonly ActivityReport[],
  centerIndex: number,
): { readonly fiscalYear: number; readonly counts: ActivityByPeriod }[] {
  const byFy = new Map<number, { caseMeetings: number; networkMeetings: number; trainings: number }>();
  for (const r of effective) {
    if (r.centerIndex !== centerIndex) continue;
    const fy = fiscalYearOf(r.month);
    const acc = byFy.get(fy) ?? { caseMeetings: 0, networkMeetings: 0, trainings: 0 };
    acc.caseMeetings += r.caseMeetings;
    acc.networkMeetings += r.networkMeetings;
    acc.trainings += r.trainings;
    byFy.set(fy, acc);
  }
  return [...byFy.entries()].sort((a, b) => a[0] - b[0]).map(([fiscalYear, counts]) => ({ fiscalYear, counts }));
}

/** One center's reports that count, month by month (oldest first). */
export function centerActivityByMonth(effective: readonly ActivityReport[], centerIndex: number): ActivityReport[] {
  return effective
    .filter((r) => r.centerIndex === centerIndex)
    .sort((a, b) => a.month.y * 12 + a.month.m - (b.month.y * 12 + b.month.m));
}

// ---------------------------------------------------------------------------------------------
// ケース台帳 → センター別集計, 集計_<センター名>, 月次集計

export interface CaseFacts {
  readonly rowNumber: number;
  readonly caseId: string;
  readonly office: string;
  /** Position in 設定's center list, -1 when 担当センター is blank or unknown. */
  readonly centerIndex: number;
  /** 利用開始日, or 利用開始可能日 when it is blank. */
  readonly start: CalendarDate;
  readonly plannedEnd: CalendarDate;
  readonly shareDeadline: CalendarDate;
  readonly sharedDate: CalendarDate | null;
  readonly needsSupport: string | null;
  readonly handoverState: string | null;
  readonly employed: boolean;
  readonly flag: Flag;
}

/**
 * The facts of every case whose dates can be computed. `cannotCompute` is the validator's verdict
 * (checkLedger): a row with an unusable 就職日/起算日/利用終了日 is left out and reported by the caller.
 */
export function caseFacts(
  cases: readonly CaseRecord[],
  cannotCompute: (rowNumber: number) => boolean,
  settings: Settings,
  today: CalendarDate,
): { readonly facts: CaseFacts[]; readonly left: CaseRecord[] } {
  const facts: CaseFacts[] = [];
  const left: CaseRecord[] = [];
  for (const c of cases) {
    const hire = c.dates.hireDate;
    if (!hire || cannotCompute(c.rowNumber)) {
      left.push(c);
      continue;
    }
    const period = supportPeriod(hire, c.dates.restartDate);
    const end = plannedEnd(period, c.dates.endDate);
    const deadline = shareDeadline(end);
    const employment = ledgerEmployment(c.dates.separationDate, c.dates.rehireDate, today);
    const flag = computeFlag(
      {
        plannedEnd: end,
        shareDeadline: deadline,
        lastEligibleDay: period.lastEligibleDay,
        sharedDate: c.dates.sharedDate,
        needsSupport: c.enums.needsSupport,
        handoverState: c.enums.handoverState,
        grantEnd: c.dates.grantEnd,
        employment,
      },
      settings,
      today,
    );
    facts.push({
      rowNumber: c.rowNumber,
      caseId: c.caseId,
      office: c.office,
      centerIndex: c.center === null ? -1 : settings.centers.indexOf(c.center),
      start: c.dates.startDate ?? period.firstEligibleDay,
      plannedEnd: end,
      shareDeadline: deadline,
      sharedDate: c.dates.sharedDate ?? null,
      needsSupport: c.enums.needsSupport ?? null,
      handoverState: c.enums.handoverState ?? null,
      employed: isEmployed(employment),
      flag,
    });
  }
  return { facts, left };
}

function inMonth(d: CalendarDate | null, month: YearMonth): boolean {
  return d !== null && d.y === month.y && d.m === month.m;
}

export interface CenterCaseSummary {
  readonly active: number;
  readonly endingIn6Months: number;
  readonly shareOverdue: number;
  readonly endedNotHandedOver: number;
  /** Cases ending in each of `months`. */
  readonly forecast: readonly number[];
}

/** The 12 calendar months of the forecast: this month first. */
export function forecastMonths(today: CalendarDate, count = 12): YearMonth[] {
  return Array.from({ length: count }, (_, i) => addMonthsToYearMonth({ y: today.y, m: today.m }, i));
}

export function isActive(f: CaseFacts, today: CalendarDate): boolean {
  return f.employed && compareDates(f.start, today) <= 0 && compareDates(today, f.plannedEnd) <= 0;
}

/** One center's (or the unassigned cases', with -1) row of センター別集計. */
export function centerCaseSummary(
  facts: readonly CaseFacts[],
  centerIndex: number,
  today: CalendarDate,
  months: readonly YearMonth[],
): CenterCaseSummary {
  const mine = facts.filter((f) => f.centerIndex === centerIndex);
  const horizon = periodEnd(today, 6);
  return {
    active: mine.filter((f) => isActive(f, today)).length,
    endingIn6Months: mine.filter(
      (f) => compareDates(today, f.plannedEnd) <= 0 && compareDates(f.plannedEnd, horizon) <= 0,
    ).length,
    shareOverdue: mine.filter((f) => f.flag.kind === 'shareOverdue').length,
    endedNotHandedOver: mine.filter((f) => f.flag.kind === 'endedNotHandedOver').length,
    forecast: months.map((m) => mine.filter((f) => inMonth(f.plannedEnd, m)).length),
  };
}

/** Cases of a center whose flag asks for action, by ケースID. */
export function flaggedCases(facts: readonly CaseFacts[], centerIndex: number): CaseFacts[] {
  return facts
    .filter((f) => f.centerIndex === centerIndex && isActionFlag(f.flag))
    .sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : a.rowNumber - b.rowNumber));
}

export interface MonthlyCaseCounts {
  readonly started: number;
  readonly ended: number;
  readonly shared: number;
  readonly deadlines: number;
  readonly deadlinesMissed: number;
}

/** One center's case events in `month` (see the definitions at the top). */
export function monthlyCaseCounts(
  facts: readonly CaseFacts[],
  centerIndex: number,
  month: YearMonth,
  today: CalendarDate,
): MonthlyCaseCounts {
  const mine = facts.filter((f) => f.centerIndex === centerIndex);
  const due = mine.filter((f) => inMonth(f.shareDeadline, month));
  return {
    started: mine.filter((f) => inMonth(f.start, month)).length,
    ended: mine.filter((f) => inMonth(f.plannedEnd, month) && compareDates(f.plannedEnd, today) < 0).length,
    shared: mine.filter((f) => inMonth(f.sharedDate, month)).length,
    deadlines: due.length,
    // Missed only once the deadline has passed: a deadline later this month is not missed yet.
    deadlinesMissed: due.filter(
      (f) =>
        f.needsSupport !== '非該当' &&
        compareDates(f.shareDeadline, today) < 0 &&
        (f.sharedDate === null || compareDates(f.sharedDate, f.shareDeadline) > 0),
    ).length,
  };
}

/** The report that counts for a center and month, if any. */
export function reportFor(
  effective: readonly ActivityReport[],
  centerIndex: number,
  month: YearMonth,
): ActivityReport | null {
  return effective.find((r) => r.centerIndex === centerIndex && r.month.y === month.y && r.month.m === month.m) ?? null;
}
