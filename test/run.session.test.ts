// One run, one read: `all` reads 設定 and ケース台帳 once for all its commands (again only after
// intake added rows), and the owned columns are computed and written once per run — in `all` and in
// the daily run, which used to refresh them for 支援期間を計算 and again for 引継ぎ予定を更新.

import { runAll, runDaily } from '../src/commands/run';
import type { CommandContext, TaskServices } from '../src/commands/types';
import { date } from '../src/domain/calendar';
import { generateSampleBook } from '../src/demo/sample';
import { TAB } from '../src/domain/schema';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';
import type { WorkbookPort } from '../src/workbook/port';

const TODAY = date(2026, 11, 22);

/** The book, with every read of a whole tab and every write over ケース台帳's owned columns counted. */
function counted(book: MemoryWorkbook) {
  const reads: string[] = [];
  const ledgerWrites: number[] = [];
  const port = new Proxy(book, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop === 'readSheet')
        return (name: string) => {
          reads.push(name);
          return target.readSheet(name);
        };
      if (prop === 'writeRange')
        return (...args: Parameters<WorkbookPort['writeRange']>) => {
          if (args[0] === TAB.ledger) ledgerWrites.push(args[3].length);
          return target.writeRange(...args);
        };
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as WorkbookPort;
  return { port, reads, ledgerWrites };
}

function sample(form: boolean): MemoryWorkbook {
  const book = new MemoryWorkbook();
  generateSampleBook(book, { cases: 60, seed: 5, today: TODAY, activityYears: 1 });
  if (!form && book.sheetNames().includes(TAB.formResponses)) {
    const other = new MemoryWorkbook();
    for (const name of book.sheetNames())
      if (name !== TAB.formResponses) {
        other.createSheet(name);
        other.writeRange(name, 1, 1, book.readSheet(name)!);
      }
    return other;
  }
  return book;
}

const ctx = (book: WorkbookPort): CommandContext => ({ book, today: TODAY, options: {}, progress: () => undefined });

test('all: 設定 and ケース台帳 are read once for every command of the run', () => {
  const { port, reads } = counted(sample(false));
  const result = runAll(ctx(port));
  const ran = (result.details as { results: { command: string }[] }).results.map((r) => r.command);
  expect(ran).toEqual(expect.arrayContaining(['validate', 'periods', 'handovers', 'summary', 'retention']));
  expect(reads.filter((t) => t === TAB.ledger)).toHaveLength(1);
  expect(reads.filter((t) => t === TAB.settings)).toHaveLength(1);
});

test('all after intake: the commands after it read the tabs as intake left them', () => {
  const book = sample(true);
  const { port, reads } = counted(book);
  const result = runAll(ctx(port));
  const ran = (result.details as { results: { command: string }[] }).results.map((r) => r.command);
  expect(ran[0]).toBe('intake');
  // Intake reads what it needs itself; the commands after it share one read of the state it left.
  expect(reads.filter((t) => t === TAB.ledger)).toHaveLength(1);
  expect(reads.filter((t) => t === TAB.settings)).toHaveLength(2);
  const fresh = new MemoryWorkbook();
  for (const name of book.sheetNames()) {
    fresh.createSheet(name);
    fresh.writeRange(name, 1, 1, book.readSheet(name)!);
  }
  // The result equals a second, separate run's: nothing stale was written.
  const once = JSON.stringify(book.readSheet(TAB.ledger));
  runAll(ctx(fresh));
  expect(JSON.stringify(fresh.readSheet(TAB.ledger))).toBe(once);
});

test('the daily run computes and writes the owned columns once, then mails from the same computation', () => {
  const { port, reads, ledgerWrites } = counted(sample(false));
  const logs: string[] = [];
  const stored: Record<string, string> = {};
  const services: TaskServices = {
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
    log: (m) => logs.push(m),
  };
  const outcome = runDaily(ctx(port), services, (what, e) => {
    throw new Error(`${what}: ${String(e)}`);
  });
  expect(outcome.ran).toEqual(['periods', 'handovers']);
  expect(outcome.failed).toEqual([]);
  expect(reads.filter((t) => t === TAB.ledger)).toHaveLength(1);
  // The owned columns sit side by side: one rectangle of every ledger row, written once (the other
  // write is their header, added once to a ledger that lacked them).
  expect(ledgerWrites.filter((rows) => rows > 1)).toEqual([60]);
  expect(outcome.digest).toBe('no-recipients');
  expect(outcome.reminders).toBe('off');
});
