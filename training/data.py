"""Reads datasets in the tandem-native-data format (manifest.json + per-sample .bin files, memory-mapped) and builds
training windows; also writes small synthetic datasets in the same format for the tests.
"""

import json
import os
from dataclasses import dataclass

import numpy as np
import torch

from .model import (ACTIONS, DMEL_CHANNELS, DMEL_FRAMES, HEADS, MAX_EVENT_TOKENS, MAX_PATCHES, MAX_TEXT_TOKENS,
                    PATCH_SIDE, PLAYBACK_FEATURES)

# file name → (dtype, per-step shape); patches.bin may be absent (all zero).
FILES = {
    "user_dmel": (np.uint8, (DMEL_FRAMES, DMEL_CHANNELS)),
    "assistant_dmel": (np.uint8, (DMEL_FRAMES, DMEL_CHANNELS)),
    "playback": (np.float32, (PLAYBACK_FEATURES,)),
    "text_tokens": (np.int32, (MAX_TEXT_TOKENS,)),
    "event_tokens": (np.int32, (MAX_EVENT_TOKENS,)),
    "patch_source": (np.int32, (MAX_PATCHES,)),
    "patch_pos": (np.int32, (MAX_PATCHES,)),
    "patches": (np.uint8, (MAX_PATCHES, PATCH_SIDE, PATCH_SIDE, 3)),
    "action": (np.int8, ()),
    "heads": (np.uint8, (len(HEADS),)),
}
INPUTS = ["user_dmel", "assistant_dmel", "playback", "text_tokens", "event_tokens", "patches", "patch_source", "patch_pos"]


class DatasetError(Exception):
    """A dataset folder that does not follow the tandem-native-data format; the message says what and where."""


@dataclass
class Sample:
    id: str
    task: str
    steps: int
    path: str
    arrays: dict  # name → np.ndarray (memmap) [steps, ...]; "patches" is None when the file is absent
    meta: dict


def _read_json(path: str):
    try:
        with open(path, encoding="utf8") as handle:
            return json.load(handle)
    except (OSError, ValueError) as error:
        raise DatasetError(f"Cannot read {path}: {error}. Write the dataset with `tandem train-data --out DIR`.") from error


def load_dataset(root: str) -> list:
    manifest = _read_json(os.path.join(root, "manifest.json"))
    if manifest.get("format") != "tandem-native-data" or manifest.get("version") != 1:
        raise DatasetError(f"{root}/manifest.json is not a tandem-native-data v1 manifest (format {manifest.get('format')!r}).")
    if manifest.get("actions") != ACTIONS or manifest.get("heads") != HEADS:
        raise DatasetError(f"{root}/manifest.json labels actions {manifest.get('actions')} / heads {manifest.get('heads')}, "
                           f"the model expects {ACTIONS} / {HEADS}: re-export the dataset with this version of Tandem.")
    samples = []
    for entry in manifest["samples"]:
        path = os.path.join(root, entry["dir"])
        steps = int(entry["steps"])
        if steps <= 0:
            continue
        arrays = {}
        for name, (dtype, shape) in FILES.items():
            file = os.path.join(path, f"{name}.bin")
            if not os.path.exists(file):
                if name == "patches":
                    arrays[name] = None
                    continue
                raise DatasetError(f"{file} is missing: the sample {entry['id']} is incomplete; re-export the dataset.")
            expected = steps * int(np.prod(shape, dtype=np.int64)) * np.dtype(dtype).itemsize
            actual = os.path.getsize(file)
            if actual != expected:
                raise DatasetError(f"{file} has {actual} bytes, expected {expected} ({steps} steps of {shape} {np.dtype(dtype).name}).")
            arrays[name] = np.memmap(file, dtype=dtype, mode="r", shape=(steps, *shape))
        meta_path = os.path.join(path, "meta.json")
        meta = _read_json(meta_path) if os.path.exists(meta_path) else {}
        samples.append(Sample(entry["id"], entry["task"], steps, path, arrays, meta))
    if not samples:
        raise DatasetError(f"{root} holds no samples with steps.")
    return samples


def sample_window(sample: Sample, start: int, length: int) -> dict:
    """Steps [start, start+length) of one sample as numpy arrays, zero-padded past its end, with a `valid` mask."""
    end = min(start + length, sample.steps)
    n = end - start
    out = {}
    for name, (dtype, shape) in FILES.items():
        buf = np.zeros((length, *shape), dtype=dtype)
        src = sample.arrays[name]
        if src is not None:
            buf[:n] = src[start:end]
        out[name] = buf
    valid = np.zeros(length, dtype=np.float32)
    valid[:n] = 1.0
    out["valid"] = valid
    return out


def collate(windows: list) -> dict:
    """Stacks windows into [B, S, ...] tensors, trimmed to the longest real window (padding past it is never seen)."""
    length = max(int(w["valid"].sum()) for w in windows)
    batch = {name: torch.from_numpy(np.stack([w[name][:length] for w in windows])) for name in windows[0]}
    batch["action"] = batch["action"].long()
    batch["heads"] = batch["heads"].float()
    return batch


