// Sending a run's mails in turn, at most once: the caller records every mail as sent before this
// runs, and afterwards keeps in the record only what reached someone.

/** What one send gave: who was reached, and the error of a batch that failed after others went out. */
export interface SendResult {
  readonly sent: readonly unknown[];
  readonly error?: unknown;
}

export interface SentInTurn<T> {
  /** The mails that reached someone (in order). */
  readonly reached: readonly T[];
  /** Mails the quota held back entirely. */
  readonly held: number;
  /** The error that stopped the sending (thrown by a send, or a batch failed part-way). */
  readonly failure: { readonly error: unknown } | null;
}

/**
 * Sends each mail until one fails: a send that throws reached nobody; one whose `sent` is empty was
 * held back by the quota; one with `error` reached some and stops the rest.
 */
export function sendInTurn<T>(mails: readonly T[], send: (mail: T) => SendResult): SentInTurn<T> {
  const reached: T[] = [];
  let held = 0;
  for (const mail of mails) {
    let out: SendResult;
    try {
      out = send(mail);
    } catch (error) {
      return { reached, held, failure: { error } };
    }
    if (out.sent.length === 0) {
      held++;
      continue;
    }
    reached.push(mail);
    if (out.error !== undefined) return { reached, held, failure: { error: out.error } };
  }
  return { reached, held, failure: null };
}
