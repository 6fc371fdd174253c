import { date } from '../src/domain/calendar';
import { TAB } from '../src/domain/schema';
import { runCommand } from '../src/commands/run';
import type { CommandContext } from '../src/commands/types';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';
import type { Cell } from '../src/workbook/port';

const today = date(2024, 6, 15);
const ctx = (book: MemoryWorkbook): CommandContext => ({ book, today, options: {}, progress: () => undefined });
const FORM = TAB.formResponses;

// The office's ledger, its columns in its own order, with a title above.
const LEDGER: Cell[][] = [
  ['○○事業所 ケース台帳'],
  ['ケースID', '氏名', '担当センター', '事業所名', '受給者証番号', '就職日', '備考', '検証結果（自動）'],
  ['C-001', '既存 太郎', 'あかね園', '○○事業所', '0123456780', date(2022, 4, 1), null, 'OK'],
];

const FORM_HEADER = [
  'タイムスタンプ',
  'ケースID',
  '氏名',
  '事業所名',
  '担当センター',
  '就職日',
  '受給者証番号',
  '備考',
  '好きな色',
];
const RESPONSES: Cell[][] = [
  ['2024/06/01 10:00:00', 'C-101', '山田 花子', '○○事業所', 'あかね園', '2024/04/01', '0123456789', '=SUM(A1)', '青'],
  ['2024/06/01 11:00:00', 'C-001', '別人', '○○事業所', 'エール', '2024/04/01', null, null, null], // ID in ledger
  ['2024/06/02 09:00:00', 'C-102', '佐藤', '○○事業所', 'あかね園', null, null, null, null], // no 就職日
  ['2024/06/02 10:00:00', 'Ｃ-101', '山田 花子', '○○事業所', 'あかね園', '令和6年4月1日', null, null, null], // the same ID after NFKC, earlier in this batch
  ['2024/06/03 09:00:00', 'C-103', '鈴木', '○○事業所', 'ビックハート柏', '令和6年4月1日', null, '-', null],
];

function book(): MemoryWorkbook {
  return MemoryWorkbook.from({
    [TAB.ledger]: LEDGER.map((r) => r.slice()),
    [FORM]: [FORM_HEADER, ...RESPONSES.map((r) => r.slice())],
  });
}

describe('case responses', () => {
  test('recognised by ケースID; valid ones appended to ケース台帳 in its own column order', () => {
    const b = book();
    const result = runCommand('intake', ctx(b));
    expect(result.details).toMatchObject({ kind: 'case', target: TAB.ledger, taken: 2 });
    const ledger = b.readSheet(TAB.ledger)!;
    expect(ledger.slice(0, 3)).toEqual(LEDGER.map((r) => [...r, ...new Array(8 - r.length).fill(null)]));
    expect(ledger.slice(3)).toEqual([
      ['C-101', '山田 花子', 'あかね園', '○○事業所', '0123456789', date(2024, 4, 1), '=SUM(A1)', null],
      ['C-103', '鈴木', 'ビックハート柏', '○○事業所', null, date(2024, 4, 1), '-', null],
    ]);
    expect(b.formatAt(TAB.ledger, 4, 6)).toBe('yyyy/mm/dd');
    expect(result.notices.join('\n')).toMatch(/フォームの質問「好きな色」は取り込み先の列に対応しない/);
  });

  test('strings arrive as text: a formula-looking 備考 and a 受給者証番号 with a leading zero', () => {
    const b = book();
    const spy = jest.spyOn(b, 'writeRange');
    runCommand('intake', ctx(b));
    expect(b.cell(TAB.ledger, 4, 7)).toBe('=SUM(A1)');
    expect(b.cell(TAB.ledger, 4, 5)).toBe('0123456789');
    const appends = spy.mock.calls.filter((c) => c[0] === TAB.ledger);
    expect(appends).toHaveLength(1);
    expect(appends[0][1]).toBe(4);
    expect(appends[0][4]?.asText).toBe(true);
  });

  test('a ケースID already in the ledger changes nothing and is listed for a person to decide', () => {
    const b = book();
    runCommand('intake', ctx(b));
    const ledger = b.readSheet(TAB.ledger)!;
    expect(ledger.filter((r) => r[0] === 'C-001')).toEqual([LEDGER[2]]); // untouched
    const form = b.readSheet(FORM)!;
    expect(form[2][9]).toBe('要確認: ケースID重複（取り込みエラータブ参照）');
    expect(form[4][9]).toBe('要確認: ケースID重複（取り込みエラータブ参照）');
    const errors = b.readSheet(TAB.intakeErrors)!;
    const review = errors.filter((r) => r[2] === '要確認');
    expect(review.map((r) => [r[1], r[4]])).toEqual([
      [3, 'C-001'],
      [5, 'Ｃ-101'],
    ]);
    expect(String(review[0][5])).toMatch(/ケースID「C-001」はケース台帳にすでにある/);
  });

  test('a response that breaks a ledger rule is not appended; its problem names the column and the fix', () => {
    const b = book();
    runCommand('intake', ctx(b));
    expect(b.readSheet(TAB.ledger)!.some((r) => r[0] === 'C-102')).toBe(false);
    const form = b.readSheet(FORM)!;
    expect(String(form[3][9])).toMatch(/^エラー: 「就職日」就職日が空です/);
    const errors = b.readSheet(TAB.intakeErrors)!.filter((r) => r[2] === 'エラー');
    expect(errors.map((r) => [r[1], r[3]])).toEqual([[4, '就職日']]);
  });

  test('run twice: each response taken once, nothing changes the second time', () => {
    const b = book();
    runCommand('intake', ctx(b));
    const before = b.snapshot();
    const again = runCommand('intake', ctx(b));
    expect((again.details as { taken: number }).taken).toBe(0);
    expect(b.snapshot()).toBe(before);
  });

  test('once the person resolves a 要確認 (status 対応済), it is no longer checked or listed', () => {
    const b = book();
    runCommand('intake', ctx(b));
    b.writeRange(FORM, 3, 10, [['対応済']]);
    b.writeRange(FORM, 5, 10, [['対応済']]);
    runCommand('intake', ctx(b));
    const errors = b.readSheet(TAB.intakeErrors)!;
    expect(errors.filter((r) => r[2] === '要確認')).toHaveLength(0);
    expect(errors.filter((r) => r[2] === 'エラー')).toHaveLength(1);
    expect(b.cell(FORM, 3, 10)).toBe('対応済');
  });

  test('without ケース台帳, case responses are refused with an explanation', () => {
    const b = MemoryWorkbook.from({ [FORM]: [FORM_HEADER, RESPONSES[0]] });
    expect(() => runCommand('intake', ctx(b))).toThrow(/ケース台帳」タブがありません/);
  });
});
