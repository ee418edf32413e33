"""The compiled patterns kept between runs (``pattern_cache.py``) are exactly ``re.compile``'s,
and a stale, damaged or foreign copy changes nothing: it is compiled afresh and replaced."""

from __future__ import annotations

import hashlib
import marshal
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backcare import pattern_cache
from backcare.knowledge.loader import KnowledgeBase
from backcare.language.reader import TextReader
from backcare.language.rules import load_language_rules
from backcare.pattern_cache import PatternStore

MESSAGES = [
    "my back hurts after lifting",
    "I can't pee properly and my bum feels kind of numb, no fever",
    "my dad had cancer years ago, I'm worried it's that. 7/10 pain for 3 days",
    "no numbness, tingling or weakness in my legs; lower-back spasm since yesterday",
    "she's 80 and her back went when she fell down the stairs 2 weeks ago",
    "took two co-codamol and then some lemsip as well because nothing touches it",
]


def build(kb: KnowledgeBase, store: PatternStore) -> TextReader:
    return TextReader(kb, load_language_rules(), store)


@pytest.fixture(scope="module")
def kept(kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store file written by a first build of the reader."""
    path = tmp_path_factory.mktemp("cache") / "patterns.bin"
    first = PatternStore(str(path))
    build(kb, first)
    assert first.hits == 0 and first.misses > 250 and path.is_file()
    return path


@pytest.fixture(scope="module")
def fresh(kb: KnowledgeBase) -> TextReader:
    """The reader with every pattern from ``re.compile``, nothing kept."""
    return build(kb, PatternStore(None))


@pytest.fixture(scope="module")
def from_copy(kb: KnowledgeBase, kept: Path) -> tuple[PatternStore, TextReader]:
    store = PatternStore(str(kept))
    return store, build(kb, store)


def test_a_second_build_takes_every_pattern_from_the_copy(
    from_copy: tuple[PatternStore, TextReader], kept: Path
) -> None:
    store, _ = from_copy
    assert store.misses == 0 and store.hits == len(store.compiled()) > 250
    before = kept.stat().st_mtime_ns
    assert not store.save()  # the same patterns: the file is left as it is
    assert kept.stat().st_mtime_ns == before


def test_every_kept_pattern_is_the_one_re_compile_makes(
    from_copy: tuple[PatternStore, TextReader],
) -> None:
    """``re.Pattern.__eq__`` compares the flags, the text and the compiled code word by word."""
    store, _ = from_copy
    for text, flags in store.compiled():
        copy, compiled = store.compile(text, flags), re.compile(text, flags)
        assert copy is not compiled
        assert copy == compiled
        assert (copy.groups, dict(copy.groupindex)) == (compiled.groups,
                                                       dict(compiled.groupindex))


def _words(kb: KnowledgeBase) -> list[str]:
    """The lexicon's own words, and a few that trip patterns up."""
    words: set[str] = set()
    for finding in kb.findings.values():
        for phrase in (*finding.lexicon.present, *finding.lexicon.absent):
            words.update(re.findall(r"[a-z']+", re.sub(r"\{[a-z_]+\}", " ", phrase)))
    return [*sorted(words), "no", "not", "and", "but", ",", ".", "?", "7/10", "3", "’", "-",
            "\n", "é", "İ", "ﬁ", "pee", "wee", "numb", "bum", "legs", "weeks"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_kept_patterns_match_any_text_exactly_as_compiled_ones(
    kb: KnowledgeBase, from_copy: tuple[PatternStore, TextReader], data: st.DataObject
) -> None:
    store, _ = from_copy
    text = data.draw(st.one_of(
        st.lists(st.sampled_from(_words(kb)), max_size=40).map(" ".join),
        st.text(max_size=200),
    ))
    for pattern, flags in store.compiled():
        copy, compiled = store.compile(pattern, flags), re.compile(pattern, flags)
        assert [(m.span(), m.groups()) for m in copy.finditer(text)] == [
            (m.span(), m.groups()) for m in compiled.finditer(text)]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(MESSAGES), min_size=1, max_size=3).map(" ".join))
