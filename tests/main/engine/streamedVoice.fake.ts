// A voice whose synthesis progress the test drives by hand: it shows what the engine does when audio is late.

import type { Utterance } from '../../../common/microturn';
import type { Voice } from '../../../common/interaction';
import { StreamingSpeech } from '../../../main/models/speech/streamingSpeech';

export class HandDrivenVoice implements Voice {
  readonly name = 'hand-driven';
  readonly utterances: StreamingSpeech[] = [];

  synthesize(utterance: Utterance): StreamingSpeech {
    const speech = new StreamingSpeech(utterance, this.name);
    this.utterances.push(speech);
    return speech;
  }

  async dispose(): Promise<void> {}
}
