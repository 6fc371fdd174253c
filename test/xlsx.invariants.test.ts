// What Excel checks when it opens a file and exceljs does not: run `teichaku all` on an office's
// ledger that is an Excel Table with the user's own conditional format, dropdown, note, hidden column,
// merged title, formula and a chart on another tab; unzip the result and check that Excel would open
// it without repair and that every part of the user's is as it was, byte for byte.

import { readFileSync, writeFileSync } from 'node:fs';
import { excelTableBook, USER_CHART_XML, USER_DRAWING_XML, USER_TABLE_XML } from './fixtures/excelBook';
import { runCli, tempDir } from './fixtures/cliHarness';
import { readZip, type ZipEntry } from './fixtures/zip';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.cleanup());

const get = (entries: ZipEntry[], name: string): string => {
  const e = entries.find((x) => x.name === name);
  if (!e) throw new Error(`no ${name}`);
  return e.data.toString('utf8');
};

/** Part name of each tab, through workbook.xml and its rels. */
function sheetPart(entries: ZipEntry[], tab: string): string {
  const wb = get(entries, 'xl/workbook.xml');
  const rels = get(entries, 'xl/_rels/workbook.xml.rels');
  const id = new RegExp(`<sheet [^>]*name="${tab}"[^>]*r:id="([^"]+)"`).exec(wb)?.[1];
  const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1];
  if (!target) throw new Error(`no tab ${tab}`);
  return `xl/${target.replace(/^\/?xl\//, '')}`;
}

function relsOf(part: string): string {
  const i = part.lastIndexOf('/');
  return `${part.slice(0, i)}/_rels/${part.slice(i + 1)}.rels`;
}

/** The part a sheet's relationship of the given kind points at. */
function related(entries: ZipEntry[], part: string, kind: string): string[] {
  const rels = entries.find((e) => e.name === relsOf(part))?.data.toString('utf8') ?? '';
  const dir = part.slice(0, part.lastIndexOf('/'));
  return [...rels.matchAll(new RegExp(`<Relationship [^>]*Type="[^"]*/${kind}"[^>]*Target="([^"]+)"`, 'g'))].map(
    (m) => {
      const parts = dir.split('/');
      for (const seg of m[1].split('/'))
        if (seg === '..') parts.pop();
        else parts.push(seg);
      return parts.join('/');
    },
  );
}

function cells(ref: string): { r1: number; c1: number; r2: number; c2: number } {
  const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const [a, b = a] = ref.split(':');
  const pa = /^([A-Z]+)(\d+)$/.exec(a)!;
  const pb = /^([A-Z]+)(\d+)$/.exec(b)!;
  return { r1: Number(pa[2]), c1: col(pa[1]), r2: Number(pb[2]), c2: col(pb[1]) };
}

function overlap(a: string, b: string): boolean {
  const x = cells(a);
  const y = cells(b);
  return x.r1 <= y.r2 && y.r1 <= x.r2 && x.c1 <= y.c2 && y.c1 <= x.c2;
}

