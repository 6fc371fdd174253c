// A deterministic, obviously fictional sample book for the demo, tests and the benchmark:
// a ケース台帳 over the 16 default centers, the 設定 tab, a 支援記録 contact log and a year (or more)
// of 活動報告 form submissions. With `messy`, it looks like a real office's sheet (title row, 和暦 and
// full-width dates, a user column, a blank row, spelling variants of center names) and carries a few
// planted wrong rows, each recorded with its sheet row and column. Every other row is valid.

import {
  addDays,
  addMonthsClamped,
  compareDates,
  dayNumber,
  daysInMonth,
  fiscalYearLabel,
  fiscalYearOf,
  formatIso,
  fromDayNumber,
  periodEnd,
  type CalendarDate,
} from '../domain/calendar';
import { supportPeriod, shareDeadline, type SupportPeriod } from '../domain/periods';
import {
  ACTIVITY_COLUMNS,
  CONTACT_COLUMNS,
  DATE_FORMAT,
  DEFAULT_CENTERS,
  EMPLOYMENT_CHECK_COLUMNS,
  IMPROVEMENT_CHANGE,
  JOB_CHANGE_COLUMNS,
  LEDGER_COLUMNS,
  SETTINGS,
  TAB,
  type ColumnDef,
  type LedgerKey,
} from '../domain/schema';
import { DEFAULT_SETTINGS, defaultSettingsSheet } from '../domain/settings';
import { headerColumnWidth } from '../commands/shared/generated';
import { SETTINGS_PRINT, tablePrintLayout } from '../commands/setup';
import type { Cell, WorkbookPort } from '../workbook/port';
import { prng } from './prng';

export interface SampleOptions {
  readonly cases: number;
  readonly seed?: number;
  readonly today: CalendarDate;
  /** Title row, 和暦/text dates, a user column, a blank row, center-name variants and planted wrong rows. */
  readonly messy?: boolean;
  /** Fiscal years of 活動報告 form submissions (default 1: the last 12 complete months). */
  readonly activityYears?: number;
}

export interface PlantedProblem {
  /** Sheet row as the user sees it. */
  readonly row: number;
  /** Japanese column header. */
  readonly column: string;
  readonly kind: 'error' | 'warning';
  readonly why: string;
}

export interface FormNote {
  readonly row: number;
  readonly kind: 'correction' | 'invalid';
  readonly why: string;
}

export interface SampleBook {
  readonly tabs: readonly string[];
  /** Data rows written to ケース台帳 (planted rows included, the blank row not). */
  readonly cases: number;
  readonly headerRow: number;
  readonly firstDataRow: number;
  readonly lastDataRow: number;
  /** The blank row in the middle (messy only). */
  readonly blankRow: number | null;
  /** The user's own column (messy only). */
  readonly userColumn: string | null;
  readonly plantedProblems: readonly PlantedProblem[];
  readonly contactRows: number;
  readonly formRows: number;
  /** Resubmissions (a later answer for the same center and month) and the invalid answer, by sheet row. */
  readonly formNotes: readonly FormNote[];
  /** Counts of cases by status on `today`. */
  readonly status: Readonly<Record<CaseStatus, number>>;
}

export type CaseStatus = 'waiting' | 'active' | 'ended';

// --- deterministic randomness ---

class Rand {
  constructor(readonly next: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [v, w] of items) {
      x -= w;
      if (x < 0) return v;
    }
    return items[items.length - 1][0];
  }
}

// --- fictional vocabulary ---

const FAMILY = ['テスト', 'サンプル', 'カクウ', 'ダミー', 'レイ', 'タメシ'];
const GIVEN = ['太郎', '花子', '一郎', '次郎', '桜', '健太', '美咲', '翔', '結衣', '大輔', '陽菜', '蓮'];
const OFFICE_LETTERS = 'ABCDEFGH';
const STAFF = ['スタッフA', 'スタッフB', 'スタッフC', 'スタッフD', 'スタッフE', 'スタッフF'];
const EMPLOYERS: Record<string, readonly string[]> = {
  一般企業: [
    'サンプル商事株式会社',
    '架空物流株式会社',
    'テスト製作所株式会社',
    'ダミー食品株式会社',
    '例示システム株式会社',
  ],
  特例子会社: ['サンプルサポート株式会社（特例子会社）', 'テストハートフル株式会社'],
  公的機関: ['サンプル市役所', '架空県庁（サンプル）'],
  その他: ['社会福祉法人サンプル会（職員）', '一般社団法人テスト協会'],
};
const REMARKS = ['週1回の電話連絡を希望', '通院日は水曜日', '職場の上司と月1回面談', '家族と同居', '通勤は自転車'];
const TRAINING_TOPICS = [
  '職場定着に関する事例検討',
  '企業向け障害理解研修',
  '就労支援者向け基礎研修',
  '精神障害のある方の職場定着',
];
const CONTACT_TEXT: Record<string, readonly string[]> = {
  本人: ['職場での様子を確認', '体調と生活リズムを確認', '業務の困りごとを相談', '休日の過ごし方を確認'],
  企業: ['上司と業務内容を確認', '職場の受け入れ状況を確認', '配置換えについて相談'],
  家族: ['家庭での様子を確認'],
};
const USER_COLUMN = 'メモ欄';
const USER_MEMOS = ['要確認', '済', '電話折り返し', '資料送付済み', ''];

