// Reading the dates real Japanese ledgers hold: date cells, serial numbers, Western and 和暦 text,
// full-width digits, stray spaces. Our own era table: Apps Script's Intl data is not relied on.

import {
  date,
  daysInMonth,
  formatSlash,
  fromSerial,
  isCalendarDate,
  isValidDate,
  type CalendarDate,
  compareDates,
  tokyoDateAt,
} from './calendar';
import type { Cell } from './cell';

export type DateParse =
  | { readonly kind: 'empty' }
  | { readonly kind: 'date'; readonly date: CalendarDate }
  | { readonly kind: 'invalid'; readonly message: string };

interface Era {
  readonly name: string;
  readonly letters: readonly string[];
  /** Gregorian year of the era's year 1 (元年). */
  readonly base: number;
  readonly first: CalendarDate;
  readonly last: CalendarDate | null;
}

/** Newest first. 令和N = 2018+N, 平成N = 1988+N, 昭和N = 1925+N (docs/rules.md 暦と和暦). */
export const ERAS: readonly Era[] = [
  { name: '令和', letters: ['令和', '令', 'R'], base: 2019, first: date(2019, 5, 1), last: null },
  { name: '平成', letters: ['平成', '平', 'H'], base: 1989, first: date(1989, 1, 8), last: date(2019, 4, 30) },
  { name: '昭和', letters: ['昭和', '昭', 'S'], base: 1926, first: date(1926, 12, 25), last: date(1989, 1, 7) },
];

/** 令和5年4月1日 for a date (元年 for year 1), or null before 昭和. */
export function toWareki(v: CalendarDate): string | null {
  for (const era of ERAS) {
    if (compareDates(v, era.first) >= 0 && (!era.last || compareDates(v, era.last) <= 0)) {
      const n = v.y - era.base + 1;
      return `${era.name}${n === 1 ? '元' : n}年${v.m}月${v.d}日`;
    }
  }
  return null;
}

const EMPTY: DateParse = { kind: 'empty' };
const ok = (v: CalendarDate): DateParse => ({ kind: 'date', date: v });
const bad = (message: string): DateParse => ({ kind: 'invalid', message });

const FORMAT_HINT = '「2024/04/01」または「令和6年4月1日」の形で入力してください。';

/** Serial numbers we accept as dates: 1900-03-01 … 2099-12-31. */
const MIN_SERIAL = 61;
const MAX_SERIAL = 73050;

export function parseDateCell(cell: Cell): DateParse {
  if (cell === null) return EMPTY;
  if (isCalendarDate(cell)) return ok(cell);
  if (typeof cell === 'boolean') return bad(`日付ではなく${cell ? 'TRUE' : 'FALSE'}が入っています。${FORMAT_HINT}`);
  if (typeof cell === 'number') return parseNumber(cell);
  const special = formulaProblem(cell);
  if (special) return bad(special);
  return parseText(cell);
}

/** Error values as Sheets' getValues and Excel files give them (#REF!, #DIV/0!, …). */
const ERROR_VALUE =
  /^#(REF!|DIV\/0!|VALUE!|N\/A|NAME\?|NUM!|NULL!|ERROR!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!|UNKNOWN!|BUSY!|CONNECT!)$/i;

/**
 * Why a cell holding a formula's outcome cannot be a date, in words, or null: an error value (#REF! when the
 * cells a formula points to were deleted…), or a formula whose result the file does not hold (the .xlsx
 * adapter gives such a cell as its formula text, `=1/0`: a file written by a program that never calculated it).
 */
export function formulaProblem(text: string): string | null {
  const t = text.trim();
  if (ERROR_VALUE.test(t)) {
    return `「${t}」は数式のエラー値です（参照先のセルが削除された、0で割ったなど）。日付は計算されていません。セルの数式を直すか、日付を直接入力してください（例: 2024/04/01）。`;
  }
  if (t.startsWith('=')) {
    return `数式「${t}」の計算結果がファイルに保存されていないため、日付が読めません。Excel または LibreOffice で開いて保存し直すか、日付を直接入力してください（例: 2024/04/01）。`;
  }
  return null;
}

function parseNumber(n: number): DateParse {
  if (!Number.isFinite(n)) return bad(`日付として読めない数値です。${FORMAT_HINT}`);
  // 20240401 typed as a number
  if (Number.isInteger(n) && n >= 19000101 && n <= 20991231) {
    const y = Math.floor(n / 10000);
    const m = Math.floor(n / 100) % 100;
    const d = n % 100;
    if (isValidDate(y, m, d)) return ok(date(y, m, d));
  }
  // A year typed alone (2024) would otherwise read as a serial in 1905.
  if (Number.isInteger(n) && n >= 1900 && n <= 2099) {
    return bad(`「${n}」は年だけで、月日がありません。${FORMAT_HINT}`);
  }
  if (n < MIN_SERIAL || n >= MAX_SERIAL + 1) {
    return bad(`数値「${n}」は日付のシリアル値として範囲外です。${FORMAT_HINT}`);
  }
  return ok(fromSerial(n));
}

const WESTERN = /^(\d{4})[/\-.年](\d{1,2})[/\-.月](\d{1,2})日?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const ERA_FORM = /^(令和|平成|昭和|令|平|昭|[RHS])\.?(元|\d{1,2})[年/\-.](\d{1,2})[月/\-.](\d{1,2})日?$/i;
/** An instant with a time zone (2023-03-31T15:00:00Z): its date is the date in Tokyo. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
/** A year and month without a day: 2023/4, 令和5年4月. */
const NO_DAY = /^(?:(令和|平成|昭和|令|平|昭|[RHS])\.?(元|\d{1,2})|\d{4})[年/\-.](\d{1,2})月?$/i;
/** A month and day without a year: 4/1, 4月1日. */
const NO_YEAR = /^\d{1,2}[月/\-.]\d{1,2}日?$/;
const ERALESS = /^(\d{1,2})[/\-.年](\d{1,2})[/\-.月](\d{1,2})日?$/;

