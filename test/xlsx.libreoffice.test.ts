// Seen, not assumed: the demo book, saved by the CLI's adapter, converted to PDF by LibreOffice
// (Debian libreoffice-calc, headless) and read back with poppler (pdftotext, pdftoppm). No date may
// render as ###, and the summary tabs' charts must be drawn: their titles are in the PDF's text and
// their bars are on the page. Nothing here depends on which Japanese font is installed: the checks
// read text and colour, not positions.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runAll } from '../src/commands/run';
import { date } from '../src/domain/calendar';
import { TAB } from '../src/domain/schema';
import { generateSampleBook } from '../src/demo/sample';
import { XlsxWorkbook } from '../src/xlsx/xlsxWorkbook';

const TODAY = date(2026, 11, 22);
let dir: string;
let pdf: string;
let pages: string[];

function tool(name: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      `${name} がありません。Debian なら apt-get install libreoffice-calc poppler-utils で入れてください。`,
    );
  }
}

/** Pixels of a page that are strongly coloured (chart bars; the tables are black on white). */
function colouredPixels(page: number): number {
  const ppm = execFileSync('pdftoppm', ['-f', String(page), '-l', String(page), '-r', '30', pdf], {
    maxBuffer: 64 * 1024 * 1024,
  });
  // P6 header: "P6\n<w> <h>\n255\n", then RGB bytes.
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('pdftoppm gave no PPM');
  let n = 0;
  for (let i = header[0].length; i + 2 < ppm.length; i += 3) {
    const [r, g, b] = [ppm[i], ppm[i + 1], ppm[i + 2]];
    if (Math.max(r, g, b) - Math.min(r, g, b) > 90) n++;
  }
  return n;
}

beforeAll(async () => {
  const soffice = tool('soffice');
  tool('pdftotext');
  dir = mkdtempSync(path.join(tmpdir(), 'teichaku-render-'));
  const book = XlsxWorkbook.create();
  generateSampleBook(book, { cases: 300, seed: 20240401, today: TODAY, messy: true, activityYears: 2 });
  runAll({ book, today: TODAY, options: {}, progress: () => undefined });
  const xlsx = path.join(dir, 'demo.xlsx');
  writeFileSync(xlsx, await book.toBuffer());
  // A profile of its own: another LibreOffice running on the machine cannot take the conversion over.
  execFileSync(
    soffice,
    [
      `-env:UserInstallation=file://${path.join(dir, 'profile')}`,
      '--headless',
      '--norestore',
      '--convert-to',
      'pdf',
      '--outdir',
      dir,
      xlsx,
    ],
    { stdio: 'ignore', timeout: 170_000 },
  );
  pdf = path.join(dir, 'demo.pdf');
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  pages = text.split('\f');
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('no cell renders as ###, and the dates are there as yyyy/mm/dd', () => {
  const hashes = pages.flatMap((p, i) => (p.includes('###') ? [`${i + 1}ページ: ${p.slice(0, 80)}`] : []));
  expect(hashes).toEqual([]);
  const dates = pages.join('\n').match(/\b20\d\d\/\d\d\/\d\d\b/g) ?? [];
  expect(dates.length).toBeGreaterThan(1000); // 300 cases × the ledger's date columns
});

test('every chart of 県集計 and センター別集計 is drawn', () => {
  const pageOf = (needle: string) => pages.findIndex((p) => p.includes(needle)) + 1;
  const prefecture = pageOf(`${TAB.prefecture}（活動報告の年度別集計）`);
  const centers = pageOf(`${TAB.centerSummary}（ケース台帳より）`);
  expect([prefecture > 0, centers > 0]).toEqual([true, true]);
  // The charts' titles: no cell holds them (the blocks are titled without 「（年度別）」).
  for (const title of ['個別支援会議（年度別）', 'ネットワーク会議（年度別）', '研修会（年度別）'])
    expect([title, pages.some((p, i) => i + 1 >= prefecture && p.includes(title))]).toEqual([title, true]);
  // The forecast's title is once a cell and once the chart's.
  const forecast =
    pages
      .slice(centers - 1)
      .join('\n')
      .split('月別の終了予定（全センター）').length - 1;
  expect(forecast).toBeGreaterThanOrEqual(2);
  // Bars are drawn, not just titled; a tab without charts has no such colour (the measure tells them apart).
  const plain = pageOf('千葉障害者キャリアセンターの集計');
  expect(plain).toBeGreaterThan(0);
  expect(colouredPixels(plain)).toBeLessThan(10);
  expect(colouredPixels(prefecture)).toBeGreaterThan(100);
  expect(Math.max(colouredPixels(centers), colouredPixels(centers + 1))).toBeGreaterThan(20);
});
