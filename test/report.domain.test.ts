// The rules of 支援レポート and 月末確認, each with its own example:
// - a report counts for the fee only when shared with the person (本人): 共有日 and 本人 among 共有先;
// - a case gets a report for a month its service window (利用開始日 or 利用開始可能日 … 利用終了日 or
//   最終利用可能日) shares a day with;
// - the month-end check runs N days before the month's last day, once per 担当者 per month, and lists
//   cases missing a face-to-face contact, a report shared with 本人, or an employer visit (職場訪問).

import { date, type CalendarDate } from '../src/domain/calendar';
import type { ContactEntry } from '../src/domain/contacts';
import {
  monthEndDay,
  planMonthEnd,
  readMonthEndConfig,
  staffMail,
  staffTodos,
  summaryMail,
  type MonthEndConfig,
} from '../src/domain/monthEnd';
import {
  placeholderProblems,
  casesInService,
  caseMonthKey,
  planDrafts,
  reportFileName,
  reportsSharedWithPerson,
  type DraftFacts,
  type ReportCase,
  type ReportData,
} from '../src/domain/report';
import type { Cell } from '../src/workbook/port';

const HEADER = ['ケースID', '対象月', 'ファイル', '作成日', '共有日', '共有先', '管理用（自動）'];

describe('reportsSharedWithPerson', () => {
  test('only rows with a 共有日 and 本人 among 共有先 count', () => {
    const values: Cell[][] = [
      HEADER,
      ['C-1', '2026-10', 'a.docx', date(2026, 11, 2), date(2026, 11, 4), '本人、企業', 'x'],
      ['C-2', '2026-10', 'b.docx', date(2026, 11, 2), date(2026, 11, 4), '企業', 'x'], // employer only
      ['C-3', '2026-10', 'c.docx', date(2026, 11, 2), null, '本人', 'x'], // not yet shared
      ['Ｃ－４', '2026/9', 'd.docx', date(2026, 10, 2), '2026/10/05', '本人・ナカポツ', 'x'], // full-width ID, 2026/9
      ['C-5', date(2026, 8, 1), 'e.docx', null, date(2026, 9, 1), 'ほんにん', 'x'], // not a party name
    ];
    expect([...reportsSharedWithPerson(values)].sort()).toEqual(['C-1|2026-10', 'C-4|2026-09']);
    expect(caseMonthKey('Ｃ－４', { y: 2026, m: 9 })).toBe('C-4|2026-09');
    expect(reportsSharedWithPerson(null).size).toBe(0);
  });
});

function kase(
  caseId: string,
  hireDate: CalendarDate,
  extra: Partial<ReportCase['dates']> = {},
  staff = '佐藤',
): ReportCase {
  return { rowNumber: 2, caseId, office: 'みなと', name: `山田${caseId}`, staff, dates: { hireDate, ...extra } };
}

describe('casesInService', () => {
  test('the window is 利用開始可能日 … 最終利用可能日 unless 利用開始日 / 利用終了日 say otherwise', () => {
    // hired 2024-04-01 → may start 2024-10-01 (the official example), last day 2027-09-30
    const a = kase('A', date(2024, 4, 1));
    const ids = (y: number, m: number): string[] => casesInService([a], { y, m }).map((x) => x.c.caseId);
    expect(ids(2024, 9)).toEqual([]);
    expect(ids(2024, 10)).toEqual(['A']);
    expect(ids(2027, 9)).toEqual(['A']);
    expect(ids(2027, 10)).toEqual([]);
    const ended = kase('B', date(2024, 4, 1), { endDate: date(2026, 8, 31) });
    expect(casesInService([ended], { y: 2026, m: 8 })).toHaveLength(1);
    expect(casesInService([ended], { y: 2026, m: 9 })).toHaveLength(0);
    // 利用開始日 on the month's last day: in service that month
    const late = kase('C', date(2024, 4, 1), { startDate: date(2024, 11, 30) });
    expect(casesInService([late], { y: 2024, m: 11 })).toHaveLength(1);
    expect(casesInService([late], { y: 2024, m: 10 })).toHaveLength(0);
  });
});

test('a file name carries the ケースID and month only, with characters no file system takes replaced', () => {
  expect(reportFileName('C-001', { y: 2026, m: 10 })).toBe('支援レポート_C-001_2026-10');
  expect(reportFileName('A/B:1', { y: 2026, m: 1 })).toBe('支援レポート_A_B_1_2026-01');
});

