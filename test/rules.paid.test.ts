// The rules an office is paid by (docs/rules.md), each with the example data of its rule. Every expected
// value is worked out by hand from the rule written beside it, not read back from the code.

import { date, type CalendarDate } from '../src/domain/calendar';
import { TAB } from '../src/domain/schema';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';
import { runCommand } from '../src/commands/run';
import { readBookView, findCaseRow } from '../src/commands/shared/bookView';
import { explainCase } from '../src/commands/case';
import { todoList } from '../src/commands/todo';
import { UnusableBookError, type CommandContext } from '../src/commands/types';
import { employmentContinuity } from '../src/domain/jobChange';
import { monthlyCompliance, type ContactEntry, type CaseInput } from '../src/domain/contacts';
import { supportPeriod } from '../src/domain/periods';
import { RESTART_HELP } from '../src/domain/schema';
import { parseDateCell } from '../src/domain/dates';
import { officeDutyWarning } from '../src/domain/settings';
import type { Cell } from '../src/workbook/port';

const d = (s: string): CalendarDate => {
  const [y, m, dd] = s.split('-').map(Number);
  return date(y, m, dd);
};
const ctx = (book: MemoryWorkbook, today: CalendarDate, options: CommandContext['options'] = {}): CommandContext => ({
  book,
  today,
  options,
  progress: () => undefined,
});

const LEDGER_HEADER = [
  'ケースID',
  '事業所名',
  '担当センター',
  '就職日',
  '起算日（復職等）',
  '利用開始日',
  '利用終了日',
  '終了理由',
  '要継続支援',
  '同意取得日',
  '情報共有日',
  '情報共有先',
  '引継ぎ状況',
  '離職日',
  '再就職日',
];
type Row = Partial<Record<(typeof LEDGER_HEADER)[number], Cell>>;
const ledger = (...rows: Row[]): Cell[][] => [
  LEDGER_HEADER,
  ...rows.map((r) => LEDGER_HEADER.map((h) => r[h] ?? null)),
];
const base: Row = { 事業所名: '事業所A', 担当センター: 'エール' };

/** Settings with both office duties filled, so only the rule under test speaks. */
const DUTIES_DONE: Cell[][] = [
  ['項目', '値', '説明'],
  ['支援体制構築の指針（策定日）', '2024/4/1', null],
  ['支援体制構築の責任者', '山田', null],
  [null, null, null],
  ['No.', 'センター名', null],
  [1, 'エール', null],
  [2, 'あかね園', null],
];

function ownedValue(book: MemoryWorkbook, caseId: string, header: string): Cell {
  const values = book.readSheet(TAB.ledger)!;
  const col = values[0].indexOf(header);
  return values.find((r) => r[0] === caseId)![col];
}

