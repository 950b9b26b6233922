"""engage.reports.suppression: the one small-numbers rule for everything published."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from engage.reports.suppression import hidden_cells, hidden_in_row, is_small


def test_counts_from_one_to_below_the_threshold_are_small_and_zero_is_not():
    assert [n for n in range(8) if is_small(n, 5)] == [1, 2, 3, 4]


def test_one_hidden_count_takes_the_next_smallest_with_it_even_a_zero():
    assert hidden_in_row({"agree": 20, "not_sure": 2, "disagree": 0}, 22, 5) == {"not_sure", "disagree"}


def test_a_small_total_hides_itself_so_nothing_more_is_needed():
    assert hidden_in_row({"agree": 3, "not_sure": 0}, 3, 5) == {"agree"}


@given(st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=6), st.integers(min_value=2, max_value=10))
def test_no_hidden_count_can_be_worked_out_from_the_others_and_the_total(counts, threshold):
    row = {f"option {i}": n for i, n in enumerate(counts)}
    total = sum(counts)
    hidden = hidden_in_row(row, total, threshold)
    assert {k for k, n in row.items() if is_small(n, threshold)} <= hidden
    if hidden and not is_small(total, threshold):
        assert len(hidden) >= 2 or len(row) == 1


def test_the_row_from_the_issue_hides_a_second_count_even_a_zero():
    assert hidden_in_row({"agree": 8, "not_sure": 0, "disagree": 4}, 12, 5) == {"not_sure", "disagree"}


def test_a_small_count_beside_a_zero_hides_a_third_count_when_their_sum_would_pin_both():
    """Total 12, Agree 11 shown: the two hidden counts add up to 1, and the small one is at least 1."""
    assert hidden_in_row({"agree": 11, "not_sure": 0, "disagree": 1}, 12, 5) == {"agree", "not_sure", "disagree"}


def test_all_and_its_split_hide_a_second_column_so_all_minus_standard_is_not_easy_read():
    """The issue's 'All 8, Standard 6, Easy read fewer than 5'."""
    counts = {"all": 8, "standard": 6, "easyread": 2}
    assert hidden_cells(counts, [("all", ["standard", "easyread"])], 5) == {"standard", "easyread"}


def grid(rows, columns):
    """A table of cells with row totals, column totals and a grand total, and its sums."""
    counts: dict[tuple, int] = {}
    for r, row in enumerate(rows):
        for c, n in enumerate(row):
            counts[("cell", r, c)] = n
    width = columns
    for r, row in enumerate(rows):
        counts[("row", r)] = sum(row)
    for c in range(width):
        counts[("column", c)] = sum(row[c] for row in rows)
    counts[("grand",)] = sum(map(sum, rows))
    sums: list = [(("row", r), [("cell", r, c) for c in range(width)]) for r in range(len(rows))]
    sums += [(("column", c), [("cell", r, c) for r in range(len(rows))]) for c in range(width)]
    sums += [(("grand",), [("row", r) for r in range(len(rows))]), (("grand",), [("column", c) for c in range(width)])]
    return counts, sums


def rank(matrix):
    """The rank of a list of rows of Fractions (written apart from the module's elimination)."""
    rows = [list(row) for row in matrix]
    found, width = 0, len(rows[0]) if rows else 0
    for column in range(width):
        pivot = next((i for i in range(found, len(rows)) if rows[i][column] != 0), None)
        if pivot is None:
            continue
        rows[found], rows[pivot] = rows[pivot], rows[found]
        for i in range(len(rows)):
            if i != found and rows[i][column] != 0:
                factor = rows[i][column] / rows[found][column]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[found])]
        found += 1
    return found


def fixed_by_the_sums(counts, sums, hidden, key):
    """True when the published sums, as linear equations in the hidden counts, have one value for `key`."""
    unknowns = sorted(hidden, key=repr)
    equations = [[Fraction(sum(1 for m in members if m == u) - (total == u)) for u in unknowns] for total, members in sums]
    unit = [Fraction(u == key) for u in unknowns]
    return rank(equations) == rank([*equations, unit])


tables = st.integers(min_value=1, max_value=4).flatmap(
    lambda width: st.lists(st.lists(st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 9, 14, 30]), min_size=width, max_size=width),
                           min_size=1, max_size=4).map(lambda rows: (rows, width)))


@settings(deadline=None)  # the elimination is exact (fractions): slow under a loaded machine, never wrong
@given(tables, st.integers(min_value=2, max_value=6))
def test_no_hidden_cell_of_a_random_table_can_be_recovered_from_the_visible_cells_and_totals(table, threshold):
    counts, sums = grid(*table)
    hidden = hidden_cells(counts, sums, threshold)
    assert {key for key, n in counts.items() if is_small(n, threshold)} <= hidden
    for total, members in sums:
        assert len([key for key in (total, *members) if key in hidden]) != 1
        if total not in hidden and any(is_small(counts[m], threshold) for m in members if m in hidden):
            hidden_values = [counts[m] for m in members if m in hidden]
            small = sum(1 for n in hidden_values if is_small(n, threshold))
            assert sum(hidden_values) > small  # not every small count forced to 1 and the rest to 0
    for key in hidden:
        assert not fixed_by_the_sums(counts, sums, hidden, key), key


def split_table(rows):
    """A question's table: per option row, All = Group 1 + Group 2 = Standard + Easy read (each
    row given as the four group-by-variant counts), and each column's base = its options' sum."""
    columns = ("all", "g1", "g2", "standard", "easyread")
    counts: dict[tuple, int] = {}
    sums: list = []
    for r, (g1s, g1e, g2s, g2e) in enumerate(rows):
        values = (g1s + g1e + g2s + g2e, g1s + g1e, g2s + g2e, g1s + g2s, g1e + g2e)
        counts.update({(r, c): n for c, n in zip(columns, values)})
        sums += [((r, "all"), [(r, "g1"), (r, "g2")]), ((r, "all"), [(r, "standard"), (r, "easyread")])]
    for c in columns:
        counts[("base", c)] = sum(counts[(r, c)] for r in range(len(rows)))
        sums.append((("base", c), [(r, c) for r in range(len(rows))]))
    sums += [(("base", "all"), [("base", "g1"), ("base", "g2")]), (("base", "all"), [("base", "standard"), ("base", "easyread")])]
    return counts, sums


small_counts = st.sampled_from([0, 0, 1, 2, 3, 6, 12])


@settings(deadline=None)
@given(st.lists(st.tuples(small_counts, small_counts, small_counts, small_counts), min_size=1, max_size=5),
       st.integers(min_value=2, max_value=6))
def test_no_hidden_cell_of_a_question_split_two_ways_can_be_recovered(rows, threshold):
    counts, sums = split_table(rows)
    hidden = hidden_cells(counts, sums, threshold)
    assert {key for key, n in counts.items() if is_small(n, threshold)} <= hidden
    for total, members in sums:
        assert len([key for key in (total, *members) if key in hidden]) != 1
    for key in hidden:
        assert not fixed_by_the_sums(counts, sums, hidden, key), key