/** Center spellings users type that still match after NFKC, space and ・ removal. */
const CENTER_VARIANTS: Record<string, string> = {
  千葉障害者キャリアセンター: '千葉障害者キャリア センター',
  あかね園: 'あかね　園',
  'ビック・ハート松戸': 'ビック ハート松戸',
  'ビック・ハート柏': 'ビックハート柏',
  エール: 'ｴｰﾙ',
  大久保学園: '大久保学園 ',
  山武ブリオ: '山武ブリオ　',
  香取就業センター: '香取就業ｾﾝﾀｰ',
};

/** Rough center sizes: the first centers serve larger areas (seed 000's tables). */
const CENTER_WEIGHTS = DEFAULT_CENTERS.map((c, i) => [c, i < 4 ? 3 : i < 10 ? 2 : 1] as const);

// --- calendar helpers ---

function monthEnd(v: CalendarDate): CalendarDate {
  return { y: v.y, m: v.m, d: daysInMonth(v.y, v.m) };
}

function minDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return compareDates(a, b) <= 0 ? a : b;
}

function maxDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return compareDates(a, b) >= 0 ? a : b;
}

function between(rand: Rand, a: CalendarDate, b: CalendarDate): CalendarDate {
  const lo = dayNumber(a);
  const hi = dayNumber(b);
  return hi <= lo ? a : fromDayNumber(rand.int(lo, hi));
}

/** Grants of about a year, ending on a month end, renewed up to the cap. */
function grantsFrom(start: CalendarDate, last: CalendarDate): [CalendarDate, CalendarDate][] {
  const grants: [CalendarDate, CalendarDate][] = [];
  let s = start;
  while (compareDates(s, last) <= 0) {
    const e = minDate(monthEnd(periodEnd(s, 12)), last);
    grants.push([s, e]);
    s = addDays(e, 1);
  }
  return grants;
}

// --- date text users type (messy) ---

function eraOf(v: CalendarDate): { letter: 'R' | 'H'; name: string; n: number } | null {
  if (compareDates(v, { y: 2019, m: 5, d: 1 }) >= 0) return { letter: 'R', name: '令和', n: v.y - 2018 };
  if (compareDates(v, { y: 1989, m: 1, d: 8 }) >= 0) return { letter: 'H', name: '平成', n: v.y - 1988 };
  return null;
}

const FULL_WIDTH_DIGITS = '０１２３４５６７８９';

