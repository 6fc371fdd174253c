// How problems found in the data reach the user: the first few as notices, all of them in a table
// at the bottom of the generated tab.

import type { CaseRecord } from '../../domain/caseRecord';
import { describeProblem, type Problem } from '../../domain/problem';
import { TAB } from '../../domain/schema';

export const PROBLEM_HEADER = ['タブ', '行', 'ケースID', '列', '値', '種別', '内容'] as const;

/** Notices show the first problems; the generated tab lists them all. */
export const NOTICE_LIMIT = 10;

/**
 * The first problems as lines. Problems that say the same of whole rows (no column, no value) are one
 * line naming every row: 「ケース台帳 16・92・258行目: …」 rather than the same sentence three times.
 */
export function noticeLines(problems: readonly Problem[], tabName: string): string[] {
  const groups = new Map<string, Problem[]>();
  const order: Problem[][] = [];
  for (const p of problems) {
    const key = !p.column && !p.value && p.row ? `${p.severity}|${p.sheet}|${p.message}` : null;
    const group = key === null ? undefined : groups.get(key);
    if (group) group.push(p);
    else {
      const fresh = [p];
      order.push(fresh);
      if (key !== null) groups.set(key, fresh);
    }
  }
  const shown = order.slice(0, NOTICE_LIMIT);
  const lines = shown.map((g) =>
    g.length === 1 ? describeProblem(g[0]) : `${g[0].sheet} ${g.map((p) => p.row).join('・')}行目: ${g[0].message}`,
  );
  const rest = order.slice(NOTICE_LIMIT).reduce((n, g) => n + g.length, 0);
  if (rest > 0) {
    lines.push(`ほか${rest}件の問題があります（「${tabName}」タブの下の一覧を見てください）。`);
  }
  return lines;
}

/** Ledger rows whose support dates cannot be computed (an error found by 台帳を検証) are reported, never dropped silently. */
export function blockedCaseProblems(cases: readonly CaseRecord[], leftOutOf: string): Problem[] {
  return cases.map((c) => ({
    severity: 'warning',
    sheet: TAB.ledger,
    row: c.rowNumber,
    column: '',
    value: '',
    caseId: c.caseId,
    message: `台帳のエラーで支援期間を計算できないため、${leftOutOf}。「台帳を検証」で検証結果タブを確認し、直してください。`,
  }));
}
