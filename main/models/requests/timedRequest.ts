// Understands timed requests typed or spoken to the assistant ("remind me in 3 minutes to check the oven", "say go every 30 seconds until I say stop", "stop", "count my squats") as intents the interaction model turns into engine requests.

/** Shortest delay or period the assistant accepts: anything sooner is not a timer anyone can hear. */
export const MIN_TIMER_MS = 1000;
/** Longest delay or period: a session-held timer is for the next hours, not for next year. */
export const MAX_TIMER_MS = 24 * 60 * 60 * 1000;
/** Said (with the reason first) when a request's time is outside [MIN_TIMER_MS, MAX_TIMER_MS]. */
export const TIMER_RANGE_SENTENCE = 'I can set timers from 1 second to 24 hours.';

/**
 * What a request asks for.
 * - `timer`: in `delayMs` say `say` (and then every `repeatEveryMs`, until a stop, when it repeats). `label` is
 *   the content (what the UI lists: "check the oven", "switch"); `style` how it was asked: `say` (say these
 *   words), `remind` (remind me to …), `elapsed` (tell me when the time has passed). `timePhrase` is the time as
 *   the user put it ("in 3 minutes"), for acknowledgements.
 * - `stop_repeating`: "stop", "that's enough": stop the repeating timers.
 * - `cancel_timers`: "cancel the reminder": cancel every pending timer.
 * - `start_counting` / `stop_counting`: "count my squats" / "stop counting"; `exercise` is what is counted as
 *   the user named it ("squats", "jumping jacks"), "repetitions" when they named nothing.
 * - `rejected`: a timer the assistant cannot set; `reason` is the sentence to say.
 */
export type TimedIntent =
  | {
      kind: 'timer';
      delayMs: number;
      repeatEveryMs?: number;
      label: string;
      say: string;
      style: 'say' | 'remind' | 'elapsed';
      timePhrase: string;
    }
  | { kind: 'stop_repeating' }
  | { kind: 'cancel_timers' }
  | { kind: 'start_counting'; exercise: string }
  | { kind: 'stop_counting' }
  | { kind: 'rejected'; reason: string };

// ---- numbers and durations ----

const SMALL_NUMBERS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };

const UNIT_MS: Record<string, number> = {
  ms: 1, millisecond: 1, milliseconds: 1,
  s: 1000, sec: 1000, secs: 1000, second: 1000, seconds: 1000,
  m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
  w: 604_800_000, wk: 604_800_000, week: 604_800_000, weeks: 604_800_000,
  month: 2_592_000_000, months: 2_592_000_000,
  y: 31_536_000_000, yr: 31_536_000_000, yrs: 31_536_000_000, year: 31_536_000_000, years: 31_536_000_000,
};

/** A number read at token `at`: digits ("45", "-5", "1.5") or words ("forty-five" arrives as "forty five", "a", "a hundred and twenty"). */
function readNumber(tokens: readonly string[], at: number): { value: number; next: number } | null {
  let i = at;
  let sign = 1;
  if (tokens[i] === 'minus' || tokens[i] === 'negative') {
    sign = -1;
    i++;
  }
  const token = tokens[i];
  if (token === undefined) return null;
  if (/^[-+]?\d+(\.\d+)?$/.test(token)) return { value: sign * Number(token), next: i + 1 };
  if ((token === 'a' || token === 'an') && sign === 1) {
    if (tokens[i + 1] === 'couple') return { value: 2, next: tokens[i + 2] === 'of' ? i + 3 : i + 2 };
    if (tokens[i + 1] === 'hundred') return readHundreds(tokens, i + 2, 1);
    return { value: 1, next: i + 1 };
  }
  let value: number | null = null;
  if (token in SMALL_NUMBERS) {
    value = SMALL_NUMBERS[token];
    i++;
  } else if (token in TENS) {
    value = TENS[token];
    i++;
    const ones = tokens[i];
    if (ones !== undefined && ones in SMALL_NUMBERS && SMALL_NUMBERS[ones] > 0 && SMALL_NUMBERS[ones] < 10) {
      value += SMALL_NUMBERS[ones];
      i++;
    }
  }
  if (value === null) return null;
  if (tokens[i] === 'hundred') return readHundreds(tokens, i + 1, sign * value);
  return { value: sign * value, next: i };
}

