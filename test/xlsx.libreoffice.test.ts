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
/** Each page's size in points, from pdfinfo. */
let sizes: { w: number; h: number }[];
/** Where the page images for a person to look at are kept (a test run's own folder otherwise). */
const KEEP = process.env.TEICHAKU_RENDER_DIR;

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
  const info = execFileSync('pdfinfo', ['-f', '1', '-l', String(pages.length), pdf], { encoding: 'utf8' });
  sizes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => ({
    w: Number(m[1]),
    h: Number(m[2]),
  }));
  if (KEEP) {
    // One page of 検証結果 and the first of ケース台帳, as PNG, for a person to look at.
    for (const [needle, name] of [
      ['台帳の検証結果', 'validation'],
      ['県集計（活動報告の年度別集計）', 'prefecture'],
    ] as const) {
      const page = pages.findIndex((p) => p.includes(needle)) + 1;
      execFileSync('pdftoppm', [
        '-f',
        String(page),
        '-l',
        String(page),
        '-r',
        '80',
        '-png',
        '-singlefile',
        pdf,
        path.join(KEEP, name),
      ]);
    }
  }
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

/**
 * The pages (1-based) of a tab: from the first page holding `first` to the page before the first
 * one holding `next` (the next tab's title, or text only it has).
 */
function tabPages(first: string, next: string): number[] {
  const start = pages.findIndex((p) => p.includes(first));
  const end = pages.findIndex((p, i) => i > start && p.includes(next));
  expect([first, start >= 0 && end > start]).toEqual([first, true]);
  return Array.from({ length: end - start }, (_, i) => start + 1 + i);
}

/** A4 is 595.28 × 841.89 pt (210 × 297 mm); landscape swaps them. */
const isA4 = (s: { w: number; h: number }) =>
  (Math.abs(s.w - 595.3) < 1 && Math.abs(s.h - 841.9) < 1) || (Math.abs(s.w - 841.9) < 1 && Math.abs(s.h - 595.3) < 1);

test('every page of every generated tab is A4', () => {
  if (pages[pages.length - 1].trim() === '') pages.pop(); // pdftotext ends the last page with a form feed too
  expect(sizes).toHaveLength(pages.length);
  const generated = pages.flatMap((p, i) => (p.includes('【自動生成】') ? [i] : []));
  expect(generated.length).toBeGreaterThan(20);
  const notA4 = generated.filter((i) => !isA4(sizes[i])).map((i) => `${i + 1}: ${sizes[i].w}×${sizes[i].h}`);
  expect(notA4).toEqual([]);
});

test('検証結果 and 引継ぎ予定 print at a readable scale: the whole header row and every message on the page', () => {
  // The header row of 検証結果 is on its page, whole, with its message column: the note no longer runs
  // past the table, so the page holds the table at a scale where pdftotext finds each header.
  for (const [title, next, headers] of [
    ['台帳の検証結果', '【自動生成】引継ぎ予定', ['行', 'ケースID', '列', '値', '種別', 'メッセージ']],
    [
      '【自動生成】引継ぎ予定',
      '【自動生成】県集計',
      ['ケースID', '事業所名', '担当センター', '支援終了予定日', '情報共有期限', 'フラグ'],
    ],
  ] as const) {
    const ps = tabPages(title, next);
    for (const p of ps)
      for (const h of headers) expect([title, p, h, pages[p - 1].includes(h)]).toEqual([title, p, h, true]);
  }
});

test('a tab of many pages repeats its header on every page: 支援状況, 定着率 and ケース台帳', () => {
  // The pages of a tab run up to the next tab's title (定着率 is the last tab); without repeated rows
  // only the first of them would hold the title and header.
  const lastTab = pages.findIndex((p) => p.includes('【自動生成】就労定着率'));
  const tabs: [string, number[], string][] = [
    ['支援状況', tabPages('【自動生成】支援状況', '【自動生成】就労定着率'), 'ケースID'],
    ['定着率', Array.from({ length: pages.length - lastTab }, (_, i) => lastTab + 1 + i), '事業所名'],
    // ケース台帳 is the first tab; 設定 follows it.
    ['ケース台帳', tabPages('ケースID', '項目'), '担当センター'],
  ];
  for (const [tab, ps, header] of tabs) {
    expect([tab, ps.length > 1]).toEqual([tab, true]);
    for (const p of ps) expect([tab, p, pages[p - 1].includes(header)]).toEqual([tab, p, true]);
  }
  // ケース台帳, 300 cases and 35 columns a page wide: a few pages, not the 86 of US Letter pages
  // cut into column strips.
  expect(tabs[2][1].length).toBeLessThanOrEqual(12);
});

test('the scale is set by the table: text on the generated pages is at least half its size', () => {
  // Word heights (pdftotext -bbox): 10-pt text at 100 % is about 13 pt tall; a page shrunk to fit a
  // long note, as before, showed it at 3–5 pt.
  const bbox = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const perPage = bbox.split('<page ').slice(1);
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  for (const title of [
    '台帳の検証結果',
    '【自動生成】引継ぎ予定',
    '【自動生成】取り込みエラー',
    '【自動生成】県集計',
  ]) {
    const p = pages.findIndex((x) => x.includes(title));
    const heights = [...perPage[p].matchAll(/yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"/g)].map(
      (m) => Number(m[2]) - Number(m[1]),
    );
    expect([title, median(heights) >= 6.5]).toEqual([title, true]);
  }
});
