// Each rule of issue 3, with the rule's example. Expected dates come from domain.md §2.1
// (hired 2024-04-01 → 利用開始可能日 2024-10-01, 最終利用可能日 2027-09-30).
import { date } from '../src/domain/calendar';
import { ALL_LEDGER_COLUMNS } from '../src/commands/shared/ledger';
import { LEDGER_COLUMNS, type LedgerKey } from '../src/domain/schema';
import { DEFAULT_SETTINGS, parseSettings } from '../src/domain/settings';
import { locateTable } from '../src/domain/table';
import { checkLedger, summarizeRow } from '../src/domain/validate';
import type { Problem } from '../src/domain/problem';
import type { Cell } from '../src/workbook/port';

const today = date(2025, 6, 1);
const HEADER = LEDGER_COLUMNS.map((c) => c.header);
const BASE: Partial<Record<LedgerKey, Cell>> = {
  caseId: 'C1',
  office: 'A事業所',
  center: 'あかね園',
  hireDate: '2024/4/1',
};

function line(over: Partial<Record<LedgerKey, Cell>>): Cell[] {
  const v = { ...BASE, ...over };
  return LEDGER_COLUMNS.map((c) => (c.key in v ? (v[c.key] ?? null) : null));
}

function check(rows: Cell[][], settings = DEFAULT_SETTINGS) {
  const table = locateTable('ケース台帳', [HEADER, ...rows], ALL_LEDGER_COLUMNS, 'caseId')!;
  return checkLedger(table, settings, today);
}

/** [column, severity] of the problems of one row built from BASE + `over`. */
function found(over: Partial<Record<LedgerKey, Cell>>, settings = DEFAULT_SETTINGS): [string, string][] {
  return check([line(over)], settings).problems.map((p) => [p.column, p.severity]);
}

function messages(over: Partial<Record<LedgerKey, Cell>>): string[] {
  return check([line(over)]).problems.map((p) => p.message);
}

test('the base row is clean', () => {
  expect(found({})).toEqual([]);
});

describe('required columns', () => {
  test.each([
    ['caseId', 'ケースID'],
    ['office', '事業所名'],
    ['center', '担当センター'],
    ['hireDate', '就職日'],
  ] as [LedgerKey, string][])('%s empty → error', (key, header) => {
    expect(found({ [key]: null, remarks: 'x' })).toEqual([[header, 'error']]);
    expect(found({ [key]: '  ', remarks: 'x' })).toEqual([[header, 'error']]);
  });

  test('a missing required column is named with the fix', () => {
    const header = HEADER.filter((h) => h !== '事業所名');
    const table = locateTable('ケース台帳', [header, ['C1', null, 'あかね園']], ALL_LEDGER_COLUMNS, 'caseId')!;
    const r = checkLedger(table, DEFAULT_SETTINGS, today);
    expect(r.problems.map((p) => [p.column, p.severity])).toContainEqual(['事業所名', 'error']);
    expect(r.problems.find((p) => p.column === '事業所名')!.message).toContain('列を追加');
  });

  test('every duplicate ケースID is reported, naming the other rows', () => {
    const r = check([
      line({ caseId: 'C1' }),
      line({ caseId: 'C2' }),
      line({ caseId: 'Ｃ1' }),
      line({ caseId: ' C1 ' }),
    ]);
    const dup = r.problems.filter((p) => p.column === 'ケースID');
    expect(dup.map((p) => [p.row, p.severity])).toEqual([
      [2, 'error'],
      [4, 'error'],
      [5, 'error'],
    ]);
    expect(dup[0].message).toContain('4行目、5行目');
    expect(dup[1].message).toContain('2行目、5行目');
    expect(dup[2].message).toContain('2行目、4行目');
  });
});

