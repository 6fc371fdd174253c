// Issue 11 "Done when": folder intake of 16 center workbooks (made from `teichaku template activity`,
// one corrected later, plus a broken file) reproduces 県集計 exactly; a second run takes nothing; the
// files' bytes are unchanged. Expected numbers are seed 000's tables (fixtures/seed-tables.ts).

import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { TAB } from '../src/domain/schema';
import { XlsxWorkbook } from '../src/xlsx/xlsxWorkbook';
import { TEMPLATE_HEADER_ROW } from '../src/xlsx/templates';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';
import { runFolderIntake } from '../src/commands/folderIntake';
import type { Cell } from '../src/workbook/port';
import { runCli, tempDir } from './fixtures/cliHarness';
import { CASE_MEETINGS, NETWORK_MEETINGS, SEED_CENTER_ORDER, TRAININGS } from './fixtures/seed-tables';
import { rng, split } from './fixtures/seed-submissions';

const MONTHS = [2019, 2020].flatMap((fy) =>
  Array.from({ length: 12 }, (_, i) => {
    const idx = fy * 12 + 3 + i;
    return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
  }),
);

/** A center's 24 monthly rows adding up to the seed tables (plus `offset` in every count when wrong). */
function centerRows(center: string, offset = 0): Cell[][] {
  const next = rng(center.length * 7919);
  const per = [0, 1].map((fy) =>
    [CASE_MEETINGS, NETWORK_MEETINGS, TRAININGS].map((t) => split(t[center][fy], 12, next)),
  );
  return MONTHS.map((m, i) => {
    const fy = i < 12 ? 0 : 1;
    const [a, b, c] = per[fy].map((counts) => counts[i % 12] + offset);
    // 提出者 left blank in odd months: the file name stands in.
    return [center, m, a, b, c, c ? `研修${c}回` : null, i % 2 ? null : `担当${center.slice(0, 2)}`];
  });
}

async function fill(file: string, rows: Cell[][], mtime: Date): Promise<void> {
  const book = await XlsxWorkbook.load(file);
  book.writeRange(TAB.activity, TEMPLATE_HEADER_ROW + 1, 1, rows);
  await book.save(file);
  utimesSync(file, mtime, mtime);
}

function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    out[name] = `${createHash('sha256').update(readFileSync(full)).digest('hex')}@${statSync(full).mtimeMs}`;
  }
  return out;
}

function block(values: Cell[][], label: string): Cell[][] {
  const start = values.findIndex((r) => r[0] === label);
  expect(start).toBeGreaterThan(0);
  return values.slice(start + 2, start + 2 + 16).map((r) => r.slice(0, 4));
}

jest.setTimeout(120000);

