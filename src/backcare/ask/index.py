"""Find the answer cards that match a question: BM25 over the cards' words and lay synonyms.

BM25 (via ``bm25s``) rather than a language model because it runs offline, builds its index over
a hundred cards in milliseconds, and its matches can be explained word by word. Its weakness —
people and cards using different words for the same thing — is covered by the knowledge base:
each card lists the lay words people use for its topic, and the lay labels of the findings it
relates to are indexed with it. Stemming folds "stretches"/"stretching" together, and a close
spelling match rescues the odd typo ("sciatia").

Besides the BM25 score, every hit carries its *coverage*: the share of the question's weight
(the inverse document frequency of its words) that the card matches. A question whose rare,
telling words appear in no card ("can I take CBD oil for it?") gets low coverage however well
its common words ("back", "spasm") match, which is what lets the caller say "I don't know"
instead of offering a loosely related card.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import bm25s  # type: ignore[import-untyped]
import numpy as np
import Stemmer  # type: ignore[import-not-found]

from backcare.ask.dense import encoder_knows
from backcare.knowledge.loader import KnowledgeBase
from backcare.knowledge.schema import Card, Finding

# A possessive "'s" goes ("what's" → "what", "child's" → "child"); other apostrophes are dropped
# before splitting, so "can't" becomes "cant".
_POSSESSIVE = re.compile(r"['’]s\b")
_APOSTROPHE = re.compile(r"['’]")
_WORD = re.compile(r"[a-z0-9]+")
_LETTERS = re.compile(r"[A-Za-z]+")

# NLTK's English list as bm25s ships it, with apostrophe-less contractions added, but keeping
# the words that change what a back question means: "both" legs, coming back "again", time
# "off" work, pain "down" a leg, "over" 65, "why" it happened.
_KEPT = frozenset({"both", "again", "off", "down", "up", "over", "under", "out", "why", "against"})
STOPWORDS = frozenset(
    {word.replace("'", "") for word in bm25s.stopwords.STOPWORDS_EN_PLUS} - _KEPT
) | frozenset(
    {"cant", "dont", "wont", "im", "ive", "id", "isnt", "doesnt", "didnt", "shouldnt", "couldnt",
     "wouldnt", "arent", "also", "would", "could", "may", "might", "must", "shall", "ok", "okay",
     "please", "thanks", "hi", "hello", "anyone", "anything", "something", "thing", "things",
     "much", "many", "ever", "still", "yet", "like", "get", "got", "go", "going", "way", "us",
     "whats", "hows", "whos", "wheres", "thats", "theres", "heres", "lets", "youre", "theyre"}
) | frozenset(
    # Words people wrap a question in that say nothing about its topic: counting them would make
    # "is a walk a good idea" look only half answered by the card on walking.
    {"actual", "actually", "usual", "usually", "idea", "good", "help", "helps", "helpful", "need",
     "needs", "know", "tell", "mean", "means", "make", "makes", "making", "try", "trying", "want",
     "wondering", "wonder", "fine", "normal", "really", "kind", "sort", "lot", "bit", "killing",
     "someone", "people", "person", "question", "advice", "suggest", "recommend", "best",
     "proper", "properly", "correct", "correctly", "right", "ways", "bother", "point", "place",
     "worth", "anyway", "exactly", "basically", "literally", "guess"}
) | frozenset(
    # Greetings, forms of address and chat shorthand: "yo", "kindly advise", "ngl", "pls".
    {"yo", "hey", "hiya", "sir", "madam", "maam", "dear", "kindly", "mate", "bruv", "bro", "dude",
     "pls", "plz", "ur", "ya", "yeah", "ngl", "tbh", "idk", "imo", "btw", "lol", "lmao", "omg",
     "rn", "gonna", "wanna", "gotta", "innit", "reckon", "cheers"}
) | frozenset(
    # Who the question is about, when it says nothing about the topic: "my husband's back went".
    # (Children, sons and daughters, mums and dads stay: the cards on children and on older
    # adults are found by them.)
    {"husband", "wife", "partner", "boyfriend", "girlfriend", "friend", "nan", "nana", "gran",
     "granny", "grandma", "grandpa", "grandad", "granddad", "grandson", "granddaughter", "lady",
     "gentleman", "folk", "folks", "guy", "guys", "somebody", "anybody"}
) | frozenset(
    # When it happened and how sure the asker is: details of the story, not of the topic.
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday",
     "afternoon", "till", "til", "true", "truth", "seems", "surely", "honestly", "roughly",
     "super", "wants", "told", "heard", "mentioned", "weird", "stuff"}
)

# Every card is about a back in spasm, so these words tell cards apart no better than chance
# and are left out of a question (unless nothing else is left): "best exercises for lower back
# spasm" is a question about exercises. "My back is paining" is how many Indian English speakers
# say it hurts.
DOMAIN_WORDS = frozenset(
    {"back", "backs", "backache", "spasm", "spasms", "spasming", "spasmed", "lower", "pain",
     "pains", "painful", "paining", "bad"}
)

# Texting spellings and clinicians' abbreviations, read as the words they stand for by BM25 and
# by the sentence encoder: "hw long dus a bak spazm last", "recurrence after acute LBP" (the
# encoder splits "LBP" into meaningless pieces).
SHORTHAND = {
    "u": "you", "ur": "your", "r": "are", "y": "why", "wat": "what", "wot": "what", "wht": "what",
    "hw": "how", "dus": "does", "bak": "back", "bk": "back", "coz": "because", "cuz": "because",
    "bc": "because", "ppl": "people", "w": "with", "wen": "when", "shud": "should",
    "shld": "should", "cud": "could", "wud": "would", "gud": "good", "nd": "and", "n": "and",
    "abt": "about", "thru": "through", "nite": "night", "bcoz": "because", "becoz": "because",
    "hlp": "help", "rlly": "really", "rly": "really", "cn": "can", "whit": "what", "dae": "do",
    "wetin": "what", "b4": "before", "w/o": "without", "lbp": "low back pain",
}
# Exercises named by two words that mean nothing apart: "dog" alone is no question about the
# bird-dog, and "cat" none about cat-cow.
COMPOUNDS = {("cat", "cow"): "catcow", ("cat", "camel"): "catcamel", ("bird", "dog"): "birddog",
             ("downward", "dog"): "downwarddog"}
_COMPOUND = re.compile(
    "|".join(rf"\b{first}[\s\-‐-―]*{second}s?\b" for first, second in COMPOUNDS), re.IGNORECASE
)
_SHORTHAND = re.compile(r"\b(" + "|".join(sorted(SHORTHAND, key=len, reverse=True)) + r")\b",
                        re.IGNORECASE)

# A card's title and lay keywords say what it is about more surely than its body does.
TITLE_WEIGHT = 2
KEYWORD_WEIGHT = 2
QUESTION_WEIGHT = 1
# Only words this long are respelled, and only to a close match: short words have too many
# near neighbours ("ice" is one letter from "nice" and "rice").
FUZZY_MIN_LENGTH = 5
FUZZY_CUTOFF = 0.85


@dataclass(frozen=True, slots=True)
class Hit:
    """A card that matched, its BM25 score, and the question's terms it contains."""

    card: Card
    score: float
    matched: frozenset[str]