describe('1. shared late is still late', () => {
  // Hired 2023-04-01 → 最終利用可能日 2026-09-30 (periodEnd(2023-04-01, 42)) → 情報共有期限:
  // 2026-10-01 − 3 months = 2026-07-01, − 1 day = 2026-06-30. Shared 2026-08-15: after it.
  const book = () =>
    MemoryWorkbook.from({
      [TAB.ledger]: ledger({
        ...base,
        ケースID: 'L1',
        就職日: '2023/4/1',
        要継続支援: '該当',
        同意取得日: '2026/8/1',
        情報共有日: '2026/8/15',
        情報共有先: 'ナカポツセンター、企業',
      }),
      [TAB.settings]: DUTIES_DONE,
    });

  test('the flag stays 共有期限超過 and the explanation names both dates', () => {
    const b = book();
    runCommand('periods', ctx(b, d('2026-08-20')));
    expect(ownedValue(b, 'L1', '情報共有期限（自動）')).toEqual(d('2026-06-30'));
    expect(ownedValue(b, 'L1', '引継ぎフラグ（自動）')).toBe('共有期限超過');
    const view = readBookView(b, d('2026-08-20'));
    const e = explainCase(view, findCaseRow(view, 'L1'));
    expect(e.flag.reasons.join('')).toContain('情報共有日 2026/08/15');
    expect(e.flag.reasons.join('')).toContain('情報共有期限 2026/06/30 より後');
    expect(e.steps.find((s) => s.label === '情報共有')).toMatchObject({ status: 'overdue' });
  });

  test('it stays until 終了後の確認期間 (90 days) after the end, even when handed over', () => {
    const b = book();
    // end 2026-09-30 + 90 days = 2026-12-29: still shown; 2026-12-30: no longer.
    const values = b.readSheet(TAB.ledger)!;
    values[1][LEDGER_HEADER.indexOf('引継ぎ状況')] = '済';
    const done = MemoryWorkbook.from({ [TAB.ledger]: values, [TAB.settings]: DUTIES_DONE });
    runCommand('periods', ctx(done, d('2026-12-29')));
    expect(ownedValue(done, 'L1', '引継ぎフラグ（自動）')).toBe('共有期限超過');
    runCommand('periods', ctx(done, d('2026-12-30')));
    expect(ownedValue(done, 'L1', '引継ぎフラグ（自動）')).toBe('引継ぎ済');
  });

  test('shared on the deadline itself is on time', () => {
    const b = MemoryWorkbook.from({
      [TAB.ledger]: ledger({
        ...base,
        ケースID: 'L2',
        就職日: '2023/4/1',
        要継続支援: '該当',
        同意取得日: '2026/6/1',
        情報共有日: '2026/6/30',
      }),
      [TAB.settings]: DUTIES_DONE,
    });
    runCommand('periods', ctx(b, d('2026-08-20')));
    // 2026-08-20 is 41 days before the end: inside the 180-day plan window.
    expect(ownedValue(b, 'L2', '引継ぎフラグ（自動）')).toBe('終了まで180日');
  });

  test('情報共有先: several values read; an unknown one is an error naming the column', () => {
    const b = MemoryWorkbook.from({
      [TAB.ledger]: ledger(
        { ...base, ケースID: 'S1', 就職日: '2024/4/1', 情報共有先: 'ナカポツセンター、相談支援' },
        { ...base, ケースID: 'S2', 就職日: '2024/4/1', 情報共有先: '市役所' },
      ),
    });
    const r = runCommand('validate', ctx(b, d('2024-06-01')));
    const problems = (
      r.details as { problems: { caseId: string; column: string; severity: string; message: string }[] }
    ).problems;
    expect(problems.filter((p) => p.caseId === 'S1')).toEqual([]);
    const s2 = problems.filter((p) => p.caseId === 'S2');
    expect(s2).toHaveLength(1);
    expect(s2[0]).toMatchObject({ column: '情報共有先', severity: 'error' });
    expect(s2[0].message).toContain('ナカポツセンター／企業／相談支援／その他');
  });
});

test('2. 同意取得日 after 情報共有日 is a warning on 同意取得日', () => {
  const b = MemoryWorkbook.from({
    [TAB.ledger]: ledger({
      ...base,
      ケースID: 'C2',
      就職日: '2023/4/1',
      要継続支援: '該当',
      同意取得日: '2026/7/1',
      情報共有日: '2026/6/20',
    }),
  });
  const r = runCommand('validate', ctx(b, d('2026-06-25')));
  const problems = (r.details as { problems: { column: string; severity: string; message: string }[] }).problems;
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatchObject({ column: '同意取得日', severity: 'warning' });
  expect(problems[0].message).toContain('同意取得日（2026/07/01）が情報共有日（2026/06/20）より後');
});

describe('3. office duties in 設定', () => {
  const cases = ledger({ ...base, ケースID: 'D1', 就職日: '2024/4/1', 要継続支援: '該当' });
  test('blank 指針 or 責任者 with a 該当 case: 引継ぎ予定 and 今月のやること say the 10% deduction applies', () => {
    const b = MemoryWorkbook.from({ [TAB.ledger]: cases }); // no 設定 tab: both blank
    const r = runCommand('handovers', ctx(b, d('2024-06-01')));
    const tab = b.readSheet(TAB.handovers)!;
    // The note under the title, which the print layout may break over several rows.
    const header = tab.findIndex((row) => row[0] === 'ケースID');
    const line = tab
      .slice(1, header)
      .map((row) => String(row[0] ?? ''))
      .join('');
    expect(line).toContain('支援体制構築の指針（策定日）');
    expect(line).toContain('支援体制構築の責任者');
    expect(line).toContain('情報共有の日付にかかわらず');
    expect(line).toContain('10%');
    expect(line).toContain('設定タブ');
    expect(r.notices.join('')).toContain('10%');
    const todo = todoList(readBookView(b, d('2024-06-01')), { y: 2024, m: 6 });
    expect(todo.notes[0]).toContain('支援体制構築未実施減算');
  });
  test('one of the two blank is enough; both filled, or no 該当 case: nothing said', () => {
    expect(officeDutyWarning({ supportPolicyDate: '2024/4/1', supportManager: '' }, ['該当'])).toContain(
      '「支援体制構築の責任者」が空',
    );
    expect(officeDutyWarning({ supportPolicyDate: '', supportManager: '' }, ['非該当', null])).toBeNull();
    const b = MemoryWorkbook.from({ [TAB.ledger]: cases, [TAB.settings]: DUTIES_DONE });
    runCommand('handovers', ctx(b, d('2024-06-01')));
    expect(String(b.readSheet(TAB.handovers)![1][0])).not.toContain('10%');
  });
});

