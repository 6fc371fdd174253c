import {
  checkActivityRow,
  parseCount,
  parseSubmittedAt,
  parseTargetMonth,
  resolveActivity,
  type ActivityCheck,
} from '../src/domain/activity';
import { date } from '../src/domain/calendar';
import { DEFAULT_CENTERS, type ActivityKey } from '../src/domain/schema';
import type { Cell } from '../src/workbook/port';

describe('対象年月 in every form domain.md §4 lists', () => {
  test.each<[Cell, number, number]>([
    ['2020-10', 2020, 10],
    ['2020/10', 2020, 10],
    ['2020/1', 2020, 1],
    ['2020年10月', 2020, 10],
    ['令和2年10月', 2020, 10],
    ['令和元年5月', 2019, 5],
    ['R2.10', 2020, 10],
    ['平成31年4月', 2019, 4],
    ['令和2年10月分', 2020, 10],
    ['２０２０－１０', 2020, 10],
    [' 2020 / 10 ', 2020, 10],
    ['2020/10/31', 2020, 10],
    ['令和2年10月1日', 2020, 10],
    [date(2020, 10, 15), 2020, 10],
    [44105, 2020, 10], // serial of 2020-10-01
    [202010, 2020, 10],
  ])('%p → %i-%i', (cell, y, m) => {
    expect(parseTargetMonth(cell)).toEqual({ kind: 'month', month: { y, m } });
  });

  test.each<[Cell, RegExp]>([
    ['2020/13', /13月という月はありません/],
    ['令和元年4月', /令和元年4月は存在しません.*平成31年4月/],
    ['平成31年5月', /存在しません.*令和元年5月/],
    ['令和0年5月', /令和0年はありません/],
    ['2202-10', /年（2202年）を確認/],
    ['10月', /年月として読めません/],
    ['2020/2/30', /2020年2月は29日まで/],
  ])('%p is an error: %p', (cell, message) => {
    const r = parseTargetMonth(cell);
    expect(r.kind).toBe('invalid');
    expect(r.kind === 'invalid' && r.message).toMatch(message);
  });

  test('blank is empty', () => {
    expect(parseTargetMonth(null)).toEqual({ kind: 'empty' });
    expect(parseTargetMonth(' ')).toEqual({ kind: 'empty' });
  });
});

describe('counts are whole numbers ≥ 0', () => {
  test.each<[Cell, number]>([
    [0, 0],
    [12, 12],
    ['12', 12],
    ['１２', 12],
    ['12件', 12],
    ['1,251', 1251],
    [null, 0],
    ['', 0],
  ])('%p → %i', (cell, n) => expect(parseCount(cell)).toEqual({ kind: 'count', value: n }));

  test.each<Cell>([-1, 2.5, '-3', 'たくさん', '1.5', true, 10000, 1e12, '12345'])('%p is an error', (cell) => {
    expect(parseCount(cell).kind).toBe('invalid');
  });
});

test('9,999 meetings in a month is still a count; one more is a slip', () => {
  expect(parseCount(9999)).toEqual({ kind: 'count', value: 9999 });
  expect(parseCount('10,000')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('大きすぎます') });
});

describe('提出日時 orders submissions', () => {
  test('text with a time, a date cell, a serial with a fraction', () => {
    const a = parseSubmittedAt('2024/05/02 10:00:00')!;
    const b = parseSubmittedAt('2024/05/02 10:00:01')!;
    expect(b - a).toBe(1);
    expect(parseSubmittedAt(date(2024, 5, 2))).toBe(parseSubmittedAt('2024/05/02'));
    // serial 45414.5 = 2024-05-02 12:00
    expect(parseSubmittedAt(45414.5)).toBe(parseSubmittedAt('2024/05/02 12:00:00'));
    expect(parseSubmittedAt('2024-05-02T10:00:00')).toBe(a);
  });
  test('blank or unreadable is null', () => {
    expect(parseSubmittedAt(null)).toBeNull();
    expect(parseSubmittedAt('きのう')).toBeNull();
    expect(parseSubmittedAt('2024/05/02 25:00')).toBeNull();
  });
});