describe('teichaku intake --from: 16 center workbooks', () => {
  const tmp = tempDir();
  const folder = path.join(tmp.dir, '提出');
  const bookFile = tmp.file('県.xlsx');
  const today = ['--today', '2021-04-10'];
  const corrected = 'ふる里学舎';
  let afterFirst: Record<string, string>;
  const runs: { code: number; details: Record<string, number> }[] = [];

  afterAll(() => tmp.cleanup());

  async function intake(): Promise<void> {
    const r = await runCli(['intake', bookFile, '--from', folder, '--json', ...today]);
    const out = JSON.parse(r.stdout[r.stdout.length - 1]) as { details: Record<string, number> };
    runs.push({ code: r.code, details: out.details });
  }

  beforeAll(async () => {
    mkdirSync(folder);
    expect((await runCli(['setup', bookFile])).code).toBe(0);
    for (const [i, center] of SEED_CENTER_ORDER.entries()) {
      const file = path.join(folder, `${String(i + 1).padStart(2, '0')}_${center}.xlsx`);
      expect((await runCli(['template', 'activity', file, '--center', center, ...today])).code).toBe(0);
      await fill(file, centerRows(center, center === corrected ? 1 : 0), new Date('2021-04-05T01:00:00Z'));
    }
    const good = readFileSync(path.join(folder, '01_千葉障害者キャリアセンター.xlsx'));
    writeFileSync(path.join(folder, '壊れた提出.xlsx'), good.subarray(0, 300));
    writeFileSync(path.join(folder, 'メモ.txt'), '取り込み対象外');
    afterFirst = fingerprint(folder);
    await intake();
    // The corrected workbook arrives three days later.
    const file = path.join(folder, `09_${corrected}.xlsx`);
    await fill(file, centerRows(corrected), new Date('2021-04-08T01:00:00Z'));
    const afterCorrection = fingerprint(folder);
    expect(afterCorrection).not.toEqual(afterFirst);
    afterFirst = afterCorrection;
    await intake();
    expect((await runCli(['summary', bookFile, ...today])).code).toBe(0);
    before = await tabs();
    await intake();
  });

  async function tabs(): Promise<Record<string, Cell[][] | null>> {
    const book = await XlsxWorkbook.load(bookFile);
    return Object.fromEntries(book.sheetNames().map((n) => [n, book.readSheet(n)]));
  }
  let before: Record<string, Cell[][] | null> = {};

  test('the first run takes every row of the 16 workbooks and reports the broken file', () => {
    expect(runs[0].code).toBe(0);
    expect(runs[0].details).toMatchObject({ files: 17, skippedFiles: 0, taken: 16 * 24, errors: 1 });
  });

  test('the changed workbook is taken again as a new submission; the others are not read', () => {
    expect(runs[1].details).toMatchObject({ files: 1, skippedFiles: 16, taken: 24, errors: 0 });
  });

  test('県集計 reproduces seed 000 exactly (the correction supersedes month by month)', async () => {
    const book = await XlsxWorkbook.load(bookFile);
    const values = book.readSheet(TAB.prefecture)!;
    for (const [label, table] of [
      ['個別支援会議', CASE_MEETINGS],
      ['ネットワーク会議', NETWORK_MEETINGS],
      ['研修会', TRAININGS],
    ] as const) {
      expect(block(values, label)).toEqual(SEED_CENTER_ORDER.map((c, i) => [i + 1, c, table[c][0], table[c][1]]));
    }
    expect(block(values, '未提出の月数').every((r) => r[2] === 0 && r[3] === 0)).toBe(true);
    const activity = book.readSheet(TAB.activity)!;
    const status = activity[0].indexOf('状態（自動）');
    const old = activity.filter((r) => r[0] === corrected && String(r[status]).startsWith('差し替え済'));
    expect(old).toHaveLength(24);
    // 提出日時 is the file's modification time (Tokyo), 提出者 the file name where it was blank.
    const first = activity.find((r) => r[0] === 'あかね園' && r[1] === '2019-05')!;
    expect(first[6]).toBe('2021/04/05 10:00:00');
    expect(first[7]).toBe('02_あかね園.xlsx');
  });

  test('teichaku status writes 提出状況 for --fy; --from is for intake only; --help names the new commands', async () => {
    const r = await runCli(['status', bookFile, '--fy', '2020', '--out', tmp.file('status.xlsx'), ...today]);
    expect(r.code).toBe(0);
    const values = (await XlsxWorkbook.load(tmp.file('status.xlsx'))).readSheet(TAB.submissionStatus)!;
    const header = values.findIndex((row) => row[0] === 'No.');
    expect(values[header].slice(2, 4)).toEqual(['2020-04', '2020-05']);
    // Every month of 令和2年度 was reported by the workbooks (the file's date is 2021-04-05: after the deadlines).
    expect(values[header + 1].slice(2, 14).every((c) => String(c).startsWith('提出 2021/04/0'))).toBe(true);
    expect(String(values[header + 9][2])).toMatch(/^差し替え（提出2回・最新 2021\/04\/08）/);
    const bad = await runCli(['summary', bookFile, '--from', folder]);
    expect(bad.code).toBe(2);
    const help = (await runCli(['--help'])).stdout.join('\n');
    expect(help).toContain('teichaku template activity|cases');
    expect(help).toContain('--from');
    expect(help).toContain('status');
  });

  test('a third run takes nothing and changes nothing', async () => {
    expect(runs[2].details).toMatchObject({ files: 0, skippedFiles: 17, taken: 0 });
    expect(Object.keys(before)).toContain(TAB.intakeHistory);
    expect(await tabs()).toEqual(before);
  });

  test('取り込み履歴 lists each file taken, with its hash, rows and errors; the files are unchanged', async () => {
    expect(fingerprint(folder)).toEqual(afterFirst);
    const book = await XlsxWorkbook.load(bookFile);
    const history = book.readSheet(TAB.intakeHistory)!;
    const header = history.findIndex((r) => r[0] === 'ファイル名');
    const rows = history.slice(header + 1).filter((r) => r[0]);
    expect(rows).toHaveLength(18);
    const mine = rows.filter((r) => r[0] === `09_${corrected}.xlsx`);
    expect(mine).toHaveLength(2);
    expect(mine[0][1]).not.toBe(mine[1][1]);
    const sha = createHash('sha256')
      .update(readFileSync(path.join(folder, `09_${corrected}.xlsx`)))
      .digest('hex');
    expect(mine[1][1]).toBe(sha);
    expect(mine.map((r) => r[3])).toEqual([24, 24]);
    const broken = rows.find((r) => r[0] === '壊れた提出.xlsx')!;
    expect([broken[3], broken[4], broken[5]]).toEqual([0, 1, '開けません']);
    const errors = book.readSheet(TAB.intakeErrors);
    expect(errors === null || !errors.some((r) => r[0] === 'メモ.txt')).toBe(true);
  });

  test('a copy of a taken file under another name, or two identical files, are not taken again', async () => {
    const original = readFileSync(path.join(folder, '02_あかね園.xlsx'));
    writeFileSync(path.join(folder, '02_あかね園 (1).xlsx'), original);
    writeFileSync(path.join(folder, '02_あかね園 (2).xlsx'), original);
    await intake();
    expect(runs[3].details).toMatchObject({ files: 0, skippedFiles: 19, taken: 0 });
    const book = await XlsxWorkbook.load(bookFile);
    const activity = book.readSheet(TAB.activity)!;
    const status = activity[0].indexOf('状態（自動）');
    expect(activity.filter((r) => r[0] === 'あかね園' && String(r[status]).startsWith('差し替え済'))).toHaveLength(0);
  });
});

