import { addDays, date, type CalendarDate } from '../src/domain/calendar';
import {
  compareFlags,
  computeFlag,
  DEFAULT_WINDOWS,
  FLAG_PREFIX,
  FLAG_URGENCY,
  flagLabel,
  isActionFlag,
  parseFlag,
  type FlagInput,
} from '../src/domain/flags';
import { ledgerEmployment } from '../src/domain/jobChange';

const p = (s: string): CalendarDate => {
  const [y, m, d] = s.split('-').map(Number);
  return date(y, m, d);
};

// A case hired 2023-04-01: cap 2026-09-30, sharing deadline 2026-06-30 (domain.md §2.1/§2.2).
const base: FlagInput = {
  plannedEnd: p('2026-09-30'),
  shareDeadline: p('2026-06-30'),
  lastEligibleDay: p('2026-09-30'),
  needsSupport: '該当',
  handoverState: '未着手',
};
const flagOn = (today: string, over: Partial<FlagInput> = {}): string =>
  computeFlag({ ...base, ...over }, DEFAULT_WINDOWS, p(today)).text;

describe('the flag ladder, one rung at a time (default windows 180/30/90/60)', () => {
  test('far from the end: nothing', () => {
    // 2026-04-02 is 181 days before 2026-09-30
    expect(flagOn('2026-04-02')).toBe('');
  });
  test('180 days before the end: 終了まで180日', () => {
    expect(flagOn('2026-04-03')).toBe('終了まで180日');
  });
  test('31 days before the sharing deadline: still 終了まで180日', () => {
    expect(flagOn('2026-05-30')).toBe('終了まで180日');
  });
  test('30 days before the sharing deadline: 共有期限まで30日', () => {
    expect(flagOn('2026-05-31')).toBe('共有期限まで30日');
  });
  test('on the sharing deadline itself: 共有期限まで30日', () => {
    expect(flagOn('2026-06-30')).toBe('共有期限まで30日');
  });
  test('the day after the deadline without 情報共有日: 共有期限超過', () => {
    expect(flagOn('2026-07-01')).toBe('共有期限超過');
  });
  test('on the last day of support: still 共有期限超過 (the end has not passed)', () => {
    expect(flagOn('2026-09-30')).toBe('共有期限超過');
  });
  test('the day after the end, handover not done: 終了・引継ぎ未了', () => {
    expect(flagOn('2026-10-01')).toBe('終了・引継ぎ未了');
  });
  test('90 days after the end: still 終了・引継ぎ未了; 91 days: nothing', () => {
    expect(flagOn('2026-12-29')).toBe('終了・引継ぎ未了');
    expect(flagOn('2026-12-30')).toBe('');
  });
});

describe('conditions of each flag', () => {
  test('a 情報共有日 clears the sharing flags; the end window shows instead', () => {
    expect(flagOn('2026-07-15', { sharedDate: p('2026-06-01') })).toBe('終了まで180日');
    expect(flagOn('2026-06-15', { sharedDate: p('2026-06-01') })).toBe('終了まで180日');
  });
  test('要継続支援 非該当 needs no sharing; 未判定 or blank still does', () => {
    expect(flagOn('2026-07-15', { needsSupport: '非該当' })).toBe('終了まで180日');
    expect(flagOn('2026-07-15', { needsSupport: '未判定' })).toBe('共有期限超過');
    expect(flagOn('2026-07-15', { needsSupport: null })).toBe('共有期限超過');
  });
  test('引継ぎ状況 済 or 不要: 引継ぎ済 after the end and far from it', () => {
    expect(flagOn('2026-10-15', { handoverState: '済' })).toBe('引継ぎ済');
    expect(flagOn('2026-10-15', { handoverState: '不要' })).toBe('引継ぎ済');
    expect(flagOn('2025-01-01', { handoverState: '済' })).toBe('引継ぎ済');
    // long after the look-back window the status remains
    expect(flagOn('2030-01-01', { handoverState: '済' })).toBe('引継ぎ済');
  });
  test('引継ぎ済 is the least urgent: a more urgent flag that applies wins', () => {
    // handed over but nothing shared before the deadline: the fee risk still shows
    expect(flagOn('2026-07-15', { handoverState: '済' })).toBe('共有期限超過');
    expect(flagOn('2026-05-01', { handoverState: '済', sharedDate: p('2026-04-01') })).toBe('終了まで180日');
  });
  test('調整中 or blank 引継ぎ状況 after the end: 終了・引継ぎ未了', () => {
    expect(flagOn('2026-10-15', { handoverState: '調整中' })).toBe('終了・引継ぎ未了');
    expect(flagOn('2026-10-15', { handoverState: null })).toBe('終了・引継ぎ未了');
  });
  test('an early 利用終了日 moves the end and the deadline (computed by the caller)', () => {
    // 利用終了日 2025-03-31 → 情報共有期限 2024-12-31
    const early = { plannedEnd: p('2025-03-31'), shareDeadline: p('2024-12-31') };
    expect(flagOn('2024-12-01', early)).toBe('共有期限まで30日');
    expect(flagOn('2025-04-01', early)).toBe('終了・引継ぎ未了');
  });
});

