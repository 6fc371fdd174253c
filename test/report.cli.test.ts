// `teichaku report` as an office meets it: a book of four cases (two in service in October 2026 with
// contacts, one whose service ended before it, one that has not started), drafts written from the
// shipped template, then a rerun after a person edited one draft and typed a 共有日 for another.
// Service windows are worked out here from the rule (hired S → may use the service from the day
// after periodEnd(S, 6); last day periodEnd(S, 42)), not taken from the product.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import PizZip from 'pizzip';
import { REPORT_TAB } from '../src/domain/report';
import { TAB } from '../src/domain/schema';
import type { Cell } from '../src/workbook/port';
import { XlsxWorkbook } from '../src/xlsx/xlsxWorkbook';
import { looksLikeStackTrace, runCli, tempDir } from './fixtures/cliHarness';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.cleanup());

const LEDGER_HEADER = ['ケースID', '氏名', '事業所名', '担当センター', '就職日', '利用開始日', '利用終了日', '担当者'];
const LEDGER: Cell[][] = [
  // hired 2025-04-01: 利用開始可能日 2025-10-01, 最終利用可能日 2028-09-30 → in service in 2026-10
  ['C-001', '山田 花子', '定着支援みなと', 'あかね園', '2025/04/01', null, null, '佐藤'],
  // hired 2025-06-15: may start 2025-12-15 → in service in 2026-10
  ['C-002', '鈴木 一郎', '定着支援みなと', 'あかね園', '2025/06/15', null, null, '田中'],
  // service ended 2026-08-31, before October
  ['C-003', '高橋 次郎', '定着支援みなと', 'あかね園', '2024/01/10', null, '2026/08/31', '佐藤'],
  // hired 2026-08-01: 6月到達日 2027-01-31, may start 2027-02-01 → not yet in October
  ['C-004', '伊藤 三郎', '定着支援みなと', 'あかね園', '2026/08/01', null, null, '佐藤'],
];
const CONTACT_HEADER = ['ケースID', '日付', '相手', '方法', '支援レポート共有', '内容'];
const CONTACTS: Cell[][] = [
  ['C-001', '2026/10/20', '企業', '職場訪問', null, '上司と面談。作業手順書を追加'],
  ['C-001', '2026/10/03', '本人', '事業所での面談', null, '通勤の疲れを確認'],
  ['C-002', '2026/10/12', '本人', '電話', null, '体調の相談'],
  ['C-003', '2026/08/20', '本人', '家庭訪問', null, '終了前の面談（高橋）'],
  ['C-001', '2026/09/28', '本人', '職場訪問', null, '先月の訪問'],
];

async function writeBook(file: string, contacts: Cell[][] = CONTACTS): Promise<void> {
  const book = XlsxWorkbook.create();
  book.createSheet(TAB.ledger);
  book.writeRange(TAB.ledger, 1, 1, [LEDGER_HEADER, ...LEDGER]);
  book.createSheet(TAB.contacts);
  book.writeRange(TAB.contacts, 1, 1, [CONTACT_HEADER, ...contacts]);
  await book.save(file);
}

function docText(file: string): string {
  const xml = new PizZip(readFileSync(file)).file('word/document.xml')!.asText();
  return xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<w:tab\/>|<\/w:tc>/g, '\t')
    .replace(/<[^>]+>/g, '');
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

async function reportTab(file: string): Promise<Cell[][]> {
  const book = await XlsxWorkbook.load(file);
  return book.readSheet(REPORT_TAB) ?? [];
}

test('four cases: exactly the two in service get a draft, named by ケースID and month, with their own contacts', async () => {
  const book = tmp.file('台帳.xlsx');
  await writeBook(book);
  const r = await runCli(['report', book, '--month', '2026-10', '--today', '2026-11-02']);
  expect(r.stderr.join('\n')).not.toMatch(/予期しない/);
  expect(r.code).toBe(0);
  const dir = tmp.file('支援レポート_2026-10');
  expect(readdirSync(dir).sort()).toEqual(['支援レポート_C-001_2026-10.docx', '支援レポート_C-002_2026-10.docx']);

  const first = docText(path.join(dir, '支援レポート_C-001_2026-10.docx'));
  expect(first).toContain('山田 花子');
  expect(first).toContain('2026年10月');
  expect(first).toContain('2026/11/02');
  expect(first).toContain('佐藤');
  // October's contacts in date order; September's is not in October's report.
  expect(first.indexOf('通勤の疲れを確認')).toBeGreaterThan(-1);
  expect(first.indexOf('上司と面談')).toBeGreaterThan(first.indexOf('通勤の疲れを確認'));
  expect(first).not.toContain('先月の訪問');
  expect(first).not.toContain('体調の相談');
  expect(first).not.toMatch(/\{[^}]*\}/); // no placeholder left
  const second = docText(path.join(dir, '支援レポート_C-002_2026-10.docx'));
  expect(second).toContain('鈴木 一郎');
  expect(second).toContain('体調の相談');
  expect(second).not.toContain('山田');

  const tab = await reportTab(book);
  expect(tab[0]).toEqual(['ケースID', '対象月', 'ファイル', '作成日', '共有日', '共有先', '管理用（自動）']);
  expect(tab.slice(1).map((row) => [row[0], row[1], row[2], row[3], row[4], row[5]])).toEqual([
    ['C-001', '2026-10', '支援レポート_C-001_2026-10.docx', { y: 2026, m: 11, d: 2 }, null, null],
    ['C-002', '2026-10', '支援レポート_C-002_2026-10.docx', { y: 2026, m: 11, d: 2 }, null, null],
  ]);
  expect(tab[1][6]).toBe(sha(readFileSync(path.join(dir, '支援レポート_C-001_2026-10.docx'))));
});