describe('担当センター must be in the 設定 list', () => {
  test.each(['あかね園', ' あかね　園 ', 'ビックハート松戸', 'ビック･ハート松戸', 'ｴｰﾙ', 'エール'])(
    '%p matches',
    (v) => {
      expect(found({ center: v })).toEqual([]);
    },
  );
  test('the record holds the canonical name', () => {
    expect(check([line({ center: 'ビックハート 柏' })]).cases[0].center).toBe('ビック・ハート柏');
  });
  test('a miss suggests the nearest name', () => {
    expect(found({ center: 'ビッグハート松戸' })).toEqual([['担当センター', 'error']]);
    expect(messages({ center: 'ビッグハート松戸' })[0]).toContain('「ビック・ハート松戸」');
    expect(check([line({ center: 'ビッグハート松戸' })]).cases[0].center).toBeNull();
  });
  test('the list comes from 設定', () => {
    const settings = parseSettings([[null], ['No.', 'センター名'], [1, '東京センター']]);
    expect(found({ center: '東京センター' }, settings)).toEqual([]);
    expect(found({ center: 'あかね園' }, settings)).toEqual([['担当センター', 'error']]);
  });
});

describe('fixed-value columns', () => {
  test.each([
    ['priorService', '就労継続支援Ａ型', '就労継続支援A型'],
    ['priorService', ' 就労移行支援 ', '就労移行支援'],
    ['priorOfficeKind', '他法人', '他法人'],
    ['employerKind', '特例子会社', '特例子会社'],
    ['planKind', 'セルフ プラン', 'セルフプラン'],
    ['needsSupport', '該当', '該当'],
    ['handoverState', '調整中', '調整中'],
  ] as [LedgerKey, string, string][])('%s %p is accepted as %p', (key, v, canon) => {
    expect(found({ [key]: v })).toEqual([]);
    expect((check([line({ [key]: v })]).cases[0].enums as Record<string, string>)[key]).toBe(canon);
  });

  test.each([
    ['priorService', '就労移行', '利用前サービス', '就労移行支援'],
    ['priorOfficeKind', '別法人', '前利用事業所区分', null],
    ['employerKind', '一般', '就職先区分', '一般企業'],
    ['needsSupport', 'はい', '要継続支援', null],
    ['handoverState', '完了', '引継ぎ状況', null],
    ['endReason', '満了', '終了理由', '期間満了'],
  ] as [LedgerKey, string, string, string | null][])('%s %p → error', (key, v, header, suggestion) => {
    const r = check([line({ [key]: v, endDate: key === 'endReason' ? '2025/3/31' : null })]);
    expect(r.problems.map((p) => [p.column, p.severity])).toEqual([[header, 'error']]);
    if (suggestion) expect(r.problems[0].message).toContain(`「${suggestion}」`);
    expect(r.problems[0].message).toContain('選択肢');
  });

  test('障害種別 may hold several values', () => {
    expect(found({ disability: '精神、発達' })).toEqual([]);
    expect(check([line({ disability: '精神／知的・身体, 難病' })]).cases[0].disabilities).toEqual([
      '精神',
      '知的',
      '身体',
      '難病',
    ]);
    expect(found({ disability: '精神障害、発達' })).toEqual([['障害種別', 'error']]);
    expect(messages({ disability: '精神障害、発達' })[0]).toContain('「精神障害」→「精神」');
  });
});

describe('受給者証番号: 10 digits after normalisation, or empty', () => {
  test.each(['0123456789', '０１２３４５６７８９', '012-345-6789', ' 0123 456 789 ', 1234567890])('%p is fine', (v) => {
    expect(found({ recipientNo: v })).toEqual([]);
  });
  test.each([
    [123456789, /先頭の0が消えた/],
    ['12345', /5桁/],
    ['01234567890', /11桁/],
    ['0123４5678x', /数字以外/],
    [12345.5, /10桁の数字/],
  ] as [Cell, RegExp][])('%p → error', (v, pattern) => {
    expect(found({ recipientNo: v })).toEqual([['受給者証番号', 'error']]);
    expect(messages({ recipientNo: v })[0]).toMatch(pattern);
  });
});

