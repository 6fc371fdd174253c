// A run cut off between appending rows and marking the responses 取り込み済 (issue 6): the rerun must
// recognise the rows it already appended, mark their responses taken (pointing at those rows), and
// append nothing twice — and a ケースID it appended itself is not a duplicate to review.
// The cut-off is simulated by clearing, after a clean run, what the status write would have written.

import { date } from '../src/domain/calendar';
import { TAB } from '../src/domain/schema';
import { runCommand } from '../src/commands/run';
import type { CommandContext } from '../src/commands/types';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';
import type { Cell } from '../src/workbook/port';
import { FORM_HEADER } from './fixtures/seed-submissions';

const today = date(2024, 6, 15);
const ctx = (book: MemoryWorkbook): CommandContext => ({ book, today, options: {}, progress: () => undefined });
const FORM = TAB.formResponses;
const TAKEN = '取り込み済 2024/06/15 → ';

/** Blanks the responses' status column below the header, or the header too (the column was new). */
function cutOff(book: MemoryWorkbook, statusCol: number, withHeader: boolean): void {
  const height = book.readSheet(FORM)!.length;
  const first = withHeader ? 1 : 2;
  book.writeRange(
    FORM,
    first,
    statusCol,
    Array.from({ length: height - first + 1 }, () => [null]),
  );
}

function statuses(book: MemoryWorkbook, statusCol: number): Cell[] {
  return book
    .readSheet(FORM)!
    .slice(1)
    .map((r) => r[statusCol - 1] ?? null);
}

describe('activity responses', () => {
  const STATUS_COL = FORM_HEADER.length + 1;
  const responses: Cell[][] = [
    ['2024/05/02 10:00:00', 'あかね園', '2024-04', 3, 1, 0, null, 'a@example.jp'],
    ['2024/05/03 11:00:00', 'エール', '2024/4', 2, 0, 1, '=1+1', '+81-90'],
    ['2024/05/04 12:00:00', 'あかね園', '2024-04', 'たくさん', 1, 0, null, 'a@example.jp'], // invalid
    ['2024/05/05 09:00:00', 'あかね園', '令和6年4月', 4, 1, 0, null, 'a@example.jp'], // supersedes row 2's report
  ];
  const book = (): MemoryWorkbook => MemoryWorkbook.from({ [FORM]: [FORM_HEADER, ...responses.map((r) => r.slice())] });

  test.each([
    ['the status column existed', false],
    ['the status column was new', true],
  ])('cut off before marking (%s): the rerun appends nothing twice and marks each response', (_, withHeader) => {
    const b = book();
    runCommand('intake', ctx(b));
    const activityBefore = b.readSheet(TAB.activity)!;
    expect(activityBefore).toHaveLength(4); // header + the three valid responses
    cutOff(b, STATUS_COL, withHeader);

    const rerun = runCommand('intake', ctx(b));
    const activity = b.readSheet(TAB.activity)!;
    expect(activity).toEqual(activityBefore);
    expect(activity.slice(1).map((r) => r[8])).toEqual(['差し替え済（4行目の提出が有効）', '有効', '有効']);
    const st = statuses(b, STATUS_COL);
    expect(st[0]).toBe(`${TAKEN}活動報告 2行目`);
    expect(st[1]).toBe(`${TAKEN}活動報告 3行目`);
    expect(String(st[2])).toMatch(/^エラー: 「個別支援会議件数」/);
    expect(st[3]).toBe(`${TAKEN}活動報告 4行目`);
    expect(st.some((s) => String(s).startsWith('要確認'))).toBe(false);
    expect((rerun.details as { taken: number }).taken).toBe(3);
    expect(rerun.notices.join('\n')).toMatch(/前回中断した取り込み/);

    // and it is settled: a third run writes nothing
    const settled = b.snapshot();
    const writes = [jest.spyOn(b, 'writeRange'), jest.spyOn(b, 'replaceSheet')];
    runCommand('intake', ctx(b));
    expect(b.snapshot()).toBe(settled);
    for (const write of writes) expect(write).not.toHaveBeenCalled();
  });

  test('a response that arrived after the cut-off run is appended; the others are only marked', () => {
    const b = book();
    runCommand('intake', ctx(b));
    cutOff(b, STATUS_COL, false);
    b.writeRange(FORM, 6, 1, [['2024/05/06 08:00:00', '中里', '2024-04', 1, 1, 1, null, 'n']]);
    const rerun = runCommand('intake', ctx(b));
    const activity = b.readSheet(TAB.activity)!;
    expect(activity.slice(1).map((r) => r.slice(0, 3))).toEqual([
      ['あかね園', '2024-04', 3],
      ['エール', '2024-04', 2],
      ['あかね園', '2024-04', 4],
      ['中里', '2024-04', 1],
    ]);
    const st = statuses(b, STATUS_COL);
    expect([st[0], st[1], st[3], st[4]]).toEqual([2, 3, 4, 5].map((n) => `${TAKEN}活動報告 ${n}行目`));
    expect((rerun.details as { taken: number }).taken).toBe(4);
  });

  test('a row another taken response points at is not claimed: an identical later response is appended', () => {
    const b = book();
    runCommand('intake', ctx(b));
    b.writeRange(FORM, 6, 1, [responses[0].slice()]); // the same answers sent again, same timestamp
    const again = runCommand('intake', ctx(b));
    expect((again.details as { taken: number }).taken).toBe(1);
    expect(b.readSheet(TAB.activity)!).toHaveLength(5);
    expect(statuses(b, STATUS_COL)[4]).toBe(`${TAKEN}活動報告 5行目`);
  });

  test('a report that differs in any answer is not taken for the response', () => {
    const b = book();
    runCommand('intake', ctx(b));
    cutOff(b, STATUS_COL, false);
    b.writeRange(TAB.activity, 3, 5, [[2]]); // エール's 研修会件数 edited by a person meanwhile
    runCommand('intake', ctx(b));
    const activity = b.readSheet(TAB.activity)!;
    expect(activity.filter((r) => r[0] === 'エール').map((r) => r[4])).toEqual([2, 1]);
    expect(statuses(b, STATUS_COL)[1]).toBe(`${TAKEN}活動報告 5行目`);
  });

  test('cut off right after creating 活動報告: the empty tab is filled as a new one, header frozen', () => {
    const clean = book();
    runCommand('intake', ctx(clean));
    const b = MemoryWorkbook.from({ [FORM]: [FORM_HEADER, ...responses.map((r) => r.slice())], [TAB.activity]: [] });
    runCommand('intake', ctx(b));
    expect(b.readSheet(TAB.activity)).toEqual(clean.readSheet(TAB.activity));
    expect(b.sheet(TAB.activity).frozenRows).toBe(1);
    expect(b.readSheet(FORM)).toEqual(clean.readSheet(FORM));
  });
});

