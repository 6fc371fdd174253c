// 支援期間を計算: the owned columns of ケース台帳 — 6月到達日, 利用開始可能日, 最終利用可能日,
// 支援終了予定日, 情報共有期限, 残日数 — plus 引継ぎフラグ and 検証結果, for every row, in one batch.
// The computation is the run's (shared/ledger.ts refreshLedger): 引継ぎ予定を更新 writes the same
// values, so a row never shows dates from one day and a flag from another, and in one run (`all`,
// the daily trigger) they are computed and written once. See docs/rules.md#支援期間の計算.

import { TAB } from '../domain/schema';
import { ledgerFollowUps, refreshLedger } from './shared/ledger';
import { sessionOf } from './shared/session';
import type { CommandContext, CommandDef, CommandResult } from './types';

export function runPeriods(ctx: CommandContext): CommandResult {
  const { rows, settings } = refreshLedger(sessionOf(ctx));
  const cases = rows.filter((r) => r.record);
  const computed = cases.filter((r) => r.dates);
  const skipped = cases.filter((r) => !r.dates);
  const parts = [`支援期間: ${computed.length}件を計算しました。`];
  if (skipped.length) {
    parts.push(
      `${skipped.length}件は入力に誤りがあるため計算していません（${skipped
        .slice(0, 5)
        .map((r) => `${r.rowNumber}行目`)
        .join('、')}${skipped.length > 5 ? ' ほか' : ''}。「検証結果（自動）」列を見て直してください）。`,
    );
  }
  return {
    command: 'periods',
    summary: parts.join(''),
    notices: [...settings.problems],
    wroteTabs: [TAB.ledger],
    details: {
      computed: computed.length,
      skippedRows: skipped.map((r) => r.rowNumber),
    },
  };
}

export const periods: CommandDef = {
  name: 'periods',
  title: '支援期間を計算',
  help: '6月到達日・利用開始可能日・最終利用可能日などの（自動）列を計算',
  needsTabs: [TAB.ledger],
  daily: true,
  reads: ledgerFollowUps,
  run: runPeriods,
};
