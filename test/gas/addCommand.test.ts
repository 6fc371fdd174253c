// Adding a command is its own file and one registry line: a command defined in the tests
// (test/fixtures/tallyCommand.ts) and pushed into the registry by a variant of the entry file is in
// the menu onOpen builds, has its generated top-level menu function in the bundle, asks its option
// with the options' own prompt, runs under the lock; and the CLI lists and runs it.

import { join } from 'node:path';
import vm from 'node:vm';
import { COMMANDS } from '../../src/commands/registry';
import { helpText } from '../../src/cli';
import { TAB } from '../../src/domain/schema';
import { XlsxWorkbook } from '../../src/xlsx/xlsxWorkbook';
import { runCli, tempDir } from '../fixtures/cliHarness';
import { TALLY_TAB, tally } from '../fixtures/tallyCommand';
import { AppsScriptEmulator } from './emulator';
import { sampleBook } from './fixtures';
import { buildBundle, load, type Bundle } from './harness';

let bundle: Bundle;
beforeAll(() => {
  bundle = buildBundle(join(__dirname, 'tallyEntry.ts'));
});

describe('in Sheets', () => {
  test('the bundle has its menu function, a top-level function calling runMenu', () => {
    expect(bundle.code).toContain("\nfunction menuTally() { return Teichaku.runMenu('tally'); }");
    const ctx = vm.createContext({});
    bundle.script.runInContext(ctx);
    expect(typeof (ctx as Record<string, unknown>).menuTally).toBe('function');
  });

  test('onOpen puts it in the menu after the other commands', () => {
    const emu = new AppsScriptEmulator();
    const app = load(emu, { bundle });
    app.run('onOpen', { authMode: 'NONE' });
    const items = emu.menus[0].items.flatMap((i) => (i === 'separator' ? [] : [i]));
    const at = items.findIndex((i) => i.fn === 'menuTally');
    expect(items[at]).toEqual({ label: 'ケースを数える', fn: 'menuTally' });
    expect(items[at - 1]).toEqual({ label: '支援レポートを作成', fn: 'menuReport' });
  });

  test('clicking it asks its month (typed as a person types it) and runs it under the lock', () => {
    const emu = new AppsScriptEmulator();
    sampleBook(emu);
    const app = load(emu, { bundle });
    emu.promptAnswers = [{ button: 'OK', text: '令和6年3月' }];
    app.run('menuTally');
    expect(emu.prompts).toHaveLength(1);
    expect(emu.prompts[0]).toContain('対象の月');
    expect(emu.lockAcquisitions).toBe(1);
    expect(emu.lockHeld).toBe(false);
    expect(emu.sheet(TALLY_TAB).get(3, 1).v).toBe('2024-03');
    expect(emu.toasts.at(-1)).toContain('ケースを数える: 2024-03');
  });
});

describe('in the CLI', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => COMMANDS.push(tally));
  afterAll(() => void COMMANDS.splice(COMMANDS.indexOf(tally), 1));
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  test('--help lists it with its help and its option', () => {
    expect(helpText()).toContain('tally      ケースを数える — ケース台帳のケースを数えて件数タブに書く（--month）');
    expect(helpText()).toMatch(/--month YYYY-MM .*（monthly, contacts, report, tally, todo）/);
  });

  test('it runs, with --month read by the same parser, and `all` runs it too', async () => {
    const file = tmp.file('台帳.xlsx');
    const book = XlsxWorkbook.create();
    book.createSheet(TAB.ledger);
    // The ledger's required columns (a ledger without them stops every command).
    book.writeRange(TAB.ledger, 1, 1, [
      ['ケースID', '事業所名', '担当センター', '就職日'],
      ['C1', 'A事業所', 'あかね園', '2024/04/01'],
      ['C2', 'A事業所', 'あかね園', '2024/05/01'],
    ]);
    await book.save(file);
    const r = await runCli(['tally', file, '--month', 'R6.3']);
    expect(r.code).toBe(0);
    expect(r.stdout[0]).toBe('ケースを数える: 2024-03 2件');
    expect((await XlsxWorkbook.load(file)).readSheet(TALLY_TAB)![2]).toEqual(['2024-03', 2]);
    const all = await runCli(['all', file, '--json']);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout[0]).summary).toContain('ケースを数える: 2026-03 2件');
  });
});
