"""A first guess at the person's region, for the emergency number, from their language settings.

A browser's ``Accept-Language`` ("en-GB,en;q=0.9") and a system locale ("en_GB.UTF-8") both
name a country more often than not. The guess is only ever *shown* with the number ("999 —
United Kingdom, change"), never used silently: a wrong number presented as certain would be
worse than the list of numbers, so a person can always see it and change it in one step.
"""

from __future__ import annotations

import locale
import os
import re
from collections.abc import Iterable

from backcare.knowledge.loader import KnowledgeBase
from backcare.knowledge.schema import Region

# "en-GB", "en_GB.UTF-8", "fr-CA;q=0.8": the two letters after the language are the country.
_COUNTRY = re.compile(r"^[A-Za-z]{2,3}[-_]([A-Za-z]{2})\b")


def region_from_tags(tags: Iterable[str], kb: KnowledgeBase) -> Region | None:
    """The region of the first language tag, in the order given, that names a known one."""
    for tag in tags:
        found = _COUNTRY.match(tag.strip())
        if found and (region := kb.region(found.group(1))):
            return region
    return None


def region_from_accept_language(header: str | None, kb: KnowledgeBase) -> Region | None:
    """The region a browser's ``Accept-Language`` suggests (most preferred language first)."""
    if not header:
        return None
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        weighted.append((-quality, position, tag))
    return region_from_tags((tag for _, _, tag in sorted(weighted)), kb)


def region_from_locale(kb: KnowledgeBase) -> tuple[Region | None, str | None]:
    """The region the system locale suggests, and the setting it was read from."""
    candidates = [os.environ.get(name) for name in ("LC_ALL", "LC_MESSAGES", "LANG")]
    candidates.append(locale.getlocale()[0])
    for setting in candidates:
        if setting and (region := region_from_tags([setting], kb)):
            return region, setting
    return None, None
