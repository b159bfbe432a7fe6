// Typed and spoken phrasings of timed requests, stop / cancel / counting commands, and texts that are not timed requests (those go to the background model).

import { describe, expect, it } from 'vitest';
import { parseTimedRequest } from '../../../../main/models/requests/timedRequest';

describe('timed request phrasings', () => {
  it.each([
    ['remind me in 3 minutes to check the oven', 180_000, undefined, 'check the oven', 'Time to check the oven.'],
    ['Remind me in three minutes to check the oven.', 180_000, undefined, 'check the oven', 'Time to check the oven.'],
    ['in 20 seconds say switch', 20_000, undefined, 'switch', 'Switch!'],
    ['say \u2018switch\u2019 every 30 seconds until I say stop', 30_000, 30_000, 'switch', 'Switch!'],
    ['keep saying rotate every fifteen seconds until I say stop', 15_000, 15_000, 'rotate', 'Rotate!'],
    ['tell me when 10 minutes have passed', 600_000, undefined, '10 minutes have passed', '10 minutes have passed.'],
    ['wait forty-five seconds and then say breathe', 45_000, undefined, 'breathe', 'Breathe!'],
    ['remind me in a minute and a half to stretch my legs', 90_000, undefined, 'stretch my legs', 'Time to stretch your legs.'],
    ['remind me in one and a half minutes to feed the cat', 90_000, undefined, 'feed the cat', 'Time to feed the cat.'],
    ['in 1 minute and 15 seconds, say "swap sides"', 75_000, undefined, 'swap sides', 'Swap sides!'],
    ['repeat \'go\' every half minute until I say stop', 30_000, 30_000, 'go', 'Go!'],
    ['every twenty seconds say next until I tell you to stop', 20_000, 20_000, 'next', 'Next!'],
    ['20 seconds from now say drink', 20_000, undefined, 'drink', 'Drink!'],
    ['set a timer for 5 minutes', 300_000, undefined, '5 minutes have passed', '5 minutes have passed.'],
    ['in an hour remind me to join the meeting', 3_600_000, undefined, 'join the meeting', 'Time to join the meeting.'],
    ['in a hundred and twenty seconds say go', 120_000, undefined, 'go', 'Go!'],
    ['in two hundred seconds say go', 200_000, undefined, 'go', 'Go!'],
    ['Tell me to call Sam back in 90s', 90_000, undefined, 'call Sam back', 'Time to call Sam back.'],
  ])('"%s"', (text, delayMs, repeatEveryMs, label, say) => {
    expect(parseTimedRequest(text)).toMatchObject({ kind: 'timer', delayMs, label, say, ...(repeatEveryMs !== undefined ? { repeatEveryMs } : {}) });
    if (repeatEveryMs === undefined) expect(parseTimedRequest(text)).not.toHaveProperty('repeatEveryMs');
  });

  it.each([
    ['stop', { kind: 'stop_repeating' }],
    ['stop it', { kind: 'stop_repeating' }],
    ["that's enough", { kind: 'stop_repeating' }],
    ['Thanks, stop.', { kind: 'stop_repeating' }],
    ['you can stop now', { kind: 'stop_repeating' }],
    ['cancel the reminder', { kind: 'cancel_timers' }],
    ['cancel all my timers', { kind: 'cancel_timers' }],
    ['count my squats', { kind: 'start_counting', exercise: 'squats' }],
    ['can you count my squats', { kind: 'start_counting', exercise: 'squats' }],
    ['count the jumping jacks', { kind: 'start_counting', exercise: 'jumping jacks' }],
    ['count my push-ups', { kind: 'start_counting', exercise: 'push ups' }],
    ['count my reps', { kind: 'start_counting', exercise: 'repetitions' }],
    ['start counting', { kind: 'start_counting', exercise: 'repetitions' }],
    ['stop counting', { kind: 'stop_counting' }],
  ])('"%s" is a command', (text, intent) => {
    expect(parseTimedRequest(text)).toEqual(intent);
  });

  it.each([
    'hello?',
    'what will phones look like in 10 years',
    'tell me a joke in 5 minutes',
    'I will be back in 5 minutes',
    'when I say "banana", say "bingo"',
    'remind me to water the plants when I say saxophone',
    'count to ten',
    'say something',
    '',
  ])('"%s" is not a timed request', (text) => {
    expect(parseTimedRequest(text)).toBeNull();
  });
});
