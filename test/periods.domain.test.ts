import { date, type CalendarDate } from '../src/domain/calendar';
import { daysLeft, plannedEnd, shareDeadline, supportPeriod } from '../src/domain/periods';

const p = (s: string): CalendarDate => {
  const [y, m, d] = s.split('-').map(Number);
  return date(y, m, d);
};
const iso = (v: CalendarDate): string => `${v.y}-${String(v.m).padStart(2, '0')}-${String(v.d).padStart(2, '0')}`;

// An independent, slow reading of 民法143条 that never uses periodEnd or month arithmetic:
// walk the calendar one day at a time (JS Date in UTC as the day counter), count the month changes
// until the N-th month after the start is entered, then walk through that month looking for the
// day with the start's day number (the 応当日). The period ends the day before it, or — when the
// month runs out first — on that month's last day.
function slowPeriodEnd(start: CalendarDate, months: number): CalendarDate {
  const t = new Date(Date.UTC(start.y, start.m - 1, start.d));
  const next = (): void => {
    t.setUTCDate(t.getUTCDate() + 1);
  };
  const here = (): CalendarDate => date(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
  let entered = 0;
  while (entered < months) {
    const before = t.getUTCMonth();
    next();
    if (t.getUTCMonth() !== before) entered++;
  }
  // Now on the 1st of the target month.
  const targetMonth = t.getUTCMonth();
  let prev = here();
  for (;;) {
    if (t.getUTCDate() === start.d) {
      // the 応当日: the period ended the day before (prev, or the previous month's last day on the 1st)
      return start.d === 1 ? lastOfPreviousMonth(t) : prev;
    }
    prev = here();
    next();
    if (t.getUTCMonth() !== targetMonth) return prev; // no 応当日 this month: its last day
  }
}

function lastOfPreviousMonth(t: Date): CalendarDate {
  const u = new Date(t.getTime());
  u.setUTCDate(u.getUTCDate() - 1);
  return date(u.getUTCFullYear(), u.getUTCMonth() + 1, u.getUTCDate());
}

function slowNextDay(v: CalendarDate): CalendarDate {
  const t = new Date(Date.UTC(v.y, v.m - 1, v.d + 1));
  return date(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

describe('support period: domain.md §2.1 vectors', () => {
  test.each([
    ['2024-04-01', '2024-09-30', '2024-10-01', '2027-09-30'],
    ['2023-04-01', '2023-09-30', '2023-10-01', '2026-09-30'],
    ['2023-08-31', '2024-02-29', '2024-03-01', '2027-02-28'],
    ['2024-02-29', '2024-08-28', '2024-08-29', '2027-08-28'],
  ])('hired %s → 6月到達日 %s, 利用開始可能日 %s, 最終利用可能日 %s', (hire, six, first, last) => {
    const sp = supportPeriod(p(hire));
    expect(iso(sp.sixMonthDay)).toBe(six);
    expect(iso(sp.firstEligibleDay)).toBe(first);
    expect(iso(sp.lastEligibleDay)).toBe(last);
  });

  test('the slow implementation agrees with the vectors (it is a valid oracle)', () => {
    expect(iso(slowPeriodEnd(p('2024-04-01'), 6))).toBe('2024-09-30');
    expect(iso(slowPeriodEnd(p('2023-08-31'), 6))).toBe('2024-02-29');
    expect(iso(slowPeriodEnd(p('2023-08-31'), 42))).toBe('2027-02-28');
    expect(iso(slowPeriodEnd(p('2024-02-29'), 6))).toBe('2024-08-28');
    expect(iso(slowPeriodEnd(p('2024-02-29'), 42))).toBe('2027-08-28');
  });
});

describe('every hire date 2019-01-01 … 2030-12-31 against the slow day-by-day implementation', () => {
  const hires: CalendarDate[] = [];
  for (let d = date(2019, 1, 1); d.y <= 2030; d = slowNextDay(d)) hires.push(d);

  test('covers all 4383 days', () => {
    expect(hires).toHaveLength(4383);
  });

  test('6月到達日, 利用開始可能日 and 最終利用可能日 match for every day', () => {
    const mismatches: string[] = [];
    for (const hire of hires) {
      const sp = supportPeriod(hire);
      const six = slowPeriodEnd(hire, 6);
      const last = slowPeriodEnd(hire, 42);
      if (iso(sp.sixMonthDay) !== iso(six)) mismatches.push(`${iso(hire)} six ${iso(sp.sixMonthDay)} ≠ ${iso(six)}`);
      if (iso(sp.firstEligibleDay) !== iso(slowNextDay(six)))
        mismatches.push(`${iso(hire)} first ${iso(sp.firstEligibleDay)}`);
      if (iso(sp.lastEligibleDay) !== iso(last))
        mismatches.push(`${iso(hire)} last ${iso(sp.lastEligibleDay)} ≠ ${iso(last)}`);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('起算日（復職等）restarts the clock', () => {
  test('the restart date, not the hire date, starts the periods', () => {
    // hired 2020-04-01; earlier service ended 2023-07-14, so 起算日 = 2023-07-15:
    // 6 months end 2024-01-14, 3年6月 end 2027-01-14 (応当日 2027-01-15 exists).
    const sp = supportPeriod(p('2020-04-01'), p('2023-07-15'));
    expect(iso(sp.sixMonthDay)).toBe('2024-01-14');
    expect(iso(sp.firstEligibleDay)).toBe('2024-01-15');
    expect(iso(sp.lastEligibleDay)).toBe('2027-01-14');
  });
  test('a restart on the 31st uses month ends when the 応当日 is missing', () => {
    // 2024-08-31 + 6 months → 2025-02 has no 31st → 2025-02-28; + 42 months → 2028-02 has no 31st → 2028-02-29
    const sp = supportPeriod(p('2019-05-10'), p('2024-08-31'));
    expect(iso(sp.sixMonthDay)).toBe('2025-02-28');
    expect(iso(sp.lastEligibleDay)).toBe('2028-02-29');
  });
  test('no restart: the hire date is used', () => {
    expect(iso(supportPeriod(p('2024-04-01'), null).lastEligibleDay)).toBe('2027-09-30');
  });
});

describe('支援終了予定日, 情報共有期限, 残日数', () => {
  const sp = supportPeriod(p('2023-04-01'));
  test('支援終了予定日 = 利用終了日 when entered, else 最終利用可能日', () => {
    expect(iso(plannedEnd(sp))).toBe('2026-09-30');
    expect(iso(plannedEnd(sp, p('2025-03-31')))).toBe('2025-03-31');
  });
  test.each([
    // domain.md §2.2 example
    ['2026-09-30', '2026-06-30'],
    // end 2027-02-28 → 03-01 − 3 months = 2026-12-01 → − 1 day
    ['2027-02-28', '2026-11-30'],
    // end 2027-08-28 → 08-29 − 3 months = 05-29 → − 1 day
    ['2027-08-28', '2027-05-28'],
    // end 2027-05-30 → 05-31 − 3 months = February has no 31st → its last day 02-28 → − 1 day
    ['2027-05-30', '2027-02-27'],
    // end 2028-05-30 → 2028-02-29 (leap year) → − 1 day
    ['2028-05-30', '2028-02-28'],
    // end 2026-12-31 → 2027-01-01 − 3 months = 2026-10-01 → − 1 day
    ['2026-12-31', '2026-09-30'],
  ])('情報共有期限 for end %s is %s', (end, deadline) => {
    expect(iso(shareDeadline(p(end)))).toBe(deadline);
  });
  test('残日数 counts days from today, negative once past', () => {
    expect(daysLeft(p('2026-09-01'), p('2026-09-30'))).toBe(29);
    expect(daysLeft(p('2026-09-30'), p('2026-09-30'))).toBe(0);
    expect(daysLeft(p('2026-10-02'), p('2026-09-30'))).toBe(-2);
    // across a leap day: 2024-02-01 → 2024-03-01 is 29 days
    expect(daysLeft(p('2024-02-01'), p('2024-03-01'))).toBe(29);
  });
});