describe('4–5. the month: report to 本人, a visit to the employer, 加算', () => {
  // Hired 2024-04-01 → in service from 2024-10-01; November 2024 is a full month of service.
  const c: CaseInput = { rowNumber: 2, caseId: 'M1', office: 'A', dates: { hireDate: d('2024-04-01') } };
  let row = 10;
  const e = (day: string, party: string, method: string, report = false): ContactEntry =>
    ({
      rowNumber: row++,
      caseId: 'M1',
      caseKey: 'M1',
      date: d(day),
      party,
      method,
      reportShared: report,
    }) as ContactEntry;
  const nov = { y: 2024, m: 11 };

  test('a report sent only to the employer does not count: 支援レポート未共有（本人）', () => {
    const r = monthlyCompliance(
      [c],
      [e('2024-11-05', '本人', '職場訪問'), e('2024-11-20', '企業', 'メール', true)],
      nov,
    );
    expect(r.statuses[0].verdict).toBe('支援レポート未共有（本人）');
  });
  test('a report of the companion record naming 本人 counts', () => {
    const r = monthlyCompliance(
      [c],
      [e('2024-11-05', '本人', '職場訪問'), e('2024-11-20', '企業', 'メール', true)],
      nov,
      { reportsToPerson: [{ caseId: 'M1', month: nov }] },
    );
    expect(r.statuses[0].verdict).toBe('OK');
  });
  test('a phone call to the employer is not a visit: OK with the warning 企業訪問なし', () => {
    const r = monthlyCompliance(
      [c],
      [e('2024-11-05', '本人', '事業所での面談', true), e('2024-11-06', '企業', '電話')],
      nov,
    );
    expect(r.statuses[0].verdict).toBe('OK（警告: 企業訪問なし）');
  });
  test('初期加算 in the first month only, not for 自法人 就労移行支援; 地域連携会議 at most 4 months a fiscal year', () => {
    const oct = { y: 2024, m: 10 };
    expect(monthlyCompliance([c], [], oct).statuses[0].additions).toEqual(['初期加算']);
    expect(monthlyCompliance([c], [], nov).statuses[0].additions).toEqual([]);
    const own = { ...c, enums: { priorService: '就労移行支援', priorOfficeKind: '自法人' } };
    expect(monthlyCompliance([own], [], oct).statuses[0].initialAddition).toBe(false);
    // Meetings in Oct (twice), Nov, Dec, Jan and Feb of FY2024: Feb is the 5th month → not billable.
    const meetings = ['2024-10-03', '2024-10-20', '2024-11-03', '2024-12-03', '2025-01-03', '2025-02-03'].map((x) =>
      e(x, 'ナカポツ', '地域連携会議'),
    );
    const at = (m: { y: number; m: number }) => monthlyCompliance([c], meetings, m).statuses[0];
    expect(at(oct).additions).toEqual(['初期加算', '地域連携会議実施加算（年度1回目・同月2回のうち1回）']);
    expect(at({ y: 2025, m: 1 }).regionalMeeting).toEqual({ count: 1, ordinal: 4, billable: true });
    expect(at({ y: 2025, m: 2 }).regionalMeeting).toEqual({ count: 1, ordinal: 5, billable: false });
    expect(at({ y: 2025, m: 2 }).additions[0]).toContain('算定不可');
    // A new fiscal year starts counting again: April 2025 is the 1st.
    const april = [...meetings, e('2025-04-10', 'ナカポツ', '地域連携会議')];
    expect(monthlyCompliance([c], april, { y: 2025, m: 4 }).statuses[0].regionalMeeting?.ordinal).toBe(1);
  });
});

