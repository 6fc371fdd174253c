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
