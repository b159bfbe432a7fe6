"""Trains the native interaction model on tandem-native-data datasets, validates every epoch, tunes the per-action
thresholds on the validation set and writes the model folder (native.onnx, native.pt, native.json, training-log.json).

    /usr/bin/python3 -m training.train --data /work/data/native/train --val /work/data/native/val \
        --out resources/models/native [--threads 2] [--epochs 7] [--max-minutes 26] [--seed 1] [--init DIR]

Deterministic: seeded torch and numpy, deterministic algorithms, a fixed thread count; two runs with the same
arguments give identical weights (training/tests/test_determinism.py) unless --max-minutes cuts one of them short.
"""

import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

from .data import batches, collate, load_dataset, sample_window, window_starts
from .export import (DEFAULT_THRESHOLDS, add_size_args, config_from_args, config_from_dims, load_model, write_model)
from .model import ACTIONS, HEADS, NativeModel, count_params

ACTION_INDEX = {name: i for i, name in enumerate(ACTIONS)}
# Actions the runtime acts on when p(action) reaches its threshold; they are the rare, timed ones.
TIMED_ACTIONS = ["speak", "yield", "backchannel", "interject"]
# A predicted onset counts as the labelled event when it lands this many steps early .. late.
MATCH_EARLY, MATCH_LATE = 2, 5
# How far around a labelled onset we look for the first threshold crossing (steps).
SEARCH_EARLY, SEARCH_LATE = 10, 25


def class_weights(samples: list) -> torch.Tensor:
    """Inverse square-root frequency, normalised to mean 1 over present classes: rare actions weigh more, not absurdly."""
    counts = np.zeros(len(ACTIONS), dtype=np.float64)
    for sample in samples:
        counts += np.bincount(np.asarray(sample.arrays["action"], dtype=np.int64), minlength=len(ACTIONS))
    weights = np.where(counts > 0, 1.0 / np.sqrt(np.maximum(counts, 1.0)), 0.0)
    present = weights > 0
    weights[present] /= weights[present].mean()
    return torch.tensor(weights, dtype=torch.float32), counts.astype(int).tolist()


def losses(model: NativeModel, batch: dict, weights: torch.Tensor):
    logits, head_logits = model.forward_parallel(batch)
    valid = batch["valid"]
    ce = F.cross_entropy(logits.reshape(-1, len(ACTIONS)), batch["action"].reshape(-1), weight=weights, reduction="none")
    w = weights[batch["action"].reshape(-1)] * valid.reshape(-1)
    action_loss = (ce * valid.reshape(-1)).sum() / w.sum().clamp(min=1e-6)
    bce = F.binary_cross_entropy_with_logits(head_logits, batch["heads"], reduction="none").mean(dim=-1)
    head_loss = (bce * valid).sum() / valid.sum().clamp(min=1.0)
    return action_loss, head_loss


def onsets(mask: np.ndarray) -> np.ndarray:
    """Steps where a boolean run starts."""
    prev = np.concatenate([[False], mask[:-1]])
    return np.nonzero(mask & ~prev)[0]


@torch.no_grad()
def predict(model: NativeModel, samples: list) -> list:
    """Per sample: (action probabilities [steps, 6], head probabilities [steps, 2]) from the start of the session."""
    model.eval()
    out = []
    for sample in samples:
        batch = collate([sample_window(sample, 0, sample.steps)])
        logits, head_logits = model.forward_parallel(batch)
        out.append((torch.softmax(logits[0], dim=-1).numpy(), torch.sigmoid(head_logits[0]).numpy()))
    model.train()
    return out


