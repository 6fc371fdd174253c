import {
  addDays,
  date,
  dayNumber,
  fiscalYearLabel,
  fromDayNumber,
  fromSerial,
  periodEnd,
  toSerial,
  tokyoDateAt,
  tokyoMidnightMs,
} from '../src/domain/calendar';

describe('periodEnd follows 民法143条 (domain.md §2.1 vectors)', () => {
  const vectors: [string, string, string, string][] = [
    ['2024-04-01', '2024-09-30', '2024-10-01', '2027-09-30'],
    ['2023-04-01', '2023-09-30', '2023-10-01', '2026-09-30'],
    ['2023-08-31', '2024-02-29', '2024-03-01', '2027-02-28'],
    ['2024-02-29', '2024-08-28', '2024-08-29', '2027-08-28'],
  ];
  const p = (s: string) => {
    const [y, m, d] = s.split('-').map(Number);
    return date(y, m, d);
  };
  test.each(vectors)('hired %s', (hire, six, first, last) => {
    expect(periodEnd(p(hire), 6)).toEqual(p(six));
    expect(addDays(periodEnd(p(hire), 6), 1)).toEqual(p(first));
    expect(periodEnd(p(hire), 42)).toEqual(p(last));
  });
});

describe('day numbers and serials', () => {
  test('round trip over 200 years', () => {
    for (let n = -30000; n < 45000; n += 7) expect(dayNumber(fromDayNumber(n))).toBe(n);
  });
  test('1970-01-01 is day 0 and serial 25569; 1899-12-30 is serial 0', () => {
    expect(dayNumber(date(1970, 1, 1))).toBe(0);
    expect(toSerial(date(1970, 1, 1))).toBe(25569);
    expect(fromSerial(0)).toEqual(date(1899, 12, 30));
    expect(fromSerial(45383)).toEqual(date(2024, 4, 1));
  });
});

describe('Asia/Tokyo dates', () => {
  test('23:59 UTC on March 31 is April 1 in Tokyo', () => {
    expect(tokyoDateAt(Date.UTC(2024, 2, 31, 23, 59))).toEqual(date(2024, 4, 1));
    expect(tokyoDateAt(Date.UTC(2024, 2, 31, 14, 59))).toEqual(date(2024, 3, 31));
  });
  test('Tokyo midnight maps back to the same date', () => {
    expect(tokyoDateAt(tokyoMidnightMs(date(2024, 2, 29)))).toEqual(date(2024, 2, 29));
  });
});

test('fiscal year labels', () => {
  expect(fiscalYearLabel(2019)).toBe('令和元年度');
  expect(fiscalYearLabel(2020)).toBe('令和2年度');
  expect(fiscalYearLabel(2018)).toBe('平成30年度');
});
