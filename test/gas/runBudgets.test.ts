// What a whole run costs in Apps Script, counted by the emulator around the real Sheets adapter:
// the daily run and `all` read before they write (the workbook's survey, then every command's reads),
// so their round trips to the document stay within a budget, first run and rerun. Measured on the
// emulator only: the memory and xlsx adapters have no round trips. Budgets per command run on its
// own are in callCounts.test.ts.

import { runAll, runDaily } from '../../src/commands/run';
import type { CommandContext, TaskServices } from '../../src/commands/types';
import { date } from '../../src/domain/calendar';
import { generateSampleBook, type SampleOptions } from '../../src/demo/sample';
import { SheetsWorkbook } from '../../src/gas/sheetsWorkbook';
import type { SurveyNeeds } from '../../src/workbook/port';
import { emulatedBook, release } from './emulatedBook';

const TODAY = date(2026, 11, 22);

afterAll(release);

function services(): TaskServices {
  const stored: Record<string, string> = {};
  return {
    mail: { send: (to) => ({ sent: [...to], heldBack: [] }) },
    properties: {
      get: (k) => stored[k] ?? null,
      all: () => ({ ...stored }),
      set: (k, v) => void (stored[k] = v),
      setAll: (values) => void Object.assign(stored, values),
      delete: (k) => void delete stored[k],
    },
    url: null,
    notice: null,
    log: () => undefined,
  };
}

type Kind = 'daily' | 'all';

function run(kind: Kind, book: SheetsWorkbook): void {
  const ctx: CommandContext = { book, today: TODAY, options: {}, progress: () => undefined };
  if (kind === 'all') runAll(ctx);
  else
    runDaily(ctx, services(), (what, e) => {
      throw new Error(`${what}: ${String(e)}`);
    });
}

interface Cost {
  roundTrips: number;
  /** The calls that had to wait for pending writes, for explaining a budget overrun. */
  trips: string[];
  calls: number;
}

/** The run twice on a fresh sample book (first run, then rerun), each on a new adapter as a trigger makes. */
function costs(
  kind: Kind,
  sample: SampleOptions,
  open?: (ss: GoogleAppsScript.Spreadsheet.Spreadsheet) => SheetsWorkbook,
) {
  const emulated = emulatedBook();
  const { emu } = emulated;
  const ss = (
    emu.globals() as { SpreadsheetApp: { getActive(): GoogleAppsScript.Spreadsheet.Spreadsheet } }
  ).SpreadsheetApp.getActive();
  const adapter = () => (open ? open(ss) : emulated.open());
  generateSampleBook(adapter(), sample);
  const out: Cost[] = [];
  for (let round = 0; round < 2; round++) {
    emu.resetCalls();
    run(kind, adapter());
    out.push({ roundTrips: emu.roundTrips(), trips: emu.trips.slice(), calls: emu.sheetCalls() });
  }
  const values = new Map(
    emulated
      .open()
      .sheetNames()
      .map((name) => [name, emulated.open().readSheet(name)]),
  );
  return { first: out[0], rerun: out[1], values };
}

const DAILY: SampleOptions = { cases: 40, seed: 11, today: TODAY, messy: true, activityYears: 2 };
const ALL: SampleOptions = { cases: 200, seed: 7, today: TODAY, messy: false, activityYears: 2 };

test.each([
  // The daily run: the survey and every read first, then the owned columns, rules and 引継ぎ予定 at once.
  { kind: 'daily', sample: DAILY, first: 1, rerun: 1 },
  // all: intake's new rows are read again after it wrote them (one trip); a rerun takes nothing in.
  { kind: 'all', sample: ALL, first: 2, rerun: 1 },
] as const)(
  '$kind: round trips within budget (first run ≤ $first, rerun ≤ $rerun)',
  ({ kind, sample, first, rerun }) => {
    const cost = costs(kind, sample);
    expect([cost.first.roundTrips <= first, cost.first.trips]).toEqual([true, cost.first.trips]);
    expect([cost.rerun.roundTrips <= rerun, cost.rerun.trips]).toEqual([true, cost.rerun.trips]);
  },
);

/** An adapter whose callers forget to survey: everything is read when first needed. */
class Unsurveyed extends SheetsWorkbook {
  override survey(needs?: SurveyNeeds): void {
    void needs;
  }
}

test.each(['daily', 'all'] as const)('%s without a survey: the same spreadsheet, only more round trips', (kind) => {
  const sample = kind === 'daily' ? DAILY : { ...ALL, cases: 60 };
  const surveyed = costs(kind, sample);
  const lazy = costs(kind, sample, (ss) => new Unsurveyed(ss));
  expect([...lazy.values.keys()]).toEqual([...surveyed.values.keys()]);
  for (const [name, values] of surveyed.values) expect([name, lazy.values.get(name)]).toEqual([name, values]);
  expect(lazy.first.roundTrips).toBeGreaterThan(surveyed.first.roundTrips);
});
