// What main and the engine's utility process say to each other: serve mode's invoke/result/event messages plus two control messages.

import { z } from 'zod';
import { WsClientMessageSchema } from '../../common/ipc';

/** main → engine: an invoke of common/ipc.ts, or a new audio MessagePort (transferred with the message) for one page. */
export const EngineInboundSchema = z.union([
  WsClientMessageSchema,
  z.strictObject({ type: z.literal('audioPort') }),
]);
export type EngineInbound = z.infer<typeof EngineInboundSchema>;

/** engine → main: results and events of common/ipc.ts, or `ready` once the host exists. */
// Spelled out rather than reusing WsServerMessageSchema: zod 4 refuses its discriminatedUnion at parse time
// ("Duplicate discriminator value 'result'"), since two variants share type 'result'.
export const EngineOutboundSchema = z.union([
  z.strictObject({ type: z.literal('result'), id: z.number().int().nonnegative(), ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ type: z.literal('result'), id: z.number().int().nonnegative().nullable(), ok: z.literal(false), error: z.string() }),
  z.strictObject({ type: z.literal('event'), channel: z.string(), payload: z.unknown() }),
  z.strictObject({ type: z.literal('ready') }),
]);
export type EngineOutbound = z.infer<typeof EngineOutboundSchema>;
