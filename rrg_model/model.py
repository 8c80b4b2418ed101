"""The R2GenRL model: visual extractor -> CMM -> Transformer encoder; embeddings -> CMM -> decoder.

``forward(images, targets, mask) -> Forward(logits, loss, parts)`` for teacher-forced training
(nanoGPT style, plus the loss's parts for the log); ``encode`` + ``decode_step`` for incremental
decoding (see `rrg_model.decode`).
Token id 0 is BOS, EOS and padding (R2Gen).
"""
from __future__ import annotations

import math
from typing import NamedTuple

import torch
import torch.nn as nn
import torch.nn.functional as F

from .config import ModelConfig
from .errors import ModelError
from .memory import CrossModalMemory, MemoryKV
from .transformer import Decoder, Encoder, EncoderState, LayerCache, sinusoid_table
from .visual import VisualExtractor

N_LABELS = 14  # CheXpert observations (auxiliary label loss)


class Forward(NamedTuple):
    """A teacher-forced pass: logits (B, T-1, V), the training loss, and its parts for the
    trainer's log (``nll``; ``label_loss`` / ``side_loss`` when those losses were computed), as
    detached 0-d tensors: read as floats only where logged, no host sync on other passes."""

    logits: torch.Tensor
    loss: torch.Tensor
    parts: dict[str, torch.Tensor]


