// 初期設定: creates the tabs the product works on, or adds only what is missing. Never touches a row.

import {
  CONTACT_COLUMNS,
  DATE_FORMAT,
  EMPLOYMENT_CHECK_COLUMNS,
  JOB_CHANGE_COLUMNS,
  LEDGER_COLUMNS,
  OWNED_COLUMNS,
  SETTINGS,
  TAB,
  type ColumnDef,
} from '../domain/schema';
import { defaultSettingsSheet } from '../domain/settings';
import { isBlankCell } from '../domain/table';
import type { Cell, PrintLayout, WorkbookPort } from '../workbook/port';
import { A4_PORTRAIT_PX, headerColumnWidth } from './shared/generated';
import { ensureOwnedColumns, protectOwnedColumns, readLedger } from './shared/ledger';
import type { CommandContext, CommandDef, CommandResult } from './types';

/** Rows prepared with dropdowns and date formats on a new tab. */
export const PREPARED_ROWS = 1000;

/**
 * A tab setup may (re)build: missing, empty, or holding nothing but setup's own first content — what a
 * run cut off half-way leaves behind. Anything a user has added makes it theirs, and it is left alone.
 */
function isUntouched(values: readonly (readonly Cell[])[] | null, expected: readonly (readonly Cell[])[]): boolean {
  if (values === null || values.every((r) => r.every(isBlankCell))) return true;
  if (values.length > expected.length) return false;
  return values.every((row, r) => {
    const want = expected[r];
    return row.every((v, c) => (isBlankCell(v) ? isBlankCell(want[c] ?? null) : v === want[c]));
  });
}

/**
 * How a table tab of these columns prints: A4 a page wide, landscape when the columns are wider
 * than a portrait page, rows 1..headerRow (the header) on every page.
 */
export function tablePrintLayout(defs: readonly ColumnDef[], headerRow = 1): PrintLayout {
  const width = defs.reduce((sum, d) => sum + headerColumnWidth(d.header, d.kind === 'date'), 0);
  return { landscape: width > A4_PORTRAIT_PX, repeatRows: headerRow };
}

/** 設定 as setup writes it: three columns, the explanations wrapped in the last one. */
export const SETTINGS_PRINT: PrintLayout = { landscape: true, repeatRows: 1 };

/** Builds a table tab; `values` is what the tab holds now (null when missing). */
function createTable(book: WorkbookPort, tab: string, defs: readonly ColumnDef[], values: Cell[][] | null): void {
  if (values === null) book.createSheet(tab);
  // The header already there is left as it is: rewriting it could change its cells' format.
  // Header cells are text ('@'), so a header written into a tab a cut-off run left empty ends up the
  // same as one written into a brand-new tab.
  if (!values?.some((r) => r.some((v) => !isBlankCell(v))))
    book.writeRange(tab, 1, 1, [defs.map((d) => d.header)], {
      columnFormats: defs.map(() => '@'),
      minColumnWidths: defs.map((d) => headerColumnWidth(d.header, d.kind === 'date')),
    });
  const body = { row: 2, numRows: PREPARED_ROWS - 1, numCols: 1 };
  book.setListValidations(
    tab,
    defs.flatMap((d, i) =>
      d.values && d.kind === 'enum'
        ? [
            {
              area: { ...body, col: i + 1 },
              values: d.values,
              allowInvalid: true,
              helpText: `${d.values.join('／')}から選んでください`,
            },
          ]
        : [],
    ),
  );
  // Date columns side by side are formatted in one call each run.
  defs.forEach((d, i) => {
    if (d.kind === 'date') book.setColumnFormats(tab, { ...body, col: i + 1 }, [DATE_FORMAT]);
  });
  book.freezeRows(tab, 1);
  book.setPrintLayout?.(tab, tablePrintLayout(defs));
}

export function runSetup(ctx: CommandContext): CommandResult {
  const { book } = ctx;
  const existing = new Set(book.sheetNames());
  const created: string[] = [];
  const notices: string[] = [];
  let addedColumns = 0;

  // Each tab is built when missing, or rebuilt while it still holds only what setup itself writes
  // (so a run cut off half-way is completed by the next one); a tab with a user's content is kept.
  const ledgerDefs = [...LEDGER_COLUMNS, ...OWNED_COLUMNS];
  const ledgerValues = existing.has(TAB.ledger) ? book.readSheet(TAB.ledger) : null;
  if (isUntouched(ledgerValues, [ledgerDefs.map((d) => d.header)])) {
    createTable(book, TAB.ledger, ledgerDefs, ledgerValues);
    if (!existing.has(TAB.ledger)) created.push(TAB.ledger);
    protectOwnedColumns(book, readLedger(book, { requireColumns: false }));
  } else {
    // Setup only adds what is missing; a broken header is reported by the commands that read it.
    const ledger = readLedger(book, { requireColumns: false });
    const before = ledger.table.width;
    const after = ensureOwnedColumns(book, ledger);
    addedColumns = after.table.width - before;
    const missing = LEDGER_COLUMNS.filter((c) => ledger.table.columns[c.key] === undefined).map((c) => c.header);
    if (missing.length)
      notices.push(`${TAB.ledger}に次の列がありません（必要なら見出しを追加してください）: ${missing.join('、')}`);
  }

  const settingsValues = defaultSettingsSheet();
  if (isUntouched(existing.has(TAB.settings) ? book.readSheet(TAB.settings) : null, settingsValues)) {
    book.replaceSheet(TAB.settings, {
      values: settingsValues,
      // The header and the center list's header (below the settings and a blank row).
      boldRows: [0, SETTINGS.length + 2],
      frozenRows: 1,
      columnWidths: [220, 200, 420],
      print: SETTINGS_PRINT,
    });
    if (!existing.has(TAB.settings)) created.push(TAB.settings);
  }

  const contactsValues = existing.has(TAB.contacts) ? book.readSheet(TAB.contacts) : null;
  if (isUntouched(contactsValues, [CONTACT_COLUMNS.map((d) => d.header)])) {
    createTable(book, TAB.contacts, CONTACT_COLUMNS, contactsValues);
    if (!existing.has(TAB.contacts)) created.push(TAB.contacts);
  }

  // 離職・再就職 and 就労確認: built like 支援記録 (dropdowns, date formats), only while untouched.
  for (const [tab, defs] of [
    [TAB.jobChanges, JOB_CHANGE_COLUMNS],
    [TAB.employmentChecks, EMPLOYMENT_CHECK_COLUMNS],
  ] as const) {
    const tabValues = existing.has(tab) ? book.readSheet(tab) : null;
    if (isUntouched(tabValues, [defs.map((d) => d.header)])) {
      createTable(book, tab, defs, tabValues);
      if (!existing.has(tab)) created.push(tab);
    }
  }

  const done = [
    ...(created.length ? [`${created.join('・')}を作成しました。`] : []),
    ...(addedColumns ? [`${TAB.ledger}に自動計算列を${addedColumns}列追加しました。`] : []),
  ];
  const summary = done.length
    ? `初期設定: ${done.join('')}`
    : '初期設定: 必要なタブと列はすべてそろっています（変更なし）。';
  return { command: 'setup', summary, notices, wroteTabs: created, details: { created } };
}

export const setup: CommandDef = {
  name: 'setup',
  title: '初期設定',
  help: '台帳・設定・支援記録タブを作成（既存の台帳には自動計算列だけを追加）',
  needsTabs: [],
  notInAll: true,
  run: runSetup,
};
