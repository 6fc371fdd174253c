// How the adapters lay out a tab that prints (SheetContent.print): which cells wrap. Shared by the
// Excel and the Sheets adapters so both show a generated tab the same way.

import type { Cell } from './port';

/**
 * Rows (0-based) whose last-column cell holds a text to wrap at the column's width, so that a long
 * message or explanation in the last column stays within the printed table instead of widening
 * the page. None in a one-column tab: there the title and notes are the last column, and run on.
 */
export function wrappedRows(values: readonly (readonly Cell[])[], width: number): number[] {
  if (width < 2) return [];
  const rows: number[] = [];
  values.forEach((row, r) => {
    const last = row[width - 1];
    if (typeof last === 'string' && last !== '') rows.push(r);
  });
  return rows;
}
