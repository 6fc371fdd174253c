// 就労定着率 (docs/rules.md 就労定着率, JEED handbook): of the persons who used an office's service at any time in
// the three fiscal years before FY, the share employed on the last day of FY−1; the rate picks the
// FY2024 basic-fee tier (報酬告示 第14の2).

import { compareDates, formatSlash, type CalendarDate } from './calendar';
import { overlaps, serviceWindow, type CaseInput, type ServiceWindow } from './contacts';
import { checkFor, EMPTY_CHECK_LOG, type EmploymentCheckLog } from './employmentChecks';
import {
  caseJobChanges,
  EMPTY_JOB_CHANGE_LOG,
  employmentContinuity,
  rehireDeadline,
  separationReasonText,
  type JobChange,
  type JobChangeLog,
} from './jobChange';
import type { Problem } from './problem';
import { TAB } from './schema';
import { normalizeKey } from './text';

export interface RetentionCaseInput extends CaseInput {
  /** 終了理由, when known: 離職 with no 離職日 still means the person left. */
  readonly endReason?: string | null;
}

/** The look-back of FY: FY−3 April 1 … FY−1 March 31; the reference day is the last of these. */
export interface RetentionPeriod {
  readonly fy: number;
  readonly from: CalendarDate;
  /** Last day of FY−1 (= 基準日). */
  readonly to: CalendarDate;
}

export function retentionPeriod(fy: number): RetentionPeriod {
  return { fy, from: { y: fy - 3, m: 4, d: 1 }, to: { y: fy, m: 3, d: 31 } };
}

// Job change (docs/rules.md 離職・再就職): jobChange.ts (shared with the periods command) decides whether one
// re-employment within one month of leaving bridges a separation.

export type EmploymentKind =
  /** Employed on the reference day, no separation by then. */
  | 'continuing'
  /** Left by the reference day, re-employed within one month: counted as employed. */
  | 'jobChange'
  /** Left by the reference day, not re-employed within one month. */
  | 'separated'
  /** 終了理由 = 離職 with no 離職日, the service ended by the reference day. */
  | 'separatedByEndReason'
  /** Hired after the reference day. */
  | 'notYetHired';

export interface EmploymentStatus {
  readonly kind: EmploymentKind;
  readonly employed: boolean;
  /** Japanese, for the person's row: why it counts or not. */
  readonly note: string;
}

/**
 * Employment on `day` (the last day of FY−1). A separation before `day` ends employment; 離職日 is the
 * last day of the job that ended, so a person whose 離職日 is `day` itself was still employed on it. Unless 再就職日 bridges it as a job change — even when
 * the new job starts after `day`, because the rule counts a ≤1-month change as continued employment
 * (a 再就職日 on or before 離職日 is overlapping jobs, no gap). With no 再就職日 while the month is still
 * open on `today`, the person is not counted yet and the note says by when a rehire would count.
 */
