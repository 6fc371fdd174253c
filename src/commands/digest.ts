// The daily digest: after the daily refresh, tell the office which cases newly need handover work.
// What changed since the last digest is kept in the document's property store (the list of flagged
// cases, in chunks). Cases are named by ケースID only: a mail leaves the spreadsheet, names must not.

import { formatSlash, type CalendarDate } from '../domain/calendar';
import { TAB } from '../domain/schema';
import { sessionSettings } from './shared/ledger';
import { sessionOf } from './shared/session';
import type { CommandContext, CommandResult, MailOutcome, TaskDef, TaskServices } from './types';

/** One case the handovers command flagged, as it reports them in `details.flagged`. */
export interface FlaggedCase {
  readonly caseId: string;
  readonly flag: string;
}

/** Document-property keys: the chunk count under DIGEST_KEY, the chunks under DIGEST_KEY.0, .1, … */
export const DIGEST_KEY = 'teichaku.digest.flagged';

/**
 * Properties hold at most 9 KB per value; 2,000 characters of mostly-Japanese text stay well under
 * it (3 bytes a character), so a big caseload is split over several keys.
 */
export const CHUNK_CHARS = 2000;

/** Reads `details.flagged` from a handovers result; null when the result has no such list. */
export function flaggedFromDetails(details: unknown): FlaggedCase[] | null {
  if (typeof details !== 'object' || details === null) return null;
  const list = (details as { flagged?: unknown }).flagged;
  if (!Array.isArray(list)) return null;
  const out: FlaggedCase[] = [];
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue;
    const { caseId, flag } = item as { caseId?: unknown; flag?: unknown };
    if (caseId === undefined || caseId === null || String(caseId).trim() === '') continue;
    out.push({ caseId: String(caseId).trim(), flag: flag === undefined || flag === null ? '' : String(flag).trim() });
  }
  return out;
}

const clean = (s: string): string => s.replace(/[\t\r\n]+/g, ' ');

function canonical(list: readonly FlaggedCase[]): FlaggedCase[] {
  const byId = new Map<string, FlaggedCase>();
  for (const c of list) byId.set(clean(c.caseId), { caseId: clean(c.caseId), flag: clean(c.flag) });
  return [...byId.values()].sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
}

/** The properties to set for a list: one count key plus its chunks. */
export function encodeFlagged(list: readonly FlaggedCase[]): Record<string, string> {
  const text = canonical(list)
    .map((c) => `${c.caseId}\t${c.flag}`)
    .join('\n');
  const out: Record<string, string> = {};
  let n = 0;
  for (let i = 0; i < text.length; i += CHUNK_CHARS) out[`${DIGEST_KEY}.${n++}`] = text.slice(i, i + CHUNK_CHARS);
  out[DIGEST_KEY] = String(n);
  return out;
}

/** The list stored by encodeFlagged; null when nothing was ever stored (or the store is damaged). */
export function decodeFlagged(props: Readonly<Record<string, string>>): FlaggedCase[] | null {
  const countText = props[DIGEST_KEY];
  if (countText === undefined) return null;
  const count = Number(countText);
  if (!Number.isInteger(count) || count < 0) return null;
  let text = '';
  for (let i = 0; i < count; i++) {
    const chunk = props[`${DIGEST_KEY}.${i}`];
    if (chunk === undefined) return null;
    text += chunk;
  }
  if (text === '') return [];
  return text.split('\n').map((line) => {
    const tab = line.indexOf('\t');
    return tab < 0 ? { caseId: line, flag: '' } : { caseId: line.slice(0, tab), flag: line.slice(tab + 1) };
  });
}

/** Chunk keys a previous, longer list left behind that the new one does not overwrite. */
export function staleKeys(props: Readonly<Record<string, string>>, next: Readonly<Record<string, string>>): string[] {
  const prefix = `${DIGEST_KEY}.`;
  return Object.keys(props).filter((k) => k.startsWith(prefix) && !(k in next));
}

export interface DigestPlan {
  /** Whether the flagged list differs from the stored one (nothing to do when false). */
  readonly changed: boolean;
  /** Cases flagged now that were not flagged before, or whose flag changed (e.g. 計画 → 共有期限超過). */
  readonly newly: readonly FlaggedCase[];
}

export function planDigest(previous: readonly FlaggedCase[] | null, current: readonly FlaggedCase[]): DigestPlan {
  const now = canonical(current);
  const before = new Map(canonical(previous ?? []).map((c) => [c.caseId, c.flag]));
  const newly = now.filter((c) => before.get(c.caseId) !== c.flag);
  const changed = previous === null || newly.length > 0 || before.size !== now.length;
  return { changed, newly };
}

