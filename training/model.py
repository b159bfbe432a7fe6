"""The native interaction model: dMel bag of embeddings, hMLP patch stem, text/event tokens, a small causal
transformer with a sliding-window KV cache and a learned relative position bias.

Two forwards compute the same function: `forward_parallel` over windows of consecutive micro-turns (training, a band
attention mask) and `step` over one micro-turn with the cache (the ONNX graph). training/tests proves they agree.
"""

import dataclasses
import math

import torch
import torch.nn.functional as F
from torch import nn

# main/models/native/contract.ts
AUDIO_TOKENS_PER_STEP = 4
TOKENS_PER_STEP = AUDIO_TOKENS_PER_STEP + 1
DMEL_FRAMES = 16
DMEL_CHANNELS = 80
DMEL_BINS = 16
MAX_TEXT_TOKENS = 16
MAX_EVENT_TOKENS = 8
MAX_PATCHES = 8
PATCH_SIDE = 40
PATCH_POSITIONS = 16
PATCH_SOURCES = 3
PLAYBACK_FEATURES = 8
EVENT_VOCAB_SIZE = 16
ACTIONS = ["listen", "backchannel", "speak", "keep_speaking", "yield", "interject"]
HEADS = ["user_speaking", "floor_free"]
CONTRACT_VERSION = 1

# Additive mask value: large enough that exp() underflows to 0, small enough to stay finite in fp32.
MASKED = -1e9


@dataclasses.dataclass
class NativeConfig:
    d_model: int = 192
    layers: int = 4
    heads: int = 4
    d_frame: int = 48
    mlp_ratio: int = 4
    # Cache length in tokens (a multiple of TOKENS_PER_STEP): 250 = 50 micro-turns = 10 s.
    window: int = 250
    text_vocab: int = 977
    stem_channels: int = 48

    @property
    def head_dim(self) -> int:
        return self.d_model // self.heads

    def validate(self) -> None:
        if self.d_model % self.heads != 0:
            raise ValueError(f"d_model {self.d_model} is not a multiple of heads {self.heads}: pick sizes that divide")
        if self.window % TOKENS_PER_STEP != 0 or self.window <= 0:
            raise ValueError(f"window {self.window} must be a positive multiple of {TOKENS_PER_STEP} (whole micro-turns)")


class Block(nn.Module):
    def __init__(self, cfg: NativeConfig):
        super().__init__()
        self.cfg = cfg
        d = cfg.d_model
        self.ln1 = nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d)
        self.fc1 = nn.Linear(d, cfg.mlp_ratio * d)
        self.fc2 = nn.Linear(cfg.mlp_ratio * d, d)
        # One bias per head and distance 0 .. window + TOKENS_PER_STEP - 1.
        self.rel_bias = nn.Parameter(torch.zeros(cfg.heads, cfg.window + TOKENS_PER_STEP))

    def split(self, x: torch.Tensor):
        b, n, _ = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(self.cfg.d_model, dim=-1)
        shape = (b, n, self.cfg.heads, self.cfg.head_dim)
        return (t.reshape(shape).transpose(1, 2) for t in (q, k, v))

    def finish(self, x: torch.Tensor, attn_out: torch.Tensor) -> torch.Tensor:
        b, _, n, _ = attn_out.shape
        x = x + self.proj(attn_out.transpose(1, 2).reshape(b, n, self.cfg.d_model))
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x))))


