// The exceljs floor for `teichaku all`, in a fresh process with nothing but exceljs loaded: read the
// input book, and write the book `all` produced (loaded first, untimed) to a file. Printed as JSON.

import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';

async function run(): Promise<void> {
  const [input, output] = process.argv.slice(2);
  const t0 = performance.now();
  await new ExcelJS.Workbook().xlsx.readFile(input);
  const read = (performance.now() - t0) / 1000;
  const produced = new ExcelJS.Workbook();
  await produced.xlsx.readFile(output);
  const t1 = performance.now();
  await produced.xlsx.writeFile(`${output}.floor.xlsx`);
  const write = (performance.now() - t1) / 1000;
  process.stdout.write(
    JSON.stringify({ read, write, total: read + write, peakMb: process.resourceUsage().maxRSS / 1024 }) + '\n',
  );
}

run().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
