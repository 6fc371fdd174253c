// The demo book (src/demo/sample.ts) in the emulated spreadsheet with the real bundle loaded, after
// 支援期間を計算 and 引継ぎ予定を更新 ran from their menu items: the sidebar tests read the （自動）
// columns those commands wrote and compare the sidebars against them.

import { generateSampleBook, type SampleBook } from '../../src/demo/sample';
import { TAB } from '../../src/domain/schema';
import { SheetsWorkbook } from '../../src/gas/sheetsWorkbook';
import { AppsScriptEmulator } from './emulator';
import { DEFAULT_NOW, load, type Loaded } from './harness';

/** DEFAULT_NOW (2024-06-10 09:00 Tokyo) as the demo's today. */
export const SIDEBAR_TODAY = { y: 2024, m: 6, d: 10 } as const;

export interface LedgerCase {
  readonly row: number;
  readonly caseId: string;
  /** Header → displayed value of the row. */
  readonly cells: Readonly<Record<string, string | number | boolean>>;
}

export interface SidebarBook {
  readonly app: Loaded;
  readonly sample: SampleBook;
  /** Every data row of ケース台帳 with a ケースID, as the sheet shows it. */
  readonly cases: readonly LedgerCase[];
}

export function sidebarBook(cases = 300): SidebarBook {
  const emu = new AppsScriptEmulator();
  const g = globalThis as Record<string, unknown>;
  g.SpreadsheetApp = (emu.globals() as { SpreadsheetApp: unknown }).SpreadsheetApp;
  let sample: SampleBook;
  try {
    const ss = (g.SpreadsheetApp as { getActive(): GoogleAppsScript.Spreadsheet.Spreadsheet }).getActive();
    sample = generateSampleBook(new SheetsWorkbook(ss), { cases, seed: 20240401, today: SIDEBAR_TODAY, messy: true });
  } finally {
    delete g.SpreadsheetApp;
  }
  const app = load(emu, { now: DEFAULT_NOW });
  app.run('menuPeriods');
  app.run('menuHandovers');
  const ledger = emu.sheet(TAB.ledger);
  const header = ledger.rowValues(sample.headerRow).map((h) => String(h));
  const rows: LedgerCase[] = [];
  for (let r = sample.firstDataRow; r <= ledger.lastRow(); r++) {
    const values = ledger.rowValues(r);
    const cells: Record<string, string | number | boolean> = {};
    header.forEach((h, i) => (cells[h] = values[i] ?? ''));
    const id = String(cells['ケースID'] ?? '').trim();
    if (id) rows.push({ row: r, caseId: id, cells });
  }
  return { app, sample, cases: rows };
}

/** A case whose flag starts with `prefix` and whose row validates OK. */
export function caseWithFlag(book: SidebarBook, prefix: string): LedgerCase {
  const found = book.cases.find(
    (c) => String(c.cells['引継ぎフラグ（自動）']).startsWith(prefix) && c.cells['検証結果（自動）'] === 'OK',
  );
  if (!found) throw new Error(`test: the demo book has no valid case flagged ${prefix}`);
  return found;
}

/** A case with no flag and no validation problem. */
export function cleanCase(book: SidebarBook): LedgerCase {
  const found = book.cases.find((c) => c.cells['引継ぎフラグ（自動）'] === '' && c.cells['検証結果（自動）'] === 'OK');
  if (!found) throw new Error('test: the demo book has no clean case');
  return found;
}
