"""Decoding: greedy, sampling with temperature, beam search; trigram blocking; KV cache.

Every function takes an explicit `DecodeConfig` and reads nothing from the model's or the
trainer's state, so evaluation can never inherit training-time sampling settings (the
R2GenRL pitfall). Outputs are token ids without BOS, shape (B, L), 0 after EOS.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

from .config import DecodeConfig
from .model import ReportGenerator
from .transformer import EncoderState

NEG_INF = float("-inf")


def block_trigrams_(logp: torch.Tensor, hist: torch.Tensor) -> None:
    """Forbid, in place, every token that would repeat a trigram already in the row.

    Args:
        logp: (R, V) next-token log-probabilities.
        hist: (R, t) generated tokens so far (no BOS).
    """
    if hist.shape[1] < 3:
        return
    a, b = hist[:, -2:-1], hist[:, -1:]  # (R, 1) the last two tokens
    match = (hist[:, :-2] == a) & (hist[:, 1:-1] == b)  # (R, t-2): earlier (a, b) pairs
    rows, cols = match.nonzero(as_tuple=True)
    if rows.numel():
        logp[rows, hist[rows, cols + 2]] = NEG_INF


class _Stepper:
    """One decoding step, cached (default) or recomputing the whole prefix (reference)."""

    def __init__(self, model: ReportGenerator, state: EncoderState, capacity: int, use_cache: bool):
        self.model, self.state, self.use_cache = model, state, use_cache
        self.caches = model.new_caches(capacity) if use_cache else None

    def __call__(self, seq: torch.Tensor) -> torch.Tensor:
        """seq (R, t+1) = BOS + t tokens -> log-probs (R, V) of token t+1."""
        if self.caches is not None:
            return self.model.decode_step(seq[:, -1], seq.shape[1] - 1, self.state, self.caches)
        return self.model.decode_full(seq, self.state)

    def reorder(self, index: torch.Tensor) -> None:
        """Keep rows `index`. Beam search only moves rows among one image's beams, whose
        encoder states are identical, so only the self-attention caches need reordering."""
        for c in self.caches or []:
            c.reorder(index)


@dataclass
class Samples:
    """Sampled reports with what the policy gradient needs."""

    tokens: torch.Tensor  # (B, L) long, 0 after EOS
    logprobs: torch.Tensor  # (B, L) log-prob of each chosen token (grad if enabled)
    mask: torch.Tensor  # (B, L) float, 1 up to and including EOS


def _left_to_right(model: ReportGenerator, images: torch.Tensor, cfg: DecodeConfig,
                   generator: torch.Generator | None, use_cache: bool,
                   state: EncoderState | None = None) -> Samples:
    state = model.start_decode(images) if state is None else state
    B = state.batch_size
    dev = state.cross_kv[0][0].device
    step = _Stepper(model, state, cfg.max_len + 1, use_cache)
    seq = torch.zeros(B, 1, dtype=torch.long, device=dev)  # BOS
    finished = torch.zeros(B, dtype=torch.bool, device=dev)
    chosen_lp, masks = [], []
    for _ in range(cfg.max_len):
        logp = step(seq)  # (B, V)
        if cfg.block_trigrams:
            logp = logp.clone() if logp.requires_grad else logp
            block_trigrams_(logp, seq[:, 1:])
        if cfg.method == "sample":
            scaled = logp / cfg.temperature if cfg.temperature != 1.0 else logp
            scaled = torch.log_softmax(scaled, dim=-1)
            tok = torch.multinomial(scaled.detach().exp(), 1, generator=generator).squeeze(1)
            lp = scaled.gather(1, tok.unsqueeze(1)).squeeze(1)
        else:
            lp, tok = logp.max(dim=-1)
        tok = tok.masked_fill(finished, 0)
        masks.append((~finished).float())
        chosen_lp.append(lp.masked_fill(finished, 0.0))
        finished = finished | (tok == 0)
        seq = torch.cat([seq, tok.unsqueeze(1)], dim=1)
        if bool(finished.all()):
            break
    return Samples(seq[:, 1:], torch.stack(chosen_lp, 1), torch.stack(masks, 1))


def _beam(model: ReportGenerator, images: torch.Tensor, cfg: DecodeConfig, use_cache: bool,
          state: EncoderState | None = None) -> torch.Tensor:
    k = cfg.beam_size
    state = model.start_decode(images) if state is None else state
    B = state.batch_size
    dev = state.cross_kv[0][0].device
    step = _Stepper(model, state.repeat_interleave(k), cfg.max_len + 1, use_cache)
    scores = torch.zeros(B, k, device=dev)
    scores[:, 1:] = NEG_INF  # all beams start identical: expand only the first
    seq = torch.zeros(B * k, 1, dtype=torch.long, device=dev)
    finished = torch.zeros(B * k, dtype=torch.bool, device=dev)
    base = (torch.arange(B, device=dev) * k).unsqueeze(1)  # (B, 1)
    for _ in range(cfg.max_len):
        logp = step(seq)  # (B*k, V)
        V = logp.shape[1]
        if cfg.block_trigrams:
            block_trigrams_(logp, seq[:, 1:])
        if bool(finished.any()):  # a finished beam continues with padding at no cost
            logp[finished] = NEG_INF
            logp[finished, 0] = 0.0
        cand = (scores.view(-1, 1) + logp).view(B, k * V)
        scores, flat = cand.topk(k, dim=1)  # (B, k)
        rows = (base + torch.div(flat, V, rounding_mode="floor")).view(-1)
        tok = (flat % V).view(-1)
        step.reorder(rows)
        seq = torch.cat([seq.index_select(0, rows), tok.unsqueeze(1)], dim=1)
        finished = finished.index_select(0, rows) | (tok == 0)
        if bool(finished.all()):
            break
    best = scores.argmax(dim=1)  # (B,) sum of log-probs, no length penalty (R2Gen)
    return seq.view(B, k, -1)[torch.arange(B, device=dev), best, 1:]


def generate(model: ReportGenerator, images: torch.Tensor | None, cfg: DecodeConfig,
             generator: torch.Generator | None = None, use_cache: bool = True,
             state: EncoderState | None = None) -> torch.Tensor:
    """Decode reports for images (B, n_img, C, H, W) -> tokens (B, L), without gradients.

    The caller chooses `cfg` explicitly; the model's train/eval mode is left as it is, so
    put the model in eval mode for evaluation. `state` (from ``model.start_decode``) skips
    encoding, e.g. to decode one encoding several ways.
    """
    if images is None and state is None:
        raise ValueError("generate needs images or an encoder state")
    with torch.no_grad():
        if cfg.method == "beam" and cfg.beam_size > 1:
            return _beam(model, images, cfg, use_cache, state)  # type: ignore[arg-type]
        return _left_to_right(model, images, cfg, generator, use_cache, state).tokens  # type: ignore[arg-type]


def sample(model: ReportGenerator, images: torch.Tensor, cfg: DecodeConfig,
           generator: torch.Generator | None = None) -> Samples:
    """Sample reports keeping the graph of their log-probabilities (self-critical RL)."""
    return _left_to_right(model, images, cfg, generator, use_cache=True)
