// 未提出のお知らせ: once a month is past its deadline with no valid 活動報告, the daily run mails that
// center once, with its prefilled form link. Off until 設定「未提出のお知らせメール」is する; the
// addresses are the center list's メールアドレス column. Each center and month is mailed at most once
// (the keys sent are kept in the document's property store); a center gets one mail per run listing
// its months. The mail names the center, the months and the link only: never a case.

import { addMonthsToYearMonth, formatSlash, type CalendarDate, type YearMonth } from '../domain/calendar';
import { submissionGrid, submissionInput } from '../domain/submissions';
import type { WorkbookPort } from '../workbook/port';
import { monthLabel, sessionActivity } from './shared/activity';
import { readFormBlock } from './shared/formBlock';
import { sessionSettings, settingsValues } from './shared/ledger';
import { RunSession, sessionOf } from './shared/session';
import { sendInTurn } from './shared/mailing';
import type { CommandContext, PropertyStore, TaskDef, TaskServices } from './types';

/** Months looked back on: a reminder is about the last year, not about a gap of years ago. */
export const REMINDER_MONTHS = 12;

export interface ReminderMail {
  readonly center: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly body: string;
  /** What this mail covers (center|YYYY-MM), to be kept once it is sent. */
  readonly keys: readonly string[];
}

export interface ReminderPlan {
  /** Why nothing is planned ('off', 'no-activity'), or null. */
  readonly reason: string | null;
  readonly mails: readonly ReminderMail[];
  /** Centers with an overdue month but no address in 設定. */
  readonly noAddress: readonly string[];
}

export function reminderKey(center: string, month: YearMonth): string {
  return `${center}|${month.y}-${String(month.m).padStart(2, '0')}`;
}

/** The keys worth keeping: those of the months still looked back on. */
export function currentKeys(keys: readonly string[], today: CalendarDate): string[] {
  const oldest = addMonthsToYearMonth(today, -REMINDER_MONTHS - 1);
  const min = `${oldest.y}-${String(oldest.m).padStart(2, '0')}`;
  return keys.filter((k) => k.slice(k.lastIndexOf('|') + 1) >= min);
}

const ADDRESS = /^[^@\s,]+@[^@\s,]+\.[^@\s,]+$/;

export function planReminders(
  book: WorkbookPort,
  today: CalendarDate,
  sent: ReadonlySet<string>,
  session = new RunSession(book, today),
): ReminderPlan {
  const values = settingsValues(session);
  const settings = sessionSettings(session);
  if (!settings.reminders) return { reason: 'off', mails: [], noAddress: [] };
  const activity = sessionActivity(session);
  if (!activity) return { reason: 'no-activity', mails: [], noAddress: [] };
  const block = readFormBlock(values);
  const months = Array.from({ length: REMINDER_MONTHS }, (_, i) => addMonthsToYearMonth(today, i - REMINDER_MONTHS));
  const grid = submissionGrid(
    submissionInput(activity, settings.centers),
    settings.centers.length,
    months,
    today,
    settings.reportDeadlineDay,
  );
  const mails: ReminderMail[] = [];
  const noAddress: string[] = [];
  settings.centers.forEach((center, i) => {
    const due = months
      .map((month, j) => ({ month, cell: grid[i][j] }))
      .filter((m) => m.cell.state === 'overdue' && !sent.has(reminderKey(center, m.month)));
    if (due.length === 0) return;
    const to = (settings.centerEmails[i] ?? []).filter((a) => ADDRESS.test(a));
    if (to.length === 0) {
      noAddress.push(center);
      return;
    }
    const link = block?.prefilled.get(center) || block?.forms.activity?.publishedUrl || '';
    const list = due.map((m) => `・${monthLabel(m.month)}分（提出期限 ${formatSlash(m.cell.deadline)}）`);
    mails.push({
      center,
      to,
      subject: `【活動報告】${center}: ${due.map((m) => monthLabel(m.month)).join('・')}分の提出のお願い`,
      body: [
        `${center} ご担当者様`,
        '',
        '次の月の活動報告が、提出期限を過ぎてもまだ届いていません。',
        ...list,
        '',
        link
          ? `次のリンクから、センター名を選んだ状態のフォームを開けます。\n${link}`
          : '報告フォームのリンクは事務局にお問い合わせください。',
        '',
        'すでに提出した場合は、件数などにエラーがなかったか事務局にご確認ください。',
        'このメールは定着支援シートが自動で送っています（同じ月について送るのは1回だけです）。',
      ].join('\n'),
      keys: due.map((m) => reminderKey(center, m.month)),
    });
  });
  return { reason: null, mails, noAddress };
}

