from __future__ import annotations

import pytest

from rrg_model.errors import ModelError
from rrg_model.tokenizer import Tokenizer, UNK

REPORTS = ["The heart is normal.", "The lungs are clear.", "The heart is enlarged. Rare word."]


def test_vocabulary_keeps_words_seen_at_least_threshold_times() -> None:
    tok = Tokenizer.from_reports(REPORTS, threshold=2, clean="iu_xray", max_seq_length=60)
    words = [tok.idx2token[i] for i in range(1, tok.vocab_size)]
    assert words == sorted(words)  # sorted, ids from 1: 0 is BOS/EOS/PAD
    assert set(words) == {".", "heart", "is", "the", UNK}
    assert tok.vocab_size == len(words) + 1


def test_encode_wraps_in_zeros_maps_unknown_and_truncates() -> None:
    tok = Tokenizer.from_reports(REPORTS, threshold=2, clean="iu_xray", max_seq_length=60)
    ids = tok.encode("The heart is small.")
    t = tok.token2idx
    assert ids == [0, t["the"], t["heart"], t["is"], t[UNK], t["."], 0]
    short = Tokenizer(tok.to_dict()["vocab"], clean="iu_xray", max_seq_length=4)
    assert short.encode("The heart is small.") == ids[:4]  # R2Gen: the cut may drop EOS


def test_decode_stops_at_first_zero() -> None:
    tok = Tokenizer(["a", "b"], clean="none")
    a, b = tok.token2idx["a"], tok.token2idx["b"]
    assert tok.decode([a, b, 0, a]) == "a b"
    assert tok.decode([]) == ""


def test_round_trip_through_json_preserves_ids() -> None:
    import json
    tok = Tokenizer.from_reports(REPORTS, threshold=1, clean="iu_xray", max_seq_length=30)
    back = Tokenizer.from_dict(json.loads(json.dumps(tok.to_dict())))
    assert back.idx2token == tok.idx2token and back.max_seq_length == 30 and back.clean == "iu_xray"


@pytest.mark.parametrize("bad", [None, {"vocab": "abc"}, {"vocab": [1, 2]}, {"vocab": ["b", "a"]}])
def test_malformed_tokenizer_is_an_error(bad: object) -> None:
    with pytest.raises(ModelError):
        Tokenizer.from_dict(bad)
