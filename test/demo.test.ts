// The sample book: deterministic, realistic, every row valid except the planted ones (checked by an
// independent row checker written from domain.md), and the same through the exceljs adapter.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { compareDates, daysBetween, daysInMonth, sameDate, type CalendarDate } from '../src/domain/calendar';
import { parseDateCell } from '../src/domain/dates';
import { shareDeadline, supportPeriod } from '../src/domain/periods';
import {
  CONTACT_METHODS,
  CONTACT_PARTIES,
  DISABILITY_TYPES,
  EMPLOYER_KINDS,
  END_REASONS,
  HANDOVER_STATES,
  NEEDS_SUPPORT,
  PLAN_KINDS,
  PRIOR_OFFICE_KINDS,
  PRIOR_SERVICES,
} from '../src/domain/schema';
import { normalizeCenter } from '../src/domain/text';
import { generateSampleBook, type SampleOptions } from '../src/demo/sample';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';
import type { Cell } from '../src/workbook/port';
import { XlsxWorkbook } from '../src/xlsx/xlsxWorkbook';
import { SEED_CENTER_ORDER } from './fixtures/seed-tables';
import { assertWrittenValid } from './fixtures/writtenBooks';

// domain.md §4: the 16 centers in seed 000's order (typed from the seed text in seed-tables.ts).
const CENTERS = SEED_CENTER_ORDER.map(normalizeCenter);

const DATE_HEADERS = [
  '就職日',
  '起算日（復職等）',
  '利用開始日',
  '支給決定開始日',
  '支給決定終了日',
  '離職日',
  '再就職日',
  '利用終了日',
  '同意取得日',
  '情報共有日',
];

function generate(opts: SampleOptions) {
  const book = new MemoryWorkbook();
  const meta = generateSampleBook(book, opts);
  return { book, meta };
}

interface Ledger {
  headerRow: number;
  col: Map<string, number>;
  rows: { row: number; cells: Cell[] }[];
}

function readLedger(book: MemoryWorkbook | XlsxWorkbook): Ledger {
  const values = book.readSheet('ケース台帳')!;
  const h = values.findIndex((r) => r.includes('ケースID'));
  const col = new Map(values[h].map((v, i) => [String(v), i]));
  const rows = values
    .slice(h + 1)
    .map((cells, i) => ({ row: h + 2 + i, cells }))
    .filter((r) => r.cells.some((c) => c !== null));
  return { headerRow: h + 1, col, rows };
}