describe('windows are read from the settings, and the labels name them', () => {
  const windows = { planWindowDays: 120, shareWarnDays: 14, lookBackDays: 30, grantWarnDays: 45 };
  const on = (today: string, over: Partial<FlagInput> = {}) =>
    computeFlag({ ...base, ...over }, windows, p(today)).text;
  test('a shorter plan window', () => {
    expect(on('2026-06-01')).toBe(''); // 121 days before the end
    expect(on('2026-06-02')).toBe('終了まで120日');
  });
  test('a shorter sharing warning', () => {
    expect(on('2026-06-15')).toBe('終了まで120日'); // 15 days before the deadline
    expect(on('2026-06-16')).toBe('共有期限まで14日');
  });
  test('a shorter look-back', () => {
    expect(on('2026-10-30')).toBe('終了・引継ぎ未了'); // 30 days after
    expect(on('2026-10-31')).toBe('');
  });
  test('the default labels are the ones the issue names', () => {
    expect(flagLabel('shareSoon', DEFAULT_WINDOWS)).toBe('共有期限まで30日');
    expect(flagLabel('endSoon', DEFAULT_WINDOWS)).toBe('終了まで180日');
  });
});

describe('支給決定 renewal (part of the flag text)', () => {
  const grant = { grantEnd: p('2025-03-31') };
  test('60 days before the grant ends, case active, grant before the cap: 支給決定更新', () => {
    // 2025-01-30 → 2025-03-31 is 1 + 28 + 31 = 60 days
    expect(flagOn('2025-01-30', grant)).toBe('支給決定更新');
    expect(flagOn('2025-01-29', grant)).toBe('');
  });
  test('inside the window', () => {
    expect(flagOn('2025-01-31', grant)).toBe('支給決定更新');
    expect(flagOn('2025-03-31', grant)).toBe('支給決定更新');
  });
  test('a grant that has lapsed while the support goes on still asks for the renewal (or the new grant in the ledger)', () => {
    expect(flagOn('2025-04-01', grant)).toBe('支給決定更新');
    expect(flagOn('2025-08-01', grant)).toBe('支給決定更新');
  });
  test('joined to a primary flag, which leads the text', () => {
    expect(flagOn('2026-05-01', { grantEnd: p('2026-05-31') })).toBe('終了まで180日・支給決定更新');
    expect(flagOn('2026-07-01', { grantEnd: p('2026-07-31') })).toBe('共有期限超過・支給決定更新');
  });
  test('no renewal when the grant runs to the end of the support', () => {
    expect(flagOn('2026-09-01', { grantEnd: p('2026-09-30') })).toBe('共有期限超過');
    // an early 利用終了日 the grant already covers
    expect(
      flagOn('2025-03-01', { grantEnd: p('2025-03-31'), plannedEnd: p('2025-03-31'), shareDeadline: p('2024-12-31') }),
    ).toBe('共有期限超過');
  });
  test('no renewal once the support has ended', () => {
    expect(flagOn('2026-10-01', { grantEnd: p('2026-08-31') })).toBe('終了・引継ぎ未了');
  });
  test('no renewal after a separation (離職) by the job-change rule', () => {
    const separated = ledgerEmployment(p('2024-12-15'), null, p('2025-03-01'));
    expect(separated.kind).toBe('separated');
    expect(flagOn('2025-03-01', { ...grant, employment: separated })).toBe('');
    // a job change within the month keeps the case active
    const continued = ledgerEmployment(p('2024-12-15'), p('2025-01-10'), p('2025-03-01'));
    expect(flagOn('2025-03-01', { ...grant, employment: continued })).toBe('支給決定更新');
  });
  test('a handed-over case whose grant needs renewing ranks as an action', () => {
    const f = computeFlag(
      { ...base, handoverState: '済', grantEnd: p('2025-03-31') },
      DEFAULT_WINDOWS,
      p('2025-03-01'),
    );
    expect(f.text).toBe('引継ぎ済・支給決定更新');
    expect(f.rank).toBe('renewal');
    expect(isActionFlag(f)).toBe(true);
  });
});

