// Every request and stop the timespeak generator types parses to its exact delay, period and content, over seeds far outside the scored block.

import { describe, expect, it } from 'vitest';
import { drawTimedRequest } from '../../../../main/bench/gen/timedRequests';
import { SampleRandom } from '../../../../main/bench/gen/sampleRandom';
import { normalizedWords } from '../../../../main/bench/gen/spokenText';
import { TIMESPEAK_SEED_RANGE } from '../../../../main/bench/suites/timespeak';
import { parseTimedRequest } from '../../../../main/models/requests/timedRequest';
import { HARNESS_CONFIG_DEFAULTS } from '../../../../main/models/harness/config';
import { createTimedSpeechState, onTimedRequest } from '../../../../main/models/harness/timedSpeech';

const FIRST_SEED = 20_000_000;
const SEEDS = 6000;

describe('timed requests drawn by the timespeak generator', () => {
  it('uses seeds outside the scored block', () => {
    expect(FIRST_SEED > TIMESPEAK_SEED_RANGE.last || FIRST_SEED + SEEDS < TIMESPEAK_SEED_RANGE.first).toBe(true);
  });

  it(`parses all ${SEEDS} requests to the delay, period and content the generator meant, and every stop as a stop`, () => {
    const phrasings = new Set<string>();
    for (let k = 0; k < SEEDS; k++) {
      const draw = drawTimedRequest(new SampleRandom(FIRST_SEED + k), k);
      phrasings.add(draw.requestText.replace(draw.content.text, 'X').replace(/\d+|[a-z]+-[a-z]+/g, 'N'));
      const intent = parseTimedRequest(draw.requestText);
      const where = `seed ${FIRST_SEED + k}: "${draw.requestText}"`;
      expect(intent, where).toEqual({
        kind: 'timer',
        delayMs: draw.dueTimes[0] - draw.requestAtMs,
        ...(draw.periodMs !== null ? { repeatEveryMs: draw.periodMs } : {}),
        label: draw.content.text,
        say: expect.any(String),
        style: draw.kind === 'remind_once' ? 'remind' : 'say',
        timePhrase: expect.any(String),
      });
      if (intent?.kind !== 'timer') continue;
      // What is said at the due time has every keyword; the acknowledgement said now has none.
      const said = new Set(normalizedWords(intent.say));
      expect(draw.content.keywords.every((keyword) => said.has(keyword)), `${where} says "${intent.say}"`).toBe(true);
      const state = createTimedSpeechState();
      const events = onTimedRequest(state, HARNESS_CONFIG_DEFAULTS.timerDue, draw.requestText, draw.requestAtMs);
      expect(events?.[0]).toMatchObject({ kind: 'schedule_timer', payload: { dueAtMs: draw.dueTimes[0], label: draw.content.text } });
      const ack = new Set(normalizedWords(state.replies[0]));
      expect(draw.content.keywords.some((keyword) => ack.has(keyword)), `${where} acknowledged with "${state.replies[0]}"`).toBe(false);
      if (draw.stop) expect(parseTimedRequest(draw.stop.text), `seed ${FIRST_SEED + k}: stop "${draw.stop.text}"`).toEqual({ kind: 'stop_repeating' });
    }
    // The seeds reach every template (6 say, 5 remind, 4 repeating) in several wordings of the time.
    expect(phrasings.size).toBeGreaterThan(40);
  });
});
