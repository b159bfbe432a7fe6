"""Validates a trained model folder on a dataset and, with --write, re-tunes its thresholds and rewrites the
`thresholds` and `validation` of its native.json (the weights and the `training` record stay as they are).

    /usr/bin/python3 -m training.evaluate --model resources/models/native --val /work/data/native/val [--write]
"""

import argparse
import json
import os
import sys

import torch

from .export import load_model
from .train import MATCH_EARLY, MATCH_LATE, blas_setup, class_weights, load_all, validate


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Validate a native model folder; optionally re-tune its thresholds.")
    parser.add_argument("--model", required=True)
    parser.add_argument("--val", action="append", required=True)
    parser.add_argument("--train", action="append", default=[],
                        help="training datasets (for the class weights of the reported loss; default: the val sets)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    blas_setup(args.threads)
    model, manifest = load_model(args.model)
    val_samples = load_all(args.val)
    weights, _ = class_weights(load_all(args.train) if args.train else val_samples)
    result = validate(model, val_samples, weights)
    validation = {k: result[k] for k in ("samples", "steps", "loss", "accuracy", "headAccuracy", "perClass", "events",
                                         "pauseHandlingFalseSpeak")}
    validation["matchWindowSteps"] = [-MATCH_EARLY, MATCH_LATE]
    validation["datasets"] = args.val
    print(json.dumps({"thresholds": result["thresholds"], **validation}, indent=1))
    if args.write:
        manifest["thresholds"] = result["thresholds"]
        manifest["validation"] = validation
        with open(os.path.join(args.model, "native.json"), "w", encoding="utf8") as handle:
            json.dump(manifest, handle, indent=2)
            handle.write("\n")
        print(f"rewrote {args.model}/native.json", file=sys.stderr)


if __name__ == "__main__":
    main()
