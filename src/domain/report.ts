// 支援レポート: one draft per case in service in a month, made from the month's 支援記録 and the
// office's own template, and the 支援レポート tab where staff record when and with whom each report
// was shared. The fee rule (docs: the monthly check in README): a month counts as reported only when
// the report was shared with the person (本人) — a report sent only to the employer does not count.
// Pure: the command reads the tabs, this plans; the documents are written by an adapter (a .docx
// file for the CLI, a Google Doc in Sheets) that only says what is there and what it wrote.

import { compareDates, formatSlash, formatYearMonth, type CalendarDate, type YearMonth } from './calendar';
import { splitMulti, canonicalEnum } from './caseRecord';
import {
  isFaceToFace,
  monthFirstDay,
  monthLastDay,
  overlaps,
  serviceWindow,
  within,
  type CaseInput,
  type ContactEntry,
  type ServiceWindow,
} from './contacts';
import { parseTargetMonth } from './activity';
import { parseDateCell } from './dates';
import type { Problem } from './problem';
import type { ColumnDef } from './schema';
import { cellText, dataRows, isBlankCell, locateTable, type HeaderedTable } from './table';
import { nearest, normalizeKey } from './text';
import type { Cell } from './cell';

export const REPORT_TAB = '支援レポート';

/** Whom a report can be shared with (共有先; several allowed, separated by 、). */
export const SHARE_PARTIES = ['本人', '企業', 'ナカポツ', '相談支援', 'その他'] as const;
export const PERSON = '本人';

function col<K extends string>(key: K, header: string, kind: ColumnDef['kind'] = 'text'): ColumnDef<K> {
  return { key, header, kind, aliases: [] };
}

/** The tab's columns in the order the product writes them; the stamp column is the product's own. */
export const REPORT_COLUMNS = [
  col('caseId', 'ケースID'),
  col('month', '対象月', 'month'),
  col('file', 'ファイル'),
  col('created', '作成日', 'date'),
  col('sharedDate', '共有日', 'date'),
  col('sharedWith', '共有先', 'multiEnum'),
  col('stamp', '管理用（自動）'),
] as const;

export type ReportKey = (typeof REPORT_COLUMNS)[number]['key'];

/** Columns the product writes; staff fill 共有日 and 共有先, which the product never writes. */
export const OWNED_REPORT_KEYS: readonly ReportKey[] = ['caseId', 'month', 'file', 'created', 'stamp'];

/** The text of 対象月 in templates and the tab's title: 2026年10月. */
export function monthTitle(month: YearMonth): string {
  return `${month.y}年${month.m}月`;
}

