// Support-period dates (domain.md §2.1–2.2), by the Civil Code rule — never naive month arithmetic.

import { addDays, addMonthsClamped, daysBetween, periodEnd, type CalendarDate } from './calendar';

export interface SupportPeriod {
  /** 6月到達日: the last day of the 6 months the sending office supports the person itself. */
  readonly sixMonthDay: CalendarDate;
  /** 利用開始可能日: the first day the service may be used. */
  readonly firstEligibleDay: CalendarDate;
  /** 最終利用可能日: 3 years after the 6 months (3年6月 from the start), the cap. */
  readonly lastEligibleDay: CalendarDate;
}

/** 起算日 = 起算日（復職等） when present, else 就職日. */
export function supportPeriod(hireDate: CalendarDate, restartDate?: CalendarDate | null): SupportPeriod {
  const start = restartDate ?? hireDate;
  const sixMonthDay = periodEnd(start, 6);
  return { sixMonthDay, firstEligibleDay: addDays(sixMonthDay, 1), lastEligibleDay: periodEnd(start, 42) };
}

/** 支援終了予定日 = 利用終了日 when entered, else 最終利用可能日. */
export function plannedEnd(period: SupportPeriod, endDate?: CalendarDate | null): CalendarDate {
  return endDate ?? period.lastEligibleDay;
}

/**
 * 情報共有期限 = ((支援終了予定日 + 1 day) − 3 months) − 1 day; when "− 3 months" lands on a day the
 * month lacks, that month's last day is used (our conservative choice, domain.md §2.2).
 */
export function shareDeadline(end: CalendarDate): CalendarDate {
  return addDays(addMonthsClamped(addDays(end, 1), -3), -1);
}

/** 残日数: days from today to the end (negative when past). */
export function daysLeft(today: CalendarDate, end: CalendarDate): number {
  return daysBetween(today, end);
}
