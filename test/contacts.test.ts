// Monthly contact compliance (domain.md §2.3). Expectations are worked out by hand from the rules:
// a case is active from 利用開始日 (or 利用開始可能日 = 6月到達日 + 1) to 支援終了予定日; a month needs a
// face-to-face contact with the client and a shared 支援レポート; no employer contact is a warning.

import { date, type CalendarDate } from '../src/domain/calendar';
import {
  isFaceToFace,
  monthlyCompliance,
  parseMonthOption,
  previousMonth,
  readContactLog,
  serviceWindow,
  type CaseInput,
  type ContactEntry,
} from '../src/domain/contacts';
import { CONTACT_COLUMNS, TAB } from '../src/domain/schema';
import { locateTable } from '../src/domain/table';
import type { Cell } from '../src/workbook/port';

const d = (s: string): CalendarDate => {
  const [y, m, dd] = s.split('-').map(Number);
  return date(y, m, dd);
};

const HEADER = ['ケースID', '日付', '相手', '方法', '支援レポート共有', '内容'];

function log(rows: Cell[][], known: string[], today = d('2025-06-01')) {
  // a title row above the header, as users often have
  const table = locateTable(TAB.contacts, [['支援記録（2024年度）'], HEADER, ...rows], CONTACT_COLUMNS, 'caseId')!;
  return readContactLog(table, known, today);
}

function entry(caseId: string, day: string, party: string, method: string, shared = false, row = 1): ContactEntry {
  return {
    rowNumber: row,
    caseId,
    caseKey: caseId,
    date: d(day),
    party: party as ContactEntry['party'],
    method: method as ContactEntry['method'],
    reportShared: shared,
  };
}

const kase = (caseId: string, dates: CaseInput['dates'], office = '事業所A', rowNumber = 2): CaseInput => ({
  caseId,
  office,
  rowNumber,
  dates,
});

test('a contact dated before 2000 (a wrong serial or year) is an error and not counted', () => {
  const result = log([['C1', date(1800, 1, 1), '本人', '職場訪問', 'はい', '']], ['C1']);
  expect(result.entries).toEqual([]);
  expect(result.problems).toEqual([
    expect.objectContaining({
      severity: 'error',
      row: 3,
      column: '日付',
      message: expect.stringContaining('ありえない年'),
    }),
  ]);
});

describe('service window', () => {
  test('hired 2024-04-01, no 利用開始日: from 利用開始可能日 2024-10-01 to 最終利用可能日 2027-09-30', () => {
    expect(serviceWindow({ hireDate: d('2024-04-01') })).toEqual({
      ok: true,
      window: { start: d('2024-10-01'), end: d('2027-09-30') },
    });
  });
  test('利用開始日 and 利用終了日 win when entered', () => {
    expect(serviceWindow({ hireDate: d('2024-04-01'), startDate: d('2024-10-16'), endDate: d('2025-01-10') })).toEqual({
      ok: true,
      window: { start: d('2024-10-16'), end: d('2025-01-10') },
    });
  });
  test('起算日（復職等） moves the clock: restart 2023-08-31 → from 2024-03-01 to 2027-02-28', () => {
    expect(serviceWindow({ hireDate: d('2020-01-01'), restartDate: d('2023-08-31') })).toEqual({
      ok: true,
      window: { start: d('2024-03-01'), end: d('2027-02-28') },
    });
  });
  test('no hire date, or an end before the start: no window, with a reason', () => {
    const none = serviceWindow({});
    expect(none.ok).toBe(false);
    const reversed = serviceWindow({ hireDate: d('2024-04-01'), endDate: d('2024-09-30') });
    expect(reversed.ok).toBe(false);
    if (!reversed.ok) expect(reversed.reason).toContain('2024/09/30');
  });
});

