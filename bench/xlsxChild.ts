// One measurement in a fresh process (see bench/xlsxBench.ts), printed as JSON.
//   make <file> <rows> [columns]   a ledger-only book of <rows> cases (ケース台帳 with the first
//                        [columns] of the user's columns; all of them, 27, when not given)
//   all <file> <out>     `teichaku all` through the CLI; its time and peak memory
//   rezip <file>         unzip every part and zip it again with zlib (the floor of any package rewrite)

import { performance } from 'node:perf_hooks';
import { main as cli } from '../src/cli';
import { date } from '../src/domain/calendar';
import { TAB } from '../src/domain/schema';
import { generateSampleBook } from '../src/demo/sample';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';
import { XlsxWorkbook } from '../src/xlsx/xlsxWorkbook';
import { entryOf, inflateEntry, readEntries, writeEntries } from '../src/xlsx/zip';
import { promises as fs } from 'node:fs';

const peakMb = () => process.resourceUsage().maxRSS / 1024;

async function make(file: string, rows: number, columns?: number): Promise<object> {
  const sample = new MemoryWorkbook();
  generateSampleBook(sample, { cases: rows, seed: 7, today: date(2026, 11, 22), messy: false, activityYears: 1 });
  const all = sample.readSheet(TAB.ledger)!;
  const ledger = columns ? all.map((line) => line.slice(0, columns)) : all;
  const book = XlsxWorkbook.create();
  book.createSheet(TAB.ledger);
  book.writeRange(TAB.ledger, 1, 1, ledger);
  await book.save(file);
  return { columns: ledger[0].length };
}

async function all(file: string, out: string): Promise<object> {
  const quiet = { stdout: () => undefined, stderr: () => undefined, now: () => Date.now() };
  const t0 = performance.now();
  const code = await cli(['all', file, '--out', out, '--today', '2026-11-22'], quiet);
  if (code !== 0) throw new Error(`teichaku all exited ${code}`);
  return { total: (performance.now() - t0) / 1000, peakMb: peakMb() };
}

async function rezip(file: string): Promise<object> {
  const t0 = performance.now();
  const entries = readEntries(await fs.readFile(file))!;
  const zip = writeEntries(entries.map((e) => entryOf(e.name.toString('utf8'), inflateEntry(e))));
  await fs.writeFile(`${file}.rezip`, zip);
  return { total: (performance.now() - t0) / 1000, peakMb: peakMb() };
}

async function run(): Promise<void> {
  const [mode, a, b, c] = process.argv.slice(2);
  const result =
    mode === 'make'
      ? await make(a, Number(b), c === undefined ? undefined : Number(c))
      : mode === 'all'
        ? await all(a, b)
        : await rezip(a);
  process.stdout.write(JSON.stringify(result) + '\n');
}

run().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