test('a rerun leaves an edited draft and a shared one byte-identical, keeps 共有日, and refreshes an untouched one', async () => {
  const book = tmp.file('台帳.xlsx');
  await writeBook(book);
  expect((await runCli(['report', book, '--month', '2026-10', '--today', '2026-11-02'])).code).toBe(0);
  const dir = tmp.file('支援レポート_2026-10');
  const one = path.join(dir, '支援レポート_C-001_2026-10.docx');
  const two = path.join(dir, '支援レポート_C-002_2026-10.docx');

  // A person edits C-001's draft in Word (a sentence added to the document).
  const zip = new PizZip(readFileSync(one));
  const xml = zip.file('word/document.xml')!.asText();
  zip.file(
    'word/document.xml',
    xml.replace('</w:body>', '<w:p><w:r><w:t>本人と目標を確認した。</w:t></w:r></w:p></w:body>'),
  );
  const edited = zip.generate({ type: 'nodebuffer' });
  writeFileSync(one, edited);
  // Staff record that C-002's report was shared with the person and the employer.
  const b = await XlsxWorkbook.load(book);
  b.writeRange(REPORT_TAB, 3, 5, [[{ y: 2026, m: 11, d: 4 }, '本人、企業']]);
  await b.save(book);
  const sharedBytes = readFileSync(two);

  // New contacts appear in the log for both; a rerun a day later.
  const more: Cell[][] = [
    ...CONTACTS,
    ['C-001', '2026/10/30', '本人', '家庭訪問', null, '月末の訪問'],
    ['C-002', '2026/10/29', '本人', '職場訪問', null, '職場で面談'],
  ];
  const b2 = await XlsxWorkbook.load(book);
  b2.writeRange(TAB.contacts, 1, 1, [CONTACT_HEADER, ...more]);
  await b2.save(book);
  const r = await runCli(['report', book, '--month', '2026-10', '--today', '2026-11-05']);
  expect(r.code).toBe(0);
  expect(readFileSync(one).equals(edited)).toBe(true);
  expect(readFileSync(two).equals(sharedBytes)).toBe(true);
  const said = r.stdout.join('\n');
  expect(said).toMatch(/編集されているため作り直していません（1件）: C-001/);
  expect(said).toMatch(/共有日が入っているため作り直していません（1件）: C-002/);

  const tab = await reportTab(book);
  expect(tab).toHaveLength(3);
  expect(tab[2].slice(0, 6)).toEqual([
    'C-002',
    '2026-10',
    '支援レポート_C-002_2026-10.docx',
    { y: 2026, m: 11, d: 2 },
    { y: 2026, m: 11, d: 4 },
    '本人、企業',
  ]);

  // An untouched draft is brought up to date: put C-001's own draft aside, and it is made again.
  writeFileSync(one, readFileSync(one)); // unchanged bytes: still the edited ones
  const b3 = await XlsxWorkbook.load(book);
  b3.writeRange(REPORT_TAB, 2, 7, [[sha(edited)]]); // as if we had written the edited bytes
  await b3.save(book);
  expect((await runCli(['report', book, '--month', '2026-10', '--today', '2026-11-06'])).code).toBe(0);
  expect(docText(one)).toContain('月末の訪問');
  const after = await reportTab(book);
  expect(after[1][3]).toEqual({ y: 2026, m: 11, d: 6 });
  expect(after[1][6]).toBe(sha(readFileSync(one)));
  expect(after).toHaveLength(3);
});

test('a draft written by a run whose book was not saved is recognised as ours by the next run', async () => {
  const book = tmp.file('台帳.xlsx');
  await writeBook(book);
  const out = tmp.file('別名.xlsx');
  expect((await runCli(['report', book, '--month', '2026-10', '--today', '2026-11-02', '--out', out])).code).toBe(0);
  // The original book has no 支援レポート tab; the files are there. Same day, same data: same bytes.
  const r = await runCli(['report', book, '--month', '2026-10', '--today', '2026-11-02']);
  expect(r.code).toBe(0);
  expect(r.stdout.join('\n')).not.toMatch(/上書きしていません/);
  expect((await reportTab(book)).length).toBe(3);
});

