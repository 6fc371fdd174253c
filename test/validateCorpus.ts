// The malformed-ledger corpus shared by the in-memory and xlsx corpus tests: each entry is one row
// (BASE plus overrides) and the problems (column, severity) the rules of issue 3 give it.
import { date } from '../src/domain/calendar';
import { LEDGER_COLUMNS, type LedgerKey } from '../src/domain/schema';
import type { Cell } from '../src/workbook/port';

export const today = date(2025, 6, 1);
export type Row = Partial<Record<LedgerKey, Cell>>;
export type Expect = [string, 'error' | 'warning'][];
export interface Entry {
  readonly what: string;
  readonly row: Row;
  readonly expect: Expect;
}

const header = (key: LedgerKey) => LEDGER_COLUMNS.find((c) => c.key === key)!.header;
/** A clean row: hired 2024-04-01 → 利用開始可能日 2024-10-01, 最終利用可能日 2027-09-30 (domain.md §2.1). */
const BASE: Row = { office: 'A事業所', center: 'あかね園', hireDate: '2024/4/1' };

export const corpus: Entry[] = [];
const add = (what: string, row: Row, expect: Expect) => corpus.push({ what, row, expect });

// --- unreadable or impossible dates, in every date column ---
const DATE_KEYS: LedgerKey[] = [
  'hireDate',
  'restartDate',
  'startDate',
  'grantStart',
  'grantEnd',
  'separationDate',
  'rehireDate',
  'endDate',
  'consentDate',
  'sharedDate',
];
const BAD_DATES: Cell[] = [
  'R1.4.30',
  'H31.5.1',
  '2023/2/30',
  'R0.1.1',
  '5.4.1',
  '令和5年2月29日',
  '2023/13/1',
  '2023/4/0',
  '未定',
  '4/1',
  '令和5年4月',
  '#N/A',
  '=TODAY()',
  true,
  2023,
  -1,
  0,
  Number.NaN,
  '2204/4/1',
  '昭和60年4月1日',
];
for (const key of DATE_KEYS) {
  for (const v of BAD_DATES) add(`${header(key)} = ${String(v)}`, { [key]: v }, [[header(key), 'error']]);
}

// --- fixed-value columns ---
const ENUM_KEYS: LedgerKey[] = [
  'priorService',
  'priorOfficeKind',
  'employerKind',
  'planKind',
  'endReason',
  'needsSupport',
  'handoverState',
];
for (const key of ENUM_KEYS) {
  for (const v of ['不明', '？', 'x', 123, true, '済み・調整中'] as Cell[]) {
    // a 利用終了日 keeps 終了理由 from also being "without 利用終了日"
    const extra: Row = key === 'endReason' ? { endDate: '2025/3/31' } : {};
    add(`${header(key)} = ${String(v)}`, { [key]: v, ...extra }, [[header(key), 'error']]);
  }
}

// --- 担当センター ---
for (const v of [
  'ビッグハート松戸',
  'あかね',
  '千葉',
  'センターA',
  123,
  '東総',
  'あかね園（旧）',
  '-',
  'N/A',
  '香取',
]) {
  add(`担当センター = ${v}`, { center: v }, [['担当センター', 'error']]);
}

// --- 受給者証番号 ---
for (const v of [
  123456789,
  12345,
  '12345',
  '01234567890',
  '0123456789x',
  'なし',
  '０１２３-４５６',
  12345.5,
  -1234567890,
  true,
  date(2024, 4, 1),
  '1234567890 / 2',
] as Cell[]) {
  add(`受給者証番号 = ${JSON.stringify(v)}`, { recipientNo: v }, [['受給者証番号', 'error']]);
}

// --- 障害種別 ---
for (const v of ['精神障害', 'うつ', '知的・うつ', '身体、不明', 'ASD', 123, '発達障害・精神障害']) {
  add(`障害種別 = ${v}`, { disability: v }, [['障害種別', 'error']]);
}

// --- required values ---
for (const key of ['office', 'center', 'hireDate'] as LedgerKey[]) {
  for (const v of [null, '', '   ', '\u3000']) add(`${header(key)} blank`, { [key]: v }, [[header(key), 'error']]);
}
for (const v of ['', '  ', '\u3000']) add('ケースID blank', { caseId: v }, [['ケースID', 'error']]);

