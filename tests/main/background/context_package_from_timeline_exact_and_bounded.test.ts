// The context package: the whole conversation from the timeline (only what was really said), observations, timers and tool results, bounded with the oldest parts summarized.

import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../common/timeline';
import { chatMessagesOf } from '../../../main/background/backgroundTask';
import { buildContextPackage, contextEntriesOf } from '../../../main/background/contextPackage';

let seq = 0;
function ev(turn: number, kind: string, payload: Record<string, unknown>, source: TimelineEvent['source'] = 'user'): TimelineEvent {
  return { seq: seq++, turn, atMs: turn * 200, source, kind: kind as TimelineEvent['kind'], payload };
}

const events: TimelineEvent[] = [
  ev(1, 'user_text', { text: 'Hi, can you help me plan dinner?' }),
  ev(2, 'assistant_speech_started', { utteranceId: 'u2', utteranceKind: 'reply', text: 'Sure, what do you have?' }, 'assistant'),
  ev(6, 'assistant_speech_ended', { utteranceId: 'u2', text: 'Sure, what do you have?' }, 'assistant'),
  ev(7, 'frame', { source: 'camera', frameIndex: 3, changedShare: 0.5 }),
  ev(8, 'assistant_speech_started', { utteranceId: 'u8', utteranceKind: 'backchannel', text: 'mm-hmm' }, 'assistant'),
  ev(9, 'assistant_speech_ended', { utteranceId: 'u8', text: 'mm-hmm' }, 'assistant'),
  ev(10, 'user_words', { words: [{ word: 'eggs', startMs: 2000, endMs: 2200 }, { word: 'and', startMs: 2200, endMs: 2300 }, { word: 'rice', startMs: 2300, endMs: 2600 }], final: true, segmentId: 's1' }),
  ev(10, 'user_words', { words: [{ word: 'partial', startMs: 2700, endMs: 2800 }], final: false, segmentId: 's2' }),
  ev(11, 'frame', { source: 'camera', frameIndex: 9, changedShare: 0.25 }),
  ev(12, 'assistant_speech_started', { utteranceId: 'u12', utteranceKind: 'reply', text: 'You could make fried rice with a fried egg on top.' }, 'assistant'),
  ev(14, 'assistant_speech_cut', { utteranceId: 'u12', reason: 'yield', spokenText: 'You could make fried rice', unspokenText: 'with a fried egg on top.' }, 'assistant'),
  ev(15, 'background_update', { taskId: 't1', type: 'tool_call', callId: 'c1', name: 'web_search', arguments: { q: 'fried rice' } }, 'background'),
  ev(16, 'background_update', { taskId: 't1', type: 'tool_result', callId: 'c1', ok: true, result: '3 recipes found' }, 'background'),
  ev(17, 'timer_due', { id: 't0', label: 'check the oven' }, 'scheduler'),
  ev(18, 'user_text', { text: 'How long do I cook the rice?' }),
];

describe('context package', () => {
  it('keeps what was said (only the spoken part of a cut utterance, no backchannels), the latest frame per source, tool results and timers, in order', () => {
    expect(contextEntriesOf(events)).toEqual([
      { atMs: 200, role: 'user', text: 'Hi, can you help me plan dinner?' },
      { atMs: 1200, role: 'assistant', text: 'Sure, what do you have?' },
      { atMs: 2000, role: 'user', text: 'eggs and rice' },
      { atMs: 2200, role: 'observation', text: 'latest camera frame: #9 (25% changed)' },
      { atMs: 2800, role: 'assistant', text: 'You could make fried rice [interrupted]' },
      { atMs: 3200, role: 'tool', text: 'web_search returned: 3 recipes found' },
      { atMs: 3400, role: 'observation', text: 'timer t0 fell due: check the oven' },
      { atMs: 3600, role: 'user', text: 'How long do I cook the rice?' },
    ]);
  });

  it('keeps the newest entries within the budget and summarizes the older ones, after the timeline\'s own digest', () => {
    const source = { nowMs: 3800, events, olderConversation: 'user: my name is Ada\nassistant: hello Ada', pendingTimers: [{ id: 't3', dueAtMs: 60_000, label: 'stir' }] };
    const pkg = buildContextPackage('task-18-0', 'How long do I cook the rice?', source, { entryChars: 120, summaryChars: 1000 });
    expect(pkg.entries.map((e) => e.text)).toEqual([
      'web_search returned: 3 recipes found',
      'timer t0 fell due: check the oven',
      'How long do I cook the rice?',
    ]);
    expect(pkg.summarizedEntries).toBe(5);
    expect(pkg.summary).toBe(
      [
        'user: my name is Ada',
        'assistant: hello Ada',
        'user: Hi, can you help me plan dinner?',
        'assistant: Sure, what do you have?',
        'user: eggs and rice',
        'observation: latest camera frame: #9 (25% changed)',
        'assistant: You could make fried rice [interrupted]',
      ].join('\n'),
    );
    // Same input, same package: nothing depends on the clock or on randomness.
    expect(buildContextPackage('task-18-0', 'How long do I cook the rice?', source, { entryChars: 120, summaryChars: 1000 })).toEqual(pkg);
  });

  it('drops the oldest summary lines first when the summary itself is over budget, and says how many', () => {
    const source = { nowMs: 3800, events, olderConversation: '', pendingTimers: [] };
    const pkg = buildContextPackage('t', 'q', source, { entryChars: 0, summaryChars: 90 });
    expect(pkg.entries).toEqual([]);
    expect(pkg.summary).toBe(['(6 older lines left out)', 'observation: timer t0 fell due: check the oven', 'user: How long do I cook the rice?'].join('\n'));
  });

  it('becomes chat messages: a system message with summary and timers, alternating turns, the query last', () => {
    const source = { nowMs: 3800, events, olderConversation: '', pendingTimers: [{ id: 't3', dueAtMs: 60_000, label: 'stir', repeatEveryMs: 30_000 }] };
    const messages = chatMessagesOf(buildContextPackage('t', 'How long do I cook the rice?', source, { entryChars: 120, summaryChars: 1000 }));
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(messages[0].content).toContain('Session time now: 3.8 s.');
    expect(messages[0].content).toContain('Pending reminders:\n- t3 at 60.0 s: stir (every 30.0 s)');
    expect(messages[0].content).toContain('Earlier in the conversation (summarized):\nuser: Hi, can you help me plan dinner?');
    expect(messages[1].content).toBe('[tool at 3.2 s] web_search returned: 3 recipes found\n[observation at 3.4 s] timer t0 fell due: check the oven\nHow long do I cook the rice?');
  });
});
