"""Nothing about a person leaves their machine: the libraries backcare runs on are kept quiet.

onnxruntime (the trained reader's runtime) reports usage and keeps a device identifier in the
user's cache folder by default; backcare switches that off before it starts. The test runs a
real assessment in a fresh process with fresh home and cache folders and looks at what was
written there.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_reading_a_message_leaves_no_telemetry_identifier(tmp_path: Path) -> None:
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    for name in ("ORT_DISABLE_TELEMETRY", "ORT_TELEMETRY_DISABLED"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-m", "backcare", "assess", "--text", "my back went lifting a box",
         "--json"], env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    written = [path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*")]
    assert not [path for path in written if "Microsoft" in path or "onnxruntime" in path], written