def window_starts(samples: list, length: int, rng: np.random.Generator) -> list:
    """One epoch's (sample index, start) pairs: each sample tiled by windows from a random offset, shuffled."""
    pairs = []
    for index, sample in enumerate(samples):
        # The first window starts at step 0 a third of the time, so session starts (empty cache) stay in the data.
        offset = 0 if sample.steps <= length or rng.random() < 0.34 else int(rng.integers(0, min(length, sample.steps - length) + 1))
        start = offset
        while True:
            pairs.append((index, start))
            start += length
            if start >= sample.steps:
                break
        if offset > 0:
            pairs.append((index, 0))
    order = rng.permutation(len(pairs))
    return [pairs[i] for i in order]


def batches(samples: list, pairs: list, batch: int, window: int, rng: np.random.Generator) -> list:
    """Groups (sample, start) pairs into batches of similar length (less padding), in a seeded random order."""
    group = batch * 16
    out = []
    for g in range(0, len(pairs), group):
        chunk = sorted(pairs[g: g + group], key=lambda p: (min(window, samples[p[0]].steps - p[1]), p))
        out.extend(chunk[i: i + batch] for i in range(0, len(chunk), batch))
    order = rng.permutation(len(out))
    return [out[i] for i in order]


def write_synthetic_dataset(root: str, samples: int, steps: int, seed: int, text_vocab: int = 977) -> None:
    """A small seeded dataset in the tandem-native-data format whose labels follow from the inputs (for tests)."""
    rng = np.random.default_rng(seed)
    os.makedirs(root, exist_ok=True)
    entries = []
    for s in range(samples):
        sample_id = f"synthetic-{seed}-{s}"
        rel = f"samples/{sample_id}"
        path = os.path.join(root, rel)
        os.makedirs(path, exist_ok=True)
        loud = rng.random(steps) < 0.5
        user = rng.integers(0, 4, size=(steps, DMEL_FRAMES, DMEL_CHANNELS), dtype=np.uint8)
        user[loud] += 10
        arrays = {
            "user_dmel": user,
            "assistant_dmel": rng.integers(0, 16, size=(steps, DMEL_FRAMES, DMEL_CHANNELS), dtype=np.uint8),
            "playback": rng.random((steps, PLAYBACK_FEATURES), dtype=np.float32),
            "text_tokens": np.where(rng.random((steps, MAX_TEXT_TOKENS)) < 0.2,
                                    rng.integers(1, text_vocab, size=(steps, MAX_TEXT_TOKENS)), 0).astype(np.int32),
            "event_tokens": np.where(rng.random((steps, MAX_EVENT_TOKENS)) < 0.1,
                                     rng.integers(1, 13, size=(steps, MAX_EVENT_TOKENS)), 0).astype(np.int32),
            "patch_source": np.zeros((steps, MAX_PATCHES), dtype=np.int32),
            "patch_pos": np.zeros((steps, MAX_PATCHES), dtype=np.int32),
            "patches": rng.integers(0, 256, size=(steps, MAX_PATCHES, PATCH_SIDE, PATCH_SIDE, 3), dtype=np.uint8),
        }
        with_patches = rng.random(steps) < 0.3
        arrays["patch_source"][with_patches, :2] = rng.integers(1, 3, size=(int(with_patches.sum()), 2))
        arrays["patch_pos"][with_patches, :2] = rng.integers(0, 16, size=(int(with_patches.sum()), 2))
        arrays["patches"][arrays["patch_source"] == 0] = 0
        # Labels: speak one step after the user goes quiet, listen while loud, keep_speaking otherwise.
        action = np.where(loud, 0, 3).astype(np.int8)
        action[1:][loud[:-1] & ~loud[1:]] = 2
        arrays["action"] = action
        arrays["heads"] = np.stack([loud, ~loud], axis=1).astype(np.uint8)
        for name, array in arrays.items():
            array.tofile(os.path.join(path, f"{name}.bin"))
        meta = {"id": sample_id, "task": "synthetic", "seed": seed + s, "steps": steps, "turnEndsMs": [],
                "interruptionsMs": [], "backchannelOpportunitiesMs": [], "voice": None, "notes": "synthetic test data"}
        with open(os.path.join(path, "meta.json"), "w", encoding="utf8") as handle:
            json.dump(meta, handle)
        entries.append({"id": sample_id, "task": "synthetic", "seed": seed + s, "source": "generated",
                        "heldOutVoice": False, "steps": steps, "dir": rel})
    manifest = {"format": "tandem-native-data", "version": 1, "contractVersion": 1, "actions": ACTIONS, "heads": HEADS,
                "samples": entries}
    with open(os.path.join(root, "manifest.json"), "w", encoding="utf8") as handle:
        json.dump(manifest, handle, indent=2)
