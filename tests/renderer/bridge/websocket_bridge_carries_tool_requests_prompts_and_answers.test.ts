// WebSocketBridge's tool channels: tool:request / tool:ask / tool:askSettled reach listeners only when valid; results and decisions go out as invokes; url:open never reaches the engine.

import { describe, expect, it, vi } from 'vitest';
import { WebSocketBridge, type BridgeSocket } from '../../../renderer/src/bridge/webSocketBridge';

class FakeSocket implements BridgeSocket {
  binaryType = 'blob';
  readyState = 0;
  sent: string[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  send(data: string | ArrayBuffer) { if (typeof data === 'string') this.sent.push(data); }
  close() { this.readyState = 3; this.onclose?.({}); }
  open() { this.readyState = 1; this.onopen?.({}); }
  receive(data: unknown) { this.onmessage?.({ data: JSON.stringify(data) }); }
  lastInvoke() { return JSON.parse(this.sent.at(-1)!); }
}

function setup() {
  const socket = new FakeSocket();
  const bridge = new WebSocketBridge({ url: 'ws://x/bridge?token=t', createSocket: () => socket });
  socket.open();
  return { bridge, socket };
}

describe('WebSocketBridge tool channels', () => {
  it('delivers valid tool requests and prompts, drops malformed ones', () => {
    const { bridge, socket } = setup();
    const requests: unknown[] = [];
    const asks: unknown[] = [];
    const settled: unknown[] = [];
    bridge.onToolRequest((request) => requests.push(request));
    bridge.onToolAsk((ask) => asks.push(ask));
    bridge.onToolAskSettled((done) => settled.push(done));
    socket.receive({ type: 'event', channel: 'tool:request', payload: { callId: 'call-1', tool: 'show_card', args: { title: 'x' } } });
    socket.receive({ type: 'event', channel: 'tool:request', payload: { callId: 'call-2', tool: 'Show Card!', args: {} } });
    socket.receive({ type: 'event', channel: 'tool:ask', payload: { callId: 'call-3', tool: 'open_url', description: 'd', args: { url: 'https://a.example' }, why: 'w', fromVisualContent: true } });
    socket.receive({ type: 'event', channel: 'tool:ask', payload: { callId: 'call-4', tool: 'open_url', args: {} } });
    socket.receive({ type: 'event', channel: 'tool:askSettled', payload: { callId: 'call-3' } });
    expect(requests).toEqual([{ callId: 'call-1', tool: 'show_card', args: { title: 'x' } }]);
    expect(asks).toEqual([{ callId: 'call-3', tool: 'open_url', description: 'd', args: { url: 'https://a.example' }, why: 'w', fromVisualContent: true }]);
    expect(settled).toEqual([{ callId: 'call-3' }]);
  });

  it('sends tool:result and tool:decide as invokes and resolves on the engine\'s answer', async () => {
    const { bridge, socket } = setup();
    const answered = bridge.sendToolResult({ callId: 'call-1', result: { ok: false, error: 'denied by the browser' } });
    expect(socket.lastInvoke()).toMatchObject({ type: 'invoke', channel: 'tool:result', payload: { callId: 'call-1', result: { ok: false, error: 'denied by the browser' } } });
    socket.receive({ type: 'result', id: socket.lastInvoke().id, ok: true, value: { accepted: true } });
    await expect(answered).resolves.toEqual({ accepted: true });
    const decided = bridge.decideTool({ callId: 'call-3', tool: 'open_url', allow: true, remember: true });
    expect(socket.lastInvoke()).toMatchObject({ channel: 'tool:decide', payload: { callId: 'call-3', tool: 'open_url', allow: true, remember: true } });
    socket.receive({ type: 'result', id: socket.lastInvoke().id, ok: true, value: { accepted: true } });
    await expect(decided).resolves.toEqual({ accepted: true });
  });

  it('opens http(s) links in a new tab of this browser, refuses other schemes, and sends nothing to the engine', async () => {
    const { bridge, socket } = setup();
    const open = vi.fn(() => null);
    vi.stubGlobal('window', { open });
    try {
      await expect(bridge.openUrl({ url: 'https://example.org/a' })).resolves.toEqual({ accepted: true });
      expect(open).toHaveBeenCalledWith('https://example.org/a', '_blank', 'noopener,noreferrer');
      await expect(bridge.openUrl({ url: 'javascript:alert(1)' })).rejects.toThrow(/url:open failed: only http and https links are opened, not javascript:/);
      expect(open).toHaveBeenCalledTimes(1);
      expect(socket.sent).toEqual([]);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