def event_scores(samples: list, preds: list, action: str, threshold: float) -> dict:
    """Event-level agreement of `p(action) ≥ threshold` onsets with labelled onsets of `action`."""
    a = ACTION_INDEX[action]
    labelled = predicted = matched = 0
    deltas = []
    for sample, (probs, _) in zip(samples, preds):
        labels = np.asarray(sample.arrays["action"]) == a
        fire = probs[:, a] >= threshold
        true_on = onsets(labels)
        pred_on = onsets(fire)
        labelled += len(true_on)
        predicted += len(pred_on)
        used = set()
        for k in true_on:
            for p in pred_on:
                if k - MATCH_EARLY <= p <= k + MATCH_LATE and p not in used:
                    used.add(p)
                    matched += 1
                    break
            window = np.nonzero(fire[max(0, k - SEARCH_EARLY): k + SEARCH_LATE + 1])[0]
            if len(window):
                deltas.append(int(window[0] + max(0, k - SEARCH_EARLY) - k))
    precision = matched / predicted if predicted else 0.0
    recall = matched / labelled if labelled else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"labelled": labelled, "predicted": predicted, "matched": matched, "precision": precision, "recall": recall,
            "f1": f1, "found": len(deltas), "medianDeltaSteps": float(np.median(deltas)) if deltas else None,
            "meanAbsDeltaSteps": float(np.mean(np.abs(deltas))) if deltas else None}


def tune_thresholds(samples: list, preds: list) -> tuple:
    thresholds, report = {}, {}
    grid = [round(x, 2) for x in np.arange(0.05, 0.96, 0.05)]
    for action in TIMED_ACTIONS:
        scored = [(event_scores(samples, preds, action, t), t) for t in grid]
        if scored[0][0]["labelled"] == 0:
            thresholds[action] = DEFAULT_THRESHOLDS[action]
            report[action] = {"tuned": False, "why": "no labelled onsets in the validation set", "threshold": thresholds[action]}
            continue
        # Best event F1; on ties the higher threshold (fewer false starts).
        best_score, best_t = max(scored, key=lambda st: (round(st[0]["f1"], 6), st[1]))
        if best_score["f1"] == 0.0:
            thresholds[action] = DEFAULT_THRESHOLDS[action]
            report[action] = {"tuned": False, "why": "no threshold matches any labelled onset",
                              **event_scores(samples, preds, action, thresholds[action]), "threshold": thresholds[action]}
            continue
        thresholds[action] = best_t
        report[action] = {"tuned": True, "threshold": best_t, **best_score}
    return thresholds, report


def false_speak_in_pauses(samples: list, preds: list, threshold: float) -> dict:
    """pause_handling samples: steps where p(speak) ≥ threshold while the user holds the floor (floor_free 0), away
    from any labelled speak onset (a start up to MATCH_EARLY steps early is timing, not taking the turn in a pause)."""
    s = ACTION_INDEX["speak"]
    total = with_false = steps = 0
    for sample, (probs, _) in zip(samples, preds):
        if sample.task != "pause_handling":
            continue
        total += 1
        held = np.asarray(sample.arrays["heads"])[:, 1] == 0
        labels = np.asarray(sample.arrays["action"]) == s
        near = np.zeros(sample.steps, dtype=bool)
        for k in onsets(labels):
            near[max(0, k - MATCH_EARLY): k + MATCH_LATE + 1] = True
        false = (probs[:, s] >= threshold) & held & ~near
        steps += int(false.sum())
        with_false += int(false.any())
    return {"samples": total, "samplesWithFalseSpeak": with_false, "falseSpeakSteps": steps,
            "rate": with_false / total if total else None}