class NativeModel(nn.Module):
    def __init__(self, cfg: NativeConfig):
        super().__init__()
        cfg.validate()
        self.cfg = cfg
        d, f = cfg.d_model, cfg.d_frame
        self.user_dmel = nn.Embedding(DMEL_CHANNELS * DMEL_BINS, f)
        self.assistant_dmel = nn.Embedding(DMEL_CHANNELS * DMEL_BINS, f)
        self.audio_proj = nn.Linear(4 * 2 * f, d)
        self.playback = nn.Linear(PLAYBACK_FEATURES, d)
        self.events = nn.Embedding(EVENT_VOCAB_SIZE, d, padding_idx=0)
        self.text = nn.Embedding(cfg.text_vocab, d, padding_idx=0)
        c = cfg.stem_channels
        # hMLP stem: non-overlapping convolutions are per-patch linear maps (40 → 10 → 5 → 1).
        self.stem1 = nn.Conv2d(3, c, kernel_size=4, stride=4)
        self.stem2 = nn.Conv2d(c, c, kernel_size=2, stride=2)
        self.stem3 = nn.Conv2d(c, d, kernel_size=5, stride=5)
        self.patch_source = nn.Embedding(PATCH_SOURCES, d)
        self.patch_pos = nn.Embedding(PATCH_POSITIONS, d)
        self.token_type = nn.Embedding(TOKENS_PER_STEP, d)
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.layers))
        self.ln_f = nn.LayerNorm(d)
        self.action_head = nn.Linear(d, len(ACTIONS))
        self.aux_head = nn.Linear(d, len(HEADS))
        self.register_buffer("dmel_offsets", torch.arange(DMEL_CHANNELS, dtype=torch.long) * DMEL_BINS, persistent=False)
        self.apply(self._init)

    @staticmethod
    def _init(module: nn.Module) -> None:
        if isinstance(module, (nn.Linear, nn.Conv2d)):
            nn.init.normal_(module.weight, std=0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, std=0.02)
            if module.padding_idx is not None:
                with torch.no_grad():
                    module.weight[module.padding_idx].zero_()

    # ---- input embedding (shared by both forwards; `bag` picks embedding_bag for training, gather+sum for export)

    def _dmel(self, table: nn.Embedding, dmel: torch.Tensor, bag: bool) -> torch.Tensor:
        """dmel [..., 16, 80] integer bins → [..., 16, d_frame]: the sum over channels of each channel's bin row."""
        idx = dmel.long().clamp(0, DMEL_BINS - 1) + self.dmel_offsets
        if bag:
            flat = idx.reshape(-1, DMEL_CHANNELS)
            return F.embedding_bag(flat, table.weight, mode="sum").reshape(*idx.shape[:-1], -1)
        return table(idx).sum(dim=-2)

    def _patches(self, patches: torch.Tensor) -> torch.Tensor:
        """patches [n, 40, 40, 3] uint8 → [n, d_model]."""
        x = patches.float().div(255.0).permute(0, 3, 1, 2)
        x = F.gelu(self.stem1(x))
        x = F.gelu(self.stem2(x))
        return self.stem3(x).flatten(1)

    def embed(self, user_dmel, assistant_dmel, playback, text_tokens, event_tokens, patches, patch_source, patch_pos,
              bag: bool = False, sparse_patches: bool = False) -> torch.Tensor:
        """Inputs with leading dims [B, S] → tokens [B, S, 5, d_model] (4 audio tokens, then the context token)."""
        b, s = user_dmel.shape[:2]
        f = self.cfg.d_frame
        frames = torch.cat([self._dmel(self.user_dmel, user_dmel, bag), self._dmel(self.assistant_dmel, assistant_dmel, bag)], dim=-1)
        audio = self.audio_proj(frames.reshape(b, s, AUDIO_TOKENS_PER_STEP, 4 * 2 * f))

        ctx = self.playback(playback) + self.events(event_tokens.long()).sum(dim=-2)
        text_ids = text_tokens.long()
        text_count = (text_ids != 0).float().sum(dim=-1, keepdim=True)
        ctx = ctx + self.text(text_ids).sum(dim=-2) / text_count.clamp(min=1.0)

        source = patch_source.long()
        present = (source != 0).float()
        if sparse_patches:
            # Training: most slots are empty, so run the stem only on the filled ones (same function, less work).
            flat_present = present.reshape(-1) > 0
            stem = torch.zeros(b * s * MAX_PATCHES, self.cfg.d_model, dtype=audio.dtype)
            if bool(flat_present.any()):
                stem[flat_present] = self._patches(patches.reshape(-1, PATCH_SIDE, PATCH_SIDE, 3)[flat_present])
            stem = stem.reshape(b, s, MAX_PATCHES, -1)
        else:
            stem = self._patches(patches.reshape(-1, PATCH_SIDE, PATCH_SIDE, 3)).reshape(b, s, MAX_PATCHES, -1)
        patch_emb = (stem + self.patch_source(source) + self.patch_pos(patch_pos.long())) * present.unsqueeze(-1)
        ctx = ctx + patch_emb.sum(dim=-2) / present.sum(dim=-1, keepdim=True).clamp(min=1.0)

        tokens = torch.cat([audio, ctx.unsqueeze(2)], dim=2)
        return tokens + self.token_type.weight

    def readout(self, ctx: torch.Tensor):
        h = self.ln_f(ctx)
        return self.action_head(h), torch.sigmoid(self.aux_head(h))

    def readout_logits(self, ctx: torch.Tensor):
        h = self.ln_f(ctx)
        return self.action_head(h), self.aux_head(h)

    # ---- parallel (training) forward

    def band(self, steps: int):
        """Distance matrix and mask of the stream of `steps` micro-turns: i attends j when 5·step(i) − W ≤ j ≤ i."""
        n = steps * TOKENS_PER_STEP
        i = torch.arange(n).unsqueeze(1)
        j = torch.arange(n).unsqueeze(0)
        start = (i // TOKENS_PER_STEP) * TOKENS_PER_STEP - self.cfg.window
        allowed = (j <= i) & (j >= start)
        dist = (i - j).clamp(0, self.cfg.window + TOKENS_PER_STEP - 1)
        return dist, allowed

    def forward_parallel(self, batch: dict):
        """batch tensors [B, S, ...] → (action logits [B, S, 6], head logits [B, S, 2]). Each window starts a session."""
        x = self.embed(batch["user_dmel"], batch["assistant_dmel"], batch["playback"], batch["text_tokens"],
                       batch["event_tokens"], batch["patches"], batch["patch_source"], batch["patch_pos"],
                       bag=True, sparse_patches=True)
        b, s = x.shape[:2]
        x = x.reshape(b, s * TOKENS_PER_STEP, -1)
        dist, allowed = self.band(s)
        mask = torch.zeros(allowed.shape).masked_fill(~allowed, MASKED)
        scale = 1.0 / math.sqrt(self.cfg.head_dim)
        for block in self.blocks:
            q, k, v = block.split(x)
            # scale folded into q and bias+mask added once: the [B, H, N, N] tensor is the costly part on a CPU.
            scores = torch.baddbmm((block.rel_bias[:, dist] + mask).expand(b, -1, -1, -1).reshape(-1, *mask.shape),
                                   (q * scale).reshape(-1, *q.shape[2:]), k.reshape(-1, *k.shape[2:]).transpose(-1, -2))
            attn = torch.softmax(scores, dim=-1) @ v.reshape(-1, *v.shape[2:])
            x = block.finish(x, attn.reshape(q.shape))
        ctx = x.reshape(b, s, TOKENS_PER_STEP, -1)[:, :, -1]
        return self.readout_logits(ctx)

    # ---- streaming (one micro-turn, the ONNX graph)

    def step(self, user_dmel, assistant_dmel, playback, text_tokens, event_tokens, patches, patch_source, patch_pos,
             past_key, past_value, past_valid):
        """One micro-turn with batch 1. past_* [layers, 1, heads, W, headDim], past_valid [1, W]."""
        cfg = self.cfg
        x = self.embed(user_dmel.unsqueeze(1), assistant_dmel.unsqueeze(1), playback.unsqueeze(1), text_tokens.unsqueeze(1),
                       event_tokens.unsqueeze(1), patches.unsqueeze(1), patch_source.unsqueeze(1), patch_pos.unsqueeze(1))
        x = x.reshape(1, TOKENS_PER_STEP, cfg.d_model)
        w, t = cfg.window, TOKENS_PER_STEP
        # Key k of [cache (W) ‖ new (5)] seen from new token r sits at distance W + r − k.
        r = torch.arange(t).unsqueeze(1)
        kk = torch.arange(w + t).unsqueeze(0)
        dist = (w + r - kk).clamp(0, w + t - 1)
        causal = kk <= w + r
        valid = torch.cat([past_valid, torch.ones(1, t)], dim=1)  # [1, W+5]
        mask = (1.0 - valid * causal.float()) * MASKED  # [5, W+5]
        scale = 1.0 / math.sqrt(cfg.head_dim)
        next_keys, next_values = [], []
        for layer, block in enumerate(self.blocks):
            q, k, v = block.split(x)
            keys = torch.cat([past_key[layer], k], dim=2)
            values = torch.cat([past_value[layer], v], dim=2)
            scores = (q @ keys.transpose(-1, -2)) * scale + block.rel_bias[:, dist] + mask
            x = block.finish(x, torch.softmax(scores, dim=-1) @ values)
            next_keys.append(keys[:, :, t:])
            next_values.append(values[:, :, t:])
        logits, heads = self.readout(x[:, -1])
        return logits, heads, torch.stack(next_keys), torch.stack(next_values), valid[:, t:]

    def empty_state(self):
        cfg = self.cfg
        shape = (cfg.layers, 1, cfg.heads, cfg.window, cfg.head_dim)
        return torch.zeros(shape), torch.zeros(shape), torch.zeros(1, cfg.window)


class StepGraph(nn.Module):
    """The module torch.onnx exports: `step` with the contract's input and output order."""

    def __init__(self, model: NativeModel):
        super().__init__()
        self.model = model

    def forward(self, user_dmel, assistant_dmel, playback, text_tokens, event_tokens, patches, patch_source, patch_pos,
                past_key, past_value, past_valid):
        return self.model.step(user_dmel, assistant_dmel, playback, text_tokens, event_tokens, patches, patch_source,
                               patch_pos, past_key, past_value, past_valid)


def count_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
