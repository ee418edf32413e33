"""Accounts for a shared server: argon2-hashed passwords, server-side sessions, login limits.

Kept in their own small SQLite database beside the per-person diaries, so that an account's
data and another person's diary never share a table: isolation is by construction, not by a
``WHERE`` clause someone could forget. Sessions live on the server (the cookie holds only a
random token, stored here as its SHA-256), so logging out really ends them, in every worker.
Login attempts are counted here too, so the limit holds across workers and restarts. An
attempt is counted before its password is checked, in the same transaction that reads the
count, so thirty guesses sent at once get five checks, not thirty. The limit is per username
*and* address (a guesser elsewhere cannot lock the owner out), per address, and — much higher
— per username from everywhere. Hashing is memory-hard by design (argon2 takes 64 MiB a
check), so at most :data:`HASHING_AT_ONCE` run at a time, whatever the flood.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
)
from sqlalchemy.engine import URL
from sqlalchemy.exc import IntegrityError

from backcare.web.errors import ApiError
from backcare.web.passwords import MAX_PASSWORD, check_password

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
HASHING_AT_ONCE = 2
# One address may try several usernames (a household), and one username may be tried from
# many addresses (a phone and a laptop): these multiply the per-pair limit.
PER_ADDRESS_FACTOR = 4
PER_USERNAME_FACTOR = 20
# Sign-ups from one address per window: enough for a household, too few for a script.
SIGNUPS_PER_WINDOW = 10

metadata = MetaData()
users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(40), nullable=False, unique=True),
    Column("password_hash", String(200), nullable=False),
    Column("created_at", Float, nullable=False),
)
sessions = Table(
    "sessions", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("expires_at", Float, nullable=False),
)
attempts = Table(
    "attempts", metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(200), nullable=False, index=True),
    Column("at", Float, nullable=False),
)


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    username: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Accounts:
    """The account store of one multi-user server."""

    def __init__(self, path: Path, *, attempts_allowed: int, window_seconds: int,
                 session_days: int) -> None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.exists():
            path.touch(mode=0o600)
        self.engine: Engine = create_engine(URL.create("sqlite", database=str(path)))

        @event.listens_for(self.engine, "connect")
        def _on_connect(dbapi_connection: object, _record: object) -> None:
            cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=15000")
            cursor.close()
            # Transactions are begun below, and take the write lock at once: a count and the
            # attempt it allows are one step, in every worker.
            dbapi_connection.isolation_level = None  # type: ignore[attr-defined]

        @event.listens_for(self.engine, "begin")
        def _on_begin(connection: Connection) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        metadata.create_all(self.engine)
        self.hasher = PasswordHasher()
        self._hashing = threading.BoundedSemaphore(HASHING_AT_ONCE)
        self.attempts_allowed = attempts_allowed
        self.window = window_seconds
        self.session_seconds = session_days * 24 * 3600
        # Verified against when the username is unknown, so the answer takes as long either
        # way and does not tell which usernames exist.
        self._decoy = self._hash(secrets.token_urlsafe(16))

    def close(self) -> None:
        self.engine.dispose()

    # ---- rate limiting -------------------------------------------------------------------------

    def _count(self, keys: list[tuple[str, int]], what: str) -> None:
        """Count one attempt against each key, or refuse with 429 — and count nothing — when
        any key has used up its attempts in the window. One transaction holding the write
        lock: no other attempt can read the count between this one's read and write."""
        now = time.time()
        since = now - self.window
        with self.engine.begin() as db:
            db.execute(delete(attempts).where(attempts.c.at < since))
            for key, allowed in keys:
                row = db.execute(select(func.count(), func.min(attempts.c.at))
                                 .where(attempts.c.key == key, attempts.c.at >= since)).one()
                if row[0] >= allowed:
                    wait = max(1, int(row[1] + self.window - now) + 1)
                    raise ApiError(429, "too_many_attempts",
                                   f"Too many {what}. Wait {(wait + 59) // 60} minutes and "
                                   "try again.", headers={"Retry-After": str(wait)})
            db.execute(insert(attempts), [{"key": key, "at": now} for key, _ in keys])

    def _hash(self, password: str) -> str:
        with self._hashing:
            return self.hasher.hash(password)

    def _verify(self, stored: str, password: str) -> bool:
        with self._hashing:
            try:
                return self.hasher.verify(stored, password)
            except (VerificationError, InvalidHashError):
                return False

    # ---- accounts ------------------------------------------------------------------------------

    def sign_up(self, username: str, password: str, address: str) -> Account:
        name = username.strip().lower()
        if not USERNAME.match(name):
            raise ApiError(422, "invalid_username", "username: 3 to 40 letters, digits, dots, "
                           "dashes or underscores, starting with a letter or digit", "username")
        check_password(password, name)
        self._count([(f"signup:{address}", SIGNUPS_PER_WINDOW)], "new accounts")
        hashed = self._hash(password)  # before the transaction: it holds the write lock
        try:
            with self.engine.begin() as db:
                new_id = db.execute(insert(users).values(
                    username=name, password_hash=hashed,
                    created_at=time.time())).inserted_primary_key
        except IntegrityError:
            raise ApiError(409, "username_taken", "username: already taken; choose another",
                           "username") from None
        assert new_id is not None
        return Account(int(new_id[0]), name)

    def log_in(self, username: str, password: str, address: str) -> tuple[Account, str]:
        """Check the password and open a session; returns the account and its cookie token."""
        name = username.strip().lower()
        pair = f"user:{name}@{address}"
        self._count([(pair, self.attempts_allowed),
                     (f"address:{address}", PER_ADDRESS_FACTOR * self.attempts_allowed),
                     (f"user:{name}", PER_USERNAME_FACTOR * self.attempts_allowed)], "attempts")
        with self.engine.connect() as db:
            row = db.execute(select(users.c.id, users.c.password_hash)
                             .where(users.c.username == name)).first()
        valid = self._verify(row.password_hash if row else self._decoy, password[:MAX_PASSWORD])
        if not valid or row is None:
            raise ApiError(401, "wrong_credentials", "That username and password do not match.",
                           "password")
        token = secrets.token_urlsafe(32)
        with self.engine.begin() as db:
            db.execute(delete(attempts).where(attempts.c.key.in_((pair, f"user:{name}"))))
            db.execute(delete(sessions).where(sessions.c.expires_at < time.time()))
            db.execute(insert(sessions).values(token_hash=_digest(token), user_id=row.id,
                                               expires_at=time.time() + self.session_seconds))
        return Account(int(row.id), name), token

    def account_for(self, token: str | None) -> Account | None:
        """The account a session cookie belongs to, or None when it is unknown or expired."""
        if not token:
            return None
        with self.engine.connect() as db:
            row = db.execute(
                select(users.c.id, users.c.username)
                .join(sessions, sessions.c.user_id == users.c.id)
                .where(sessions.c.token_hash == _digest(token),
                       sessions.c.expires_at > time.time())
            ).first()
        return Account(int(row.id), row.username) if row else None

    def log_out(self, token: str | None) -> None:
        if token:
            with self.engine.begin() as db:
                db.execute(delete(sessions).where(sessions.c.token_hash == _digest(token)))
