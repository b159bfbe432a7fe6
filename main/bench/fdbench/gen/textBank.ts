// The words the generated suite's speakers say: requests of every utterance type, sentences with pause slots, stories, interruptions, asides and background talk.

import type { SeededRandom } from './prng';

/**
 * Kinds of user turn. A model that only ever heard long declarative sentences recognizes the end of a
 * short command, a string of digits or a one-word answer late, so the suite covers each kind.
 */
export const UTTERANCE_TYPES = ['question', 'command', 'number', 'list', 'one_word', 'long_sentence'] as const;
export type UtteranceType = (typeof UTTERANCE_TYPES)[number];

export interface Utterance {
  type: UtteranceType;
  text: string;
}

const QUESTIONS = [
  'What will the weather be like in Berlin tomorrow?',
  'How long does it take to boil an egg?',
  'Can you tell me when the next train to Boston leaves?',
  'Is the pharmacy on Main Street open on Sundays?',
  'What time is it in Tokyo right now?',
  'How do I change the password on my laptop?',
  'Who wrote the book I was reading last week?',
  'Where did I park the car this morning?',
  'Why is the sky blue?',
  'Do you know a good recipe for banana bread?',
  'How many ounces are in a cup?',
  'Could you check if I have any meetings this afternoon?',
  'What is the capital of Australia?',
  'Which one of these is cheaper?',
  'Are there any good restaurants near the hotel?',
  'When does the museum close today?',
] as const;

const COMMANDS = [
  'Turn off the lights in the kitchen.',
  'Set a timer for ten minutes.',
  'Call my mom.',
  'Play some jazz.',
  'Open the calendar.',
  'Remind me to water the plants tonight.',
  'Send Alex a message saying I am running late.',
  'Stop the music.',
  'Add this to my notes.',
  'Turn the volume down a little.',
  'Save the document and close it.',
  'Book a table for two at eight.',
  'Read me the first email.',
  'Skip this song.',
  'Cancel the alarm.',
  'Take me home.',
] as const;

const ONE_WORD = [
  'Yes.', 'No.', 'Okay.', 'Sure.', 'Tomorrow.', 'Seven.', 'Paris.', 'Thanks.', 'Nope.', 'Definitely.',
  'Blue.', 'Tuesday.', 'Coffee.', 'Both.', 'Neither.', 'Right.', 'Maybe.', 'Twelve.', 'Please.', 'Exactly.',
] as const;

const LONG_SENTENCES = [
  'I was wondering whether you could help me figure out a good way to organize all the photos from our trip last summer.',
  'My sister is coming to visit next weekend and I would like to plan a few things we could do together in the city.',
  'I have been trying to fix the printer in the office all morning and it still keeps telling me that the paper is jammed.',
  'Could you explain the difference between a fixed rate and a variable rate mortgage in a way that is easy to understand?',
  'We are thinking about adopting a dog, but we are not sure which breed would be happy in a small apartment.',
  'The report is due on Friday and I still need to write the summary, check the numbers and send it to my manager.',
  'I would like to learn how to cook something healthy for dinner that does not take more than thirty minutes.',
  'Last night the neighbors had a party that went on until three in the morning, so I am really tired today.',
  'Please find me a flight from Chicago to Denver that leaves in the morning and costs less than two hundred dollars.',
  'I keep forgetting to take my vitamins, so I need a reminder every day at breakfast for the next month.',
  'Tell me what I should pack for a week of hiking in the mountains when it might rain most of the time.',
  'The kids want to watch a movie tonight, so can you suggest something funny that the whole family might enjoy?',
] as const;

const LIST_ITEMS = [
  'eggs', 'milk', 'bread', 'butter', 'apples', 'rice', 'coffee', 'tomatoes', 'cheese', 'onions', 'yogurt', 'pasta',
  'orange juice', 'paper towels', 'olive oil', 'bananas', 'carrots', 'chicken',
] as const;
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
const PEOPLE = ['Anna', 'Ben', 'Carla', 'David', 'Emma', 'Frank', 'Grace', 'Henry', 'Julia', 'Sam'] as const;
const DIGIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'] as const;

function digits(rng: SeededRandom, count: number): string {
  // Spelled out: every engine then reads "4 7 2" as three digits, not "four hundred seventy-two".
  return Array.from({ length: count }, () => DIGIT_WORDS[rng.int(0, 9)]).join(' ');
}

