// Folder intake (CLI: teichaku intake <book.xlsx> --from <DIR>): centers that reply in Excel send a
// workbook each; every sheet of it with the 活動報告 (or ケース台帳) headers holds submissions, taken
// with the same checks, supersession and 取り込みエラー as form intake (src/domain/intake.ts).
//
// Taken once: the generated tab 取り込み履歴 lists each file taken by name and content hash
// (SHA-256). A file whose hash is listed (under any name) is not read again; a file whose content
// changed is a new submission. The files themselves are only read (the caller never writes them).
// A row without 提出日時 gets the file's modification time, one without 提出者 the file name, so a
// corrected file sent later supersedes the earlier one month by month.

import { ACTIVITY_COLUMNS, LEDGER_COLUMNS, TAB, DATE_FORMAT, type ActivityKey, type LedgerKey } from '../domain/schema';
import { planActivityIntake, planCaseIntake, detectResponses, type IntakePlan } from '../domain/intake';
import type { Problem } from '../domain/problem';
import { cellText, dataRows, isBlankCell, type HeaderedTable } from '../domain/table';
import { checkCaseRow } from '../domain/validate';
import { formatSlash, tokyoDateAt } from '../domain/calendar';
import type { Cell, SheetContent, WorkbookPort } from '../workbook/port';
import { readTargetActivity } from './shared/activity';
import { hasTab, isGeneratedTab, titleRow, writeGeneratedTab } from './shared/generated';
import { intakeErrorSheet } from './shared/intakeErrors';
import { readLedger, readSettings } from './shared/ledger';
import type { CommandContext, CommandResult } from './types';

/** One file of the folder, as the caller read it. */
export interface SubmittedFile {
  /** The file's name in the folder. */
  readonly name: string;
  /** SHA-256 of its bytes, hex. */
  readonly hash: string;
  /** Modification time, ms since the epoch. */
  readonly modifiedMs: number;
  /** The workbook, or null when it could not be opened (then `openError` says why). */
  readonly book: WorkbookPort | null;
  readonly openError?: string;
}

export interface HistoryEntry {
  readonly name: string;
  readonly hash: string;
  readonly takenAt: string;
  readonly rows: number;
  readonly errors: number;
  readonly note: string;
}

const HISTORY_HEADER = ['ファイル名', '内容のハッシュ（SHA-256）', '取り込み日時', '取り込んだ行数', 'エラー', '内容'];

/** The tab our history is in: 取り込み履歴, or 取り込み履歴（自動） when a user's tab holds the name. */
function historyTab(book: WorkbookPort): string | null {
  for (const name of [TAB.intakeHistory, `${TAB.intakeHistory}（自動）`])
    if (hasTab(book, name) && isGeneratedTab(book, name)) return name;
  return null;
}

/** The files taken so far, as 取り込み履歴 lists them. */
export function readIntakeHistory(book: WorkbookPort): HistoryEntry[] {
  const tab = historyTab(book);
  const values = tab ? book.readSheet(tab) : null;
  if (!values) return [];
  const header = values.findIndex((r) => r[0] === HISTORY_HEADER[0] && r[1] === HISTORY_HEADER[1]);
  if (header < 0) return [];
  return values
    .slice(header + 1)
    .filter((r) => !isBlankCell(r[0] ?? null) && !isBlankCell(r[1] ?? null))
    .map((r) => ({
      name: cellText(r[0]),
      hash: cellText(r[1]),
      takenAt: cellText(r[2] ?? null),
      rows: typeof r[3] === 'number' ? r[3] : Number(cellText(r[3] ?? null)) || 0,
      errors: typeof r[4] === 'number' ? r[4] : Number(cellText(r[4] ?? null)) || 0,
      note: cellText(r[5] ?? null),
    }));
}

/**
 * Whether this content was taken already, under any name: a copy or a renamed file (「あかね園 (1).xlsx」)
 * is the same submission, and taking it again would count as a correction in 提出状況.
 */
