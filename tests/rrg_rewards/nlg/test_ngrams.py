"""`number_tokens`: dense ids in order of first occurrence, repeated texts included."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from rrg_rewards.nlg._ngrams import number_tokens

POOL = st.lists(st.lists(st.sampled_from(["a", "b", "c", "dd"]), max_size=5).map(" ".join),
                min_size=1, max_size=4)


@settings(max_examples=80, deadline=None)
@given(POOL, st.lists(st.integers(0, 3), min_size=1, max_size=10))
def test_ids_are_dense_in_first_occurrence_order(pool, picks):
    texts = [pool[i % len(pool)] for i in picks]  # repeated texts take the split-once path
    lengths, ids, bound, tokens_at = number_tokens(texts)
    flat = [t for text in texts for t in text.split()]
    assert lengths.tolist() == [len(text.split()) for text in texts]
    expected: dict[str, int] = {}
    for token in flat:
        expected.setdefault(token, len(expected))
    assert ids.tolist() == [expected[t] for t in flat]
    assert bound == max(len(expected), 1)
    assert tokens_at(np.arange(len(flat))) == flat
