// Every invoke is gated in main: only our own page's frame, at most one argument, a payload matching common/ipc.ts.

import { describe, expect, it } from 'vitest';
import { IPC_INVOKE_CHANNELS } from '../../../common/ipc';
import { EngineInboundSchema, EngineOutboundSchema } from '../../../main/app/engineProtocol';
import { ENGINE_CHANNELS, MAIN_CHANNELS, gateInvoke } from '../../../main/app/ipcGate';
import { APP_ENTRY_URL, type RendererOrigin } from '../../../main/app/rendererOrigin';

const BUNDLE: RendererOrigin = { kind: 'bundle', entryUrl: APP_ENTRY_URL };
const DEV: RendererOrigin = { kind: 'devServer', entryUrl: 'http://localhost:5173/', origin: 'http://localhost:5173' };

describe('ipc invoke gate', () => {
  it('passes a valid request from our own page, the HUD view included', () => {
    expect(gateInvoke(BUNDLE, 'session:start', APP_ENTRY_URL, [{ im: 'harness' }])).toEqual({ ok: true, request: { im: 'harness' } });
    expect(gateInvoke(BUNDLE, 'session:pause', `${APP_ENTRY_URL}?view=hud`, [])).toEqual({ ok: true, request: undefined });
    expect(gateInvoke(DEV, 'text:send', 'http://localhost:5173/?view=hud', [{ text: 'hi' }]).ok).toBe(true);
  });

  it.each([
    ['https://evil.example/', 'foreign sender'],
    ['file:///home/u/index.html', 'foreign sender'],
    ['http://localhost:5174/', 'foreign sender'],
    [undefined, 'foreign sender'],
  ])('refuses a call from %s', (url, reason) => {
    const gate = gateInvoke(DEV, 'session:stop', url, []);
    expect(gate).toMatchObject({ ok: false, reason });
  });

  it('refuses extra arguments and payloads outside the contract, with a log line naming the channel', () => {
    expect(gateInvoke(BUNDLE, 'session:stop', APP_ENTRY_URL, [undefined, 1])).toMatchObject({ ok: false, reason: 'too many arguments' });
    const invalid = [
      ['session:start', { im: 'harness', extra: 1 }],
      ['session:sync', { sinceSeq: -1 }],
      ['text:send', { text: '' }],
      ['text:send', { text: 'x'.repeat(2_001) }],
      ['source:setPresent', { source: 'keyboard', present: true }],
      ['session:pause', { now: true }],
    ] as const;
    for (const [channel, payload] of invalid) {
      const gate = gateInvoke(BUNDLE, channel, APP_ENTRY_URL, [payload]);
      expect(gate.ok, channel).toBe(false);
      if (!gate.ok) {
        expect(gate.reason).toBe('invalid payload');
        expect(gate.log).toContain(channel);
      }
    }
  });

  it('routes every invoke channel: app:getInfo in main, all the others to the engine', () => {
    expect([...MAIN_CHANNELS, ...ENGINE_CHANNELS].sort()).toEqual(Object.keys(IPC_INVOKE_CHANNELS).sort());
  });

  it('speaks to the engine process in serve mode\'s messages plus its two control messages', () => {
    expect(EngineInboundSchema.safeParse({ type: 'invoke', id: 1, channel: 'session:start', payload: {} }).success).toBe(true);
    expect(EngineInboundSchema.safeParse({ type: 'audioPort' }).success).toBe(true);
    expect(EngineInboundSchema.safeParse({ type: 'eval', code: '1' }).success).toBe(false);
    expect(EngineOutboundSchema.safeParse({ type: 'ready' }).success).toBe(true);
    expect(EngineOutboundSchema.safeParse({ type: 'result', id: 1, ok: false, error: 'x' }).success).toBe(true);
  });
});