describe('planDrafts', () => {
  const item = casesInService([kase('C-1', date(2024, 4, 1))], { y: 2026, m: 10 })[0];
  const data = {} as ReportData;
  const row = (over: object) => ({
    rowNumber: 2,
    caseId: 'C-1',
    caseKey: 'C-1',
    month: { y: 2026, m: 10 },
    file: 'f.docx',
    sharedDate: null,
    sharedDateFilled: false,
    sharedWith: [],
    stamp: 'h1',
    ...over,
  });
  const facts = (now: string | null, unrecorded: string | null = null, would: string | null = null): DraftFacts => ({
    recorded: () => (now === null ? null : { ref: 'f.docx', stamp: now }),
    unrecorded: () => (unrecorded === null ? null : { ref: 'f.docx', stamp: unrecorded }),
    wouldBe: () => would,
    replacesUnrecorded: false,
  });
  const decide = (rows: object[], f: DraftFacts) =>
    planDrafts([{ item, data }], rows as never, { y: 2026, m: 10 }, f)[0].decision.kind;

  test.each([
    ['no row, no file', [], facts(null), 'create'],
    ['our draft untouched', [row({})], facts('h1'), 'regenerate'],
    ['our draft edited', [row({})], facts('h2'), 'keepEdited'],
    ['our draft gone', [row({})], facts(null), 'regenerate'],
    ['ファイル cleared, an edited file of the name there', [row({ file: '' })], facts(null, 'h2'), 'keepEdited'],
    ['ファイル cleared, our untouched file of the name there', [row({ file: '' })], facts(null, 'h1'), 'regenerate'],
    ['共有日 typed', [row({ sharedDateFilled: true })], facts('h1'), 'keepShared'],
    [
      '共有日 typed, even unreadable, even when the file is untouched',
      [row({ sharedDateFilled: true })],
      facts('h1'),
      'keepShared',
    ],
    ['a file nobody recorded', [], facts(null, 'x', 'y'), 'keepUnrecorded'],
    ['a file identical to what we would write', [], facts(null, 'y', 'y'), 'adopt'],
    ['a row staff typed (no stamp) and a file', [row({ stamp: '' })], facts(null, 'x'), 'keepUnrecorded'],
  ])('%s', (_name, rows, f, kind) => {
    expect(decide(rows, f)).toBe(kind);
  });
});

// --- 月末確認 ---------------------------------------------------------------------------------

function contact(caseId: string, d: CalendarDate, party: string, method: string, reportShared = false): ContactEntry {
  return { rowNumber: 2, caseId, caseKey: caseId, date: d, party, method, reportShared } as ContactEntry;
}

const OCT = { y: 2026, m: 10 };
const CASES = [
  kase('C-1', date(2025, 4, 1), {}, '佐藤'),
  kase('C-2', date(2025, 4, 1), {}, '佐藤'),
  kase('C-3', date(2025, 4, 1), {}, '田中'),
  kase('C-4', date(2025, 4, 1), {}, ''),
  kase('C-5', date(2024, 1, 10), { endDate: date(2026, 8, 31) }, '田中'), // not in service
];

describe('staffTodos', () => {
  test('each missing item by its rule', () => {
    const entries = [
      // C-1: all done — a visit to the employer, a face-to-face with the person, the report shared in the tab
      contact('C-1', date(2026, 10, 3), '本人', '事業所での面談'),
      contact('C-1', date(2026, 10, 9), '企業', '職場訪問'),
      // C-2: a call to the employer is not a visit; a phone call is not face-to-face; report sent to the employer only
      contact('C-2', date(2026, 10, 5), '企業', '電話', true),
      contact('C-2', date(2026, 10, 6), '本人', '電話'),
      // C-3: the report marked shared in the log with 本人 counts; a visit last month does not
      contact('C-3', date(2026, 10, 7), '本人', '家庭訪問', true),
      contact('C-3', date(2026, 9, 28), '企業', '職場訪問'),
    ];
    const shared = new Set([caseMonthKey('C-1', OCT)]);
    const todos = staffTodos(CASES, entries, shared, OCT);
    expect(todos).toEqual([
      {
        staff: '佐藤',
        missing: { faceToFace: ['C-2'], report: ['C-2'], employerVisit: ['C-2'] },
        caseIds: ['C-2'],
      },
      { staff: '田中', missing: { faceToFace: [], report: [], employerVisit: ['C-3'] }, caseIds: ['C-3'] },
      {
        staff: '（担当者未入力）',
        missing: { faceToFace: ['C-4'], report: ['C-4'], employerVisit: ['C-4'] },
        caseIds: ['C-4'],
      },
    ]);
  });
});

