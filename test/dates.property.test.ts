// Property: every valid date 1926-12-25 … 2099-12-31, written in every supported form (Western and 和暦,
// full-width, stray spaces), parses back to the same date. Dates, eras and serials are computed here
// independently of src/domain/calendar.ts (with Date.UTC, which no machine time zone affects).
import { parseDateCell } from '../src/domain/dates';
import type { Cell } from '../src/workbook/port';
import { prng } from '../src/demo/prng';

const DAY = 86400000;
const FIRST = Date.UTC(1926, 11, 25);
const LAST = Date.UTC(2099, 11, 31);

interface Ymd {
  y: number;
  m: number;
  d: number;
}

function ymdAt(ms: number): Ymd {
  const t = new Date(ms);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** Era of a date by the boundaries of domain.md §3 (our own table for the test). */
function eraOf(v: Ymd): { name: string; short: string; letter: string; n: number } {
  const key = v.y * 10000 + v.m * 100 + v.d;
  if (key >= 20190501) return { name: '令和', short: '令', letter: 'R', n: v.y - 2018 };
  if (key >= 19890108) return { name: '平成', short: '平', letter: 'H', n: v.y - 1988 };
  return { name: '昭和', short: '昭', letter: 'S', n: v.y - 1925 };
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));
const WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'];

function textForms(v: Ymd, ms: number): string[] {
  const { y, m, d } = v;
  const e = eraOf(v);
  const n = e.n;
  const yearWord = n === 1 ? '元' : String(n);
  return [
    `${y}/${m}/${d}`,
    `${y}/${pad(m)}/${pad(d)}`,
    `${y}-${pad(m)}-${pad(d)}`,
    `${y}-${m}-${d}`,
    `${y}.${m}.${d}`,
    `${y}年${m}月${d}日`,
    `${y}年${pad(m)}月${pad(d)}日`,
    `${y}${pad(m)}${pad(d)}`,
    `${y}年${m}月${d}日(${WEEKDAYS[new Date(ms).getUTCDay()]})`,
    `${y}/${pad(m)}/${pad(d)} 0:00:00`,
    `${e.name}${yearWord}年${m}月${d}日`,
    `${e.name}${n}年${m}月${d}日`,
    `${e.letter}${n}.${m}.${d}`,
    `${e.letter}${pad(n)}.${pad(m)}.${pad(d)}`,
    `${e.letter.toLowerCase()}${n}.${m}.${d}`,
    `${e.letter}${n}/${m}/${d}`,
    `${e.letter}${n}-${pad(m)}-${pad(d)}`,
    `${e.short}${n}.${m}.${d}`,
    `${e.short}${n}年${m}月${d}日`,
  ];
}

/** ASCII → full-width (digits, letters, / . - : and space). */
function fullWidth(s: string): string {
  return s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');
}

function withStraySpaces(s: string, rnd: () => number): string {
  const chars = [...s];
  const at = Math.floor(rnd() * (chars.length + 1));
  chars.splice(at, 0, rnd() < 0.5 ? ' ' : '\u3000');
  return `${rnd() < 0.5 ? ' ' : ''}${chars.join('')}${rnd() < 0.5 ? '\u3000' : ' '}`;
}

test('random valid dates in every form parse back to the same date', () => {
  const rnd = prng(20240401);
  const span = (LAST - FIRST) / DAY;
  let checked = 0;
  const failures: string[] = [];
  for (let i = 0; i < 4000; i++) {
    // Sample the era boundaries and month ends more often than chance would.
    const ms = i < 12 ? boundaryDay(i) : FIRST + Math.floor(rnd() * (span + 1)) * DAY;
    const v = ymdAt(ms);
    const serial = (ms - Date.UTC(1899, 11, 30)) / DAY;
    const cells: Cell[] = [{ y: v.y, m: v.m, d: v.d }, serial, serial + 0.5, v.y * 10000 + v.m * 100 + v.d];
    // A space inside the time (0:0 0) splits a number and is not guessed at; elsewhere spaces are stray.
    for (const t of textForms(v, ms)) cells.push(t, fullWidth(t), t.includes(':') ? ` ${t} ` : withStraySpaces(t, rnd));
    for (const cell of cells) {
      checked++;
      const r = parseDateCell(cell);
      if (r.kind !== 'date' || r.date.y !== v.y || r.date.m !== v.m || r.date.d !== v.d) {
        if (failures.length < 10) failures.push(`${JSON.stringify(cell)} → ${JSON.stringify(r)}`);
      }
    }
  }
  expect(failures).toEqual([]);
  expect(checked).toBeGreaterThan(200000);
});

/** First/last days of each era and a few month ends. */
function boundaryDay(i: number): number {
  const days: [number, number, number][] = [
    [1926, 12, 25],
    [1989, 1, 7],
    [1989, 1, 8],
    [2019, 4, 30],
    [2019, 5, 1],
    [2099, 12, 31],
    [2000, 2, 29],
    [2024, 2, 29],
    [2023, 12, 31],
    [1990, 1, 1],
    [2020, 1, 1],
    [2019, 12, 31],
  ];
  const [y, m, d] = days[i];
  return Date.UTC(y, m - 1, d);
}

test('a date written in an era it is not in is an error that names the right era', () => {
  const rnd = prng(7);
  const eras = [
    { name: '令和', letter: 'R', base: 2018 },
    { name: '平成', letter: 'H', base: 1988 },
    { name: '昭和', letter: 'S', base: 1925 },
  ];
  let checked = 0;
  for (let i = 0; i < 3000; i++) {
    const ms = FIRST + Math.floor(rnd() * ((LAST - FIRST) / DAY + 1)) * DAY;
    const v = ymdAt(ms);
    const right = eraOf(v);
    for (const e of eras) {
      const n = v.y - e.base;
      if (e.name === right.name || n < 1 || n > 99) continue;
      checked++;
      const r = parseDateCell(`${e.letter}${n}.${v.m}.${v.d}`);
      expect(r.kind).toBe('invalid');
      if (r.kind === 'invalid') {
        expect(r.message).toContain(`「${right.name}${right.n === 1 ? '元' : right.n}年${v.m}月${v.d}日」`);
      }
    }
  }
  expect(checked).toBeGreaterThan(1000);
});

test('a day the month lacks is an error suggesting the month end, in both calendars', () => {
  const rnd = prng(99);
  for (let i = 0; i < 2000; i++) {
    const y = 1990 + Math.floor(rnd() * 100);
    const m = 1 + Math.floor(rnd() * 12);
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    if (last === 31) continue;
    const d = last + 1 + Math.floor(rnd() * (31 - last));
    const western = parseDateCell(`${y}/${m}/${d}`);
    expect(western.kind).toBe('invalid');
    if (western.kind === 'invalid') expect(western.message).toContain(`${y}/${pad(m)}/${pad(last)}`);
    const e = eraOf({ y, m, d: 1 });
    const wareki = parseDateCell(`${e.name}${e.n}年${m}月${d}日`);
    expect(wareki.kind).toBe('invalid');
    if (wareki.kind === 'invalid') expect(wareki.message).toContain(`${last}日まで`);
  }
});
