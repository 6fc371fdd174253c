// One ケース台帳 row read into named, canonical fields, with a problem for every cell that cannot be
// read as its column requires. Cross-field rules (periods, duplicates) live in validate.ts.

import { compareDates, date, formatSlash, isCalendarDate, type CalendarDate } from './calendar';
import { parseDateCell } from './dates';
import type { Problem, Severity } from './problem';
import { DISABILITY_TYPES, LEDGER_COLUMNS, SHARE_TARGETS, type ColumnDef, type LedgerKey } from './schema';
import type { Settings } from './settings';
import { isBlankCell } from './table';
import { nearest, normalizeCenter, normalizeKey } from './text';
import type { Cell } from './cell';

export type LedgerDateKey =
  | 'hireDate'
  | 'restartDate'
  | 'startDate'
  | 'grantStart'
  | 'grantEnd'
  | 'separationDate'
  | 'rehireDate'
  | 'endDate'
  | 'consentDate'
  | 'sharedDate';

export type LedgerEnumKey =
  'priorService' | 'priorOfficeKind' | 'employerKind' | 'planKind' | 'endReason' | 'needsSupport' | 'handoverState';

export const LEDGER_DATE_KEYS: readonly LedgerDateKey[] = [
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

export const LEDGER_ENUM_KEYS: readonly LedgerEnumKey[] = [
  'priorService',
  'priorOfficeKind',
  'employerKind',
  'planKind',
  'endReason',
  'needsSupport',
  'handoverState',
];

export interface CaseRecord {
  /** Sheet row number as the user sees it. */
  readonly rowNumber: number;
  /** Trimmed, NFKC. */
  readonly caseId: string;
  readonly office: string;
  /** Canonical name from settings.centers when matched, else null. */
  readonly center: string | null;
  /** Only the cells that parsed as dates. */
  readonly dates: Partial<Record<LedgerDateKey, CalendarDate>>;
  /** Canonical values only (a cell that matches none of its column's values is absent). */
  readonly enums: Partial<Record<LedgerEnumKey, string>>;
  readonly disabilities: readonly string[];
  /** 情報共有先 (canonical values; absent or empty when the cell is blank). */
  readonly sharedWith?: readonly string[];
}

/** How a row's cells are reached and named. */
export interface RowAccess {
  get(key: LedgerKey): Cell;
  /** The column header as the user's sheet shows it. */
  header(key: LedgerKey): string;
  /** Whether the sheet has the column at all. */
  has(key: LedgerKey): boolean;
}

/** Per-cell findings for one row, before cross-field rules. */
export interface RowReading {
  readonly record: CaseRecord;
  readonly findings: CellFinding[];
}

export interface CellFinding {
  readonly key: LedgerKey;
  readonly problem: Problem;
}

/** Dates a ledger can plausibly hold (the service exists since 2018; serials stop at 2099). */
const EARLIEST = date(2000, 1, 1);
const LATEST = date(2099, 12, 31);

const DEFS = new Map<LedgerKey, ColumnDef<LedgerKey>>(LEDGER_COLUMNS.map((c) => [c.key, c]));

export function ledgerDef(key: LedgerKey): ColumnDef<LedgerKey> {
  return DEFS.get(key)!;
}

/** A cell's value as text for a problem report (dates as 2024/04/01). */
export function valueText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (isCalendarDate(cell)) return formatSlash(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return String(cell).trim();
}

/** Matching key for fixed values: NFKC, no spaces, ASCII upper case ('a型' = 'Ａ型' = 'A型'). */
export function enumKey(text: string): string {
  return normalizeKey(text).toUpperCase();
}

/** The canonical value `text` stands for, or null. */
export function canonicalEnum(text: string, values: readonly string[]): string | null {
  const k = enumKey(text);
  return values.find((v) => enumKey(v) === k) ?? null;
}

/** Separators between several 障害種別: 、・/, and spaces (full-width forms are folded by NFKC first). */
const MULTI_SEPARATORS = /[、,/・･\s\u3000;；]+/;

export function splitMulti(text: string): string[] {
  return text
    .normalize('NFKC')
    .split(MULTI_SEPARATORS)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The canonical center name from the 設定 list, matched after NFKC without spaces and ・. */
export function canonicalCenter(text: string, centers: readonly string[]): string | null {
  const k = normalizeCenter(text);
  if (!k) return null;
  return centers.find((c) => normalizeCenter(c) === k) ?? null;
}

const REQUIRED_FIX: Partial<Record<LedgerKey, string>> = {
  caseId: 'ほかの行と重ならないケースIDを入力してください。',
  office: '事業所名を入力してください。',
  center: '設定タブのセンター名一覧にある名前を入力してください。',
  hireDate: '就職日がないと支援期間を計算できません。就職日を入力してください（例: 2024/04/01）。',
};

/**
 * Reads one row: required values, fixed values, 受給者証番号, dates. Each problem names the column as
 * the sheet shows it, the value and the fix.
 */
export function readCaseRow(row: RowAccess, rowNumber: number, sheet: string, settings: Settings): RowReading {
  const findings: CellFinding[] = [];
  const caseId = valueText(row.get('caseId')).normalize('NFKC').trim();
  const report = (severity: Severity, key: LedgerKey, message: string): void => {
    findings.push({
      key,
      problem: {
        severity,
        sheet,
        row: rowNumber,
        column: row.header(key),
        value: valueText(row.get(key)),
        caseId,
        message,
      },
    });
  };

  // Required values.
  for (const key of ['caseId', 'office', 'center', 'hireDate'] as const) {
    const header = row.header(key);
    if (!row.has(key)) {
      report('error', key, `「${header}」列が見つかりません。見出し行に「${header}」列を追加して入力してください。`);
    } else if (isBlankCell(row.get(key))) {
      report('error', key, `${header}が空です。${REQUIRED_FIX[key]}`);
    }
  }

  // 担当センター: one of the 設定 list.
  const centerCell = row.get('center');
  let center: string | null = null;
  if (!isBlankCell(centerCell)) {
    const text = valueText(centerCell);
    center = canonicalCenter(text, settings.centers);
    if (center === null) {
      const near = nearest(text, settings.centers, normalizeCenter);
      const hint = near ? `「${near}」のことなら、そのとおりに直してください。` : '';
      report(
        'error',
        'center',
        `「${text}」は設定タブのセンター名一覧にありません。${hint}一覧にある名前を入力するか、新しいセンターなら設定タブの一覧に追加してください。`,
      );
    }
  }

  // Fixed-value columns.
  const enums: Partial<Record<LedgerEnumKey, string>> = {};
  for (const key of LEDGER_ENUM_KEYS) {
    const cell = row.get(key);
    if (isBlankCell(cell)) continue;
    const values = ledgerDef(key).values ?? [];
    const text = valueText(cell);
    const canon = canonicalEnum(text, values);
    if (canon !== null) {
      enums[key] = canon;
      continue;
    }
    const near = nearest(text, values);
    const hint = near ? `「${near}」のことなら、そのとおりに直してください。` : '';
    report('error', key, `「${text}」は${row.header(key)}の選択肢にありません。${hint}選択肢: ${values.join('／')}`);
  }

  // 障害種別 and 情報共有先: several allowed.
  const readMulti = (key: 'disability' | 'sharedWith', values: readonly string[]): string[] => {
    const out: string[] = [];
    const cell = row.get(key);
    if (isBlankCell(cell)) return out;
    const unknown: string[] = [];
    for (const part of splitMulti(valueText(cell))) {
      const canon = canonicalEnum(part, values);
      if (canon === null) unknown.push(part);
      else if (!out.includes(canon)) out.push(canon);
    }
    if (unknown.length) {
      const hints = unknown
        .map((u) => {
          const near = nearest(u, values);
          return near ? `「${u}」→「${near}」` : `「${u}」`;
        })
        .join('、');
      report(
        'error',
        key,
        `${row.header(key)}に選択肢にない値があります: ${hints}。${values.join('／')}から選び、複数なら「、」で区切ってください。`,
      );
    }
    return out;
  };
  const disabilities = readMulti('disability', DISABILITY_TYPES);
  const sharedWith = readMulti('sharedWith', SHARE_TARGETS);

  // 受給者証番号: 10 digits kept as text, or empty.
  const noCell = row.get('recipientNo');
  if (!isBlankCell(noCell)) {
    const message = recipientNoProblem(noCell);
    if (message) report('error', 'recipientNo', message);
  }

  // Dates. A date outside 2000–2099 is a slip (a year typed alone, a wrong serial, 2204 for 2024),
  // and is kept out of the record so nothing is computed from it.
  const dates: Partial<Record<LedgerDateKey, CalendarDate>> = {};
  for (const key of LEDGER_DATE_KEYS) {
    const parsed = parseDateCell(row.get(key));
    if (parsed.kind === 'invalid') report('error', key, parsed.message);
    else if (parsed.kind === 'date') {
      const v = parsed.date;
      if (compareDates(v, EARLIEST) < 0 || compareDates(v, LATEST) > 0) {
        report(
          'error',
          key,
          `${formatSlash(v)}は台帳の日付としてありえない年です。年の入力（西暦4桁、または令和・平成の元号付き）を確認してください。`,
        );
      } else dates[key] = v;
    }
  }

  const office = valueText(row.get('office')).normalize('NFKC').trim();
  return { record: { rowNumber, caseId, office, center, dates, enums, disabilities, sharedWith }, findings };
}

/** Hyphens and spaces people type inside numbers (after NFKC). */
const NUMBER_NOISE = /[\s\u3000\-‐‑‒–—―−ー]/g;

/** Why a 受給者証番号 cell is not 10 digits, or null when it is. */
export function recipientNoProblem(cell: Cell): string | null {
  const fix = '受給者証に印字された10桁の数字を入力してください。';
  if (typeof cell === 'number') {
    if (!Number.isInteger(cell) || cell < 0) return `受給者証番号は10桁の数字です。${fix}`;
    const digits = String(cell);
    if (digits.length === 10) return null;
    if (digits.length < 10) {
      return `受給者証番号が${digits.length}桁の数値になっています。先頭の0が消えた可能性があります。列の表示形式を「書式なしテキスト」にして、0から始まる10桁（例: ${digits.padStart(10, '0')}）で入力し直してください。`;
    }
    return `受給者証番号が${digits.length}桁あります。${fix}`;
  }
  if (typeof cell !== 'string') return `受給者証番号は10桁の数字です。${fix}`;
  const text = cell.normalize('NFKC').replace(NUMBER_NOISE, '');
  if (/^\d{10}$/.test(text)) return null;
  if (/^\d+$/.test(text)) return `受給者証番号が${text.length}桁です。${fix}`;
  return `受給者証番号に数字以外の文字が入っています。${fix}`;
}