test('就職先区分 = 就労継続支援A型事業所 → error, not computable', () => {
  const r = check([line({ employerKind: '就労継続支援A型事業所' })]);
  expect(r.problems.map((p) => [p.column, p.severity])).toEqual([['就職先区分', 'error']]);
  expect(r.problems[0].message).toContain('対象外');
  expect(r.cannotCompute(2)).toBe(true);
});

describe('date rules (hired 2024-04-01: 利用開始可能日 2024-10-01, 最終利用可能日 2027-09-30)', () => {
  test('利用開始日 before 利用開始可能日 → error', () => {
    expect(found({ startDate: '2024/9/30' })).toEqual([['利用開始日', 'error']]);
    expect(messages({ startDate: '2024/9/30' })[0]).toContain('2024/10/01');
  });
  test('利用開始日 on or shortly after 利用開始可能日 is fine; more than a month later → warning', () => {
    expect(found({ startDate: '2024/10/1' })).toEqual([]);
    expect(found({ startDate: '2024/11/1' })).toEqual([]);
    expect(found({ startDate: '2024/11/2' })).toEqual([['利用開始日', 'warning']]);
    expect(messages({ startDate: '2025/1/6' })[0]).toContain('2027/09/30');
  });
  test('利用開始日 after 最終利用可能日 → error', () => {
    expect(found({ startDate: '2027/10/1' })).toEqual([['利用開始日', 'error']]);
  });
  test('起算日（復職等） moves the period', () => {
    // restart 2024-06-01 → first eligible 2024-12-01
    expect(found({ restartDate: '2024/6/1', startDate: '2024/11/30' })).toEqual([['利用開始日', 'error']]);
    expect(found({ restartDate: '2024/6/1', startDate: '2024/12/1' })).toEqual([]);
  });
  test('支給決定開始日 after 支給決定終了日 → error', () => {
    expect(found({ grantStart: '2025/4/1', grantEnd: '2025/3/31' })).toEqual([['支給決定終了日', 'error']]);
    expect(found({ grantStart: '2024/10/1', grantEnd: '2025/9/30' })).toEqual([]);
  });
  test('支給決定終了日 after 最終利用可能日 → warning', () => {
    expect(found({ grantEnd: '2027/10/31' })).toEqual([['支給決定終了日', 'warning']]);
    expect(found({ grantEnd: '2027/9/30' })).toEqual([]);
  });
  test('離職日 before 就職日 → error', () => {
    expect(found({ separationDate: '2024/3/31' })).toEqual([['離職日', 'error']]);
    // A change within the month on the ledger alone: no reason is known, so it asks for one (a warning).
    expect(found({ separationDate: '2024/4/1', rehireDate: '2024/4/15' })).toEqual([['離職日', 'warning']]);
  });
  test('離職日 with the month for a job change over (today 2025-06-01) and no 再就職日 or 利用終了日 → warning: a separation', () => {
    // left 2025-04-30: the month runs 05-01 … 05-31, so on 06-01 it is over.
    expect(found({ separationDate: '2025/4/30' })).toEqual([['離職日', 'warning']]);
    expect(messages({ separationDate: '2025/4/30' })[0]).toContain('利用終了日と終了理由（離職）');
    // left 2025-05-01: the month runs to 06-01 — still open today.
    expect(found({ separationDate: '2025/5/1' })).toEqual([]);
    // recorded as ended, or re-employed in time: nothing to ask.
    expect(found({ separationDate: '2025/4/30', endDate: '2025/4/30', endReason: '離職' })).toEqual([]);
    // re-employed in time: only the reason is asked for (only a 転職（労働条件の改善） keeps the employment).
    expect(found({ separationDate: '2025/4/30', rehireDate: '2025/5/20' })).toEqual([['離職日', 'warning']]);
    expect(messages({ separationDate: '2025/4/30', rehireDate: '2025/5/20' })[0]).toContain('理由がわかりません');
    expect(messages({ separationDate: '2025/4/30', rehireDate: '2025/5/20' })[0]).toContain('離職・再就職');
  });
  test('再就職日 more than one month after 離職日 → warning that it counts as a separation', () => {
    // left 2025-04-15: the month after leaving is 04-16 … 05-15 (民法140条・143条); 再就職日 must fall in it.
    expect(found({ separationDate: '2025/4/15', rehireDate: '2025/5/15' })).toEqual([['離職日', 'warning']]);
    expect(found({ separationDate: '2025/4/15', rehireDate: '2025/5/16' })).toEqual([['再就職日', 'warning']]);
    expect(messages({ separationDate: '2025/4/15', rehireDate: '2025/5/16' })[0]).toContain('離職として扱われ');
    // month ends: left 2025-01-30 → 01-31 … 02-28
    expect(found({ separationDate: '2025/1/30', rehireDate: '2025/2/28' })).toEqual([['離職日', 'warning']]);
    expect(found({ separationDate: '2025/1/30', rehireDate: '2025/3/1' })).toEqual([['再就職日', 'warning']]);
    expect(found({ separationDate: '2025/4/15', rehireDate: '2025/4/1' })).toEqual([['再就職日', 'error']]);
    expect(found({ rehireDate: '2025/4/1' })).toEqual([['再就職日', 'warning']]);
  });
  test('利用終了日 after 最終利用可能日 → error, not computable', () => {
    const r = check([line({ endDate: '2027/10/1', endReason: '期間満了' })]);
    expect(r.problems.map((p) => [p.column, p.severity])).toEqual([['利用終了日', 'error']]);
    expect(r.cannotCompute(2)).toBe(true);
    expect(found({ endDate: '2027/9/30', endReason: '期間満了' })).toEqual([]);
  });
  test('情報共有日 without 同意取得日 → warning', () => {
    expect(found({ sharedDate: '2027/5/1' })).toEqual([['情報共有日', 'warning']]);
    expect(found({ sharedDate: '2027/5/1', consentDate: '2027/4/1' })).toEqual([]);
  });
  test('就職日 more than a year after today → warning', () => {
    expect(found({ hireDate: '2026/6/1' })).toEqual([]);
    expect(found({ hireDate: '2026/6/2' })).toEqual([['就職日', 'warning']]);
  });
  test('終了理由 without 利用終了日, or the reverse → warning', () => {
    expect(found({ endReason: '離職' })).toEqual([['終了理由', 'warning']]);
    expect(found({ endDate: '2025/3/31' })).toEqual([['利用終了日', 'warning']]);
    expect(found({ endDate: '2025/3/31', endReason: '離職' })).toEqual([]);
  });
  test('an unreadable date is an error in its column with a suggestion; 就職日 blocks computing', () => {
    const r = check([line({ hireDate: 'R1.4.30' })]);
    expect(r.problems.map((p) => [p.column, p.severity])).toEqual([['就職日', 'error']]);
    expect(r.problems[0].message).toContain('平成31年4月30日');
    expect(r.cannotCompute(2)).toBe(true);
    expect(check([line({ consentDate: '2023/2/30' })]).cannotCompute(2)).toBe(false);
  });
  test('a year typed alone or a far-off year is an error, kept out of the record', () => {
    const r = check([line({ startDate: 2024 })]);
    expect(r.problems.map((p) => [p.column, p.severity])).toEqual([['利用開始日', 'error']]);
    expect(r.cases[0].dates.startDate).toBeUndefined();
    expect(found({ hireDate: '2204/4/1' })).toEqual([['就職日', 'error']]);
    expect(found({ hireDate: '昭和60年4月1日' })).toEqual([['就職日', 'error']]);
  });
});

