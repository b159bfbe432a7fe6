// The request language of visual watches: "tell me when the build turns red", "let me know when the kettle's light goes on", "stop watching" → a WatchSpec, a cancel-all, or a clear refusal.

import { WATCH_COLOURS, type WatchColour, type WatchSpecInput } from '../../../common/perception';

export type WatchRequest = { spec: WatchSpecInput } | { rejected: string } | { cancelAll: true };

/** What can be watched, said when a request asks for something else. */
export const WATCH_ABILITIES =
  'I can watch the screen or the camera and tell you when something turns a colour (red, green, blue, yellow, orange, purple, white or black), when a light goes on or off or the screen goes dark, or when a text you quote appears on the screen.';

const CANCEL = /^(?:(?:ok(?:ay)?|please|now|you can)[,\s]+)*(?:stop|quit|cancel|end|forget|drop)\s+(?:watching\b|(?:all\s+)?(?:the\s+|my\s+|your\s+)?watch(?:es|ing)?\b)/;
const TRIGGER = /\b(?:(?:tell|let)\s+me\s+(?:know\s+)?|(?:notify|alert|warn|ping|call)\s+me\s+|say\s+something\s+|shout\s+)(?:as\s+soon\s+as|once|when(?:ever)?|every\s+time|each\s+time|if)\s+/;
/** "Whenever", "every time": the watch fires each time the condition becomes true again. */
const REPEAT = /\b(?:whenever|every\s+time|each\s+time)\s+$/;
/** A clause about time belongs to the timers ("tell me when 10 minutes have passed"), not to a watch. */
const TIME_CLAUSE = /\b(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|o'?clock|noon|midnight|time\s+is\s+up|timer)\b|\b(?:it'?s|it\s+is)\s+\d|\b\d{1,2}:\d{2}\b|\b(?:has|have)\s+passed\b/;
const TEXT_VERBS = /\b(?:appears?|shows?\s+up|comes?\s+up|pops?\s+up|is\s+(?:shown|displayed|printed|written)|says|shows|prints|reads|displays)\b/;
const QUOTED = /(?:^|[\s(:])(["“”‘’'])(.+?)["“”‘’'](?=$|[\s.,!?;:)])/;

const ON = /\s+(?:(?:go(?:es)?|turns?|switch(?:es)?|comes?|flicks?|clicks?)\s+on|(?:is|are|gets?)\s+(?:switched|turned)\s+on|lights?\s+up|(?:go(?:es)?|gets?|turns?)\s+(?:bright|brighter))\b/;
const OFF = /\s+(?:(?:go(?:es)?|turns?|switch(?:es)?|flicks?|clicks?)\s+off|(?:is|are|gets?)\s+(?:switched|turned)\s+off|(?:go(?:es)?|gets?|turns?)\s+(dark|darker|black|out))\b/;
const COLOUR_VERB = /\s+(?:turns?|go(?:es)?|becomes?|changes?\s+to|changes?|gets?|is|are|shows?|flips?\s+to|flips?)\s+(?:to\s+)?([a-z]+)\b/;

const COLOUR_SYNONYMS: Record<string, WatchColour> = { crimson: 'red', scarlet: 'red', amber: 'orange', violet: 'purple', lime: 'green' };
/** Colour words that are not among the watchable ones: the request is refused with the list. */
const OTHER_COLOURS = new Set(['pink', 'magenta', 'cyan', 'teal', 'brown', 'grey', 'gray', 'silver', 'gold', 'beige', 'turquoise', 'maroon', 'navy', 'indigo', 'olive']);

const CAMERA_EXPLICIT = /\b(?:camera|webcam)\b/;
const SCREEN_WORDS = /\b(?:screen|terminal|window|page|editor|monitor|display|tab|build|builds|tests?|ci|pipeline|deploy(?:ment)?|badge|console)\b/;
const CAMERA_WORDS = /\b(?:kettle|light|lights|lamp|room|door|oven|stove|led|bulb|kitchen|garage|porch|toaster|fridge)\b/;

/**
 * Reads a typed (or recognized) request. Returns null when the text is not a watch request at all (so
 * other request parsers can try it), `{ cancelAll: true }` for "stop watching", `{ rejected }` with a
 * sentence saying what can be watched when it asks for something no watch can see.
 */
export function parseWatchRequest(text: string): WatchRequest | null {
  const original = text.trim().replace(/\s+/g, ' ');
  const lower = original.toLowerCase().replace(/[’‘]/g, "'");
  if (CANCEL.test(lower)) return { cancelAll: true };
  const trigger = TRIGGER.exec(lower);
  if (!trigger) return null;
  const clauseStart = trigger.index + trigger[0].length;
  const clause = lower.slice(clauseStart).replace(/[.!?\s]+$/, '');
  const originalClause = original.slice(clauseStart).replace(/[.!?\s]+$/, '');
  if (clause === '') return null;
  if (TIME_CLAUSE.test(clause)) return null;
  const source = sourceOf(lower);
  const repeat = REPEAT.test(trigger[0]);
  const where = source === 'camera' ? 'on the camera' : 'on the screen';

  const quoted = QUOTED.exec(originalClause);
  if (quoted && TEXT_VERBS.test(clause)) {
    const wanted = quoted[2].trim();
    if (wanted.length > 80) return { rejected: `That text is too long to watch for (${wanted.length} characters); quote at most 80. ${WATCH_ABILITIES}` };
    return { spec: { source, region: null, condition: { kind: 'text', text: wanted }, label: `"${wanted}" appeared ${where}.`, repeat } };
  }

  const on = ON.exec(clause);
  const off = OFF.exec(clause);
  const brightness = on && (!off || on.index <= off.index) ? { match: on, direction: 'on' as const } : off ? { match: off, direction: 'off' as const } : null;
  if (brightness) {
    const subject = subjectOf(clause.slice(0, brightness.match.index), source);
    const word = brightness.direction === 'on' ? (/lights?\s+up/.test(brightness.match[0]) ? 'lit up' : 'went on') : brightness.match[1] === 'dark' || brightness.match[1] === 'darker' || brightness.match[1] === 'black' ? 'went dark' : brightness.match[1] === 'out' ? 'went out' : 'went off';
    return { spec: { source, region: null, condition: { kind: 'brightness', direction: brightness.direction }, label: `${subject} ${word}.`, repeat } };
  }

  const colourMatch = COLOUR_VERB.exec(clause);
  if (colourMatch) {
    const word = colourMatch[1];
    const colour = (WATCH_COLOURS as readonly string[]).includes(word) ? (word as WatchColour) : COLOUR_SYNONYMS[word];
    if (colour) {
      const subject = subjectOf(clause.slice(0, colourMatch.index), source);
      return { spec: { source, region: null, condition: { kind: 'colour', colour }, label: `${subject} turned ${colour}.`, repeat } };
    }
    if (OTHER_COLOURS.has(word)) return { rejected: `I can't watch for ${word}: I know red, green, blue, yellow, orange, purple, white and black. ${WATCH_ABILITIES}` };
  }
  return { rejected: `I can't see when ${originalClause} — ${lowerFirst(WATCH_ABILITIES)}` };
}

function sourceOf(lower: string): 'camera' | 'screen' {
  if (CAMERA_EXPLICIT.test(lower)) return 'camera';
  if (SCREEN_WORDS.test(lower)) return 'screen';
  if (CAMERA_WORDS.test(lower)) return 'camera';
  return 'screen';
}

/** "the build" → "The build"; "my tests" → "Your tests"; nothing → "The screen" / "It". */
function subjectOf(raw: string, source: 'camera' | 'screen'): string {
  let subject = raw.trim().replace(/\s+(?:on|in)\s+(?:the\s+)?(?:screen|camera)$/, '').trim();
  if (subject === '' || subject === 'it' || subject === 'something') return source === 'screen' ? 'The screen' : 'It';
  subject = subject.replace(/^my\s+/, 'your ');
  return subject.charAt(0).toUpperCase() + subject.slice(1);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
