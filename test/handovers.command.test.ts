// 支援期間を計算 and 引継ぎ予定を更新 on a hand-built ledger. Every expected date and flag below is
// worked out by hand from domain.md §2 (periodEnd by 民法143条, 情報共有期限 = end+1 − 3 months − 1)
// and the flag rules of issue 4, not read back from the code.

import { date, type CalendarDate } from '../src/domain/calendar';
import { TAB } from '../src/domain/schema';
import { defaultSettingsSheet } from '../src/domain/settings';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';
import { runCommand } from '../src/commands/run';
import type { CommandContext } from '../src/commands/types';
import type { Cell } from '../src/workbook/port';
import type { FlaggedCase } from '../src/commands/handovers';

const p = (s: string): CalendarDate => {
  const [y, m, d] = s.split('-').map(Number);
  return date(y, m, d);
};

const HEADERS = [
  'ケースID',
  '氏名',
  '事業所名',
  '担当センター',
  '就職日',
  '起算日（復職等）',
  '利用開始日',
  '支給決定開始日',
  '支給決定終了日',
  '離職日',
  '再就職日',
  '利用終了日',
  '終了理由',
  '要継続支援',
  '同意取得日',
  '情報共有日',
  '引継ぎ状況',
] as const;
type Header = (typeof HEADERS)[number];
type Row = Partial<Record<Header, Cell>>;

const A = 'あかね園';
const CHIBA = '千葉障害者キャリアセンター';
const OKUBO = '大久保学園';

// today = 2026-07-15 unless a test says otherwise
const CASES: (Row | null)[] = [
  // end 2026-09-30, share by 2026-06-30 → passed, nothing shared → 共有期限超過; 77 days left
  {
    ケースID: 'C001',
    氏名: '山田太郎',
    事業所名: '定着A',
    担当センター: A,
    就職日: '2023/4/1',
    要継続支援: '該当',
    引継ぎ状況: '未着手',
  },
  // same dates, shared on 2026-06-01 → 終了まで180日
  {
    ケースID: 'C002',
    氏名: '佐藤花子',
    事業所名: '定着A',
    担当センター: A,
    就職日: p('2023-04-01'),
    要継続支援: '該当',
    同意取得日: '2026/5/20',
    情報共有日: '2026/6/1',
    引継ぎ状況: '調整中',
  },
  // hired 2022-12-01 → 最終利用可能日 periodEnd(2022-12-01, 42) = 2026-05-31 → ended 45 days ago, 調整中 → 終了・引継ぎ未了
  {
    ケースID: 'C003',
    氏名: '鈴木一郎',
    事業所名: '定着A',
    担当センター: A,
    就職日: '令和4年12月1日',
    要継続支援: '該当',
    引継ぎ状況: '調整中',
  },
  null, // a blank row between cases
  // hired 2023-08-31 → cap 2027-02-28, share 2026-11-30 (228 / 138 days away: no flag);
  // grant ends 2026-08-31 (47 days, before the cap) → 支給決定更新. Center typed without ・.
  {
    ケースID: 'C004',
    氏名: '高橋次郎',
    事業所名: '定着B',
    担当センター: 'ビックハート柏',
    就職日: '2023-08-31',
    利用開始日: '2024/3/1',
    支給決定開始日: '2025/9/1',
    支給決定終了日: '2026/8/31',
    要継続支援: '未判定',
  },
  // hired 2022-10-01 → cap 2026-03-31, ended; 引継ぎ状況 済 → 引継ぎ済 (not listed)
  {
    ケースID: 'C005',
    氏名: '田中三郎',
    事業所名: '定着B',
    担当センター: OKUBO,
    就職日: 'R4.10.1',
    要継続支援: '該当',
    引継ぎ状況: '済',
  },
  // 2023/2/30 does not exist → no dates, an error in 検証結果
  { ケースID: 'C006', 氏名: '伊藤四郎', 事業所名: '定着B', 担当センター: OKUBO, 就職日: '2023/2/30' },
  // hired 2023-05-01 → cap 2026-10-31, share 2026-07-31 (16 days) → 共有期限まで30日
  {
    ケースID: 'C007',
    氏名: '渡辺五郎',
    事業所名: '定着C',
    担当センター: CHIBA,
    就職日: '2023/5/1',
    要継続支援: '該当',
  },
  // hired 2024-01-10 → cap 2027-07-09; 利用終了日 2026-08-31 → share 2026-05-31 → 共有期限超過 (earlier deadline than C001)
  {
    ケースID: 'C008',
    氏名: '山本六郎',
    事業所名: '定着A',
    担当センター: A,
    就職日: '2024/1/10',
    利用開始日: '2024/8/1',
    利用終了日: '2026/8/31',
    終了理由: '本人希望',
  },
  // hired 2019-04-01, restarted 2024-02-15 → 6月到達日 2024-08-14, 開始可能 2024-08-15, cap 2027-08-14,
  // share 2027-05-14; 395 days left → no flag
  {
    ケースID: 'C009',
    氏名: '中村七子',
    事業所名: '定着C',
    担当センター: OKUBO,
    就職日: '2019/4/1',
    '起算日（復職等）': '2024/2/15',
  },
  // 非該当: no sharing needed → 終了まで180日 (same end as C002)
  {
    ケースID: 'C010',
    氏名: '小林八重',
    事業所名: '定着A',
    担当センター: A,
    就職日: '2023/4/1',
    要継続支援: '非該当',
    引継ぎ状況: '未着手',
  },
];