test('a file of the same name that the tab does not know is not overwritten', async () => {
  const book = tmp.file('台帳.xlsx');
  await writeBook(book);
  const dir = tmp.file('支援レポート_2026-10');
  expect(
    (await runCli(['report', book, '--month', '2026-10', '--today', '2026-11-02', '--out', tmp.file('x.xlsx')])).code,
  ).toBe(0);
  const mine = path.join(dir, '支援レポート_C-001_2026-10.docx');
  writeFileSync(mine, Buffer.from('誰かのファイル'));
  const r = await runCli(['report', book, '--month', '2026-10', '--today', '2026-11-02']);
  expect(r.code).toBe(0);
  expect(readFileSync(mine, 'utf8')).toBe('誰かのファイル');
  // C-002's file is the one we would write (same data, same day): taken as ours, recorded.
  expect((await reportTab(book)).map((row) => row[0])).toEqual(['ケースID', 'C-002']);
  expect(r.stdout.join('\n')).toMatch(/上書きしていません（1件）: C-001/);
});

describe('a template with a bad placeholder is refused before any file is written', () => {
  function templateWith(body: string): Buffer {
    const zip = new PizZip(readFileSync(path.join(__dirname, '..', 'templates', '支援レポート.docx')));
    const xml = zip.file('word/document.xml')!.asText();
    zip.file('word/document.xml', xml.replace('{氏名}', body));
    return zip.generate({ type: 'nodebuffer' });
  }
  test.each([
    ['unknown name', '{名前}', /「\{名前\}」という差し込み項目はありません/],
    ['unclosed', '{氏名', /「\{氏名.*」の「\}」がありません/],
    ['unknown loop', '{#面談}{日付}{/面談}', /繰り返し「\{#面談\}」は使えません/],
    ['loop field outside a loop', '{内容}', /「\{内容\}」は繰り返し/],
  ])('%s', async (_name, body, message) => {
    const book = tmp.file('台帳.xlsx');
    await writeBook(book);
    const before = readFileSync(book);
    const template = tmp.file('様式.docx');
    writeFileSync(template, templateWith(body));
    const r = await runCli(['report', book, '--month', '2026-10', '--template', template]);
    expect(r.code).toBe(2);
    expect(r.stderr.join('\n')).toMatch(message);
    expect(r.stderr.join('\n')).toContain('様式.docx');
    expect(looksLikeStackTrace(r.stderr)).toBe(false);
    expect(existsSync(tmp.file('支援レポート_2026-10'))).toBe(false);
    expect(readFileSync(book).equals(before)).toBe(true);
  });
});

test('usage: --template and --dir belong to report; a missing template is named', async () => {
  const book = tmp.file('台帳.xlsx');
  await writeBook(book);
  const r1 = await runCli(['validate', book, '--dir', tmp.dir]);
  expect(r1.code).toBe(2);
  expect(r1.stderr.join('\n')).toMatch(/--template と --dir は report だけ/);
  const r2 = await runCli(['report', book, '--month', '2026-10', '--template', tmp.file('ない.docx')]);
  expect(r2.code).toBe(2);
  expect(r2.stderr.join('\n')).toMatch(/ない\.docx」が見つかりません/);
  const help = await runCli(['--help']);
  expect(help.stdout.join('\n')).toMatch(/^ {2}report\s+支援レポートを作成/m);
});

test('--dir puts the drafts where asked', async () => {
  const book = tmp.file('台帳.xlsx');
  await writeBook(book);
  const r = await runCli(['report', book, '--month', '2026-10', '--today', '2026-11-02', '--dir', tmp.file('提出用')]);
  expect(r.code).toBe(0);
  expect(readdirSync(tmp.file('提出用'))).toHaveLength(2);
});

test('todo --by-staff: each 担当者 and their cases still missing this month’s 対面, report to 本人, or employer visit', async () => {
  const book = tmp.file('台帳.xlsx');
  await writeBook(book);
  const r = await runCli(['todo', book, '--by-staff', '--today', '2026-10-28']);
  expect(r.code).toBe(0);
  const text = r.stdout.join('\n');
  // C-001 (佐藤): face-to-face on 10/03 and a 職場訪問 to the employer on 10/20, no report shared yet.
  // C-002 (田中): a phone call only. C-003 ended in August, C-004 has not started: not listed.
  expect(text).toContain('担当者別の月末確認（2026年10月、2026/10/28時点）: 2人');
  expect(text).toMatch(/佐藤（1件）\n {2}・支援レポート（本人と共有）がまだ（1件）: C-001$/m);
  expect(text).toMatch(
    /田中（1件）\n {2}・本人との対面がまだ（1件）: C-002\n {2}・支援レポート（本人と共有）がまだ（1件）: C-002\n {2}・企業訪問（職場訪問）がまだ（1件）: C-002/,
  );
  expect(text).not.toMatch(/C-003|C-004|山田|鈴木/);
});
