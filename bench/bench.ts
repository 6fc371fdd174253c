// npm run bench — speed, memory and spreadsheet-service call counts at 500, 5,000 and 50,000 rows,
// and the CLI's `all` on 5,000- and 50,000-case xlsx ledgers (27 and 11 user columns) against the exceljs
// floor and the unzip+rezip floor, with peak memory (bench/xlsxBench.ts: fresh processes, alternated, medians).
// Targets: round trips per command the same at every size and ≤ 4 (issue 10: read everything →
// compute → write everything); calls the same at every size (issue 6); each command < 3 s at 50,000
// rows; `all` on xlsx at most 0.6× the exceljs floor (read the input, write the output `all` produces;
// 1.2× on the 11-column ledger) and under 1 GB peak at 50,000 cases. The last line printed is one JSON object.
//
// `trips` is what costs time in Apps Script: it caches writes and sends them when a later call needs
// data from the document, so the emulator counts each call returning document data while writes
// are pending, plus the final flush (AppsScriptEmulator.roundTrips).
//
// `calls` is what the Apps Script adapter (src/gas/sheetsWorkbook.ts) really asks of the document:
// each command runs a second time, on the same generated book, through SheetsWorkbook over the
// emulated SpreadsheetApp (test/gas/emulator.ts), which counts every Spreadsheet, Sheet, Range and
// RangeList call. `builder` counts the rest the adapter makes: building conditional-rule, dropdown
// and chart objects and reading rules already fetched, which stay in the script. `ms` and `heapMB`
// are the in-memory run's. Each command runs once, in registry order, on a freshly generated book:
// these are first runs (tabs created, owned columns added); a re-run costs less where the tab or the
// rules are already there (re-runs: test/gas/callCounts.test.ts). `summary` writes one tab per
// center (18 in all): many calls, few round trips.
// A new tab has 1,000 rows: one that outgrows them costs one insertRowsAfter more.

import { performance } from 'node:perf_hooks';
import { date } from '../src/domain/calendar';
import { COMMANDS } from '../src/commands/registry';
import type { CommandContext } from '../src/commands/types';
import { generateSampleBook } from '../src/demo/sample';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';
import { emulatedBook, release } from '../test/gas/emulatedBook';
import { isBuilderCall, isDocumentCall } from '../test/gas/emulator';
import { benchXlsxSection, printXlsxSection } from './xlsxBench';

const TODAY = date(2026, 11, 22);
const SIZES = (process.env.BENCH_SIZES ?? '500,5000,50000').split(',').map(Number);
/** Round trips per command: read everything, compute, write everything (issue 10). */
const MAX_TRIPS = 4;

interface Row {
  rows: number;
  command: string;
  /** Document calls of the Apps Script adapter (emulated). */
  calls: number;
  /** Builder calls of the Apps Script adapter (rule, dropdown and chart objects; no trip to the document). */
  builderCalls: number;
  /** Round trips to the document (emulated): reads that force pending writes out, plus the final flush. */
  roundTrips: number;
  ms: number;
  heapMB: number;
}

interface GasRun {
  calls: number;
  builderCalls: number;
  roundTrips: number;
  /** The calls that forced a flush, for explaining a command's round trips. */
  trips: string[];
  /** Calls by method name, for explaining a difference between sizes. */
  byName: Record<string, number>;
}

/** Every command, in order, on the same generated book through the real Sheets adapter (emulated). */
function benchGas(rows: number): Map<string, GasRun> {
  const { emu, open } = emulatedBook();
  try {
    generateSampleBook(open(), { cases: rows, seed: 7, today: TODAY, messy: false, activityYears: 10 });
    const out = new Map<string, GasRun>();
    for (const def of COMMANDS) {
      if (def.name === 'setup' || def.writesDrafts) continue; // report makes documents, not tabs
      const book = open();
      emu.resetCalls();
      def.run({ book, today: TODAY, options: {}, progress: () => undefined });
      const byName: Record<string, number> = {};
      for (const [name, n] of Object.entries(emu.calls.byName)) if (isDocumentCall(name)) byName[name] = n;
      out.set(def.name, {
        calls: emu.calls.log.filter(isDocumentCall).length,
        builderCalls: emu.calls.log.filter(isBuilderCall).length,
        roundTrips: emu.roundTrips(),
        trips: emu.trips.slice(),
        byName,
      });
    }
    return out;
  } finally {
    release();
  }
}

