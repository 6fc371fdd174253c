// The options a command takes (target month, fiscal year), each with ONE parser that reads what
// people type, used alike by the CLI's flags and the Sheets menu's prompts:
//   month        2024-03 · 2024-3 · 2024/3 · 2024.3 · 2024年3月 · 令和6年3月 · 令6年3月 · R6.3 · R6/3 · R6年3月
//   fiscal year  2025 · 2025年度 · 令和7年度 · 令和7 · R7 · R7年度 · 令和元年度
// Full-width digits and letters are read as half-width. The canonical form (2024-03, 2025) is what
// reaches a command in CommandOptions, whatever was typed.

import {
  addMonthsToYearMonth,
  fiscalYearOf,
  formatYearMonth,
  type CalendarDate,
  type YearMonth,
} from '../../domain/calendar';
import { ERAS } from '../../domain/dates';
import { CommandUsageError, type CommandOptions } from '../types';

/** Years a month or fiscal year may name: the service began in FY2018; later than 2100 is a typo. */
const MIN_YEAR = 2000;
const MIN_FISCAL_YEAR = 2018;
const MAX_YEAR = 2100;

/** An era year (令和6, R6, 令6, 令和元) as the Gregorian year, or null. */
function eraYear(text: string): { year: number; era: (typeof ERAS)[number] } | null {
  for (const era of ERAS) {
    for (const letters of era.letters) {
      if (!text.startsWith(letters)) continue;
      const rest = text.slice(letters.length);
      const n = rest === '元' ? 1 : /^\d{1,2}$/.test(rest) ? Number(rest) : NaN;
      if (Number.isInteger(n) && n >= 1) return { year: era.base + n - 1, era };
    }
  }
  return null;
}

function normalise(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, '').toUpperCase();
}

/** A month as people type it (see the file comment), or null. */
export function parseMonthInput(text: string): YearMonth | null {
  const t = normalise(text);
  const m = /^(.+?)[-/.](\d{1,2})$/.exec(t) ?? /^(.+?)年(\d{1,2})月?$/.exec(t);
  if (!m) return null;
  if (/^\d{4}$/.test(m[1])) return checkMonth(Number(m[1]), Number(m[2]));
  const era = eraYear(m[1]);
  if (!era) return null;
  const month = checkMonth(era.year, Number(m[2]));
  if (!month) return null;
  // The month must lie inside the era (令和1年4月 was still 平成).
  const { first, last } = era.era;
  const key = month.y * 12 + month.m;
  if (key < first.y * 12 + first.m || (last && key > last.y * 12 + last.m)) return null;
  return month;
}

function checkMonth(y: number, m: number): YearMonth | null {
  return y >= MIN_YEAR && y <= MAX_YEAR && m >= 1 && m <= 12 ? { y, m } : null;
}

/** A fiscal year (April–March) as people type it (see the file comment), or null. */
export function parseFiscalYearInput(text: string): number | null {
  const t = normalise(text).replace(/年度$/, '');
  let fy: number;
  if (/^\d{4}$/.test(t)) fy = Number(t);
  else {
    const era = eraYear(t);
    if (!era) return null;
    fy = era.year;
  }
  return fy >= MIN_FISCAL_YEAR && fy <= MAX_YEAR ? fy : null;
}

const MONTH_FORMS = '「2024-03」（YYYY-MM）・「2024/3」・「2024年3月」・「令和6年3月」・「R6.3」';
const FISCAL_YEAR_FORMS = '「2025」（西暦4桁）・「2025年度」・「令和7年度」・「R7」';

/** One option of a command: how the CLI names it, how the menu asks for it, how it is read. */
export interface CommandOption<T = unknown> {
  /** Where the canonical text travels in CommandOptions. */
  readonly key: 'month' | 'fy';
  /** The CLI flag (--month). */
  readonly flag: string;
  /** What follows the flag in --help. */
  readonly placeholder: string;
  /** --help's description. */
  readonly help: string;
  /** What the menu's prompt asks (the default shown as `fallback`). */
  prompt(fallback: string): string;
  /** Why `text` was refused, in Japanese (the caller prefixes the flag or shows it as an alert). */
  invalid(text: string): string;
  /** The value of what was typed, or null. */
  parse(text: string): T | null;
  format(value: T): string;
  /** The value when none is given. */
  fallback(today: CalendarDate): T;
}

function monthOption(fallback: (today: CalendarDate) => YearMonth, when: string): CommandOption<YearMonth> {
  return {
    key: 'month',
    flag: '--month',
    placeholder: 'YYYY-MM',
    help: `対象月（${MONTH_FORMS}。省略時は${when}）`,
    prompt: (shown) => `対象の月を「2024-03」「令和6年3月」などの形で入力してください（空欄のままOKで ${shown}）。`,
    invalid: (text) => `「${text}」は月として読めません。${MONTH_FORMS}の形で指定してください。`,
    parse: parseMonthInput,
    format: formatYearMonth,
    fallback,
  };
}

/** The month to work on; by default the month before today's (a month is reported once it is over). */
export const LAST_MONTH = monthOption((today) => addMonthsToYearMonth({ y: today.y, m: today.m }, -1), '先月');

/** The month to work on; by default today's month (what is still to do). */
export const THIS_MONTH = monthOption((today) => ({ y: today.y, m: today.m }), '今月');

/** The fiscal year (April–March); by default the one containing today. */
export const FISCAL_YEAR: CommandOption<number> = {
  key: 'fy',
  flag: '--fy',
  placeholder: 'YYYY',
  help: `対象年度（${FISCAL_YEAR_FORMS}。2025年度 = 2025年4月〜2026年3月。省略時は今年度）`,
  prompt: (shown) => `対象の年度を「2025」「令和7年度」「R7」などの形で入力してください（空欄のままOKで ${shown}）。`,
  invalid: (text) =>
    `「${text}」は年度として読めません。${FISCAL_YEAR_FORMS}の形で指定してください（2025年度 = 2025年4月〜2026年3月）。`,
  parse: parseFiscalYearInput,
  format: String,
  fallback: fiscalYearOf,
};

/**
 * Reads what was typed for an option: the canonical text, or null when nothing was typed (the
 * command then uses its fallback). Throws a CommandUsageError naming the value when it is unreadable.
 */
export function canonicalOption(option: CommandOption, text: string | undefined, prefix = ''): string | null {
  if (text === undefined || text.trim() === '') return null;
  const value = option.parse(text);
  if (value === null) throw new CommandUsageError(`${prefix}${option.invalid(text)}`);
  return option.format(value);
}

/** The option's value for this run: what CommandOptions holds (read by the same parser), or the fallback. */
export function optionValue<T>(
  option: CommandOption<T>,
  ctx: { readonly options: CommandOptions; readonly today: CalendarDate },
): T {
  const text = ctx.options[option.key];
  if (text === undefined || text.trim() === '') return option.fallback(ctx.today);
  const value = option.parse(text);
  if (value === null) throw new CommandUsageError(option.invalid(text));
  return value;
}