def validate(model: NativeModel, samples: list, weights: torch.Tensor, thresholds=None) -> dict:
    preds = predict(model, samples)
    n = len(ACTIONS)
    confusion = np.zeros((n, n), dtype=np.int64)
    loss_sum = weight_sum = head_loss = head_steps = 0.0
    head_correct = np.zeros(len(HEADS))
    for sample, (probs, heads) in zip(samples, preds):
        labels = np.asarray(sample.arrays["action"], dtype=np.int64)
        np.add.at(confusion, (labels, probs.argmax(axis=1)), 1)
        w = weights.numpy()[labels]
        loss_sum += float((-np.log(np.maximum(probs[np.arange(len(labels)), labels], 1e-12)) * w).sum())
        weight_sum += float(w.sum())
        target = np.asarray(sample.arrays["heads"], dtype=np.float64)
        h = np.clip(heads, 1e-7, 1 - 1e-7)
        head_loss += float(-(target * np.log(h) + (1 - target) * np.log(1 - h)).mean(axis=1).sum())
        head_steps += len(labels)
        head_correct += ((heads >= 0.5) == (target >= 0.5)).sum(axis=0)
    per_class = {}
    for i, name in enumerate(ACTIONS):
        tp = int(confusion[i, i])
        per_class[name] = {"support": int(confusion[i].sum()), "predicted": int(confusion[:, i].sum()),
                           "precision": tp / confusion[:, i].sum() if confusion[:, i].sum() else None,
                           "recall": tp / confusion[i].sum() if confusion[i].sum() else None}
    tuned, events = tune_thresholds(samples, preds)
    use = thresholds or tuned
    return {
        "samples": len(samples), "steps": int(confusion.sum()),
        "actionLoss": loss_sum / max(weight_sum, 1e-9), "headLoss": head_loss / max(head_steps, 1),
        "loss": loss_sum / max(weight_sum, 1e-9) + head_loss / max(head_steps, 1),
        "accuracy": float(np.trace(confusion) / max(confusion.sum(), 1)),
        "headAccuracy": {name: float(head_correct[i] / max(head_steps, 1)) for i, name in enumerate(HEADS)},
        "perClass": per_class, "confusion": confusion.tolist(),
        "thresholds": tuned, "events": events,
        "pauseHandlingFalseSpeak": false_speak_in_pauses(samples, preds, use["speak"]),
    }


def load_all(dirs: list) -> list:
    samples = []
    for d in dirs:
        samples.extend(load_dataset(d))
    return samples


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Train the native interaction model (see the module docstring).")
    parser.add_argument("--data", action="append", required=True, help="training dataset folder (repeatable)")
    parser.add_argument("--val", action="append", default=[], help="validation dataset folder (repeatable)")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "resources", "models", "native"))
    parser.add_argument("--name", default="native")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=7)
    parser.add_argument("--max-minutes", type=float, default=None, help="stop after this much wall time (ends determinism)")
    parser.add_argument("--max-steps", type=int, default=None, help="stop after this many optimiser steps")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--init", default=None, help="model folder to fine-tune from (its dims win over the size flags)")
    parser.add_argument("--window-steps", type=int, default=128, help="micro-turns per training window (generated samples are shorter: whole sessions)")
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--lr", type=float, default=1.5e-3)
    parser.add_argument("--weight-decay", type=float, default=0.05)
    parser.add_argument("--head-weight", type=float, default=0.5)
    parser.add_argument("--patch-nuisance", type=float, default=0.0, help="share of windows given changing synthetic camera/screen patches")
    parser.add_argument("--no-export", action="store_true", help="write native.pt and the logs only (tests)")
    add_size_args(parser)
    return parser.parse_args(argv)


def blas_setup(threads: int) -> str:
    """Pins OpenBLAS's own thread pool (torch.set_num_threads does not reach it) and says which BLAS torch uses.

    Debian's torch calls whatever libblas.so.3 the system provides; the reference BLAS (libblas3) is ~6x slower than
    OpenBLAS for these matrix sizes. Install libopenblas0-pthread (scripts/install-system-deps.sh does), or point
    LD_LIBRARY_PATH at an openblas-pthread folder.
    """
    import ctypes

    try:
        with open("/proc/self/maps", encoding="utf8") as handle:
            libs = {line.split()[-1] for line in handle if "blas" in line and ".so" in line}
    except OSError:
        return "unknown"
    for lib in sorted(libs):
        try:
            ctypes.CDLL(lib).openblas_set_num_threads(threads)
            return f"openblas ({lib})"
        except (OSError, AttributeError):
            continue
    print(f"warning: PyTorch uses the reference BLAS ({', '.join(sorted(libs)) or 'none found'}): training is several times "
          "slower; install libopenblas0-pthread (scripts/install-system-deps.sh).", file=sys.stderr)
    return f"reference ({', '.join(sorted(libs))})"


