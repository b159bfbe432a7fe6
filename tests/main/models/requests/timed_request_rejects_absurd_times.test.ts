// Times no timer can have (in the past, zero, longer than a day, repeating every 0 s) become a rejection with a sentence that says why and what is possible.

import { describe, expect, it } from 'vitest';
import { parseTimedRequest, TIMER_RANGE_SENTENCE } from '../../../../main/models/requests/timedRequest';

describe('absurd timed requests', () => {
  it.each([
    ['in -5 minutes', 'Sorry, in -5 minutes is in the past.'],
    ['remind me in -5 minutes to check the oven', 'Sorry, in -5 minutes is in the past.'],
    ['in 10 years', 'Sorry, in 10 years is too far away.'],
    ['remind me in 10 years to check the oven', 'Sorry, in 10 years is too far away.'],
    ['in two days say go', 'Sorry, in two days is too far away.'],
    ['in 0 seconds say go', 'Sorry, in 0 seconds is too soon.'],
    ['in half a second say go', 'Sorry, in half a second is too soon.'],
    ['say go every 0 seconds until I say stop', 'Sorry, every 0 seconds is too often.'],
    ['say go every 2 days until I say stop', 'Sorry, every 2 days is too far apart.'],
  ])('"%s" is rejected: %s', (text, start) => {
    expect(parseTimedRequest(text)).toEqual({ kind: 'rejected', reason: `${start} ${TIMER_RANGE_SENTENCE}` });
  });

  it('accepts the edges of the range', () => {
    expect(parseTimedRequest('in 1 second say go')).toMatchObject({ kind: 'timer', delayMs: 1000 });
    expect(parseTimedRequest('remind me in 24 hours to call Sam back')).toMatchObject({ kind: 'timer', delayMs: 86_400_000 });
  });
});