export function employmentOn(
  day: CalendarDate,
  dates: CaseInput['dates'],
  endReason?: string | null,
  today?: CalendarDate,
  changes?: readonly JobChange[],
): EmploymentStatus {
  const hire = dates.hireDate;
  if (hire && compareDates(hire, day) > 0) {
    return { kind: 'notYetHired', employed: false, note: `就職日（${formatSlash(hire)}）が基準日より後` };
  }
  // Every change that left a job before `day` (離職日 = `day` itself: still employed on it).
  const all: readonly JobChange[] =
    changes ?? (dates.separationDate ? [{ separation: dates.separationDate, rehire: dates.rehireDate ?? null }] : []);
  const before = all.filter((c) => compareDates(c.separation, day) < 0);
  if (before.length === 0) {
    const end = dates.endDate;
    if (all.length === 0 && endReason === '離職' && end && compareDates(end, day) < 0) {
      return {
        kind: 'separatedByEndReason',
        employed: false,
        note: `終了理由が「離職」（利用終了日 ${formatSlash(end)}）。離職日を入力してください`,
      };
    }
    return { kind: 'continuing', employed: true, note: '就労継続' };
  }
  // `today` decides a gap still open when no 再就職日 is entered.
  const judged = employmentContinuity(before, today ?? day);
  const first = before[0];
  const sep = first.separation;
  const rehire = first.rehire ?? null;
  if (judged.kind === 'continued' && rehire) {
    const why = first.reason ? `、理由 ${first.reason}` : '、理由未記録';
    return {
      kind: 'jobChange',
      employed: true,
      note: `転職（離職 ${formatSlash(sep)}、1か月以内の再就職 ${formatSlash(rehire)}${why}）`,
    };
  }
  const deadline = rehireDeadline(sep);
  if (judged.kind === 'awaitingRehire') {
    // Not counted until the new job exists: the figure must not rest on a hope.
    return {
      kind: 'separated',
      employed: false,
      note: `離職 ${formatSlash(sep)}。${formatSlash(deadline)}までに再就職すれば就労継続として数えます（再就職日を入力して再計算してください）`,
    };
  }
  if (judged.kind === 'separated') {
    if (judged.reason === 'gapOverOneMonth' && rehire) {
      return {
        kind: 'separated',
        employed: false,
        note: `離職 ${formatSlash(sep)}（再就職 ${formatSlash(rehire)} は1か月（${formatSlash(deadline)}まで）を超えています）`,
      };
    }
    if (judged.reason === 'notRehired') return { kind: 'separated', employed: false, note: `離職 ${formatSlash(sep)}` };
    return {
      kind: 'separated',
      employed: false,
      note: `離職 ${formatSlash(judged.separation)}（${separationReasonText(judged)}）`,
    };
  }
  return { kind: 'continuing', employed: true, note: '就労継続' };
}

// ---------------------------------------------------------------------------------------------
// Fee tiers

export interface FeeTier {
  /** Lower bound in percent, inclusive (報酬告示: 「9割5分以上」「9割以上9割5分未満」…). */
  readonly minPercent: number;
  readonly label: string;
  /** Monthly basic fee in units, FY2024 (令和6年度報酬改定). */
  readonly units: number;
}

/** Highest first. Every lower bound is inclusive: exactly 95% is ≥95%, exactly 30% is 30–50%. */
export const FEE_TIERS_FY2024: readonly FeeTier[] = [
  { minPercent: 95, label: '95%以上', units: 3512 },
  { minPercent: 90, label: '90%以上95%未満', units: 3348 },
  { minPercent: 80, label: '80%以上90%未満', units: 2768 },
  { minPercent: 70, label: '70%以上80%未満', units: 2234 },
  { minPercent: 50, label: '50%以上70%未満', units: 1690 },
  { minPercent: 30, label: '30%以上50%未満', units: 1433 },
  { minPercent: 0, label: '30%未満', units: 1074 },
];

/** The tier of employed/persons, compared in integers so 19/20 is exactly 95%; null with no persons. */
export function feeTier(employed: number, persons: number): FeeTier | null {
  if (persons <= 0) return null;
  return FEE_TIERS_FY2024.find((t) => employed * 100 >= persons * t.minPercent) ?? null;
}

// ---------------------------------------------------------------------------------------------
// Per office

export interface RetentionPerson {
  readonly rowNumber: number;
  readonly caseId: string;
  readonly office: string;
  readonly window: ServiceWindow;
  readonly status: EmploymentStatus;
  /**
   * The service ended before the reference day and nothing on record says the person left, and no
   * 就労確認 answers the day: counted as employed, but nobody has checked.
   */
  readonly unconfirmed: boolean;
}

export interface OfficeRetention {
  /** 事業所名 as first written in the ledger (rows are grouped after NFKC, spaces removed). */
  readonly office: string;
  /** Persons who used the service in FY−3…FY−1, in ledger order. */
  readonly persons: readonly RetentionPerson[];
  readonly employed: number;
  /** employed / persons.length, or null when there is no person (never 0%). */
  readonly rate: number | null;
  readonly tier: FeeTier | null;
  /** Persons counted as employed whom nobody has confirmed (see RetentionPerson.unconfirmed). */
  readonly unconfirmed: number;
  /** The rate and tier if every unconfirmed person had left (null with no persons). */
  readonly worstRate: number | null;
  readonly worstTier: FeeTier | null;
  /** Japanese note ('' when none). */
  readonly note: string;
}

