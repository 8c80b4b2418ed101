from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from rrg_model.config import DataConfig  # noqa: E402
from rrg_model.data import (ReportDataset, epoch_order, load_annotation, resolve_image,  # noqa: E402
                            transform)
from rrg_model.errors import ModelError  # noqa: E402
from rrg_model.tokenizer import Tokenizer  # noqa: E402


def write_ann(tmp: Path, studies: list[dict]) -> Path:
    (tmp / "annotation.json").write_text(json.dumps({"train": studies, "val": [], "test": []}))
    return tmp


def study(paths: list[str], sid: str = "s1") -> dict:
    return {"id": sid, "report": "The heart is normal.", "image_path": paths, "split": "train"}


@pytest.mark.parametrize("bad", ["../../secret.png", "a/../../../x.png", "/etc/passwd"])
def test_image_paths_that_escape_the_data_dir_are_refused(tmp_path: Path, bad: str) -> None:
    write_ann(tmp_path, [study([bad, "ok.png"])])
    with pytest.raises(ModelError, match="escapes the data directory|relative path inside"):
        load_annotation(tmp_path, 2)


def test_symlink_escaping_the_data_dir_is_refused(tmp_path: Path) -> None:
    (tmp_path / "data" / "images").mkdir(parents=True)
    (tmp_path / "data" / "images" / "link").symlink_to(tmp_path)
    with pytest.raises(ModelError, match="escapes"):
        resolve_image(tmp_path / "data", "link/x.png")


@pytest.mark.parametrize("content, message", [
    ("{", "cannot read annotation"),
    ("[]", "train/val/test"),
    ('{"train": [{"id": 1}]}', "needs id, report and image_path"),
    ('{"train": [{"id": 1, "report": "x", "image_path": ["a.png"]}]}', "has 1 image"),
    ('{"train": 3}', "must be a list"),
])
def test_malformed_annotation_files(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "annotation.json").write_text(content)
    with pytest.raises(ModelError, match=message):
        load_annotation(tmp_path, 2)


def test_missing_annotation_and_image(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="annotation file not found"):
        load_annotation(tmp_path, 2)
    write_ann(tmp_path, [study(["a.png", "b.png"])])
    studies = load_annotation(tmp_path, 2)["train"]
    ds = ReportDataset(studies, Tokenizer(["heart"], clean="iu_xray"), DataConfig(), 3, train=False)
    with pytest.raises(ModelError, match="image not found"):
        ds.batch([0])


def test_mimic_layout_uses_the_first_image_only(tmp_path: Path) -> None:
    write_ann(tmp_path, [study(["a.png", "b.png", "c.png"])])
    (s,) = load_annotation(tmp_path, 1)["train"]
    assert s.images == ((tmp_path / "images" / "a.png").resolve(),)


def test_real_iu_xray_pngs_load_through_the_real_path(shared_data: Path, tmp_path: Path) -> None:
    iu = shared_data / "iu_xray"
    ids = sorted(p.name for p in (iu / "images").iterdir() if p.is_dir())
    full = json.loads((iu / "annotation.json").read_text())
    picked = [s for s in full["train"] if s["id"] in ids]
    assert len(picked) == 2
    ann = tmp_path / "ann.json"
    ann.write_text(json.dumps({"train": picked}))
    studies = load_annotation(iu, 2, annotation=ann)["train"]
    cfg = DataConfig(image_size=64, resize=72)
    tok = Tokenizer.from_reports([s.report for s in studies], 1, "iu_xray", 60)
    ds = ReportDataset(studies, tok, cfg, channels=3, train=True)
    b = ds.batch([0, 1], seed=1, epoch=0)
    assert b.images.shape == (2, 2, 3, 64, 64) and b.images.dtype == torch.float32
    assert b.ids == [s.id for s in studies]
    # real radiographs: two different views, not constant, normalised around ImageNet statistics
    assert b.images.std() > 0.3 and not torch.equal(b.images[0, 0], b.images[0, 1])
    assert b.images.min() >= (0 - 0.485) / 0.229 - 1e-4 and b.images.max() <= (1 - 0.406) / 0.225 + 1e-4
    # targets: BOS, words, EOS; the mask covers exactly them
    assert b.targets[:, 0].eq(0).all() and b.mask.sum(1).tolist() == [len(i) for i in ds.token_ids]
    # augmentation depends on (seed, epoch, index) only
    assert torch.equal(ds.batch([1], seed=1, epoch=0).images[0], b.images[1])
    assert not torch.equal(ds.batch([1], seed=1, epoch=1).images[0], b.images[1])
    gray = ReportDataset(studies, tok, cfg, channels=1, train=False).batch([0])
    assert gray.images.shape == (1, 2, 1, 64, 64)


def test_transform_central_crop_and_normalisation() -> None:
    img = np.full((3, 10, 10), 255, dtype=np.uint8)
    img[:, 4:6, 4:6] = 0
    out = transform(img, 4, rng=None)
    assert out.shape == (3, 4, 4)
    expect_white = (1 - np.array([0.485, 0.456, 0.406])) / np.array([0.229, 0.224, 0.225])
    assert np.allclose(out[:, 0, 0], expect_white, atol=1e-5)
    assert np.allclose(out[:, 1, 1], -np.array([0.485, 0.456, 0.406]) / np.array([0.229, 0.224, 0.225]), atol=1e-5)


def test_epoch_order_partitions_across_ranks() -> None:
    one = epoch_order(10, seed=1, epoch=2)
    assert sorted(one) == list(range(10)) and one == epoch_order(10, 1, 2)
    assert one != epoch_order(10, 1, 3)
    r0, r1 = epoch_order(10, 1, 2, 0, 2), epoch_order(10, 1, 2, 1, 2)
    assert len(r0) == len(r1) == 5 and sorted(r0 + r1) == list(range(10))
    a, b = epoch_order(11, 1, 2, 0, 2), epoch_order(11, 1, 2, 1, 2)
    assert len(a) == len(b) == 5 and not set(a) & set(b)


def test_report_sides_put_the_patients_right_on_the_image_left(tmp_path: Path) -> None:
    from rrg_rewards.labeler import OBSERVATIONS

    reports = ["There is a small right pleural effusion. The heart is enlarged.",
               "Left lower lobe atelectasis.", "Bilateral pleural effusions.", "The lungs are clear."]
    write_ann(tmp_path, [{**study(["a.png"], f"s{i}"), "report": r} for i, r in enumerate(reports)])
    studies = load_annotation(tmp_path, 1)["train"]
    sides = ReportDataset(studies, Tokenizer(["heart"], clean="iu_xray"), DataConfig(), 3, train=True).report_sides()
    eff, atel, card = (OBSERVATIONS.index(k) for k in ("Pleural Effusion", "Atelectasis", "Cardiomegaly"))
    assert sides.shape == (4, 14, 2)
    assert sides[0, eff].tolist() == [1.0, 0.0] and sides[1, atel].tolist() == [0.0, 1.0]
    assert sides[2, eff].tolist() == [1.0, 1.0]
    assert np.isnan(sides[0, card]).all() and np.isnan(sides[3]).all()  # no side named: no target
