// Writes a tiny valid ONNX model (y = x + x, float32 [1, 4]) built with onnx-proto, for session tests.

import { writeFileSync } from 'node:fs';
import { onnx } from 'onnx-proto';

export function writeDoublingModel(path: string): void {
  const tensorType = (name: string): onnx.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimValue: 1 }, { dimValue: 4 }] } } },
  });
  const model = onnx.ModelProto.encode({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'tandem-tests',
    graph: {
      name: 'doubling',
      node: [{ opType: 'Add', input: ['x', 'x'], output: ['y'] }],
      input: [tensorType('x')],
      output: [tensorType('y')],
    },
  }).finish();
  writeFileSync(path, model);
}
