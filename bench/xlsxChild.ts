// One measurement of the xlsx adapter in a fresh process (see bench/xlsxBench.ts), printed as JSON.
//   make <file> <rows>   a sample ledger book of <rows> cases
//   io <file>            load + save through the adapter (TEICHAKU_XLSX_PATCHES_OFF turns speed-ups off)
//   all <file> <out>     `teichaku all` through the CLI

import { performance } from 'node:perf_hooks';
import { main as cli } from '../src/cli';
import { date } from '../src/domain/calendar';
import { generateSampleBook } from '../src/demo/sample';
import { XlsxWorkbook } from '../src/xlsx/xlsxWorkbook';

async function make(file: string, rows: number): Promise<object> {
  const book = XlsxWorkbook.create();
  generateSampleBook(book, { cases: rows, seed: 7, today: date(2026, 11, 22), messy: false, activityYears: 10 });
  await book.save(file);
  return {};
}

async function io(file: string): Promise<object> {
  const t0 = performance.now();
  const book = await XlsxWorkbook.load(file);
  const t1 = performance.now();
  await book.toBuffer();
  const t2 = performance.now();
  return { load: (t1 - t0) / 1000, save: (t2 - t1) / 1000 };
}

async function all(file: string, out: string): Promise<object> {
  const quiet = { stdout: () => undefined, stderr: () => undefined, now: () => Date.now() };
  const t0 = performance.now();
  const code = await cli(['all', file, '--out', out, '--today', '2026-11-22'], quiet);
  if (code !== 0) throw new Error(`teichaku all exited ${code}`);
  return { total: (performance.now() - t0) / 1000 };
}

async function run(): Promise<void> {
  const [mode, a, b] = process.argv.slice(2);
  const result = mode === 'make' ? await make(a, Number(b)) : mode === 'io' ? await io(a) : await all(a, b);
  process.stdout.write(JSON.stringify(result) + '\n');
}

run().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
