from __future__ import annotations

from dataclasses import replace

import pytest

torch = pytest.importorskip("torch")

from rrg_model.config import ModelConfig  # noqa: E402
from rrg_model.memory import CrossModalMemory  # noqa: E402

# the paper's equations read literally: no scaling, no output projection, no dropout
CFG = ModelConfig(d_model=16, n_heads=2, cmm_size=12, cmm_dim=8, cmm_threads=4, cmm_topk=3,
                  cmm_scale=False, cmm_out_proj=False, cmm_dropout=0.0)


def naive(mem: CrossModalMemory, x: torch.Tensor, modality: str) -> torch.Tensor:
    """Eq. 4-6 literally, one query and one thread at a time."""
    h, dk = mem.n_threads, mem.d_k
    W = mem.w_x.weight if modality == "visual" else mem.w_y.weight
    out = torch.zeros_like(x)
    for b in range(x.shape[0]):
        for s in range(x.shape[1]):
            xq = x[b, s] @ W.T  # x' = x W_x
            for t in range(h):
                q = xq[t * dk:(t + 1) * dk]
                keys = (mem.memory @ mem.w_k.weight.T)[:, t * dk:(t + 1) * dk]  # k_i = m_i W_k
                vals = (mem.memory @ mem.w_v.weight.T)[:, t * dk:(t + 1) * dk]  # v_i = m_i W_v
                d = keys @ q * mem.scale  # d_{s,i} = x' . k_i (R2GenCMN: / sqrt(d_k))
                top = torch.topk(d, mem.topk).indices
                w = torch.exp(d[top]) / torch.exp(d[top]).sum()  # Eq. 6
                out[b, s, t * dk:(t + 1) * dk] = (w[:, None] * vals[top]).sum(0)  # Eq. 5
    return mem.w_o(out) if mem.w_o is not None else out


@pytest.mark.parametrize("modality", ["visual", "text"])
def test_r2gencmn_variant_scales_and_projects(modality: str) -> None:
    """The defaults follow R2GenCMN's code: scores / sqrt(d_k), an output linear (eval: no dropout)."""
    torch.manual_seed(1)
    cfg = replace(CFG, cmm_scale=True, cmm_out_proj=True, cmm_dropout=0.5)
    mem = CrossModalMemory(cfg).eval()
    with torch.no_grad():
        mem.memory.normal_()
        x = torch.randn(2, 5, cfg.d_model)
        got = mem(x, modality, mem.project())
        assert torch.allclose(got, naive(mem, x, modality), atol=1e-5)
        assert not torch.allclose(got, naive(CrossModalMemory(CFG), x, modality), atol=1e-3)


@pytest.mark.parametrize("modality", ["visual", "text"])
def test_matches_equations_4_to_6(modality: str) -> None:
    torch.manual_seed(0)
    mem = CrossModalMemory(CFG)
    with torch.no_grad():
        mem.memory.normal_()  # spread the scores so that top-K is a real selection
        x = torch.randn(2, 5, CFG.d_model)
        got = mem(x, modality, mem.project())
        assert torch.allclose(got, naive(mem, x, modality), atol=1e-5)


def test_modalities_use_their_own_query_projection_and_share_the_memory() -> None:
    torch.manual_seed(1)
    mem = CrossModalMemory(CFG)
    x = torch.randn(1, 3, CFG.d_model)
    kv = mem.project()
    assert not torch.allclose(mem(x, "visual", kv), mem(x, "text", kv))
    with torch.no_grad():
        mem.w_y.weight.copy_(mem.w_x.weight)
    assert torch.allclose(mem(x, "visual", kv), mem(x, "text", kv))


def test_topk_equal_to_n_is_full_softmax_attention() -> None:
    torch.manual_seed(2)
    cfg = replace(CFG, cmm_topk=CFG.cmm_size)
    mem = CrossModalMemory(cfg)
    x = torch.randn(2, 4, cfg.d_model)
    k, v = mem.project()  # (h, N, dk)
    q = mem.w_x(x).view(2, 4, cfg.cmm_threads, -1).transpose(1, 2)  # (B, h, T, dk)
    full = torch.softmax(q @ k.transpose(-1, -2), -1) @ v
    assert torch.allclose(mem(x, "visual", (k, v)), full.transpose(1, 2).reshape(2, 4, -1), atol=1e-5)


def test_gradients_reach_memory_and_projections() -> None:
    mem = CrossModalMemory(CFG)
    x = torch.randn(2, 3, CFG.d_model, requires_grad=True)
    mem(x, "text", mem.project()).pow(2).sum().backward()
    for p in (mem.memory, mem.w_y.weight, mem.w_k.weight, mem.w_v.weight, x):
        assert p.grad is not None and p.grad.abs().sum() > 0
    assert mem.w_x.weight.grad is None  # the visual projection was not used
