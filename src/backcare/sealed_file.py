"""Files in the user's cache that tell whether they are whole and what they hold.

A kept copy (the parsed YAML, the validated knowledge base, the compiled patterns) starts with
a header naming its format — and anything else it must match, such as the interpreter — then
the SHA-256 of its contents, then the contents. A reader gets the contents back only when the
header is the one it expects and the digest matches: a truncated, damaged or foreign file is
nothing, and the work it would have saved is done again.
"""

from __future__ import annotations

import hashlib

from backcare.user_cache import keep

_DIGEST_SIZE = hashlib.sha256().digest_size


def keep_sealed(path: str, header: bytes, payload: bytes) -> bool:
    """Write ``payload`` behind ``header`` and its digest, whole or not at all; whether it
    was written."""
    return keep(path, header + hashlib.sha256(payload).digest() + payload)


def read_sealed(path: str, header: bytes) -> bytes | None:
    """What ``keep_sealed`` wrote at ``path`` with ``header``, or ``None`` if the file is
    missing, unreadable, damaged or another's."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    digest_end = len(header) + _DIGEST_SIZE
    if not data.startswith(header) or len(data) < digest_end:
        return None
    payload = data[digest_end:]
    if hashlib.sha256(payload).digest() != data[len(header):digest_end]:
        return None
    return payload