describe('the month-end settings block', () => {
  const block = (days: Cell): Cell[][] => [
    ['項目', '値', '説明', null, '月末確認（月末の何日前）', days, '…'],
    [null, null, null, null, '支援レポートのテンプレート', null, '…'],
    [null, null, null, null, '担当者', 'メールアドレス', '…'],
    [null, null, null, null, '佐藤', 'sato@example.jp, sato2@example.jp', null],
    [null, null, null, null, '田中', 'tanaka-at-example', null],
    [null, null, null, null, null, null, null],
    [null, null, null, null, '後藤', 'goto@example.jp', null], // below a blank row: not in the table
  ];
  test('days, addresses, and a bad address named', () => {
    const c = readMonthEndConfig(block(5));
    expect(c.daysBefore).toBe(5);
    expect(c.addresses.get('佐藤')?.to).toEqual(['sato@example.jp', 'sato2@example.jp']);
    expect(c.addresses.get('田中')?.to).toEqual([]);
    expect(c.addresses.has('後藤')).toBe(false);
    expect(c.problems.join()).toMatch(/7行目|5行目/);
    expect(c.problems.join()).toContain('tanaka-at-example');
  });
  test('blank or missing = off; a bad number is told', () => {
    expect(readMonthEndConfig(block(null)).daysBefore).toBeNull();
    expect(readMonthEndConfig([['項目', '値']]).daysBefore).toBeNull();
    const bad = readMonthEndConfig(block('五'));
    expect(bad.daysBefore).toBeNull();
    expect(bad.problems[0]).toContain('「五」');
  });
});

describe('planMonthEnd', () => {
  const todos = staffTodos(CASES, [], new Set(), OCT);
  const config: MonthEndConfig = {
    daysBefore: 5,
    addresses: new Map([
      ['佐藤', { name: '佐藤', to: ['sato@example.jp'] }],
      ['田中', { name: '田中', to: ['tanaka@example.jp'] }],
    ]),
    problems: [],
  };
  test('the day: 31 − 5 = the 26th in October; 30 − 5 = the 25th in November; 0 = the last day', () => {
    expect(monthEndDay(date(2026, 10, 1), 5)).toEqual(date(2026, 10, 26));
    expect(monthEndDay(date(2026, 11, 1), 5)).toEqual(date(2026, 11, 25));
    expect(monthEndDay(date(2028, 2, 1), 0)).toEqual(date(2028, 2, 29));
  });
  test('nothing before the day; on it, one mail per 担当者 with an address and one summary', () => {
    expect(planMonthEnd(config, todos, ['boss@example.jp'], date(2026, 10, 25), null).reason).toBe('not-yet');
    const plan = planMonthEnd(config, todos, ['boss@example.jp'], date(2026, 10, 26), null);
    expect(plan.mails.map((m) => [m.staff, m.to])).toEqual([
      ['佐藤', ['sato@example.jp']],
      ['田中', ['tanaka@example.jp']],
      ['', ['boss@example.jp']],
    ]);
    expect(plan.noAddress).toEqual(['（担当者未入力）']);
  });
  test('once a month: who was mailed is not mailed again; a new month starts afresh; a missed day is caught up', () => {
    const sent = { month: '2026-10', sent: ['佐藤', ''] };
    expect(
      planMonthEnd(config, todos, ['boss@example.jp'], date(2026, 10, 27), sent).mails.map((m) => m.staff),
    ).toEqual(['田中']);
    expect(planMonthEnd(config, todos, ['boss@example.jp'], date(2026, 11, 28), sent).mails).toHaveLength(3);
    expect(planMonthEnd({ ...config, daysBefore: null }, todos, [], date(2026, 10, 31), null).reason).toBe('off');
  });
  test('the mails name cases by ケースID only', () => {
    const names = CASES.map((c) => c.name);
    const mail = staffMail(todos[0], ['sato@example.jp'], OCT, date(2026, 10, 26));
    expect(mail.body).toContain('C-1、C-2');
    expect(mail.subject).toContain('2026年10月');
    const summary = summaryMail(todos, ['boss@example.jp'], OCT, date(2026, 10, 26), ['（担当者未入力）']);
    expect(summary.body).toContain('■ 田中（1件）');
    for (const n of names) {
      expect(mail.body).not.toContain(n);
      expect(summary.body).not.toContain(n);
    }
  });
});

describe('placeholderProblems (a Google Doc template, as text)', () => {
  test('the default layout passes; each mistake is named', () => {
    expect(
      placeholderProblems(
        '{氏名} 様 {対象月}\n{#支援記録}{日付}\t{相手}\t{方法}\t{内容}{/支援記録}\n{#企業}{日付}{/企業}',
      ),
    ).toEqual([]);
    expect(placeholderProblems('{名前}')).toEqual(['「{名前}」という差し込み項目はありません。']);
    expect(placeholderProblems('{#支援記録}{日付}')).toEqual([
      '繰り返し {#支援記録} に対応する {/支援記録} がありません。繰り返す範囲の最後に {/支援記録} を入れてください。',
    ]);
    expect(placeholderProblems('{内容}')[0]).toMatch(/「\{内容\}」は繰り返し/);
    expect(placeholderProblems('{支援記録}')[0]).toMatch(/繰り返しの名前です/);
    expect(placeholderProblems('{#面談}{/面談}')[0]).toMatch(/「\{#面談\}」は使えません/);
    expect(placeholderProblems('{氏名 様')[0]).toMatch(/「\{氏名 様」の「\}」がありません/);
  });
});
