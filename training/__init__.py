"""Training recipe of Tandem's native interaction model (PyTorch, Debian's torch 1.13 at /usr/bin/python3).

Run from the repository root:
    /usr/bin/python3 -m training.train --data DIR --val DIR --out resources/models/native   (npm run train)
    /usr/bin/python3 -m training.export --out DIR           an untrained model of the contract (runtime work, sizing)
    /usr/bin/python3 -m training.parity --model DIR --out FIXTURE_DIR [--data DIR]   PyTorch step outputs for parity
    node training/measure_step.mjs DIR...                    step latency in onnxruntime-node on one thread
    /usr/bin/python3 -m unittest discover training/tests    (run by tests/training/python_unittests.test.ts)

model.py is the network (parallel and streaming forwards), data.py reads the tandem-native-data format, train.py the
loop and validation, export.py the ONNX step graph (main/models/native/contract.ts) and the manifest native.json.
"""
