// Desktop tools through the broker: a request goes to the renderer and its answer comes back by callId; no window means a clean error after the timeout.

import { describe, expect, it } from 'vitest';
import { DesktopToolBroker, type DesktopToolMessage } from '../../../../main/background/tools/desktopToolBroker';
import { desktopTools } from '../../../../main/background/tools/builtins/desktopTools';
import { ToolRegistry } from '../../../../main/background/tools/toolRegistry';

const context = { taskId: 't', fromVisualContent: false };

describe('DesktopToolBroker', () => {
  it('sends tool:request and resolves with the renderer\'s tool:result; a late or made-up answer is ignored', async () => {
    const broker = new DesktopToolBroker();
    const sent: DesktopToolMessage[] = [];
    broker.onMessage((message) => sent.push(message));
    const registry = new ToolRegistry({ tools: desktopTools(broker, 1_000), asker: broker });
    const call = registry.call('show_card', { title: 'Weather', items: ['sunny'] }, context);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(sent).toEqual([{ channel: 'tool:request', payload: { callId: expect.stringMatching(/^call-/), tool: 'show_card', args: { title: 'Weather', items: ['sunny'] } } }]);
    const { callId } = sent[0].payload as { callId: string };
    expect(broker.result('call-made-up', { ok: true, content: 'x' })).toBe(false);
    expect(broker.result(callId, { ok: true, content: 'card shown in the Cards panel' })).toBe(true);
    expect(await call).toEqual({ ok: true, content: 'card shown in the Cards panel' });
    expect(broker.result(callId, { ok: true, content: 'again' })).toBe(false);
  });

  it('gives the renderer\'s error to the model', async () => {
    const broker = new DesktopToolBroker();
    broker.onMessage((message) => {
      if (message.channel === 'tool:request') queueMicrotask(() => broker.result(message.payload.callId, { ok: false, error: 'clipboard_write failed in the window: Document is not focused.' }));
    });
    const registry = new ToolRegistry({ tools: desktopTools(broker, 1_000), permissionOverrides: () => ({ clipboard_write: 'auto' }) });
    expect(await registry.call('clipboard_write', { text: 'x' }, context)).toEqual({ ok: false, error: 'clipboard_write: clipboard_write failed in the window: Document is not focused.' });
  });

  it('fails cleanly when no window answers: at once with no transport, after the tool timeout with one', async () => {
    const alone = new ToolRegistry({ tools: desktopTools(new DesktopToolBroker(), 1_000) });
    expect(await alone.call('notify', { title: 'hi' }, context)).toEqual({ ok: false, error: 'notify: no Tandem window is connected to run notify; it needs the app or the served page open' });
    const broker = new DesktopToolBroker();
    broker.onMessage(() => {}); // a transport with no page behind it
    const registry = new ToolRegistry({ tools: desktopTools(broker, 60) });
    expect(await registry.call('notify', { title: 'hi' }, context)).toEqual({ ok: false, error: 'notify did not finish within 60 ms and was abandoned' });
  });

  it('asks through tool:ask, settles on tool:decide or its timeout, and tells every window to close the prompt', async () => {
    const broker = new DesktopToolBroker({ askTimeoutMs: 50 });
    const sent: DesktopToolMessage[] = [];
    broker.onMessage((message) => sent.push(message));
    const answer = broker.ask({ callId: 'call-1', tool: 'open_url', description: 'Open a link.', args: { url: 'https://example.org' }, why: 'open_url is set to "ask"', fromVisualContent: false });
    expect(broker.openAsks().map((ask) => ask.callId)).toEqual(['call-1']);
    expect(broker.decide('call-1', true, true)).toBe(true);
    expect(await answer).toEqual({ allow: true, remember: true, decidedBy: 'user' });
    const unanswered = await broker.ask({ callId: 'call-2', tool: 'open_url', description: 'Open a link.', args: {}, why: 'w', fromVisualContent: true });
    expect(unanswered).toEqual({ allow: false, remember: false, decidedBy: 'timeout' });
    expect(sent.map((message) => [message.channel, message.payload.callId])).toEqual([
      ['tool:ask', 'call-1'],
      ['tool:askSettled', 'call-1'],
      ['tool:ask', 'call-2'],
      ['tool:askSettled', 'call-2'],
    ]);
  });
});