function ledgerValues(cases: (Row | null)[]): Cell[][] {
  return [
    ['ケース台帳（テスト用）'], // a title above the header
    [...HEADERS],
    ...cases.map((c) => HEADERS.map((h) => (c ? (c[h] ?? null) : null))),
  ];
}

function makeBook(cases: (Row | null)[] = CASES): MemoryWorkbook {
  return MemoryWorkbook.from({ [TAB.ledger]: ledgerValues(cases), [TAB.settings]: defaultSettingsSheet() });
}

function ctx(book: MemoryWorkbook, today = '2026-07-15'): CommandContext {
  return { book, today: p(today), options: {}, progress: () => undefined };
}

/** Reads an owned column by its header, keyed by ケースID. */
function column(book: MemoryWorkbook, header: string): Map<string, Cell> {
  const values = book.sheet(TAB.ledger).values;
  const head = values[1];
  const c = head.indexOf(header);
  if (c < 0) throw new Error(`no column ${header}`);
  const out = new Map<string, Cell>();
  for (let r = 2; r < values.length; r++) {
    const id = values[r]?.[0];
    if (typeof id === 'string') out.set(id, values[r][c] ?? null);
  }
  return out;
}

describe('支援期間を計算 (periods)', () => {
  const book = makeBook();
  const result = runCommand('periods', ctx(book));

  test('adds the owned columns at the right, in contract order', () => {
    const head = book.sheet(TAB.ledger).values[1];
    expect(head.slice(HEADERS.length)).toEqual([
      '6月到達日（自動）',
      '利用開始可能日（自動）',
      '最終利用可能日（自動）',
      '支援終了予定日（自動）',
      '情報共有期限（自動）',
      '残日数（自動）',
      '引継ぎフラグ（自動）',
      '検証結果（自動）',
    ]);
  });

  test('dates by the Civil Code rule', () => {
    const six = column(book, '6月到達日（自動）');
    const first = column(book, '利用開始可能日（自動）');
    const last = column(book, '最終利用可能日（自動）');
    const end = column(book, '支援終了予定日（自動）');
    const share = column(book, '情報共有期限（自動）');
    const left = column(book, '残日数（自動）');
    expect([six.get('C001'), first.get('C001'), last.get('C001')]).toEqual([
      p('2023-09-30'),
      p('2023-10-01'),
      p('2026-09-30'),
    ]);
    expect([end.get('C001'), share.get('C001'), left.get('C001')]).toEqual([p('2026-09-30'), p('2026-06-30'), 77]);
    // 2023-08-31: February has no 31st
    expect([six.get('C004'), first.get('C004'), last.get('C004')]).toEqual([
      p('2024-02-29'),
      p('2024-03-01'),
      p('2027-02-28'),
    ]);
    expect(share.get('C004')).toEqual(p('2026-11-30'));
    // 和暦 input
    expect(last.get('C003')).toEqual(p('2026-05-31'));
    expect(left.get('C003')).toBe(-45);
    // 利用終了日 moves the end and the deadline, not the cap
    expect([last.get('C008'), end.get('C008'), share.get('C008'), left.get('C008')]).toEqual([
      p('2027-07-09'),
      p('2026-08-31'),
      p('2026-05-31'),
      47,
    ]);
    // 起算日（復職等）
    expect([six.get('C009'), first.get('C009'), last.get('C009'), share.get('C009'), left.get('C009')]).toEqual([
      p('2024-08-14'),
      p('2024-08-15'),
      p('2027-08-14'),
      p('2027-05-14'),
      395,
    ]);
  });

  test('flags, most urgent that applies', () => {
    const flag = column(book, '引継ぎフラグ（自動）');
    expect(Object.fromEntries(flag)).toEqual({
      C001: '共有期限超過',
      C002: '終了まで180日',
      C003: '終了・引継ぎ未了',
      C004: '支給決定更新',
      C005: '引継ぎ済',
      C006: null,
      C007: '共有期限まで30日',
      C008: '共有期限超過',
      C009: null,
      C010: '終了まで180日',
    });
  });

  test('a row with a wrong 就職日 gets blank owned cells and the reason', () => {
    const headers = book.sheet(TAB.ledger).values[1].slice(HEADERS.length, HEADERS.length + 7) as string[];
    for (const h of headers) expect(column(book, h).get('C006')).toBeNull();
    const v = column(book, '検証結果（自動）').get('C006');
    expect(typeof v).toBe('string');
    expect(v as string).toMatch(/^エラー/);
    expect(v as string).toContain('就職日');
    expect(column(book, '検証結果（自動）').get('C001')).toBe('OK');
  });

  test('dates shown as yyyy/mm/dd, 残日数 as a whole number', () => {
    const head = book.sheet(TAB.ledger).values[1];
    const dateCol = head.indexOf('最終利用可能日（自動）') + 1;
    const leftCol = head.indexOf('残日数（自動）') + 1;
    expect(book.formatAt(TAB.ledger, 3, dateCol)).toBe('yyyy/mm/dd');
    expect(book.formatAt(TAB.ledger, 3, leftCol)).toBe('0');
  });

  test('the blank row stays blank', () => {
    const row = book.sheet(TAB.ledger).values[5]; // sheet row 6
    expect(row.every((c) => c === null || c === undefined)).toBe(true);
  });

  test('summary names the rows not computed', () => {
    expect(result.summary).toContain('9件を計算');
    expect(result.summary).toContain('9行目'); // C006 sits on sheet row 9 (title, header, 3 cases, a blank row, 2 cases)
  });

  test('user cells are untouched', () => {
    const values = book.sheet(TAB.ledger).values;
    expect(values[2].slice(0, HEADERS.length)).toEqual(ledgerValues(CASES)[2]);
    expect(values[2][1]).toBe('山田太郎');
  });
});

