// npm run bench — speed, memory and spreadsheet-service call counts at 500, 5,000 and 50,000 rows,
// and the CLI's `all` on a 50,000-row xlsx against a bare exceljs read + write of the same file.
// Targets (issue 6): calls per command the same at every size and ≤ 20; each command < 3 s at 50,000 rows;
// `all` on xlsx within 1.5× bare exceljs. The last line printed is one JSON object.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { date } from '../src/domain/calendar';
import { COMMANDS } from '../src/commands/registry';
import type { CommandContext } from '../src/commands/types';
import { generateSampleBook } from '../src/demo/sample';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';
import { XlsxWorkbook } from '../src/xlsx/xlsxWorkbook';
import { main as cli } from '../src/cli';

const TODAY = date(2026, 11, 22);
const SIZES = (process.env.BENCH_SIZES ?? '500,5000,50000').split(',').map(Number);
const XLSX_ROWS = Number(process.env.BENCH_XLSX_ROWS ?? 50000);

interface Row {
  rows: number;
  command: string;
  calls: number;
  ms: number;
  heapMB: number;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function heapMB(): number {
  return Math.round((process.memoryUsage().heapUsed / 1048576) * 10) / 10;
}

function benchMemory(rows: number): Row[] {
  const book = new MemoryWorkbook();
  generateSampleBook(book, { cases: rows, seed: 7, today: TODAY, messy: false, activityYears: 10 });
  const ctx: CommandContext = { book, today: TODAY, options: {}, progress: () => undefined };
  const out: Row[] = [];
  for (const def of COMMANDS) {
    if (!def.run || def.name === 'setup') continue;
    gc();
    book.resetCalls();
    const t0 = performance.now();
    def.run(ctx);
    const ms = Math.round(performance.now() - t0);
    out.push({ rows, command: def.name, calls: book.calls.total, ms, heapMB: heapMB() });
  }
  return out;
}

// Each step in its own function: a workbook one step made is garbage before the next is timed
// (an async function keeps its locals alive to the end), so neither timing pays for the other's heap.
async function writeSampleXlsx(file: string, rows: number): Promise<void> {
  const book = XlsxWorkbook.create();
  generateSampleBook(book, { cases: rows, seed: 7, today: TODAY, messy: false, activityYears: 10 });
  await book.save(file);
}

async function timeBareExceljs(file: string, out: string): Promise<number> {
  gc();
  const t0 = performance.now();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  await wb.xlsx.writeFile(out);
  return (performance.now() - t0) / 1000;
}

async function timeCliAll(file: string, out: string): Promise<number> {
  gc();
  const t0 = performance.now();
  const quiet = { stdout: () => undefined, stderr: () => undefined, now: () => Date.now() };
  const code = await cli(['all', file, '--out', out, '--today', '2026-11-22'], quiet);
  if (code !== 0) throw new Error(`teichaku all exited ${code}`);
  return (performance.now() - t0) / 1000;
}

async function benchXlsx(
  rows: number,
): Promise<{ rows: number; allSeconds: number; bareExceljsSeconds: number; ratio: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'teichaku-bench-'));
  try {
    // Warm-up on a small book first, so neither timing below includes compiling exceljs' hot code.
    const small = join(dir, 'small.xlsx');
    await writeSampleXlsx(small, 200);
    await timeBareExceljs(small, join(dir, 'small-bare.xlsx'));
    await timeCliAll(small, join(dir, 'small-all.xlsx'));
    const file = join(dir, 'book.xlsx');
    await writeSampleXlsx(file, rows);
    const bare = await timeBareExceljs(file, join(dir, 'bare.xlsx'));
    const all = await timeCliAll(file, join(dir, 'all.xlsx'));
    const r2 = (n: number) => Math.round(n * 100) / 100;
    return { rows, allSeconds: r2(all), bareExceljsSeconds: r2(bare), ratio: r2(all / bare) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function run(): Promise<void> {
  const results: Row[] = [];
  for (const n of SIZES) {
    process.stderr.write(`${n}行の台帳で計測中…\n`);
    results.push(...benchMemory(n));
  }
  const pad = (s: string | number, w: number) => String(s).padStart(w);
  console.log(`${'rows'.padStart(7)} ${'command'.padEnd(10)} ${pad('calls', 6)} ${pad('ms', 7)} ${pad('heapMB', 8)}`);
  for (const r of results)
    console.log(`${pad(r.rows, 7)} ${r.command.padEnd(10)} ${pad(r.calls, 6)} ${pad(r.ms, 7)} ${pad(r.heapMB, 8)}`);

  const problems: string[] = [];
  const commands = [...new Set(results.map((r) => r.command))];
  for (const c of commands) {
    const counts = new Set(results.filter((r) => r.command === c).map((r) => r.calls));
    if (counts.size > 1) problems.push(`${c}: calls differ by size (${[...counts].join(', ')})`);
    const max = Math.max(...results.filter((r) => r.command === c).map((r) => r.calls));
    if (max > 20) problems.push(`${c}: ${max} calls > 20`);
    const big = results.find((r) => r.command === c && r.rows === Math.max(...SIZES));
    if (big && big.rows >= 50000 && big.ms >= 3000) problems.push(`${c}: ${big.ms} ms at ${big.rows} rows ≥ 3 s`);
  }
  process.stderr.write(`xlsx ${XLSX_ROWS}行で all と exceljs 単体を計測中…\n`);
  const xlsx = await benchXlsx(XLSX_ROWS);
  console.log(
    `xlsx ${xlsx.rows} rows: all ${xlsx.allSeconds} s, bare exceljs read+write ${xlsx.bareExceljsSeconds} s, ratio ${xlsx.ratio}`,
  );
  if (xlsx.ratio > 1.5) problems.push(`xlsx all/bare ratio ${xlsx.ratio} > 1.5`);
  console.log(problems.length ? `targets missed:\n  ${problems.join('\n  ')}` : 'all targets met');
  console.log(JSON.stringify({ results, xlsx }));
}

run().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
