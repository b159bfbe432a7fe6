"""The parallel (training) forward and the step-by-step (cached) forward compute the same function, past the window."""

import unittest

import numpy as np
import torch

from training.data import INPUTS, collate, load_dataset, sample_window, write_synthetic_dataset
from training.model import TOKENS_PER_STEP, NativeConfig, NativeModel


class ParallelEqualsStreaming(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import tempfile

        cls.tmp = tempfile.TemporaryDirectory()
        write_synthetic_dataset(cls.tmp.name, samples=1, steps=24, seed=5)
        cls.sample = load_dataset(cls.tmp.name)[0]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def run_both(self, cfg: NativeConfig, steps: int):
        torch.manual_seed(2)
        model = NativeModel(cfg)
        # Non-zero relative biases so a wrong distance or mask shows up in the outputs.
        with torch.no_grad():
            for block in model.blocks:
                block.rel_bias.normal_(0, 1.0)
        model.eval()
        window = sample_window(self.sample, 0, steps)
        with torch.no_grad():
            logits, head_logits = model.forward_parallel(collate([window]))
            key, value, valid = model.empty_state()
            step_logits, step_heads = [], []
            for k in range(steps):
                args = [torch.from_numpy(np.ascontiguousarray(window[name][k : k + 1])) for name in INPUTS]
                a, h, key, value, valid = model.step(*args, key, value, valid)
                step_logits.append(a)
                step_heads.append(h)
        return logits[0], torch.sigmoid(head_logits[0]), torch.cat(step_logits), torch.cat(step_heads), valid

    def test_the_cached_steps_give_the_parallel_outputs_beyond_the_window(self):
        # A 3-micro-turn window (15 tokens) and 24 steps: 21 steps run with a full, sliding cache.
        cfg = NativeConfig(d_model=32, layers=2, heads=2, d_frame=8, window=15, stem_channels=8)
        logits, heads, step_logits, step_heads, valid = self.run_both(cfg, 24)
        self.assertEqual(tuple(step_logits.shape), (24, 6))
        self.assertLess(float((logits - step_logits).abs().max()), 1e-5)
        self.assertLess(float((heads - step_heads).abs().max()), 1e-5)
        self.assertEqual(valid.tolist(), [[1.0] * 15])

    def test_the_window_limits_what_a_step_sees(self):
        # With a 1-micro-turn window and 2 layers, step 0 reaches step 1 directly and step 2 through step 1's layer-1
        # states (the receptive field is layers × window, as in any sliding-window cache), and never step 3.
        cfg = NativeConfig(d_model=32, layers=2, heads=2, d_frame=8, window=TOKENS_PER_STEP, stem_channels=8)
        torch.manual_seed(2)
        model = NativeModel(cfg).eval()
        with torch.no_grad():
            for block in model.blocks:
                block.rel_bias.normal_(0, 1.0)
        window = sample_window(self.sample, 0, 5)
        changed = {name: array.copy() for name, array in window.items()}
        changed["user_dmel"][0] = (changed["user_dmel"][0] + 7) % 16
        with torch.no_grad():
            a, _ = model.forward_parallel(collate([window]))
            b, _ = model.forward_parallel(collate([changed]))
        diff = (a - b).abs().amax(dim=-1)[0]
        self.assertGreater(float(diff[0]), 1e-4)
        self.assertGreater(float(diff[1]), 1e-4)
        self.assertGreater(float(diff[2]), 1e-4)
        self.assertEqual(float(diff[3]), 0.0)
        self.assertEqual(float(diff[4]), 0.0)

    def test_padding_slots_do_not_change_the_outputs(self):
        # Pad text, event and patch slots are masked: rewriting an empty patch slot's pixels changes nothing.
        cfg = NativeConfig(d_model=32, layers=1, heads=2, d_frame=8, window=15, stem_channels=8)
        torch.manual_seed(4)
        model = NativeModel(cfg).eval()
        window = sample_window(self.sample, 0, 6)
        changed = {name: array.copy() for name, array in window.items()}
        empty = changed["patch_source"] == 0
        changed["patches"][empty] = 200
        self.assertTrue(bool(empty.any()))
        with torch.no_grad():
            a, _ = model.forward_parallel(collate([window]))
            b, _ = model.forward_parallel(collate([changed]))
        self.assertEqual(float((a - b).abs().max()), 0.0)


if __name__ == "__main__":
    unittest.main()
