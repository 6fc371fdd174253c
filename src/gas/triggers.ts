// Installable triggers in a spreadsheet shared by several editors. A trigger belongs to the user who
// made it and ScriptApp.getProjectTriggers() lists only the current user's
// (https://developers.google.com/apps-script/reference/script/script-app#getProjectTriggers()), so
// one editor cannot see, reuse or delete another's. Who installed each of ours is therefore recorded
// in the document properties (everyone with edit access reads the same store): a second editor is
// told who has it instead of making a duplicate, and a run of any trigger that is not the recorded
// one does nothing (the event's triggerUid says which trigger fired; see the event-objects guide,
// https://developers.google.com/apps-script/guides/triggers/events).

/** Document property holding who installed the trigger of `handler`. */
export function ownerKey(handler: string): string {
  return `teichaku.trigger.${handler}`;
}

export interface TriggerRecord {
  /** The installing user's address; '' when Apps Script does not reveal it (Session: blank string). */
  readonly owner: string;
  /** Trigger.getUniqueId() of the recorded trigger. */
  readonly id: string;
}

type Properties = GoogleAppsScript.Properties.Properties;
type Trigger = GoogleAppsScript.Script.Trigger;

/** The user the script runs as (who would own a trigger made now); '' when not revealed. */
export function currentUser(): string {
  try {
    return Session.getEffectiveUser().getEmail() || '';
  } catch {
    return '';
  }
}

/** How an owner is named in a message: the address, or a plain phrase when it is not known. */
export function ownerLabel(owner: string): string {
  return owner ? `${owner} さん` : '別の編集者';
}

export function readRecord(props: Properties, handler: string): TriggerRecord | null {
  const raw = props.getProperty(ownerKey(handler));
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<TriggerRecord>;
    if (typeof parsed.id !== 'string') return null;
    return { owner: typeof parsed.owner === 'string' ? parsed.owner : '', id: parsed.id };
  } catch {
    return null;
  }
}

function writeRecord(props: Properties, handler: string, record: TriggerRecord): void {
  props.setProperty(ownerKey(handler), JSON.stringify(record));
}

/** This user's triggers for `handler`. */
export function ownTriggers(handler: string): Trigger[] {
  return ScriptApp.getProjectTriggers().filter((t) => t.getHandlerFunction() === handler);
}

export type InstallOutcome =
  | { readonly status: 'created' }
  | { readonly status: 'already-mine' }
  | { readonly status: 'held-by-other'; readonly owner: string };

/**
 * Installs the trigger of `handler` for the current user, unless this user already has one (kept
 * to exactly one) or the record names another user's (`takeOver` false). With `takeOver` the new
 * trigger becomes the recorded one and the other user's trigger, still firing, does nothing.
 */
export function installOwnTrigger(
  props: Properties,
  handler: string,
  create: () => Trigger,
  takeOver = false,
): InstallOutcome {
  const mine = ownTriggers(handler);
  const record = readRecord(props, handler);
  const me = currentUser();
  if (mine.length > 0) {
    mine.slice(1).forEach((t) => ScriptApp.deleteTrigger(t));
    const id = mine[0].getUniqueId();
    if (!record || record.id !== id) {
      if (record && !takeOver) return { status: 'held-by-other', owner: record.owner };
      writeRecord(props, handler, { owner: me, id });
    } else if (record.owner === '' && me !== '') {
      // Recorded by a run that could not learn who it ran as (Session failed): named now.
      writeRecord(props, handler, { owner: me, id });
    }
    return { status: 'already-mine' };
  }
  // A record of this user's own with no trigger left (deleted on the Triggers page) is stale.
  if (record && !takeOver && !(me !== '' && record.owner === me))
    return { status: 'held-by-other', owner: record.owner };
  const trigger = create();
  writeRecord(props, handler, { owner: me, id: trigger.getUniqueId() });
  return { status: 'created' };
}

export type RemoveOutcome =
  | { readonly status: 'removed' }
  | { readonly status: 'none' }
  | { readonly status: 'held-by-other'; readonly owner: string };

/** Removes the current user's triggers of `handler` (and the record, when it was theirs). */
export function removeOwnTrigger(props: Properties, handler: string): RemoveOutcome {
  const mine = ownTriggers(handler);
  const record = readRecord(props, handler);
  const ids = new Set(mine.map((t) => t.getUniqueId()));
  // The record goes first: a failure after it leaves only triggers of this user's, which the next
  // removal finds; a record left behind could name no one (owner unknown) and block it.
  if (record && ids.has(record.id)) props.deleteProperty(ownerKey(handler));
  mine.forEach((t) => ScriptApp.deleteTrigger(t));
  if (mine.length > 0) return { status: 'removed' };
  if (record && record.owner !== '' && record.owner === currentUser()) {
    props.deleteProperty(ownerKey(handler));
    return { status: 'none' };
  }
  if (record) return { status: 'held-by-other', owner: record.owner };
  return { status: 'none' };
}

/**
 * Whether a trigger run should do its work: yes unless the record names another trigger than the
 * one that fired (a duplicate another editor made, or one replaced by a take-over). A run without a
 * triggerUid (started by hand from the editor) always works.
 */
export function isRecordedRun(props: Properties, handler: string, e: unknown): boolean {
  const uid = typeof e === 'object' && e !== null ? (e as { triggerUid?: unknown }).triggerUid : undefined;
  if (uid === undefined || uid === null || uid === '') return true;
  const record = readRecord(props, handler);
  return record === null || record.id === String(uid);
}