describe('6. job changes, all of them', () => {
  const imp = '転職（労働条件の改善）';
  test('two changes (2024-05-10→05-20, 2025-01-10→01-25): separated on 2025-01-10', () => {
    const s = employmentContinuity(
      [
        { separation: d('2024-05-10'), rehire: d('2024-05-20'), reason: imp },
        { separation: d('2025-01-10'), rehire: d('2025-01-25'), reason: imp },
      ],
      d('2025-06-01'),
    );
    expect(s).toEqual({ kind: 'separated', separation: d('2025-01-10'), reason: 'secondChange' });
  });
  test('a dismissal followed by a new job (2024-03-20→04-10): separated on 2024-03-20', () => {
    const s = employmentContinuity(
      [{ separation: d('2024-03-20'), rehire: d('2024-04-10'), reason: '解雇・雇止め' }],
      d('2024-06-01'),
    );
    expect(s).toEqual({ kind: 'separated', separation: d('2024-03-20'), reason: 'notImprovement' });
  });
  test('the first 転職 within a month continues; an unknown reason (the ledger pair) reads as before', () => {
    expect(
      employmentContinuity([{ separation: d('2024-05-10'), rehire: d('2024-05-20'), reason: imp }], d('2024-06-01'))
        .kind,
    ).toBe('continued');
    expect(employmentContinuity([{ separation: d('2024-05-10'), rehire: d('2024-05-20') }], d('2024-06-01')).kind).toBe(
      'continued',
    );
  });

  test('定着率 reads 離職・再就職: both example cases count as left; bad rows are reported by tab and row', () => {
    const b = MemoryWorkbook.from({
      [TAB.ledger]: ledger(
        { ...base, ケースID: 'J1', 就職日: '2023/1/10' }, // in service 2023-07-10 … 2026-07-09
        { ...base, ケースID: 'J2', 就職日: '2023/1/10' },
        { ...base, ケースID: 'J3', 就職日: '2023/1/10' },
      ),
      [TAB.jobChanges]: [
        ['ケースID', '離職日', '再就職日', '理由'],
        ['J1', '2024/5/10', '2024/5/20', imp],
        ['J1', '2025/1/10', '2025/1/25', imp],
        ['J2', '2024/3/20', '2024/4/10', '解雇・雇止め'],
        ['J9', '2024/3/20', null, '自己都合'], // no such case
        ['J3', '2024/3/20', null, 'クビ'], // not a reason
      ],
    });
    // FY2025: reference day 2025-03-31; J1 left a second time on 2025-01-10, J2 was dismissed 2024-03-20, J3 works.
    const r = runCommand('retention', ctx(b, d('2025-06-01'), { fy: '2025' }));
    const office = (r.details as { offices: { persons: number; employed: number }[] }).offices[0];
    expect(office).toMatchObject({ persons: 3, employed: 1 });
    const tab = b.readSheet(TAB.retention)!;
    const note = (id: string) => String(tab.find((x) => x[1] === id)![4]);
    expect(note('J1')).toContain('離職 2025/01/10');
    expect(note('J2')).toContain('離職 2024/03/20');
    const problems = tab.filter((x) => x[0] === TAB.jobChanges);
    expect(problems.map((x) => [x[1], x[3]])).toEqual([
      [5, 'ケースID'],
      [6, '理由'],
    ]);
  });
});