/** Problems of one ledger row by the rules of domain.md, keyed by column header (our own slow checker). */
function problemsOf(ledger: Ledger, cells: Cell[], today: CalendarDate, idCount: Map<string, number>): Set<string> {
  const out = new Set<string>();
  const get = (h: string): Cell => cells[ledger.col.get(h)!] ?? null;
  const dates = new Map<string, CalendarDate | null>();
  for (const h of DATE_HEADERS) {
    const p = parseDateCell(get(h));
    if (p.kind === 'invalid') out.add(h);
    dates.set(h, p.kind === 'date' ? p.date : null);
  }
  const d = (h: string) => dates.get(h) ?? null;
  const bad = (h: string, cond: boolean) => cond && out.add(h);

  const id = get('ケースID');
  bad('ケースID', typeof id !== 'string' || id === '' || (idCount.get(id) ?? 0) > 1);
  bad('事業所名', !get('事業所名'));
  const center = get('担当センター');
  bad('担当センター', typeof center !== 'string' || !CENTERS.includes(normalizeCenter(center)));
  bad('就職日', !d('就職日') && !out.has('就職日'));
  const no = get('受給者証番号');
  bad('受給者証番号', typeof no !== 'string' || !/^\d{10}$/.test(no));
  const inList = (h: string, list: readonly string[]) => {
    const v = get(h);
    bad(h, v !== null && !list.includes(String(v)));
  };
  inList('利用前サービス', PRIOR_SERVICES);
  inList('前利用事業所区分', PRIOR_OFFICE_KINDS);
  inList('就職先区分', EMPLOYER_KINDS);
  inList('計画相談', PLAN_KINDS);
  inList('終了理由', END_REASONS);
  inList('要継続支援', NEEDS_SUPPORT);
  inList('引継ぎ状況', HANDOVER_STATES);
  const disability = get('障害種別');
  if (disability !== null)
    bad(
      '障害種別',
      String(disability)
        .split(/[、・/,]/)
        .some((t) => !(DISABILITY_TYPES as readonly string[]).includes(t)),
    );
  bad('就職先区分', get('就職先区分') === '就労継続支援A型事業所');

  for (const h of [
    '就職日',
    '起算日（復職等）',
    '利用開始日',
    '離職日',
    '再就職日',
    '利用終了日',
    '同意取得日',
    '情報共有日',
  ]) {
    const v = d(h);
    bad(h, v !== null && compareDates(v, today) > 0);
  }
  const hire = d('就職日');
  if (!hire) return out;
  const restart = d('起算日（復職等）');
  bad('起算日（復職等）', restart !== null && compareDates(restart, hire) < 0);
  const period = supportPeriod(hire, restart);
  const start = d('利用開始日');
  const end = d('利用終了日');
  if (start) {
    bad('利用開始日', compareDates(start, period.firstEligibleDay) !== 0); // before: error; after: warning
  } else {
    bad('利用開始日', compareDates(period.firstEligibleDay, today) <= 0 && !out.has('利用開始日'));
  }
  if (end) {
    bad(
      '利用終了日',
      compareDates(end, period.lastEligibleDay) > 0 || (start !== null && compareDates(end, start) < 0),
    );
    bad('終了理由', !get('終了理由'));
  } else bad('終了理由', get('終了理由') !== null);
  bad('利用終了日', !end && compareDates(period.lastEligibleDay, today) < 0); // past the cap but not closed

  const gs = d('支給決定開始日');
  const ge = d('支給決定終了日');
  if (start && !end) bad('支給決定終了日', !gs || !ge);
  if (gs && ge) {
    bad('支給決定開始日', compareDates(gs, ge) > 0 || (start !== null && compareDates(gs, start) < 0));
    bad('支給決定終了日', compareDates(ge, period.lastEligibleDay) > 0);
    bad(
      '支給決定終了日',
      ge.d !== daysInMonth(ge.y, ge.m) && !sameDate(ge, period.lastEligibleDay), // grants end on a month end or the cap
    );
    bad('支給決定終了日', !end && daysBetween(today, ge) <= 60); // renewal due
  }

  const sep = d('離職日');
  const rehire = d('再就職日');
  if (rehire) bad('再就職日', !sep || daysBetween(sep, rehire) <= 0 || daysBetween(sep, rehire) > 31);
  if (sep) bad('離職日', compareDates(sep, hire) < 0);

  const consent = d('同意取得日');
  const shared = d('情報共有日');
  const planned = end ?? period.lastEligibleDay;
  if (shared) {
    bad('情報共有日', !consent || compareDates(consent, shared) > 0);
    bad('情報共有日', compareDates(shared, shareDeadline(planned)) > 0);
  }
  bad('引継ぎ状況', get('引継ぎ状況') === '済' && !shared);
  bad('引継ぎ状況', get('要継続支援') === '非該当' && get('引継ぎ状況') !== null && get('引継ぎ状況') !== '不要');
  bad('要継続支援', !end && daysBetween(today, planned) <= 180 && get('要継続支援') === null);
  return out;
}

