// WebSocketBridge.sendVideoFrame: a valid frame goes out as one binary video frame numbered per source; malformed frames, a closed socket and a backed-up socket send nothing.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeMediaFrame } from '../../../common/ipc';
import { WebSocketBridge, type BridgeSocket } from '../../../renderer/src/bridge/webSocketBridge';

class FakeSocket implements BridgeSocket {
  binaryType = 'blob';
  readyState = 0;
  bufferedAmount = 0;
  sent: Array<string | ArrayBuffer> = [];
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  send(data: string | ArrayBuffer) { this.sent.push(data); }
  close() { this.readyState = 3; }
  open() { this.readyState = 1; this.onopen?.({}); }
}

function setup() {
  const socket = new FakeSocket();
  const bridge = new WebSocketBridge({ url: 'ws://x/bridge?token=t', createSocket: () => socket });
  return { bridge, socket };
}

afterEach(() => vi.restoreAllMocks());

describe('WebSocketBridge.sendVideoFrame', () => {
  it('sends each frame as a binary video frame with its source and a per-source seq', () => {
    const { bridge, socket } = setup();
    socket.open();
    const rgb = new Uint8Array([1, 2, 3, 4, 5, 6]);
    bridge.sendVideoFrame('camera', { rgb, width: 2, height: 1 });
    bridge.sendVideoFrame('screen', { rgb, width: 1, height: 2 });
    bridge.sendVideoFrame('camera', { rgb, width: 1, height: 2 });
    const decoded = socket.sent.map((data) => decodeMediaFrame(data as ArrayBuffer));
    expect(decoded.map((frame) => frame.ok && frame.header)).toEqual([
      { kind: 'video', source: 'camera', seq: 0, width: 2, height: 1 },
      { kind: 'video', source: 'screen', seq: 0, width: 1, height: 2 },
      { kind: 'video', source: 'camera', seq: 1, width: 1, height: 2 },
    ]);
    expect(decoded.map((frame) => frame.ok && frame.kind === 'video' && Array.from(frame.rgb))).toEqual([[1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6]]);
  });

  it('sends nothing before the socket opens, for a malformed frame, or while earlier frames are still unsent', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { bridge, socket } = setup();
    bridge.sendVideoFrame('camera', { rgb: new Uint8Array(3), width: 1, height: 1 });
    socket.open();
    bridge.sendVideoFrame('camera', { rgb: new Uint8Array(4), width: 1, height: 1 });
    bridge.sendVideoFrame('screen', { rgb: new Uint8Array(3 * 1921), width: 1921, height: 1 });
    expect(socket.sent).toEqual([]);
    expect(warn.mock.calls.map((call) => call[0])).toEqual([
      '[tandem] sendVideoFrame: 1×1 RGB needs 3 bytes, got 4; frame dropped',
      '[tandem] sendVideoFrame: a frame is 1..1920 px per side, got 1921×1; frame dropped',
    ]);
    socket.bufferedAmount = 10 * 320 * 240 * 3;
    bridge.sendVideoFrame('camera', { rgb: new Uint8Array(3), width: 1, height: 1 });
    expect(socket.sent).toEqual([]);
    socket.bufferedAmount = 0;
    bridge.sendVideoFrame('camera', { rgb: new Uint8Array(3), width: 1, height: 1 });
    expect(socket.sent).toHaveLength(1);
  });
});
