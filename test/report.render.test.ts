// Seen, not assumed: drafts rendered by LibreOffice (Debian libreoffice-writer, headless) and read
// back with poppler. One from the shipped template, one from a template built here the way Word saves
// an office's own form: placeholders split over several runs (a spell-check mark between `{ケース`
// and `ID}`, a bold run inside a loop tag), the loop over a table row. The checks read the page's
// text, not positions, so they do not depend on which Japanese font is installed.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import PizZip from 'pizzip';
import { compileTemplate } from '../src/docx/reportDocx';
import type { ReportData } from '../src/domain/report';

let dir: string;

function tool(name: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      `${name} がありません。Debian なら apt-get install libreoffice-writer poppler-utils で入れてください。`,
    );
  }
}

beforeAll(() => {
  tool('soffice');
  tool('pdftotext');
  dir = mkdtempSync(path.join(tmpdir(), 'teichaku-report-render-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** docx → PDF with LibreOffice (a profile of its own), then the PDF's text. */
function renderText(docx: string): { pdf: string; text: string } {
  execFileSync(
    'soffice',
    [
      `-env:UserInstallation=file://${path.join(dir, 'profile')}`,
      '--headless',
      '--norestore',
      '--convert-to',
      'pdf',
      '--outdir',
      dir,
      docx,
    ],
    { stdio: 'ignore', timeout: 170_000 },
  );
  const pdf = docx.replace(/\.docx$/, '.pdf');
  return { pdf, text: execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }) };
}

const DATA: ReportData = {
  ケースID: 'C-0042',
  氏名: '山田 花子',
  事業所名: '定着支援みなと',
  担当者: '佐藤',
  対象月: '2026年10月',
  作成日: '2026/11/02',
  支援記録: [
    { 日付: '10月3日', 相手: '本人', 方法: '事業所での面談', 内容: '通勤の疲れを確認' },
    { 日付: '10月20日', 相手: '企業', 方法: '職場訪問', 内容: '上司と作業手順を相談' },
  ],
  対面: [{ 日付: '10月3日', 相手: '本人', 方法: '事業所での面談', 内容: '通勤の疲れを確認' }],
  企業: [{ 日付: '10月20日', 相手: '企業', 方法: '職場訪問', 内容: '上司と作業手順を相談' }],
};

test('a draft from the shipped template shows the person and every contact of the month on the page', () => {
  const render = compileTemplate(readFileSync(path.join(__dirname, '..', 'templates', '支援レポート.docx')), 'x');
  const file = path.join(dir, 'shipped.docx');
  writeFileSync(file, render(DATA));
  const { pdf, text } = renderText(file);
  const flat = text.replace(/\s+/g, '');
  for (const s of [
    '支援レポート',
    '2026年10月',
    '山田花子',
    'C-0042',
    '定着支援みなと',
    '本人確認欄',
    '共有日・共有先',
  ])
    expect(flat).toContain(s);
  for (const c of DATA.支援記録) {
    expect(flat).toContain(c.日付);
    expect(flat).toContain(c.方法);
    expect(flat).toContain(c.内容);
  }
  expect(text).not.toMatch(/\{|\}/);
  // One A4 page (595 × 842 pt).
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  expect(info).toMatch(/Pages:\s+1\b/);
  expect(info).toMatch(/Page size:.*\(A4\)/);
  if (process.env.REPORT_PNG)
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdf, process.env.REPORT_PNG]);
});

// --- a template as Word saves an office's own form -------------------------------------------

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

function run(t: string, bold = false): string {
  return `<w:r>${bold ? '<w:rPr><w:b/></w:rPr>' : ''}<w:t xml:space="preserve">${t}</w:t></w:r>`;
}
function para(...runs: string[]): string {
  return `<w:p>${runs.join('')}</w:p>`;
}
function tc(content: string): string {
  return `<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>${content}</w:tc>`;
}

function wordLikeTemplate(): Buffer {
  const body = [
    para(run('利用者支援報告書'), run('（'), run('{対象', true), run('月}'), run('）')),
    // Word's spell-check splits the placeholder: `{ケース` | proofErr | `ID}`.
    para(
      run('番号: '),
      '<w:proofErr w:type="spellStart"/>',
      run('{ケース'),
      '<w:proofErr w:type="spellEnd"/>',
      run('ID}'),
      run('　氏名: {'),
      run('氏名'),
      run('}'),
    ),
    `<w:tbl><w:tblPr><w:tblW w:w="8000" w:type="dxa"/></w:tblPr><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/><w:gridCol w:w="4000"/></w:tblGrid>` +
      `<w:tr>${tc(para(run('日付')))}${tc(para(run('方法')))}${tc(para(run('内容')))}</w:tr>` +
      `<w:tr>${tc(para(run('{#支援'), run('記録}'), run('{日'), run('付}')))}${tc(para(run('{方法}')))}${tc(para(run('{内容}{/'), run('支援記録}', true)))}</w:tr>` +
      `</w:tbl>`,
    para(run('企業訪問: '), run('{#企業}{日付} {'), run('方法}{/企業}')),
    `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="0" w:footer="0" w:gutter="0"/></w:sectPr>`,
  ].join('');
  const zip = new PizZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`,
  );
  return zip.generate({ type: 'nodebuffer' });
}

test('an office template saved by Word, placeholders split over runs, is filled and renders', () => {
  const render = compileTemplate(wordLikeTemplate(), '事業所様式.docx');
  const file = path.join(dir, 'office.docx');
  writeFileSync(file, render(DATA));
  const { text } = renderText(file);
  const flat = text.replace(/\s+/g, '');
  expect(flat).toContain('利用者支援報告書（2026年10月）');
  expect(flat).toContain('番号:C-0042');
  expect(flat).toContain('氏名:山田花子');
  expect(flat).toContain('10月3日事業所での面談通勤の疲れを確認');
  expect(flat).toContain('10月20日職場訪問上司と作業手順を相談');
  expect(flat).toContain('企業訪問:10月20日職場訪問');
  expect(text).not.toMatch(/\{|\}/);
});

test('an unknown placeholder split over runs is still named whole', () => {
  const zip = new PizZip(wordLikeTemplate());
  const xml = zip.file('word/document.xml')!.asText();
  zip.file('word/document.xml', xml.replace(run('氏名'), `${run('氏')}<w:proofErr w:type="gramStart"/>${run('名前')}`));
  expect(() => compileTemplate(zip.generate({ type: 'nodebuffer' }), '事業所様式.docx')).toThrow(
    /「\{氏名前\}」という差し込み項目はありません/,
  );
});
