"""Small numbers: which counts anything published must hide, so that no one can be
identified. One rule for the report page, its PDF, DOCX and workbook, the headline
sentences and every public page.

A table is its counts (`{key: n}`) and the sums it publishes (`(total key, member keys)`:
the total is the sum of the members, e.g. a row of options and its total, or "All" and the
groups it splits into). `hidden_cells` decides what to hide:
- primary: a count from 1 to threshold - 1 ("fewer than 5"); zero is shown;
- secondary: then, until none of these holds, the smallest visible member (a zero included)
  of a sum that would give a hidden count away is hidden too:
  - the sum has exactly one hidden count (it is the total minus the others);
  - its total is shown and the hidden members' sum leaves them one way to be (a small count is
    at least 1 and at most threshold - 1: "1 between a small count and a zero" pins both down);
  - a hidden count is fixed by the sums taken together (it is a linear combination of
    visible counts: checked by elimination over the hidden counts).
"""

from fractions import Fraction


def is_small(n: int, threshold: int) -> bool:
    """The primary rule: a count publication must hide."""
    return 0 < n < threshold


def hidden_cells(counts: dict, sums: list, threshold: int) -> set:
    """The keys of `counts` to hide, given the `sums` the table publishes."""
    hidden = {key for key, n in counts.items() if is_small(n, threshold)}
    order = {key: i for i, key in enumerate(counts)}
    while (extra := next_to_hide(counts, sums, hidden, threshold, order)) is not None:
        hidden.add(extra)
    return hidden


def next_to_hide(counts, sums, hidden, threshold, order):
    for total, members in sums:
        hidden_here = [key for key in (total, *members) if key in hidden]
        if hidden_here and (len(hidden_here) == 1 or pinned_by_bounds(counts, total, members, hidden, threshold)):
            pick = smallest_visible(counts, members, hidden, order)
            if pick is None and total not in hidden:
                pick = total
            if pick is not None:
                return pick
    for key in determined(sums, hidden):
        around = [cell for total, members in sums if key in (total, *members) for cell in (*members, total)]
        if (pick := smallest_visible(counts, around, hidden, order)) is not None:
            return pick
    return None


def pinned_by_bounds(counts, total, members, hidden, threshold):
    """True when the total is shown and the hidden members' sum leaves them one way to be:
    every small one 1 and the others 0, or (none else hidden) every small one threshold - 1."""
    if total in hidden:
        return False
    values = [counts[key] for key in members if key in hidden]
    small = sum(1 for n in values if is_small(n, threshold))
    return small > 0 and (sum(values) == small or (small == len(values) and sum(values) == small * (threshold - 1)))


def smallest_visible(counts, keys, hidden, order):
    """The visible key with the smallest count (the first in the table on a tie); None when
    every one is hidden."""
    shown = [key for key in keys if key not in hidden]
    return min(shown, key=lambda key: (counts[key], order[key])) if shown else None


def determined(sums, hidden):
    """The hidden keys whose value the published sums fix: those whose unit vector lies in the
    span of the sums' equations restricted to the hidden counts (Gaussian elimination)."""
    unknowns = sorted(hidden, key=repr)
    if not unknowns:
        return []
    basis: dict = {}  # pivot key: row {key: coefficient}, reduced
    for total, members in sums:
        row: dict = {}
        for key, sign in ((total, -1), *((m, 1) for m in members)):
            if key in hidden:
                row[key] = row.get(key, 0) + sign
        add_to_basis(basis, {k: Fraction(v) for k, v in row.items() if v})
    return [key for key in unknowns if not reduce(basis, {key: Fraction(1)})]


def reduce(basis, row):
    for pivot, base_row in basis.items():
        subtract(row, row.get(pivot), base_row)
    return row


def add_to_basis(basis, row):
    row = reduce(basis, row)
    if not row:
        return
    pivot = min(row, key=repr)
    scale = row[pivot]
    row = {key: value / scale for key, value in row.items()}
    for other in basis.values():
        subtract(other, other.get(pivot), row)
    basis[pivot] = row


def subtract(target, factor, row):
    """target -= factor * row, in place, dropping the keys that become zero."""
    if not factor:
        return
    for key, value in row.items():
        updated = target.get(key, 0) - factor * value
        if updated:
            target[key] = updated
        else:
            target.pop(key, None)


def hidden_in_row(counts: dict, total: int, threshold: int) -> set:
    """The keys of `counts` to hide in one row whose `total` is published (unless small)."""
    table: dict[tuple, int] = {("total",): total, **{("cell", key): n for key, n in counts.items()}}
    hidden = hidden_cells(table, [(("total",), [("cell", key) for key in counts])], threshold)
    return {key[1] for key in hidden if key[0] == "cell"}