describe('teichaku template', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  test('activity: headers intake reads, a center dropdown preselected, month and whole-number checks, notes', async () => {
    const file = tmp.file('あかね園.xlsx');
    const r = await runCli(['template', 'activity', file, '--center', 'あかね 園', '--today', '2025-07-01']);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('活動報告')!;
    expect((ws.getRow(TEMPLATE_HEADER_ROW).values as unknown[]).slice(1)).toEqual([
      'センター名',
      '対象年月',
      '個別支援会議件数',
      'ネットワーク会議件数',
      '研修会件数',
      '研修会内容',
      '提出者',
    ]);
    expect(ws.getCell('A7').value).toBe('あかね園');
    expect(String(ws.getCell('B6').note)).toContain('例: 2025-04');
    const dv = (ws as unknown as { dataValidations: { model: Record<string, { type: string; formulae: unknown[] }> } })
      .dataValidations.model;
    expect(dv['A7:A206'].type).toBe('list');
    expect(dv['B7:B206'].type).toBe('list');
    expect(dv['C7:C206']).toMatchObject({ type: 'whole', formulae: [0, 9999] });
    const choices = wb.getWorksheet('選択肢')!;
    expect(choices.state).toBe('hidden');
    expect(choices.getCell('A1').value).toBe('千葉障害者キャリアセンター');
    expect(choices.getCell('B1').value).toBe('2025-04'); // the fiscal year of --today
  });

  test('an existing file is never overwritten by a template', async () => {
    const file = tmp.file('記入済み.xlsx');
    writeFileSync(file, 'filled');
    const r = await runCli(['template', 'cases', file]);
    expect(r.code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe('filled');
  });

  test('an unknown --center is refused with the nearest name', async () => {
    const r = await runCli(['template', 'activity', tmp.file('x.xlsx'), '--center', 'あかね']);
    expect(r.code).toBe(2);
    expect(r.stderr.join('\n')).toContain('「あかね園」のことでしょうか');
  });

  test('cases: no 氏名 column, the note says why, and a filled copy is taken into ケース台帳', async () => {
    const file = tmp.file('ケース.xlsx');
    expect((await runCli(['template', 'cases', file])).code).toBe(0);
    const book = await XlsxWorkbook.load(file);
    const header = book.readSheet(TAB.ledger)![TEMPLATE_HEADER_ROW - 1];
    expect(header).not.toContain('氏名');
    expect(header).not.toContain('受給者証番号');
    expect(header.slice(0, 3)).toEqual(['ケースID', '事業所名', '担当センター']);
    const col = (h: string): number => header.indexOf(h) + 1;
    const row = TEMPLATE_HEADER_ROW + 1;
    book.writeRange(TAB.ledger, row, col('ケースID'), [['T-001']]);
    book.writeRange(TAB.ledger, row, col('事業所名'), [['さくら']]);
    book.writeRange(TAB.ledger, row, col('担当センター'), [['あかね園']]);
    book.writeRange(TAB.ledger, row, col('就職日'), [[{ y: 2024, m: 4, d: 1 }]]);
    const folder = path.join(tmp.dir, 'cases');
    mkdirSync(folder);
    await book.save(path.join(folder, 'さくら.xlsx'));
    const ledger = tmp.file('台帳.xlsx');
    expect((await runCli(['setup', ledger])).code).toBe(0);
    expect((await runCli(['intake', ledger, '--from', folder])).code).toBe(0);
    const rows = (await XlsxWorkbook.load(ledger)).readSheet(TAB.ledger)!;
    expect(rows.filter((r) => r[0] === 'T-001')).toHaveLength(1);
  });
});

