// Mail to many recipients within Apps Script's limits. The quotas page
// (https://developers.google.com/apps-script/guides/services/quotas) allows at most 50 recipients
// per message, and MailApp.getRemainingDailyQuota() counts recipients left for the day (not
// messages): so one message per batch of ≤ 50, the quota asked before each batch, and whoever the
// quota no longer covers is held back and reported. A batch that fails after earlier batches went
// out does not throw away what was done: the outcome names who was reached and carries the error, so
// the caller records exactly those and still reports the failure.

/** Recipients per message (quotas page: "Email recipients per message: 50"). */
export const MAX_RECIPIENTS_PER_MESSAGE = 50;

export interface MailMessage {
  readonly subject: string;
  readonly body: string;
}

export interface MailBatchOutcome {
  /** Recipients a message went to, in the order given. */
  readonly sent: string[];
  /** Recipients the day's quota did not cover: nothing was sent to them. */
  readonly heldBack: string[];
  /** Messages sent (one per batch). */
  readonly messages: number;
  /**
   * The error that stopped a later batch after at least one batch went out; everyone after `sent`
   * (the failed batch and the rest) is in `heldBack`. When the first batch fails, sendToMany throws.
   */
  readonly error?: unknown;
}

/**
 * Sends one message to each batch of at most 50 recipients (duplicates dropped), asking the
 * remaining daily quota before each batch; a batch the quota does not fully cover is cut to what
 * it covers, and everyone after is held back.
 */
export function sendToMany(recipients: readonly string[], message: MailMessage): MailBatchOutcome {
  const queue = [...new Set(recipients.map((r) => r.trim()).filter((r) => r !== ''))];
  const sent: string[] = [];
  let messages = 0;
  while (queue.length > 0) {
    try {
      const quota = MailApp.getRemainingDailyQuota();
      const size = Math.min(MAX_RECIPIENTS_PER_MESSAGE, quota, queue.length);
      if (size <= 0) break;
      const batch = queue.slice(0, size);
      MailApp.sendEmail({ to: batch.join(','), subject: message.subject, body: message.body });
      queue.splice(0, size);
      sent.push(...batch);
      messages++;
    } catch (error) {
      // Nothing reached yet: the caller sees the failure as it is. Some reached: say who, and why not the rest.
      if (sent.length === 0) throw error;
      return { sent, heldBack: queue, messages, error };
    }
  }
  return { sent, heldBack: queue, messages };
}
