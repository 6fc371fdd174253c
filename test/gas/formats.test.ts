// The real bundle in the emulator: generated tabs show counts as #,##0 with the headers of numeric
// columns right-aligned over them, as the xlsx adapter does (test/summary.seed.test.ts checks the
// content side, test/xlsx.invariants.test.ts the file).

import { TAB } from '../../src/domain/schema';
import { menuFunctionName } from '../../src/gas/menu';
import { AppsScriptEmulator } from './emulator';
import { sampleBook } from './fixtures';
import { load } from './harness';

test('センター別集計: numeric headers right-aligned, counts as #,##0, text columns left as they are', () => {
  const emu = new AppsScriptEmulator();
  sampleBook(emu, { rows: 30, form: true });
  const app = load(emu);
  app.run('menuSetup');
  app.run(menuFunctionName('summary'));
  const sheet = emu.sheet(TAB.centerSummary);
  const header = [...Array(40).keys()].map((i) => i + 1).find((r) => sheet.get(r, 2).v === 'センター名')!;
  expect(header).toBeGreaterThan(1);
  expect([1, 2, 3, 4].map((c) => sheet.get(header, c).align)).toEqual(['right', null, 'right', 'right']);
  expect(typeof sheet.get(header + 1, 3).v).toBe('number');
  // With the width of a space after it (`_ `): a count never touches the text to its right.
  expect(sheet.get(header + 1, 3).format).toBe('#,##0_ ');
  // The title and the note above the table keep automatic alignment and text format.
  expect(sheet.get(1, 1).align).toBeNull();
  expect(sheet.get(header, 2).format).toBe('@');
});

test('検証結果: the messages in the last column wrap at its width; the title and the other columns do not', () => {
  const emu = new AppsScriptEmulator();
  sampleBook(emu, { rows: 30, form: true });
  const app = load(emu);
  app.run('menuSetup');
  app.run(menuFunctionName('validate'));
  const sheet = emu.sheet(TAB.validation);
  const header = [...Array(10).keys()].map((i) => i + 1).find((r) => sheet.get(r, 1).v === '行')!;
  expect(header).toBeGreaterThan(1);
  const last = [...Array(6).keys()].map((i) => i + 1).find((c) => sheet.get(header, c).v === 'メッセージ')!;
  // Rows whose message is longer than the column (480 px ≈ 67 half-width units) wrap.
  const rows = [...Array(60).keys()].map((i) => header + 1 + i).filter((r) => String(sheet.get(r, last).v).length > 40);
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) expect([r, sheet.get(r, last).wrap]).toEqual([r, true]);
  expect(sheet.get(1, 1).wrap).toBe(false);
  expect(sheet.get(rows[0], 1).wrap).toBe(false);
});