describe('runFolderIntake: where an error is', () => {
  test('a bad count is named by file, sheet and row; the other rows are taken', () => {
    const book = new MemoryWorkbook();
    const file = MemoryWorkbook.from({
      表紙: [['2025年度 活動報告']],
      報告: [
        ['センター名', '対象年月', '個別支援会議件数', 'ネットワーク会議件数', '研修会件数'],
        ['エール', '2025-04', 3, 0, 0],
        ['エール', '2025-05', '三', 0, 0],
        ['エール', null, null, null, null],
      ],
    });
    const result = runFolderIntake(
      { book, today: { y: 2025, m: 7, d: 1 }, options: {}, progress: () => undefined },
      [{ name: 'エール.xlsx', hash: 'h1', modifiedMs: Date.UTC(2025, 5, 3), book: file }],
      Date.UTC(2025, 6, 1),
    );
    expect(result.details).toMatchObject({ files: 1, taken: 1, errors: 1 });
    const errors = book.readSheet(TAB.intakeErrors)!;
    const row = errors.find((r) => r[0] === 'エール.xlsx（報告）')!;
    expect(row.slice(1, 5)).toEqual([3, 'エラー', '個別支援会議件数', '三']);
    const history = book.readSheet(TAB.intakeHistory)!;
    const first = history.findIndex((r) => r[0] === 'ファイル名') + 1;
    expect(history[first].slice(0, 5)).toEqual(['エール.xlsx', 'h1', '2025/07/01 09:00:00', 1, 1]);
    expect(book.readSheet(TAB.activity)![1].slice(0, 8)).toEqual([
      'エール',
      '2025-04',
      3,
      0,
      0,
      null,
      '2025/06/03 09:00:00',
      'エール.xlsx',
    ]);
  });
});
