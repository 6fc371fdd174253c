// npm run bench, xlsx section (also alone: npm run bench:xlsx). Every figure is measured in fresh
// processes (bench/xlsxChild.ts, bench/exceljsFloor.ts), the three kinds alternated run by run, and the
// median taken, on a ledger-only book (ケース台帳 with the 11 user columns) of 5,000 and 50,000 cases:
//  - `teichaku all` (CLI, --out another file), with its peak memory (max RSS);
//  - the exceljs floor for the same work: plain exceljs reading the input and writing the book `all`
//    produced. Target: `all` at most 0.6× of it, and peak memory under 1 GB at 50,000 cases;
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

/** Target: `teichaku all` at most this share of the exceljs floor. */
export const XLSX_RATIO_TARGET = 0.6;
const PEAK_TARGET_MB = 1024;

export function benchXlsxSection(
  sizes: readonly number[] = (process.env.BENCH_XLSX_SIZES ?? '5000,50000').split(',').map(Number),
  reps = Math.max(3, Number(process.env.BENCH_XLSX_REPS ?? 3)),
): XlsxSection {
  const dir = mkdtempSync(join(tmpdir(), 'teichaku-xlsx-bench-'));
  try {
    const out: XlsxRow[] = [];
    for (const rows of sizes) {
      const input = join(dir, `ledger-${rows}.xlsx`);
      const output = join(dir, `all-${rows}.xlsx`);
      child('xlsxChild.ts', ['make', input, String(rows)]);
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
      out.push({
        rows,
        allSeconds: r2(allSeconds),
        floorSeconds: r2(floorSeconds),
        rezipSeconds: r2(median(times.rezip)),
        ratio: r2(allSeconds / floorSeconds),
        allPeakMb: Math.round(Math.max(...peaks.all)),
        floorPeakMb: Math.round(Math.max(...peaks.floor)),
        runs: reps,
      });
    }
    return { sizes: out };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The section as printed by npm run bench; problems are targets missed. */
export function printXlsxSection(section: XlsxSection, problems: string[]): void {
  console.log('xlsx, ledger-only book, fresh processes alternated, medians (s); peak = max RSS (MB):');
  console.log(
    `${'cases'.padStart(7)} ${'all'.padStart(7)} ${'exceljs'.padStart(8)} ${'ratio'.padStart(6)} ${'rezip'.padStart(6)} ${'peak all'.padStart(9)} ${'peak exceljs'.padStart(13)}`,
  );
  for (const s of section.sizes) {
    console.log(
      `${String(s.rows).padStart(7)} ${s.allSeconds.toFixed(2).padStart(7)} ${s.floorSeconds.toFixed(2).padStart(8)} ${s.ratio.toFixed(2).padStart(6)} ${s.rezipSeconds.toFixed(2).padStart(6)} ${String(s.allPeakMb).padStart(9)} ${String(s.floorPeakMb).padStart(13)}`,
    );
    if (s.ratio > XLSX_RATIO_TARGET)
      problems.push(`xlsx ${s.rows}: all / exceljs floor ${s.ratio} > ${XLSX_RATIO_TARGET}`);
    if (s.allPeakMb > PEAK_TARGET_MB)
      problems.push(`xlsx ${s.rows}: all peaks at ${s.allPeakMb} MB > ${PEAK_TARGET_MB} MB`);
  }
}

if (/xlsxBench\.ts$/.test(process.argv[1] ?? '')) {
  const problems: string[] = [];
  const section = benchXlsxSection();
  printXlsxSection(section, problems);
  console.log(problems.length ? `targets missed:\n  ${problems.join('\n  ')}` : 'xlsx targets met');
  console.log(JSON.stringify(section));
}
