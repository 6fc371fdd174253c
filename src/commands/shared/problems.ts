// How problems found in the data reach the user: the first few as notices, all of them in a table
// at the bottom of the generated tab.

import type { CaseRecord } from '../../domain/caseRecord';
import { describeProblem, type Problem } from '../../domain/problem';
import { TAB } from '../../domain/schema';

export const PROBLEM_HEADER = ['タブ', '行', 'ケースID', '列', '値', '種別', '内容'] as const;

/** Notices show the first problems; the generated tab lists them all. */
export const NOTICE_LIMIT = 10;

export function noticeLines(problems: readonly Problem[], tabName: string): string[] {
  const lines = problems.slice(0, NOTICE_LIMIT).map(describeProblem);
  if (problems.length > NOTICE_LIMIT) {
    lines.push(
      `ほか${problems.length - NOTICE_LIMIT}件の問題があります（「${tabName}」タブの下の一覧を見てください）。`,
    );
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
