// Whether OCR'd text contains the text a watch waits for: case and spacing ignored, one misread character allowed per long word.

/** Lower-case letters and digits only: OCR splits and joins words at will, and punctuation is its least reliable output. */
export function compactText(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** How many misread characters a wanted text tolerates: one per word of 6 or more letters ("complete" read as "cornplete"). */
export function allowedErrors(wanted: string): number {
  return words(wanted).filter((w) => w.length >= 6).length;
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/**
 * The fewest edits (insert, delete, substitute) that turn `wanted` into some stretch of `read`
 * (Sellers' approximate substring matching).
 */
export function bestSubstringDistance(wanted: string, read: string): number {
  const m = wanted.length;
  if (m === 0) return 0;
  let previous = new Uint16Array(m + 1);
  let current = new Uint16Array(m + 1);
  for (let i = 0; i <= m; i++) previous[i] = i;
  let best = previous[m];
  for (let j = 1; j <= read.length; j++) {
    current[0] = 0; // a match may start anywhere in `read`
    const c = read.charCodeAt(j - 1);
    for (let i = 1; i <= m; i++) {
      const substitute = previous[i - 1] + (wanted.charCodeAt(i - 1) === c ? 0 : 1);
      current[i] = Math.min(substitute, previous[i] + 1, current[i - 1] + 1);
    }
    if (current[m] < best) best = current[m];
    [previous, current] = [current, previous];
  }
  return best;
}

/** True when the read text contains the wanted text (see compactText / allowedErrors). */
export function textAppears(wanted: string, read: string): boolean {
  const w = compactText(wanted);
  if (w === '') return false;
  const r = compactText(read);
  if (r.includes(w)) return true;
  const allowed = allowedErrors(wanted);
  if (allowed === 0 || bestSubstringDistance(w, r) > allowed) return false;
  // The budget is per word: two misreads in one word and none in the other is not "one per long word".
  return words(wanted).every((word) => (word.length >= 6 ? bestSubstringDistance(word, r) <= 1 : r.includes(word)));
}
