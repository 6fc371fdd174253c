// 台帳を検証 (CLI: teichaku validate): checks every ケース台帳 row, writes 検証結果（自動）, rebuilds the
// 検証結果 tab (one row per problem) and colours problem cells by conditional rules. A user's cell,
// note or format is never changed; rows with errors are data, not a failure.

import { SEVERITY_LABEL } from '../domain/problem';
import { TAB } from '../domain/schema';
import type { Cell } from '../workbook/port';
import { titleRow, writeGeneratedTab } from './shared/generated';
import { ledgerFollowUps, ownedLedger, sessionCheck, sessionSettings, writeOwnedColumns } from './shared/ledger';
import { ledgerConditionalRules } from './shared/ledgerRules';
import { sessionOf } from './shared/session';
import type { CommandContext, CommandDef, CommandResult } from './types';

export const VALIDATION_HEADER = ['行', 'ケースID', '列', '値', '種別', 'メッセージ'] as const;

export function runValidate(ctx: CommandContext): CommandResult {
  const { book, today } = ctx;
  const session = sessionOf(ctx);
  const settings = sessionSettings(session);
  const ledger = ownedLedger(session);
  const check = sessionCheck(session);

  // 検証結果（自動）: one value per table row; blank rows are cleared of stale results.
  const filled = new Set(check.cases.map((c) => c.rowNumber));
  const firstRow = ledger.table.headerRow + 1;
  const results: Cell[] = [];
  for (let i = 0; i < ledger.rowCount; i++) {
    const rowNumber = firstRow + i;
    results.push(filled.has(rowNumber) ? check.rowSummary(rowNumber) : null);
  }
  writeOwnedColumns(book, ledger, [{ key: 'validation', values: results }]);

  const values: Cell[][] = [titleRow('台帳の検証結果', today), [...VALIDATION_HEADER]];
  for (const p of check.problems) {
    values.push([p.row, p.caseId, p.column, p.value, SEVERITY_LABEL[p.severity], p.message]);
  }
  // 離職・再就職 and 就労確認 are checked like the ledger; their rows are named by tab and row.
  const followUps = ledgerFollowUps(session);
  for (const p of followUps.problems) {
    values.push([
      p.row || null,
      p.caseId,
      `${p.sheet}${p.column ? `: ${p.column}` : ''}`,
      p.value,
      SEVERITY_LABEL[p.severity],
      `「${p.sheet}」タブ${p.row ? ` ${p.row}行目` : ''}: ${p.message}`,
    ]);
  }
  if (check.problems.length === 0 && followUps.problems.length === 0)
    values.push([null, null, null, null, null, '問題は見つかりませんでした。']);
  const tab = writeGeneratedTab(book, TAB.validation, {
    values,
    boldRows: [1],
    frozenRows: 2,
    asText: true,
  });

  book.setOwnConditionalRules(TAB.ledger, ledgerConditionalRules(ledger));

  const errors = check.problems.filter((p) => p.severity === 'error').length;
  const warnings = check.problems.length - errors;
  const rowsWithProblems = new Set(check.problems.map((p) => p.row)).size;
  const uncomputable = check.cases.filter((c) => check.cannotCompute(c.rowNumber)).length;
  const n = check.cases.length;
  let summary =
    check.problems.length === 0
      ? `台帳を検証: ${n}件すべて問題ありません。`
      : `台帳を検証: ${n}件中 エラー${errors}件・警告${warnings}件（${rowsWithProblems}行に問題）。詳しくは「${tab.name}」タブを見てください。`;
  if (uncomputable > 0) summary += `支援期間を計算できない行が${uncomputable}行あります。`;
  if (followUps.problems.length) {
    summary += `${TAB.jobChanges}・${TAB.employmentChecks}タブに問題が${followUps.problems.length}件あります（「${tab.name}」タブの下に一覧）。`;
  }

  const notices = [...settings.problems, ...(tab.notice ? [tab.notice] : [])];
  return {
    command: 'validate',
    summary,
    notices,
    wroteTabs: [TAB.ledger, tab.name],
    details: {
      cases: n,
      errors,
      warnings,
      rowsWithProblems,
      cannotCompute: uncomputable,
      problems: check.problems,
      followUpProblems: followUps.problems,
    },
  };
}

export const validate: CommandDef = {
  name: 'validate',
  title: '台帳を検証',
  help: '台帳の各行を検証し、検証結果タブと検証結果（自動）列に書く',
  needsTabs: [TAB.ledger],
  reads: ledgerFollowUps,
  run: runValidate,
};
