// 月末確認 mails from the daily run: each 担当者 once a month, the 通知メール送信先 a summary, through
// the batched, quota-checked sender (mail.ts). At most once: everyone planned is recorded in the
// document's properties before the first mail goes out, and those no mail reached (the send threw,
// which MailApp does before sending; the quota held it back; never tried after a failure) are taken
// out again afterwards. So a failure after a mail went out never makes anyone get it twice (at worst
// one is missed), and the ones taken out are tried on the next daily run within the month.

import type { CalendarDate } from '../domain/calendar';
import { sentKey, type MonthEndSent } from '../domain/monthEnd';
import { planMonthEndMails } from '../commands/monthEnd';
import type { WorkbookPort } from '../workbook/port';
import { sendInTurn } from '../commands/shared/mailing';
import { sendToMany } from './mail';

/** Document property: {"month": "YYYY-MM", "sent": [担当者 keys, "" for the summary]}. */
export const MONTH_END_PROPERTY = 'teichaku.monthEnd';

function readSent(stored: string | null): MonthEndSent | null {
  try {
    const v = JSON.parse(stored ?? 'null') as MonthEndSent | null;
    return v && typeof v.month === 'string' && Array.isArray(v.sent) ? v : null;
  } catch {
    return null; // an unreadable record is an empty one
  }
}

/** Sends the month-end mails due today; returns what it did, for the daily outcome and the log. */
export function sendMonthEndMails(
  book: WorkbookPort,
  props: GoogleAppsScript.Properties.Properties,
  today: CalendarDate,
): string {
  // A failing read throws (the run stops, nobody is mailed twice); only an unreadable record is empty.
  const raw = props.getProperty(MONTH_END_PROPERTY);
  const before = readSent(raw);
  const plan = planMonthEndMails(book, today, before);
  if (plan.reason) return plan.reason;
  if (plan.noAddress.length)
    console.warn(`[teichaku] month-end check: no address in 設定 for ${plan.noAddress.length} staff member(s)`);
  if (plan.mails.length === 0) return 'sent 0';
  const month = `${plan.month.y}-${String(plan.month.m).padStart(2, '0')}`;
  const already = before && before.month === month ? before.sent : [];
  const record = (keys: Iterable<string>) => JSON.stringify({ month, sent: [...new Set(keys)] });
  const intended = record([...already, ...plan.mails.map(sentKey)]);
  props.setProperty(MONTH_END_PROPERTY, intended);
  const out = sendInTurn(plan.mails, (mail) => sendToMany(mail.to, { subject: mail.subject, body: mail.body }));
  const reached = [...already, ...out.reached.map(sentKey)];
  const { held, failure } = out;
  const mailed = out.reached.length;
  if (mailed === 0) {
    // Nobody reached: the record goes back to what it was.
    if (raw === null) props.deleteProperty(MONTH_END_PROPERTY);
    else props.setProperty(MONTH_END_PROPERTY, raw);
  } else if (record(reached) !== intended) {
    props.setProperty(MONTH_END_PROPERTY, record(reached));
  }
  if (failure) throw failure.error;
  if (held) console.warn(`[teichaku] month-end check: ${held} mail(s) held back by the daily mail quota`);
  return held ? `sent ${mailed}, held ${held}` : `sent ${mailed}`;
}
