// Text normalisation for matching what users type against the names we know.

/** NFKC (full-width → half-width, compatibility forms) with every kind of space removed. */
export function normalizeKey(text: string): string {
  return text.normalize('NFKC').replace(/[\s\u3000]+/g, '');
}

/** Center names also ignore the middle dot (・, ･ and its NFKC form). */
export function normalizeCenter(text: string): string {
  return normalizeKey(text).replace(/[・･·]/g, '');
}

/** Levenshtein distance, for suggesting the nearest known name. */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The candidate nearest to `text` (after `norm`), or null when nothing is reasonably close. */
export function nearest(
  text: string,
  candidates: readonly string[],
  norm: (s: string) => string = normalizeKey,
): string | null {
  const t = norm(text);
  // Nothing sensible is near a long text, and edit distance is quadratic: don't spend time on it.
  if (t.length > 64) return null;
  let best: string | null = null;
  let bestScore = Infinity;
  for (const c of candidates) {
    const n = norm(c);
    let score = editDistance(t, n);
    if (t.length > 0 && (n.includes(t) || t.includes(n))) score = Math.min(score, 1);
    if (score < bestScore) {
      bestScore = score;
      best = c;
    }
  }
  if (best === null) return null;
  // Half the name may be wrong (at least one character): "あかねえん" is near "あかね園", "うつ" not near "身体".
  return bestScore <= Math.max(1, Math.floor(norm(best).length / 2)) ? best : null;
}