function checkLedger(book: MemoryWorkbook, meta: ReturnType<typeof generateSampleBook>, today: CalendarDate) {
  const ledger = readLedger(book);
  const ids = new Map<string, number>();
  for (const r of ledger.rows) {
    const id = String(r.cells[ledger.col.get('ケースID')!]);
    ids.set(id, (ids.get(id) ?? 0) + 1);
  }
  const planted = new Map(meta.plantedProblems.map((p) => [p.row, p]));
  const unexpected: string[] = [];
  for (const r of ledger.rows) {
    const found = [...problemsOf(ledger, r.cells, today, ids)];
    const p = planted.get(r.row);
    if (p?.column === 'ケースID') {
      // Both rows of a duplicated ID show it; the planted one is the later row.
      expect(found).toEqual(['ケースID']);
      continue;
    }
    const dupFirst = meta.plantedProblems.some(
      (q) => q.column === 'ケースID' && q.why.includes(`が ${r.row}行目と重複`),
    );
    const expected = p ? [p.column] : dupFirst ? ['ケースID'] : [];
    if (JSON.stringify(found) !== JSON.stringify(expected))
      unexpected.push(`${r.row}: found ${found.join(',') || '-'} expected ${expected.join(',') || '-'}`);
  }
  expect(unexpected).toEqual([]);
  return ledger;
}

describe('a messy sample ledger', () => {
  const todays: CalendarDate[] = [
    { y: 2026, m: 4, d: 1 },
    { y: 2025, m: 11, d: 30 },
    { y: 2024, m: 2, d: 29 },
  ];
  test.each(todays.map((t, i) => [t, 7 + i] as const))(
    'every row is valid except the planted ones (today %o, seed %i)',
    (today, seed) => {
      const { book, meta } = generate({ cases: 300, seed, today, messy: true });
      expect(meta.plantedProblems.length).toBeGreaterThanOrEqual(8);
      expect(meta.plantedProblems.length).toBeLessThanOrEqual(12);
      expect(new Set(meta.plantedProblems.map((p) => p.row)).size).toBe(meta.plantedProblems.length);
      expect(meta.plantedProblems.some((p) => p.kind === 'warning')).toBe(true);
      checkLedger(book, meta, today);
    },
  );

  test('looks like a real office sheet: title, own column, blank row, text dates of every form, name variants', () => {
    const today = { y: 2026, m: 4, d: 1 };
    const { book, meta } = generate({ cases: 300, seed: 3, today, messy: true });
    const values = book.readSheet('ケース台帳')!;
    expect(values[0][0]).toBe('令和8年度 就労定着支援 ケース台帳');
    expect(meta.headerRow).toBe(3);
    expect(values[2]).toContain('メモ欄');
    expect(values[meta.blankRow! - 1].every((c) => c === null)).toBe(true);
    const texts = values.flat().filter((c): c is string => typeof c === 'string');
    for (const form of [
      /^R\d+\.\d+\.\d+$/,
      /^令和(元|\d+)年\d+月\d+日$/,
      /^H31\.4\.1$/,
      /^[０-９]{4}／/,
      /^\d{4}\/\d{1,2}\/\d{1,2}$/,
      /^\d{4}-\d{2}-\d{2}$/,
    ])
      expect(texts.some((t) => form.test(t))).toBe(true);
    const centerCol = values[2].indexOf('担当センター');
    const centers = values.slice(3).map((r) => r[centerCol]);
    expect(
      centers.some((c) => typeof c === 'string' && !CENTERS.includes(c) && CENTERS.includes(normalizeCenter(c))),
    ).toBe(true);
    const names = values.slice(3).map((r) => r[values[2].indexOf('氏名')]);
    expect(
      names.filter((n) => n !== null).every((n) => /^(テスト|サンプル|カクウ|ダミー|レイ|タメシ) /.test(String(n))),
    ).toBe(true);
  });

  test('covers every stage: waiting, active near the end, ended, handed over', () => {
    const today = { y: 2026, m: 4, d: 1 };
    const { book, meta } = generate({ cases: 1000, seed: 5, today, messy: false });
    expect(meta.plantedProblems).toEqual([]);
    expect(meta.status.waiting).toBeGreaterThan(0);
    expect(meta.status.active).toBeGreaterThan(50);
    expect(meta.status.ended).toBeGreaterThan(50);
    const ledger = checkLedger(book, meta, today);
    const get = (cells: Cell[], h: string) => cells[ledger.col.get(h)!];
    expect(ledger.rows.some((r) => get(r.cells, '引継ぎ状況') === '済')).toBe(true);
    expect(ledger.rows.some((r) => get(r.cells, '引継ぎ状況') === '調整中')).toBe(true);
    const endingSoon = ledger.rows.filter((r) => {
      const hire = get(r.cells, '就職日') as CalendarDate;
      const last = supportPeriod(hire).lastEligibleDay;
      return !get(r.cells, '利用終了日') && daysBetween(today, last) >= 0 && daysBetween(today, last) <= 180;
    });
    expect(endingSoon.length).toBeGreaterThan(3);
    const monthEndHires = ledger.rows.filter((r) => {
      const h = get(r.cells, '就職日') as CalendarDate;
      return h.d >= 29;
    });
    expect(monthEndHires.length).toBeGreaterThan(0);
  });
});

