// The paid rules (docs/rules.md) in the real bundle, from the menu, on emulated Sheets: the examples.
// Expected values are worked out from the rules, not read from our output.

import { menuFunctionName } from '../../src/gas/menu';
import { TAB } from '../../src/domain/schema';
import { AppsScriptEmulator, type EmuSheet } from './emulator';
import { load } from './harness';

const HEADER = [
  'ケースID',
  '事業所名',
  '担当センター',
  '就職日',
  '要継続支援',
  '同意取得日',
  '情報共有日',
  '引継ぎ状況',
];

function book(rows: unknown[][]): { emu: AppsScriptEmulator; ledger: EmuSheet } {
  const emu = new AppsScriptEmulator();
  const ledger = emu.addSheet(TAB.ledger);
  ledger.seed([HEADER, ...(rows as never[][])]);
  emu.resetCalls();
  return { emu, ledger };
}

function column(sheet: EmuSheet, header: string): number {
  for (let c = 1; c <= sheet.maxCols; c++) if (sheet.get(1, c).v === header) return c;
  throw new Error(`no column ${header}`);
}

function tabText(emu: AppsScriptEmulator, name: string): string {
  const s = emu.sheet(name);
  const out: string[] = [];
  for (let r = 1; r <= s.maxRows; r++) for (let c = 1; c <= s.maxCols; c++) out.push(String(s.get(r, c).v));
  return out.join('|');
}

/** 2026-08-20 09:00 in Tokyo. */
const AUG_20_2026 = Date.UTC(2026, 7, 20, 0, 0, 0);

test('shared after the deadline: 引継ぎフラグ stays 共有期限超過 (deadline 2026/06/30, shared 2026/08/15)', () => {
  const { emu, ledger } = book([
    ['L1', '事業所A', 'エール', { date: '2023-04-01' }, '該当', { date: '2026-08-01' }, { date: '2026-08-15' }, null],
  ]);
  const app = load(emu, { now: AUG_20_2026 });
  app.run(menuFunctionName('periods'));
  expect(emu.alerts).toEqual([]);
  expect(ledger.valueAt(2, column(ledger, '情報共有期限（自動）'))).toBe('2026-06-30');
  expect(ledger.valueAt(2, column(ledger, '引継ぎフラグ（自動）'))).toBe('共有期限超過');
});

test('consent after sharing is a warning in 検証結果（自動） naming 同意取得日', () => {
  const { emu, ledger } = book([
    ['C2', '事業所A', 'エール', { date: '2023-04-01' }, '該当', { date: '2026-07-01' }, { date: '2026-06-20' }, null],
  ]);
  const app = load(emu, { now: Date.UTC(2026, 5, 25, 0, 0, 0) });
  app.run(menuFunctionName('validate'));
  const result = String(ledger.valueAt(2, column(ledger, '検証結果（自動）')));
  expect(result.startsWith('警告1件: 同意取得日:')).toBe(true);
  expect(result).toContain('〔△同意取得日〕');
});

test('the office duties blank, a 該当 case: 引継ぎ予定 and the to-do sidebar say the 10% deduction applies', () => {
  const { emu } = book([['D1', '事業所A', 'エール', { date: '2024-04-01' }, '該当', null, null, null]]);
  const app = load(emu);
  app.run(menuFunctionName('handovers'));
  expect(tabText(emu, TAB.handovers)).toContain(
    '情報共有の日付にかかわらず、支援体制構築未実施減算（所定単位数の10%）',
  );
  const reply = app.run('sidebarTodo') as { ok: boolean; list: { notes: string[] } };
  expect(reply.ok).toBe(true);
  expect(reply.list.notes[0]).toContain('支援体制構築の責任者');
});

test('支援状況: a report only to the employer and a phone call to it → 支援レポート未共有（本人）・企業訪問なし', () => {
  const { emu } = book([['M1', '事業所A', 'エール', { date: '2024-04-01' }, null, null, null, null]]);
  emu.addSheet(TAB.contacts).seed([
    ['ケースID', '日付', '相手', '方法', '支援レポート共有', '内容'],
    ['M1', { date: '2024-11-05' }, '本人', '事業所での面談', 'いいえ', null],
    ['M1', { date: '2024-11-20' }, '企業', '電話', 'はい', null],
  ]);
  const app = load(emu, { now: Date.UTC(2024, 11, 10, 0, 0, 0) });
  emu.promptAnswers = [{ button: 'OK', text: '2024-11' }];
  app.run(menuFunctionName('contacts'));
  expect(tabText(emu, '支援状況_2024-11')).toContain('|支援レポート未共有（本人）（警告: 企業訪問なし）|');
});

test('就職日 renamed 就職年月日: an alert naming the nearest header, and no （自動） cell blanked', () => {
  const { emu, ledger } = book([['X1', '事業所A', 'エール', { date: '2024-04-01' }, null, null, null, null]]);
  const app = load(emu);
  app.run(menuFunctionName('periods')); // the owned columns now hold values
  const flagCol = column(ledger, '最終利用可能日（自動）');
  expect(ledger.valueAt(2, flagCol)).toBe('2027-09-30');
  ledger.update(1, 4, (c) => (c.v = '就職年月日'));
  emu.alerts.length = 0;
  app.run(menuFunctionName('periods'));
  expect(emu.alerts.join('\n')).toContain('「就職年月日」を「就職日」にしますか');
  expect(ledger.valueAt(2, flagCol)).toBe('2027-09-30');
});

test('#REF! in a date cell is said in words', () => {
  const { emu, ledger } = book([
    ['E1', '事業所A', 'エール', { formula: '=#REF!+1', value: '#REF!' }, null, null, null, null],
  ]);
  const app = load(emu);
  app.run(menuFunctionName('validate'));
  const result = String(ledger.valueAt(2, column(ledger, '検証結果（自動）')));
  expect(result).toContain('「#REF!」は数式のエラー値です');
  expect(result).not.toContain('就職日が空です');
});
