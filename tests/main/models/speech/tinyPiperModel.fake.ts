// Builds a tiny ONNX model with a Piper voice's signature (input, input_lengths, scales → output [1,1,1,T]) and its .onnx.json.

import { onnx } from 'onnx-proto';

/** Samples the test model outputs per phoneme id (a real voice's are decided by its duration predictor). */
export const SAMPLES_PER_ID = 256;
/** Output value per id: id × this × length_scale, so the test can read the ids back from the audio. */
export const VALUE_PER_ID = 0.001;
export const TEST_SAMPLE_RATE_HZ = 22_050;

const { FLOAT, INT64 } = onnx.TensorProto.DataType;

/**
 * output = Reshape(Expand(Unsqueeze(Cast(input) · VALUE_PER_ID · scales[1]), [1,1,SAMPLES_PER_ID]), [1,1,1,−1]):
 * every id becomes SAMPLES_PER_ID samples of a constant level, scaled by the length scale like a real voice's timing.
 */
export function piperTestModelBytes(): Buffer {
  const valueInfo = (name: string, elemType: number, dims: Array<number | string>): onnx.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  });
  const int64s = (name: string, values: number[], dims: number[]): onnx.ITensorProto => ({ name, dataType: INT64, dims, int64Data: values });
  const model = onnx.ModelProto.encode({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'tandem-tests',
    graph: {
      name: 'piper-signature',
      initializer: [
        { name: 'per_id', dataType: FLOAT, dims: [], floatData: [VALUE_PER_ID] },
        int64s('length_index', [1], []),
        int64s('axis2', [2], [1]),
        int64s('expand_shape', [1, 1, SAMPLES_PER_ID], [3]),
        int64s('output_shape', [1, 1, 1, -1], [4]),
      ],
      node: [
        { opType: 'Cast', input: ['input'], output: ['ids_f'], attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: FLOAT }] },
        { opType: 'Mul', input: ['ids_f', 'per_id'], output: ['levels'] },
        { opType: 'Gather', input: ['scales', 'length_index'], output: ['length_scale'] },
        { opType: 'Mul', input: ['levels', 'length_scale'], output: ['scaled'] },
        { opType: 'Unsqueeze', input: ['scaled', 'axis2'], output: ['column'] },
        { opType: 'Expand', input: ['column', 'expand_shape'], output: ['frames'] },
        { opType: 'Reshape', input: ['frames', 'output_shape'], output: ['output'] },
      ],
      input: [valueInfo('input', INT64, [1, 'phonemes']), valueInfo('input_lengths', INT64, [1]), valueInfo('scales', FLOAT, [3])],
      output: [valueInfo('output', FLOAT, [1, 1, 1, 'samples'])],
    },
  }).finish();
  return Buffer.from(model);
}

/** A .onnx.json like rhasspy/piper-voices', with an id for each of `phonemes` (pad, start and end first). */
export function piperTestConfig(phonemes: Iterable<string>, lengthScale = 1): Buffer {
  const map: Record<string, number[]> = { _: [0], '^': [1], $: [2] };
  let next = 3;
  for (const phoneme of phonemes) if (!map[phoneme]) map[phoneme] = [next++];
  return Buffer.from(
    JSON.stringify({
      audio: { sample_rate: TEST_SAMPLE_RATE_HZ, quality: 'test' },
      espeak: { voice: 'en-us' },
      inference: { noise_scale: 0.667, length_scale: lengthScale, noise_w: 0.8 },
      phoneme_type: 'espeak',
      num_speakers: 1,
      phoneme_id_map: map,
    }),
  );
}
