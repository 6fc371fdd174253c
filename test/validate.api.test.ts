import { date } from '../src/domain/calendar';
import { checkCaseRow, checkLedger } from '../src/domain/validate';
import { DEFAULT_SETTINGS } from '../src/domain/settings';
import { locateTable } from '../src/domain/table';
import { ALL_LEDGER_COLUMNS } from '../src/commands/shared/ledger';
import type { LedgerKey } from '../src/domain/schema';
import type { Cell } from '../src/workbook/port';

const today = date(2025, 6, 1);
const header = ['ケースID', '事業所名', '担当センター', '就職日', '利用開始日', '就職先区分'];

function table(rows: Cell[][]) {
  return locateTable('ケース台帳', [header, ...rows], ALL_LEDGER_COLUMNS, 'caseId')!;
}

test('a clean row is OK and parsed into canonical fields', () => {
  const check = checkLedger(
    table([['C1', '事業所A', 'あかね園', '令和5年4月1日', '2023/10/2', '一般企業']]),
    DEFAULT_SETTINGS,
    today,
  );
  expect(check.problems).toEqual([]);
  expect(check.rowSummary(2)).toBe('OK');
  expect(check.cannotCompute(2)).toBe(false);
  expect(check.cases).toHaveLength(1);
  const c = check.cases[0];
  expect(c.rowNumber).toBe(2);
  expect(c.center).toBe('あかね園');
  expect(c.dates.hireDate).toEqual(date(2023, 4, 1));
  expect(c.dates.startDate).toEqual(date(2023, 10, 2));
  expect(c.enums.employerKind).toBe('一般企業');
});

test('a missing 就職日 is an error that blocks computing', () => {
  const check = checkLedger(table([['C1', '事業所A', 'あかね園', null, null, null]]), DEFAULT_SETTINGS, today);
  expect(check.problems.map((p) => [p.row, p.column, p.severity])).toEqual([[2, '就職日', 'error']]);
  expect(check.rowSummary(2)).toMatch(/^エラー1件: 就職日: /);
  expect(check.cannotCompute(2)).toBe(true);
});

test('A型 employer cannot be computed', () => {
  const check = checkLedger(
    table([['C1', '事業所A', 'あかね園', '2023/4/1', null, '就労継続支援A型事業所']]),
    DEFAULT_SETTINGS,
    today,
  );
  expect(check.problems.map((p) => p.column)).toEqual(['就職先区分']);
  expect(check.cannotCompute(2)).toBe(true);
});

test('checkCaseRow works on named access without a sheet', () => {
  const values: Partial<Record<LedgerKey, Cell>> = { caseId: 'X', office: 'O', center: 'エール', hireDate: 'R5.4.1' };
  const { record, problems } = checkCaseRow((k) => values[k] ?? null, 7, 'フォームの回答 1', DEFAULT_SETTINGS, today);
  expect(problems).toEqual([]);
  expect(record.rowNumber).toBe(7);
  expect(record.dates.hireDate).toEqual(date(2023, 4, 1));
});
