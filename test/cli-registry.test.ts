// The CLI against a registry of stand-in commands, so the behaviour does not depend on the real
// commands: `all` skipping with a note, the options a command declares (and receives, read by the
// options' own parser), and "write only when the command succeeded".

import { readFileSync } from 'node:fs';
import { TAB } from '../src/domain/schema';
import type { CommandContext, CommandDef } from '../src/commands/types';
import { XlsxWorkbook } from '../src/xlsx/xlsxWorkbook';
import { looksLikeStackTrace, runCli, tempDir } from './fixtures/cliHarness';

const mockSeen: CommandContext[] = [];

jest.mock('../src/commands/registry', () => {
  const actual = jest.requireActual('../src/commands/registry');
  const { UnusableBookError } = jest.requireActual('../src/commands/types');
  const { LAST_MONTH, FISCAL_YEAR } = jest.requireActual('../src/commands/shared/options');
  const commands: CommandDef[] = [
    actual.COMMANDS.find((c: CommandDef) => c.name === 'setup'),
    {
      name: 'stamp',
      title: '印を付ける',
      help: '印のタブを作る',
      options: [LAST_MONTH, FISCAL_YEAR],
      needsTabs: ['ケース台帳'],
      run: (ctx) => {
        mockSeen.push(ctx);
        ctx.progress('印を付けています');
        ctx.book.replaceSheet('印', { values: [['【自動生成】印']] });
        return { command: 'stamp', summary: '印: 1件', notices: ['お知らせ'], wroteTabs: ['印'], details: { n: 1 } };
      },
    },
    {
      name: 'needsother',
      title: '別タブの処理',
      help: '存在しないタブを読む',
      needsTabs: ['ケース台帳', '存在しないタブ'],
      run: () => {
        throw new Error('must not run without its tab');
      },
    },
    {
      name: 'refuse',
      title: '使えない台帳',
      help: '台帳を拒む',
      needsTabs: ['拒否'],
      run: (ctx) => {
        ctx.book.replaceSheet('途中', { values: [['書きかけ']] });
        throw new UnusableBookError('「ケース台帳」タブの見出しを確認してください。');
      },
    },
    {
      name: 'crash',
      title: '壊れた処理',
      help: '途中で壊れる',
      needsTabs: ['拒否'],
      run: (ctx) => {
        ctx.book.replaceSheet('途中', { values: [['書きかけ']] });
        return (null as unknown as { x: { y: number } }).x as never;
      },
    },
  ];
  return { ...actual, COMMANDS: commands, findCommand: (n: string) => commands.find((c) => c.name === n) };
});

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
  mockSeen.length = 0;
});
afterEach(() => tmp.cleanup());

async function ledgerBook(): Promise<string> {
  const file = tmp.file('台帳.xlsx');
  const book = XlsxWorkbook.create();
  book.createSheet(TAB.ledger);
  book.writeRange(TAB.ledger, 1, 1, [['ケースID'], ['C1']]);
  await book.save(file);
  return file;
}

test('all runs the implemented commands whose tabs exist and notes the skipped ones', async () => {
  const file = await ledgerBook();
  const r = await runCli(['all', file, '--json']);
  expect(r.code).toBe(0);
  const result = JSON.parse(r.stdout[0]);
  expect(result.summary).toContain('印: 1件');
  expect(result.summary).toContain('別タブの処理（「存在しないタブ」がありません）');
  expect(result.details.skipped).toHaveLength(3); // needsother, refuse, crash
  expect(result.notices).toEqual(['お知らせ']);
  expect(r.stderr.join('\n')).toContain('印を付けています');
  expect((await XlsxWorkbook.load(file)).sheetNames()).toEqual([TAB.ledger, '印']);
});

test('all without --json prints the summary lines and notices on stdout', async () => {
  const r = await runCli(['all', await ledgerBook()]);
  expect(r.code).toBe(0);
  expect(r.stdout[0]).toBe('印: 1件');
  expect(r.stdout).toContain('注意: お知らせ');
  expect(r.stdout.some((l) => l.startsWith('実行しなかった処理: '))).toBe(true);
});

test('the command gets Tokyo today by default, --today when given, and normalised --month/--fy', async () => {
  const file = await ledgerBook();
  await runCli(['stamp', file], Date.UTC(2025, 11, 31, 15, 0)); // 2026-01-01 00:00 in Tokyo
  expect(mockSeen[0].today).toEqual({ y: 2026, m: 1, d: 1 });
  await runCli(['stamp', file, '--today=2024-02-29', '--month', '2024-03', '--fy', '2023']);
  expect(mockSeen[1].today).toEqual({ y: 2024, m: 2, d: 29 });
  expect(mockSeen[1].options).toEqual({ month: '2024-03', fy: '2023' });
  // What a person types in the menu's prompt is read the same way here.
  await runCli(['stamp', file, '--month', '令和6年3月', '--fy', '令和5年度']);
  expect(mockSeen[2].options).toEqual({ month: '2024-03', fy: '2023' });
  await runCli(['stamp', file, '--month=R6.3', '--fy=R5']);
  expect(mockSeen[3].options).toEqual({ month: '2024-03', fy: '2023' });
  await runCli(['stamp', file, '--month', '2024年3月', '--fy', '２０２３']);
  expect(mockSeen[4].options).toEqual({ month: '2024-03', fy: '2023' });
});

test('the options of the registry are the CLI options, in --help with the commands that take them', async () => {
  const help = (await runCli(['--help'])).stdout.join('\n');
  expect(help).toMatch(/--month YYYY-MM .*（stamp, todo）/);
  expect(help).toMatch(/--fy YYYY .*（stamp）/);
  expect(help).toContain('印を付ける — 印のタブを作る（--month・--fy）');
});

test('an unusable book: exit 2 with the message, and the file is not written', async () => {
  const file = await ledgerBook();
  const before = readFileSync(file);
  const r = await runCli(['refuse', file]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('「ケース台帳」タブの見出しを確認してください。');
  expect(readFileSync(file).equals(before)).toBe(true);
});

test('an unexpected failure: exit 1, a short Japanese message, no stack trace, nothing written', async () => {
  const file = await ledgerBook();
  const before = readFileSync(file);
  const r = await runCli(['crash', file]);
  expect(r.code).toBe(1);
  expect(r.stderr.join('\n')).toContain('予期しないエラーが発生しました');
  expect(r.stderr.join('\n')).toContain('台帳は変更していません');
  expect(r.stderr.some((l) => /\n\s+at /.test(l))).toBe(false);
  expect(looksLikeStackTrace(r.stderr.filter((l) => !l.includes('予期しないエラー')))).toBe(false);
  expect(readFileSync(file).equals(before)).toBe(true);
});