// ---------------------------------------------------------------------------------------------
// Sending, and the record of what was sent

/** Property holding which center-months were reminded: {"<center>": ["2025-04", …]}. */
export const REMINDED_PROPERTY = 'teichaku.reminded';

/**
 * The center-months reminded so far. A store that cannot be read throws (the run fails and is
 * retried tomorrow); only a damaged record counts as empty (at worst a center is reminded once more).
 */
export function readReminded(props: PropertyStore, raw = props.get(REMINDED_PROPERTY)): Set<string> {
  const sent = new Set<string>();
  try {
    const stored = JSON.parse(raw ?? '{}') as Record<string, string[]>;
    for (const [center, months] of Object.entries(stored)) for (const m of months) sent.add(`${center}|${m}`);
  } catch {
    // a damaged record is an empty one
  }
  return sent;
}

export function writeReminded(props: PropertyStore, keys: readonly string[]): void {
  const byCenter: Record<string, string[]> = {};
  for (const k of keys) {
    const i = k.lastIndexOf('|');
    (byCenter[k.slice(0, i)] ??= []).push(k.slice(i + 1));
  }
  props.set(REMINDED_PROPERTY, JSON.stringify(byCenter));
}

/**
 * Mails each center whose 活動報告 is overdue, once per center and month, through the mail sender
 * (batched and quota-checked in Sheets). A center the quota does not reach waits for tomorrow.
 *
 * At most once: every planned center-month is recorded before the first mail goes out; the months
 * of a mail that reached nobody (the send threw, which MailApp does before sending, or the quota held
 * it back) and of the mails never tried are taken out again afterwards. A failure after a mail went
 * out, or while taking months out, therefore never mails a center twice; at worst a reminder is
 * missed. A send that fails part-way (some addresses reached) keeps that center's months, and the run
 * still ends as failed so the owner is told.
 */
export function sendReminders(ctx: CommandContext, services: TaskServices): string {
  const { properties, mail, log } = services;
  const raw = properties.get(REMINDED_PROPERTY);
  const sent = readReminded(properties, raw);
  const plan = planReminders(ctx.book, ctx.today, sent, sessionOf(ctx));
  if (plan.reason) return plan.reason;
  if (plan.noAddress.length) log(`reminders: no address in 設定 for ${plan.noAddress.length} center(s)`);
  if (plan.mails.length === 0) return 'sent 0';
  const intended = new Set(sent);
  for (const m of plan.mails) m.keys.forEach((k) => intended.add(k));
  writeReminded(properties, currentKeys([...intended], ctx.today));
  const out = sendInTurn(plan.mails, (m) => mail.send(m.to, { subject: m.subject, body: m.body }));
  const reached = new Set(sent);
  for (const m of out.reached) m.keys.forEach((k) => reached.add(k));
  const { held, failure } = out;
  const mailed = out.reached.length;
  if (mailed === 0) {
    // Nobody reached: the record goes back to what it was.
    if (raw === null) properties.delete(REMINDED_PROPERTY);
    else properties.set(REMINDED_PROPERTY, raw);
  } else if (reached.size !== intended.size) {
    writeReminded(properties, currentKeys([...reached], ctx.today));
  }
  if (failure) throw failure.error;
  if (held) log(`reminders: ${held} center(s) held back by the daily mail quota`);
  return held ? `sent ${mailed}, held ${held}` : `sent ${mailed}`;
}

export const reminders: TaskDef = {
  name: 'reminders',
  title: '未提出のお知らせメール',
  run: (ctx, services) => sendReminders(ctx, services),
};
