"""Visual extractors: image(s) of a study -> a sequence of patch features of width d_model.

Paper Eq. 1: patch features of each image read row by row; iu_xray's two views are
concatenated along the sequence (R2Gen). Two backbones:

- ``cnn``: a compact strided CNN that trains from scratch on a CPU (the default);
- ``resnet101``: torchvision's ResNet-101 without its pooling/classifier (the paper's), with
  ImageNet weights read from a local file (``ModelConfig.resnet_weights``, loaded with
  ``weights_only=True``); torchvision is optional (``pip install rrg-toolkit[resnet]``).
"""
from __future__ import annotations

import torch
import torch.nn as nn

from .config import ModelConfig
from .errors import ModelError


class CompactCNN(nn.Module):
    """``cnn_stages`` stages of (stride-2 conv, GroupNorm, ReLU, conv, GroupNorm, ReLU).

    GroupNorm rather than BatchNorm: tiny CPU batches and identical train/eval behaviour.
    """

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        layers: list[nn.Module] = []
        c_in, c = cfg.in_channels, cfg.cnn_width
        for _ in range(cfg.cnn_stages):
            layers += [nn.Conv2d(c_in, c, 3, stride=2, padding=1, bias=False),
                       nn.GroupNorm(min(8, c), c), nn.ReLU(inplace=True),
                       nn.Conv2d(c, c, 3, padding=1, bias=False),
                       nn.GroupNorm(min(8, c), c), nn.ReLU(inplace=True)]
            c_in, c = c, c * 2
        self.body = nn.Sequential(*layers)
        self.out_channels = c_in

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x)  # (B, C, H / 2^stages, W / 2^stages)


class ResNet101(nn.Module):
    """torchvision ResNet-101 trunk (2048 channels, stride 32)."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        try:
            import torchvision
        except Exception as exc:  # ImportError, or a torchvision built for another torch
            raise ModelError(f"visual='resnet101' needs torchvision ({type(exc).__name__}: {exc}); "
                             "install rrg-toolkit[resnet] or use visual='cnn'") from None
        net = torchvision.models.resnet101(weights=None)
        if cfg.resnet_weights:
            try:
                state = torch.load(cfg.resnet_weights, map_location="cpu", weights_only=True)
            except Exception as exc:
                raise ModelError(f"cannot read ResNet-101 weights {cfg.resnet_weights}: {exc}") from None
            net.load_state_dict(state)
        if cfg.in_channels != 3:
            raise ModelError("resnet101 needs in_channels=3")
        self.body = nn.Sequential(*list(net.children())[:-2])
        self.out_channels = 2048

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x)


class VisualExtractor(nn.Module):
    """Study images (B, n_img, C, H, W) -> patch features (B, n_img * h * w, d_model)."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.backbone: nn.Module = CompactCNN(cfg) if cfg.visual == "cnn" else ResNet101(cfg)
        # R2Gen's att_embed: linear projection, ReLU, dropout
        self.proj = nn.Sequential(nn.Linear(self.backbone.out_channels, cfg.d_model),
                                  nn.ReLU(), nn.Dropout(cfg.dropout))

    def forward(self, images: torch.Tensor, return_grid: bool = False
                ) -> torch.Tensor | tuple[torch.Tensor, tuple[int, int, int]]:
        """Patch features; with `return_grid` also (n_img, h, w) of the patch grid."""
        if images.dim() != 5:
            raise ModelError(f"images must be (B, n_img, C, H, W), got shape {tuple(images.shape)}")
        B, n = images.shape[:2]
        f = self.backbone(images.flatten(0, 1))  # (B*n, C', h, w)
        h, w = f.shape[-2:]
        f = f.flatten(2).transpose(1, 2)  # (B*n, h*w, C') row by row
        f = f.reshape(B, n * f.shape[1], f.shape[2])  # (B, n*h*w, C') views side by side
        out = self.proj(f)  # (B, S, d_model)
        return (out, (n, int(h), int(w))) if return_grid else out