function normalizeDateText(text: string): string {
  return (
    text
      .normalize('NFKC')
      .trim()
      // a time after the date: 2024/04/01 0:00:00, 2024-04-01T00:00:00Z
      // (spaces around ':' tolerated; a split hour or minute is not guessed at)
      .replace(/(\d)\s*(T|\s)\s*([01]?\d|2[0-3])\s*:\s*[0-5]\d(\s*:\s*[0-5]\d(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/, '$1')
      .replace(/[\s\u3000]+/g, '')
      // a weekday in brackets: 2024年4月1日(月)
      .replace(/[(（][月火水木金土日][)）]$/, '')
      .replace(/[－−‐‑‒–—―ー]/g, '-')
  );
}

function parseText(raw: string): DateParse {
  const trimmed = raw.normalize('NFKC').trim();
  if (INSTANT.test(trimmed)) {
    const ms = Date.parse(trimmed);
    if (Number.isFinite(ms)) return ok(tokyoDateAt(ms));
  }
  const text = normalizeDateText(raw);
  if (text === '') return EMPTY;

  let m = WESTERN.exec(text) ?? COMPACT.exec(text);
  if (m) return western(Number(m[1]), Number(m[2]), Number(m[3]));

  m = ERA_FORM.exec(text);
  if (m) {
    const letter = m[1].toUpperCase();
    const era = ERAS.find((e) => e.letters.includes(letter));
    if (era) return wareki(era, m[2] === '元' ? 1 : Number(m[2]), Number(m[3]), Number(m[4]));
  }

  m = ERALESS.exec(text);
  if (m) {
    const [n, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const hints: string[] = [];
    if (n >= 1 && isValidDate(2018 + n, mo, d))
      hints.push(`令和${n}年なら「R${n}.${mo}.${d}」（${formatSlash(date(2018 + n, mo, d))}）`);
    if (isValidDate(2000 + n, mo, d)) hints.push(`西暦${2000 + n}年なら「${formatSlash(date(2000 + n, mo, d))}」`);
    const hint = hints.length ? `${hints.join('、')}のように、` : '';
    return bad(`「${raw.trim()}」は元号がないため年が決まりません。${hint}元号を付けるか西暦4桁で入力してください。`);
  }
  if (/^\d+(\.\d+)?$/.test(text)) return parseNumber(Number(text));
  if (NO_DAY.test(text)) return bad(`「${raw.trim()}」には日がありません。${FORMAT_HINT}`);
  if (NO_YEAR.test(text)) return bad(`「${raw.trim()}」には年がありません。${FORMAT_HINT}`);
  return bad(`「${raw.trim()}」は日付として読めません。${FORMAT_HINT}`);
}

function western(y: number, m: number, d: number): DateParse {
  if (isValidDate(y, m, d)) return ok(date(y, m, d));
  if (m < 1 || m > 12) return bad(`${m}月という月はありません。月日の順序と入力を確認してください。${FORMAT_HINT}`);
  if (d < 1) return bad(`${d}日という日はありません。日付を確認してください。${FORMAT_HINT}`);
  const last = daysInMonth(y, m);
  return bad(
    `${y}年${m}月は${last}日までです（${d}日はありません）。日付を確認してください（月末なら${formatSlash(date(y, m, last))}）。`,
  );
}

function wareki(era: Era, n: number, m: number, d: number): DateParse {
  const label = (k: number) => `${era.name}${k === 1 ? '元' : k}年`;
  if (n < 1) {
    // 令和0年 read by the formula (2018+N) is 2018: offer that date in its own era.
    const y0 = era.base - 1;
    const other = isValidDate(y0, m, d) ? toWareki(date(y0, m, d)) : null;
    const hint = other ? `${y0}年のことなら「${other}」（${formatSlash(date(y0, m, d))}）です。` : '';
    return bad(`${era.name}は元年（1年）から始まり、${era.name}0年はありません。${hint}年を確認してください。`);
  }
  const y = era.base + n - 1;
  if (m < 1 || m > 12) return bad(`${m}月という月はありません。月日の順序と入力を確認してください。${FORMAT_HINT}`);
  if (d < 1) return bad(`${d}日という日はありません。日付を確認してください。${FORMAT_HINT}`);
  if (!isValidDate(y, m, d)) {
    const last = daysInMonth(y, m);
    return bad(
      `${label(n)}${m}月は${last}日までです（${d}日はありません）。日付を確認してください（月末なら${label(n)}${m}月${last}日）。`,
    );
  }
  const v = date(y, m, d);
  if (compareDates(v, era.first) < 0) {
    const other = toWareki(v);
    const hint = other ? `「${other}」（${formatSlash(v)}）のことでしょうか。` : '';
    return bad(
      `${label(n)}${m}月${d}日は${era.name}の始まり（${formatSlash(era.first)}）より前で、存在しません。${hint}`,
    );
  }
  if (era.last && compareDates(v, era.last) > 0) {
    const other = toWareki(v);
    const hint = other ? `「${other}」（${formatSlash(v)}）のことでしょうか。` : '';
    return bad(`${era.name}は${formatSlash(era.last)}までのため、${label(n)}${m}月${d}日は存在しません。${hint}`);
  }
  return ok(v);
}