describe('引継ぎ予定を更新 (handovers)', () => {
  const book = makeBook();
  const result = runCommand('handovers', ctx(book));
  const list = book.sheet(TAB.handovers).values;
  // The explanation under the title takes as many rows as the table's width asks.
  const header = list.findIndex((r) => r[0] === 'ケースID');

  test('the tab is marked as generated and has the contract header', () => {
    expect(String(list[0][0])).toMatch(/^【自動生成】引継ぎ予定/);
    expect(header).toBeGreaterThan(1);
    expect(list[header]).toEqual([
      'ケースID',
      '事業所名',
      '担当センター',
      '支援終了予定日',
      '情報共有期限',
      '残日数',
      '要継続支援',
      '引継ぎ状況',
      'フラグ',
    ]);
  });

  test('listed cases grouped by center in 設定 order, by urgency then date', () => {
    // 設定 order: 千葉障害者キャリアセンター, あかね園, 大久保学園, …, ビック・ハート柏
    expect(list.slice(header + 1).map((r) => [r[0], r[2], r[8]])).toEqual([
      ['C007', CHIBA, '共有期限まで30日'],
      ['C003', A, '終了・引継ぎ未了'],
      ['C008', A, '共有期限超過'], // deadline 2026-05-31
      ['C001', A, '共有期限超過'], // deadline 2026-06-30
      ['C002', A, '終了まで180日'],
      ['C010', A, '終了まで180日'],
      ['C004', 'ビック・ハート柏', '支給決定更新'],
    ]);
  });

  test('each row carries the dates, days left and states', () => {
    const c001 = list.find((r) => r[0] === 'C001')!;
    expect(c001).toEqual(['C001', '定着A', A, p('2026-09-30'), p('2026-06-30'), 77, '該当', '未着手', '共有期限超過']);
    const c008 = list.find((r) => r[0] === 'C008')!;
    expect(c008.slice(3, 8)).toEqual([p('2026-08-31'), p('2026-05-31'), 47, null, null]);
  });

  test('never a name', () => {
    const text = JSON.stringify(list);
    for (const c of CASES) if (c?.氏名) expect(text).not.toContain(String(c.氏名));
  });

  test('details.flagged lists every listed case with its flag text', () => {
    const flagged = (result.details as { flagged: FlaggedCase[] }).flagged;
    expect(flagged).toEqual([
      { caseId: 'C007', flag: '共有期限まで30日' },
      { caseId: 'C003', flag: '終了・引継ぎ未了' },
      { caseId: 'C008', flag: '共有期限超過' },
      { caseId: 'C001', flag: '共有期限超過' },
      { caseId: 'C002', flag: '終了まで180日' },
      { caseId: 'C010', flag: '終了まで180日' },
      { caseId: 'C004', flag: '支給決定更新' },
    ]);
  });

  test('dates on the list are formatted', () => {
    expect(book.formatAt(TAB.handovers, 4, 4)).toBe('yyyy/mm/dd');
    expect(book.formatAt(TAB.handovers, 4, 5)).toBe('yyyy/mm/dd');
    expect(book.formatAt(TAB.handovers, 4, 6)).toBe('0');
  });

  test('also writes the same ledger columns as periods', () => {
    const viaPeriods = makeBook();
    runCommand('periods', ctx(viaPeriods));
    expect(viaPeriods.sheet(TAB.ledger).values).toEqual(book.sheet(TAB.ledger).values);
  });
});