/** Characters no file system or Drive name should carry become _ (a ケースID is free text). */
export function reportFileName(caseId: string, month: YearMonth): string {
  const safe = caseId
    .normalize('NFKC')
    .trim()
    .replace(/[\\/:*?"<>|\s]+/g, '_');
  return `支援レポート_${safe}_${formatYearMonth(month)}`;
}

/** The default folder of a month's drafts (beside the book, or in Drive). */
export function reportFolderName(month: YearMonth): string {
  return `支援レポート_${formatYearMonth(month)}`;
}

// ---------------------------------------------------------------------------------------------
// Who gets a report: every case whose service window shares a day with the month

export interface ReportCase extends CaseInput {
  /** 氏名 (for the document only: never in a file name, a list or a log). */
  readonly name: string;
  /** 担当者 */
  readonly staff: string;
}

export interface InService<C extends CaseInput = ReportCase> {
  readonly c: C;
  readonly window: ServiceWindow;
}

/**
 * The cases in service in `month`, in ledger order: the service window (利用開始日 or 利用開始可能日 to
 * 利用終了日 or 最終利用可能日, the same window the monthly check uses) shares at least one day with the
 * month. A duplicated ケースID counts once (its first row), as in the monthly check.
 */
export function casesInService<C extends CaseInput>(cases: readonly C[], month: YearMonth): InService<C>[] {
  const first = monthFirstDay(month);
  const last = monthLastDay(month);
  const seen = new Set<string>();
  const out: InService<C>[] = [];
  for (const c of cases) {
    const key = normalizeKey(c.caseId);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    const w = serviceWindow(c.dates);
    if (w.ok && overlaps(w.window, first, last)) out.push({ c, window: w.window });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// What a template is filled with

/** Placeholders of a template: the single values and the loops over the month's contacts. */
export const VALUE_TAGS = ['ケースID', '氏名', '事業所名', '担当者', '対象月', '作成日'] as const;
export const LOOP_TAGS = ['支援記録', '対面', '企業'] as const;
export const CONTACT_TAGS = ['日付', '相手', '方法', '内容'] as const;

export type ReportContact = Record<(typeof CONTACT_TAGS)[number], string>;
export type ReportData = Record<(typeof VALUE_TAGS)[number], string> &
  Record<(typeof LOOP_TAGS)[number], ReportContact[]>;

/** A contact of the log with its 内容 (free text, kept as typed). */
export interface ContactWithContent extends ContactEntry {
  readonly content: string;
}

/**
 * The data of one case's report: the month's contacts inside the case's window in date order (rows of
 * the same day in log order); 対面 the face-to-face ones with the person, 企業 those with the employer.
 */
export function reportData(
  item: InService<ReportCase>,
  entries: readonly ContactWithContent[],
  month: YearMonth,
  today: CalendarDate,
): ReportData {
  const first = monthFirstDay(month);
  const last = monthLastDay(month);
  const key = normalizeKey(item.c.caseId);
  const mine = entries
    .filter(
      (e) =>
        e.caseKey === key &&
        compareDates(e.date, first) >= 0 &&
        compareDates(e.date, last) <= 0 &&
        within(e.date, item.window),
    )
    .sort((a, b) => compareDates(a.date, b.date) || a.rowNumber - b.rowNumber);
  const row = (e: ContactWithContent): ReportContact => ({
    日付: `${e.date.m}月${e.date.d}日`,
    相手: e.party,
    方法: e.method,
    内容: e.content,
  });
  return {
    ケースID: item.c.caseId,
    氏名: item.c.name,
    事業所名: item.c.office,
    担当者: item.c.staff,
    対象月: monthTitle(month),
    作成日: formatSlash(today),
    支援記録: mine.map(row),
    対面: mine.filter(isFaceToFace).map(row),
    企業: mine.filter((e) => e.party === '企業').map(row),
  };
}

// ---------------------------------------------------------------------------------------------
// The 支援レポート tab

export interface ReportRow {
  readonly rowNumber: number;
  readonly caseId: string;
  readonly caseKey: string;
  readonly month: YearMonth | null;
  readonly file: string;
  /** A valid 共有日, or null (blank or unreadable: see problems). */
  readonly sharedDate: CalendarDate | null;
  /** Whether 共有日 holds anything at all: a typed value, even unreadable, means a person took it over. */
  readonly sharedDateFilled: boolean;
  /** 共有先 as canonical parties. */
  readonly sharedWith: readonly string[];
  /** What the product recorded of the draft it wrote (opaque to this module). */
  readonly stamp: string;
}

export interface ReportTab {
  readonly table: HeaderedTable<ReportKey>;
  readonly rows: readonly ReportRow[];
  readonly problems: readonly Problem[];
}

export function locateReportTable(values: readonly (readonly Cell[])[]): HeaderedTable<ReportKey> | null {
  return locateTable(REPORT_TAB, values, REPORT_COLUMNS, 'caseId');
}

function header(key: ReportKey): string {
  return REPORT_COLUMNS.find((c) => c.key === key)!.header;
}

/**
 * Reads the tab's rows. A bad 共有日 or an unknown 共有先 is a warning naming the cell (the row still
 * protects its draft: anything typed in 共有日 means the report is a person's now).
 */
export function readReportTab(table: HeaderedTable<ReportKey>): ReportTab {
  const rows: ReportRow[] = [];
  const problems: Problem[] = [];
  for (const r of dataRows(table)) {
    const caseId = cellText(r.get('caseId')).trim();
    const warn = (key: ReportKey, message: string): void => {
      problems.push({
        severity: 'warning',
        sheet: REPORT_TAB,
        row: r.rowNumber,
        column: header(key),
        value: cellText(r.get(key)).trim(),
        caseId,
        message,
      });
    };
    const monthParse = parseTargetMonth(r.get('month'));
    const month = monthParse.kind === 'month' ? monthParse.month : null;
    if (monthParse.kind === 'invalid') warn('month', `対象月を読めません。${monthParse.message}`);
    const sharedCell = r.get('sharedDate');
    const parsed = parseDateCell(sharedCell);
    let sharedDate: CalendarDate | null = null;
    if (parsed.kind === 'date') sharedDate = parsed.date;
    else if (parsed.kind === 'invalid')
      warn(
        'sharedDate',
        `${parsed.message}共有した日を日付で入力してください（この行のレポートは共有済みとして扱い、作り直しません）。`,
      );
    const sharedWith: string[] = [];
    const unknown: string[] = [];
    const withCell = r.get('sharedWith');
    if (!isBlankCell(withCell)) {
      for (const part of splitMulti(cellText(withCell))) {
        const canon = canonicalEnum(part, SHARE_PARTIES);
        if (canon === null) unknown.push(part);
        else if (!sharedWith.includes(canon)) sharedWith.push(canon);
      }
    }
    if (unknown.length) {
      const hints = unknown
        .map((u) => {
          const near = nearest(u, SHARE_PARTIES);
          return near ? `「${u}」→「${near}」` : `「${u}」`;
        })
        .join('、');
      warn(
        'sharedWith',
        `共有先に選択肢にない値があります: ${hints}。${SHARE_PARTIES.join('／')}から選び、複数なら「、」で区切ってください。`,
      );
    }
    if (sharedDate && !sharedWith.includes(PERSON)) {
      warn(
        'sharedWith',
        '共有先に「本人」がありません。本人と共有していない支援レポートは、その月の報酬の要件（本人との共有）を満たしません。',
      );
    }
    rows.push({
      rowNumber: r.rowNumber,
      caseId,
      caseKey: normalizeKey(caseId),
      month,
      file: cellText(r.get('file')).trim(),
      sharedDate,
      sharedDateFilled: !isBlankCell(sharedCell),
      sharedWith,
      stamp: cellText(r.get('stamp')).trim(),
    });
  }
  return { table, rows, problems };
}

/** Key of a case and month: normalised ケースID | YYYY-MM. */
export function caseMonthKey(caseId: string, month: YearMonth): string {
  return `${normalizeKey(caseId)}|${formatYearMonth(month)}`;
}

/**
 * The (ケースID, month) pairs whose report was shared with the person: a row of the 支援レポート tab
 * with a 共有日 and 共有先 including 本人. Keys are caseMonthKey's (normalised ケースID | YYYY-MM).
 * `values` is the tab as read (null when there is no such tab: nothing shared).
 */
export function reportsSharedWithPerson(values: readonly (readonly Cell[])[] | null): Set<string> {
  const shared = new Set<string>();
  const table = values ? locateReportTable(values) : null;
  if (!table) return shared;
  for (const row of readReportTab(table).rows) {
    if (row.caseKey && row.month && row.sharedDate && row.sharedWith.includes(PERSON)) {
      shared.add(caseMonthKey(row.caseId, row.month));
    }
  }
  return shared;
}

// ---------------------------------------------------------------------------------------------
// The plan: which drafts to write, which to leave as they are

/** What the adapter finds where a draft is (or would be). */
export interface FoundDraft {
  /** Where it is (a file name, a Doc's ID). */
  readonly ref: string;
  /** What it is now, in the terms of the stamp the product records. */
  readonly stamp: string;
}

export type DraftDecision =
  /** No draft yet: write it and add a row. */
  | { readonly kind: 'create' }
  /** Our draft, untouched: write it again (the log may have grown) and update the row. */
  | { readonly kind: 'regenerate'; readonly previous: FoundDraft | null }
  /** The row has a 共有日: the report is a person's now. */
  | { readonly kind: 'keepShared' }
  /** The draft changed since we wrote it. */
  | { readonly kind: 'keepEdited' }
  /** A file of the name is there but the tab has no row for it: not known to be ours. */
  | { readonly kind: 'keepUnrecorded' }
  /** A file of the name with no row, identical to what we would write: ours (a run cut off before its row). */
  | { readonly kind: 'adopt'; readonly found: FoundDraft };

/** A case in service and what its draft is filled with. */
export interface ReportTarget {
  readonly item: InService<ReportCase>;
  readonly data: ReportData;
}

export interface DraftPlanItem {
  readonly item: InService<ReportCase>;
  readonly data: ReportData;
  readonly fileName: string;
  /** The tab's row for this case and month, when there is one. */
  readonly row: ReportRow | null;
  readonly decision: DraftDecision;
}

export interface DraftFacts {
  /** The draft the row records, as it is now (null: no longer there). */
  recorded(row: ReportRow): FoundDraft | null;
  /** A draft of this name that no row records (null: none). */
  unrecorded(fileName: string): FoundDraft | null;
  /** The stamp the draft would have if written now, when the adapter can tell before writing. */
  wouldBe(fileName: string, data: ReportData): string | null;
  /** Whether a draft of ours that no row records (a run cut off before its row) may be replaced. */
  readonly replacesUnrecorded: boolean;
}

/**
 * Decides, for each case in service, what happens to its draft. A row with anything in 共有日 is never
 * rewritten; nor is a draft whose content differs from the stamp recorded when we wrote it.
 */
export function planDrafts(
  targets: readonly ReportTarget[],
  rows: readonly ReportRow[],
  month: YearMonth,
  facts: DraftFacts,
): DraftPlanItem[] {
  const byKey = new Map<string, ReportRow>();
  for (const r of rows) {
    if (!r.caseKey || !r.month) continue;
    const key = `${r.caseKey}|${formatYearMonth(r.month)}`;
    if (!byKey.has(key)) byKey.set(key, r);
  }
  return targets.map(({ item, data }) => {
    const fileName = reportFileName(item.c.caseId, month);
    const row = byKey.get(caseMonthKey(item.c.caseId, month)) ?? null;
    let decision: DraftDecision;
    if (row) {
      if (row.sharedDateFilled) decision = { kind: 'keepShared' };
      else {
        let now = row.stamp ? facts.recorded(row) : null;
        // A file of the draft's name stands for the recorded one when the row no longer finds it
        // (ファイル cleared or changed): never written over unless it is still what we wrote.
        if (row.stamp && now === null && !facts.replacesUnrecorded) now = facts.unrecorded(fileName);
        if (!row.stamp) {
          // A row staff added themselves (no stamp of ours): a file of the name is theirs.
          decision = facts.unrecorded(fileName) ? { kind: 'keepUnrecorded' } : { kind: 'create' };
        } else if (now === null) decision = { kind: 'regenerate', previous: null };
        else if (now.stamp === row.stamp) decision = { kind: 'regenerate', previous: now };
        else decision = { kind: 'keepEdited' };
      }
    } else {
      const found = facts.unrecorded(fileName);
      if (!found) decision = { kind: 'create' };
      else if (facts.wouldBe(fileName, data) === found.stamp) decision = { kind: 'adopt', found };
      else if (facts.replacesUnrecorded) decision = { kind: 'regenerate', previous: found };
      else decision = { kind: 'keepUnrecorded' };
    }
    return { item, data, fileName, row, decision };
  });
}

/** What the summary says of drafts left as they are (ケースIDs only). */
export function keptLines(plan: readonly DraftPlanItem[]): string[] {
  const ids = (kind: DraftDecision['kind']): string[] =>
    plan.filter((p) => p.decision.kind === kind).map((p) => p.item.c.caseId);
  const lines: string[] = [];
  const shared = ids('keepShared');
  const edited = ids('keepEdited');
  const unrecorded = ids('keepUnrecorded');
  if (shared.length) lines.push(`共有日が入っているため作り直していません（${shared.length}件）: ${shared.join('、')}`);
  if (edited.length)
    lines.push(`作成後に編集されているため作り直していません（${edited.length}件）: ${edited.join('、')}`);
  if (unrecorded.length)
    lines.push(
      `同じ名前のファイルが「${REPORT_TAB}」タブに記録のないまま置かれているため、上書きしていません（${unrecorded.length}件）: ${unrecorded.join('、')}。` +
        '作り直すときは、そのファイルを別の場所へ移してから実行してください。',
    );
  return lines;
}

/**
 * Problems with the placeholders of a template given as its text (a Google Doc's): an unknown name,
 * a loop not closed or closed without opening, a contact field outside a loop, a brace left open.
 * One Japanese line each, naming the placeholder.
 */
export function placeholderProblems(text: string): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  const tags = /\{([^{}]*)\}/g;
  for (let m = tags.exec(text); m; m = tags.exec(text)) {
    const raw = m[1].trim();
    const name = raw.replace(/^[#/]/, '').trim();
    if (raw.startsWith('#')) {
      if (!(LOOP_TAGS as readonly string[]).includes(name))
        problems.push(
          `繰り返し「{#${name}}」は使えません（${LOOP_TAGS.map((t) => `{#${t}}`).join('・')} のどれかにしてください）。`,
        );
      open.push(name);
    } else if (raw.startsWith('/')) {
      if (open[open.length - 1] === name) open.pop();
      else
        problems.push(
          `{/${name}} に対応する {#${name}} がありません。繰り返す範囲の最初に {#${name}} を入れてください。`,
        );
    } else if ((VALUE_TAGS as readonly string[]).includes(name)) {
      continue;
    } else if ((CONTACT_TAGS as readonly string[]).includes(name)) {
      if (open.length === 0) problems.push(`「{${name}}」は繰り返し {#支援記録}…{/支援記録} の中でだけ使えます。`);
    } else if ((LOOP_TAGS as readonly string[]).includes(name)) {
      problems.push(`「{${name}}」は繰り返しの名前です。{#${name}}…{/${name}} の形で使ってください。`);
    } else {
      problems.push(`「{${raw}}」という差し込み項目はありません。`);
    }
  }
  for (const name of open)
    problems.push(
      `繰り返し {#${name}} に対応する {/${name}} がありません。繰り返す範囲の最後に {/${name}} を入れてください。`,
    );
  const rest = text.replace(tags, '');
  const stray = /\{[^{}\n]{0,20}/.exec(rest);
  if (stray)
    problems.push(`「${stray[0]}」の「}」がありません。差し込み項目は {氏名} のように { と } で囲んでください。`);
  return [...new Set(problems)];
}
