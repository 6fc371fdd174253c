// What the follow-up tabs (離職・再就職, 就労確認) share: a row names a case of the ledger by its ケースID.

import { TAB } from './schema';
import { nearest, normalizeKey } from './text';

/** The ledger's ケースIDs by their normalised key (the first spelling of each). */
export function knownCases(caseIds: readonly string[]): Map<string, string> {
  const known = new Map<string, string>();
  for (const id of caseIds) {
    const k = normalizeKey(id);
    if (k && !known.has(k)) known.set(k, id);
  }
  return known;
}

/** What is wrong with a row's ケースID (empty, or not in the ledger, with the nearest one), or null. */
export function caseIdFault(caseId: string, known: ReadonlyMap<string, string>): string | null {
  if (!normalizeKey(caseId)) return `ケースIDが空です。${TAB.ledger}のケースIDを入力してください。`;
  if (known.has(normalizeKey(caseId))) return null;
  const near = nearest(caseId, [...known.values()]);
  return `${TAB.ledger}にないケースIDです。${near ? `「${near}」の誤りではありませんか。` : ''}${TAB.ledger}のケースIDと同じにしてください。`;
}