/** What the retention computation reads besides the ledger (absent tabs: empty logs). */
export interface RetentionExtras {
  /** 離職・再就職 */
  readonly jobChanges?: JobChangeLog;
  /** 就労確認 */
  readonly checks?: EmploymentCheckLog;
}

export interface RetentionReport {
  readonly period: RetentionPeriod;
  /** Every office named in the ledger, in order of first appearance. */
  readonly offices: readonly OfficeRetention[];
  /** Ledger rows left out (no 事業所名, no service window, a duplicated ケースID). */
  readonly problems: readonly Problem[];
}

export function retentionByOffice(
  cases: readonly RetentionCaseInput[],
  fy: number,
  today?: CalendarDate,
  extras: RetentionExtras = {},
): RetentionReport {
  const jobLog = extras.jobChanges ?? EMPTY_JOB_CHANGE_LOG;
  const checkLog = extras.checks ?? EMPTY_CHECK_LOG;
  const period = retentionPeriod(fy);
  const problems: Problem[] = [];
  const offices = new Map<string, { name: string; persons: RetentionPerson[] }>();
  const seen = new Set<string>();

  for (const c of cases) {
    const idKey = normalizeKey(c.caseId);
    if (!idKey) continue;
    const officeKey = normalizeKey(c.office);
    if (!officeKey) {
      problems.push(skip(c, '事業所名が空欄のため定着率に含めていません。事業所名を入力してください。'));
      continue;
    }
    if (!offices.has(officeKey)) offices.set(officeKey, { name: c.office.trim(), persons: [] });
    if (seen.has(idKey)) {
      problems.push(skip(c, `ケースIDが${TAB.ledger}で重複しているため、2行目以降は定着率に含めていません。`));
      continue;
    }
    seen.add(idKey);
    const result = serviceWindow(c.dates);
    if (!result.ok) {
      problems.push(skip(c, `${result.reason}このケースは定着率に含めていません。`));
      continue;
    }
    if (!overlaps(result.window, period.from, period.to)) continue;
    const changes = caseJobChanges(c.caseId, c.dates, jobLog);
    let status = employmentOn(period.to, c.dates, c.endReason, today, changes);
    let unconfirmed = false;
    // A service that ended before the reference day: only a check tells whether the person still worked on it.
    if (status.employed && status.kind !== 'notYetHired' && compareDates(result.window.end, period.to) < 0) {
      const check = checkFor(checkLog, c.caseId, period.to);
      if (check) {
        const how = check.method ? `・${check.method}` : '';
        status = check.employed
          ? { ...status, note: `${status.note}（就労確認 ${formatSlash(check.checkDate)}${how}: 就労中）` }
          : {
              kind: 'separated',
              employed: false,
              note: `就労確認 ${formatSlash(check.checkDate)}${how}: 離職（基準日に就労していない）`,
            };
      } else {
        unconfirmed = true;
        status = {
          ...status,
          note: `未確認: 支援終了（${formatSlash(result.window.end)}）後、基準日 ${formatSlash(period.to)} に就労していたか確認し「${TAB.employmentChecks}」タブに記録してください（それまでは就労継続として数えています）`,
        };
      }
    }
    offices.get(officeKey)!.persons.push({
      rowNumber: c.rowNumber,
      caseId: c.caseId,
      office: c.office,
      window: result.window,
      status,
      unconfirmed,
    });
  }

  const list: OfficeRetention[] = [...offices.values()].map(({ name, persons }) => {
    const employed = persons.filter((p) => p.status.employed).length;
    const rate = persons.length ? employed / persons.length : null;
    const unconfirmed = persons.filter((p) => p.unconfirmed).length;
    const worstRate = persons.length ? (employed - unconfirmed) / persons.length : null;
    const note = persons.length
      ? ''
      : `${fy - 3}〜${fy - 1}年度（${formatSlash(period.from)}〜${formatSlash(period.to)}）に利用した人がいないため算定できません（0%ではありません）。新規指定の事業所の区分は指定権者に確認してください。`;
    return {
      office: name,
      persons,
      employed,
      rate,
      tier: feeTier(employed, persons.length),
      unconfirmed,
      worstRate,
      worstTier: feeTier(employed - unconfirmed, persons.length),
      note,
    };
  });
  return { period, offices: list, problems };
}

