// The real Sheets adapter over the emulated SpreadsheetApp, outside the built bundle: for the
// benchmark and the call-count tests, which run commands straight through SheetsWorkbook.

import { SheetsWorkbook } from '../../src/gas/sheetsWorkbook';
import { AppsScriptEmulator } from './emulator';

export interface EmulatedBook {
  readonly emu: AppsScriptEmulator;
  /** A new adapter, as each menu click or trigger run makes one. */
  open(): SheetsWorkbook;
}

/**
 * A fresh emulated spreadsheet. The adapter reaches SpreadsheetApp as a global (for rule and
 * validation builders), so this sets it; `release` takes it away again.
 */
export function emulatedBook(): EmulatedBook {
  const emu = new AppsScriptEmulator();
  const app = (emu.globals() as { SpreadsheetApp: { getActive(): GoogleAppsScript.Spreadsheet.Spreadsheet } })
    .SpreadsheetApp;
  (globalThis as Record<string, unknown>).SpreadsheetApp = app;
  const ss = app.getActive();
  emu.resetCalls();
  return { emu, open: () => new SheetsWorkbook(ss) };
}

export function release(): void {
  delete (globalThis as Record<string, unknown>).SpreadsheetApp;
}
