"""Bounded per-worker caches (engage.worker_caches)."""

from engage.web.worker_caches import keep, store


def test_keep_makes_a_value_once_then_returns_it():
    cache, made = {}, []
    make = lambda: made.append(1) or "page"
    assert keep(cache, 10, "key", make) == keep(cache, 10, "key", make) == "page"
    assert made == [1]


def test_a_full_cache_is_emptied_before_the_next_entry():
    cache = {}
    for n in range(3):
        store(cache, 3, n, str(n))
    store(cache, 3, "next", "value")
    assert cache == {"next": "value"}
