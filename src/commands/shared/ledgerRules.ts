// The product's conditional format rules on ケース台帳, in one list. setOwnConditionalRules replaces
// all our rules on a tab, so every command that sets rules there (validate, periods) sets this
// complete list. Rules only colour what the owned columns say; no user value or format is changed.
//
// Precedence is list order (first matching rule wins in Sheets and Excel):
//   1. 引継ぎフラグ（自動） cell, by flag: 終了・引継ぎ未了 red, 共有期限超過 orange,
//      共有期限まで… yellow, 終了まで… light blue, 支給決定更新 (alone) lavender, 引継ぎ済 pale green.
//      Only the flag cell is coloured.
//   2. Each problem cell: strong red (error) or yellow (warning), from the 〔×列〕/〔△列〕 marks in
//      検証結果（自動） (see summarizeRow in src/domain/validate.ts).
//   3. The whole data row, lightly: pale red when 検証結果（自動） starts with エラー, pale yellow with 警告.

import { LEDGER_COLUMNS, type LedgerKey } from '../../domain/schema';
import { problemMark } from '../../domain/validate';
import { columnLetter } from '../../domain/table';
import type { ConditionalRule } from '../../workbook/port';
import type { Ledger } from './ledger';

/** Flag texts written by the periods/handovers command, with their colours, most urgent first. */
export const FLAG_COLOURS: readonly { readonly text: string; readonly background: string; readonly bold?: boolean }[] =
  [
    { text: '終了・引継ぎ未了', background: '#ea9999', bold: true },
    { text: '共有期限超過', background: '#f9cb9c', bold: true },
    { text: '共有期限まで', background: '#ffe599' },
    { text: '終了まで', background: '#cfe2f3' },
    { text: '支給決定更新', background: '#d9d2e9' },
    { text: '引継ぎ済', background: '#d9ead3' },
  ];

export const PROBLEM_CELL_COLOURS = { error: '#ea9999', warning: '#ffe599' } as const;
export const PROBLEM_ROW_COLOURS = { error: '#fce8e6', warning: '#fef7e0' } as const;

/** A string literal inside a sheet formula. */
function literal(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** Every conditional rule the product keeps on ケース台帳 (empty when the ledger has no rows). */
export function ledgerConditionalRules(ledger: Ledger): ConditionalRule[] {
  const { table, rowCount } = ledger;
  if (rowCount === 0) return [];
  const firstRow = table.headerRow + 1;
  const cols = table.columns;
  const rules: ConditionalRule[] = [];
  const ref = (col: number) => `$${columnLetter(col + 1)}${firstRow}`;
  const columnArea = (col: number) => ({ row: firstRow, col: col + 1, numRows: rowCount, numCols: 1 });

  const flagCol = cols.flag;
  if (flagCol !== undefined) {
    for (const f of FLAG_COLOURS) {
      rules.push({
        area: columnArea(flagCol),
        formula: `=ISNUMBER(FIND(${literal(f.text)},${ref(flagCol)}))`,
        background: f.background,
        bold: f.bold,
      });
    }
  }

  const checkCol = cols.validation;
  if (checkCol !== undefined) {
    for (const def of LEDGER_COLUMNS) {
      const col = cols[def.key as LedgerKey];
      if (col === undefined) continue;
      const raw = table.header[col];
      const header = typeof raw === 'string' && raw.trim() ? raw.trim() : def.header;
      for (const severity of ['error', 'warning'] as const) {
        rules.push({
          area: columnArea(col),
          formula: `=ISNUMBER(FIND(${literal(problemMark(severity, header))},${ref(checkCol)}))`,
          background: PROBLEM_CELL_COLOURS[severity],
        });
      }
    }
    const row = { row: firstRow, col: 1, numRows: rowCount, numCols: Math.max(table.width, checkCol + 1) };
    rules.push({ area: row, formula: `=LEFT(${ref(checkCol)},3)="エラー"`, background: PROBLEM_ROW_COLOURS.error });
    rules.push({ area: row, formula: `=LEFT(${ref(checkCol)},2)="警告"`, background: PROBLEM_ROW_COLOURS.warning });
  }
  return rules;
}