describe('other tabs', () => {
  const today = { y: 2026, m: 4, d: 1 };

  test('支援記録 rows refer to started cases, within their service and not in the future', () => {
    const { book, meta } = generate({ cases: 200, seed: 11, today, messy: false });
    const ledger = readLedger(book);
    const starts = new Map(
      ledger.rows.map((r) => [r.cells[ledger.col.get('ケースID')!], r.cells[ledger.col.get('利用開始日')!]]),
    );
    const contacts = book.readSheet('支援記録')!;
    expect(contacts[0]).toEqual(['ケースID', '日付', '相手', '方法', '支援レポート共有', '内容']);
    expect(contacts.length - 1).toBe(meta.contactRows);
    expect(meta.contactRows).toBeGreaterThan(50);
    for (const [id, day, party, method, report] of contacts.slice(1)) {
      const start = starts.get(id) as CalendarDate;
      expect(start).toBeDefined();
      expect(compareDates(day as CalendarDate, start)).toBeGreaterThanOrEqual(0);
      expect(compareDates(day as CalendarDate, today)).toBeLessThanOrEqual(0);
      expect(CONTACT_PARTIES).toContain(party);
      expect(CONTACT_METHODS).toContain(method);
      expect([null, 'はい', 'いいえ']).toContain(report);
    }
  });

  test('フォームの回答 1: one answer per center per month, two resubmissions and one invalid answer', () => {
    const { book, meta } = generate({ cases: 20, seed: 2, today, messy: true, activityYears: 2 });
    const form = book.readSheet('フォームの回答 1')!;
    expect(form[0]).toEqual([
      'タイムスタンプ',
      'センター名',
      '対象年月',
      '個別支援会議件数',
      'ネットワーク会議件数',
      '研修会件数',
      '研修会内容',
      '提出者',
    ]);
    // 24 months × 16 centers + 2 resubmissions + 1 invalid, less the answers for March 2026 that would be
    // stamped after today (2026-04-01): those centers have not sent theirs yet (sent on April 1..10).
    expect(meta.formRows).toBeLessThan(16 * 24 + 3);
    expect(meta.formRows).toBeGreaterThanOrEqual(16 * 23 + 3);
    expect(form.length - 1).toBe(meta.formRows);
    const stamps = form.slice(1).map((r) => String(r[0]));
    for (const st of stamps) {
      const m = /^(\d{4})\D(\d{1,2})\D(\d{1,2})/.exec(st);
      expect(m).not.toBeNull();
      expect(Number(m![1]) * 10000 + Number(m![2]) * 100 + Number(m![3])).toBeLessThanOrEqual(20260401);
    }
    const sortable = stamps.map((s) => s.replace(/ (\d):/, ' 0$1:'));
    expect([...sortable].sort()).toEqual(sortable);
    const monthKey = (v: Cell): string => {
      const s = String(v);
      const m = /^(\d{4})[-/](\d{1,2})$/.exec(s) ?? /^令和(\d+)年(\d+)月$/.exec(s);
      if (!m) throw new Error(`month ${s}`);
      const y = s.startsWith('令和') ? 2018 + Number(m[1]) : Number(m[1]);
      return `${y}-${Number(m[2])}`;
    };
    const corrections = meta.formNotes.filter((n) => n.kind === 'correction');
    expect(corrections).toHaveLength(2);
    for (const c of corrections) {
      const row = form[c.row - 1];
      const earlier = form.slice(1, c.row - 1).filter((r) => r[1] === row[1] && monthKey(r[2]) === monthKey(row[2]));
      expect(earlier).toHaveLength(1);
      expect(earlier[0][3]).not.toBe(row[3]);
    }
    const invalid = meta.formNotes.filter((n) => n.kind === 'invalid');
    expect(invalid).toHaveLength(1);
    expect(form[invalid[0].row - 1][3]).toBe(-3);
    // Every answer's center is a known one, counts are whole numbers ≥ 0 except the invalid one.
    form.slice(1).forEach((r, i) => {
      expect(CENTERS).toContain(normalizeCenter(String(r[1])));
      if (i + 2 !== invalid[0].row)
        for (const n of r.slice(3, 6)) expect(Number.isInteger(n) && (n as number) >= 0).toBe(true);
    });
  });

  test('設定 holds the 16 centers', () => {
    const { book } = generate({ cases: 5, today });
    const settings = book.readSheet('設定')!.flat();
    for (const c of CENTERS) expect(settings.map((v) => normalizeCenter(String(v)))).toContain(c);
  });
});

