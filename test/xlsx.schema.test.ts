// The schema check (test/fixtures/schemaCheck.ts) catches real errors, and what today's writer gives.

import { readZip, writeZip, type ZipEntry } from './fixtures/zip';
import { KNOWN_WRITER_FAILURES, xlsxProblems } from './fixtures/schemaCheck';
import { runCli, tempDir } from './fixtures/cliHarness';
import { readFileSync } from 'node:fs';

let tmp: ReturnType<typeof tempDir>;
let ledger: Buffer;
beforeAll(async () => {
  tmp = tempDir();
  const file = tmp.file('台帳.xlsx');
  expect((await runCli(['setup', file, '--today', '2026-04-01'])).code).toBe(0);
  ledger = readFileSync(file);
});
afterAll(() => tmp.cleanup());

const SHEET = 'xl/worksheets/sheet1.xml';
function edit(change: (es: ZipEntry[]) => ZipEntry[]): Buffer {
  return writeZip(change(readZip(ledger)));
}
function editSheet(f: (xml: string) => string): Buffer {
  return edit((es) =>
    es.map((e) => (e.name === SHEET ? { name: e.name, data: Buffer.from(f(e.data.toString())) } : e)),
  );
}

test('legacyDrawing after tableParts is an element-order error', () => {
  const bad = editSheet((x) =>
    x.replace('</worksheet>', '<tableParts count="0"/><legacyDrawing r:id="rIdX"/></worksheet>'),
  );
  const problems = xlsxProblems(bad);
  expect(problems.some((p) => p.startsWith(`schema: ${SHEET}`) && /legacyDrawing.*not expected/.test(p))).toBe(true);
});

test('a dangling relationship target is found', () => {
  const bad = edit((es) =>
    es.map((e) =>
      e.name === 'xl/_rels/workbook.xml.rels'
        ? { name: e.name, data: Buffer.from(e.data.toString().replace('worksheets/sheet1.xml', 'worksheets/gone.xml')) }
        : e,
    ),
  );
  expect(xlsxProblems(bad, { schemas: false }).some((p) => /^relationship: .*gone\.xml/.test(p))).toBe(true);
});

test('two conditional-format rules with one priority are found', () => {
  const cf =
    '<conditionalFormatting sqref="A1"><cfRule type="expression" priority="1"><formula>1</formula></cfRule>' +
    '<cfRule type="expression" priority="1"><formula>1</formula></cfRule></conditionalFormatting>';
  const bad = editSheet((x) => x.replace('</sheetData>', `</sheetData>${cf}`));
  expect(xlsxProblems(bad, { schemas: false })).toContain(
    `cf-priority: ${SHEET} has 2 conditional-format rules with priority 1`,
  );
});

test('overlapping merges are found', () => {
  const bad = editSheet((x) =>
    x.replace(
      '</sheetData>',
      '</sheetData><mergeCells count="2"><mergeCell ref="A1:B2"/><mergeCell ref="B2:C3"/></mergeCells>',
    ),
  );
  expect(xlsxProblems(bad, { schemas: false })).toContain(`overlap-merge: ${SHEET} A1:B2 overlaps B2:C3`);
});

test("today's writer: the ledger setup writes passes the schemas and the package rules", () => {
  expect(xlsxProblems(ledger)).toEqual([]);
});

// Known failures of today's writer, kept visible: each fails until the writer is fixed, then this must go.
test.failing(
  'KNOWN WRITER FAILURE: a ledger with a note and an Excel table keeps <legacyDrawing> before <tableParts>',
  async () => {
    expect(KNOWN_WRITER_FAILURES).toEqual([]);
  },
);
