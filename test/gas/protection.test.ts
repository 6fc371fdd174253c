// The （自動） columns of ケース台帳 carry one warning-only protection of ours (Range.protect +
// Protection.setWarningOnly): a colleague typing there is warned that the tool rewrites them. Setup
// and every command that writes owned columns keep it in place; a user's protections stay as they are.

import { OWNED_COLUMNS, OWNED_PROTECTION, TAB } from '../../src/domain/schema';
import { AppsScriptEmulator, type EmuSheet } from './emulator';
import { sampleBook } from './fixtures';
import { load } from './harness';

/** 1-based columns of the ledger's header row (row 2 in the sample) holding owned headers. */
function ownedColumns(ledger: EmuSheet): number[] {
  const headers = new Set<string>(OWNED_COLUMNS.map((c) => c.header));
  const out: number[] = [];
  for (let c = 1; c <= ledger.maxCols; c++) if (headers.has(String(ledger.get(2, c).v))) out.push(c);
  return out;
}

function ours(ledger: EmuSheet) {
  return ledger.protections.filter((p) => p.description === OWNED_PROTECTION);
}

test('setup protects the owned columns once, warning only, down to the last row; a user’s protection is untouched', () => {
  const emu = new AppsScriptEmulator();
  const ledger = sampleBook(emu);
  const theirs = {
    description: '氏名は事務局のみ',
    area: { row: 3, col: 2, numRows: 20, numCols: 1 },
    warningOnly: false,
  };
  ledger.protections.push(theirs);
  const app = load(emu);
  app.run('menuSetup');
  const cols = ownedColumns(ledger);
  expect(cols.length).toBe(OWNED_COLUMNS.length);
  expect(ours(ledger)).toEqual([
    {
      description: OWNED_PROTECTION,
      area: { row: 2, col: cols[0], numRows: ledger.maxRows - 1, numCols: cols.length },
      warningOnly: true,
    },
  ]);
  expect(ledger.protections).toContainEqual(theirs);

  // Re-runs keep exactly one; one removed by hand, or moved, is put back.
  app.run('menuPeriods');
  app.run('menuValidate');
  expect(ours(ledger)).toHaveLength(1);
  const wanted = ours(ledger)[0].area;
  ledger.protections = ledger.protections.filter((p) => p.description !== OWNED_PROTECTION);
  app.run('menuPeriods');
  expect(ours(ledger).map((p) => p.area)).toEqual([wanted]);
  ours(ledger)[0].area = { row: 5, col: 1, numRows: 1, numCols: 1 };
  ledger.protections.push({ ...ours(ledger)[0], area: { row: 6, col: 1, numRows: 1, numCols: 1 } });
  app.run('menuPeriods');
  expect(ours(ledger)).toEqual([{ description: OWNED_PROTECTION, area: wanted, warningOnly: true }]);
  expect(ledger.protections).toContainEqual(theirs);
  expect(emu.sheet(TAB.ledger)).toBe(ledger);
});
