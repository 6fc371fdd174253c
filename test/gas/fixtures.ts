// A sample workbook as a real office keeps it: a title above the header, columns in their own
// order, a column of their own, dates typed as date cells and as Japanese text, a number kept as
// text, formulas, an error value, a blank row, a note, a colour and a conditional rule of their own.

import { GENERATED_MARK, OWNED_COLUMNS, TAB } from '../../src/domain/schema';
import { AppsScriptEmulator, isDateFormat, type CellModel, type EmuSheet, type Seed } from './emulator';

export const LEDGER_HEADER = [
  'ケースID',
  '氏名',
  '受給者証番号',
  '事業所名',
  '担当センター',
  '障害種別',
  '利用前サービス',
  '前利用事業所区分',
  '就職先',
  '就職先区分',
  '就職日',
  '利用開始日',
  '支給決定開始日',
  '支給決定終了日',
  '利用終了日',
  '終了理由',
  '要継続支援',
  '同意取得日',
  '情報共有日',
  '引継ぎ状況',
  '担当者',
  'メモ欄',
  '備考',
];

type Row = Record<string, Seed>;

const TEMPLATES: Row[] = [
  {
    氏名: '山田 太郎',
    受給者証番号: { text: '0123456789' },
    事業所名: 'すてっぷ',
    担当センター: 'あかね園',
    障害種別: '精神',
    利用前サービス: '就労移行支援',
    前利用事業所区分: '他法人',
    就職先: '株式会社みなと',
    就職先区分: '一般企業',
    就職日: { date: '2023-08-31' },
    利用開始日: { date: '2024-03-01' },
    支給決定開始日: { date: '2024-03-01' },
    支給決定終了日: { date: '2025-02-28' },
    要継続支援: '該当',
    引継ぎ状況: '未着手',
    担当者: '佐藤',
    メモ欄: { formula: '=LEN(B3)', value: 5 },
  },
  {
    氏名: '鈴木 花子',
    受給者証番号: { text: '0000012345' },
    事業所名: 'すてっぷ',
    担当センター: 'ビック・ハート柏',
    障害種別: '知的・発達',
    利用前サービス: '就労継続支援B型',
    前利用事業所区分: '自法人',
    就職先: '特例子会社みらい',
    就職先区分: '特例子会社',
    就職日: '令和3年4月1日',
    利用開始日: 'R3.10.1',
    支給決定開始日: { date: '2023-10-01' },
    支給決定終了日: { date: '2024-09-30' },
    要継続支援: '該当',
    同意取得日: { date: '2024-05-20' },
    引継ぎ状況: '調整中',
    担当者: '高橋',
    備考: { text: '=本人の希望で面談は月末' },
  },
  {
    氏名: '田中 一郎',
    受給者証番号: 1234567890,
    事業所名: 'すてっぷ',
    担当センター: '千葉障害者キャリアセンター',
    障害種別: '身体',
    利用前サービス: '就労移行支援',
    就職先: '千葉市役所',
    就職先区分: '公的機関',
    就職日: { date: '2024-02-29' },
    要継続支援: '未判定',
    担当者: '佐藤',
    メモ欄: { formula: '=VLOOKUP(A5,#REF!,2,FALSE)', value: '#REF!' },
  },
  {
    氏名: '伊藤 さくら',
    受給者証番号: { text: '0987654321' },
    事業所名: 'すてっぷ',
    担当センター: 'はーとふる',
    障害種別: '難病',
    利用前サービス: '生活介護',
    就職先: 'A型事業所ひかり',
    就職先区分: '就労継続支援A型事業所',
    就職日: '2023/2/30',
    要継続支援: '非該当',
    引継ぎ状況: '不要',
    担当者: '高橋',
    備考: '就職日を確認中',
  },
  {
    氏名: '渡辺 健',
    受給者証番号: { text: '0555555555' },
    事業所名: 'すてっぷ',
    担当センター: 'あかね園',
    障害種別: '高次脳機能',
    利用前サービス: '自立訓練',
    就職先: '株式会社うみ',
    就職先区分: '一般企業',
    就職日: { date: '2021-06-15' },
    利用開始日: { date: '2021-12-15' },
    利用終了日: { date: '2024-05-31' },
    終了理由: '本人希望',
    要継続支援: '該当',
    同意取得日: { date: '2024-01-10' },
    情報共有日: { date: '2024-02-01' },
    引継ぎ状況: '済',
    担当者: '佐藤',
  },
];

export interface SampleOptions {
  /** Data rows (templates repeat with new case IDs). */
  rows?: number;
  /** Add the form responses tab. */
  form?: boolean;
}