describe('7. 定着率 you can rely on', () => {
  // FY2025 looks back over 2022-04-01 … 2025-03-31. P1 (hired 2022-04-01) is in service on 2025-03-31.
  // P2 (hired 2020-04-01) ended on 2023-09-30: whether P2 worked on 2025-03-31 only a 就労確認 can tell.
  const cases = ledger(
    { ...base, ケースID: 'P1', 就職日: '2022/4/1' },
    { ...base, ケースID: 'P2', 就職日: '2020/4/1' },
  );
  const checks = (...rows: Cell[][]): Cell[][] => [['ケースID', '確認日', '就労状況', '確認方法'], ...rows];

  test('unconfirmed: counted as employed (2/2 = 100%), 未確認 1, and 1/2 = 50% if P2 had left', () => {
    const b = MemoryWorkbook.from({ [TAB.ledger]: cases });
    const r = runCommand('retention', ctx(b, d('2025-04-10'), { fy: '2025' }));
    const o = (r.details as { offices: Record<string, unknown>[] }).offices[0];
    expect(o).toMatchObject({
      persons: 2,
      employed: 2,
      rate: 1,
      tier: '95%以上',
      unconfirmed: 1,
      worstRate: 0.5,
      worstTier: '50%以上70%未満',
    });
    const tab = b.readSheet(TAB.retention)!;
    const header = tab.find((x) => x[0] === '事業所名')!;
    expect(header.slice(7, 10)).toEqual(['未確認', '未確認が全員離職なら定着率', '未確認が全員離職なら報酬区分']);
    expect(tab.find((x) => x[0] === '事業所A')!.slice(7, 10)).toEqual([1, 0.5, '50%以上70%未満']);
    // todo, after 3/31: P2 is to be confirmed.
    const todo = todoList(readBookView(b, d('2025-04-10')), { y: 2025, m: 4 });
    const item = todo.items.find((i) => i.kind === 'employmentCheck');
    expect(item).toMatchObject({ caseId: 'P2', due: '2025/03/31' });
    expect(item!.text).toContain('就労確認');
  });

  test('a check dated on or after 3/31 answers it; one dated before does not', () => {
    const left = MemoryWorkbook.from({
      [TAB.ledger]: cases,
      [TAB.employmentChecks]: checks(['P2', '2025/4/5', '離職', '電話']),
    });
    const r = runCommand('retention', ctx(left, d('2025-04-10'), { fy: '2025' }));
    expect((r.details as { offices: Record<string, unknown>[] }).offices[0]).toMatchObject({
      employed: 1,
      rate: 0.5,
      unconfirmed: 0,
    });
    const early = MemoryWorkbook.from({
      [TAB.ledger]: cases,
      [TAB.employmentChecks]: checks(['P2', '2025/3/1', '就労中', '電話']),
    });
    const r2 = runCommand('retention', ctx(early, d('2025-04-10'), { fy: '2025' }));
    expect((r2.details as { offices: Record<string, unknown>[] }).offices[0]).toMatchObject({
      employed: 2,
      unconfirmed: 1,
    });
    expect(
      todoList(readBookView(left, d('2025-04-10')), { y: 2025, m: 4 }).items.some((i) => i.kind === 'employmentCheck'),
    ).toBe(false);
  });

  test("next fiscal year's forecast names the cases that decide it and what each changes", () => {
    const b = MemoryWorkbook.from({ [TAB.ledger]: cases });
    const r = runCommand('retention', ctx(b, d('2025-04-10')));
    // FY2026 (reference 2026-03-31) looks back over 2023-04-01 … 2026-03-31: P1 (service to 2025-09-30) and P2
    // (to 2023-09-30) both ended before 2026-03-31; each, if it left, gives 1/2 = 50%.
    const f = (
      r.details as {
        forecast: {
          fy: number;
          rate: number;
          deciding: { caseId: string; rateIfLeft: number; tierIfLeft: string }[];
        }[];
      }
    ).forecast[0];
    expect(f.fy).toBe(2026);
    expect(f.rate).toBe(1);
    expect(f.deciding.map((x) => [x.caseId, x.rateIfLeft, x.tierIfLeft])).toEqual([
      ['P1', 0.5, '50%以上70%未満'],
      ['P2', 0.5, '50%以上70%未満'],
    ]);
    expect(b.readSheet(TAB.retention)!.some((x) => String(x[0]).startsWith('来年度の見込み'))).toBe(true);
  });
});

test('8. 復職: the 6 months run from the 復職 day (2024-04-10 → 2024-10-09 / 2024-10-10 / 2027-10-09)', () => {
  const p = supportPeriod(d('2021-06-01'), d('2024-04-10'));
  expect([p.sixMonthDay, p.firstEligibleDay, p.lastEligibleDay]).toEqual([
    d('2024-10-09'),
    d('2024-10-10'),
    d('2027-10-09'),
  ]);
  expect(RESTART_HELP).toContain('復職した日');
  const b = MemoryWorkbook.from({
    [TAB.ledger]: ledger({ ...base, ケースID: 'R1', 就職日: '2021/6/1', '起算日（復職等）': '2024/4/10' }),
  });
  const view = readBookView(b, d('2024-06-01'));
  const e = explainCase(view, findCaseRow(view, 'R1'));
  expect(e.dates[0].rule).toContain('復職した日');
  expect(e.dates[0].rule).not.toContain('前の支援が終わった日');
  expect(e.dates.find((x) => x.label === '利用開始可能日')!.value).toBe('2024/10/10');
});

