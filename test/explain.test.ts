// The case explanation and the to-do list, on hand-made ledgers whose expected dates come from the
// vectors of domain.md §2.1–2.2 (not from the code): the words name the rule that was applied.

import { date, parseIso, periodEndSteps, shiftMonths } from '../src/domain/calendar';
import { shareDeadlineSteps, supportPeriodSteps } from '../src/domain/periods';
import { explainCase } from '../src/commands/case';
import { findCaseRow, readBookView } from '../src/commands/shared/bookView';
import { todoList } from '../src/commands/todo';
import { LEDGER_COLUMNS, TAB } from '../src/domain/schema';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';
import type { Cell } from '../src/workbook/port';
import { CommandUsageError } from '../src/commands/types';

const p = (s: string) => parseIso(s)!;
const HEADER = LEDGER_COLUMNS.map((c) => c.header);

function ledger(rows: Record<string, Cell>[]): MemoryWorkbook {
  const values: Cell[][] = [HEADER, ...rows.map((r) => HEADER.map((h) => r[h] ?? null))];
  return MemoryWorkbook.from({ [TAB.ledger]: values });
}

const base = { 事業所名: 'すてっぷ', 担当センター: 'エール', 氏名: '架空 花子' };

describe('the steps the domain exposes', () => {
  test('民法143条: the corresponding day, or none when the month lacks it', () => {
    expect(periodEndSteps(p('2024-04-01'), 6)).toEqual({
      end: p('2024-09-30'),
      target: { y: 2024, m: 10 },
      correspondingDay: p('2024-10-01'),
    });
    expect(periodEndSteps(p('2023-08-31'), 6)).toEqual({
      end: p('2024-02-29'),
      target: { y: 2024, m: 2 },
      correspondingDay: null,
    });
    expect(shiftMonths(p('2026-05-31'), -3)).toEqual({ result: p('2026-02-28'), clamped: true });
    expect(shiftMonths(p('2026-10-01'), -3)).toEqual({ result: p('2026-07-01'), clamped: false });
  });

  test('the vectors of domain.md §2.1 through supportPeriodSteps', () => {
    const vectors = [
      ['2024-04-01', '2024-09-30', '2024-10-01', '2027-09-30'],
      ['2023-04-01', '2023-09-30', '2023-10-01', '2026-09-30'],
      ['2023-08-31', '2024-02-29', '2024-03-01', '2027-02-28'],
      ['2024-02-29', '2024-08-28', '2024-08-29', '2027-08-28'],
    ];
    for (const [hire, six, first, last] of vectors) {
      const s = supportPeriodSteps(p(hire));
      expect(s.startFrom).toBe('hireDate');
      expect(s.period).toEqual({ sixMonthDay: p(six), firstEligibleDay: p(first), lastEligibleDay: p(last) });
    }
    expect(shareDeadlineSteps(p('2026-09-30')).deadline).toEqual(p('2026-06-30'));
  });
});