describe('idempotency', () => {
  test.each(['periods', 'handovers'])('%s: a second run changes nothing', (name) => {
    const book = makeBook();
    runCommand(name, ctx(book));
    const first = book.snapshot();
    runCommand(name, ctx(book));
    expect(book.snapshot()).toBe(first);
  });
  test('periods after handovers leaves the ledger as it was', () => {
    const book = makeBook();
    runCommand('handovers', ctx(book));
    const first = book.snapshot();
    runCommand('periods', ctx(book));
    expect(book.snapshot()).toBe(first);
  });
});

describe('agreement with 台帳を検証 (validate)', () => {
  test('validate after periods changes nothing on the ledger: same 検証結果 text, same rule list', () => {
    const book = makeBook();
    runCommand('periods', ctx(book));
    const ledger = JSON.stringify(book.sheet(TAB.ledger));
    runCommand('validate', ctx(book));
    expect(JSON.stringify(book.sheet(TAB.ledger))).toBe(ledger);
  });
  test('flags are coloured through the flag column only', () => {
    const book = makeBook();
    runCommand('handovers', ctx(book));
    const head = book.sheet(TAB.ledger).values[1];
    const flagCol = head.indexOf('引継ぎフラグ（自動）') + 1;
    const flagRules = book.sheet(TAB.ledger).rules.filter((r) => r.formula.includes('共有期限超過'));
    expect(flagRules).toHaveLength(1);
    expect(flagRules[0].area).toEqual({ row: 3, col: flagCol, numRows: CASES.length, numCols: 1 });
  });
});

