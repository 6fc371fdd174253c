// The only file that knows Apps Script's names: simple triggers, menu handlers, installable triggers.
// Everything here is a thin wrapper; the work is in src/commands through the Apps Script adapter.

export function onOpen(): void {
  SpreadsheetApp.getUi().createMenu('定着支援').addItem('初期設定', 'menuSetup').addToUi();
}

export function onInstall(): void {
  onOpen();
}

export function menuSetup(): void {
  // implemented with the Apps Script adapter
}