describe('table shape', () => {
  test('blank rows are skipped silently; a title above the header and extra columns are fine', () => {
    const values: Cell[][] = [
      ['ケース台帳 2025'],
      [],
      [...HEADER, '自分用メモ'],
      [...line({}), 'メモ'],
      HEADER.map(() => null),
      [...line({ caseId: 'C2' }), null],
    ];
    const table = locateTable('ケース台帳', values, ALL_LEDGER_COLUMNS, 'caseId')!;
    const r = checkLedger(table, DEFAULT_SETTINGS, today);
    expect(r.problems).toEqual([]);
    expect(r.cases.map((c) => c.rowNumber)).toEqual([4, 6]);
  });

  test('a row holding only a user value in an extra column is not skipped', () => {
    const values: Cell[][] = [
      [...HEADER, '自分用メモ'],
      [...HEADER.map(() => null), 'メモだけ'],
    ];
    const table = locateTable('ケース台帳', values, ALL_LEDGER_COLUMNS, 'caseId')!;
    const r = checkLedger(table, DEFAULT_SETTINGS, today);
    expect(r.problems.map((p) => p.column)).toEqual(['ケースID', '事業所名', '担当センター', '就職日']);
  });

  test('a row holding only stale values in owned columns is blank', () => {
    const values: Cell[][] = [
      [...HEADER, '検証結果（自動）'],
      [...HEADER.map(() => null), 'エラー1件: 古い結果'],
    ];
    const table = locateTable('ケース台帳', values, ALL_LEDGER_COLUMNS, 'caseId')!;
    expect(checkLedger(table, DEFAULT_SETTINGS, today).cases).toEqual([]);
  });

  test('problems are sorted by row, then by the sheet’s column order', () => {
    const header = ['就職日', 'ケースID', '担当センター', '事業所名'];
    const values: Cell[][] = [header, ['x', 'C1', 'どこか', null], [null, null, null, 'A']];
    const table = locateTable('ケース台帳', values, ALL_LEDGER_COLUMNS, 'caseId')!;
    const r = checkLedger(table, DEFAULT_SETTINGS, today);
    expect(r.problems.map((p) => [p.row, p.column])).toEqual([
      [2, '就職日'],
      [2, '担当センター'],
      [2, '事業所名'],
      [3, '就職日'],
      [3, 'ケースID'],
      [3, '担当センター'],
    ]);
  });
});