function toFullWidth(s: string): string {
  return s.replace(/[0-9]/g, (d) => FULL_WIDTH_DIGITS[Number(d)]).replace(/\//g, '／');
}

type DateForm = 'eraShort' | 'eraLong' | 'fullWidth' | 'slashText' | 'isoText';
const DATE_FORMS: readonly DateForm[] = ['eraShort', 'eraLong', 'fullWidth', 'slashText', 'isoText'];

function dateText(v: CalendarDate, form: DateForm): string {
  const era = eraOf(v);
  switch (form) {
    case 'eraShort':
      if (era) return `${era.letter}${era.n}.${v.m}.${v.d}`;
      break;
    case 'eraLong':
      if (era) return `${era.name}${era.n === 1 ? '元' : era.n}年${v.m}月${v.d}日`;
      break;
    case 'fullWidth':
      return toFullWidth(`${v.y}/${v.m}/${v.d}`);
    case 'isoText':
      return formatIso(v);
    case 'slashText':
      break;
  }
  return `${v.y}/${v.m}/${v.d}`;
}

// --- one case ---

type Row = Partial<Record<LedgerKey, Cell>>;

interface CaseRecord {
  row: Row;
  status: CaseStatus;
  /** Started and still in service today (usable for planting problems). */
  plantable: boolean;
  period: SupportPeriod | null;
  start: CalendarDate | null;
  end: CalendarDate | null;
  /** A job change within a month (written to 離職・再就職, not to the ledger). */
  jobChange?: { separation: CalendarDate; rehire: CalendarDate } | null;
}

const HIRE_FROM: CalendarDate = { y: 2019, m: 4, d: 1 };

function hireDate(rand: Rand, today: CalendarDate): CalendarDate {
  const latest = addDays(today, -7);
  const d = between(rand, HIRE_FROM, latest);
  // Most hires start on the 1st; month ends exercise the 民法143条 rule.
  const kind = rand.weighted([
    ['first', 60],
    ['any', 25],
    ['monthEnd', 15],
  ] as const);
  const v = kind === 'first' ? { ...d, d: 1 } : kind === 'monthEnd' ? monthEnd(d) : d;
  return compareDates(v, latest) > 0 ? { ...latest, d: 1 } : v;
}

function makeCase(
  rand: Rand,
  index: number,
  today: CalendarDate,
  idWidth: number,
  forcedHire?: CalendarDate,
): CaseRecord {
  const caseId = `C${String(index + 1).padStart(idWidth, '0')}`;
  const grantWarn = DEFAULT_SETTINGS.grantWarnDays;

  // Draw a hire date whose case is not at the cap within the grant-renewal window (a renewal warning would be noise).
  let hire = forcedHire ?? hireDate(rand, today);
  let restart: CalendarDate | null = null;
  for (let tries = 0; tries < 20; tries++) {
    const left = dayNumber(supportPeriod(hire).lastEligibleDay) - dayNumber(today);
    if (forcedHire || left < 0 || left > grantWarn) break;
    hire = hireDate(rand, today);
  }
  // A few 復職 cases: the clock restarts on the 1st of a later month.
  if (rand.chance(0.02)) {
    const r = { ...addMonthsClamped(hire, rand.int(12, 30)), d: 1 };
    const left = dayNumber(supportPeriod(hire, r).lastEligibleDay) - dayNumber(today);
    if (compareDates(r, addDays(today, -7)) <= 0 && (left < 0 || left > grantWarn)) restart = r;
  }
  const period = supportPeriod(hire, restart);
  const { firstEligibleDay: first, lastEligibleDay: last } = period;

  const center = rand.weighted(CENTER_WEIGHTS);
  const employerKind = rand.weighted([
    ['一般企業', 70],
    ['特例子会社', 15],
    ['公的機関', 8],
    ['その他', 7],
  ] as const);
  const disability = rand.chance(0.1)
    ? rand.pick(['精神・発達', '知的・発達', '身体、難病'])
    : rand.weighted([
        ['精神', 40],
        ['発達', 25],
        ['知的', 20],
        ['身体', 8],
        ['難病', 3],
        ['高次脳機能', 2],
        ['その他', 2],
      ] as const);
  const recipient = (rand.chance(0.3) ? '0' : String(rand.int(1, 9))) + String(rand.int(0, 999999999)).padStart(9, '0');
  const row: Row = {
    caseId,
    recipientNo: recipient,
    name: `${rand.pick(FAMILY)} ${rand.pick(GIVEN)}${index + 1}`,
    office: `サンプル就労定着支援事業所${OFFICE_LETTERS[index % OFFICE_LETTERS.length]}`,
    center,
    disability,
    priorService: rand.weighted([
      ['就労移行支援', 75],
      ['就労継続支援B型', 10],
      ['就労継続支援A型', 8],
      ['自立訓練', 4],
      ['生活介護', 3],
    ] as const),
    priorOfficeKind: rand.chance(0.6) ? '自法人' : '他法人',
    employer: rand.pick(EMPLOYERS[employerKind]),
    employerKind,
    hireDate: hire,
    restartDate: restart,
    staff: rand.pick(STAFF),
    remarks: rand.chance(0.15) ? rand.pick(REMARKS) : null,
  };

  // Not yet 6 months in work: nothing to enter beyond the hire.
  if (compareDates(first, today) > 0) {
    return { row, status: 'waiting', plantable: false, period, start: null, end: null };
  }

  const start = first;
  row.startDate = start;
  row.planKind = rand.chance(0.7) ? '計画相談' : 'セルフプラン';

  let end: CalendarDate | null = null;
  let reason: string | null = null;
  const lastUsable = minDate(addDays(today, -1), last);
  const endEarly = (): void => {
    end = between(rand, addDays(start, 30), lastUsable);
    reason = rand.weighted([
      ['離職', 60],
      ['本人希望', 25],
      ['転居', 10],
      ['その他', 5],
    ] as const);
  };
  if (compareDates(last, today) < 0) {
    // The 3 years are over: most ran to the end, some stopped earlier.
    if (rand.chance(0.7)) {
      end = last;
      reason = '期間満了';
    } else endEarly();
  } else if (rand.chance(0.12) && dayNumber(lastUsable) - dayNumber(start) > 30) endEarly();
  if (end && reason) {
    row.endDate = end;
    row.endReason = reason;
    if (reason === '離職') row.separationDate = end;
  }

  // One job change within a month, which keeps the clock running: recorded in 離職・再就職 with its reason.
  const serviceUntil = end ?? addDays(today, -1);
  let jobChange: { separation: CalendarDate; rehire: CalendarDate } | null = null;
  if (!row.separationDate && rand.chance(0.1) && dayNumber(serviceUntil) - dayNumber(start) > 60) {
    const sep = between(rand, addDays(start, 10), addDays(serviceUntil, -30));
    jobChange = { separation: sep, rehire: addDays(sep, rand.int(5, 25)) };
  }

  // The grant in force at the end (ended) or today; a grant ending soon has already been renewed.
  const grants = grantsFrom(start, last);
  const at = end ?? today;
  let g = grants.findIndex(([, e]) => compareDates(e, at) >= 0);
  if (g < 0) g = grants.length - 1;
  if (!end && dayNumber(grants[g][1]) - dayNumber(today) <= grantWarn && g + 1 < grants.length) g++;
  row.grantStart = grants[g][0];
  row.grantEnd = grants[g][1];

  // Handover fields (要継続支援, consent, sharing), consistent with the sharing deadline.
  const planned = end ?? last;
  const deadline = shareDeadline(planned);
  const daysLeft = dayNumber(planned) - dayNumber(today);
  const handedOver = (): void => {
    const shareBy = minDate(deadline, addDays(today, -1));
    const consent = between(rand, maxDate(start, addDays(shareBy, -120)), addDays(shareBy, -7));
    if (compareDates(consent, start) < 0 || compareDates(consent, shareBy) > 0) {
      row.handoverState = '未着手';
      return;
    }
    row.consentDate = consent;
    row.sharedDate = between(rand, consent, shareBy);
    row.handoverState = '済';
  };
  if (end && reason === '期間満了') {
    if (rand.chance(0.6)) {
      row.needsSupport = '該当';
      handedOver();
    } else {
      row.needsSupport = '非該当';
      row.handoverState = '不要';
    }
  } else if (!end) {
    if (daysLeft <= DEFAULT_SETTINGS.planWindowDays) {
      const needs = rand.weighted([
        ['該当', 60],
        ['非該当', 25],
        ['未判定', 15],
      ] as const);
      row.needsSupport = needs;
      if (needs === '非該当') row.handoverState = '不要';
      else if (needs === '未判定') row.handoverState = '未着手';
      else {
        const state = rand.weighted([
          ['済', 45],
          ['調整中', 35],
          ['未着手', 20],
        ] as const);
        if (state === '済') handedOver();
        else if (state === '調整中') {
          const consent = between(rand, maxDate(start, addDays(today, -90)), addDays(today, -1));
          row.consentDate = consent;
          row.handoverState = '調整中';
        } else row.handoverState = '未着手';
      }
    } else if (daysLeft <= 365) {
      row.needsSupport = rand.pick(['未判定', '該当', '非該当']);
      row.handoverState = row.needsSupport === '非該当' ? '不要' : '未着手';
    } else if (rand.chance(0.3)) {
      row.needsSupport = '未判定';
    }
  }

  const status: CaseStatus = end ? 'ended' : 'active';
  // Rows simple enough that one planted change gives exactly one problem.
  const plantable =
    !end &&
    !restart &&
    !row.separationDate &&
    !jobChange &&
    !row.consentDate &&
    !row.sharedDate &&
    dayNumber(today) - dayNumber(start) > 90 &&
    dayNumber(last) - dayNumber(today) > DEFAULT_SETTINGS.planWindowDays;
  return { row, status, plantable, period, start, end, jobChange };
}

// --- the book ---

export function generateSampleBook(book: WorkbookPort, opts: SampleOptions): SampleBook {
  const rand = new Rand(prng(opts.seed ?? 1));
  const { today } = opts;
  const messy = opts.messy ?? false;
  const idWidth = Math.max(5, String(opts.cases).length);

  const records: CaseRecord[] = [];
  // A messy ledger has one case hired on 2019-04-01, written 「H31.4.1」 (平成's last month).
  const h31Index = messy && opts.cases > 2 && compareDates(today, { y: 2019, m: 5, d: 1 }) > 0 ? 1 : -1;
  for (let i = 0; i < opts.cases; i++)
    records.push(makeCase(rand, i, today, idWidth, i === h31Index ? HIRE_FROM : undefined));

  // Column layout: the standard columns, plus the user's own column after 就職先 when messy.
  const keys: (LedgerKey | 'user')[] = LEDGER_COLUMNS.map((c) => c.key);
  if (messy) keys.splice(keys.indexOf('employer') + 1, 0, 'user');
  const headerOf = (k: LedgerKey | 'user'): string =>
    k === 'user' ? USER_COLUMN : LEDGER_COLUMNS.find((c) => c.key === k)!.header;
  const header = keys.map(headerOf);

  const titleRows: Cell[][] = messy
    ? [
        [`${fiscalYearLabel(fiscalYearOf(today))} 就労定着支援 ケース台帳`, ...new Array(keys.length - 1).fill(null)],
        new Array(keys.length).fill(null),
      ]
    : [];
  const headerRow = titleRows.length + 1;
  const blankIndex = messy && records.length >= 4 ? Math.floor(records.length / 2) : -1;
  /** Sheet row of record i. */
  const rowOf = (i: number): number => headerRow + 1 + i + (blankIndex >= 0 && i >= blankIndex ? 1 : 0);

  const planted: PlantedProblem[] = messy ? plant(rand, records, rowOf, today) : [];
  const plantedRows = new Set(planted.map((p) => p.row));

  if (messy) {
    // Spelling variants of center names and dates typed as text, on rows without planted problems.
    const dateKeys = LEDGER_COLUMNS.filter((c) => c.kind === 'date').map((c) => c.key);
    let formIndex = 0;
    records.forEach((rec, i) => {
      if (plantedRows.has(rowOf(i))) return;
      if (i === h31Index) {
        rec.row.hireDate = 'H31.4.1';
        return;
      }
      const variant = CENTER_VARIANTS[rec.row.center as string];
      if (variant && rand.chance(0.3)) rec.row.center = variant;
      for (const k of dateKeys) {
        const v = rec.row[k];
        if (v && typeof v === 'object' && rand.chance(0.08)) {
          // Cycle through the forms so each appears; H31.x.x comes from April 2019 dates.
          rec.row[k] = dateText(v, DATE_FORMS[formIndex++ % DATE_FORMS.length]);
        }
      }
    });
  }

  const ledgerValues: Cell[][] = [];
  records.forEach((rec, i) => {
    if (i === blankIndex) ledgerValues.push(new Array(keys.length).fill(null));
    ledgerValues.push(
      keys.map((k) => (k === 'user' ? rand.pick(USER_MEMOS) || null : ((rec.row[k] as Cell | undefined) ?? null))),
    );
  });

  const formats = keys.map((k) => {
    if (k === 'user') return null;
    const def = LEDGER_COLUMNS.find((c) => c.key === k)!;
    return def.kind === 'date' ? DATE_FORMAT : def.kind === 'digits' ? '@' : null;
  });
  book.createSheet(TAB.ledger);
  // The demo's ledger is made by the product: its columns are as wide as Excel needs for them.
  book.writeRange(TAB.ledger, 1, 1, [...titleRows, header], {
    minColumnWidths: keys.map((k, i) =>
      headerColumnWidth(header[i], k !== 'user' && LEDGER_COLUMNS.find((c) => c.key === k)!.kind === 'date'),
    ),
  });
  if (ledgerValues.length) book.writeRange(TAB.ledger, headerRow + 1, 1, ledgerValues, { columnFormats: formats });
  book.freezeRows(TAB.ledger, headerRow);
  book.setPrintLayout?.(TAB.ledger, tablePrintLayout(LEDGER_COLUMNS, headerRow));
  const lastDataRow = headerRow + ledgerValues.length;
  if (records.length > 0) {
    book.setListValidations(
      TAB.ledger,
      keys.flatMap((k, i) => {
        const def = k === 'user' ? undefined : LEDGER_COLUMNS.find((c) => c.key === k);
        return def?.kind === 'enum' && def.values
          ? [
              {
                area: { row: headerRow + 1, col: i + 1, numRows: lastDataRow - headerRow, numCols: 1 },
                values: def.values,
                allowInvalid: true,
                helpText: `${def.values.join('／')}から選んでください`,
              },
            ]
          : [];
      }),
    );
  }

  book.replaceSheet(TAB.settings, {
    values: defaultSettingsSheet(),
    boldRows: [0, SETTINGS.length + 2],
    frozenRows: 1,
    columnWidths: [220, 200, 420],
    print: SETTINGS_PRINT,
  });

  writeFollowUps(book, records, today);
  const contactRows = writeContacts(book, rand, records, today);
  const form = writeFormResponses(book, rand, today, opts.activityYears ?? 1, messy);

  const status: Record<CaseStatus, number> = { waiting: 0, active: 0, ended: 0 };
  for (const r of records) status[r.status]++;
  return {
    tabs: [TAB.ledger, TAB.settings, TAB.jobChanges, TAB.employmentChecks, TAB.contacts, TAB.formResponses],
    cases: records.length,
    headerRow,
    firstDataRow: headerRow + 1,
    lastDataRow,
    blankRow: blankIndex >= 0 ? rowOf(blankIndex) - 1 : null,
    userColumn: messy ? USER_COLUMN : null,
    plantedProblems: planted,
    contactRows,
    formRows: form.rows,
    formNotes: form.notes,
    status,
  };
}

/** Plants about a dozen wrong rows, one problem each, on active cases. */
function plant(rand: Rand, records: CaseRecord[], rowOf: (i: number) => number, today: CalendarDate): PlantedProblem[] {
  const candidates = records.map((_, i) => i).filter((i) => records[i].plantable);
  // Spread the planted rows over the ledger, deterministically.
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = Math.floor(rand.next() * (i + 1));
    [candidates[i], candidates[j]] = [candidates[j], candidates[i]];
  }
  const out: PlantedProblem[] = [];
  const h = (k: LedgerKey) => LEDGER_COLUMNS.find((c) => c.key === k)!.header;
  let next = 0;
  const take = (): number | null => (next < candidates.length ? candidates[next++] : null);
  const add = (i: number, key: LedgerKey, kind: 'error' | 'warning', why: string) =>
    out.push({ row: rowOf(i), column: h(key), kind, why });

  const steps: ((i: number) => void)[] = [
    (i) => {
      records[i].row.hireDate = 'R1.4.30';
      add(i, 'hireDate', 'error', '令和元年は5月1日からのため R1.4.30 は存在しない日付');
    },
    (i) => {
      records[i].row.startDate = '2023/2/30';
      add(i, 'startDate', 'error', '2023年2月は28日まで');
    },
    (i) => {
      const hire = records[i].row.hireDate as CalendarDate;
      records[i].row.hireDate = `${hire.y - 2018}.${hire.m}.${hire.d}`;
      add(i, 'hireDate', 'error', '元号のない和暦（年が決まらない）');
    },
    (i) => {
      // The later of the two rows carries the problem; the earlier one is a row never planted.
      let j = Math.floor(i / 2);
      while (j >= 0 && records[j].plantable) j--;
      if (j < 0) return;
      const id = records[j].row.caseId;
      records[i].row.caseId = id;
      add(i, 'caseId', 'error', `ケースID「${id}」が ${rowOf(j)}行目と重複`);
    },
    (i) => {
      records[i].row.center = '架空就業支援センター';
      add(i, 'center', 'error', '設定タブのセンター一覧にないセンター名');
    },
    (i) => {
      records[i].row.employerKind = '就労継続支援A型事業所';
      add(i, 'employerKind', 'error', 'A型事業所への就職は就労定着支援の対象外');
    },
    (i) => {
      const rec = records[i];
      const early = addDays(rec.period!.firstEligibleDay, -10);
      // The grant is moved with the start so that only the start is wrong.
      if (compareDates(rec.row.grantStart as CalendarDate, rec.start!) === 0) rec.row.grantStart = early;
      rec.row.startDate = early;
      add(i, 'startDate', 'error', '利用開始日が利用開始可能日（就職から6か月経過後）より前');
    },
    (i) => {
      records[i].row.hireDate = null;
      add(i, 'hireDate', 'error', '必須の就職日が空欄');
    },
    (i) => {
      records[i].row.recipientNo = String(records[i].row.recipientNo).slice(0, 9);
      add(i, 'recipientNo', 'error', '受給者証番号が9桁（10桁が必要）');
    },
    (i) => {
      const rec = records[i];
      const late = addMonthsClamped(rec.period!.firstEligibleDay, 2);
      if (compareDates(late, today) >= 0) return;
      rec.row.startDate = late;
      if (compareDates(rec.row.grantStart as CalendarDate, late) < 0) rec.row.grantStart = late;
      add(i, 'startDate', 'warning', '利用開始日が利用開始可能日より2か月遅い（期間は延びない）');
    },
    (i) => {
      const last = records[i].period!.lastEligibleDay;
      records[i].row.grantEnd = monthEnd(addMonthsClamped(last, 2));
      add(i, 'grantEnd', 'warning', '支給決定終了日が最終利用可能日より後');
    },
    (i) => {
      const rec = records[i];
      const shared = minDate(addDays(today, -1), shareDeadline(rec.period!.lastEligibleDay));
      rec.row.needsSupport = '該当';
      rec.row.handoverState = '調整中';
      rec.row.consentDate = null;
      rec.row.sharedDate = maxDate(shared, rec.start!);
      add(i, 'sharedDate', 'warning', '同意取得日がないのに情報共有日がある');
    },
  ];
  for (const step of steps) {
    const i = take();
    if (i === null) break;
    step(i);
  }
  return out.sort((a, b) => a.row - b.row);
}

