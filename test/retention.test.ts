// 就労定着率 (domain.md §2.3). Every expectation is worked out by hand: service windows from the
// §2.1 rule, the look-back FY−3 April 1 … FY−1 March 31, one ≤1-month job change counted as employed.

import { date, type CalendarDate } from '../src/domain/calendar';
import {
  employmentOn,
  feeTier,
  parseFiscalYearOption,
  retentionByOffice,
  retentionPeriod,
  type RetentionCaseInput,
} from '../src/domain/retention';
import { TAB } from '../src/domain/schema';

const d = (s: string): CalendarDate => {
  const [y, m, dd] = s.split('-').map(Number);
  return date(y, m, dd);
};

let row = 1;
const kase = (
  caseId: string,
  office: string,
  dates: Record<string, string>,
  endReason?: string,
): RetentionCaseInput => ({
  caseId,
  office,
  rowNumber: ++row,
  dates: Object.fromEntries(Object.entries(dates).map(([k, v]) => [k, d(v)])),
  endReason,
});

describe('look-back period', () => {
  test('FY2024 looks at FY2021–FY2023: 2021-04-01 … 2024-03-31', () => {
    expect(retentionPeriod(2024)).toEqual({ fy: 2024, from: d('2021-04-01'), to: d('2024-03-31') });
  });
});

describe('job change through the shared rule (one re-employment within one month of leaving)', () => {
  // left 2023-06-30 → the month runs 07-01 … 07-31
  const ref = d('2024-03-31');
  const at = (rehire: string) =>
    employmentOn(ref, { hireDate: d('2021-01-10'), separationDate: d('2023-06-30'), rehireDate: d(rehire) });
  test('rehired the same day, the next day, or on the last day of the month: employed', () => {
    for (const r of ['2023-06-30', '2023-07-01', '2023-07-31'])
      expect(at(r)).toMatchObject({ kind: 'jobChange', employed: true });
  });
  test('rehired a day after the month: a separation', () => {
    expect(at('2023-08-01')).toMatchObject({ kind: 'separated', employed: false });
  });
  test('a new job that began before leaving the old one is a change with no gap', () => {
    expect(at('2023-06-29')).toMatchObject({ kind: 'jobChange', employed: true });
  });
});

describe('employment on the last day of FY−1', () => {
  const ref = d('2024-03-31');
  test('no separation: employed', () => {
    expect(employmentOn(ref, { hireDate: d('2021-01-10') })).toMatchObject({ kind: 'continuing', employed: true });
  });
  test('離職日 is the last day of the job: leaving on the reference day still counts as employed on it; the day before does not', () => {
    expect(employmentOn(ref, { hireDate: d('2021-01-10'), separationDate: d('2024-03-30') }).employed).toBe(false);
    expect(employmentOn(ref, { hireDate: d('2021-01-10'), separationDate: d('2024-03-31') }).employed).toBe(true);
    expect(employmentOn(ref, { hireDate: d('2021-01-10'), separationDate: d('2024-04-01') }).employed).toBe(true);
  });
  test('job change bridging the reference day counts as employed', () => {
    const s = employmentOn(ref, {
      hireDate: d('2021-01-10'),
      separationDate: d('2024-03-20'),
      rehireDate: d('2024-04-20'),
    });
    expect(s).toMatchObject({ kind: 'jobChange', employed: true });
    expect(s.note).toContain('2024/04/20');
  });
  test('rehire after more than a month is a separation, even when employed again on the reference day', () => {
    const s = employmentOn(ref, {
      hireDate: d('2021-01-10'),
      separationDate: d('2023-06-30'),
      rehireDate: d('2023-08-01'),
    });
    expect(s).toMatchObject({ kind: 'separated', employed: false });
    expect(s.note).toContain('2023/07/31');
  });
  test('a recent separation mentions the rehire deadline while it is still open', () => {
    // left 2025-03-20 → a rehire counts up to 2025-04-20; on 2025-04-05 it may still come
    const open = employmentOn(d('2025-03-31'), { separationDate: d('2025-03-20') }, null, d('2025-04-05'));
    expect(open).toMatchObject({ kind: 'separated', employed: false });
    expect(open.note).toContain('2025/04/20までに再就職');
    // without a today, the reference day decides: the month is still open on 2025-03-31
    expect(employmentOn(d('2025-03-31'), { separationDate: d('2025-03-20') }).note).toContain('2025/04/20まで');
    const closed = employmentOn(d('2025-03-31'), { separationDate: d('2025-03-20') }, null, d('2025-04-21'));
    expect(closed.note).not.toContain('までに再就職');
  });
  test('終了理由 離職 without 離職日: not employed when the service ended by the reference day', () => {
    const dates = { hireDate: d('2021-01-10'), endDate: d('2023-12-31') };
    expect(employmentOn(ref, dates, '離職')).toMatchObject({ kind: 'separatedByEndReason', employed: false });
    expect(employmentOn(ref, dates, '期間満了').employed).toBe(true);
    expect(employmentOn(ref, { ...dates, endDate: d('2024-05-01') }, '離職').employed).toBe(true);
  });
  test('hired after the reference day: not employed on it', () => {
    expect(employmentOn(ref, { hireDate: d('2024-04-01') })).toMatchObject({ kind: 'notYetHired', employed: false });
  });
});

