"""onnxruntime, imported with its telemetry off.

Recent onnxruntime builds for Linux and macOS report usage to Microsoft and keep a device
identifier in the user's cache folder unless told not to. backcare promises that nothing
about a person leaves their machine, so every use of onnxruntime imports it through here,
which opts out before the library starts (a setting read once, at its first import).
"""

from __future__ import annotations

import os
from types import ModuleType

# The opt-out's name in onnxruntime 1.32, and the one later releases read.
_OPT_OUTS = ("ORT_DISABLE_TELEMETRY", "ORT_TELEMETRY_DISABLED")


def onnxruntime() -> ModuleType:
    """The onnxruntime module, its telemetry switched off for this process."""
    for name in _OPT_OUTS:
        os.environ[name] = "1"
    import onnxruntime as runtime

    module: ModuleType = runtime
    return module