describe('no stale values', () => {
  test('a row that turns bad after a run loses every computed value', () => {
    const book = makeBook();
    runCommand('handovers', ctx(book));
    expect(column(book, '引継ぎフラグ（自動）').get('C001')).toBe('共有期限超過');
    // the user mistypes C001's 就職日
    const row = book.sheet(TAB.ledger).values[2];
    row[HEADERS.indexOf('就職日')] = '2023/13/1';
    runCommand('periods', ctx(book));
    for (const h of [
      '6月到達日（自動）',
      '最終利用可能日（自動）',
      '支援終了予定日（自動）',
      '残日数（自動）',
      '引継ぎフラグ（自動）',
    ])
      expect(column(book, h).get('C001')).toBeNull();
    expect(String(column(book, '検証結果（自動）').get('C001'))).toMatch(/^エラー/);
    runCommand('handovers', ctx(book));
    expect(book.sheet(TAB.handovers).values.some((r) => r[0] === 'C001')).toBe(false);
  });
  test('a deleted row leaves no owned values behind', () => {
    const book = makeBook();
    runCommand('periods', ctx(book));
    const values = book.sheet(TAB.ledger).values;
    for (let c = 0; c < HEADERS.length; c++) values[2][c] = null; // the user clears C001's own cells
    runCommand('periods', ctx(book));
    expect(values[2].every((c) => c === null || c === undefined)).toBe(true);
  });
  test('a flag input that cannot be read leaves the flag blank (not guessed), the dates stay', () => {
    const book = makeBook([
      { ...CASES[0]!, 引継ぎ状況: '完了' }, // not one of 未着手/調整中/済/不要
      { ...CASES[1]!, 情報共有日: '2026/6/31' }, // June has 30 days
    ]);
    runCommand('handovers', ctx(book));
    expect(column(book, '最終利用可能日（自動）').get('C001')).toEqual(p('2026-09-30'));
    expect(column(book, '引継ぎフラグ（自動）').get('C001')).toBeNull();
    expect(String(column(book, '検証結果（自動）').get('C001'))).toContain('引継ぎ状況');
    expect(column(book, '引継ぎフラグ（自動）').get('C002')).toBeNull();
    expect(String(column(book, '検証結果（自動）').get('C002'))).toContain('情報共有日');
    // title, the note (as many rows as the table's width asks), header, "none" line
    const rows = book.sheet(TAB.handovers).values;
    expect(rows.length - rows.findIndex((r) => r[0] === 'ケースID')).toBe(2);
  });
  test('an A型 employer (cannot compute) gets blank dates', () => {
    const book = MemoryWorkbook.from({
      [TAB.ledger]: [
        ['ケースID', '事業所名', '担当センター', '就職日', '就職先区分'],
        ['X1', '定着A', A, '2023/4/1', '就労継続支援A型事業所'],
      ],
    });
    runCommand('periods', ctx(book));
    const head = book.sheet(TAB.ledger).values[0];
    const row = book.sheet(TAB.ledger).values[1];
    expect(row[head.indexOf('最終利用可能日（自動）')]).toBeNull();
    expect(String(row[head.indexOf('検証結果（自動）')])).toMatch(/^エラー/);
  });
});

describe('--today (ctx.today) decides 残日数 and the flags', () => {
  test('a later today moves every count and flag', () => {
    const book = makeBook();
    runCommand('periods', ctx(book, '2026-10-01'));
    expect(column(book, '残日数（自動）').get('C001')).toBe(-1);
    expect(column(book, '引継ぎフラグ（自動）').get('C001')).toBe('終了・引継ぎ未了');
    expect(column(book, '残日数（自動）').get('C009')).toBe(317); // 2026-10-01 → 2027-08-14
    runCommand('periods', ctx(book, '2026-04-02'));
    expect(column(book, '残日数（自動）').get('C001')).toBe(181);
    expect(column(book, '引継ぎフラグ（自動）').get('C001')).toBeNull();
  });
});

describe('windows come from 設定', () => {
  test('a 30-day plan window and a 10-day sharing warning', () => {
    const settings = defaultSettingsSheet().map((r) =>
      r[0] === '終了前の計画期間（日）'
        ? [r[0], 100, r[2]]
        : r[0] === '共有期限の事前通知（日）'
          ? [r[0], 10, r[2]]
          : r,
    );
    const book = MemoryWorkbook.from({ [TAB.ledger]: ledgerValues(CASES), [TAB.settings]: settings });
    runCommand('handovers', ctx(book));
    const flag = column(book, '引継ぎフラグ（自動）');
    expect(flag.get('C002')).toBe('終了まで100日'); // 77 days left
    expect(flag.get('C007')).toBeNull(); // deadline 16 days away: outside 10; end 108 days away: outside 100
  });
});
