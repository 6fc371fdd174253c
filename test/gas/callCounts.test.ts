// The service calls a command costs in Apps Script, counted by the emulator around the real adapter,
// are the authoritative figure (npm run bench prints them). MemoryWorkbook estimates the same calls
// for the unit tests' budgets. On the sample book, command after command, first run and re-run, the
// estimate must be the emulator's count (growing a tab aside: MemoryWorkbook.calls.total leaves it
// out), method by method, and both books must end up holding the same values.

import { COMMANDS } from '../../src/commands/registry';
import { date } from '../../src/domain/calendar';
import { generateSampleBook } from '../../src/demo/sample';
import { GROW_CALLS, MemoryWorkbook } from '../../src/memory/memoryWorkbook';
import { emulatedBook, release } from './emulatedBook';
import { isDocumentCall } from './emulator';

const TODAY = date(2026, 11, 22);

afterAll(release);

describe.each([
  { cases: 40, messy: true },
  { cases: 1500, messy: false },
])('sample book of $cases cases (messy: $messy)', ({ cases, messy }) => {
  test('every command, run twice: the estimate is the count of the real adapter, and the books agree', () => {
    const options = { cases, seed: 11, today: TODAY, messy, activityYears: 2 };
    const memory = new MemoryWorkbook();
    memory.createSheet('シート1'); // what a new spreadsheet has, as the emulated one does
    generateSampleBook(memory, options);
    const { emu, open } = emulatedBook();
    generateSampleBook(open(), options);
    const sameValues = (after: string): void => {
      const sheets = open();
      for (const name of memory.sheetNames()) {
        expect([after, name, sheets.readSheet(name)]).toEqual([after, name, memory.readSheet(name)]);
      }
      expect(sheets.sheetNames()).toEqual(memory.sheetNames());
    };
    const ran: string[] = [];
    for (const round of [1, 2]) {
      for (const def of COMMANDS) {
        if (!def.run || def.name === 'setup') continue;
        memory.resetCalls();
        emu.resetCalls();
        def.run({ book: memory, today: TODAY, options: {}, progress: () => undefined });
        def.run({ book: open(), today: TODAY, options: {}, progress: () => undefined });
        const counted: Record<string, number> = {};
        for (const [name, n] of Object.entries(emu.calls.byName)) {
          if (isDocumentCall(name)) {
            const method = name.replace(/^[A-Za-z]+\./, '');
            counted[method] = (counted[method] ?? 0) + n;
          }
        }
        const grown = [...GROW_CALLS].reduce((sum, m) => sum + (counted[m] ?? 0), 0);
        const real = emu.sheetCalls() - grown;
        expect([def.name, round, memory.calls.byMethod]).toEqual([def.name, round, counted]);
        expect([def.name, round, memory.calls.total]).toEqual([def.name, round, real]);
        expect([def.name, round, memory.calls.roundTrips]).toEqual([def.name, round, emu.roundTrips()]);
        expect([def.name, round, emu.roundTrips() <= 4, emu.trips]).toEqual([def.name, round, true, emu.trips]);
        ran.push(def.name);
        if (cases < 1000) sameValues(def.name);
      }
      sameValues(`round ${round}`);
    }
    expect(ran.length).toBeGreaterThanOrEqual(10);
  });
});