/** Builds the sample book in the emulator; returns the ledger sheet. */
export function sampleBook(emu: AppsScriptEmulator, options: SampleOptions = {}): EmuSheet {
  const n = options.rows ?? 10;
  // The default first tab of a new spreadsheet, holding a user's scratch notes.
  emu.sheet('シート1').seed([
    ['メモ', '=あとで確認'],
    [{ date: '2024-04-01' }, 'TRUE'],
  ]);
  const ledger = emu.addSheet(TAB.ledger);
  ledger.seed([['就労定着支援 ケース台帳（すてっぷ）']]);
  ledger.seed([LEDGER_HEADER], 2);
  const rows: Seed[][] = [];
  for (let i = 0; i < n; i++) {
    if (i === 3) rows.push(LEDGER_HEADER.map(() => null)); // a blank row users leave
    const t = TEMPLATES[i % TEMPLATES.length];
    rows.push(LEDGER_HEADER.map((h) => (h === 'ケースID' ? `K-${String(i + 1).padStart(4, '0')}` : (t[h] ?? null))));
  }
  ledger.seed(rows, 3);
  ledger.frozenRows = 2;
  ledger.update(3, 2, (c) => (c.note = '家族の連絡先は紙のファイル'));
  ledger.update(4, 2, (c) => (c.bg = '#fff2cc'));
  ledger.rules.push({
    formula: '=$V3="要確認"',
    background: '#f4cccc',
    fontColor: null,
    bold: null,
    ranges: [{ row: 3, col: 1, numRows: 500, numCols: 23 }],
  });
  if (options.form) {
    const form = emu.addSheet(TAB.formResponses);
    form.seed([
      [
        'タイムスタンプ',
        'センター名',
        '対象年月',
        '個別支援会議件数',
        'ネットワーク会議件数',
        '研修会件数',
        '研修会内容',
      ],
      [{ date: '2024-05-02' }, 'あかね園', '2024-04', 3, 1, 0, { text: '=HYPERLINK("x")' }],
      [{ date: '2024-05-03' }, 'はーとふる', '2024/04', 2, 0, 1, '就労準備研修'],
    ]);
  }
  emu.resetCalls();
  return ledger;
}

export const OWNED_HEADERS = new Set<string>(OWNED_COLUMNS.map((c) => c.header));

/** A user's cell as the user sees it (value, formula, format, colour, note, dropdown, weight). */
function cellPicture(c: CellModel): string {
  const shown = typeof c.v === 'number' && isDateFormat(c.format) ? `date:${c.v}` : JSON.stringify(c.v);
  return JSON.stringify([shown, c.formula, c.format, c.bg, c.note, c.validation, c.weight]);
}

/** A picture of an empty cell that differs from a blank one only by its number format. */
function onlyFormatted(picture: string): boolean {
  const [shown, formula, , bg, note, validation, weight] = JSON.parse(picture) as unknown[];
  return shown === '""' && formula === null && bg === null && note === '' && validation === null && weight === 'normal';
}

/** Columns of the ledger whose header (rows 1–10) is one of the product's owned headers. */
function ownedColumns(sheet: EmuSheet): Set<number> {
  // The ledger's owned columns, and on any tab a column of ours whose header ends with （自動）
  // (intake's 取り込み状態（自動） on the responses tab, 状態（自動） on 活動報告).
  const owned = new Set<number>();
  for (let r = 1; r <= 10; r++) {
    for (let c = 1; c <= sheet.maxCols; c++) {
      const v = sheet.get(r, c).v;
      if (typeof v !== 'string') continue;
      if ((sheet.name === TAB.ledger && OWNED_HEADERS.has(v)) || v.endsWith('（自動）')) owned.add(c);
    }
  }
  return owned;
}

function isGenerated(sheet: EmuSheet): boolean {
  const a1 = sheet.get(1, 1).v;
  return typeof a1 === 'string' && a1.startsWith(GENERATED_MARK);
}

/** The user's cells of every user tab (generated tabs and owned ledger columns left out). */
export interface UserCells {
  readonly tabs: Map<string, { cells: Map<string, string>; lastRow: number; lastCol: number }>;
}

export function userCells(emu: AppsScriptEmulator): UserCells {
  const tabs = new Map<string, { cells: Map<string, string>; lastRow: number; lastCol: number }>();
  for (const sheet of emu.sheets) {
    if (isGenerated(sheet)) continue;
    const owned = ownedColumns(sheet);
    const cells = new Map<string, string>();
    for (const [k, cell] of sheet.cells) {
      if (owned.has(Number(k.split(':')[1]))) continue;
      cells.set(k, cellPicture(cell));
    }
    tabs.set(sheet.name, { cells, lastRow: sheet.lastRow(), lastCol: sheet.lastColumn() });
  }
  return { tabs };
}

/**
 * What changed in the user's cells between two pictures: a changed or cleared cell, a deleted tab,
 * or a new value in a user tab outside the owned columns. `appendOk` allows new rows below the
 * last used row (intake appends the responses it takes). A still-empty cell right of the last used
 * column may have gained a number format: that is where owned columns are being added, and a run
 * cut off between setting formats and values leaves exactly that.
 */
export function changedUserCells(before: UserCells, after: UserCells, appendOk = false): string[] {
  const changed: string[] = [];
  for (const [tab, was] of before.tabs) {
    const now = after.tabs.get(tab);
    if (!now) {
      changed.push(`${tab}: tab deleted or turned into a generated tab`);
      continue;
    }
    for (const [k, v] of was.cells) {
      const x = now.cells.get(k);
      if (x !== v) changed.push(`${tab}!${k}: ${v} → ${x ?? '(blank)'}`);
    }
    for (const [k, v] of now.cells) {
      if (was.cells.has(k)) continue;
      const [row, col] = k.split(':').map(Number);
      if (appendOk && row > was.lastRow) continue;
      if (col > was.lastCol && onlyFormatted(v)) continue;
      changed.push(`${tab}!${k}: (blank) → ${v}`);
    }
  }
  return changed;
}
