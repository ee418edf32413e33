"""Logins under a flood: counted before any hash, hashing bounded, no global lock-out, no
trivial passwords, proxy headers believed only when configured (issue 15)."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from backcare.web import serve
from backcare.web.accounts import HASHING_AT_ONCE, Accounts
from backcare.web.errors import ApiError
from backcare.web.settings import WebSettings

PASSWORD = "correct horse battery"


class CountingHasher:
    """argon2 at a low cost, counting checks and how many run at once."""

    def __init__(self) -> None:
        self.real = PasswordHasher(time_cost=2, memory_cost=8 * 1024)
        self.checks = 0
        self.running = 0
        self.most = 0
        self.lock = threading.Lock()

    def hash(self, password: str) -> str:
        return self.real.hash(password)

    def verify(self, stored: str, password: str) -> bool:
        with self.lock:
            self.checks += 1
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            return self.real.verify(stored, password)
        finally:
            with self.lock:
                self.running -= 1


@pytest.fixture
def accounts(tmp_path: Path) -> Any:
    store = Accounts(tmp_path / "accounts.sqlite3", attempts_allowed=5, window_seconds=900,
                     session_days=1)
    store.hasher = CountingHasher()  # type: ignore[assignment]
    store.sign_up("erin", PASSWORD, "10.0.0.9")
    yield store
    store.close()


def test_thirty_wrong_passwords_at_once_get_five_checks(accounts: Any) -> None:
    go = threading.Event()
    answers: list[int] = []

    def guess() -> None:
        go.wait()
        try:
            accounts.log_in("erin", "wrong password guess", "10.0.0.1")
        except ApiError as error:
            answers.append(error.status)

    guessers = [threading.Thread(target=guess) for _ in range(30)]
    for guesser in guessers:
        guesser.start()
    go.set()
    for guesser in guessers:
        guesser.join(timeout=120)
    assert accounts.hasher.checks == 5
    assert sorted(answers) == [401] * 5 + [429] * 25
    assert accounts.hasher.most <= HASHING_AT_ONCE


def test_hashing_runs_a_few_at_a_time_whatever_the_flood(accounts: Any) -> None:
    go = threading.Event()

    def guess(number: int) -> None:
        go.wait()
        with contextlib.suppress(ApiError):
            accounts.log_in(f"user{number}", "wrong password guess", f"10.1.0.{number}")

    guessers = [threading.Thread(target=guess, args=(n,)) for n in range(30)]
    for guesser in guessers:
        guesser.start()
    go.set()
    for guesser in guessers:
        guesser.join(timeout=120)
    assert accounts.hasher.checks == 30
    assert accounts.hasher.most <= HASHING_AT_ONCE


def test_guesses_from_elsewhere_do_not_lock_the_owner_out(accounts: Any) -> None:
    for _ in range(5):
        with pytest.raises(ApiError):
            accounts.log_in("erin", "wrong password guess", "203.0.113.7")
    with pytest.raises(ApiError) as refused:
        accounts.log_in("erin", PASSWORD, "203.0.113.7")
    assert refused.value.status == 429
    account, _ = accounts.log_in("erin", PASSWORD, "192.168.1.20")
    assert account.username == "erin"


@pytest.mark.parametrize("password", ["1234567890", "          ", "Password123", "aaaaaaaaaa",
                                      "qwertyuiop", "abcdefghijkl", "9876543210", "ababababab",
                                      "fionafiona123"])
def test_common_and_trivial_passwords_are_refused(accounts: Any, password: str) -> None:
    with pytest.raises(ApiError) as refused:
        accounts.sign_up("fiona", password, "10.0.0.3")
    assert refused.value.code == "weak_password"
    assert refused.value.field == "password"


def test_a_few_words_in_a_row_are_a_good_password(accounts: Any) -> None:
    assert accounts.sign_up("gina", "lemon kettle garden", "10.0.0.4").username == "gina"


def test_proxy_headers_are_believed_only_from_configured_proxies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **options: calls.append(options))
    serve.run("127.0.0.1", 8000, 1, WebSettings())
    serve.run("127.0.0.1", 8000, 1, WebSettings(trusted_proxies=("10.0.0.2",)))
    assert calls[0]["proxy_headers"] is False
    assert calls[1]["proxy_headers"] is True
    assert calls[1]["forwarded_allow_ips"] == ["10.0.0.2"]
