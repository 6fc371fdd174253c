// What a command costs in Apps Script, counted by the emulator around the real Sheets adapter (the
// only place budgets are checked; `npm run bench` prints the same figures). On the sample book,
// command after command, first run and re-run: at most 4 round trips to the document, and the same
// service calls for 50 cases as for 1,500 (growing a tab's grid and column widths aside), method by method. The
// memory adapter, a plain store, must end up holding the same values as the emulated spreadsheet.

import { COMMANDS, findCommand } from '../../src/commands/registry';
import { date } from '../../src/domain/calendar';
import { generateSampleBook } from '../../src/demo/sample';
import { MemoryWorkbook } from '../../src/memory/memoryWorkbook';
import { memoryDrafts } from '../fixtures/memoryDrafts';
import { emulatedBook, release } from './emulatedBook';
import { isDocumentCall } from './emulator';

const TODAY = date(2026, 11, 22);

/**
 * Left out of the comparison: the calls that add rows or columns once a tab outgrows its grid (the
 * one count that follows the rows), and setColumnWidths, one call per run of equal widths, which
 * follows how wide the values are (at most one per column of a tab, whatever its rows).
 */
const UNCOMPARED: ReadonlySet<string> = new Set(['insertRowsAfter', 'insertColumnsAfter', 'setColumnWidths']);

interface Cost {
  byMethod: Record<string, number>;
  roundTrips: number;
  trips: string[];
}

const RUN_COMMANDS = COMMANDS.filter((def) => def.name !== 'setup');

afterAll(release);

/** Every command twice on the sample book through the emulated Sheets adapter, with each run's cost. */
function costs(options: Parameters<typeof generateSampleBook>[1], memory?: MemoryWorkbook): Map<string, Cost> {
  const { emu, open } = emulatedBook();
  generateSampleBook(open(), options);
  if (memory) generateSampleBook(memory, options);
  const sameValues = (after: string): void => {
    if (!memory) return;
    const sheets = open();
    expect(sheets.sheetNames()).toEqual(memory.sheetNames());
    for (const name of memory.sheetNames()) {
      expect([after, name, sheets.readSheet(name)]).toEqual([after, name, memory.readSheet(name)]);
    }
  };
  // 支援レポート drafts go to memory: the budgets are the spreadsheet's (Docs are test/gas/report.test.ts's).
  const sheetsDrafts = memoryDrafts();
  const memoryBookDrafts = memoryDrafts();
  const out = new Map<string, Cost>();
  for (const round of [1, 2]) {
    for (const def of RUN_COMMANDS) {
      emu.resetCalls();
      def.run!({ book: open(), today: TODAY, options: {}, progress: () => undefined, drafts: sheetsDrafts });
      const byMethod: Record<string, number> = {};
      for (const [name, n] of Object.entries(emu.calls.byName)) {
        if (!isDocumentCall(name)) continue;
        const method = name.replace(/^[A-Za-z]+\./, '');
        if (!UNCOMPARED.has(method)) byMethod[method] = (byMethod[method] ?? 0) + n;
      }
      out.set(`${def.name} #${round}`, { byMethod, roundTrips: emu.roundTrips(), trips: emu.trips.slice() });
      if (memory) {
        def.run!({ book: memory, today: TODAY, options: {}, progress: () => undefined, drafts: memoryBookDrafts });
        sameValues(`${def.name} #${round}`);
      }
    }
  }
  return out;
}

test('a messy sample book of 40 cases: ≤ 4 round trips per run, and the memory adapter holds what Sheets holds', () => {
  const memory = new MemoryWorkbook();
  memory.createSheet('シート1'); // what a new spreadsheet has, as the emulated one does
  const runs = costs({ cases: 40, seed: 11, today: TODAY, messy: true, activityYears: 2 }, memory);
  expect(runs.size).toBe(RUN_COMMANDS.length * 2);
  for (const [run, cost] of runs) expect([run, cost.roundTrips <= 4, cost.trips]).toEqual([run, true, cost.trips]);
});

test('50 and 1,500 cases: the same calls, method by method, and ≤ 4 round trips per run', () => {
  const options = { seed: 7, today: TODAY, messy: false, activityYears: 2 };
  const small = costs({ ...options, cases: 50 });
  const large = costs({ ...options, cases: 1500 });
  expect([...large.keys()]).toEqual([...small.keys()]);
  for (const [run, cost] of large) {
    // report writes each redrafted row on its own (the stamp first, then ファイル and 作成日, so a run
    // cut off between them is recognised as ours): its calls follow the drafts it writes, as the Docs
    // calls of making those drafts do (test/gas/report.test.ts). Its round trips are still bounded.
    if (!findCommand(run.split(' ')[0])!.writesDrafts)
      expect([run, cost.byMethod]).toEqual([run, small.get(run)!.byMethod]);
    expect([run, cost.roundTrips <= 4, cost.trips]).toEqual([run, true, cost.trips]);
    expect([run, small.get(run)!.roundTrips]).toEqual([run, cost.roundTrips]);
  }
});