/** "(two) hundred (and) twenty": the part after "hundred". An article there starts something else ("a hundred and a half"), never a number. */
function readHundreds(tokens: readonly string[], at: number, hundreds: number): { value: number; next: number } {
  const base = hundreds * 100;
  const from = tokens[at] === 'and' ? at + 1 : at;
  const rest = tokens[from] === 'a' || tokens[from] === 'an' ? null : readNumber(tokens, from);
  if (rest && rest.value > 0 && rest.value < 100) return { value: base + rest.value, next: rest.next };
  return { value: base, next: at };
}

/** Whether tokens from `at` read "and a half" (or "and one half"). */
function andAHalf(tokens: readonly string[], at: number): boolean {
  return tokens[at] === 'and' && (tokens[at + 1] === 'a' || tokens[at + 1] === 'one') && tokens[at + 2] === 'half';
}

/** One "number unit" part of a duration: "20 seconds", "a minute and a half", "one and a half minutes", "half an hour". */
function readDurationPart(tokens: readonly string[], at: number): { ms: number; next: number } | null {
  // "half a minute", "half an hour", "every half minute"
  if (tokens[at] === 'half') {
    const article = tokens[at + 1] === 'a' || tokens[at + 1] === 'an' ? 1 : 0;
    const unit = tokens[at + 1 + article];
    if (unit !== undefined && unit.length > 1 && unit in UNIT_MS) return { ms: UNIT_MS[unit] / 2, next: at + 2 + article };
  }
  // "a quarter of an hour", "a quarter hour", "three quarters of an hour"
  const quarter = readQuarter(tokens, at);
  if (quarter) return quarter;
  const number = readNumber(tokens, at);
  if (!number) {
    // "every minute", "every second": the unit alone means one of it (only after "every", checked by the caller).
    return null;
  }
  let value = number.value;
  let i = number.next;
  if (andAHalf(tokens, i)) {
    value += 0.5;
    i += 3;
  }
  const unit = tokens[i];
  if (unit === undefined || !(unit in UNIT_MS)) return null;
  // A lone letter is a unit only right after digits ("30 s"), never after a number word ("a m…").
  if (unit.length === 1 && !/\d/.test(tokens[number.next - 1] ?? '')) return null;
  i++;
  let ms = value * UNIT_MS[unit];
  if (andAHalf(tokens, i)) {
    ms += UNIT_MS[unit] / 2;
    i += 3;
  }
  return { ms, next: i };
}

function readQuarter(tokens: readonly string[], at: number): { ms: number; next: number } | null {
  let i = at;
  let quarters = 1;
  if (tokens[i] === 'a') i++;
  else if (tokens[i] === 'three' && tokens[i + 1] === 'quarters') {
    quarters = 3;
    i++;
  }
  if (tokens[i] !== 'quarter' && tokens[i] !== 'quarters') return null;
  i++;
  if (tokens[i] === 'of' && (tokens[i + 1] === 'an' || tokens[i + 1] === 'a')) i += 2;
  if (tokens[i] !== 'hour') return null;
  return { ms: quarters * 15 * 60_000, next: i + 1 };
}

/** A whole duration from token `at`: parts joined by "and" or nothing ("1 minute and 30 seconds", "2 minutes 10 seconds"). */
export function readDuration(tokens: readonly string[], at: number): { ms: number; next: number } | null {
  const first = readDurationPart(tokens, at);
  if (!first) return null;
  let { ms, next } = first;
  for (;;) {
    const joined = tokens[next] === 'and' ? next + 1 : next;
    const more = readDurationPart(tokens, joined);
    // Only a smaller unit continues a duration ("a minute and 15 seconds"), so "in 5 minutes and 10 minutes later" does not add up.
    if (!more || more.ms >= ms || more.ms <= 0) break;
    ms += more.ms;
    next = more.next;
  }
  return { ms, next };
}

// ---- the text ----