describe('determinism and scale', () => {
  const today = { y: 2026, m: 4, d: 1 };

  test('the same seed gives the same book; another seed another book', () => {
    const a = generate({ cases: 150, seed: 42, today, messy: true }).book.snapshot();
    const b = generate({ cases: 150, seed: 42, today, messy: true }).book.snapshot();
    const c = generate({ cases: 150, seed: 43, today, messy: true }).book.snapshot();
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  test('a large clean ledger (the benchmark uses 50,000)', () => {
    const { book, meta } = generate({ cases: 10000, seed: 1, today });
    expect(meta.cases).toBe(10000);
    expect(meta.headerRow).toBe(1);
    expect(meta.lastDataRow).toBe(10001);
    expect(meta.status.waiting + meta.status.active + meta.status.ended).toBe(10000);
    expect(book.readSheet('ケース台帳')!.length).toBe(10001);
    expect(meta.plantedProblems).toEqual([]);
  });
});

describe('through the exceljs adapter', () => {
  test('an .xlsx sample reads back exactly like the in-memory one', async () => {
    const today = { y: 2026, m: 4, d: 1 };
    const opts = { cases: 300, seed: 9, today, messy: true, activityYears: 1 };
    const memory = generate(opts).book;
    const xlsx = XlsxWorkbook.create();
    generateSampleBook(xlsx, opts);
    const back = await XlsxWorkbook.fromBuffer(await xlsx.toBuffer());
    expect(back.sheetNames()).toEqual([
      'ケース台帳',
      '設定',
      '離職・再就職',
      '就労確認',
      '支援記録',
      'フォームの回答 1',
    ]);
    for (const tab of back.sheetNames()) expect(back.readSheet(tab)).toEqual(memory.readSheet(tab));
  });

  test('npm run demo writes out/demo.xlsx, which opens with the sample tabs', async () => {
    const root = path.resolve(__dirname, '..');
    const output = execFileSync(process.execPath, ['scripts/run.js', 'scripts/demo.ts'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(output).toContain('サンプル台帳を作成しました');
    const file = path.join(root, 'out', 'demo.xlsx');
    expect(existsSync(file)).toBe(true);
    assertWrittenValid(file);
    const book = await XlsxWorkbook.load(file);
    for (const tab of ['ケース台帳', '設定', '支援記録', 'フォームの回答 1']) expect(book.sheetNames()).toContain(tab);
    expect(book.readSheet('ケース台帳')!.length).toBeGreaterThan(300);
  });
});
