// The date forms of domain.md §3 and issue 3, with their expected dates taken from the documents.
import { date } from '../src/domain/calendar';
import { parseDateCell, toWareki } from '../src/domain/dates';
import type { Cell } from '../src/workbook/port';

const valid: [Cell, [number, number, number]][] = [
  [date(2023, 4, 1), [2023, 4, 1]],
  [45017, [2023, 4, 1]], // serial: day 0 = 1899-12-30
  [45017.75, [2023, 4, 1]], // a serial with a time of day
  ['2023/4/1', [2023, 4, 1]],
  ['2023-04-01', [2023, 4, 1]],
  ['2023年4月1日', [2023, 4, 1]],
  ['令和5年4月1日', [2023, 4, 1]],
  ['令和元年5月1日', [2019, 5, 1]],
  ['R5.4.1', [2023, 4, 1]],
  ['R05.04.01', [2023, 4, 1]],
  ['令5.4.1', [2023, 4, 1]],
  ['H31.4.30', [2019, 4, 30]],
  ['平成31年4月30日', [2019, 4, 30]],
  ['平成元年1月8日', [1989, 1, 8]],
  ['昭和64年1月7日', [1989, 1, 7]],
  ['昭和元年12月25日', [1926, 12, 25]],
  ['S60.4.1', [1985, 4, 1]],
  ['昭60.4.1', [1985, 4, 1]],
  ['２０２３／４／１', [2023, 4, 1]],
  ['令和５年４月１日', [2023, 4, 1]],
  ['Ｒ５．４．１', [2023, 4, 1]],
  ['  2023/4/1  ', [2023, 4, 1]],
  ['令和 5年 4月 1日', [2023, 4, 1]],
  ['2023 / 4 / 1', [2023, 4, 1]],
  ['\u30002023/4/1\u3000', [2023, 4, 1]],
  ['r5.4.1', [2023, 4, 1]],
  ['h31.4.30', [2019, 4, 30]],
  ['2023.4.1', [2023, 4, 1]],
  ['20230401', [2023, 4, 1]],
  [20230401, [2023, 4, 1]],
  ['2023/04/01 0:00:00', [2023, 4, 1]],
  ['2023年4月1日(土)', [2023, 4, 1]],
  ['2023年4月1日（土）', [2023, 4, 1]],
  ['2023-03-31T15:00:00Z', [2023, 4, 1]], // an instant: 00:00 in Tokyo on April 1
  ['2023-04-01T00:00:00+09:00', [2023, 4, 1]],
  ['2024/2/29', [2024, 2, 29]],
  ['R6.2.29', [2024, 2, 29]],
];

describe('every form a real ledger holds parses to the date it means', () => {
  test.each(valid)('%p', (cell, [y, m, d]) => {
    expect(parseDateCell(cell)).toEqual({ kind: 'date', date: date(y, m, d) });
  });
});

test('empty cells are empty, not errors', () => {
  for (const cell of [null, '', '   ', '\u3000']) expect(parseDateCell(cell)).toEqual({ kind: 'empty' });
});

describe('impossible and ambiguous dates are errors with a suggested correction', () => {
  const cases: [Cell, RegExp][] = [
    ['R1.4.30', /令和の始まり（2019\/05\/01）より前.*平成31年4月30日/],
    ['H31.5.1', /平成は2019\/04\/30まで.*令和元年5月1日/],
    ['2023/2/30', /2023年2月は28日まで.*2023\/02\/28/],
    ['R0.1.1', /令和0年はありません.*平成30年1月1日/],
    ['5.4.1', /元号がない.*R5\.4\.1.*2023\/04\/01/],
    ['S64.1.8', /昭和は1989\/01\/07まで.*平成元年1月8日/],
    ['昭和元年12月24日', /昭和の始まり（1926\/12\/25）より前/],
    ['R5.2.29', /令和5年2月は28日まで.*令和5年2月28日/],
    ['2023/13/1', /13月という月はありません/],
    ['2023/4/0', /0日という日はありません/],
    ['令和5年4月', /日がありません/],
    ['2023', /年だけ/],
    [2023, /年だけ/],
    [0, /範囲外/],
    [-5, /範囲外/],
    [true, /TRUE/],
    ['未定', /日付として読めません/],
    ['R5.4', /日がありません/],
    ['4/1', /年がありません/],
    ['4月1日', /年がありません/],
  ];
  test.each(cases)('%p', (cell, pattern) => {
    const r = parseDateCell(cell);
    expect(r.kind).toBe('invalid');
    if (r.kind === 'invalid') expect(r.message).toMatch(pattern);
  });
});

test('toWareki uses 元年 and era boundaries', () => {
  expect(toWareki(date(2019, 5, 1))).toBe('令和元年5月1日');
  expect(toWareki(date(2019, 4, 30))).toBe('平成31年4月30日');
  expect(toWareki(date(1989, 1, 7))).toBe('昭和64年1月7日');
  expect(toWareki(date(1926, 12, 24))).toBeNull();
});
