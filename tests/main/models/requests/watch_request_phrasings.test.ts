// The watch request language: each phrasing of the issue becomes the exact spec; "stop watching" cancels all; impossible requests are refused with what can be watched; timer requests are left alone.

import { describe, expect, it } from 'vitest';
import { WatchSpecSchema } from '../../../../common/perception';
import { parseWatchRequest, WATCH_ABILITIES } from '../../../../main/models/requests/watchRequest';

const spec = (source: 'camera' | 'screen', condition: unknown, label: string) => ({ spec: { source, region: null, condition, label, repeat: false } });

describe('parseWatchRequest', () => {
  it.each([
    ['tell me when the build turns red', spec('screen', { kind: 'colour', colour: 'red' }, 'The build turned red.')],
    ['Let me know when my tests go green.', spec('screen', { kind: 'colour', colour: 'green' }, 'Your tests turned green.')],
    ["let me know when the kettle's light goes on", spec('camera', { kind: 'brightness', direction: 'on' }, "The kettle's light went on.")],
    ['tell me when the screen goes dark', spec('screen', { kind: 'brightness', direction: 'off' }, 'The screen went dark.')],
    ['tell me when the lamp is switched off', spec('camera', { kind: 'brightness', direction: 'off' }, 'The lamp went off.')],
    ["tell me when 'Deploy complete' appears on the screen", spec('screen', { kind: 'text', text: 'Deploy complete' }, '"Deploy complete" appeared on the screen.')],
    ['Tell me when "All tests passed" shows up in the terminal.', spec('screen', { kind: 'text', text: 'All tests passed' }, '"All tests passed" appeared on the screen.')],
    ['watch the camera and tell me when the light turns green', spec('camera', { kind: 'colour', colour: 'green' }, 'The light turned green.')],
    ['notify me as soon as the badge becomes amber', spec('screen', { kind: 'colour', colour: 'orange' }, 'The badge turned orange.')],
  ])('%s', (text, expected) => {
    const result = parseWatchRequest(text);
    expect(result).toEqual(expected);
    // Every spec it makes is one the watches accept.
    expect(WatchSpecSchema.safeParse((result as { spec: unknown }).spec).success).toBe(true);
  });

  it('"whenever" and "every time" make a repeating watch', () => {
    expect(parseWatchRequest('tell me whenever the build turns red')).toEqual({ spec: { ...spec('screen', { kind: 'colour', colour: 'red' }, 'The build turned red.').spec, repeat: true } });
    expect(parseWatchRequest('let me know every time the lamp goes off')).toEqual({ spec: { ...spec('camera', { kind: 'brightness', direction: 'off' }, 'The lamp went off.').spec, repeat: true } });
  });

  it('"stop watching" and its variants cancel every watch', () => {
    for (const text of ['stop watching', 'Stop watching the build.', 'okay, cancel all watches', 'please stop the watch']) expect(parseWatchRequest(text)).toEqual({ cancelAll: true });
  });

  it('refuses what no watch can see, saying what it can watch', () => {
    expect(parseWatchRequest('tell me when my mom calls')).toEqual({ rejected: `I can't see when my mom calls — ${WATCH_ABILITIES.charAt(0).toLowerCase()}${WATCH_ABILITIES.slice(1)}` });
    expect(parseWatchRequest('tell me when the build turns magenta')).toEqual({ rejected: `I can't watch for magenta: I know red, green, blue, yellow, orange, purple, white and black. ${WATCH_ABILITIES}` });
  });

  it('leaves requests that are not about watching to other parsers (null)', () => {
    for (const text of ['tell me when 10 minutes have passed', 'let me know when it is 5 o\'clock', 'what is the weather like', 'remind me in 3 minutes to check the oven', 'count my squats', '']) expect(parseWatchRequest(text)).toBeNull();
  });
});
