"""Starting fast: ``import backcare`` and ``backcare --help`` load neither the assessment code,
the knowledge base's models nor Typer (issue 15)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = ("import sys; sys.argv[1:] = ['--help']; from backcare.cli import main; main(); "
         "print(sorted(m for m in sys.modules if m.split('.')[0] in "
         "('backcare', 'typer', 'rich', 'click', 'pydantic', 'yaml')), file=sys.stderr)")


def help_run(cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "COLUMNS": "100"}
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done


def test_help_is_printed_again_without_loading_typer_or_the_models(tmp_path: Path) -> None:
    first = help_run(tmp_path)
    again = help_run(tmp_path)
    assert "Commands" in first.stdout and again.stdout == first.stdout
    assert again.stderr.strip() == (
        "['backcare', 'backcare.cli', 'backcare.help_cache', 'backcare.user_cache']")


def test_a_changed_terminal_width_renders_the_help_again(tmp_path: Path) -> None:
    wide = help_run(tmp_path)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "COLUMNS": "60"}
    narrow = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,
                            text=True, timeout=120)
    assert narrow.stdout != wide.stdout
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 60


def test_importing_backcare_loads_nothing_until_used() -> None:
    probe = ("import sys, backcare; print(sorted(m for m in sys.modules "
             "if m.startswith('backcare')))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.strip() == "['backcare']", done.stderr
