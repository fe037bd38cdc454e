"""Where things live on disk: the default database and the bundled demo corpus.

Kept separate from config so that `readout-watch --help` does not import pydantic.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def default_db_path() -> Path:
    """`READOUT_DB`, else `./data/readout-watch.db` in a checkout, else the user's data dir."""
    env = os.environ.get("READOUT_DB")
    if env:
        return Path(env)
    if (REPO_ROOT / "pyproject.toml").exists() and (REPO_ROOT / "data").is_dir():
        return REPO_ROOT / "data" / "readout-watch.db"
    from platformdirs import user_data_dir

    return Path(user_data_dir("readout-watch")) / "readout-watch.db"


def demo_corpus_dir() -> Path:
    """The bundled demo corpus: beside the package in a checkout, or under <prefix>/share."""
    candidates = [
        REPO_ROOT / "data" / "demo",
        Path(sys.prefix) / "share" / "readout-watch" / "demo",
    ]
    for candidate in candidates:
        if candidate.is_dir() and any(candidate.iterdir()):
            return candidate
    raise FileNotFoundError(
        "bundled demo corpus not found (looked in " + ", ".join(str(c) for c in candidates) + ")"
    )