function skip(c: CaseInput, message: string): Problem {
  return { severity: 'warning', sheet: TAB.ledger, row: c.rowNumber, column: '', value: '', caseId: c.caseId, message };
}

/** Reads a --fy value (2024, full-width digits allowed); null when not a plausible fiscal year. */
export function parseFiscalYearOption(text: string): number | null {
  const m = /^(\d{4})(年度)?$/.exec(text.normalize('NFKC').trim());
  if (!m) return null;
  const fy = Number(m[1]);
  return fy >= 2018 && fy <= 2100 ? fy : null;
}

// ---------------------------------------------------------------------------------------------
// Next fiscal year's rate, before its reference day

export interface DecidingCase {
  readonly caseId: string;
  /** Why this case is not settled yet (Japanese). */
  readonly why: string;
  /** The rate and tier if this case alone turned out not employed. */
  readonly rateIfLeft: number;
  readonly tierIfLeft: FeeTier | null;
}

export interface OfficeForecast {
  readonly office: string;
  readonly persons: number;
  readonly employed: number;
  readonly rate: number | null;
  readonly tier: FeeTier | null;
  /** How many more persons may leave before the tier drops (null with no persons). */
  readonly marginBeforeDrop: number | null;
  /** Cases whose outcome is open: service ends before the reference day, or a job change still open/unexplained. */
  readonly deciding: readonly DecidingCase[];
}

/**
 * The rate of FY+1 (reference day: the last day of FY) as the ledger stands today, and the cases that decide it:
 * those counted as employed whose employment on the reference day nobody can know yet — the service ends before
 * it (a confirmation will be needed), or a job change is open or has no reason. Each with the rate if it left.
 */
export function retentionForecast(
  cases: readonly RetentionCaseInput[],
  fy: number,
  today: CalendarDate,
  extras: RetentionExtras = {},
): OfficeForecast[] {
  const next = retentionByOffice(cases, fy + 1, today, extras);
  const jobLog = extras.jobChanges ?? EMPTY_JOB_CHANGE_LOG;
  const byId = new Map(cases.map((c) => [normalizeKey(c.caseId), c]));
  return next.offices.map((o) => {
    const n = o.persons.length;
    const deciding: DecidingCase[] = [];
    for (const p of o.persons) {
      if (!p.status.employed) continue;
      const c = byId.get(normalizeKey(p.caseId));
      const changes = c ? caseJobChanges(c.caseId, c.dates, jobLog) : [];
      const why: string[] = [];
      if (compareDates(p.window.end, next.period.to) < 0) {
        why.push(`支援終了 ${formatSlash(p.window.end)}: 基準日 ${formatSlash(next.period.to)} の就労確認が必要`);
      }
      if (changes.some((ch) => !ch.reason)) why.push('離職・再就職の理由が未記録');
      if (c && employmentContinuity(changes, today).kind === 'awaitingRehire') why.push('離職後、再就職待ち');
      if (why.length === 0) continue;
      deciding.push({
        caseId: p.caseId,
        why: why.join('・'),
        rateIfLeft: (o.employed - 1) / n,
        tierIfLeft: feeTier(o.employed - 1, n),
      });
    }
    let margin: number | null = null;
    if (n > 0 && o.tier) {
      margin = 0;
      while (margin < o.employed && feeTier(o.employed - margin - 1, n)?.label === o.tier.label) margin++;
    }
    return {
      office: o.office,
      persons: n,
      employed: o.employed,
      rate: o.rate,
      tier: o.tier,
      marginBeforeDrop: margin,
      deciding,
    };
  });
}
