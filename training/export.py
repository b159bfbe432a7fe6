"""Exports a NativeModel to the step graph of main/models/native/contract.ts (ONNX opset 17) and writes the manifest.

    /usr/bin/python3 -m training.export --out DIR [--d-model 256 --layers 4 --heads 4 ...]   (an untrained model)
"""

import argparse
import json
import os
import shutil
import sys

import torch

from .model import (ACTIONS, CONTRACT_VERSION, DMEL_CHANNELS, DMEL_FRAMES, HEADS, MAX_EVENT_TOKENS, MAX_PATCHES,
                    MAX_TEXT_TOKENS, PATCH_SIDE, PLAYBACK_FEATURES, NativeConfig, NativeModel, StepGraph, count_params)

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_VOCAB = os.path.join(REPO, "resources", "models", "native", "vocab.json")

INPUT_NAMES = ["user_dmel", "assistant_dmel", "playback", "text_tokens", "event_tokens", "patches", "patch_source",
               "patch_pos", "past_key", "past_value", "past_valid"]
OUTPUT_NAMES = ["action_logits", "heads", "next_key", "next_value", "next_valid"]
DEFAULT_THRESHOLDS = {"speak": 0.5, "yield": 0.5, "backchannel": 0.5, "interject": 0.5}


def vocab_size(path: str) -> int:
    with open(path, encoding="utf8") as handle:
        vocab = json.load(handle)
    return 1 + int(vocab["oovBuckets"]) + len(vocab["words"])


def example_inputs(cfg: NativeConfig):
    """Zero inputs of the contract's shapes and dtypes (a session's first step)."""
    state = (torch.zeros(cfg.layers, 1, cfg.heads, cfg.window, cfg.head_dim),) * 2
    return (
        torch.zeros(1, DMEL_FRAMES, DMEL_CHANNELS, dtype=torch.uint8),
        torch.zeros(1, DMEL_FRAMES, DMEL_CHANNELS, dtype=torch.uint8),
        torch.zeros(1, PLAYBACK_FEATURES),
        torch.zeros(1, MAX_TEXT_TOKENS, dtype=torch.int32),
        torch.zeros(1, MAX_EVENT_TOKENS, dtype=torch.int32),
        torch.zeros(1, MAX_PATCHES, PATCH_SIDE, PATCH_SIDE, 3, dtype=torch.uint8),
        torch.zeros(1, MAX_PATCHES, dtype=torch.int32),
        torch.zeros(1, MAX_PATCHES, dtype=torch.int32),
        *state,
        torch.zeros(1, cfg.window),
    )


def export_onnx(model: NativeModel, path: str) -> None:
    model.eval()
    with torch.no_grad():
        torch.onnx.export(StepGraph(model), example_inputs(model.cfg), path, opset_version=17, input_names=INPUT_NAMES,
                          output_names=OUTPUT_NAMES, do_constant_folding=True)


def dims(cfg: NativeConfig) -> dict:
    return {"dModel": cfg.d_model, "layers": cfg.layers, "heads": cfg.heads, "headDim": cfg.head_dim,
            "window": cfg.window, "dFrame": cfg.d_frame, "mlpRatio": cfg.mlp_ratio, "textVocab": cfg.text_vocab,
            "stemChannels": cfg.stem_channels}


def config_from_dims(d: dict) -> NativeConfig:
    return NativeConfig(d_model=d["dModel"], layers=d["layers"], heads=d["heads"], d_frame=d["dFrame"],
                        mlp_ratio=d["mlpRatio"], window=d["window"], text_vocab=d["textVocab"], stem_channels=d["stemChannels"])


def write_model(model: NativeModel, out_dir: str, name: str, vocab_path: str, thresholds: dict, training=None,
                validation=None) -> dict:
    """Writes native.onnx, native.pt, native.json and vocab.json (copied) into out_dir; returns the manifest."""
    os.makedirs(out_dir, exist_ok=True)
    export_onnx(model, os.path.join(out_dir, "native.onnx"))
    torch.save(model.state_dict(), os.path.join(out_dir, "native.pt"))
    target_vocab = os.path.join(out_dir, "vocab.json")
    if os.path.abspath(vocab_path) != os.path.abspath(target_vocab):
        shutil.copyfile(vocab_path, target_vocab)
    manifest = {
        "contractVersion": CONTRACT_VERSION,
        "name": name,
        "onnx": "native.onnx",
        "stateDict": "native.pt",
        "vocab": "vocab.json",
        "actions": ACTIONS,
        "heads": HEADS,
        "dims": dims(model.cfg),
        "params": count_params(model),
        "thresholds": thresholds,
        "training": training,
        "validation": validation,
    }
    with open(os.path.join(out_dir, "native.json"), "w", encoding="utf8") as handle:
        json.dump(manifest, handle, indent=2)
        handle.write("\n")
    return manifest


def load_model(model_dir: str) -> tuple:
    """(NativeModel with native.pt's weights, manifest) of a folder written by write_model."""
    manifest_path = os.path.join(model_dir, "native.json")
    try:
        with open(manifest_path, encoding="utf8") as handle:
            manifest = json.load(handle)
    except OSError as error:
        raise SystemExit(f"Cannot read the model manifest {manifest_path}: {error}. Point --model at a folder written by training/.")
    model = NativeModel(config_from_dims(manifest["dims"]))
    model.load_state_dict(torch.load(os.path.join(model_dir, manifest.get("stateDict", "native.pt"))))
    model.eval()
    return model, manifest


def add_size_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--d-model", type=int, default=192)
    parser.add_argument("--layers", type=int, default=4)
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--d-frame", type=int, default=48)
    parser.add_argument("--window", type=int, default=250, help="cache length in tokens (multiple of 5)")
    parser.add_argument("--stem-channels", type=int, default=48)
    parser.add_argument("--vocab", default=DEFAULT_VOCAB)


def config_from_args(args) -> NativeConfig:
    return NativeConfig(d_model=args.d_model, layers=args.layers, heads=args.heads, d_frame=args.d_frame,
                        window=args.window, text_vocab=vocab_size(args.vocab), stem_channels=args.stem_channels)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Export an untrained native model (for runtime work and sizing).")
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--name", default="native-untrained")
    parser.add_argument("--init-std", type=float, default=None,
                        help="redraw weight matrices with this std and relative biases with std 1 (parity tests: "
                             "outputs of a realistic scale, so a wrong mask or distance shows)")
    add_size_args(parser)
    args = parser.parse_args(argv)
    torch.manual_seed(args.seed)
    model = NativeModel(config_from_args(args))
    if args.init_std is not None:
        with torch.no_grad():
            for name, param in model.named_parameters():
                if "rel_bias" in name:
                    param.normal_(0.0, 1.0)
                elif param.dim() >= 2:
                    param.normal_(0.0, args.init_std)
    manifest = write_model(model, args.out, args.name, args.vocab, dict(DEFAULT_THRESHOLDS),
                           training={"untrained": True, "seeds": {"init": args.seed}, "torchVersion": torch.__version__})
    print(f"wrote {args.out}: {manifest['params']} parameters, dims {manifest['dims']}", file=sys.stderr)


if __name__ == "__main__":
    main()