describe('an Excel Table ledger after `teichaku all`', () => {
  let before: ZipEntry[];
  let after: ZipEntry[];
  let ledgerBefore: string;
  let ledgerAfter: string;
  let stdout: string;

  beforeEach(async () => {
    const file = tmp.file('台帳.xlsx');
    writeFileSync(file, await excelTableBook());
    before = readZip(readFileSync(file));
    // In place: the book's own chart survives the save, so the CLI no longer refuses.
    const r = await runCli(['all', file, '--today', '2026-04-01']);
    stdout = r.stdout.join('\n');
    expect([r.code, r.stderr.join('\n')]).toEqual([0, expect.stringContaining('保存しました')]);
    after = readZip(readFileSync(file));
    ledgerBefore = get(before, sheetPart(before, 'ケース台帳'));
    ledgerAfter = get(after, sheetPart(after, 'ケース台帳'));
  });

  test('conditional-format priorities are unique on every sheet, the user’s rule keeping its own', () => {
    for (const e of after.filter((x) => /^xl\/worksheets\/[^/]+\.xml$/.test(x.name))) {
      const priorities = [...e.data.toString('utf8').matchAll(/<cfRule [^>]*priority="(\d+)"/g)].map((m) => m[1]);
      expect([e.name, new Set(priorities).size]).toEqual([e.name, priorities.length]);
    }
    expect([...ledgerAfter.matchAll(/<cfRule /g)].length).toBeGreaterThan(1); // ours are there too
    const userRule = /<conditionalFormatting sqref="E3:E5">.*?<\/conditionalFormatting>/.exec(ledgerBefore)![0];
    expect(ledgerAfter).toContain(userRule);
  });

  test('no two validations overlap; the user’s dropdown is as it was', () => {
    for (const e of after.filter((x) => /^xl\/worksheets\/[^/]+\.xml$/.test(x.name))) {
      const refs = [...e.data.toString('utf8').matchAll(/<dataValidation [^>]*sqref="([^"]+)"/g)].flatMap((m) =>
        m[1].split(' '),
      );
      for (let i = 0; i < refs.length; i++)
        for (let j = i + 1; j < refs.length; j++)
          expect([e.name, refs[i], refs[j], overlap(refs[i], refs[j])]).toEqual([e.name, refs[i], refs[j], false]);
    }
    const dv = /<dataValidation [^>]*sqref="D3:D5">.*?<\/dataValidation>/.exec(ledgerBefore)![0];
    expect(ledgerAfter).toContain(dv);
  });

  test('the Excel Table is byte for byte the user’s; the owned columns sit beside it, outside it', () => {
    const [table] = related(after, sheetPart(after, 'ケース台帳'), 'table');
    expect(get(after, table)).toBe(USER_TABLE_XML);
    expect(ledgerAfter).toMatch(/<tableParts count="1">/);
    // The owned columns start right of the table's last column (G), in the header row.
    // Written as an inline string: the shared strings part stays byte for byte the user's.
    expect(ledgerAfter).toMatch(/<c r="H2"[^>]*t="inlineStr"><is><t>6月到達日（自動）<\/t><\/is>/);
    expect(get(after, 'xl/sharedStrings.xml')).toBe(get(before, 'xl/sharedStrings.xml'));
  });

  test('merged title, hidden column, the user’s width, formula and note are as they were', () => {
    expect(ledgerAfter).toContain('<mergeCells count="1"><mergeCell ref="A1:G1"/></mergeCells>');
    const userCols = [...ledgerBefore.matchAll(/<col [^>]*\/>/g)].map((m) => m[0]);
    expect(userCols.length).toBe(2);
    for (const col of userCols) expect(ledgerAfter).toContain(col);
    for (const r of [3, 4, 5]) {
      const formula = new RegExp(`<c r="G${r}"[^>]*><f>[^<]*</f>`).exec(ledgerBefore)![0];
      expect(ledgerAfter).toContain(formula);
    }
    const [comments] = related(after, sheetPart(after, 'ケース台帳'), 'comments');
    expect(get(after, comments)).toContain('要確認（利用者のメモ）');
  });

  test('the user’s chart on their own tab is kept byte for byte, and the summary tabs get charts', () => {
    const [drawing] = related(after, sheetPart(after, 'グラフ'), 'drawing');
    expect(get(after, drawing)).toBe(USER_DRAWING_XML);
    const [chart] = related(after, drawing, 'chart');
    expect(get(after, chart)).toBe(USER_CHART_XML);
    const types = get(after, '[Content_Types].xml');
    expect(types).toContain(
      `PartName="/${chart}" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"`,
    );
    const [ours] = related(after, sheetPart(after, 'センター別集計'), 'drawing');
    expect(related(after, ours, 'chart')).toHaveLength(1);
    expect(stdout).not.toMatch(/含まれていません/);
  });

  test('every relationship points at a part that exists, and every part has a content type', () => {
    const names = new Set(after.map((e) => e.name));
    const types = get(after, '[Content_Types].xml');
    const defaults = new Set([...types.matchAll(/<Default Extension="([^"]+)"/g)].map((m) => m[1].toLowerCase()));
    for (const e of after.filter((x) => x.name.endsWith('.rels'))) {
      // The folder of the part these rels belong to ('' for the package's own _rels/.rels).
      const ownerDir = e.name.slice(0, e.name.lastIndexOf('_rels/')).replace(/\/$/, '');
      for (const m of e.data.toString('utf8').matchAll(/<Relationship [^>]*>/g)) {
        if (/TargetMode="External"/.test(m[0])) continue;
        const target = /Target="([^"]+)"/.exec(m[0])![1];
        const parts = target.startsWith('/') || ownerDir === '' ? [] : ownerDir.split('/');
        for (const seg of target.replace(/^\//, '').split('/'))
          if (seg === '..') parts.pop();
          else parts.push(seg);
        expect([e.name, target, names.has(parts.join('/'))]).toEqual([e.name, target, true]);
      }
    }
    for (const name of names) {
      if (name.endsWith('/')) continue;
      const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
      expect([name, types.includes(`PartName="/${name}"`) || defaults.has(ext)]).toEqual([name, true]);
    }
  });

  test('a second run gives the same charts, not twice as many, and keeps the user’s', async () => {
    const file = tmp.file('台帳.xlsx');
    const count = (entries: ZipEntry[]) => entries.filter((e) => /^xl\/charts\/[^/]+\.xml$/.test(e.name)).length;
    const first = count(after);
    const r = await runCli(['all', file, '--today', '2026-04-02']);
    expect(r.code).toBe(0);
    const again = readZip(readFileSync(file));
    expect(count(again)).toBe(first);
    const [drawing] = related(again, sheetPart(again, 'グラフ'), 'drawing');
    expect(get(again, related(again, drawing, 'chart')[0])).toBe(USER_CHART_XML);
    const [table] = related(again, sheetPart(again, 'ケース台帳'), 'table');
    expect(get(again, table)).toBe(USER_TABLE_XML);
  });
});
