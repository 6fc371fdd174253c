// The job-change rule (domain.md §2.1, MHLW Q&A 2018-12-17): re-employment within one month of
// leaving, once only during the service, counts as continued employment and the clock keeps running
// from the first hire. A second change, or a gap over one month, is a separation (離職).
//
// "Within one month" follows the Civil Code: the period is counted from the day after leaving
// (民法140条, the first day is not counted) and ends by 民法143条 — on the day before the
// corresponding day one month later, or on the last day of that month when it has no such day.
// So for 離職日 2024-03-15 the month runs 03-16 … 04-15, and a 再就職日 up to 04-15 keeps the clock;
// for 離職日 2024-01-31 it runs 02-01 … 02-29. The 再就職日 itself must fall inside the month.

import { addDays, compareDates, periodEnd, type CalendarDate } from './calendar';

export interface JobChange {
  /** 離職日: the last day of the job that ended. */
  readonly separation: CalendarDate;
  /** 再就職日: the first day of the next job (absent while still looking). */
  readonly rehire?: CalendarDate | null;
}

export type EmploymentStatus =
  /** No job change recorded. */
  | { readonly kind: 'employed' }
  /** One change within a month: still one continuous employment, the clock runs from the first hire. */
  | { readonly kind: 'continued'; readonly changes: 1 }
  /** Left, not re-employed yet, and the month has not run out: the outcome is still open. */
  | { readonly kind: 'awaitingRehire'; readonly separation: CalendarDate; readonly rehireBy: CalendarDate }
  /** A separation (離職) on `separation`. */
  | {
      readonly kind: 'separated';
      readonly separation: CalendarDate;
      readonly reason: 'notRehired' | 'gapOverOneMonth' | 'secondChange';
    };

/** The last day a re-employment still counts as "within one month" of leaving on `separation`. */
export function rehireDeadline(separation: CalendarDate): CalendarDate {
  return periodEnd(addDays(separation, 1), 1);
}

/**
 * Applies the job-change rule to the changes recorded for one person (oldest first).
 * `today` decides a change with no 再就職日 yet: open while the month runs, a separation after it.
 */
export function employmentContinuity(changes: readonly JobChange[], today: CalendarDate): EmploymentStatus {
  if (changes.length === 0) return { kind: 'employed' };
  const first = changes[0];
  const rehireBy = rehireDeadline(first.separation);
  if (!first.rehire) {
    return compareDates(today, rehireBy) <= 0
      ? { kind: 'awaitingRehire', separation: first.separation, rehireBy }
      : { kind: 'separated', separation: first.separation, reason: 'notRehired' };
  }
  // A 再就職日 on or before the 離職日 is overlapping jobs: no gap at all (validation reports the order).
  if (compareDates(first.rehire, rehireBy) > 0) {
    return { kind: 'separated', separation: first.separation, reason: 'gapOverOneMonth' };
  }
  if (changes.length > 1) {
    // Only one change is allowed during the service: the second leaving ends the employment.
    return { kind: 'separated', separation: changes[1].separation, reason: 'secondChange' };
  }
  return { kind: 'continued', changes: 1 };
}

/** The ledger holds one 離職日/再就職日 pair per case; this reads it through the rule. */
export function ledgerEmployment(
  separationDate: CalendarDate | null | undefined,
  rehireDate: CalendarDate | null | undefined,
  today: CalendarDate,
): EmploymentStatus {
  if (!separationDate) return { kind: 'employed' };
  return employmentContinuity([{ separation: separationDate, rehire: rehireDate ?? null }], today);
}

/** Whether the person still counts as employed for the service (a pending change counts as employed). */
export function isEmployed(status: EmploymentStatus): boolean {
  return status.kind !== 'separated';
}
