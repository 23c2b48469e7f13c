"""Bounded caches: of work that depends on one text alone, which a hostile file
cannot fill (:func:`text_cache`), and of equal objects shared from file to
file (:func:`remember`).

Specs repeat their values, keys and lines from file to file, so parsing a
CIDR, resolving a YAML scalar or looking for the pre-shared key's name pays
to cache.  But a plain ``functools.lru_cache`` keeps whatever it is given for
the rest of the run: a file's megabyte key name, value or line, and the tens
of megabytes a long spdAcl parses to, thousands of times over
(tests/test_hostile_inputs.py).  :func:`text_cache` caches short texts, a
bounded number, and the last two longer ones only while one file is checked:
the rules that ask about one connection one after another still find them.
"""

from __future__ import annotations

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


#: each text cache's holder of long texts (see :func:`forget_long_texts`)
_LONG_TEXTS: list[dict] = []
_ABSENT = object()


def text_cache(maxsize: int, longest: int) -> Callable[[Callable[[str], T]], Callable[[str], T]]:
    """A cache for a function of one text.  Texts of up to ``longest``
    characters are kept, at most ``maxsize`` of them (a full cache is emptied
    first, as with :func:`remember`); longer ones, the last two, only while
    one file is checked (:func:`forget_long_texts`): the rules that ask about
    one connection's long spdAcl one after another still find it.

    The cached function is the cache's own look-up (``dict.__getitem__``), so
    a text asked again costs no Python call: these run for every key, value
    and line of every file.  The text is computed when missing."""
    def decorate(compute: Callable[[str], T]) -> Callable[[str], T]:
        long: dict[str, T] = {}
        _LONG_TEXTS.append(long)

        class _Cache(dict):
            __slots__ = ()

            def __missing__(self, text: str) -> T:
                if len(text) > longest:
                    value = long.get(text, _ABSENT)
                    if value is _ABSENT:
                        value = remember(long, text, compute(text), 2)
                    return value  # type: ignore[return-value]
                return remember(self, text, compute(text), maxsize)

        return _Cache().__getitem__
    return decorate


def forget_long_texts() -> None:
    """Drop what the text caches hold for long texts: the engine calls this as
    a file's check begins, so what a hostile file holds in megabytes (a key
    name, a line, an spdAcl and what it parses to) goes with its result."""
    for long in _LONG_TEXTS:
        long.clear()