/**
 * 離職・再就職 and 就労確認, without drawing from the random stream (the other tabs stay as they were):
 * every job change as a 転職（労働条件の改善）, then, to show the rule, the first such case leaves again
 * (a second change: a separation) and the second one's change is a dismissal (a separation on its 離職日);
 * and for the people whose service ended before the last 3/31, every other one confirmed 就労中 (one 離職),
 * the rest left unconfirmed.
 */
function writeFollowUps(book: WorkbookPort, records: CaseRecord[], today: CalendarDate): void {
  const jobRows: Cell[][] = [];
  let n = 0;
  for (const r of records) {
    if (!r.jobChange) continue;
    const id = r.row.caseId as Cell;
    const reason = n === 1 ? '解雇・雇止め' : IMPROVEMENT_CHANGE;
    jobRows.push([id, r.jobChange.separation, r.jobChange.rehire, reason]);
    const again = addDays(r.jobChange.rehire, 120);
    if (n === 0 && compareDates(again, r.end ?? today) < 0) {
      jobRows.push([id, again, addDays(again, 10), IMPROVEMENT_CHANGE]);
    }
    n++;
  }
  writeTable(book, TAB.jobChanges, JOB_CHANGE_COLUMNS, jobRows);

  const fy = fiscalYearOf(today);
  const referenceDay: CalendarDate = { y: fy, m: 3, d: 31 };
  const checkDay = minDate(addDays(referenceDay, 14), today);
  const checkRows: Cell[][] = [];
  let k = 0;
  for (const r of records) {
    if (!r.end || compareDates(r.end, referenceDay) >= 0 || r.row.endReason === '離職') continue;
    if (compareDates(r.end, { y: fy - 3, m: 4, d: 1 }) < 0) continue;
    if (compareDates(checkDay, referenceDay) >= 0 && k % 2 === 0) {
      checkRows.push([
        r.row.caseId as Cell,
        checkDay,
        k === 2 ? '離職' : '就労中',
        k % 4 === 0 ? '電話' : '企業に確認',
      ]);
    }
    k++;
  }
  writeTable(book, TAB.employmentChecks, EMPLOYMENT_CHECK_COLUMNS, checkRows);
}