@dataclass(frozen=True, slots=True)
class Search:
    """The cards a question matched, best first, and what each of its words weighs.

    A word weighs its inverse document frequency, so rare, telling words count most; a word no
    card uses weighs the most of all (``unseen``, summed over such words).
    """

    hits: tuple[Hit, ...]
    weights: Mapping[str, float]
    unseen: float

    def coverage(self, hits: Iterable[Hit]) -> float:
        """The share of the question's weight that ``hits`` match between them."""
        total = sum(self.weights.values()) + self.unseen
        matched = frozenset().union(*(hit.matched for hit in hits))
        return sum(self.weights[term] for term in matched) / total if total else 0.0

    def known(self) -> float:
        """The share of the question's weight in words some card uses (0 for no words at all)."""
        total = sum(self.weights.values()) + self.unseen
        return 1 - self.unseen / total if total else 0.0


class Analyzer:
    """Turns text into index terms: lower case, no stopwords, and (by default) English stems."""

    def __init__(self, *, stem: bool = True) -> None:
        self._stemmer = Stemmer.Stemmer("english") if stem else None

    def words(self, text: str) -> list[str]:
        text = _APOSTROPHE.sub("", _POSSESSIVE.sub("", unabbreviated(text).lower()))
        words = _WORD.findall(_COMPOUND.sub(_joined, text))
        return [w for w in words if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]

    def stem(self, word: str) -> str:
        return word if self._stemmer is None else str(self._stemmer.stemWord(word))

    def terms(self, text: str) -> list[str]:
        return [self.stem(word) for word in self.words(text)]