describe('ケースの詳細', () => {
  test('就職日 2023/08/31: 6月到達日 2024/02/29 because February has no 31st', () => {
    const book = ledger([{ ...base, ケースID: 'A-1', 就職日: date(2023, 8, 31) }]);
    const view = readBookView(book, p('2024-06-10'));
    const e = explainCase(view, findCaseRow(view, 'A-1'));
    const line = (label: string) => e.dates.find((d) => d.label === label)!;
    expect(line('6月到達日').value).toBe('2024/02/29');
    expect(line('6月到達日').rule).toContain('2024年2月には31日がないため、その月の末日');
    expect(line('利用開始可能日').value).toBe('2024/03/01');
    expect(line('最終利用可能日').value).toBe('2027/02/28');
    expect(line('最終利用可能日').rule).toContain('2027年2月には31日がない');
    expect(line('支援終了予定日').rule).toContain('利用終了日が空のため');
    // end 2027-02-28 → day after 03-01 → 3 months before 2026-12-01 → the day before.
    expect(line('情報共有期限').value).toBe('2026/11/30');
    expect(e.daysLeft!.value).toBe(993); // 2024-06-10 → 2027-02-28
    expect(e.notes.join('')).toContain(`「${TAB.contacts}」タブがない`);
  });

  test('a corresponding day that exists: the day before it', () => {
    const book = ledger([{ ...base, ケースID: 'A-2', 就職日: date(2024, 4, 1) }]);
    const view = readBookView(book, p('2024-06-10'));
    const six = explainCase(view, findCaseRow(view, 'A-2')).dates.find((d) => d.label === '6月到達日')!;
    expect(six.value).toBe('2024/09/30');
    expect(six.rule).toContain('応当日 2024/10/01 の前日');
  });

  test('情報共有期限 when 3 months before lands on a missing day: that month’s end, then the day before', () => {
    const book = ledger([{ ...base, ケースID: 'A-3', 就職日: date(2024, 1, 10), 利用終了日: date(2026, 5, 30) }]);
    const view = readBookView(book, p('2024-06-10'));
    const share = explainCase(view, findCaseRow(view, 'A-3')).dates.find((d) => d.label === '情報共有期限')!;
    expect(share.value).toBe('2026/02/27');
    expect(share.rule).toContain('2026年2月には31日がないため、その月の末日 2026/02/28');
  });

  test('a share deadline passed: the flag, why, and the next steps with their dates', () => {
    // hire 2021-02-12 → end 2024-08-11 → share by 2024-05-11; today 2024-06-10 is 30 days later.
    const book = ledger([
      { ...base, ケースID: 'B-1', 就職日: date(2021, 2, 12), 要継続支援: '該当', 支給決定終了日: date(2024, 7, 31) },
    ]);
    const view = readBookView(book, p('2024-06-10'));
    const e = explainCase(view, findCaseRow(view, 'B-1'));
    expect(e.flag.text).toBe('共有期限超過・支給決定更新');
    expect(e.flag.reasons[0]).toContain('情報共有期限 2024/05/11 を30日過ぎています');
    expect(e.flag.reasons[1]).toContain('支給決定終了日 2024/07/31 まであと51日');
    const step = (label: string) => e.steps.find((s) => s.label === label)!;
    expect(step('同意取得')).toMatchObject({ status: 'overdue', date: '2024/05/11' });
    expect(step('情報共有')).toMatchObject({ status: 'overdue', date: '2024/05/11' });
    expect(step('支給決定の更新')).toMatchObject({ status: 'due', date: '2024/07/31' });
    expect(step('引継ぎ')).toMatchObject({ status: 'due', date: '2024/08/11' });
  });

  test('a grant ending soon with nothing else due: 支給決定更新 alone, and only its reason', () => {
    // hire 2023-04-01 → support to 2026-09-30; the grant ends 2024-07-31, 51 days after 2024-06-10.
    const book = ledger([{ ...base, ケースID: 'G-1', 就職日: date(2023, 4, 1), 支給決定終了日: date(2024, 7, 31) }]);
    const view = readBookView(book, p('2024-06-10'));
    const e = explainCase(view, findCaseRow(view, 'G-1'));
    expect(e.flag).toMatchObject({ text: '支給決定更新', kind: 'renewal', renewal: true });
    expect(e.flag.reasons).toHaveLength(1);
    expect(e.flag.reasons[0]).toContain('支給決定終了日 2024/07/31 まであと51日（60日前から表示）');
    expect(e.steps.find((s) => s.label === '情報共有')).toMatchObject({ status: 'later', date: '2026/06/30' });
  });

  test('a row with a bad 就職日: no dates, its problem with the fix', () => {
    const book = ledger([{ ...base, ケースID: 'C-1', 就職日: '5.4.1' }]);
    const view = readBookView(book, p('2024-06-10'));
    const e = explainCase(view, findCaseRow(view, 'C-1'));
    expect(e.computed).toBe(false);
    expect(e.dates).toEqual([]);
    expect(e.problems.map((x) => x.column)).toEqual(['就職日']);
  });

  test('an unknown ケースID names the nearest one', () => {
    const view = readBookView(ledger([{ ...base, ケースID: 'K-0012', 就職日: date(2024, 4, 1) }]), p('2024-06-10'));
    expect(() => findCaseRow(view, 'K-012')).toThrow(CommandUsageError);
    expect(() => findCaseRow(view, 'K-012')).toThrow('「K-0012」のことではありませんか');
  });
});

describe('今月のやること', () => {
  test('contacts missing this month, a deadline and a handover, earliest first', () => {
    const book = ledger([
      // in service all of June 2024, no contact: 対面 and レポート missing (due 06-30)
      { ...base, ケースID: 'M-1', 就職日: date(2023, 4, 1) },
      // share deadline 2024-05-11 passed (due first)
      { ...base, ケースID: 'S-1', 就職日: date(2021, 2, 12) },
    ]);
    book.createSheet(TAB.contacts);
    book.writeRange(TAB.contacts, 1, 1, [
      ['ケースID', '日付', '相手', '方法', '支援レポート共有', '内容'],
      ['S-1', date(2024, 6, 3), '本人', '職場訪問', 'はい', ''],
      ['S-1', date(2024, 6, 4), '企業', '電話', '', ''],
    ]);
    const list = todoList(readBookView(book, p('2024-06-10')), { y: 2024, m: 6 });
    expect(list.items.map((i) => [i.caseId, i.kind, i.due])).toEqual([
      ['S-1', 'shareOverdue', '2024/05/11'],
      ['M-1', 'monthly', '2024/06/30'],
      ['S-1', 'endSoon', '2024/08/11'],
    ]);
    expect(list.items[1].text).toContain('本人との対面支援・本人への支援レポートの共有がまだです');
  });
});
