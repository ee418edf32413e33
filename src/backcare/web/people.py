"""Who is asking, and which diary is theirs.

In single-person mode there is one diary (the one the command line uses) and no login. In
multi-user mode each account has its own diary database, so a record ID from one person's
diary simply does not exist in another's: asking for it is a 404, by construction.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from starlette.requests import Request

from backcare.web.accounts import Account, Accounts
from backcare.web.security import SESSION_COOKIE
from backcare.web.settings import WebSettings

if TYPE_CHECKING:
    from backcare.diary.repository import Diary

# Open diaries kept per worker; each holds a small connection pool.
OPEN_DIARIES = 64


@dataclass(frozen=True, slots=True)
class Person:
    """The person behind a request: an account, or the one person of a private server."""

    account: Account | None

    @property
    def name(self) -> str | None:
        return self.account.username if self.account else None


class People:
    """Resolves requests to people and people to their (cached, open) diaries."""

    def __init__(self, settings: WebSettings) -> None:
        self.settings = settings
        self.accounts: Accounts | None = None
        if settings.multi_user:
            self.accounts = Accounts(
                settings.people_dir() / "accounts.sqlite3",
                attempts_allowed=settings.login_attempts,
                window_seconds=settings.login_window_seconds,
                session_days=settings.session_days,
            )
        self._open: OrderedDict[int | None, Diary] = OrderedDict()
        self._lock = threading.Lock()
        self._writers: defaultdict[int | None, threading.Lock] = defaultdict(threading.Lock)

    def person(self, request: Request) -> Person | None:
        """The person making the request; None when a multi-user server has no login for it."""
        if self.accounts is None:
            return Person(None)
        if not hasattr(request.state, "person"):  # looked up once per request
            account = self.accounts.account_for(request.cookies.get(SESSION_COOKIE))
            request.state.person = Person(account) if account else None
        found: Person | None = request.state.person
        return found

    def diary_location(self, person: Person) -> str | None:
        if person.account is None:
            return self.settings.diary
        return str(self.settings.people_dir() / "people" / f"{person.account.id}.sqlite3")

    def diary(self, person: Person) -> Diary:
        """The person's diary, opened (and its schema brought up to date) on first use."""
        from backcare.diary.repository import open_diary

        key = person.account.id if person.account else None
        with self._lock:
            found = self._open.get(key)
            if found is not None:
                self._open.move_to_end(key)
                return found
        location = self.diary_location(person)
        if location is not None and "://" not in location:
            Path(location).expanduser().parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        diary = open_diary(location)
        with self._lock:
            if key in self._open:  # another thread opened it meanwhile
                diary.close()
                return self._open[key]
            self._open[key] = diary
            while len(self._open) > OPEN_DIARIES:
                _, oldest = self._open.popitem(last=False)
                oldest.close()
        return diary

    @contextmanager
    def writing(self, person: Person) -> Iterator[Diary]:
        """The person's diary, for one write at a time from this process.

        SQLite lets one writer in at a time and makes the others wait in sleeps that grow
        longer; queueing the writes of one process on a lock instead keeps the wait fair and
        short when many requests write at once.
        """
        key = person.account.id if person.account else None
        with self._lock:
            lock = self._writers[key]
        with lock:
            yield self.diary(person)

    def close(self) -> None:
        with self._lock:
            for diary in self._open.values():
                diary.close()
            self._open.clear()
        if self.accounts is not None:
            self.accounts.close()