describe('checking a row', () => {
  const row = (cells: Partial<Record<ActivityKey, Cell>>) => (key: ActivityKey) => cells[key] ?? null;
  const centers = [...DEFAULT_CENTERS];

  test('center names match after NFKC, spaces and ・ removed; the row gets the 設定 spelling', () => {
    const c = checkActivityRow(row({ center: ' ビックハート 松戸 ', month: '2020-10' }), 5, '活動報告', centers);
    expect(c.problems).toEqual([]);
    expect(c.report).toMatchObject({ center: 'ビック・ハート松戸', centerIndex: 5, caseMeetings: 0 });
  });

  test('every problem names the sheet, row, column, value and the fix', () => {
    const c = checkActivityRow(
      row({ center: 'ふるさと学舎', month: '2020/13', caseMeetings: -2 }),
      7,
      'フォームの回答 1',
      centers,
    );
    expect(c.report).toBeNull();
    expect(c.problems.map((p) => [p.sheet, p.row, p.column, p.value])).toEqual([
      ['フォームの回答 1', 7, 'センター名', 'ふるさと学舎'],
      ['フォームの回答 1', 7, '対象年月', '2020/13'],
      ['フォームの回答 1', 7, '個別支援会議件数', '-2'],
    ]);
    expect(c.problems[0].message).toMatch(/「ふる里学舎」のことでしょうか/);
  });
});

describe('which row counts', () => {
  const centers = [...DEFAULT_CENTERS];
  const check = (rowNumber: number, cells: Partial<Record<ActivityKey, Cell>>): ActivityCheck =>
    checkActivityRow((k) => cells[k] ?? null, rowNumber, '活動報告', centers);

  test('the later 提出日時 wins whatever the row order', () => {
    const r = resolveActivity([
      check(2, { center: 'あかね園', month: '2020-10', caseMeetings: 9, submittedAt: '2020/11/09 10:00' }),
      check(3, { center: 'あかね園', month: '令和2年10月', caseMeetings: 1, submittedAt: '2020/11/02 10:00' }),
    ]);
    expect(r.effective.map((e) => e.rowNumber)).toEqual([2]);
    expect(r.status.get(3)).toBe('差し替え済（2行目の提出が有効）');
  });

  test('equal or missing 提出日時: the lower row wins; a dated row beats an undated one', () => {
    const tie = resolveActivity([
      check(2, { center: 'あかね園', month: '2020-10', submittedAt: date(2020, 11, 2) }),
      check(3, { center: 'あかね園', month: '2020-10', submittedAt: date(2020, 11, 2) }),
    ]);
    expect(tie.effective.map((e) => e.rowNumber)).toEqual([3]);
    const undated = resolveActivity([
      check(2, { center: 'あかね園', month: '2020-10', submittedAt: '2020/11/02' }),
      check(3, { center: 'あかね園', month: '2020-10' }),
    ]);
    expect(undated.effective.map((e) => e.rowNumber)).toEqual([2]);
  });

  test('an invalid row supersedes nothing and counts for nothing', () => {
    const r = resolveActivity([
      check(2, { center: 'あかね園', month: '2020-10', caseMeetings: 4, submittedAt: '2020/11/02' }),
      check(3, { center: 'あかね園', month: '2020-10', caseMeetings: 'x', submittedAt: '2020/11/09' }),
    ]);
    expect(r.effective.map((e) => [e.rowNumber, e.caseMeetings])).toEqual([[2, 4]]);
    expect(r.status.get(2)).toBe('有効');
    expect(r.status.get(3)).toMatch(/^エラー: /);
    expect(r.errorRows).toBe(1);
  });

  test('different months and centers never supersede each other', () => {
    const r = resolveActivity([
      check(2, { center: 'あかね園', month: '2020-10' }),
      check(3, { center: 'あかね園', month: '2020-11' }),
      check(4, { center: 'エール', month: '2020-10' }),
    ]);
    expect(r.effective).toHaveLength(3);
    expect(r.supersededCount).toBe(0);
  });
});
