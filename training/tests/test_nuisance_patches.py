"""Synthetic camera/screen patches fill a share of the windows, seeded, without touching the labels, and train the stem."""

import os
import tempfile
import unittest

import numpy as np
import torch

from training.data import collate, sample_window, load_dataset, write_synthetic_dataset
from training.train import add_nuisance_patches, parse_args, train

TINY = ["--d-model", "32", "--layers", "2", "--heads", "2", "--d-frame", "8", "--window", "20", "--stem-channels", "8",
        "--window-steps", "12", "--batch", "3", "--epochs", "1", "--threads", "2", "--no-export"]


class NuisancePatches(unittest.TestCase):
    def batch(self, tmp):
        data = os.path.join(tmp, "train")
        write_synthetic_dataset(data, samples=4, steps=12, seed=1)
        samples = load_dataset(data)
        return data, collate([sample_window(s, 0, 12) for s in samples])

    def test_fills_patches_of_some_windows_and_leaves_labels_alone(self):
        with tempfile.TemporaryDirectory() as tmp:
            _, batch = self.batch(tmp)
            labels = batch["action"].clone(), batch["heads"].clone()
            before = batch["patch_source"].clone()
            add_nuisance_patches(batch, np.random.default_rng(5), 1.0)
            self.assertTrue(torch.equal(labels[0], batch["action"]) and torch.equal(labels[1], batch["heads"]))
            for i in range(batch["patch_source"].shape[0]):
                self.assertGreater(int((batch["patch_source"][i, 0] != 0).sum()), 0, f"window {i} got no patch at step 0")
            self.assertFalse(torch.equal(before, batch["patch_source"]))
            # A slot that holds a patch has content; the sources are camera (1) or screen (2).
            self.assertTrue(set(batch["patch_source"].unique().tolist()) <= {0, 1, 2})
            _, again = self.batch(tmp)
            add_nuisance_patches(again, np.random.default_rng(5), 1.0)
            self.assertTrue(torch.equal(batch["patches"], again["patches"]))

    def test_share_zero_changes_nothing_and_training_moves_the_stem(self):
        with tempfile.TemporaryDirectory() as tmp:
            data, batch = self.batch(tmp)
            untouched = {k: v.clone() for k, v in batch.items()}
            add_nuisance_patches(batch, np.random.default_rng(5), 0.0)
            for k in batch:
                self.assertTrue(torch.equal(untouched[k], batch[k]), k)
            val = os.path.join(tmp, "val")
            write_synthetic_dataset(val, samples=1, steps=12, seed=2)
            stems = []
            for share, out in (("0", "a"), ("1", "b")):
                train(parse_args(["--data", data, "--val", val, "--out", os.path.join(tmp, out), "--seed", "3", "--patch-nuisance", share, *TINY]))
                stems.append(torch.load(os.path.join(tmp, out, "native.pt"))["stem1.weight"])
            self.assertFalse(torch.equal(stems[0], stems[1]))


if __name__ == "__main__":
    unittest.main()