function writeTable(book: WorkbookPort, tab: string, defs: readonly ColumnDef[], rows: Cell[][]): void {
  book.createSheet(tab);
  book.writeRange(tab, 1, 1, [defs.map((d) => d.header)], {
    minColumnWidths: defs.map((d) => headerColumnWidth(d.header, d.kind === 'date')),
  });
  if (rows.length)
    book.writeRange(tab, 2, 1, rows, { columnFormats: defs.map((d) => (d.kind === 'date' ? DATE_FORMAT : null)) });
  book.setListValidations(
    tab,
    defs.flatMap((d, i) =>
      d.kind === 'enum' && d.values
        ? [
            {
              area: { row: 2, col: i + 1, numRows: Math.max(rows.length, 100), numCols: 1 },
              values: d.values,
              allowInvalid: true,
              helpText: `${d.values.join('／')}から選んでください`,
            },
          ]
        : [],
    ),
  );
  book.freezeRows(tab, 1);
}

function writeContacts(book: WorkbookPort, rand: Rand, records: CaseRecord[], today: CalendarDate): number {
  const rows: Cell[][] = [];
  const firstMonth = addMonthsClamped({ y: today.y, m: today.m, d: 1 }, -3);
  let logged = 0;
  for (const rec of records) {
    // Most offices log most of their clients; a few cases without any log show what 判定 reports.
    if (rec.status !== 'active' || !rec.start || !rand.chance(0.9)) continue;
    const caseId = rec.row.caseId as string;
    // The first three logged clients had a 地域連携会議 with their center every month (地域連携会議実施加算).
    const meets = logged++ < 3;
    for (let k = 0; k < 4; k++) {
      const monthStart = addMonthsClamped(firstMonth, k);
      const from = maxDate(monthStart, rec.start);
      const to = minDate(monthEnd(monthStart), today);
      if (compareDates(from, to) > 0) continue;
      const reportDay = between(rand, from, to);
      if (rand.chance(0.95)) {
        const method = rand.weighted([
          ['職場訪問', 50],
          ['事業所での面談', 30],
          ['家庭訪問', 15],
          ['喫茶店などで面談', 5],
        ] as const);
        rows.push([
          caseId,
          reportDay,
          '本人',
          method,
          rand.chance(0.95) ? 'はい' : 'いいえ',
          rand.pick(CONTACT_TEXT.本人),
        ]);
      }
      if (rand.chance(0.8)) {
        rows.push([
          caseId,
          between(rand, from, to),
          '企業',
          rand.pick(['職場訪問', '電話', 'メール']),
          null,
          rand.pick(CONTACT_TEXT.企業),
        ]);
      }
      if (meets)
        rows.push([caseId, from, 'ナカポツ', '地域連携会議', null, '地域連携会議（支援の状況と今後の役割分担）']);
      const extra = rand.int(0, 2);
      for (let x = 0; x < extra; x++) {
        rows.push([
          caseId,
          between(rand, from, to),
          rand.chance(0.85) ? '本人' : '家族',
          rand.pick(['電話', 'メール', 'LINEなど']),
          null,
          rand.pick(CONTACT_TEXT.本人),
        ]);
      }
    }
  }
  rows.sort((a, b) => dayNumber(a[1] as CalendarDate) - dayNumber(b[1] as CalendarDate));
  const header = CONTACT_COLUMNS.map((c) => c.header);
  book.createSheet(TAB.contacts);
  book.writeRange(TAB.contacts, 1, 1, [header], {
    minColumnWidths: CONTACT_COLUMNS.map((c) => headerColumnWidth(c.header, c.kind === 'date')),
  });
  book.setPrintLayout?.(TAB.contacts, tablePrintLayout(CONTACT_COLUMNS));
  if (rows.length)
    book.writeRange(TAB.contacts, 2, 1, rows, {
      columnFormats: CONTACT_COLUMNS.map((c) => (c.kind === 'date' ? DATE_FORMAT : null)),
    });
  book.freezeRows(TAB.contacts, 1);
  return rows.length;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function writeFormResponses(
  book: WorkbookPort,
  rand: Rand,
  today: CalendarDate,
  years: number,
  messy: boolean,
): { rows: number; notes: FormNote[] } {
  // The form asks for every 活動報告 field except 提出日時, which is the タイムスタンプ.
  const fields = ACTIVITY_COLUMNS.filter((c) => c.key !== 'submittedAt');
  const header = ['タイムスタンプ', ...fields.map((c) => c.header)];
  type Answer = { at: number; values: Cell[]; note?: Omit<FormNote, 'row'> };
  const answers: Answer[] = [];
  const months = 12 * years;
  const lastMonth = addMonthsClamped({ y: today.y, m: today.m, d: 1 }, -1);
  const monthLabel = (v: CalendarDate, variant: number): string =>
    !messy || variant === 0 ? `${v.y}-${pad2(v.m)}` : variant === 1 ? `${v.y}/${v.m}` : `令和${v.y - 2018}年${v.m}月`;
  const submittedAt = (month: CalendarDate, dayOffset: number): number => {
    const day = addDays(addMonthsClamped(month, 1), dayOffset);
    return dayNumber(day) * 86400 + rand.int(9 * 3600, 18 * 3600);
  };
  for (let k = months - 1; k >= 0; k--) {
    const month = addMonthsClamped(lastMonth, -k);
    DEFAULT_CENTERS.forEach((center, ci) => {
      const big = ci < 4 ? 3 : ci < 10 ? 2 : 1;
      const trainings = rand.chance(0.4) ? rand.int(1, 2) : 0;
      const values: Cell[] = [
        center,
        monthLabel(month, rand.int(0, 2)),
        rand.int(2, 10 * big),
        rand.int(0, 2 + big),
        trainings,
        trainings ? rand.pick(TRAINING_TOPICS) : null,
        `${center} 担当者（サンプル）`,
      ];
      answers.push({ at: submittedAt(month, rand.int(0, 9)), values });
    });
  }
  // Resubmissions for the same center and month, a few days later, with corrected counts.
  const corrections = Math.min(2, answers.length);
  for (let c = 0; c < corrections; c++) {
    const original = answers[Math.floor(((c + 1) * answers.length) / 3)];
    const values = original.values.slice();
    values[2] = (values[2] as number) + 1 + c;
    answers.push({
      at: original.at + 3 * 86400 + 3600,
      values,
      note: { kind: 'correction', why: `${values[0]} ${values[1]} の再提出（個別支援会議件数を訂正）` },
    });
  }
  if (months > 0) {
    // An invalid answer for a month nobody else reported, so it replaces nothing.
    const month = addMonthsClamped(lastMonth, -months);
    const center = DEFAULT_CENTERS[rand.int(0, DEFAULT_CENTERS.length - 1)];
    answers.push({
      at: submittedAt(month, 2),
      values: [center, monthLabel(month, 0), -3, 1, 0, null, `${center} 担当者（サンプル）`],
      note: { kind: 'invalid', why: '個別支援会議件数が負の数（-3）' },
    });
  }
  // Nothing is stamped after the demo's own today: a center whose answer would come later has not sent it yet.
  const endOfToday = (dayNumber(today) + 1) * 86400;
  const sent = answers.filter((a) => a.at < endOfToday);
  answers.length = 0;
  answers.push(...sent);
  answers.sort((a, b) => a.at - b.at);
  const rows: Cell[][] = [];
  const notes: FormNote[] = [];
  answers.forEach((a, i) => {
    const day = fromDayNumber(Math.floor(a.at / 86400));
    const secs = a.at % 86400;
    const stamp = `${day.y}/${pad2(day.m)}/${pad2(day.d)} ${Math.floor(secs / 3600)}:${pad2(Math.floor(secs / 60) % 60)}:${pad2(secs % 60)}`;
    rows.push([stamp, ...a.values]);
    if (a.note) notes.push({ row: i + 2, ...a.note });
  });
  book.createSheet(TAB.formResponses);
  book.writeRange(TAB.formResponses, 1, 1, [header, ...rows], { asText: true });
  book.freezeRows(TAB.formResponses, 1);
  return { rows: rows.length, notes };
}
