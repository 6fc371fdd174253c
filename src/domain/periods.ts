// Support-period dates (docs/rules.md 支援期間の計算・引継ぎと情報共有), by the Civil Code rule — never naive month arithmetic.

import { addDays, daysBetween, periodEndSteps, shiftMonths, type CalendarDate, type PeriodEndSteps } from './calendar';

export interface SupportPeriod {
  /** 6月到達日: the last day of the 6 months the sending office supports the person itself. */
  readonly sixMonthDay: CalendarDate;
  /** 利用開始可能日: the first day the service may be used. */
  readonly firstEligibleDay: CalendarDate;
  /** 最終利用可能日: 3 years after the 6 months (3年6月 from the start), the cap. */
  readonly lastEligibleDay: CalendarDate;
}

/** How the support period was reached, for explaining it in words. */
export interface SupportPeriodSteps {
  /** 起算日 used. */
  readonly start: CalendarDate;
  /** Which cell gave 起算日. */
  readonly startFrom: 'hireDate' | 'restartDate';
  /** 6 months from the start (民法143条). */
  readonly six: PeriodEndSteps;
  /** 42 months (3年6月) from the start. */
  readonly last: PeriodEndSteps;
  readonly period: SupportPeriod;
}

export function supportPeriodSteps(hireDate: CalendarDate, restartDate?: CalendarDate | null): SupportPeriodSteps {
  const start = restartDate ?? hireDate;
  const six = periodEndSteps(start, 6);
  const last = periodEndSteps(start, 42);
  return {
    start,
    startFrom: restartDate ? 'restartDate' : 'hireDate',
    six,
    last,
    period: { sixMonthDay: six.end, firstEligibleDay: addDays(six.end, 1), lastEligibleDay: last.end },
  };
}

/** 起算日 = 起算日（復職等） when present, else 就職日. */
export function supportPeriod(hireDate: CalendarDate, restartDate?: CalendarDate | null): SupportPeriod {
  return supportPeriodSteps(hireDate, restartDate).period;
}

/** 支援終了予定日 = 利用終了日 when entered, else 最終利用可能日. */
export function plannedEnd(period: SupportPeriod, endDate?: CalendarDate | null): CalendarDate {
  return endDate ?? period.lastEligibleDay;
}

/**
 * 情報共有期限 = ((支援終了予定日 + 1 day) − 3 months) − 1 day; when "− 3 months" lands on a day the
 * month lacks, that month's last day is used (our conservative choice, docs/rules.md 引継ぎと情報共有).
 */
export function shareDeadline(end: CalendarDate): CalendarDate {
  return shareDeadlineSteps(end).deadline;
}

/** The steps of 情報共有期限, for explaining it in words. */
export interface ShareDeadlineSteps {
  readonly deadline: CalendarDate;
  /** 支援終了予定日 + 1 day: the day support no longer runs. */
  readonly dayAfterEnd: CalendarDate;
  /** dayAfterEnd − 3 months (before clamping, the day may not exist in that month). */
  readonly threeMonthsBefore: CalendarDate;
  /** The month 3 months before had no such day, so its last day was used. */
  readonly clamped: boolean;
}

export function shareDeadlineSteps(end: CalendarDate): ShareDeadlineSteps {
  const dayAfterEnd = addDays(end, 1);
  const shift = shiftMonths(dayAfterEnd, -3);
  return {
    deadline: addDays(shift.result, -1),
    dayAfterEnd,
    threeMonthsBefore: shift.result,
    clamped: shift.clamped,
  };
}

/** 残日数: days from today to the end (negative when past). */
export function daysLeft(today: CalendarDate, end: CalendarDate): number {
  return daysBetween(today, end);
}
