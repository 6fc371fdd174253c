// npm run bench, xlsx section (also alone: npm run bench:xlsx). Every figure is measured in fresh
// processes (bench/xlsxChild.ts, bench/exceljsFloor.ts), the three kinds alternated run by run, and the
// median taken, on ledger-only books (ケース台帳 alone) of 5,000 and 50,000 cases (BENCH_XLSX_SIZES), in
// two shapes (BENCH_XLSX_COLUMNS): all 27 user columns, and the first 11 (ケースID … 就職日, a small
// office's ledger, issue 16); BENCH_XLSX_REPS repetitions (at least 3):
//  - `teichaku all` (CLI, --out another file), with its peak memory (max RSS);
//  - the exceljs floor for the same work: plain exceljs reading the input and writing the book `all`
//    produced. Targets: `all` at most 0.6× of it with 27 columns and at most 1.2× with 11 (its input is
//    small, so the tabs `all` makes weigh more), and peak memory under 1 GB at 50,000 cases;
//  - the unzip + rezip floor: inflating every part of the input and deflating it again with zlib,
//    what any tool that rewrites the package pays at least.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const RUN = join(ROOT, 'scripts', 'run.js');

function child(script: string, args: string[]): Record<string, number> {
  const out = execFileSync(process.execPath, [RUN, join('bench', script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').pop() as string) as Record<string, number>;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const r2 = (n: number) => Math.round(n * 100) / 100;

export interface XlsxRow {
  rows: number;
  /** User columns of the ledger. */
  columns: number;
  allSeconds: number;
  floorSeconds: number;
  rezipSeconds: number;
  ratio: number;
  allPeakMb: number;
  floorPeakMb: number;
  runs: number;
}

export interface XlsxSection {
  sizes: XlsxRow[];
}

/** Target: `teichaku all` at most this share of the exceljs floor, on the full ledger (27 columns). */
export const XLSX_RATIO_TARGET = 0.6;
/** The same on a narrow ledger (11 columns), where the tabs `all` makes are most of the output. */
export const XLSX_NARROW_RATIO_TARGET = 1.2;
const FULL_COLUMNS = 27;
const PEAK_TARGET_MB = 1024;

function ratioTarget(columns: number): number {
  return columns >= FULL_COLUMNS ? XLSX_RATIO_TARGET : XLSX_NARROW_RATIO_TARGET;
}

export function benchXlsxSection(
  sizes: readonly number[] = (process.env.BENCH_XLSX_SIZES ?? '5000,50000').split(',').map(Number),
  reps = Math.max(3, Number(process.env.BENCH_XLSX_REPS ?? 3)),
  shapes: readonly number[] = (process.env.BENCH_XLSX_COLUMNS ?? `${FULL_COLUMNS},11`).split(',').map(Number),
): XlsxSection {
  const dir = mkdtempSync(join(tmpdir(), 'teichaku-xlsx-bench-'));
  try {
    const out: XlsxRow[] = [];
    for (const columns of shapes) for (const rows of sizes) out.push(benchOne(dir, rows, columns, reps));
    return { sizes: out };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function benchOne(dir: string, rows: number, columns: number, reps: number): XlsxRow {
  const input = join(dir, `ledger-${rows}-${columns}.xlsx`);
  const output = join(dir, `all-${rows}-${columns}.xlsx`);
  const made = child('xlsxChild.ts', ['make', input, String(rows), String(columns)]);
  if (made.columns !== columns) throw new Error(`the ledger has ${made.columns} columns, not ${columns}`);
  const kinds = {
    all: () => child('xlsxChild.ts', ['all', input, output]),
    floor: () => child('exceljsFloor.ts', [input, output]),
    rezip: () => child('xlsxChild.ts', ['rezip', input]),
  };
  // The floor writes the output of `all`: one untimed run makes it first.
  kinds.all();
  const times = { all: [] as number[], floor: [] as number[], rezip: [] as number[] };
  const peaks = { all: [] as number[], floor: [] as number[] };
  const order = ['all', 'floor', 'rezip'] as const;
  for (let rep = 0; rep < reps; rep++) {
    // Alternated: each repetition runs the three in a rotated order.
    for (let k = 0; k < order.length; k++) {
      const kind = order[(k + rep) % order.length];
      const t = kinds[kind]();
      times[kind].push(t.total);
      if (kind !== 'rezip') peaks[kind].push(t.peakMb);
    }
  }
  const allSeconds = median(times.all);
  const floorSeconds = median(times.floor);
  return {
    rows,
    columns,
    allSeconds: r2(allSeconds),
    floorSeconds: r2(floorSeconds),
    rezipSeconds: r2(median(times.rezip)),
    ratio: r2(allSeconds / floorSeconds),
    allPeakMb: Math.round(Math.max(...peaks.all)),
    floorPeakMb: Math.round(Math.max(...peaks.floor)),
    runs: reps,
  };
}

/** The section as printed by npm run bench; problems are targets missed. */
export function printXlsxSection(section: XlsxSection, problems: string[]): void {
  console.log('xlsx, ledger-only book, fresh processes alternated, medians (s); peak = max RSS (MB):');
  console.log(
    `${'cols'.padStart(4)} ${'cases'.padStart(7)} ${'all'.padStart(7)} ${'exceljs'.padStart(8)} ${'ratio'.padStart(6)} ${'rezip'.padStart(6)} ${'peak all'.padStart(9)} ${'peak exceljs'.padStart(13)}`,
  );
  for (const s of section.sizes) {
    console.log(
      `${String(s.columns).padStart(4)} ${String(s.rows).padStart(7)} ${s.allSeconds.toFixed(2).padStart(7)} ${s.floorSeconds.toFixed(2).padStart(8)} ${s.ratio.toFixed(2).padStart(6)} ${s.rezipSeconds.toFixed(2).padStart(6)} ${String(s.allPeakMb).padStart(9)} ${String(s.floorPeakMb).padStart(13)}`,
    );
    const target = ratioTarget(s.columns);
    const what = `xlsx ${s.columns} columns × ${s.rows}`;
    if (s.ratio > target) problems.push(`${what}: all / exceljs floor ${s.ratio} > ${target}`);
    if (s.allPeakMb > PEAK_TARGET_MB) problems.push(`${what}: all peaks at ${s.allPeakMb} MB > ${PEAK_TARGET_MB} MB`);
  }
}

if (/xlsxBench\.ts$/.test(process.argv[1] ?? '')) {
  const problems: string[] = [];
  const section = benchXlsxSection();
  printXlsxSection(section, problems);
  console.log(problems.length ? `targets missed:\n  ${problems.join('\n  ')}` : 'xlsx targets met');
  console.log(JSON.stringify(section));
}
