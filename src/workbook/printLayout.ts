// How the adapters lay out a tab that prints (SheetContent.print): which cells wrap, and how tall
// their rows are. Shared by the Excel and the Sheets adapters so both show a generated tab the same
// way, and by the layout of generated tabs (src/commands/generated.ts), which measures text alike.

import type { Cell } from './port';

/** East Asian wide and full-width characters, and the symbols Japanese fonts draw full width. */
const WIDE =
  /[\u1100-\u115f\u2190-\u21ff\u2460-\u27bf\u2e80-\u303e\u3040-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u00d7]/;

/** Display width of a text in half-width units: its longest line, wide characters counting 2. */
export function textUnits(text: string): number {
  let best = 0;
  for (const line of text.split('\n')) {
    let units = 0;
    for (const ch of line) units += WIDE.test(ch) || ch.length > 1 ? 2 : 1;
    best = Math.max(best, units);
  }
  return best;
}

/** Pixels per half-width unit at the default font, and the cell's inner margins. */
const PX_PER_UNIT = 7;
const CELL_MARGIN_PX = 10;

/** Points per line of wrapped text at the default font (Excel's default row is 15 pt). */
export const LINE_HEIGHT_PT = 15;

/**
 * Rows (0-based) whose last-column text wraps at the column's width, so that a long message or
 * explanation in the last column stays within the printed table instead of widening the page, and
 * the lines each takes at `columnPx`. Only texts wider than the column. None in a one-column tab:
 * there the title and notes are the last column, and run on.
 */
export function wrappedRows(
  values: readonly (readonly Cell[])[],
  width: number,
  columnPx: number,
): { readonly row: number; readonly lines: number }[] {
  if (width < 2) return [];
  const perLine = Math.max(1, Math.floor((columnPx - CELL_MARGIN_PX) / PX_PER_UNIT));
  const rows: { row: number; lines: number }[] = [];
  values.forEach((row, r) => {
    const last = row[width - 1];
    if (typeof last !== 'string' || last === '') return;
    const lines = last.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(textUnits(line) / perLine)), 0);
    if (lines > 1) rows.push({ row: r, lines });
  });
  return rows;
}