def add_nuisance_patches(batch: dict, rng: np.random.Generator, share: float) -> None:
    """Fills the patch slots of a `share` of the windows with changing synthetic camera/screen patches, labels unchanged.

    The generated conversations have no camera or screen, so without this the patch stem never trains and a live
    camera would feed the transformer untrained, arbitrary embeddings. With it the model learns that frames alone do
    not change what to do about speech (the perception signals that matter reach it as event tokens).
    """
    if share <= 0:
        return
    b, s = batch["patch_source"].shape[:2]
    for i in range(b):
        if rng.random() >= share:
            continue
        slots = int(rng.integers(1, 9))
        source = torch.from_numpy(np.where(np.arange(slots) < min(slots, 4), 1, 2).astype(np.int32))
        if rng.random() < 0.5:
            source = 3 - source
        pos = torch.from_numpy(rng.integers(0, 16, size=slots).astype(np.int32))
        texture = rng.integers(0, 256, size=(slots, 40, 40, 3)).astype(np.int16)
        every = int(rng.integers(1, 4))
        for k in range(0, s, every):
            drift = rng.integers(-24, 25, size=(slots, 1, 1, 3))
            frame = np.clip(texture + drift, 0, 255).astype(np.uint8)
            batch["patches"][i, k, :slots] = torch.from_numpy(frame)
            batch["patch_source"][i, k, :slots] = source
            batch["patch_pos"][i, k, :slots] = pos


