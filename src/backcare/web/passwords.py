"""Which passwords an account may have: long enough, and not one an attacker tries first.

Length alone let ten spaces and "1234567890" through. A password is refused when it is on the
shipped list of the commonest ones (``common_passwords.txt``), uses fewer than
:data:`MIN_DISTINCT` different characters, is a run along the keyboard or the alphabet
("qwertyuiop", "abcdefghij", "9876543210"), or holds the username. NIST SP 800-63B asks for
exactly this kind of check instead of composition rules.
"""

from __future__ import annotations

import functools
from pathlib import Path

from backcare.web.errors import ApiError

MIN_PASSWORD = 10
# argon2 costs memory and time by design; a multi-megabyte "password" must not be hashed.
MAX_PASSWORD = 1024
MIN_DISTINCT = 5
COMMON_FILE = Path(__file__).resolve().parent / "common_passwords.txt"
# Rows a finger runs along; a password that is a stretch of one (either way) is trivial.
RUNS = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm",
        "1qaz2wsx3edc4rfv5tgb", "qazwsxedcrfvtgb")


@functools.cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines
                     if line.strip() and not line.startswith("# "))


def _is_run(word: str) -> bool:
    for row in RUNS:
        for candidate in (row, row[::-1]):
            if word in candidate * 3:
                return True
    return False


def check_password(password: str, username: str) -> None:
    """Refuse a password with 422 ``weak_password`` and a reason the person can act on."""
    def weak(reason: str) -> ApiError:
        return ApiError(422, "weak_password", f"password: {reason} (a few words in a row are "
                                              "easy to remember)", "password")

    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise weak(f"at least {MIN_PASSWORD} characters")
    lowered = password.strip().lower()
    if lowered in common_passwords():
        raise weak("one of the most common passwords, tried first by anyone guessing")
    if len(set(lowered)) < MIN_DISTINCT:
        raise weak(f"use at least {MIN_DISTINCT} different characters")
    if _is_run(lowered):
        raise weak("a run of keys or letters is guessed at once")
    if username and username.lower() in lowered:
        raise weak("must not contain your username")
