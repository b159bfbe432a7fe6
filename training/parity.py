"""Writes a parity fixture: N consecutive micro-turns of inputs and PyTorch's step-by-step outputs (the cache carried),
so tests/training/onnx_matches_pytorch.test.ts can check onnxruntime-node against them.

    /usr/bin/python3 -m training.parity --model DIR --out FIXTURE_DIR [--data DATASET] [--steps 30] [--seed 7]

FIXTURE_DIR/fixture.json lists every tensor: {name, file, dtype, shape}; each .bin is little-endian row-major with
the step as the leading dimension. Outputs: action_logits and heads of every step, and the state after the last step.
"""

import argparse
import json
import os

import numpy as np
import torch

from .data import INPUTS, load_dataset, sample_window
from .export import load_model
from .model import MAX_PATCHES

DTYPES = {np.dtype(np.uint8): "uint8", np.dtype(np.int32): "int32", np.dtype(np.float32): "float32"}


def random_inputs(steps: int, seed: int, text_vocab: int) -> dict:
    rng = np.random.default_rng(seed)
    out = {
        "user_dmel": rng.integers(0, 16, size=(steps, 16, 80), dtype=np.uint8),
        "assistant_dmel": rng.integers(0, 16, size=(steps, 16, 80), dtype=np.uint8),
        "playback": rng.random((steps, 8), dtype=np.float32),
        "text_tokens": np.where(rng.random((steps, 16)) < 0.3, rng.integers(1, text_vocab, size=(steps, 16)), 0).astype(np.int32),
        "event_tokens": np.where(rng.random((steps, 8)) < 0.3, rng.integers(1, 13, size=(steps, 8)), 0).astype(np.int32),
        "patches": rng.integers(0, 256, size=(steps, MAX_PATCHES, 40, 40, 3), dtype=np.uint8),
        "patch_source": rng.integers(0, 3, size=(steps, MAX_PATCHES)).astype(np.int32),
        "patch_pos": rng.integers(0, 16, size=(steps, MAX_PATCHES)).astype(np.int32),
    }
    return out


def dataset_inputs(data_dir: str, steps: int) -> tuple:
    samples = load_dataset(data_dir)
    # Prefer a sample with patches so the stem is exercised, and long enough for all steps.
    ranked = sorted(samples, key=lambda s: (s.steps < steps, s.arrays["patches"] is None, s.id))
    sample = ranked[0]
    window = sample_window(sample, 0, steps)
    return {name: window[name] for name in INPUTS}, sample.id


def run_steps(model, inputs: dict, steps: int) -> dict:
    key, value, valid = model.empty_state()
    logits, heads = [], []
    with torch.no_grad():
        for k in range(steps):
            args = [torch.from_numpy(np.ascontiguousarray(inputs[name][k : k + 1])) for name in INPUTS]
            a, h, key, value, valid = model.step(*args, key, value, valid)
            logits.append(a.numpy())
            heads.append(h.numpy())
    return {"action_logits": np.concatenate(logits), "heads": np.concatenate(heads), "next_key": key.numpy(),
            "next_value": value.numpy(), "next_valid": valid.numpy()}


def write_fixture(out_dir: str, inputs: dict, outputs: dict, info: dict) -> None:
    os.makedirs(out_dir, exist_ok=True)
    tensors = []
    for kind, group in (("input", inputs), ("output", outputs)):
        for name, array in group.items():
            array = np.ascontiguousarray(array)
            file = f"{kind}-{name}.bin"
            array.tofile(os.path.join(out_dir, file))
            tensors.append({"kind": kind, "name": name, "file": file, "dtype": DTYPES[array.dtype], "shape": list(array.shape)})
    with open(os.path.join(out_dir, "fixture.json"), "w", encoding="utf8") as handle:
        json.dump({**info, "tensors": tensors}, handle, indent=2)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="PyTorch step-by-step outputs for the ONNX parity test.")
    parser.add_argument("--model", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--data", default=None)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    model, manifest = load_model(args.model)
    if args.data:
        inputs, source = dataset_inputs(args.data, args.steps)
    else:
        inputs, source = random_inputs(args.steps, args.seed, model.cfg.text_vocab), f"random seed {args.seed}"
    outputs = run_steps(model, inputs, args.steps)
    write_fixture(args.out, inputs, outputs, {"steps": args.steps, "source": source, "dims": manifest["dims"]})


if __name__ == "__main__":
    main()