describe('row summary', () => {
  const p = (severity: 'error' | 'warning', column: string, message: string): Problem => ({
    severity,
    sheet: 'ケース台帳',
    row: 2,
    column,
    value: '',
    caseId: 'C1',
    message,
  });
  test('OK, errors first, zero counts left out, marks for every problem column', () => {
    expect(summarizeRow([])).toBe('OK');
    expect(summarizeRow([p('warning', '再就職日', 'w1'), p('error', '就職日', 'e1'), p('error', '就職日', 'e2')])).toBe(
      'エラー2件・警告1件: 就職日: e1 〔△再就職日〕〔×就職日〕',
    );
    expect(summarizeRow([p('warning', '情報共有日', 'w')])).toBe('警告1件: 情報共有日: w 〔△情報共有日〕');
  });
  test('messages name the fix and every problem names its column and value', () => {
    const r = check([line({ hireDate: '2023/2/30', center: 'どこか', recipientNo: '123' })]);
    for (const prob of r.problems) {
      expect(prob.column).not.toBe('');
      expect(prob.value).not.toBe('');
      expect(prob.message).toMatch(/ください|でしょうか|です。/);
    }
  });
});

test('a long run of duplicate ケースIDs names the first rows and counts the rest', () => {
  const r = check(Array.from({ length: 9 }, () => line({})));
  const first = r.problems.filter((p) => p.row === 2);
  expect(first).toHaveLength(1);
  expect(first[0].message).toContain('3行目、4行目、5行目、6行目、7行目、ほか3行と重複');
  expect(r.problems).toHaveLength(9);
});
