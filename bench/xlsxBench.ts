// npm run bench, xlsx section (also alone: npm run bench:xlsx). Every figure is measured in fresh
// processes (bench/xlsxChild.ts, bench/exceljsFloor.ts), the configurations alternated run by run,
// and the median taken:
//  - what each speed-up of src/xlsx/exceljsPatches.ts buys: load and save of a sample book of 500,
//    5,000 and 50,000 cases with every speed-up on, with each one off, and with all off (plain exceljs);
//  - `teichaku all` on the 50,000-case book against the exceljs floor for the same work: plain exceljs
//    reading the input and writing the book `all` produced. Target: within 1.2×.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SPEEDUPS } from '../src/xlsx/exceljsPatches';

const ROOT = resolve(__dirname, '..');
const RUN = join(ROOT, 'scripts', 'run.js');

function child(script: string, args: string[], env: Record<string, string> = {}): Record<string, number> {
  const out = execFileSync(process.execPath, [RUN, join('bench', script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
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

export interface PatchRow {
  rows: number;
  config: string;
  loadSeconds: number;
  saveSeconds: number;
}

export interface XlsxSection {
  patches: PatchRow[];
  all: { rows: number; allSeconds: number; floorSeconds: number; ratio: number; runs: number };
}

export function benchXlsxSection(
  sizes: readonly number[] = (process.env.BENCH_XLSX_SIZES ?? '500,5000,50000').split(',').map(Number),
  reps = Number(process.env.BENCH_XLSX_REPS ?? 3),
): XlsxSection {
  const dir = mkdtempSync(join(tmpdir(), 'teichaku-xlsx-bench-'));
  try {
    const configs: { name: string; off: string }[] = [
      { name: 'all on', off: '' },
      ...SPEEDUPS.map((s) => ({ name: `${s} off`, off: s })),
      { name: 'all off', off: SPEEDUPS.join(',') },
    ].filter((c) => !process.env.BENCH_XLSX_CONFIGS || process.env.BENCH_XLSX_CONFIGS.split(',').includes(c.name));
    const patches: PatchRow[] = [];
    for (const rows of sizes) {
      const file = join(dir, `book-${rows}.xlsx`);
      child('xlsxChild.ts', ['make', file, String(rows)]);
      const times = new Map(configs.map((c) => [c.name, { load: [] as number[], save: [] as number[] }]));
      for (let rep = 0; rep < reps; rep++) {
        // Alternated: each repetition runs the configurations in a rotated order.
        for (let k = 0; k < configs.length; k++) {
          const c = configs[(k + rep) % configs.length];
          const t = child('xlsxChild.ts', ['io', file], { TEICHAKU_XLSX_PATCHES_OFF: c.off });
          times.get(c.name)!.load.push(t.load);
          times.get(c.name)!.save.push(t.save);
        }
      }
      for (const c of configs) {
        const t = times.get(c.name)!;
        patches.push({ rows, config: c.name, loadSeconds: r2(median(t.load)), saveSeconds: r2(median(t.save)) });
      }
    }
    const rows = Math.max(...sizes);
    const input = join(dir, `book-${rows}.xlsx`);
    const output = join(dir, 'all.xlsx');
    const alls: number[] = [];
    const floors: number[] = [];
    for (let rep = 0; rep < (process.env.BENCH_XLSX_FLOOR === '0' ? 0 : reps); rep++) {
      const runAll = () => alls.push(child('xlsxChild.ts', ['all', input, output]).total);
      const runFloor = () => floors.push(child('exceljsFloor.ts', [input, output]).total);
      if (rep === 0) runAll(); // the floor needs the output of `all`
      if (rep % 2 === 0) {
        runFloor();
        if (rep > 0) runAll();
      } else {
        runAll();
        runFloor();
      }
    }
    const allSeconds = alls.length ? median(alls) : NaN;
    const floorSeconds = floors.length ? median(floors) : NaN;
    return {
      patches,
      all: {
        rows,
        allSeconds: r2(allSeconds),
        floorSeconds: r2(floorSeconds),
        ratio: r2(allSeconds / floorSeconds),
        runs: reps,
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The section as printed by npm run bench; problems are targets missed. */
export function printXlsxSection(section: XlsxSection, problems: string[]): void {
  console.log('xlsx load/save (s, median of fresh processes) by speed-up of src/xlsx/exceljsPatches.ts:');
  console.log(`${'rows'.padStart(7)} ${'config'.padEnd(16)} ${'load'.padStart(6)} ${'save'.padStart(6)}`);
  for (const p of section.patches)
    console.log(
      `${String(p.rows).padStart(7)} ${p.config.padEnd(16)} ${p.loadSeconds.toFixed(2).padStart(6)} ${p.saveSeconds.toFixed(2).padStart(6)}`,
    );
  const a = section.all;
  console.log(
    `xlsx ${a.rows} rows, fresh processes, median of ${a.runs}: teichaku all ${a.allSeconds} s, exceljs floor (read input + write output) ${a.floorSeconds} s, ratio ${a.ratio}`,
  );
  if (a.ratio > 1.2) problems.push(`xlsx all / exceljs floor ${a.ratio} > 1.2`);
}

if (/xlsxBench\.ts$/.test(process.argv[1] ?? '')) {
  const problems: string[] = [];
  const section = benchXlsxSection();
  printXlsxSection(section, problems);
  console.log(problems.length ? `targets missed:\n  ${problems.join('\n  ')}` : 'xlsx targets met');
  console.log(JSON.stringify(section));
}
