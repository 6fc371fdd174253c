// Every command, once: its CLI name, its menu label and its implementation.
// The order is the order `all` runs them in.

import { TAB } from '../domain/schema';
import type { CommandDef } from './types';
import { runHandovers } from './handovers';
import { runPeriods } from './periods';
import { runSetup } from './setup';
import { runValidate } from './validate';
import { runContacts } from './contacts';
import { runRetention } from './retention';
import { intakeApplies, runIntake } from './intake';
import { runMonthly } from './monthly';
import { activityOrLedger, runSummary } from './summary';
import { runStatus } from './status';

export const COMMANDS: readonly CommandDef[] = [
  { name: 'setup', title: '初期設定', needsTabs: [], run: runSetup },
  {
    name: 'intake',
    title: 'フォーム回答を取り込む',
    needsTabs: [TAB.formResponses],
    applies: intakeApplies,
    run: runIntake,
  },
  { name: 'validate', title: '台帳を検証', needsTabs: [TAB.ledger], run: runValidate },
  { name: 'periods', title: '支援期間を計算', needsTabs: [TAB.ledger], run: runPeriods },
  { name: 'handovers', title: '引継ぎ予定を更新', needsTabs: [TAB.ledger], run: runHandovers },
  {
    name: 'summary',
    title: 'センター別集計を作成',
    needsTabs: [TAB.ledger, TAB.activity],
    applies: activityOrLedger,
    run: runSummary,
  },
  {
    name: 'monthly',
    title: '月次集計を作成',
    needsTabs: [TAB.ledger, TAB.activity],
    applies: activityOrLedger,
    run: runMonthly,
  },
  { name: 'status', title: '提出状況を作成', needsTabs: [TAB.activity], run: runStatus },
  { name: 'contacts', title: '月次の支援状況を確認', needsTabs: [TAB.ledger, TAB.contacts], run: runContacts },
  { name: 'retention', title: '定着率を計算', needsTabs: [TAB.ledger], run: runRetention },
];

export function findCommand(name: string): CommandDef | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** Read-only views (case, todo): not commands, since they write nothing. */
export { VIEWS, findView } from './views';
