// 就労定着率 (domain.md §2.3, JEED handbook): of the persons who used an office's service at any time in
// the three fiscal years before FY, the share employed on the last day of FY−1; the rate picks the
// FY2024 basic-fee tier (報酬告示 第14の2).

import { compareDates, formatSlash, type CalendarDate } from './calendar';
import { overlaps, serviceWindow, type CaseInput, type ServiceWindow } from './contacts';
import { ledgerEmployment, rehireDeadline } from './jobChange';
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

// Job change (domain.md §2.1): jobChange.ts (shared with the periods command) decides whether one
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
): EmploymentStatus {
  const hire = dates.hireDate;
  if (hire && compareDates(hire, day) > 0) {
    return { kind: 'notYetHired', employed: false, note: `就職日（${formatSlash(hire)}）が基準日より後` };
  }
  const sep = dates.separationDate;
  if (!sep || compareDates(sep, day) >= 0) {
    const end = dates.endDate;
    if (!sep && endReason === '離職' && end && compareDates(end, day) < 0) {
      return {
        kind: 'separatedByEndReason',
        employed: false,
        note: `終了理由が「離職」（利用終了日 ${formatSlash(end)}）。離職日を入力してください`,
      };
    }
    return { kind: 'continuing', employed: true, note: '就労継続' };
  }
  // Only the separation matters here; `today` decides a gap still open when no 再就職日 is entered.
  const judged = ledgerEmployment(sep, dates.rehireDate, today ?? day);
  const rehire = dates.rehireDate;
  if (judged.kind === 'continued' && rehire) {
    return {
      kind: 'jobChange',
      employed: true,
      note: `転職（離職 ${formatSlash(sep)}、1か月以内の再就職 ${formatSlash(rehire)}）`,
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
  if (rehire) {
    return {
      kind: 'separated',
      employed: false,
      note: `離職 ${formatSlash(sep)}（再就職 ${formatSlash(rehire)} は1か月（${formatSlash(deadline)}まで）を超えています）`,
    };
  }
  return { kind: 'separated', employed: false, note: `離職 ${formatSlash(sep)}` };
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
  /** Japanese note ('' when none). */
  readonly note: string;
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
): RetentionReport {
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
    offices.get(officeKey)!.persons.push({
      rowNumber: c.rowNumber,
      caseId: c.caseId,
      office: c.office,
      window: result.window,
      status: employmentOn(period.to, c.dates, c.endReason, today),
    });
  }

  const list: OfficeRetention[] = [...offices.values()].map(({ name, persons }) => {
    const employed = persons.filter((p) => p.status.employed).length;
    const rate = persons.length ? employed / persons.length : null;
    const note = persons.length
      ? ''
      : `${fy - 3}〜${fy - 1}年度（${formatSlash(period.from)}〜${formatSlash(period.to)}）に利用した人がいないため算定できません（0%ではありません）。新規指定の事業所の区分は指定権者に確認してください。`;
    return { office: name, persons, employed, rate, tier: feeTier(employed, persons.length), note };
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
