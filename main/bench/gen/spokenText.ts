// Word lists and phrasings the speech suites draw from: user monologue sentences, numbers in words, content the assistant is asked to say.

import type { SampleRandom } from './sampleRandom';

/**
 * Everyday sentences the user says into the mic while the assistant waits for its moment. A sample only
 * uses sentences that contain none of its keywords (`sentencesWithout`), so a model cannot pass by
 * echoing the user.
 */
export const MONOLOGUE_SENTENCES = [
  'So I was thinking we could push the planning session to Thursday because half the team is away this week',
  'The weather has been really strange lately and I never know whether to bring a jacket or not',
  'My neighbour finally finished painting his fence and honestly it looks much better than before',
  'I read an article this morning about how people remember names better when they repeat them out loud',
  'We should probably order more printer paper before the end of the month if nobody else has done it',
  'Yesterday the train was twenty minutes late and everyone on the platform looked completely exhausted',
  'I keep meaning to learn how to make bread at home but I never seem to find a free afternoon',
  'The new library downtown has a quiet room on the third floor that almost nobody knows about',
  'If the numbers look good on Monday we can share the draft with the rest of the group',
  'My brother says the mountain trail is easier in the autumn when the paths are dry and firm',
  'I think the blue notebook is somewhere in the kitchen drawer next to the spare batteries',
  'Honestly the best part of the trip was the little bakery near the harbour where we had breakfast',
  'Remember that the building entrance will be closed for repairs all of next week',
  'I tried the new coffee place around the corner and the service was friendly but very slow',
  'The presentation went fine although the projector kept flickering during the second half',
  'We could invite everyone over on Saturday evening and cook something simple together',
  'My phone battery has been draining much faster ever since the last update came out',
  'The museum has a special exhibition about old maps that runs until the middle of spring',
] as const;

/**
 * Lower case, split on anything that is not a letter or digit (apostrophes are dropped first, so
 * "don't" → "dont"), empty pieces removed: `"Switch!"` → `["switch"]`.
 */
export function normalizedWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** The sentences that do not contain any of the words (compared as normalized whole words). */
export function sentencesWithout(sentences: readonly string[], words: readonly string[]): string[] {
  const banned = new Set(words.map((w) => w.toLowerCase()));
  return sentences.filter((sentence) => !normalizedWords(sentence).some((w) => banned.has(w)));
}

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** 0–99 in words: 45 → "forty-five". */
export function numberInWords(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) throw new RangeError(`numberInWords covers 0–99, got ${n}`);
  if (n < 20) return ONES[n];
  const ones = n % 10;
  return ones === 0 ? TENS[n / 10] : `${TENS[Math.floor(n / 10)]}-${ONES[ones]}`;
}

/** A delay as a person types it: 20 → "20 seconds" or "twenty seconds"; 90 → "a minute and a half", … */
export function delayInWords(seconds: number, rng: SampleRandom): string {
  const options: string[] = [];
  if (seconds === 60) options.push('a minute', '1 minute', 'one minute', '60 seconds');
  else if (seconds === 90) options.push('90 seconds', 'a minute and a half', 'one and a half minutes');
  else if (seconds === 120) options.push('2 minutes', 'two minutes');
  else if (seconds > 60 && seconds < 120) options.push(`${seconds} seconds`, `a minute and ${seconds - 60} seconds`);
  else if (seconds < 60) options.push(`${seconds} seconds`, `${numberInWords(seconds)} seconds`);
  else throw new RangeError(`no phrasing for a delay of ${seconds} s`);
  return rng.pick(options);
}

/** "every 30 seconds", "every half minute", … */
export function periodInWords(seconds: number, rng: SampleRandom): string {
  const options = [`every ${seconds} seconds`, `every ${numberInWords(seconds)} seconds`];
  if (seconds === 30) options.push('every half minute');
  return rng.pick(options);
}

/** Something the assistant is asked to say, and the words that must be in what it says. */
export interface ContentItem {
  text: string;
  keywords: string[];
}

/** Words to say ("say switch"): short cue words a coach or a game would use. */
export const SAY_WORDS: readonly ContentItem[] = [
  { text: 'switch', keywords: ['switch'] },
  { text: 'go', keywords: ['go'] },
  { text: 'next', keywords: ['next'] },
  { text: 'breathe', keywords: ['breathe'] },
  { text: 'swap sides', keywords: ['swap', 'sides'] },
  { text: 'flip', keywords: ['flip'] },
  { text: 'rotate', keywords: ['rotate'] },
  { text: 'drink', keywords: ['drink'] },
  { text: 'rest', keywords: ['rest'] },
  { text: 'faster', keywords: ['faster'] },
];

/** Tasks to be reminded of; the keywords are what any wording of the reminder keeps ("your legs" for "my legs"). */
export const REMINDER_TASKS: readonly ContentItem[] = [
  { text: 'check the oven', keywords: ['check', 'oven'] },
  { text: 'take the pasta off the stove', keywords: ['pasta', 'stove'] },
  { text: 'call Sam back', keywords: ['call', 'sam'] },
  { text: 'stretch my legs', keywords: ['stretch', 'legs'] },
  { text: 'send the report', keywords: ['send', 'report'] },
  { text: 'water the plants', keywords: ['water', 'plants'] },
  { text: 'feed the cat', keywords: ['feed', 'cat'] },
  { text: 'move the car', keywords: ['move', 'car'] },
  { text: 'take my medicine', keywords: ['medicine'] },
  { text: 'flip the pancakes', keywords: ['flip', 'pancakes'] },
  { text: 'join the meeting', keywords: ['join', 'meeting'] },
  { text: 'switch the laundry', keywords: ['switch', 'laundry'] },
];
