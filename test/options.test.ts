// The one parser per option, behind both the CLI's flags and the Sheets menu's prompts: every form a
// person writes a month or a fiscal year in, against the calendar (令和 began on 2019-05-01, so
// 令和元年 has May to December; 平成31年 ends in April; FY2025 = 令和7年度 = April 2025 – March 2026).

import { parseFiscalYearInput, parseMonthInput } from '../src/commands/shared/options';

describe('a month as people type it', () => {
  test.each([
    ['2024-03', 2024, 3],
    ['2024-3', 2024, 3],
    ['2024/3', 2024, 3],
    ['2024/03', 2024, 3],
    ['2024.3', 2024, 3],
    ['2024年3月', 2024, 3],
    ['2024年12月', 2024, 12],
    ['２０２４年３月', 2024, 3],
    ['２０２４－１０', 2024, 10],
    [' 2024 年 3 月 ', 2024, 3],
    ['令和6年3月', 2024, 3],
    ['令6年3月', 2024, 3],
    ['令和元年5月', 2019, 5],
    ['R6.3', 2024, 3],
    ['r6.3', 2024, 3],
    ['Ｒ６．３', 2024, 3],
    ['R6/10', 2024, 10],
    ['R6-3', 2024, 3],
    ['R6年3月', 2024, 3],
    ['R1.5', 2019, 5],
    ['平成31年4月', 2019, 4],
    ['H30.4', 2018, 4],
  ])('%s is %i-%i', (text, y, m) => {
    expect(parseMonthInput(text)).toEqual({ y, m });
  });

  test.each([
    '2024-13',
    '2024-00',
    '202403',
    '2024-03-01',
    '3月',
    '来月',
    '',
    '令和1年4月', // still 平成
    '平成31年5月', // already 令和
    'R0.5',
    'X6.3',
    '1999-12',
  ])('%s is not a month', (text) => {
    expect(parseMonthInput(text)).toBeNull();
  });
});

describe('a fiscal year as people type it', () => {
  test.each([
    ['2025', 2025],
    ['2025年度', 2025],
    ['２０２５', 2025],
    ['令和7年度', 2025],
    ['令和7', 2025],
    ['令7年度', 2025],
    ['R7', 2025],
    ['r7', 2025],
    ['R7年度', 2025],
    ['令和元年度', 2019],
    ['H30年度', 2018],
    ['平成30年度', 2018],
  ])('%s is FY%i', (text, fy) => {
    expect(parseFiscalYearInput(text)).toBe(fy);
  });

  test.each(['24', 'R', '令和', '2017', '平成29年度', '2101', '2025-04', '来年度', ''])(
    '%s is not a fiscal year',
    (text) => {
      expect(parseFiscalYearInput(text)).toBeNull();
    },
  );
});
