"""engage.reports.suppression: the one small-numbers rule for everything published."""

from hypothesis import given
from hypothesis import strategies as st

from engage.reports.suppression import hidden_in_row, is_small


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
