// How problems become notice lines: the same sentence about whole rows is said once, naming the rows;
// problems about a cell keep a line each; past the limit, a count of what the tab's list holds.

import { NOTICE_LIMIT, noticeLines } from '../src/commands/shared/problems';
import type { Problem } from '../src/domain/problem';

const row = (r: number, message: string, column = '', value = ''): Problem => ({
  severity: 'warning',
  sheet: 'ケース台帳',
  row: r,
  column,
  value,
  caseId: `C${r}`,
  message,
});

const BLOCKED = '支援期間を計算できないため、定着率に含めていません。';

test('the same sentence about whole rows is one line naming every row, in order', () => {
  const lines = noticeLines(
    [row(16, BLOCKED), row(66, '重複しています。'), row(92, BLOCKED), row(258, BLOCKED)],
    '定着率',
  );
  expect(lines).toEqual([`ケース台帳 16・92・258行目: ${BLOCKED}`, 'ケース台帳 66行目: 重複しています。']);
});

test('problems about a cell keep a line each, with the cell and the value', () => {
  const lines = noticeLines(
    [row(3, '日付を読めません。', '日付', 'x'), row(4, '日付を読めません。', '日付', 'y')],
    'T',
  );
  expect(lines).toEqual([
    'ケース台帳 3行目 「日付」（値: x）: 日付を読めません。',
    'ケース台帳 4行目 「日付」（値: y）: 日付を読めません。',
  ]);
});

test('past the limit, the rest are counted (each problem, not each line) and pointed to the tab', () => {
  const cells = Array.from({ length: NOTICE_LIMIT + 3 }, (_, i) => row(i + 2, '読めません。', '日付', String(i)));
  const lines = noticeLines([...cells, row(100, BLOCKED), row(101, BLOCKED)], '支援状況');
  expect(lines).toHaveLength(NOTICE_LIMIT + 1);
  // 3 cell problems and the two rows of the grouped line are past the limit: 5 problems
  expect(lines[NOTICE_LIMIT]).toBe('ほか5件の問題があります（「支援状況」タブの下の一覧を見てください）。');
});