describe('case responses', () => {
  const LEDGER: Cell[][] = [
    ['○○事業所 ケース台帳'],
    ['ケースID', '氏名', '担当センター', '事業所名', '受給者証番号', '就職日', '備考', '検証結果（自動）'],
    ['C-001', '既存 太郎', 'あかね園', '○○事業所', '0123456780', date(2022, 4, 1), null, 'OK'],
  ];
  const HEADER = ['タイムスタンプ', 'ケースID', '氏名', '事業所名', '担当センター', '就職日', '受給者証番号', '備考'];
  const STATUS_COL = HEADER.length + 1;
  const RESPONSES: Cell[][] = [
    ['2024/06/01 10:00:00', 'C-101', '山田 花子', '○○事業所', 'あかね園', '2024/04/01', '0123456789', '=SUM(A1)'],
    ['2024/06/01 11:00:00', 'C-001', '別人', '○○事業所', 'エール', '2024/04/01', null, null], // ID in ledger
    ['2024/06/03 09:00:00', ' C-103 ', ' 鈴木 ', '○○事業所', 'ビックハート柏', '令和6年4月1日', null, null],
  ];
  const book = (): MemoryWorkbook =>
    MemoryWorkbook.from({
      [TAB.ledger]: LEDGER.map((r) => r.slice()),
      [FORM]: [HEADER, ...RESPONSES.map((r) => r.slice())],
    });

  test.each([
    ['the status column existed', false],
    ['the status column was new', true],
  ])('cut off before marking (%s): no duplicate rows, responses taken, no ケースID重複', (_, withHeader) => {
    const b = book();
    runCommand('intake', ctx(b));
    const ledgerBefore = b.readSheet(TAB.ledger)!;
    expect(ledgerBefore.map((r) => r[0])).toEqual([LEDGER[0][0], 'ケースID', 'C-001', 'C-101', 'C-103']);
    cutOff(b, STATUS_COL, withHeader);

    const rerun = runCommand('intake', ctx(b));
    expect(b.readSheet(TAB.ledger)).toEqual(ledgerBefore);
    const st = statuses(b, STATUS_COL);
    expect(String(st[0])).toMatch(new RegExp(`^${TAKEN}ケース台帳 4行目`));
    expect(st[1]).toBe('要確認: ケースID重複（取り込みエラータブ参照）'); // the genuine duplicate stays one
    expect(String(st[2])).toMatch(new RegExp(`^${TAKEN}ケース台帳 5行目`));
    const review = b.readSheet(TAB.intakeErrors)!.filter((r) => r[2] === '要確認');
    expect(review.map((r) => r[4])).toEqual(['C-001']);
    expect((rerun.details as { taken: number; review: number }).taken).toBe(2);
    expect((rerun.details as { review: number }).review).toBe(1);
  });

  test('the rerun ends exactly as the clean run did', () => {
    const clean = book();
    runCommand('intake', ctx(clean));
    const b = book();
    runCommand('intake', ctx(b));
    cutOff(b, STATUS_COL, true);
    runCommand('intake', ctx(b));
    expect(b.snapshot()).toBe(clean.snapshot());
  });

  test('the same ケースID with a different answer is still a duplicate to review', () => {
    const b = book();
    runCommand('intake', ctx(b));
    cutOff(b, STATUS_COL, false);
    b.writeRange(TAB.ledger, 5, 2, [['鈴木 一郎']]); // a person corrected the appended row meanwhile
    runCommand('intake', ctx(b));
    expect(b.readSheet(TAB.ledger)!.filter((r) => r[0] === 'C-103')).toHaveLength(1);
    expect(statuses(b, STATUS_COL)[2]).toBe('要確認: ケースID重複（取り込みエラータブ参照）');
  });

  test('a ledger row a taken response points at is not claimed by an identical resubmission', () => {
    const b = book();
    runCommand('intake', ctx(b));
    b.writeRange(FORM, 5, 1, [RESPONSES[0].slice()]);
    runCommand('intake', ctx(b));
    expect(b.readSheet(TAB.ledger)!.filter((r) => r[0] === 'C-101')).toHaveLength(1);
    expect(statuses(b, STATUS_COL)[3]).toBe('要確認: ケースID重複（取り込みエラータブ参照）');
  });
});
