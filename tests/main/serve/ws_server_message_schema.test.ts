// The WebSocket answer schema accepts both kinds of result and events, and rejects anything else.

import { describe, expect, it } from 'vitest';
import { WsServerMessageSchema } from '../../../common/ipc';

describe('WsServerMessageSchema', () => {
  it('parses ok and error results and events', () => {
    expect(WsServerMessageSchema.parse({ type: 'result', id: 1, ok: true, value: 3 })).toMatchObject({ ok: true });
    expect(WsServerMessageSchema.parse({ type: 'result', id: null, ok: false, error: 'bad' })).toMatchObject({ ok: false });
    expect(WsServerMessageSchema.parse({ type: 'event', channel: 'tick:measure', payload: {} })).toMatchObject({ type: 'event' });
  });

  it('rejects an unknown shape', () => {
    expect(WsServerMessageSchema.safeParse({ type: 'result', id: 1, ok: true }).success).toBe(false);
    expect(WsServerMessageSchema.safeParse({ type: 'other' }).success).toBe(false);
  });
});