describe('fee tier (FY2024 units; every lower bound inclusive)', () => {
  test.each([
    [1, 1, '95%以上', 3512],
    [19, 20, '95%以上', 3512], // exactly 95%
    [189, 199, '90%以上95%未満', 3348], // 94.97%
    [18, 20, '90%以上95%未満', 3348], // exactly 90%
    [17, 20, '80%以上90%未満', 2768],
    [8, 10, '80%以上90%未満', 2768],
    [14, 20, '70%以上80%未満', 2234], // exactly 70%
    [139, 200, '50%以上70%未満', 1690], // 69.5%
    [1, 2, '50%以上70%未満', 1690],
    [3, 10, '30%以上50%未満', 1433], // exactly 30%
    [29, 100, '30%未満', 1074],
    [0, 5, '30%未満', 1074],
  ])('%i of %i → %s, %i units', (employed, persons, label, units) => {
    expect(feeTier(employed, persons)).toMatchObject({ label, units });
  });
  test('no persons → no tier', () => {
    expect(feeTier(0, 0)).toBeNull();
  });
});

describe('retention per office', () => {
  // 事業所A, FY2024 (reference day 2024-03-31)
  const a = [
    kase('P1', '事業所A', { hireDate: '2020-10-01' }), // in service 2021-04-01 … 2024-03-31; employed
    kase('P2', '事業所A', { hireDate: '2021-01-10', separationDate: '2023-06-30', rehireDate: '2023-07-31' }), // change
    kase('P3', '事業所A', { hireDate: '2021-01-10', separationDate: '2023-06-30', rehireDate: '2023-08-01' }), // late
    kase('P4', '事業所A', { hireDate: '2022-01-10', separationDate: '2024-01-15' }), // separated
    kase('P5', '事業所A', { hireDate: '2022-01-10', separationDate: '2024-03-30' }), // separated the day before
    kase('P6', '事業所A', { hireDate: '2022-01-10', separationDate: '2024-04-01' }), // after the day
    kase('P7', '事業所A', { hireDate: '2022-01-10', separationDate: '2024-03-20', rehireDate: '2024-04-20' }),
  ];
  // 事業所B: fiscal-year boundaries of the look-back
  const b = [
    kase('Q1', '事業所B', { hireDate: '2017-10-01', endDate: '2021-03-31' }), // ends the day before FY2021
    kase('Q2', '事業所B', { hireDate: '2017-10-01', endDate: '2021-04-01' }), // one day in FY2021
    kase('Q3', '事業所B', { hireDate: '2023-10-01' }), // 利用開始可能日 2024-04-01: first day of FY2024
    kase('Q4', '事業所B', { hireDate: '2023-09-01', startDate: '2024-03-31' }), // last day of FY2023
  ];
  // 事業所C: its only client starts 2024-07-10 — no history in FY2021–2023
  const c = [kase('R1', '事業所C', { hireDate: '2024-01-10' })];
  const report = retentionByOffice([...a, ...b, ...c], 2024, d('2025-05-01'));
  const office = (name: string) => report.offices.find((o) => o.office === name)!;

  test('offices in order of first appearance', () => {
    expect(report.offices.map((o) => o.office)).toEqual(['事業所A', '事業所B', '事業所C']);
  });

  test('job change counts, separations do not: 4 of 7 employed → 57.1%, 50–70%, 1,690 units', () => {
    const o = office('事業所A');
    expect(o.persons.map((p) => p.caseId)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7']);
    expect(o.persons.filter((p) => p.status.employed).map((p) => p.caseId)).toEqual(['P1', 'P2', 'P6', 'P7']);
    expect(o.employed).toBe(4);
    expect(o.rate).toBeCloseTo(4 / 7, 12);
    expect(o.tier).toMatchObject({ label: '50%以上70%未満', units: 1690 });
    expect(o.note).toBe('');
  });

  test('fiscal-year boundary: a service ending 2021-03-31 or starting 2024-04-01 is outside FY2021–2023', () => {
    const o = office('事業所B');
    expect(o.persons.map((p) => p.caseId)).toEqual(['Q2', 'Q4']);
    expect(o.rate).toBe(1);
    expect(o.tier).toMatchObject({ units: 3512 });
    // FY2025 looks at 2022-04-01 … 2025-03-31: Q2 drops out, Q3 comes in
    const next = retentionByOffice(b, 2025).offices[0];
    expect(next.persons.map((p) => p.caseId)).toEqual(['Q3', 'Q4']);
    // FY2021 looks at 2018-04-01 … 2021-03-31: Q1 and Q2 both used it
    expect(retentionByOffice(b, 2021).offices[0].persons.map((p) => p.caseId)).toEqual(['Q1', 'Q2']);
  });

  test('an office with no history: listed, rate blank (not 0%), no tier, a note', () => {
    const o = office('事業所C');
    expect(o.persons).toEqual([]);
    expect(o.employed).toBe(0);
    expect(o.rate).toBeNull();
    expect(o.tier).toBeNull();
    expect(o.note).toContain('算定できません');
    expect(o.note).toContain('2021/04/01〜2024/03/31');
  });

  test('rows that cannot be counted are reported: no 事業所名, no window, a duplicated ケースID', () => {
    const r = retentionByOffice(
      [
        kase('S1', '事業所D', { hireDate: '2021-01-10' }),
        kase('S2', '', { hireDate: '2021-01-10' }),
        kase('S3', '事業所D', {}),
        kase('S1', '事業所D', { hireDate: '2021-01-10' }),
      ],
      2024,
    );
    expect(r.offices.map((o) => [o.office, o.persons.length])).toEqual([['事業所D', 1]]);
    expect(r.problems.map((p) => [p.caseId, p.sheet])).toEqual([
      ['S2', TAB.ledger],
      ['S3', TAB.ledger],
      ['S1', TAB.ledger],
    ]);
  });

  test('office names are grouped after NFKC with spaces removed', () => {
    const r = retentionByOffice(
      [
        kase('T1', 'ひまわり 事業所', { hireDate: '2021-01-10' }),
        kase('T2', 'ひまわり事業所', { hireDate: '2021-01-10' }),
      ],
      2024,
    );
    expect(r.offices).toHaveLength(1);
    expect(r.offices[0].persons).toHaveLength(2);
  });
});

describe('--fy', () => {
  test('2024, full-width digits and 2024年度 are read; others are not', () => {
    expect(parseFiscalYearOption('2024')).toBe(2024);
    expect(parseFiscalYearOption('２０２４')).toBe(2024);
    expect(parseFiscalYearOption('2024年度')).toBe(2024);
    for (const bad of ['FY2024', '24', '2017', 'R6', '']) expect(parseFiscalYearOption(bad)).toBeNull();
  });
});