export interface DigestMail {
  readonly subject: string;
  readonly body: string;
}

/** The digest mail, in Japanese, naming cases by ケースID only. */
export function digestMail(
  newly: readonly FlaggedCase[],
  totalFlagged: number,
  today: CalendarDate,
  url: string | null,
): DigestMail {
  const day = formatSlash(today);
  const lines = [
    `毎日の自動更新（${day}）で、新たに引継ぎの対応が必要になったケースが${newly.length}件あります。`,
    '',
    ...newly.map((c) => `・ケースID ${c.caseId}${c.flag ? `：${c.flag}` : ''}`),
    '',
    `引継ぎの対応が必要なケースは全部で${totalFlagged}件です。詳しくはスプレッドシートの「${TAB.handovers}」タブを確認してください。`,
  ];
  if (url) lines.push(url);
  lines.push(
    '',
    'このメールにはケースIDだけを記載しています（氏名などの個人情報は含めていません）。',
    `配信を止めるには、「${TAB.settings}」タブの「通知メール送信先」を空欄にしてください。`,
  );
  return { subject: `【定着支援】新しい引継ぎ対象 ${newly.length}件（${day}）`, body: lines.join('\n') };
}

/** Recipients that look like mail addresses (the 設定 cell may hold stray words). */
export function validRecipients(list: readonly string[]): string[] {
  return list.filter((s) => /^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$/.test(s));
}

/**
 * Puts the stored list back as it was before `next` was written over it: the keys `next` added are
 * deleted, the ones it changed get their old values.
 */
function restoreFlagged(
  properties: TaskServices['properties'],
  stored: Readonly<Record<string, string>>,
  next: Readonly<Record<string, string>>,
): void {
  const mine = (k: string) => k === DIGEST_KEY || k.startsWith(`${DIGEST_KEY}.`);
  const previous: Record<string, string> = {};
  for (const [k, v] of Object.entries(stored)) if (mine(k)) previous[k] = v;
  if (Object.keys(previous).length > 0) properties.setAll(previous);
  Object.keys(next)
    .filter((k) => !(k in previous))
    .forEach((k) => properties.delete(k));
}

/**
 * Mails the cases flagged since the last digest; returns what it did. When the quota covers nobody,
 * the list stays unsent for tomorrow; when it covers some, they get it, the rest are logged as held back.
 *
 * At most once: the new list is recorded before the mail goes out, and put back only when the send
 * throws having reached nobody (MailApp throws before sending) or the quota holds everyone back. A
 * failure after the mail went out (or while putting the record back) therefore never sends it again;
 * at worst a digest is missed, never doubled. A send that fails half-way (a later batch of 50) keeps
 * the record, since some were reached, and the run still ends as failed so the owner is told.
 */
export function sendDigest(ctx: CommandContext, services: TaskServices, handovers: CommandResult | undefined): string {
  if (!handovers) return 'not-run';
  const recipients = validRecipients(sessionSettings(sessionOf(ctx)).digestTo);
  if (recipients.length === 0) return 'no-recipients';
  const current = flaggedFromDetails(handovers.details);
  if (current === null) return 'no-flag-list';
  const { properties, mail } = services;
  const stored = properties.all();
  const plan = planDigest(decodeFlagged(stored), current);
  if (!plan.changed) return 'unchanged';
  const next = encodeFlagged(current);
  if (plan.newly.length === 0) {
    properties.setAll(next);
    staleKeys(stored, next).forEach((k) => properties.delete(k));
    return 'stored';
  }
  const m = digestMail(plan.newly, current.length, ctx.today, services.url);
  const body = services.notice ? `${m.body}\n\n※${services.notice}` : m.body;
  properties.setAll(next);
  let sent: MailOutcome;
  try {
    staleKeys(stored, next).forEach((k) => properties.delete(k));
    sent = mail.send(recipients, { subject: m.subject, body });
  } catch (err) {
    restoreFlagged(properties, stored, next);
    throw err;
  }
  if (sent.sent.length === 0) {
    restoreFlagged(properties, stored, next);
    services.log('digest not sent: daily mail quota used up');
    return 'no-quota';
  }
  if (sent.heldBack.length > 0) {
    services.log(
      `digest sent to ${sent.sent.length} recipients; ${sent.heldBack.length} ${sent.error ? 'not reached (a later batch failed)' : 'held back by the daily mail quota'}`,
    );
  }
  if (sent.error) throw sent.error;
  return sent.heldBack.length > 0 ? 'partial' : 'sent';
}

export const digest: TaskDef = {
  name: 'digest',
  title: '通知メール',
  run: (ctx, services, results) => sendDigest(ctx, services, results.get('handovers')),
};