function joinList(items: string[]): string {
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const NUMBER_TEMPLATES: ReadonlyArray<(rng: SeededRandom) => string> = [
  (rng) => `My number is ${digits(rng, 3)}, ${digits(rng, 3)}, ${digits(rng, 4)}.`,
  (rng) => `The code is ${digits(rng, 4)}.`,
  (rng) => `Set an alarm for ${rng.int(5, 11)} ${rng.pick(['fifteen', 'thirty', 'forty five', 'o clock'])}.`,
  (rng) => `It was ${rng.int(12, 99)} dollars and ${rng.int(10, 99)} cents.`,
  (rng) => `Room ${digits(rng, 3)}.`,
  (rng) => `${rng.int(2, 20)}.`,
  (rng) => `My order number is ${digits(rng, 6)}.`,
  (rng) => `Flight ${rng.pick(['A', 'B', 'D', 'K', 'U'])} ${rng.pick(['A', 'L', 'X', 'Y'])} ${digits(rng, 3)}.`,
  (rng) => `Seat ${rng.int(2, 40)} ${rng.pick(['A', 'B', 'C', 'D', 'E', 'F'])}.`,
  (rng) => `The zip code is ${digits(rng, 5)}.`,
];

const LIST_TEMPLATES: ReadonlyArray<(rng: SeededRandom) => string> = [
  (rng) => `Add ${joinList(rng.shuffled(LIST_ITEMS).slice(0, rng.int(3, 5)))} to my shopping list.`,
  (rng) => `I need ${joinList(rng.shuffled(LIST_ITEMS).slice(0, rng.int(3, 5)))}.`,
  (rng) => `I am free on ${joinList(rng.shuffled(DAYS).slice(0, rng.int(2, 4)).sort((a, b) => DAYS.indexOf(a) - DAYS.indexOf(b)))}.`,
  (rng) => `Invite ${joinList(rng.shuffled(PEOPLE).slice(0, rng.int(2, 4)))}.`,
  (rng) => `The colors are ${joinList(rng.shuffled(['red', 'green', 'blue', 'yellow', 'black', 'white']).slice(0, rng.int(3, 4)))}.`,
];

/** One user request of the given type (or of a type picked uniformly). */
export function pickUtterance(rng: SeededRandom, type: UtteranceType = rng.pick(UTTERANCE_TYPES)): Utterance {
  switch (type) {
    case 'question':
      return { type, text: rng.pick(QUESTIONS) };
    case 'command':
      return { type, text: rng.pick(COMMANDS) };
    case 'one_word':
      return { type, text: rng.pick(ONE_WORD) };
    case 'long_sentence':
      return { type, text: rng.pick(LONG_SENTENCES) };
    case 'number':
      return { type, text: rng.pick(NUMBER_TEMPLATES)(rng) };
    case 'list':
      return { type, text: rng.pick(LIST_TEMPLATES)(rng) };
  }
}

/** A request that asks for a long answer, the kind a user cuts into (questions, commands or long sentences). */
export function pickRequest(rng: SeededRandom): Utterance {
  return pickUtterance(rng, rng.pick(['question', 'command', 'long_sentence'] as const));
}

/**
 * Sentences with places where a speaker may stop and think, marked `|`. The word before a mark
 * tells what kind of pause it is: after a comma ("comma"), after a full stop or question mark — a
 * clause that sounds complete, but the speaker goes on ("complete_clause"), otherwise inside a phrase,
 * usually after a function word ("mid_phrase"). A filler ("um", "uh") may be put at any mark.
 */
const PAUSE_SENTENCES = [
  'Can you book a table for | four people at | seven tonight?',
  'I want to send a message to | my sister and tell her that | I will be late.',
  'What is the best way to get from | the airport to | the city center?',
  'If it is sunny tomorrow, | we could go to | the beach.',
  'I need a taxi. | To the train station, please.',
  'Remind me to call | the dentist on | Monday morning.',
  'My flight number is | four seven two and it leaves at | nine.',
  'Could you play some music by | the Beatles?',
  'So the thing is, | I am not sure whether | I should take the job.',
  'Set a timer for | fifteen minutes.',
  'Add eggs, | milk, | and a loaf of bread to my list.',
  'I would like to order a large pizza with | mushrooms and | olives.',
  'The meeting moved to | Thursday. | At three in the afternoon.',
  'Can you find me a | cheap hotel near | the conference center?',
  'What did you say the | name of that restaurant was?',
  'I think we should leave at | around six, | because of the traffic.',
  'Please turn on the | lights in the | living room.',
  'How much would it cost to | fly to | Madrid in March?',
  'I was looking for the | keys, | but I could not find them.',
  'Tell me a little about | the history of | Rome.',
  'My password is not working. | Can you help me reset it?',
  'We need to buy a present for | my brother, | something under fifty dollars.',
  'Is there a bus that goes to | the stadium from | here?',
  'Could you write an email to | the landlord about | the broken heater?',
  'The weather was terrible. | We stayed inside all day.',
  'I have a question about | my bill from | last month.',
  'What is the difference between | a crocodile and | an alligator?',
  'Schedule a call with | Emma and | Ben for Friday.',
] as const;

export type PauseKind = 'mid_phrase' | 'comma' | 'complete_clause' | 'filler';

export interface PauseSentence {
  /** The words of the sentence as spoken (marks removed). */
  words: string[];
  /** Word indices after which a pause may go (the mark follows words[index]). */
  slots: number[];
}

export function pausePlan(text: string): PauseSentence {
  const words: string[] = [];
  const slots: number[] = [];
  for (const token of text.split(/\s+/)) {
    if (token === '|') slots.push(words.length - 1);
    else words.push(token);
  }
  return { words, slots };
}

export function pickPauseSentence(rng: SeededRandom): PauseSentence {
  return pausePlan(rng.pick(PAUSE_SENTENCES));
}

/** What kind of pause a slot after `word` is, before any filler is put there. */
export function slotKind(word: string): Exclude<PauseKind, 'filler'> {
  if (/[.?!]$/.test(word)) return 'complete_clause';
  if (/[,;:]$/.test(word)) return 'comma';
  return 'mid_phrase';
}

export const FILLERS = ['um', 'uh'] as const;

/**
 * Long turns told in short phrases, with the short pauses between phrases where a listener says
 * "mm-hm" or "yeah". Each phrase is synthesized on its own; phrases that end in a comma keep
 * continuing intonation, those that end in a full stop sound like a sentence end the story goes on from.
 */
const STORIES = [
  [
    'So yesterday I went to the market,', 'and I wanted to buy some fish for dinner,', 'but the fish stall was closed.',
    'So I walked over to the bakery instead,', 'and I ran into my old neighbor there.', 'We talked for almost an hour,',
    'and by the time I got home it was dark.',
  ],
  [
    'Last summer we drove all the way to the coast,', 'which took about nine hours.', 'Halfway there the car started making a strange noise,',
    'so we stopped at a tiny garage in the middle of nowhere.', 'The mechanic was really friendly,', 'and he fixed it in twenty minutes.',
    'We made it to the beach just before sunset.',
  ],
  [
    'My first job was at a bookstore downtown,', 'and I loved it.', 'Every morning I had to unpack the new books,',
    'and I always read the first page of each one.', 'The owner was an old man who knew every customer by name.', 'He taught me how to talk to people,',
    'and I still think about that a lot.',
  ],
  [
    'I started learning the piano in January,', 'mostly because I had a lot of free time.', 'At first it was really frustrating,',
    'because my hands would not do what I wanted.', 'But after a couple of months it got easier.', 'Now I can play a few simple songs,',
    'and my daughter wants to learn too.',
  ],
  [
    'We moved into the new apartment in March,', 'and it has been a bit of an adventure.', 'The kitchen is much bigger than the old one,',
    'but the heating does not work very well.', 'The landlord promised to fix it,', 'so we are waiting for the repair man.',
    'In the meantime we wear sweaters inside.',
  ],
  [
    'On Saturday my brother had his birthday party,', 'and we planned a surprise for him.', 'We told him we were going to a boring dinner,',
    'but actually all his friends were waiting at the restaurant.', 'When he walked in he did not say a word,', 'he just stood there for a moment,',
    'and then he started laughing.',
  ],
  [
    'I tried to bake bread for the first time,', 'following a recipe from my grandmother.', 'The dough did not rise at all,',
    'so I left it near the heater overnight.', 'In the morning it had doubled in size,', 'and the bread came out really well.',
    'Now I make it every weekend.',
  ],
  [
    'The train this morning was completely full,', 'so I had to stand the whole way.', 'Then it stopped between two stations,',
    'and nobody told us why.', 'We waited there for almost half an hour,', 'and I was late for my first meeting.',
    'Luckily my boss was late as well.',
  ],
  [
    'My friend invited me to go climbing last week,', 'and I had never done it before.', 'The wall looked easy from the ground,',
    'but it was much harder than I expected.', 'I only made it halfway up the first time,', 'but on the third try I reached the top.',
    'My arms still hurt today.',
  ],
  [
    'We adopted a cat from the shelter,', 'a little grey one with white paws.', 'For the first few days she hid under the bed,',
    'and only came out at night to eat.', 'Now she follows me around the apartment,', 'and sleeps on my keyboard when I work.',
    'I think she likes it here.',
  ],
  [
    'I have been planning a trip to Japan,', 'probably for next spring.', 'I want to see the cherry blossoms in Kyoto,',
    'and maybe spend a few days in Tokyo.', 'A friend of mine lived there for a year,', 'so she is helping me with the plan.',
    'The hardest part is choosing where to stay.',
  ],
  [
    'The garden has been a lot of work this year,', 'because of all the rain.', 'The tomatoes did really well,',
    'but the snails ate most of the lettuce.', 'My neighbor told me to put out some crushed egg shells,', 'and that seems to help a bit.',
    'Next year I will try growing beans.',
  ],
  [
    'At work we are switching to a new computer system,', 'and it has been chaotic.', 'Nobody knows where anything is anymore,',
    'and the training was only one afternoon.', 'Yesterday I spent two hours looking for one file,', 'which turned out to be in the wrong folder.',
    'I hope it gets better soon.',
  ],
  [
    'My grandfather used to tell us stories about the war,', 'when he was a young man.', 'He was a radio operator on a ship,',
    'and he said the worst part was the waiting.', 'Sometimes nothing happened for weeks,', 'and then everything happened at once.',
    'He kept a diary the whole time.',
  ],
] as const;

/** 4–7 consecutive phrases of one story, starting at the beginning of a sentence. */
export function pickStoryPhrases(rng: SeededRandom): string[] {
  const story: ReadonlyArray<string> = rng.pick(STORIES);
  const count = rng.int(4, Math.min(7, story.length));
  const starts = Array.from({ length: story.length - count + 1 }, (_, i) => i).filter((i) => i === 0 || /[.?!]$/.test(story[i - 1]));
  const start = rng.pick(starts);
  return story.slice(start, start + count);
}

/** Requests to the assistant paired with interruptions that fit them; generic interruptions fit any request. */
const INTERRUPTIBLE_REQUESTS = [
  { context: 'Can you tell me about the history of the Roman Empire?', interrupts: ['Wait, just the short version please.', 'Actually, what about the Greeks?'] },
  { context: 'What are some good places to visit in Spain?', interrupts: ['Sorry, I meant in the north of Spain.', 'Hold on, which one is closest to Madrid?'] },
  { context: 'How do I make a really good lasagna?', interrupts: ['Wait, I do not have any ricotta.', 'Can I make it without meat?'] },
  { context: 'Give me some tips for sleeping better.', interrupts: ['Hold on, what about drinking coffee?', 'Sorry, I mostly wake up at night.'] },
  { context: 'Explain how a car engine works.', interrupts: ['Wait, what is a piston?', 'Actually, I meant an electric car.'] },
  { context: 'What should I know before buying a used bike?', interrupts: ['Sorry, it is for my son, he is ten.', 'Wait, how much should I pay?'] },
  { context: 'Can you suggest a plan for my first week at the gym?', interrupts: ['Hold on, I only have thirty minutes a day.', 'Wait, I have a bad knee.'] },
  { context: 'Tell me how to grow tomatoes on a balcony.', interrupts: ['Sorry, my balcony does not get much sun.', 'Wait, when should I plant them?'] },
  { context: 'What is the best way to learn a new language?', interrupts: ['Actually, I want to learn Italian.', 'Hold on, are apps any good?'] },
  { context: 'How do I prepare for a job interview?', interrupts: ['Wait, it is tomorrow morning.', 'Sorry, it is an interview on video.'] },
  { context: 'Can you summarize the news for today?', interrupts: ['Just the sports, please.', 'Wait, skip the politics.'] },
  { context: 'Tell me a story about a dragon.', interrupts: ['Make it a friendly dragon.', 'Wait, can it be shorter? My son is falling asleep.'] },
  { context: 'What can I cook with chicken and rice?', interrupts: ['Hold on, something spicy.', 'Sorry, I also have some peppers.'] },
  { context: 'How should I plan a budget for the month?', interrupts: ['Wait, I get paid every two weeks.', 'Actually, just for groceries.'] },
  { context: 'Help me write a birthday message for my friend.', interrupts: ['Make it funny.', 'Wait, she is turning forty.'] },
  { context: 'What are the rules of chess?', interrupts: ['Wait, how does the knight move?', 'Sorry, just the basics.'] },
] as const;

const GENERIC_INTERRUPTS = [
  'Wait, stop. Can you say that more slowly?',
  'Sorry, can you repeat the last part?',
  'Hold on, that is not what I asked.',
  'Okay, okay, I get it. Thanks.',
  'Actually, never mind. Let us talk about something else.',
  'Wait, wait. What was the first one again?',
  'Sorry to interrupt, but I have to go soon.',
  'No, no, I meant something different.',
] as const;

export function pickInterruption(rng: SeededRandom): { context: string; interrupt: string } {
  const request = rng.pick(INTERRUPTIBLE_REQUESTS);
  const interrupt = rng.chance(0.65) ? rng.pick(request.interrupts) : rng.pick(GENERIC_INTERRUPTS);
  return { context: request.context, interrupt };
}

/** The user turns to someone in the room (not to the assistant) and that person answers. */
const SIDE_CONVERSATIONS = [
  { aside: 'Honey, did you feed the cat?', reply: 'Yes, about an hour ago.' },
  { aside: 'Can you close the window, please?', reply: 'Sure, one second.' },
  { aside: 'Are you coming with us tonight?', reply: 'I think so, yes.' },
  { aside: 'Where did you put my glasses?', reply: 'They are on the kitchen table.' },
  { aside: 'Do you want some tea?', reply: 'No thanks, I just had coffee.' },
  { aside: 'What time is your train?', reply: 'Ten past six.' },
  { aside: 'Did the package arrive?', reply: 'Not yet, maybe tomorrow.' },
  { aside: 'Can you turn the music down a bit?', reply: 'Oh, sorry.' },
  { aside: 'Who was on the phone?', reply: 'Just your mother.' },
  { aside: 'Have you seen my keys anywhere?', reply: 'Check your jacket.' },
  { aside: 'Is dinner almost ready?', reply: 'Five more minutes.' },
  { aside: 'Could you take the dog out later?', reply: 'Yeah, after the game.' },
] as const;

export function pickSideConversation(rng: SeededRandom): { aside: string; reply: string } {
  return rng.pick(SIDE_CONVERSATIONS);
}

/** Speech from a television, a radio or people talking in the next room: not addressed to anyone here. */
const BACKGROUND_SENTENCES = [
  'In other news, the city council approved the new budget on Monday.',
  'Temperatures will drop sharply overnight, with frost expected in the valleys.',
  'And that brings the score to two to one with ten minutes left to play.',
  'Traffic is heavy on the northbound highway because of an accident near the bridge.',
  'The museum will reopen next month after a long renovation.',
  'Stay tuned, because after the break we have an interview with the mayor.',
  'I told him we should have left earlier, but he never listens.',
  'Did you see the game last night? It was unbelievable.',
  'The new phone goes on sale this Friday at a starting price of six hundred dollars.',
  'Scientists say the discovery could change how we think about the early universe.',
  'We are going to take a short break, so do not go anywhere.',
  'My cousin is getting married in June, and the whole family is invited.',
  'The train to the airport departs from platform four in five minutes.',
  'Rain is likely for most of the weekend, so keep your umbrella close.',
] as const;

/** 1–3 background sentences (distinct). */
export function pickBackgroundSentences(rng: SeededRandom): string[] {
  return rng.shuffled(BACKGROUND_SENTENCES).slice(0, rng.int(1, 3));
}

/**
 * What a listener says to show they are following, without taking the turn. ("Mm-hm" is left out:
 * espeak-ng spells it letter by letter.)
 */
const USER_BACKCHANNELS = ['Uh-huh.', 'Yeah.', 'Okay.', 'Right.', 'I see.', 'Sure.', 'Yeah, yeah.', 'Oh, okay.', 'Got it.', 'Really?', 'Oh, wow.', 'Exactly.'] as const;

export function pickUserBackchannel(rng: SeededRandom): string {
  return rng.pick(USER_BACKCHANNELS);
}