describe('face-to-face', () => {
  test('the five face-to-face methods with the client count; phone, mail, or a visit to the employer do not', () => {
    for (const m of ['職場訪問', '家庭訪問', '事業所での面談', '医療機関同行', '喫茶店などで面談'])
      expect(isFaceToFace(entry('A', '2024-10-01', '本人', m))).toBe(true);
    for (const m of ['電話', 'メール', 'LINEなど', 'テレビ会議', 'オンラインフォーム', '他機関との連携'])
      expect(isFaceToFace(entry('A', '2024-10-01', '本人', m))).toBe(false);
    expect(isFaceToFace(entry('A', '2024-10-01', '企業', '職場訪問'))).toBe(false);
    expect(isFaceToFace(entry('A', '2024-10-01', '家族', '家庭訪問'))).toBe(false);
  });
  test('accompanying the client to hospital counts whoever is recorded as 相手', () => {
    expect(isFaceToFace(entry('A', '2024-10-01', '医療機関', '医療機関同行'))).toBe(true);
    expect(isFaceToFace(entry('A', '2024-10-01', '医療機関', '電話'))).toBe(false);
  });
});

describe('monthly judgement', () => {
  // C1: hired 2024-04-01 → in service from 2024-10-01.
  const c1 = kase('C1', { hireDate: d('2024-04-01') }, '事業所A', 2);
  const c1Contacts = [
    entry('C1', '2024-09-30', '本人', '職場訪問', true, 10), // the day before the service: not this service
    entry('C1', '2024-10-01', '本人', '家庭訪問', false, 11), // first day of the month
    entry('C1', '2024-10-31', '企業', '電話', true, 12), // last day of the month
    entry('C1', '2024-11-01', '本人', '電話', true, 13), // first day of the next month
  ];

  test('month boundaries: the 1st and the last day belong to the month, the next 1st does not', () => {
    const oct = monthlyCompliance([c1], c1Contacts, { y: 2024, m: 10 });
    expect(oct.statuses).toHaveLength(1);
    // The only report that month went to the employer (相手 企業): the client has not had it, and a phone call
    // to the employer is not a visit.
    expect(oct.statuses[0]).toMatchObject({
      caseId: 'C1',
      office: '事業所A',
      faceToFace: 1,
      employerContacts: 1,
      employerVisits: 0,
      reportsShared: 1,
      reportsToPerson: 0,
      missing: ['支援レポート未共有（本人）'],
      warnings: ['企業訪問なし'],
      verdict: '支援レポート未共有（本人）（警告: 企業訪問なし）',
    });
    const nov = monthlyCompliance([c1], c1Contacts, { y: 2024, m: 11 });
    // only a phone call with a report: no face-to-face, and no employer contact (a warning)
    expect(nov.statuses[0]).toMatchObject({ faceToFace: 0, employerContacts: 0, reportsShared: 1 });
    expect(nov.statuses[0].verdict).toBe('対面なし（警告: 企業訪問なし）');
  });

  test('a case not active in the month is not listed; its contact of that month is reported, not counted', () => {
    const sep = monthlyCompliance([c1], c1Contacts, { y: 2024, m: 9 });
    expect(sep.statuses).toEqual([]);
    expect(sep.problems).toHaveLength(1);
    expect(sep.problems[0]).toMatchObject({ sheet: TAB.contacts, row: 10, caseId: 'C1', severity: 'warning' });
    expect(sep.problems[0].message).toContain('2024/10/01〜2027/09/30');
  });

  test('a month with no contact at all: everything missing', () => {
    const dec = monthlyCompliance([c1], c1Contacts, { y: 2024, m: 12 });
    expect(dec.statuses[0].verdict).toBe('対面なし・支援レポート未共有（本人）（警告: 企業訪問なし）');
  });

  test('February of a leap year ends on the 29th', () => {
    const feb = [
      entry('C1', '2025-02-28', '本人', '事業所での面談', true),
      entry('C1', '2025-03-01', '企業', '職場訪問'),
    ];
    const r = monthlyCompliance([c1], feb, { y: 2025, m: 2 });
    expect(r.statuses[0]).toMatchObject({ faceToFace: 1, reportsShared: 1, employerContacts: 0 });
    const leap = [entry('C1', '2028-02-29', '本人', '職場訪問', true), entry('C1', '2028-02-29', '企業', '電話')];
    expect(monthlyCompliance([c1], leap, { y: 2028, m: 2 }).statuses).toEqual([]); // ended 2027-09-30
    const c9 = kase('C9', { hireDate: d('2027-06-01') });
    const leap9 = leap.map((e) => ({ ...e, caseId: 'C9', caseKey: 'C9' }));
    expect(monthlyCompliance([c9], leap9, { y: 2028, m: 2 }).statuses[0].verdict).toBe('OK');
  });

  test('a case starting mid-month (利用開始可能日 2024-09-15) is listed, counting only contacts from that day', () => {
    // hired 2024-03-15 → 6月到達日 2024-09-14 → 利用開始可能日 2024-09-15
    const c2 = kase('C2', { hireDate: d('2024-03-15') });
    const contacts = [
      entry('C2', '2024-09-10', '本人', '職場訪問', true, 20), // before the start
      entry('C2', '2024-09-15', '本人', '事業所での面談', false, 21), // the first day
    ];
    const r = monthlyCompliance([c2], contacts, { y: 2024, m: 9 });
    expect(r.statuses).toHaveLength(1);
    expect(r.statuses[0]).toMatchObject({ faceToFace: 1, reportsShared: 0, employerContacts: 0 });
    expect(r.statuses[0].verdict).toBe('支援レポート未共有（本人）（警告: 企業訪問なし）');
    expect(r.problems.map((p) => p.row)).toEqual([20]);
    // August: not yet in service, not listed
    expect(monthlyCompliance([c2], contacts, { y: 2024, m: 8 }).statuses).toEqual([]);
  });

  test('a case with 利用開始日 2024-10-16 and one ending 2024-10-10 are both listed in October', () => {
    const late = kase('L', { hireDate: d('2024-04-01'), startDate: d('2024-10-16') }, '事業所A', 3);
    const ended = kase('E', { hireDate: d('2021-04-01'), endDate: d('2024-10-10') }, '事業所A', 4);
    const contacts = [
      entry('L', '2024-10-15', '本人', '職場訪問', true),
      entry('L', '2024-10-16', '企業', '職場訪問', true),
      entry('E', '2024-10-10', '本人', '家庭訪問', true),
      entry('E', '2024-10-11', '企業', '電話', false),
    ];
    const r = monthlyCompliance([late, ended], contacts, { y: 2024, m: 10 });
    const by = Object.fromEntries(r.statuses.map((s) => [s.caseId, s]));
    // L's only report in service went to the employer, at a 職場訪問 (the visit duty is met).
    expect(by.L).toMatchObject({
      faceToFace: 0,
      employerContacts: 1,
      employerVisits: 1,
      reportsShared: 1,
      verdict: '対面なし・支援レポート未共有（本人）',
    });
    expect(by.E).toMatchObject({ faceToFace: 1, employerContacts: 0, reportsShared: 1 });
    expect(by.E.verdict).toBe('OK（警告: 企業訪問なし）');
    expect(monthlyCompliance([late, ended], contacts, { y: 2024, m: 11 }).statuses.map((s) => s.caseId)).toEqual(['L']);
  });

  test('rows are grouped by office in order of first appearance, then ledger order', () => {
    const cases = [
      kase('A1', { hireDate: d('2024-01-01') }, '事業所A', 2),
      kase('B1', { hireDate: d('2024-01-01') }, '事業所B', 3),
      kase('A2', { hireDate: d('2024-01-01') }, '事業所 A', 4), // same office, stray space
    ];
    const r = monthlyCompliance(cases, [], { y: 2024, m: 10 });
    expect(r.statuses.map((s) => s.caseId)).toEqual(['A1', 'A2', 'B1']);
  });

  test('a ledger row without a usable window is reported, not silently dropped', () => {
    const r = monthlyCompliance([kase('X', {}, '事業所A', 7)], [], { y: 2024, m: 10 });
    expect(r.statuses).toEqual([]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ sheet: TAB.ledger, row: 7, caseId: 'X' });
  });
});

