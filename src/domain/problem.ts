// A problem found in a user's data: where it is, what is wrong, and how to fix it — in Japanese.

export type Severity = 'error' | 'warning';

export const SEVERITY_LABEL: Record<Severity, string> = { error: 'エラー', warning: '警告' };

export interface Problem {
  readonly severity: Severity;
  /** Tab name as the user sees it. */
  readonly sheet: string;
  /** Sheet row number as the user sees it (0 when the problem is not about one row). */
  readonly row: number;
  /** Column header as the user sees it ('' when not about one column). */
  readonly column: string;
  /** The cell's value as text ('' when empty). */
  readonly value: string;
  /** ケースID of the row, when known. */
  readonly caseId: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** One line naming the tab, row, column and value, then the message. */
export function describeProblem(p: Problem): string {
  const where = [p.sheet, p.row ? `${p.row}行目` : '', p.column ? `「${p.column}」` : ''].filter(Boolean).join(' ');
  const value = p.value ? `（値: ${p.value}）` : '';
  return `${where}${value}: ${p.message}`;
}
