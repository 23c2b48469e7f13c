"""Bounded caches: of work that depends on one text alone, which a hostile file
cannot fill (:func:`text_cache`), and of equal objects shared from file to
file (:func:`remember`).

Specs repeat their values, keys and lines from file to file, so parsing a
CIDR, resolving a YAML scalar or looking for the pre-shared key's name pays
to cache.  But a plain ``functools.lru_cache`` keeps whatever it is given for
the rest of the run: a file's megabyte key name, value or line, and the tens
of megabytes a long spdAcl parses to, thousands of times over
(tests/test_hostile_inputs.py).  :func:`text_cache` caches short texts in an
LRU and a longer one only until a short text is asked again: the rules that
ask about one connection one after another still find it.
"""

from __future__ import annotations

import functools
from typing import Callable, TypeVar

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")


def remember(cache: dict[K, V], key: K, value: V, most: int) -> V:
    """``cache[key] = value``, returned; a cache already holding ``most``
    entries is emptied first.  For the caches that share equal objects or
    answers from file to file (source-map nodes, places, snippets, the schema
    memo, remembered findings): bounded, because a worker
    keeps them for its whole life, and without an LRU's bookkeeping on every
    hit, because what recurs is soon back."""
    if len(cache) >= most:
        cache.clear()
    cache[key] = value
    return value


def text_cache(maxsize: int, longest: int) -> Callable[[Callable[[str], T]], Callable[[str], T]]:
    """``functools.lru_cache(maxsize)`` for a function of one text, for texts
    of up to ``longest`` characters; longer ones, the last two only (a
    connection's two addresses alternate), until a short one is asked."""
    def decorate(compute: Callable[[str], T]) -> Callable[[str], T]:
        short = functools.lru_cache(maxsize=maxsize)(compute)
        last = functools.lru_cache(maxsize=2)(compute)
        holding = False

        @functools.wraps(compute)
        def cached(text: str) -> T:
            nonlocal holding
            if len(text) > longest:
                holding = True
                return last(text)
            if holding:
                last.cache_clear()
                holding = False
            return short(text)
        return cached
    return decorate
