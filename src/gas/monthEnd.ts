// 月末確認 mails from the daily run: each 担当者 once a month, the 通知メール送信先 a summary, through
// the batched, quota-checked sender (mail.ts). Who was mailed is kept in the document's properties
// after each mail, so a later failure (MailApp throws, the quota runs out) never makes anyone get it
// twice: the ones not reached are tried on the next daily run within the month.

import type { CalendarDate } from '../domain/calendar';
import { sentKey, type MonthEndSent } from '../domain/monthEnd';
import { planMonthEndMails } from '../commands/monthEnd';
import type { WorkbookPort } from '../workbook/port';
import { sendToMany } from './mail';

/** Document property: {"month": "YYYY-MM", "sent": [担当者 keys, "" for the summary]}. */
export const MONTH_END_PROPERTY = 'teichaku.monthEnd';

function readSent(props: GoogleAppsScript.Properties.Properties): MonthEndSent | null {
  // A failing read throws (the run stops, nobody is mailed twice); only an unreadable record is empty.
  const stored = props.getProperty(MONTH_END_PROPERTY);
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
  const before = readSent(props);
  const plan = planMonthEndMails(book, today, before);
  if (plan.reason) return plan.reason;
  if (plan.noAddress.length)
    console.warn(`[teichaku] month-end check: no address in 設定 for ${plan.noAddress.length} staff member(s)`);
  const month = `${plan.month.y}-${String(plan.month.m).padStart(2, '0')}`;
  const sent = new Set(before && before.month === month ? before.sent : []);
  let mailed = 0;
  let held = 0;
  for (const mail of plan.mails) {
    const out = sendToMany(mail.to, { subject: mail.subject, body: mail.body });
    if (out.sent.length === 0) {
      held++;
      continue;
    }
    mailed++;
    sent.add(sentKey(mail));
    props.setProperty(MONTH_END_PROPERTY, JSON.stringify({ month, sent: [...sent] }));
  }
  if (held) console.warn(`[teichaku] month-end check: ${held} mail(s) held back by the daily mail quota`);
  return held ? `sent ${mailed}, held ${held}` : `sent ${mailed}`;
}
