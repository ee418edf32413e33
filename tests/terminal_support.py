"""Start a child program as a person's terminal would: with Ctrl-C delivered.

A shell that starts a job in the background (``.ci/run &``, nohup) sets SIGINT to "ignored",
and POSIX passes an ignored signal on to every child. Python then installs no
KeyboardInterrupt handler, so ``backcare check`` and ``backcare timer`` rightly let Ctrl-C
pass, and the tests that press it would wait out their timeouts. The tests are about a person
pressing Ctrl-C at a terminal, where SIGINT is never ignored, so their children start with it
restored.
"""

from __future__ import annotations

import signal


def restore_ctrl_c() -> None:
    """In the child, before it runs: SIGINT back to its default, as at a terminal."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