class ReportGenerator(nn.Module):
    """Paper Fig. 2 (section 2.1), with the CMM of section 2.2 unless ``use_cmm`` is False."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        if cfg.vocab_size < 2:
            raise ModelError("ModelConfig.vocab_size must be set (>= 2) before building a model")
        self.cfg = cfg
        self.visual = VisualExtractor(cfg)
        self.cmm = CrossModalMemory(cfg) if cfg.use_cmm else None
        self.encoder = Encoder(cfg)
        self.decoder = Decoder(cfg)
        self.tok_emb = nn.Embedding(cfg.vocab_size, cfg.d_model)
        self.register_buffer("pos", sinusoid_table(cfg.max_positions, cfg.d_model), persistent=False)
        self.emb_drop = nn.Dropout(cfg.dropout)
        self.lm_head = nn.Linear(cfg.d_model, cfg.vocab_size)
        self.view_emb = (nn.Parameter(torch.zeros(cfg.images_per_study, cfg.d_model))
                         if cfg.view_embedding else None)
        self._grid_cache: dict[tuple[int, int], torch.Tensor] = {}
        self.label_head = nn.Linear(cfg.d_model, N_LABELS) if cfg.label_loss_weight > 0 else None
        self.side_head = nn.Linear(cfg.d_model, N_LABELS) if cfg.side_loss_weight > 0 else None
        if cfg.init == "xavier":
            self._xavier_init()

    def _xavier_init(self) -> None:
        """R2Gen/R2GenCMN: Xavier-uniform for every weight matrix of the encoder-decoder.

        The visual backbone keeps its own initialization (R2Gen's is a pretrained ResNet),
        so conv kernels are left alone. With Xavier embeddings, scaling by sqrt(d_model)
        gives token vectors of norm ~sqrt(2 d^2 / (V + d)), comparable to attention outputs;
        PyTorch's N(0, 1) embeddings times sqrt(d) were ~30x larger and drowned the image.
        """
        backbone = {id(p) for p in self.visual.backbone.parameters()}
        for p in self.parameters():
            if p.dim() > 1 and id(p) not in backbone:
                nn.init.xavier_uniform_(p)
        if self.cmm is not None:  # R2GenCMN's memory init, N(0, 1/cmm_dim), not Xavier
            self.cmm.reset_memory()
        if self.view_emb is not None:
            nn.init.normal_(self.view_emb, std=0.02)

    def visual_positions(self, n_img: int, h: int, w: int, device: torch.device) -> torch.Tensor | None:
        """What is added to the visual tokens (n_img * h * w, d): 2-D positions + view vectors.

        Half the channels encode the patch row, half the column (sinusoids, as the 1-D table);
        each image slot adds its learned view vector, so attention can tell left from right
        and frontal from lateral. None when both are switched off.
        """
        parts: list[torch.Tensor] = []
        d = self.cfg.d_model
        if self.cfg.visual_positions:
            key = (h, w)
            grid = self._grid_cache.get(key)
            if grid is None:
                half = d // 2
                rows = sinusoid_table(h, half)  # (h, d/2)
                cols = sinusoid_table(w, d - half)  # (w, d - d/2)
                grid = torch.cat([rows[:, None, :].expand(h, w, half),
                                  cols[None, :, :].expand(h, w, d - half)], dim=-1).reshape(h * w, d)
                self._grid_cache[key] = grid
            parts.append(grid.to(device).repeat(n_img, 1))
        if self.view_emb is not None:
            if n_img > self.view_emb.shape[0]:
                raise ModelError(f"{n_img} images per study, the model has {self.view_emb.shape[0]} view slots")
            parts.append(self.view_emb[:n_img].repeat_interleave(h * w, dim=0))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else parts[0] + parts[1]

    def visual_parameters(self) -> list[nn.Parameter]:
        """Parameters of the visual extractor (their own learning rate, paper section 3.3)."""
        return list(self.visual.parameters())

    def other_parameters(self) -> list[nn.Parameter]:
        """Everything but the visual extractor (CMM, encoder-decoder)."""
        ids = {id(p) for p in self.visual.parameters()}
        return [p for p in self.parameters() if id(p) not in ids]

    def memory_kv(self) -> MemoryKV | None:
        """CMM keys/values: input-independent, computed once per forward pass or decode."""
        return self.cmm.project() if self.cmm is not None else None

    def _with_memory(self, x: torch.Tensor, modality: str, mkv: MemoryKV | None) -> torch.Tensor:
        if self.cmm is None or mkv is None:
            return x
        r = self.cmm(x, modality, mkv)
        return x + r if self.cfg.cmm_residual else r

    def _embed(self, tokens: torch.Tensor, start: int, mkv: MemoryKV | None) -> torch.Tensor:
        """Token ids (B, T) at positions start.. -> decoder input (B, T, d)."""
        T = tokens.shape[1]
        if start + T > self.cfg.max_positions:
            raise ModelError(f"sequence longer than max_positions={self.cfg.max_positions}")
        e = self.tok_emb(tokens)
        if self.cfg.scale_embeddings:
            e = e * math.sqrt(self.cfg.d_model)
        e = e + self.pos[start:start + T]
        e = self.emb_drop(e)
        return self._with_memory(e, "text", mkv)  # R2GenCMN applies the memory after positions

    def encode(self, images: torch.Tensor, mkv: MemoryKV | None = None) -> torch.Tensor:
        """Images (B, n_img, C, H, W) -> encoder output (B, S, d)."""
        return self._encode_grid(images, mkv)[0]

    def _encode_grid(self, images: torch.Tensor, mkv: MemoryKV | None
                     ) -> tuple[torch.Tensor, tuple[int, int, int]]:
        """`encode` and the patch grid (n_img, h, w) its S = n_img * h * w tokens come from."""
        x, (n_img, h, w) = self.visual(images, return_grid=True)  # (B, S, d)
        if x.shape[1] > self.cfg.max_positions:
            raise ModelError(f"{x.shape[1]} patches exceed max_positions={self.cfg.max_positions}")
        pos = self.visual_positions(n_img, h, w, x.device)
        if pos is not None:
            x = x + pos.to(x.dtype)
        x = self._with_memory(x, "visual", mkv)
        return self.encoder(x), (n_img, h, w)

    def _side_loss(self, enc: torch.Tensor, grid: tuple[int, int, int], sides: torch.Tensor) -> torch.Tensor:
        """BCE of the side head on the first image's left and right halves against ``sides``
        (B, 14, 2): image-left / image-right targets, NaN where the report names no side."""
        _, h, w = grid
        half = w // 2
        first = enc[:, :h * w].reshape(enc.shape[0], h, w, -1)
        halves = torch.stack([first[:, :, :half].mean((1, 2)), first[:, :, w - half:].mean((1, 2))], 1)
        logits = self.side_head(halves).transpose(1, 2)  # (B, 14, 2)
        known = ~torch.isnan(sides)
        if not known.any():
            return logits.sum() * 0.0
        return F.binary_cross_entropy_with_logits(logits[known], sides[known].to(logits.dtype))

    def forward(self, images: torch.Tensor, targets: torch.Tensor,
                mask: torch.Tensor | None = None, labels: torch.Tensor | None = None,
                sides: torch.Tensor | None = None) -> Forward:
        """Teacher forcing: targets (B, T) = [BOS, w1, ..., EOS, pad...]; mask (B, T) marks BOS..EOS.

        Returns:
            logits (B, T-1, V) for positions 1..T-1; the loss: the masked mean NLL over them, plus
            ``label_loss_weight`` x the auxiliary label BCE when `labels` (B, 14) are given and
            ``side_loss_weight`` x the side BCE when `sides` (B, 14, 2) are given; each part.
        """
        mkv = self.memory_kv()
        enc, grid = self._encode_grid(images, mkv)
        aux = None
        if labels is not None and self.label_head is not None:
            aux = F.binary_cross_entropy_with_logits(self.label_head(enc.mean(1)), labels.to(enc.dtype))
        side = None
        if sides is not None and self.side_head is not None:
            side = self._side_loss(enc, grid, sides)
        y = self.decoder(self._embed(targets[:, :-1], 0, mkv), self.decoder.cross_kv(enc))
        logits = self.lm_head(y)  # (B, T-1, V)
        labels = targets[:, 1:]
        m = (mask[:, 1:] if mask is not None else torch.ones_like(labels)).to(logits.dtype)
        nll = F.cross_entropy(logits.transpose(1, 2), labels, reduction="none")  # (B, T-1)
        loss = (nll * m).sum() / m.sum().clamp_min(1.0)
        parts = {"nll": loss.detach()}
        if aux is not None:
            parts["label_loss"] = aux.detach()
            loss = loss + self.cfg.label_loss_weight * aux
        if side is not None:
            parts["side_loss"] = side.detach()
            loss = loss + self.cfg.side_loss_weight * side
        return Forward(logits, loss, parts)

    def start_decode(self, images: torch.Tensor) -> EncoderState:
        """Everything per decode that does not depend on the generated tokens."""
        mkv = self.memory_kv()
        enc = self.encode(images, mkv)
        return EncoderState(self.decoder.cross_kv(enc), mkv)

    def new_caches(self, capacity: int) -> list[LayerCache]:
        """Empty self-attention caches for a decode of up to `capacity` steps."""
        return [LayerCache(capacity) for _ in range(self.cfg.n_dec_layers)]

    def decode_step(self, tokens: torch.Tensor, pos: int, state: EncoderState,
                    caches: list[LayerCache]) -> torch.Tensor:
        """Last tokens (B,) at position `pos` -> next-token log-probabilities (B, V)."""
        y = self.decoder(self._embed(tokens.unsqueeze(1), pos, state.memory_kv),
                         state.cross_kv, caches)  # (B, 1, d)
        return F.log_softmax(self.lm_head(y[:, -1]).float(), dim=-1)

    def decode_full(self, tokens: torch.Tensor, state: EncoderState) -> torch.Tensor:
        """Uncached reference: all prefixes (B, t) recomputed -> last log-probs (B, V)."""
        y = self.decoder(self._embed(tokens, 0, state.memory_kv), state.cross_kv)
        return F.log_softmax(self.lm_head(y[:, -1]).float(), dim=-1)

    @torch.no_grad()
    def cross_attention(self, images: torch.Tensor, tokens: torch.Tensor, layer: int = -1) -> torch.Tensor:
        """Where each report position looks in the image: the cross-attention weights of one
        decoder layer, averaged over heads, (B, T, S) for tokens (B, T) = BOS + words.

        Row i is the query that predicts token i + 1; column s is visual token s (views side
        by side, each a row-major patch grid). What `rrg explain` draws.
        """
        state = self.start_decode(images)
        target = self.decoder.layers[layer].cross_attn
        captured: dict[str, torch.Tensor] = {}

        def grab(module: nn.Module, args: tuple, kwargs: dict) -> None:
            captured["x"] = args[0]

        handle = target.register_forward_pre_hook(grab, with_kwargs=True)
        try:
            self.decoder(self._embed(tokens, 0, state.memory_kv), state.cross_kv)
        finally:
            handle.remove()
        keys = state.cross_kv[layer % len(self.decoder.layers)][0]
        return target.attention_weights(captured["x"], keys).mean(1)