/** Typographic quotes made plain, "forty-five" split into words (a leading "-5" kept), "30s" split into "30 s"; case kept for the content ("call Sam back"). */
function tokenize(text: string): string[] {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/(\d)([a-z])/gi, '$1 $2')
    .replace(/([a-z])-(?=[a-z])/gi, '$1 ')
    .replace(/[^a-z0-9.'"\s+-]|(?<!\d)\.|\.(?!\d)/gi, ' ')
    .replace(/(?<![\s]|^)[-+](?=\d)/g, ' ')
    .split(/\s+/)
    .filter((token) => token !== '');
}

/** Tokens without quotes and in lower case, for matching words. */
const bare = (token: string): string => token.replace(/^['"]+|['"]+$/g, '').toLowerCase();

interface TimeSpan {
  /** First and past-the-end token of the whole time phrase (anchor word included). */
  from: number;
  to: number;
  ms: number;
  repeating: boolean;
  /** "tell me when 10 minutes have passed" */
  elapsed: boolean;
}

const ELAPSED_VERBS = new Set(['passed', 'gone', 'elapsed', 'up', 'over', 'done']);

/** Finds the time phrase of a request: "in D", "after D", "wait D", "D from now", "every D", "when D have passed", "for D" (with "timer"). */
function findTimeSpan(tokens: readonly string[]): TimeSpan | null {
  const words = tokens.map(bare);
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word === 'every' || word === 'each') {
      const duration = readDuration(words, i + 1) ?? unitAlone(words, i + 1);
      if (duration) return { from: i, to: duration.next, ms: duration.ms, repeating: true, elapsed: false };
    }
    if (word === 'when' || word === 'once' || word === 'after' || word === 'in' || word === 'wait' || word === 'for') {
      const duration = readDuration(words, i + 1);
      if (!duration) continue;
      let to = duration.next;
      // "when 10 minutes have passed", "once 5 minutes are up"
      if ((word === 'when' || word === 'once') && ['have', 'has', 'are', 'is'].includes(words[to]) && ELAPSED_VERBS.has(words[to + 1])) {
        return { from: i, to: to + 2, ms: duration.ms, repeating: false, elapsed: true };
      }
      if (word === 'when' || word === 'once') continue;
      if (word === 'for' && !words.some((w) => w === 'timer' || w === 'alarm')) continue;
      if (words[to] === 'time' || (words[to] === 'from' && words[to + 1] === 'now')) to += words[to] === 'time' ? 1 : 2;
      return { from: i, to, ms: duration.ms, repeating: false, elapsed: false };
    }
    // "20 seconds from now say switch"
    const duration = readDuration(words, i);
    if (duration && words[duration.next] === 'from' && words[duration.next + 1] === 'now') {
      return { from: i, to: duration.next + 2, ms: duration.ms, repeating: false, elapsed: false };
    }
  }
  return null;
}

/** "every minute", "every second", "every hour": the unit alone is one of it. */
function unitAlone(words: readonly string[], at: number): { ms: number; next: number } | null {
  const unit = words[at];
  if (unit === undefined || unit.length < 3 || !(unit in UNIT_MS) || unit.endsWith('s')) return null;
  return { ms: UNIT_MS[unit], next: at + 1 };
}

/** Words that only frame a request and never belong to its content. */
const UNTIL_STOP = /\b(until|till|til)\s+i\s+(say|tell\s+you\s+(to\s+)?)\s*(to\s+)?stop\b|\b(until|till|til)\s+i\s+say\s+so\b/gi;

function cleanContent(text: string): string {
  return text
    .replace(/^[\s,;:.!?'"-]+|[\s,;:.!?'"-]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "stretch my legs" → "stretch your legs": the reminder is said back to the user. */
function toSecondPerson(text: string): string {
  const swaps: Record<string, string> = { my: 'your', me: 'you', i: 'you', mine: 'yours', myself: 'yourself', am: 'are', "i'm": "you're" };
  return text.replace(/\b(my|me|i|mine|myself|am|i'm)\b/gi, (word) => swaps[word.toLowerCase()] ?? word);
}

/** "switch" → "Switch!", "check the oven" (reminder) → "Time to check the oven." */
function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** 90 000 → "1 minute and 30 seconds" (whole seconds; below a second, in milliseconds). */
export function describeDuration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.round(ms);
  for (const [unit, size] of [['hour', 3_600_000], ['minute', 60_000], ['second', 1000]] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count} ${unit}${count === 1 ? '' : 's'}`);
    rest -= count * size;
  }
  if (parts.length === 0) return `${Math.round(ms)} milliseconds`;
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

// ---- commands without a time ----

const POLITE = String.raw`(?:(?:ok|okay|alright|all right|thanks|thank you|please|now|right|you can|can you|could you|would you|hey|and|just)\s+)*`;
const POLITE_END = String.raw`(?:\s+(?:please|now|thanks|thank you|then|already))*`;
const STOP_RE = new RegExp(`^${POLITE}(?:stop(?: it| that| now| repeating| saying (?:it|that))?|(?:that'?s|thats) enough|enough|you can stop|be quiet|quiet)${POLITE_END}$`);
const CANCEL_RE = new RegExp(
  `^${POLITE}(?:cancel|delete|remove|clear|forget(?: about)?|never ?mind|drop)\\s+(?:the |my |that |this |all(?: the| my)? |all of my |every )?(?:reminders?|timers?|alarms?)(?: too| as well)?${POLITE_END}$`,
);
const STOP_COUNTING_RE = new RegExp(`^${POLITE}(?:stop|quit|end|finish)\\s+counting(?:\\s.*)?$`);
const START_COUNTING_RE = new RegExp(`^${POLITE}(?:start |begin |keep )?count(?:ing)?(?:\\s+(?:my|the|our|your|all|these|those)\\b)?(?:\\s+(?<what>[a-z][a-z' -]*?))?${POLITE_END}$`);

/** What people name when they ask to be counted; anything else after "count" is not a counting request ("count to ten"). */
const COUNTABLE = /(squat|push ?ups?|pushups?|press ?ups?|sit ?ups?|situps?|crunch|curl|jumping jacks?|jacks|lunge|burpee|pull ?ups?|pullups?|chin ?ups?|reps?|repetitions?|rows?|dips?|presses|raises|kicks|jumps|steps|laps|swings|skips|planks?)/;

function normalizedCommand(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[^a-z0-9'\s-]/g, ' ')
    .replace(/-/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The intent of a typed or recognized request, or null when the text is not one (then it goes to the
 * background model as usual). Never throws: anything it cannot read is null.
 */
export function parseTimedRequest(text: string): TimedIntent | null {
  if (typeof text !== 'string') return null;
  const command = normalizedCommand(text);
  if (command === '') return null;
  if (STOP_COUNTING_RE.test(command)) return { kind: 'stop_counting' };
  if (STOP_RE.test(command)) return { kind: 'stop_repeating' };
  if (CANCEL_RE.test(command)) return { kind: 'cancel_timers' };
  const counting = START_COUNTING_RE.exec(command);
  if (counting) {
    const what = counting.groups?.what?.trim();
    if (!what) return command.includes('counting') ? { kind: 'start_counting', exercise: 'repetitions' } : null;
    if (COUNTABLE.test(what)) return { kind: 'start_counting', exercise: /^(reps?|repetitions?)$/.test(what) ? 'repetitions' : what };
    return null;
  }
  return parseTimer(text);
}

function parseTimer(text: string): TimedIntent | null {
  const tokens = tokenize(text);
  const span = findTimeSpan(tokens);
  if (!span) return null;
  const timePhrase = tokens.slice(span.from, span.to).map(bare).join(' ');
  // The rest of the request without the time phrase and the "until I say stop" that only frames it.
  const before = tokens.slice(0, span.from).join(' ');
  const after = tokens.slice(span.to).join(' ');
  let rest = `${before} | ${after}`.replace(UNTIL_STOP, ' ').replace(/\b(and then|then|and)\s*(?=\|)|\|\s*(and then|then|and)\b/gi, '|');
  rest = rest.replace(/\s+/g, ' ').trim();
  const content = readContent(rest, span);
  if (!content) return null;

  const limit = rangeProblem(span, timePhrase);
  if (limit) return { kind: 'rejected', reason: limit };
  const durationText = describeDuration(span.ms);
  if (content.style === 'elapsed') {
    const label = `${durationText} ${/^1 \w+$/.test(durationText) ? 'has' : 'have'} passed`;
    return timerIntent(span, label, `${sentenceCase(label)}.`, 'elapsed', timePhrase);
  }
  if (content.style === 'say') return timerIntent(span, content.text, `${sentenceCase(content.text)}!`, 'say', timePhrase);
  return timerIntent(span, content.text, '', 'remind', timePhrase);
}

function timerIntent(span: TimeSpan, label: string, say: string, style: 'say' | 'remind' | 'elapsed', timePhrase: string): TimedIntent {
  const spoken = style === 'remind' ? `Time to ${toSecondPerson(label)}.` : say;
  return { kind: 'timer', delayMs: span.ms, ...(span.repeating ? { repeatEveryMs: span.ms } : {}), label, say: spoken, style, timePhrase };
}

/** Why a time cannot be a timer (the sentence to say), or null when it can. */
function rangeProblem(span: TimeSpan, timePhrase: string): string | null {
  if (!Number.isFinite(span.ms)) return `Sorry, I could not read ${timePhrase} as a time. ${TIMER_RANGE_SENTENCE}`;
  if (span.ms < 0) return `Sorry, ${timePhrase} is in the past. ${TIMER_RANGE_SENTENCE}`;
  if (span.ms < MIN_TIMER_MS) return `Sorry, ${timePhrase} is ${span.repeating ? 'too often' : 'too soon'}. ${TIMER_RANGE_SENTENCE}`;
  if (span.ms > MAX_TIMER_MS) return `Sorry, ${timePhrase} is ${span.repeating ? 'too far apart' : 'too far away'}. ${TIMER_RANGE_SENTENCE}`;
  return null;
}

/**
 * What the request asks to be said, read from the text around the time phrase ("|" marks where it was):
 * "say X", "keep saying X", "repeat X", "remind me to X", "tell me to X", "set a reminder to X", or
 * "tell me when …" (the time itself). Null when nothing there is a thing to say.
 */
function readContent(rest: string, span: TimeSpan): { style: 'say' | 'remind' | 'elapsed'; text: string } | null {
  const plain = rest.replace(/\s*\|\s*/g, ' | ').trim();
  const polite = String.raw`(?:^|\|)\s*(?:(?:please|can you|could you|would you|hey|ok|okay|and|then|just|will you)\s+)*`;
  const tail = String.raw`\s*(?:\||$)`;
  const patterns: Array<{ style: 'say' | 'remind'; re: RegExp }> = [
    { style: 'remind', re: new RegExp(`${polite}(?:remind me|set (?:a|an) (?:reminder|alarm|timer)|reminder|give me a reminder|tell me|ask me)\\s+(?:to|that i (?:need|have) to|that i should|about)\\s+(?<text>[^|]+?)${tail}`, 'i') },
    { style: 'remind', re: new RegExp(`${polite}(?:remind me|set (?:a|an) (?:reminder|alarm)|give me a reminder)\\s*(?:\\|\\s*)(?:to|about)\\s+(?<text>[^|]+?)\\s*$`, 'i') },
    // "tell me X" is something to say back only when X is quoted: "tell me a joke in 5 minutes" is a question for later.
    { style: 'say', re: new RegExp(`${polite}(?:keep saying|keep repeating|repeat|say|shout|tell me(?=\\s+["']))\\s+(?<text>[^|]+?)${tail}`, 'i') },
    { style: 'say', re: new RegExp(`${polite}(?:keep saying|keep repeating|repeat|say|shout)\\s*\\|\\s*(?<text>[^|]+?)\\s*$`, 'i') },
  ];
  for (const { style, re } of patterns) {
    const match = re.exec(plain);
    const text = match?.groups?.text ? cleanContent(match.groups.text.replace(/["]/g, ' ').replace(/(^|\s)'|'(\s|$)/g, '$1$2')) : '';
    if (text === '' || text.includes('|')) continue;
    return { style, text };
  }
  // "tell me when 10 minutes have passed", "let me know when 5 minutes are up", "in 5 minutes" alone, "set a timer for 5 minutes".
  const leftover = plain.replace(/\|/g, ' ').replace(/\s+/g, ' ').trim();
  if (span.elapsed && /^(?:(?:please|can you|could you|just)\s+)*(?:tell me|let me know|say so|remind me|ping me|alert me|warn me)?$/i.test(leftover)) {
    return { style: 'elapsed', text: '' };
  }
  if (!span.repeating && /^(?:(?:please|can you|could you|just|hey)\s+)*(?:(?:set|start) (?:a|an|the) (?:timer|alarm)|timer|remind me|tell me|let me know|ping me|alert me)?$/i.test(leftover)) {
    return { style: 'elapsed', text: '' };
  }
  return null;
}