export function wasTaken(history: readonly HistoryEntry[], hash: string): boolean {
  return history.some((h) => h.hash === hash);
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** 2021/04/03 09:05:00 in Asia/Tokyo: the form's timestamp shape, which 提出日時 reads. */
export function tokyoStamp(ms: number): string {
  const day = tokyoDateAt(ms);
  const secs = Math.floor(((((ms + 9 * 3600000) % 86400000) + 86400000) % 86400000) / 1000);
  return `${formatSlash(day)} ${pad(Math.floor(secs / 3600))}:${pad(Math.floor(secs / 60) % 60)}:${pad(secs % 60)}`;
}

interface Origin {
  readonly file: number;
  readonly sheet: string;
  readonly row: number;
}

/** Rows of many files as one response table, each row remembering where it came from. */
interface Collected<K extends string> {
  readonly headers: readonly string[];
  readonly keys: readonly K[];
  readonly rows: Cell[][];
  readonly origins: Origin[];
}

function collected<K extends string>(defs: readonly { key: K; header: string }[]): Collected<K> {
  return { headers: defs.map((d) => d.header), keys: defs.map((d) => d.key), rows: [], origins: [] };
}

function asTable<K extends string>(c: Collected<K>, sheet: string): HeaderedTable<K> {
  const columns: Partial<Record<K, number>> = {};
  c.keys.forEach((k, i) => (columns[k] = i));
  return { sheet, headerRow: 1, columns, header: [...c.headers], rows: c.rows, width: c.headers.length };
}

const FOLDER = '提出ファイル';

/** Where a problem of the combined table really is: the file, its sheet and its row. */
function relocate(p: Problem, origins: readonly Origin[], files: readonly SubmittedFile[]): Problem {
  const o = origins[p.row - 2];
  if (!o) return p;
  return { ...p, sheet: `${files[o.file].name}（${o.sheet}）`, row: o.row };
}

function fileProblem(file: SubmittedFile, message: string): Problem {
  return { severity: 'error', sheet: file.name, row: 0, column: '', value: '', caseId: '', message };
}

export function runFolderIntake(ctx: CommandContext, files: readonly SubmittedFile[], nowMs: number): CommandResult {
  const { book, today } = ctx;
  const settings = readSettings(book);
  const history = readIntakeHistory(book);
  // Each content once: not taken before, and only the first of identical files in this folder.
  const fresh = files.filter((f, i) => !wasTaken(history, f.hash) && files.findIndex((g) => g.hash === f.hash) === i);
  const already = files.length - fresh.length;

  const activity = collected(ACTIVITY_COLUMNS);
  const cases = collected(LEDGER_COLUMNS);
  const fileErrors: Problem[] = [];
  const perFile = fresh.map(() => ({ rows: 0, errors: 0, notes: [] as string[] }));

  fresh.forEach((file, fi) => {
    if (!file.book) {
      fileErrors.push(fileProblem(file, file.openError ?? 'Excel ファイル（.xlsx）として開けません。'));
      perFile[fi].errors++;
      perFile[fi].notes.push('開けません');
      return;
    }
    const stamp = tokyoStamp(file.modifiedMs);
    let found = 0;
    for (const sheet of file.book.sheetNames()) {
      const values = file.book.readSheet(sheet);
      const responses = values ? detectResponses(sheet, values) : null;
      if (!responses) continue;
      found++;
      if (responses.kind === 'activity') {
        const t = responses.table;
        const centerOnly = (cells: readonly Cell[]): boolean =>
          cells.every(
            (c, i) => isBlankCell(c) || i === t.columns.center || i === t.columns.month || i === t.columns.submitter,
          );
        for (const row of dataRows(t)) {
          // A row holding only the center and month (and submitter), as the template fills them in
          // beforehand, is no report: a month left blank is not a month of zeros.
          if (centerOnly(row.cells)) continue;
          activity.rows.push(
            ACTIVITY_COLUMNS.map((def) => {
              const v = row.get(def.key);
              if (def.key === 'submittedAt' && isBlankCell(v))
                return isBlankCell(row.get('timestamp')) ? stamp : row.get('timestamp');
              if (def.key === 'submitter' && isBlankCell(v)) return file.name;
              return v;
            }),
          );
          activity.origins.push({ file: fi, sheet, row: row.rowNumber });
        }
      } else {
        for (const row of dataRows(responses.table)) {
          cases.rows.push(LEDGER_COLUMNS.map((def) => row.get(def.key as LedgerKey)));
          cases.origins.push({ file: fi, sheet, row: row.rowNumber });
        }
      }
    }
    if (found === 0) {
      fileErrors.push(
        fileProblem(
          file,
          '活動報告（センター名・対象年月など）またはケース台帳（ケースID など）の見出しがあるシートがありません。teichaku template で作った様式を使ってください。',
        ),
      );
      perFile[fi].errors++;
      perFile[fi].notes.push('見出しなし');
    }
  });

  const plans: { plan: IntakePlan; origins: Origin[] }[] = [];
  if (activity.rows.length) {
    const target = readTargetActivity(book, settings);
    plans.push({
      plan: planActivityIntake(
        asTable(activity, FOLDER) as HeaderedTable<ActivityKey>,
        target,
        settings.centers,
        today,
      ),
      origins: activity.origins,
    });
  }
  if (cases.rows.length) {
    const ledger = readLedger(book);
    const caseIds = dataRows(ledger.table).map((r) => cellText(r.get('caseId')));
    plans.push({
      plan: planCaseIntake(
        asTable(cases, FOLDER) as HeaderedTable<LedgerKey>,
        { table: ledger.table, caseIds },
        (get, row, sheet) => checkCaseRow(get, row, sheet, settings, today).problems,
        today,
        DATE_FORMAT,
      ),
      origins: cases.origins,
    });
  }

  const wroteTabs: string[] = [];
  const notices: string[] = [...settings.problems];
  const errors: Problem[] = [...fileErrors];
  const review: Problem[] = [];
  let taken = 0;
  for (const { plan, origins } of plans) {
    if (plan.createTarget) {
      if (!hasTab(book, plan.target)) book.createSheet(plan.target);
      book.freezeRows(plan.target, 1);
    }
    // The combined table is ours, in memory: only the target's writes are applied, never a file.
    for (const w of plan.writes.filter((w) => w.sheet === plan.target)) {
      book.writeRange(w.sheet, w.row, w.col, w.values, { asText: w.asText, columnFormats: w.columnFormats });
      if (!wroteTabs.includes(w.sheet)) wroteTabs.push(w.sheet);
    }
    const bad = new Set([...plan.errors, ...plan.review].map((p) => p.row));
    origins.forEach((o, i) => {
      if (bad.has(i + 2)) perFile[o.file].errors++;
      else perFile[o.file].rows++;
    });
    errors.push(...plan.errors.map((p) => relocate(p, origins, fresh)));
    review.push(...plan.review.map((p) => relocate(p, origins, fresh)));
    // An identical report already in the tab is not appended twice; no interrupted run to speak of.
    notices.push(...plan.notices.filter((n) => !n.startsWith('前回中断')));
    taken += plan.taken;
  }

  if (fresh.length) {
    const takenAt = tokyoStamp(nowMs);
    const entries: HistoryEntry[] = [
      ...history,
      ...fresh.map((f, i) => ({
        name: f.name,
        hash: f.hash,
        takenAt,
        rows: perFile[i].rows,
        errors: perFile[i].errors,
        note: perFile[i].notes.join('・') || (perFile[i].errors ? `${TAB.intakeErrors}タブ参照` : ''),
      })),
    ];
    const result = writeGeneratedTab(book, TAB.intakeHistory, historySheet(entries, today));
    wroteTabs.push(result.name);
    if (result.notice) notices.push(result.notice);
  }
  if (errors.length || review.length || (fresh.length && hasTab(book, TAB.intakeErrors))) {
    const sheet = intakeErrorSheet(FOLDER, errors, review, today, FOLDER_NOTE);
    const result = writeGeneratedTab(book, TAB.intakeErrors, sheet);
    wroteTabs.push(result.name);
    if (result.notice) notices.push(result.notice);
  }

  const errorRows = errors.length ? new Set(errors.map((p) => `${p.sheet}|${p.row}`)).size : 0;
  const parts = [`${fresh.length}ファイルから${taken}件を取り込みました`];
  if (already) parts.push(`取り込み済みの${already}ファイルは読んでいません`);
  if (errorRows) parts.push(`エラー${errorRows}件（${TAB.intakeErrors}タブ参照）`);
  if (review.length) parts.push(`要確認${review.length}件`);
  return {
    command: 'intake',
    summary: `フォルダの取り込み: ${parts.join('・')}。`,
    notices,
    wroteTabs,
    details: { files: fresh.length, skippedFiles: already, taken, errors: errorRows, review: review.length },
  };
}

const FOLDER_NOTE =
  '提出ファイルは変更していません。直したファイルを同じフォルダに置いて取り込み直すと、内容が変わったファイルだけを新しい提出として取り込みます。';

function historySheet(entries: readonly HistoryEntry[], today: Parameters<typeof titleRow>[1]): SheetContent {
  const values: Cell[][] = [titleRow('取り込み履歴（フォルダから取り込んだ提出ファイル）', today)];
  values.push([
    '同じ名前で同じ内容（ハッシュ）のファイルは二度取り込みません。内容が変わったファイルは新しい提出として取り込み、提出日時の新しい報告が前の報告を置き換えます。この行を消すと、そのファイルは次回もう一度取り込まれます。',
  ]);
  values.push([]);
  values.push([...HISTORY_HEADER]);
  for (const e of entries) values.push([e.name, e.hash, e.takenAt, e.rows, e.errors, e.note || null]);
  return { values, boldRows: [0, 3], frozenRows: 4, asText: true };
}
