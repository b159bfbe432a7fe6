// Records what a real engine run feeds an interaction model, packed as the native model's tensors, with the oracle's labels: one sample's files of the training dataset.

import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { InteractionModel } from '../../common/interaction';
import { ACTIONS, DMEL_CHANNELS, DMEL_FRAMES_PER_TURN, type MicroTurnInput, type MicroTurnOutput } from '../../common/microturn';
import { MAX_EVENT_TOKENS, MAX_PATCHES, MAX_TEXT_TOKENS, NATIVE_HEADS, PATCH_BYTES, PLAYBACK_FEATURES } from '../models/native/contract';
import { createStepFeatures, packStep, type NativeStepContext, type NativeStepFeatures, type NativeVocab } from '../models/native/features';
import type { OracleLabel } from './oracle';

/** The per-sample files of the dataset (docs/native-training-data.md), with their element type and values per step. */
export const SAMPLE_FILES = {
  userDmel: { file: 'user_dmel.bin', type: 'uint8', perStep: DMEL_FRAMES_PER_TURN * DMEL_CHANNELS },
  assistantDmel: { file: 'assistant_dmel.bin', type: 'uint8', perStep: DMEL_FRAMES_PER_TURN * DMEL_CHANNELS },
  playback: { file: 'playback.bin', type: 'float32', perStep: PLAYBACK_FEATURES },
  textTokens: { file: 'text_tokens.bin', type: 'int32', perStep: MAX_TEXT_TOKENS },
  eventTokens: { file: 'event_tokens.bin', type: 'int32', perStep: MAX_EVENT_TOKENS },
  patchSource: { file: 'patch_source.bin', type: 'int32', perStep: MAX_PATCHES },
  patchPos: { file: 'patch_pos.bin', type: 'int32', perStep: MAX_PATCHES },
  patches: { file: 'patches.bin', type: 'uint8', perStep: MAX_PATCHES * PATCH_BYTES },
  action: { file: 'action.bin', type: 'int8', perStep: 1 },
  heads: { file: 'heads.bin', type: 'uint8', perStep: NATIVE_HEADS.length },
} as const;
export type SampleFileKey = keyof typeof SAMPLE_FILES;

const FEATURE_KEYS = ['userDmel', 'assistantDmel', 'playback', 'textTokens', 'eventTokens', 'patchSource', 'patchPos'] as const;

/** The sample's meta.json. */
export interface SampleMeta {
  id: string;
  task: string;
  seed: number | null;
  steps: number;
  turnEndsMs: number[];
  interruptionsMs: Array<[number, number]>;
  backchannelOpportunitiesMs: number[];
  voice: string | null;
  notes: string[];
}

function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** Appends steps to one sample's files as they happen (nothing of the sample is kept in memory). */
export class SampleWriter {
  private readonly fds = new Map<SampleFileKey, number>();
  private readonly label = new Int8Array(1);
  private readonly heads = new Uint8Array(NATIVE_HEADS.length);
  private readonly zeroPatches = new Uint8Array(SAMPLE_FILES.patches.perStep);
  private patchesOpen = false;
  private closed = false;
  steps = 0;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    for (const key of [...FEATURE_KEYS, 'action', 'heads'] as const) this.fds.set(key, openSync(join(dir, SAMPLE_FILES[key].file), 'w'));
  }

  append(features: NativeStepFeatures, label: OracleLabel): void {
    for (const key of FEATURE_KEYS) writeSync(this.fds.get(key)!, bytesOf(features[key]));
    // patches.bin exists only when some step has a patch: the steps before the first one are written as zeros then.
    if (!this.patchesOpen && features.patchSource.some((source) => source !== 0)) {
      const fd = openSync(join(this.dir, SAMPLE_FILES.patches.file), 'w');
      for (let i = 0; i < this.steps; i++) writeSync(fd, this.zeroPatches);
      this.fds.set('patches', fd);
      this.patchesOpen = true;
    }
    if (this.patchesOpen) writeSync(this.fds.get('patches')!, features.patches);
    this.label[0] = ACTIONS.indexOf(label.action);
    writeSync(this.fds.get('action')!, bytesOf(this.label));
    this.heads[0] = label.userSpeaking ? 1 : 0;
    this.heads[1] = label.floorFree ? 1 : 0;
    writeSync(this.fds.get('heads')!, this.heads);
    this.steps++;
  }

  /** Closes the files and writes meta.json (its `steps` is the number of steps appended). */
  finish(meta: Omit<SampleMeta, 'steps'>): SampleMeta {
    this.close();
    const full: SampleMeta = { ...meta, steps: this.steps };
    writeFileSync(join(this.dir, 'meta.json'), `${JSON.stringify(full, null, 2)}\n`);
    return full;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const fd of this.fds.values()) closeSync(fd);
  }
}

/** An interaction model that can tell its own context and the labels of its last step (the oracle). */
export interface LabellingModel<State> extends InteractionModel<State> {
  contextFor(input: MicroTurnInput, state: State): NativeStepContext;
}

/**
 * Wraps a labelling model: every step packs the input exactly as the native runtime will (packStep, with the
 * model's own context), lets the model decide, and appends the features and the step's labels to the writer.
 */
export class RecordingModel<State extends { label: OracleLabel | null }> implements InteractionModel<State> {
  readonly name: string;
  readonly runtime: string;
  private readonly features = createStepFeatures();

  constructor(
    private readonly inner: LabellingModel<State>,
    private readonly vocab: NativeVocab,
    private readonly writer: SampleWriter,
  ) {
    this.name = inner.name;
    this.runtime = `${inner.runtime}, recorded`;
  }

  /** The state of the last session (the exporter reads its labels after the run). */
  lastState: State | null = null;

  createState(): State {
    this.lastState = this.inner.createState();
    return this.lastState;
  }

  async step(input: MicroTurnInput, state: State): Promise<MicroTurnOutput> {
    packStep(input, this.inner.contextFor(input, state), this.vocab, this.features);
    const output = await this.inner.step(input, state);
    if (!state.label) throw new Error(`${this.inner.name} gave no label for micro-turn ${input.turn} (a bug in the labelling model)`);
    this.writer.append(this.features, state.label);
    return output;
  }

  async dispose(): Promise<void> {
    await this.inner.dispose();
  }
}

/** One sample's files read back (for tests and checks): every file as its typed array. */
export function readSampleFiles(dir: string, steps: number): Record<SampleFileKey, Uint8Array | Int8Array | Int32Array | Float32Array | null> {
  const out = {} as Record<SampleFileKey, Uint8Array | Int8Array | Int32Array | Float32Array | null>;
  for (const [key, spec] of Object.entries(SAMPLE_FILES) as Array<[SampleFileKey, (typeof SAMPLE_FILES)[SampleFileKey]]>) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(dir, spec.file));
    } catch {
      out[key] = null;
      continue;
    }
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const array =
      spec.type === 'uint8' ? new Uint8Array(buffer) : spec.type === 'int8' ? new Int8Array(buffer) : spec.type === 'int32' ? new Int32Array(buffer) : new Float32Array(buffer);
    if (array.length !== steps * spec.perStep) throw new Error(`${spec.file} in ${dir} holds ${array.length} values, expected ${steps} steps × ${spec.perStep}`);
    out[key] = array;
  }
  return out;
}
