"""The phrase lists ship in the wheel: pyproject's package-data covers every file under phrases/."""
import fnmatch
import tomllib
from pathlib import Path

import rrg_rewards.labeler as labeler_pkg

ROOT = Path(__file__).resolve().parents[3]


def test_package_data_covers_phrase_files():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"].get("rrg_rewards.labeler", [])
    pkg_dir = Path(labeler_pkg.__file__).parent
    files = [p.relative_to(pkg_dir).as_posix() for p in (pkg_dir / "phrases").iterdir() if p.is_file()]
    assert files, "no phrase files found"
    missing = [f for f in files if not any(fnmatch.fnmatch(f, pat) for pat in patterns)]
    assert not missing, f"not shipped in the wheel: {missing}"