describe('9. 今月のやること', () => {
  test('never a handover step that is 済/不要; consent far ahead is planned, not due', () => {
    const b = MemoryWorkbook.from({
      [TAB.ledger]: ledger(
        // ends 2024-09-30 (hired 2021-04-01): inside the 180-day window on 2024-06-01
        { ...base, ケースID: 'H1', 就職日: '2021/4/1', 要継続支援: '非該当', 引継ぎ状況: '済' },
        { ...base, ケースID: 'H2', 就職日: '2021/4/1', 要継続支援: '非該当', 引継ぎ状況: '不要' },
        { ...base, ケースID: 'H3', 就職日: '2021/4/1', 要継続支援: '非該当', 引継ぎ状況: '調整中' },
        // ends 2027-09-30: the sharing deadline 2027-06-30 is far beyond the 30-day window
        { ...base, ケースID: 'K1', 就職日: '2024/4/1' },
      ),
      [TAB.settings]: DUTIES_DONE,
    });
    const view = readBookView(b, d('2024-06-01'));
    const items = todoList(view, { y: 2024, m: 6 }).items;
    expect(items.filter((i) => i.kind === 'endSoon').map((i) => i.caseId)).toEqual(['H3']);
    const consent = explainCase(view, findCaseRow(view, 'K1')).steps.find((s) => s.label === '同意取得')!;
    expect(consent.status).toBe('later');
  });
});

describe('10. as of today', () => {
  const activity: Cell[][] = [
    [
      'センター名',
      '対象年月',
      '個別支援会議件数',
      'ネットワーク会議件数',
      '研修会件数',
      '研修会内容',
      '提出日時',
      '提出者',
    ],
    ['エール', '2026-11', 3, 1, 0, null, '2026/12/06 10:00:00', '担当'],
  ];
  const settings: Cell[][] = [
    ['No.', 'センター名'],
    [1, 'エール'],
  ];
  test('a report stamped after today is not counted; it is once today passes it', () => {
    const b = MemoryWorkbook.from({ [TAB.activity]: activity, [TAB.settings]: settings });
    const before = runCommand('status', ctx(b, d('2026-12-05'), { fy: '2026' }));
    expect(before.details).toMatchObject({ submitted: 0 });
    const after = runCommand('status', ctx(b, d('2026-12-06'), { fy: '2026' }));
    expect(after.details).toMatchObject({ submitted: 1 });
  });
});

describe('11. columns users break', () => {
  test('就職日 renamed to 就職年月日: stops, names the nearest header, writes nothing', () => {
    const values = ledger({ ...base, ケースID: 'X1', 就職日: '2024/4/1' });
    values[0] = values[0].map((h) => (h === '就職日' ? '就職年月日' : h));
    const b = MemoryWorkbook.from({ [TAB.ledger]: values });
    const before = b.snapshot();
    expect(() => runCommand('periods', ctx(b, d('2024-06-01')))).toThrow(UnusableBookError);
    expect(() => runCommand('periods', ctx(b, d('2024-06-01')))).toThrow('「就職年月日」を「就職日」にしますか');
    expect(b.snapshot()).toBe(before);
  });
  test('a duplicated header stops it too', () => {
    const values = ledger({ ...base, ケースID: 'X1', 就職日: '2024/4/1' });
    values[0] = [...values[0], '就職日'];
    values[1] = [...values[1], '2024/5/1'];
    const b = MemoryWorkbook.from({ [TAB.ledger]: values });
    const before = b.snapshot();
    expect(() => runCommand('validate', ctx(b, d('2024-06-01')))).toThrow('「就職日」の列が2つあります（D列・P列）');
    expect(b.snapshot()).toBe(before);
  });
  test('an error value or an uncached formula in a date cell is said in words', () => {
    for (const v of ['#REF!', '#DIV/0!', '#N/A']) {
      const r = parseDateCell(v);
      expect(r.kind).toBe('invalid');
      if (r.kind === 'invalid') expect(r.message).toContain('エラー値');
    }
    const f = parseDateCell('=1/0');
    expect(f.kind === 'invalid' && f.message).toContain('計算結果がファイルに保存されていない');
  });
});