// --- A型 ---
add('A型事業所', { employerKind: '就労継続支援A型事業所' }, [['就職先区分', 'error']]);
add('A型事業所 full width', { employerKind: '就労継続支援Ａ型事業所' }, [['就職先区分', 'error']]);

// --- rules between dates ---
add('開始 < 可能日', { startDate: '2024/9/30' }, [['利用開始日', 'error']]);
add('開始 < 就職日', { startDate: '2024/3/1' }, [['利用開始日', 'error']]);
add('開始 > 最終', { startDate: '2027/10/1' }, [['利用開始日', 'error']]);
add('開始 遅れ', { startDate: '2025/2/1' }, [['利用開始日', 'warning']]);
add('支給 逆転', { grantStart: '2025/10/1', grantEnd: '2025/9/30' }, [['支給決定終了日', 'error']]);
add('支給終了 > 最終', { grantEnd: '2028/3/31' }, [['支給決定終了日', 'warning']]);
add('離職 < 就職', { separationDate: '2024/1/31' }, [['離職日', 'error']]);
add('再就職 1か月超', { separationDate: '2025/1/31', rehireDate: '2025/3/3' }, [['再就職日', 'warning']]);
add('再就職 < 離職', { separationDate: '2025/1/31', rehireDate: '2025/1/1' }, [['再就職日', 'error']]);
add('再就職 only', { rehireDate: '2025/1/1' }, [['再就職日', 'warning']]);
// A job change within the month on the ledger alone: its reason is unknown, so it is asked for.
add('job change in time', { separationDate: '2025/1/31', rehireDate: '2025/2/28' }, [['離職日', 'warning']]);
add('終了 > 最終', { endDate: '2027/12/31', endReason: '期間満了' }, [['利用終了日', 'error']]);
add('終了 < 開始', { startDate: '2024/10/1', endDate: '2024/9/1', endReason: '本人希望' }, [['利用終了日', 'error']]);
add('共有 without 同意', { sharedDate: '2027/6/1' }, [['情報共有日', 'warning']]);
add('就職日 2年先', { hireDate: '2027/6/2' }, [['就職日', 'warning']]);
add('終了理由 only', { endReason: '転居' }, [['終了理由', 'warning']]);
add('利用終了日 only', { endDate: '2025/5/31' }, [['利用終了日', 'warning']]);
add('起算日 < 就職日', { restartDate: '2024/3/1' }, [['起算日（復職等）', 'warning']]);
add('起算日 moves 可能日', { restartDate: '2024/7/1', startDate: '2024/12/31' }, [['利用開始日', 'error']]);

// --- several problems in one row, in column order ---
add(
  'many at once',
  { center: 'どこか', hireDate: '2023/2/30', recipientNo: '123', priorService: 'A型', sharedDate: '2025/1/1' },
  [
    ['受給者証番号', 'error'],
    ['担当センター', 'error'],
    ['利用前サービス', 'error'],
    ['就職日', 'error'],
    ['情報共有日', 'warning'],
  ],
);
add('everything blank but a name', { caseId: null, office: null, center: null, hireDate: null, name: '山田' }, [
  ['ケースID', 'error'],
  ['事業所名', 'error'],
  ['担当センター', 'error'],
  ['就職日', 'error'],
]);

// --- odd but valid: no problem ---
for (const [what, row] of [
  ['full width', { center: 'ビック・ハート柏', hireDate: '２０２４／４／１', recipientNo: '０１２３４５６７８９' }],
  [
    '和暦 everywhere',
    { hireDate: 'R6.4.1', startDate: '令和6年10月1日', grantStart: 'R06.10.01', grantEnd: '令7.9.30' },
  ],
  ['serials', { hireDate: 45383, startDate: 45566 }],
  ['date cells', { hireDate: date(2024, 4, 1), endDate: date(2027, 9, 30), endReason: '期間満了' }],
  ['spaces', { office: ' A事業所 ', center: ' ビックハート 松戸 ', hireDate: ' 2024 / 4 / 1 ' }],
  ['multi disability', { disability: '精神、発達／知的' }],
  ['caseId number', { caseId: 1001 }],
  ['instant', { hireDate: '2024-03-31T15:00:00Z' }],
] as [string, Row][]) {
  add(what, row, []);
}

export function buildRows(): Cell[][] {
  return corpus.map((e, i) => {
    const v: Row = { caseId: `K${i + 1}`, ...BASE, ...e.row };
    return LEDGER_COLUMNS.map((c) => (c.key in v ? (v[c.key] ?? null) : null));
  });
}