/** What one size's calls have that the other's lack, e.g. `+Sheet.insertRowsAfter`. */
function callDifference(a: Record<string, number>, b: Record<string, number>): string {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return names
    .filter((n) => (a[n] ?? 0) !== (b[n] ?? 0))
    .map((n) => `${(b[n] ?? 0) - (a[n] ?? 0) > 0 ? '+' : ''}${(b[n] ?? 0) - (a[n] ?? 0)} ${n}`)
    .join(', ');
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function heapMB(): number {
  return Math.round((process.memoryUsage().heapUsed / 1048576) * 10) / 10;
}

function benchMemory(rows: number, gas: Map<string, GasRun>): Row[] {
  const book = new MemoryWorkbook();
  generateSampleBook(book, { cases: rows, seed: 7, today: TODAY, messy: false, activityYears: 10 });
  const ctx: CommandContext = { book, today: TODAY, options: {}, progress: () => undefined };
  const out: Row[] = [];
  for (const def of COMMANDS) {
    if (def.name === 'setup' || def.writesDrafts) continue; // report makes documents, not tabs
    gc();
    const t0 = performance.now();
    def.run(ctx);
    const ms = Math.round(performance.now() - t0);
    const real = gas.get(def.name);
    if (!real) throw new Error(`no Apps Script run of ${def.name}`);
    out.push({
      rows,
      command: def.name,
      calls: real.calls,
      builderCalls: real.builderCalls,
      roundTrips: real.roundTrips,
      ms,
      heapMB: heapMB(),
    });
  }
  return out;
}

// Each step in its own function: a workbook one step made is garbage before the next is timed
// (an async function keeps its locals alive to the end), so neither timing pays for the other's heap.
async function run(): Promise<void> {
  const results: Row[] = [];
  const gasRuns = new Map<number, Map<string, GasRun>>();
  for (const n of SIZES) {
    process.stderr.write(`${n}行の台帳で計測中（Apps Script の呼び出し数は模擬環境で）…\n`);
    const gas = benchGas(n);
    gasRuns.set(n, gas);
    gc();
    results.push(...benchMemory(n, gas));
  }
  const pad = (s: string | number, w: number) => String(s).padStart(w);
  console.log(
    `${'rows'.padStart(7)} ${'command'.padEnd(10)} ${pad('calls', 6)} ${pad('trips', 6)} ${pad('builder', 8)} ${pad('ms', 7)} ${pad('heapMB', 8)}`,
  );
  for (const r of results)
    console.log(
      `${pad(r.rows, 7)} ${r.command.padEnd(10)} ${pad(r.calls, 6)} ${pad(r.roundTrips, 6)} ${pad(r.builderCalls, 8)} ${pad(r.ms, 7)} ${pad(r.heapMB, 8)}`,
    );

  const problems: string[] = [];
  const commands = [...new Set(results.map((r) => r.command))];
  for (const c of commands) {
    const counts = new Set(results.filter((r) => r.command === c).map((r) => r.calls));
    if (counts.size > 1) {
      const [small, big] = [Math.min(...SIZES), Math.max(...SIZES)];
      const why = callDifference(gasRuns.get(small)!.get(c)!.byName, gasRuns.get(big)!.get(c)!.byName);
      problems.push(`${c}: calls differ by size (${[...counts].join(', ')}; ${big} vs ${small} rows: ${why})`);
    }
    const trips = new Set(results.filter((r) => r.command === c).map((r) => r.roundTrips));
    if (trips.size > 1) problems.push(`${c}: round trips differ by size (${[...trips].join(', ')})`);
    const most = Math.max(...trips);
    if (most > MAX_TRIPS) {
      const why = gasRuns
        .get(Math.max(...SIZES))!
        .get(c)!
        .trips.join(', ');
      problems.push(`${c}: ${most} round trips > ${MAX_TRIPS} (forced by: ${why})`);
    }
    const big = results.find((r) => r.command === c && r.rows === Math.max(...SIZES));
    if (big && big.rows >= 50000 && big.ms >= 3000) problems.push(`${c}: ${big.ms} ms at ${big.rows} rows ≥ 3 s`);
  }
  process.stderr.write('xlsx: all と exceljs・再圧縮の下限を別プロセスで計測中…\n');
  const xlsxSection = benchXlsxSection();
  printXlsxSection(xlsxSection, problems);
  console.log(problems.length ? `targets missed:\n  ${problems.join('\n  ')}` : 'all targets met');
  console.log(JSON.stringify({ results, xlsxSection }));
}

run().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