def train(args) -> dict:
    started = time.monotonic()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    blas = blas_setup(args.threads)
    torch.use_deterministic_algorithms(True)
    rng = np.random.default_rng(args.seed)

    train_samples = load_all(args.data)
    val_samples = load_all(args.val) if args.val else []
    if args.init:
        model, init_manifest = load_model(args.init)
        model.train()
    else:
        model = NativeModel(config_from_args(args))
        init_manifest = None
    weights, counts = class_weights(train_samples)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2 and "rel_bias" not in n]
    no_decay = [p for n, p in model.named_parameters() if not (p.dim() >= 2 and "rel_bias" not in n)]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay},
                                   {"params": no_decay, "weight_decay": 0.0}], lr=args.lr, betas=(0.9, 0.98))
    per_epoch = math.ceil(len(window_starts(train_samples, args.window_steps, np.random.default_rng(0))) / args.batch)
    total = per_epoch * args.epochs if args.max_steps is None else min(per_epoch * args.epochs, args.max_steps)
    warmup = min(100, max(1, total // 10))

    def lr_at(step: int) -> float:
        if step < warmup:
            return args.lr * (step + 1) / warmup
        return args.lr * 0.5 * (1 + math.cos(math.pi * min(1.0, (step - warmup) / max(1, total - warmup))))

    print(f"training {count_params(model)} parameters on {len(train_samples)} samples "
          f"({sum(s.steps for s in train_samples)} steps), {per_epoch} batches per epoch, label counts {counts}", file=sys.stderr)
    log = {"epochs": [], "steps": []}
    best = None
    step = 0
    stopped = None
    last = {}
    for epoch in range(args.epochs):
        pairs = window_starts(train_samples, args.window_steps, rng)
        sums = np.zeros(2)
        seen = 0
        for chosen in batches(train_samples, pairs, args.batch, args.window_steps, rng):
            if args.max_steps is not None and step >= args.max_steps:
                stopped = "max-steps"
                break
            if args.max_minutes is not None and time.monotonic() - started > args.max_minutes * 60:
                stopped = "max-minutes"
                break
            batch = collate([sample_window(train_samples[i], s, args.window_steps) for i, s in chosen])
            add_nuisance_patches(batch, rng, args.patch_nuisance)
            for group in optimizer.param_groups:
                group["lr"] = lr_at(step)
            action_loss, head_loss = losses(model, batch, weights)
            loss = action_loss + args.head_weight * head_loss
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            step += 1
            sums += (float(action_loss), float(head_loss))
            seen += 1
            if step % 20 == 0:
                entry = {"step": step, "epoch": epoch, "actionLoss": float(action_loss), "headLoss": float(head_loss),
                         "lr": lr_at(step - 1), "seconds": round(time.monotonic() - started, 1)}
                log["steps"].append(entry)
                print(json.dumps(entry), file=sys.stderr)
        last = {"actionLoss": sums[0] / max(seen, 1), "headLoss": sums[1] / max(seen, 1)}
        record = {"epoch": epoch, "steps": step, "train": last, "seconds": round(time.monotonic() - started, 1)}
        if val_samples:
            val = validate(model, val_samples, weights)
            record["val"] = val
            summary = {k: val[k] for k in ("loss", "accuracy")}
            summary["f1"] = {a: val["events"][a].get("f1") for a in TIMED_ACTIONS}
            print(f"epoch {epoch}: train {last} val {json.dumps(summary)}", file=sys.stderr)
            if best is None or val["loss"] < best["loss"]:
                best = {"loss": val["loss"], "epoch": epoch, "state": {k: v.clone() for k, v in model.state_dict().items()}}
        else:
            print(f"epoch {epoch}: train {last}", file=sys.stderr)
        log["epochs"].append(record)
        if stopped:
            break

    if best is not None:
        model.load_state_dict(best["state"])
    final_val = validate(model, val_samples, weights) if val_samples else None
    thresholds = final_val["thresholds"] if final_val else dict(DEFAULT_THRESHOLDS)
    minutes = (time.monotonic() - started) / 60
    training = {
        "datasets": {"train": args.data, "val": args.val}, "trainSamples": len(train_samples),
        "trainSteps": sum(s.steps for s in train_samples), "labelCounts": dict(zip(ACTIONS, counts)),
        "classWeights": dict(zip(ACTIONS, [round(float(w), 4) for w in weights])),
        "seeds": {"torch": args.seed, "numpy": args.seed}, "epochs": len(log["epochs"]), "steps": step,
        "stoppedBy": stopped or "epochs", "bestEpoch": best["epoch"] if best else None,
        "minutes": round(minutes, 2), "threads": args.threads, "torchVersion": torch.__version__, "blas": blas,
        "windowSteps": args.window_steps, "batch": args.batch, "lr": args.lr, "weightDecay": args.weight_decay,
        "headWeight": args.head_weight, "patchNuisance": args.patch_nuisance, "init": args.init, "finalLosses": last,
    }
    if init_manifest is not None:
        training["initName"] = init_manifest.get("name")
    os.makedirs(args.out, exist_ok=True)
    if args.no_export:
        torch.save(model.state_dict(), os.path.join(args.out, "native.pt"))
        manifest = {"training": training}
    else:
        validation = None
        if final_val:
            validation = {k: final_val[k] for k in ("samples", "steps", "loss", "accuracy", "headAccuracy", "perClass",
                                                    "events", "pauseHandlingFalseSpeak")}
            validation["matchWindowSteps"] = [-MATCH_EARLY, MATCH_LATE]
        manifest = write_model(model, args.out, args.name, args.vocab, thresholds, training=training, validation=validation)
    with open(os.path.join(args.out, "training-log.json"), "w", encoding="utf8") as handle:
        json.dump({"training": training, **log}, handle, indent=1)
        handle.write("\n")
    print(f"wrote {args.out} after {minutes:.1f} min, {step} steps", file=sys.stderr)
    return manifest


def main(argv=None) -> None:
    train(parse_args(argv))


if __name__ == "__main__":
    main()
