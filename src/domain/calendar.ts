// Calendar dates as values (year, month, day), never JS Dates: a date in a ledger is a day on the
// Japanese calendar, and must not move when a machine or a spreadsheet sits in another time zone.

export interface CalendarDate {
  readonly y: number;
  /** 1–12 */
  readonly m: number;
  /** 1–31 */
  readonly d: number;
}

export function date(y: number, m: number, d: number): CalendarDate {
  return { y, m, d };
}

export function isCalendarDate(v: unknown): v is CalendarDate {
  return typeof v === 'object' && v !== null && 'y' in v && 'm' in v && 'd' in v;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

export function isValidDate(y: number, m: number, d: number): boolean {
  return (
    Number.isInteger(y) &&
    Number.isInteger(m) &&
    Number.isInteger(d) &&
    y >= 1 &&
    y <= 9999 &&
    m >= 1 &&
    m <= 12 &&
    d >= 1 &&
    d <= daysInMonth(y, m)
  );
}

/** Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's days_from_civil). */
export function dayNumber(v: CalendarDate): number {
  const y = v.m <= 2 ? v.y - 1 : v.y;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (v.m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + v.d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromDayNumber(n: number): CalendarDate {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

export function addDays(v: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(dayNumber(v) + days);
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return dayNumber(b) - dayNumber(a);
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.y !== b.y ? a.y - b.y : a.m !== b.m ? a.m - b.m : a.d - b.d;
}

export function sameDate(a: CalendarDate | null | undefined, b: CalendarDate | null | undefined): boolean {
  if (!a || !b) return a === b || (!a && !b);
  return a.y === b.y && a.m === b.m && a.d === b.d;
}

/** A month shift with what happened to the day, for explaining it in words. */
export interface MonthShift {
  readonly result: CalendarDate;
  /** The target month had no such day, so its last day was used. */
  readonly clamped: boolean;
}

/** Shift by whole months; the day is kept, or clamped to the target month's last day (`clamped`). */
export function shiftMonths(v: CalendarDate, months: number): MonthShift {
  const idx = v.y * 12 + (v.m - 1) + months;
  const y = Math.floor(idx / 12);
  const m = (idx % 12) + 1;
  const last = daysInMonth(y, m);
  return { result: { y, m, d: Math.min(v.d, last) }, clamped: v.d > last };
}

/** Shift by whole months; the day is kept, or clamped to the target month's last day. */
export function addMonthsClamped(v: CalendarDate, months: number): CalendarDate {
  return shiftMonths(v, months).result;
}

/** How a 民法143条 period end was reached, for explaining it in words. */
export interface PeriodEndSteps {
  readonly end: CalendarDate;
  /** The month N months after the start. */
  readonly target: YearMonth;
  /** The corresponding day (応当日) in that month, or null when the month has no such day. */
  readonly correspondingDay: CalendarDate | null;
}

/**
 * End of an N-month period starting on `start` (inclusive), by 民法143条: the day before the
 * corresponding day N months later, or the target month's last day when it has no such day.
 */
export function periodEndSteps(start: CalendarDate, months: number): PeriodEndSteps {
  const idx = start.y * 12 + (start.m - 1) + months;
  const y = Math.floor(idx / 12);
  const m = (idx % 12) + 1;
  const last = daysInMonth(y, m);
  if (start.d <= last) {
    const correspondingDay = { y, m, d: start.d };
    return { end: addDays(correspondingDay, -1), target: { y, m }, correspondingDay };
  }
  return { end: { y, m, d: last }, target: { y, m }, correspondingDay: null };
}

/** periodEndSteps(start, months).end */
export function periodEnd(start: CalendarDate, months: number): CalendarDate {
  return periodEndSteps(start, months).end;
}

const MS_PER_DAY = 86400000;
const TOKYO_OFFSET_MS = 9 * 3600000; // Asia/Tokyo has no DST

/** The calendar date in Asia/Tokyo at an instant (ms since the epoch). */
export function tokyoDateAt(ms: number): CalendarDate {
  return fromDayNumber(Math.floor((ms + TOKYO_OFFSET_MS) / MS_PER_DAY));
}

/** The instant of midnight in Asia/Tokyo that starts the date. */
export function tokyoMidnightMs(v: CalendarDate): number {
  return dayNumber(v) * MS_PER_DAY - TOKYO_OFFSET_MS;
}

/** Spreadsheet serial number: day 0 = 1899-12-30 (Sheets and Excel after 1900-03-01). */
const SERIAL_EPOCH = -25569; // dayNumber(1899-12-30)

export function fromSerial(serial: number): CalendarDate {
  return fromDayNumber(Math.floor(serial) + SERIAL_EPOCH);
}

export function toSerial(v: CalendarDate): number {
  return dayNumber(v) - SERIAL_EPOCH;
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** 2024-04-01 */
export function formatIso(v: CalendarDate): string {
  return `${v.y}-${pad2(v.m)}-${pad2(v.d)}`;
}

/** 2024/04/01 — the display format users see. */
export function formatSlash(v: CalendarDate): string {
  return `${v.y}/${pad2(v.m)}/${pad2(v.d)}`;
}

/** Parses a strict YYYY-MM-DD (used for CLI options, not for ledger cells). */
export function parseIso(text: string): CalendarDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isValidDate(y, mo, d) ? { y, m: mo, d } : null;
}

/** A calendar month. */
export interface YearMonth {
  readonly y: number;
  readonly m: number;
}

export function formatYearMonth(v: YearMonth): string {
  return `${v.y}-${pad2(v.m)}`;
}

export function parseYearMonth(text: string): YearMonth | null {
  const m = /^(\d{4})-(\d{1,2})$/.exec(text.trim());
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return mo >= 1 && mo <= 12 ? { y, m: mo } : null;
}

export function addMonthsToYearMonth(v: YearMonth, months: number): YearMonth {
  const idx = v.y * 12 + (v.m - 1) + months;
  return { y: Math.floor(idx / 12), m: (idx % 12) + 1 };
}

/** Japanese fiscal year (April–March) that contains the date: FY2024 = 2024-04-01 … 2025-03-31. */
export function fiscalYearOf(v: { y: number; m: number }): number {
  return v.m >= 4 ? v.y : v.y - 1;
}

/** 令和元年度, 令和2年度 … (FY2019 onward); 平成N年度 before. */
export function fiscalYearLabel(fy: number): string {
  if (fy >= 2019) {
    const n = fy - 2018;
    return n === 1 ? '令和元年度' : `令和${n}年度`;
  }
  const n = fy - 1988;
  return n === 1 ? '平成元年度' : `平成${n}年度`;
}