class CardIndex:
    """A BM25 index over answer cards. Build it once per process: see ``index_for``.

    ``synonyms=False`` indexes only each card's title and text; the benchmark uses it (and
    ``stem=False``) to show what the knowledge base's lay words and stemming add.
    ``is_word`` tells a real word from a misspelling: a real word the cards do not use is matched
    only to a form of itself ("sweaty" to "sweat", "stronger" to "strong"), never respelled
    into another word ("growing" is no typo of "rowing", nor "ladder" of "bladder").
    """

    def __init__(
        self,
        cards: Sequence[Card],
        findings: Mapping[str, Finding],
        *,
        stem: bool = True,
        synonyms: bool = True,
        is_word: Callable[[str], bool] = lambda word: False,
    ) -> None:
        self.cards = tuple(cards)
        self._is_word = is_word
        self.analyzer = Analyzer(stem=stem)
        texts = [self._texts(card, findings, synonyms) for card in self.cards]
        documents = [
            [term for text, repeat in card_texts for term in self.analyzer.terms(text) * repeat]
            for card_texts in texts
        ]
        self._retriever = bm25s.BM25()
        self._retriever.index(documents, show_progress=False)
        document_frequency: dict[str, int] = {}
        for terms in documents:
            for term in set(terms):
                document_frequency[term] = document_frequency.get(term, 0) + 1
        self._idf = {term: self._idf_for(df) for term, df in document_frequency.items()}
        self._unseen_idf = self._idf_for(0)
        self._card_terms = [frozenset(terms) for terms in documents]
        # Misspellings are matched against the words as written, then stemmed.
        self._written = sorted(
            {word for card_texts in texts for text, _ in card_texts
             for word in self.analyzer.words(text)}
        )

    @staticmethod
    def _texts(
        card: Card, findings: Mapping[str, Finding], synonyms: bool
    ) -> list[tuple[str, int]]:
        """The card's texts with how many times each counts."""
        texts = [(card.title, TITLE_WEIGHT), (card.text, 1)]
        if synonyms:
            texts += [(keyword, KEYWORD_WEIGHT) for keyword in card.keywords]
            texts += [(question, QUESTION_WEIGHT) for question in card.questions]
            for finding_id in card.findings:
                finding = findings[finding_id]
                texts += [(finding.label, 1), (finding.lay or "", 1)]
        return texts

    def _idf_for(self, document_frequency: int) -> float:
        """BM25's inverse document frequency (Lucene's form, as bm25s scores with)."""
        n = len(self.cards)
        return math.log(1 + (n - document_frequency + 0.5) / (document_frequency + 0.5))

    def _known(self, word: str) -> str | None:
        """The indexed term for a word of the question: its stem, a close spelling's, or None."""
        term = self.analyzer.stem(word)
        if term in self._idf:
            return term
        close = self._close_spelling(word)
        if close is None or (self._is_word(word) and not _same_word(word, close)):
            return None
        return self.analyzer.stem(close)

    def _close_spelling(self, word: str) -> str | None:
        if len(word) < FUZZY_MIN_LENGTH:
            return None
        close = difflib.get_close_matches(word, self._written, n=1, cutoff=FUZZY_CUTOFF)
        return close[0] if close else None

    def respelled(self, question: str, known: Callable[[str], bool]) -> str:
        """``question`` with each misspelt word replaced by the close card word BM25 matches.

        A word is left alone if the cards use it, if it is a stopword, or if ``known`` says the
        reader of the result knows it: the sentence encoder splits an unknown spelling
        ("sciatia") into meaningless pieces but understands "bread" better than "read".
        """

        def respell(match: re.Match[str]) -> str:
            word = match.group(0)
            lower = word.lower()
            if known(lower) or not self.analyzer.words(lower):
                return word
            if self.analyzer.stem(lower) in self._idf:
                return word
            return self._close_spelling(lower) or word

        return _LETTERS.sub(respell, unabbreviated(question))

    def search(self, question: str, k: int) -> Search:
        """The ``k`` best-scoring cards that share at least one term with the question.

        An unseen number ("28 weeks", "my 12 year old") adds no weight: numbers in questions
        are details of the person's situation, not the topic asked about.
        """
        words = _distinct(self.analyzer.words(question))
        words = [w for w in words if w not in DOMAIN_WORDS] or words
        asked = [(word, self._known(word)) for word in words]
        known = _distinct(term for _, term in asked if term is not None)
        unseen = sum(1 for word, term in asked if term is None and not word.isdigit())
        weights = {term: self._idf[term] for term in known}
        if not known:
            return Search((), weights, unseen * self._unseen_idf)
        scores = np.asarray(self._retriever.get_scores(known), dtype=float)
        hits = []
        for position in np.argsort(-scores, kind="stable")[:k]:
            score = float(scores[position])
            if score <= 0:
                break
            matched = self._card_terms[position].intersection(known)
            hits.append(Hit(self.cards[position], score, matched))
        return Search(tuple(hits), weights, unseen * self._unseen_idf)


def _same_word(word: str, other: str) -> bool:
    """Whether one of the two words is the other with an ending ("sweaty", "sweat")."""
    return word.startswith(other) or other.startswith(word)


def _joined(match: re.Match[str]) -> str:
    first, *_, second = _WORD.findall(match.group(0).lower())
    return COMPOUNDS[(first, second.removesuffix("s"))]


def unabbreviated(text: str) -> str:
    """``text`` with texting spellings and abbreviations written out ("hw long" → "how long")."""
    return _SHORTHAND.sub(lambda match: SHORTHAND[match.group(0).lower()], text)


def _distinct(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


_built: dict[int, tuple[KnowledgeBase, CardIndex]] = {}


def index_for(kb: KnowledgeBase) -> CardIndex:
    """The index over ``kb``'s cards, built on first use and kept for the process.

    Keyed by identity because a knowledge base is loaded once and never changes; the entry holds
    the knowledge base itself so its id cannot be reused by another object while cached.
    """
    cached = _built.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    index = CardIndex(tuple(kb.cards.values()), kb.findings, is_word=encoder_knows)
    _built[id(kb)] = (kb, index)
    return index