describe('ordering and parsing', () => {
  test('urgency first, then the date the flag is about', () => {
    const today = p('2026-07-15');
    const f = (over: Partial<FlagInput>) => computeFlag({ ...base, ...over }, DEFAULT_WINDOWS, today);
    const ended = f({ plannedEnd: p('2026-07-01'), shareDeadline: p('2026-03-31') });
    const overdueLate = f({});
    const overdueEarly = f({ plannedEnd: p('2026-08-31'), shareDeadline: p('2026-05-31') });
    const soon = f({ plannedEnd: p('2026-10-31'), shareDeadline: p('2026-07-31') });
    const endSoon = f({ needsSupport: '非該当' });
    const handed = f({ plannedEnd: p('2028-03-31'), shareDeadline: p('2027-12-31'), handoverState: '済' });
    const blank = f({ plannedEnd: p('2028-03-31'), shareDeadline: p('2027-12-31') });
    const sorted = [blank, handed, endSoon, soon, overdueLate, overdueEarly, ended].sort(compareFlags);
    expect(sorted.map((x) => x.text)).toEqual([
      '終了・引継ぎ未了',
      '共有期限超過',
      '共有期限超過',
      '共有期限まで30日',
      '終了まで180日',
      '引継ぎ済',
      '',
    ]);
    expect(sorted[1].due).toEqual(p('2026-05-31'));
    expect(sorted[2].due).toEqual(p('2026-06-30'));
    expect([blank, handed].map(isActionFlag)).toEqual([false, false]);
    expect([ended, overdueLate, soon, endSoon].every(isActionFlag)).toBe(true);
  });
  test('every label and combination parses back to its kind', () => {
    for (const kind of FLAG_URGENCY) {
      const label = flagLabel(kind, { ...DEFAULT_WINDOWS, planWindowDays: 99, shareWarnDays: 7 });
      expect(label.startsWith(FLAG_PREFIX[kind])).toBe(true);
      const expected = kind === 'renewal' ? { kind: null, renewal: true } : { kind, renewal: false };
      expect(parseFlag(label)).toEqual(expected);
    }
    expect(parseFlag('終了まで180日・支給決定更新')).toEqual({ kind: 'endSoon', renewal: true });
    expect(parseFlag('')).toEqual({ kind: null, renewal: false });
    expect(parseFlag('何か')).toEqual({ kind: null, renewal: false });
  });
  test('no prefix is a prefix of another (colouring formulas cannot confuse kinds)', () => {
    const prefixes = Object.values(FLAG_PREFIX);
    for (const a of prefixes) for (const b of prefixes) if (a !== b) expect(b.startsWith(a)).toBe(false);
  });
});

test('the end day itself is not "passed"', () => {
  const end = p('2026-09-30');
  expect(computeFlag(base, DEFAULT_WINDOWS, end).kind).toBe('shareOverdue');
  expect(computeFlag(base, DEFAULT_WINDOWS, addDays(end, 1)).kind).toBe('endedNotHandedOver');
});