def test_the_reader_from_the_copy_reads_as_the_compiled_one(
    from_copy: tuple[PatternStore, TextReader], fresh: TextReader, text: str
) -> None:
    _, reader = from_copy
    assert reader.read(text) == fresh.read(text)


def _other_interpreter(data: bytes) -> bytes:
    head_end = data.index(b"\n", len(b"backcare kept patterns 1\n")) + 1
    return data[:head_end - 1] + b"-other\n" + data[head_end:]


HEAD = b"backcare kept patterns 1\n" + pattern_cache._fingerprint()


def _sound_digest_of(entries: object) -> bytes:
    """A file whose digest is right but whose entries are not what a build expects."""
    payload = marshal.dumps(entries)
    return HEAD + hashlib.sha256(payload).digest() + payload


def _misshapen(data: bytes) -> bytes:
    """The same patterns, each with an entry that cannot build: code of a broken length,
    code that ``_sre`` refuses, or not an entry at all."""
    keys = list(marshal.loads(data[len(HEAD) + 32:]))
    shapes = [(0, b"\x01\x02\x03", 0, {}, ()), (0, b"\xff" * 8, 0, {}, (None,)), "no", None]
    return _sound_digest_of({key: shapes[index % len(shapes)]
                             for index, key in enumerate(keys)})


DAMAGE = {
    "truncated": lambda data: data[: len(data) // 2],
    "one byte changed": lambda data: data[:-100] + bytes([data[-100] ^ 1]) + data[-99:],
    "empty": lambda data: b"",
    "garbage": lambda data: b"\x00\xff" * 5000,
    "another interpreter's": _other_interpreter,
    "entries that do not build": _misshapen,
    "not a dict": lambda data: _sound_digest_of([1, 2, 3]),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_copy_changes_nothing_and_is_replaced(
    kb: KnowledgeBase, kept: Path, fresh: TextReader, tmp_path: Path, damage: str
) -> None:
    path = tmp_path / "patterns.bin"
    path.write_bytes(DAMAGE[damage](kept.read_bytes()))
    store = PatternStore(str(path))
    reader = build(kb, store)
    assert store.hits == 0
    for text in MESSAGES:
        assert reader.read(text) == fresh.read(text)
    for text, flags in store.compiled():
        assert store.compile(text, flags) == re.compile(text, flags)
    again = PatternStore(str(path))  # the build replaced the copy with a sound one
    build(kb, again)
    assert again.misses == 0 and again.hits == store.misses


def test_a_changed_pattern_is_compiled_afresh_and_the_copy_follows(tmp_path: Path) -> None:
    path = str(tmp_path / "patterns.bin")
    first = PatternStore(path)
    first.compile(r"\bback(?P<side> left| right)?\b")
    first.compile("pee|wee", re.IGNORECASE)
    assert first.save()
    second = PatternStore(path)
    assert second.compile(r"\bback(?P<side> left| right)?\b").groupindex == {"side": 1}
    assert second.compile("pee|wee").match("WEE") is None  # other flags: another pattern
    assert (second.hits, second.misses) == (1, 1)
    assert second.save()
    assert sorted(PatternStore(path)._kept) == sorted(second.compiled())


def test_what_cannot_be_kept_is_still_compiled(tmp_path: Path) -> None:
    nowhere = PatternStore(None)
    assert nowhere.compile("a+b").fullmatch("aab") and not nowhere.save()
    unwritable = PatternStore(str(tmp_path / "a-file" / "patterns.bin"))
    (tmp_path / "a-file").write_text("not a folder")
    assert unwritable.compile("a+b").fullmatch("aab") and not unwritable.save()
    store = PatternStore(str(tmp_path / "patterns.bin"))
    with pytest.raises(re.error, match="unterminated character set"):
        store.compile("[ab")
    assert store.compiled() == []
