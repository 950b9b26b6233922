"""Small numbers: which counts anything published must hide, so that no one can be
identified. One rule for the report page, its downloads and every public page.

- Primary: a count from 1 to threshold - 1 is hidden ("fewer than 5"). Zero is shown.
- Secondary: when a row of counts whose total is shown would hide just one count, the
  next smallest count (a zero included) is hidden too, so the hidden one cannot be
  worked out by subtracting the others from the total.
"""


def is_small(n: int, threshold: int) -> bool:
    """The primary rule: a count publication must hide."""
    return 0 < n < threshold


def hidden_in_row(counts: dict, total: int, threshold: int) -> set:
    """The keys of `counts` to hide, given that the row's `total` is published unless small."""
    hidden = {key for key, n in counts.items() if is_small(n, threshold)}
    if len(hidden) == 1 and len(counts) > 1 and not is_small(total, threshold):
        _n, _position, key = min((n, i, key) for i, (key, n) in enumerate(counts.items()) if key not in hidden)
        hidden.add(key)
    return hidden