describe('reading 支援記録', () => {
  const known = ['A001', 'A002'];

  test('a good row becomes an entry; full-width ケースID and values match', () => {
    const r = log([['Ａ００１', '2024/10/01', '本人', '職場訪問', 'はい', '面談']], known);
    expect(r.problems).toEqual([]);
    expect(r.entries).toEqual([
      {
        rowNumber: 3,
        caseId: 'Ａ００１',
        caseKey: 'A001',
        date: d('2024-10-01'),
        party: '本人',
        method: '職場訪問',
        reportShared: true,
      },
    ]);
  });

  test('令和 dates and date cells are read; an empty 支援レポート共有 means not shared; a checkbox counts', () => {
    const r = log(
      [
        ['A001', '令和6年10月2日', '企業', '電話', null, null],
        ['A002', d('2024-10-03'), '家族', 'メール', true, null],
      ],
      known,
    );
    expect(r.problems).toEqual([]);
    expect(r.entries.map((e) => [e.date, e.reportShared])).toEqual([
      [d('2024-10-02'), false],
      [d('2024-10-03'), true],
    ]);
  });

  test('unknown ケースID, bad dates and values outside the lists are errors naming row, column, value; not counted', () => {
    const r = log(
      [
        ['A0O1', '2024/10/01', '本人', '職場訪問', 'はい', null], // row 3
        ['A001', '2024/2/30', '本人', '職場訪問', 'はい', null], // row 4
        ['A001', null, '本人', '職場訪問', 'はい', null], // row 5
        ['A001', '2024/10/01', '会社', '職場訪門', 'はい', null], // row 6
        ['A001', '2024/10/01', '本人', '電話', '済', null], // row 7
        [null, '2024/10/01', null, null, null, 'メモ'], // row 8
      ],
      known,
    );
    expect(r.entries).toEqual([]);
    const got = r.problems.map((p) => [p.row, p.column, p.value, p.severity]);
    expect(got).toEqual([
      [3, 'ケースID', 'A0O1', 'error'],
      [4, '日付', '2024/2/30', 'error'],
      [5, '日付', '', 'error'],
      [6, '相手', '会社', 'error'],
      [6, '方法', '職場訪門', 'error'],
      [7, '支援レポート共有', '済', 'error'],
      [8, 'ケースID', '', 'error'],
      [8, '相手', '', 'error'],
      [8, '方法', '', 'error'],
    ]);
    for (const p of r.problems) {
      expect(p.sheet).toBe('支援記録');
      expect(p.message).toContain('集計に含めていません');
    }
    expect(r.problems[0].message).toContain('「A001」');
    expect(r.problems[1].message).toContain('29日');
    expect(r.problems[4].message).toContain('「職場訪問」');
  });

  test('a contact dated after today is a warning and still counted; blank rows are skipped', () => {
    const r = log(
      [
        ['A001', '2025-06-02', '本人', '職場訪問', 'いいえ', null],
        [null, null, null, null, null, null],
      ],
      known,
      d('2025-06-01'),
    );
    expect(r.entries).toHaveLength(1);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ severity: 'warning', row: 3, column: '日付' });
  });
});

describe('--month', () => {
  test('default is the month before today, across a year boundary', () => {
    expect(previousMonth(d('2025-01-15'))).toEqual({ y: 2024, m: 12 });
    expect(previousMonth(d('2024-10-31'))).toEqual({ y: 2024, m: 9 });
  });
  test('YYYY-MM, YYYY/M and full-width digits are read; anything else is not a month', () => {
    expect(parseMonthOption('2024-10')).toEqual({ y: 2024, m: 10 });
    expect(parseMonthOption('2024/3')).toEqual({ y: 2024, m: 3 });
    expect(parseMonthOption('２０２４－１０')).toEqual({ y: 2024, m: 10 });
    for (const bad of ['2024-13', '2024-00', '202410', 'R6-10', '', '2024-10-01'])
      expect(parseMonthOption(bad)).toBeNull();
  });
});
