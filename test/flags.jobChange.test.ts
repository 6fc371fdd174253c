import { date, type CalendarDate } from '../src/domain/calendar';
import { employmentContinuity, isEmployed, ledgerEmployment, rehireDeadline } from '../src/domain/jobChange';

const p = (s: string): CalendarDate => {
  const [y, m, d] = s.split('-').map(Number);
  return date(y, m, d);
};
const today = p('2026-01-01');

describe('"within one month" of leaving, counted by the Civil Code', () => {
  // The month starts the day after 離職日 (民法140条) and ends the day before its 応当日 (民法143条).
  test.each([
    ['2024-03-15', '2024-04-15'], // 03-16 … 04-15
    ['2024-03-31', '2024-04-30'], // 04-01 … 04-30
    ['2024-01-30', '2024-02-29'], // 01-31 … February has no 31st → its last day (leap year)
    ['2023-01-30', '2023-02-28'], // 01-31 … 02-28
    ['2024-01-31', '2024-02-29'], // 02-01 … 02-29
    ['2024-12-31', '2025-01-31'], // 2025-01-01 … 01-31
  ])('left on %s → re-employment counts up to %s', (left, last) => {
    const d = rehireDeadline(p(left));
    expect(d).toEqual(p(last));
  });
});

describe('the job-change rule (MHLW Q&A 2018-12-17)', () => {
  test('no change: employed', () => {
    expect(employmentContinuity([], today)).toEqual({ kind: 'employed' });
    expect(ledgerEmployment(null, null, today)).toEqual({ kind: 'employed' });
  });
  test('re-employed on the last day of the month: continued, the clock keeps running', () => {
    expect(ledgerEmployment(p('2024-03-15'), p('2024-04-15'), today)).toEqual({ kind: 'continued', changes: 1 });
  });
  test('re-employed one day later: a separation (gap over one month)', () => {
    expect(ledgerEmployment(p('2024-03-15'), p('2024-04-16'), today)).toEqual({
      kind: 'separated',
      separation: p('2024-03-15'),
      reason: 'gapOverOneMonth',
    });
  });
  test('re-employed the next day: continued', () => {
    expect(ledgerEmployment(p('2024-03-31'), p('2024-04-01'), today).kind).toBe('continued');
  });
  test('a second change is a separation, even when quick', () => {
    const s = employmentContinuity(
      [
        { separation: p('2024-03-15'), rehire: p('2024-04-01') },
        { separation: p('2024-10-31'), rehire: p('2024-11-01') },
      ],
      today,
    );
    expect(s).toEqual({ kind: 'separated', separation: p('2024-10-31'), reason: 'secondChange' });
    expect(isEmployed(s)).toBe(false);
  });
  test('a first change over a month is already the separation', () => {
    const s = employmentContinuity(
      [
        { separation: p('2024-03-15'), rehire: p('2024-06-01') },
        { separation: p('2024-10-31'), rehire: p('2024-11-01') },
      ],
      today,
    );
    expect(s).toEqual({ kind: 'separated', separation: p('2024-03-15'), reason: 'gapOverOneMonth' });
  });
  test('no 再就職日 yet: open while the month runs, a separation after it', () => {
    const left = p('2025-12-10');
    expect(ledgerEmployment(left, null, p('2026-01-10'))).toEqual({
      kind: 'awaitingRehire',
      separation: left,
      rehireBy: p('2026-01-10'),
    });
    expect(isEmployed(ledgerEmployment(left, null, p('2026-01-10')))).toBe(true);
    expect(ledgerEmployment(left, null, p('2026-01-11'))).toEqual({
      kind: 'separated',
      separation: left,
      reason: 'notRehired',
    });
  });
});
