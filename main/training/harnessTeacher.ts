// The harness as a teacher for what the oracle cannot label from annotations (timed requests): its own action is the label, its state the context and heads.

import type { MicroTurnInput, MicroTurnOutput } from '../../common/microturn';
import type { HarnessModel, HarnessState } from '../models/harness/harness';
import type { NativeStepContext } from '../models/native/features';
import type { OracleLabel } from './oracle';
import type { LabellingModel } from './recorder';

export interface TeacherState {
  inner: HarnessState;
  label: OracleLabel | null;
  labels: OracleLabel[];
}

export class HarnessTeacher implements LabellingModel<TeacherState> {
  readonly name = 'harness-teacher';
  readonly runtime: string;

  constructor(private readonly harness: HarnessModel) {
    this.runtime = `${harness.runtime} (teacher)`;
  }

  createState(): TeacherState {
    return { inner: this.harness.createState(), label: null, labels: [] };
  }

  /** What the harness knows about itself as the chunk closes, as the native model is told it. */
  contextFor(input: MicroTurnInput, state: TeacherState): NativeStepContext {
    const s = state.inner;
    return {
      currentKind: input.assistant.speaking && s.current ? s.current.kind : null,
      // Something to answer: a finished turn, or an acknowledgement of a timed request queued for the next free floor.
      pendingReply: s.replyDue || s.timed.replies.length > 0,
      pendingInterjection: s.timed.due.length > 0,
      counting: false,
    };
  }

  async step(input: MicroTurnInput, state: TeacherState): Promise<MicroTurnOutput> {
    const output = await this.harness.step(input, state.inner);
    state.label = { action: output.action, userSpeaking: state.inner.speech.speaking, floorFree: state.inner.turn === null };
    state.labels.push(state.label);
    return output;
  }

  async dispose(): Promise<void> {}
}
