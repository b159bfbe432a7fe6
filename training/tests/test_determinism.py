"""Training is deterministic: two runs with the same seed give identical weights, another seed gives other weights."""

import os
import tempfile
import unittest

import torch

from training.data import write_synthetic_dataset
from training.model import NativeConfig, NativeModel
from training.train import parse_args, train

TINY = ["--d-model", "32", "--layers", "2", "--heads", "2", "--d-frame", "8", "--window", "20", "--stem-channels", "8",
        "--window-steps", "12", "--batch", "3", "--epochs", "2", "--threads", "2", "--no-export"]


class TrainingIsDeterministic(unittest.TestCase):
    def test_two_runs_with_one_seed_give_identical_weights(self):
        with tempfile.TemporaryDirectory() as tmp:
            data, val = os.path.join(tmp, "train"), os.path.join(tmp, "val")
            write_synthetic_dataset(data, samples=3, steps=30, seed=1)
            write_synthetic_dataset(val, samples=1, steps=20, seed=2)
            weights = []
            for run, seed in (("a", "3"), ("b", "3"), ("c", "4")):
                out = os.path.join(tmp, run)
                train(parse_args(["--data", data, "--val", val, "--out", out, "--seed", seed, *TINY]))
                weights.append(torch.load(os.path.join(out, "native.pt")))
            a, b, c = weights
            self.assertEqual(sorted(a), sorted(b))
            for name in a:
                self.assertTrue(torch.equal(a[name], b[name]), name)
            self.assertFalse(all(torch.equal(a[name], c[name]) for name in a))
            # Training moved the weights away from the seeded initialisation.
            torch.manual_seed(3)
            init = NativeModel(NativeConfig(d_model=32, layers=2, heads=2, d_frame=8, window=20, stem_channels=8)).state_dict()
            self.assertFalse(torch.equal(init["blocks.0.qkv.weight"], a["blocks.0.qkv.weight"]))


if __name__ == "__main__":
    unittest.main()
