"""The speed gates derived from the phrase fragments never hide a match (so they change no label)."""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rrg_rewards.labeler.extract import (_WORD_RE, alternation, load_phrases, match_starts, required_literals,
                                         starts_with_word_char)

CUES = load_phrases("cues.json")
OBS = load_phrases("observations.json")
CUE_LISTS = {k: v for k, v in CUES.items() if isinstance(v, list)}
FRAGMENT_LISTS = dict(CUE_LISTS, **{f"{o}/{part}": [f.replace("(?P<m>", "(?:") for f in spec[part]]
                                   for o, spec in OBS.items()
                                   if isinstance(spec, dict) for part in ("mention", "normal", "exclude")
                                   if spec.get(part)})

# words of the cue and phrase lists plus some glue: random sentences that often hold matches
_VOCAB = sorted({w for frags in FRAGMENT_LISTS.values() for f in frags for w in re.findall(r"[a-z]+", f)}
                | {"the", "a", "is", "of", "in", "right", "left", "___", "2", "x"})
_SEPS = [" ", " ", " ", ", ", "; ", ": ", "?", " - ", "_", "/"]
sentences = st.lists(st.tuples(st.sampled_from(_VOCAB), st.sampled_from(_SEPS)), min_size=1, max_size=14).map(
    lambda parts: "".join(w + s for w, s in parts).strip())


def _gate_allows(starts, text: str) -> bool:
    prefixes, exact, chars = starts
    words = _WORD_RE.findall(text)
    return (any(w.startswith(p) for w in words for p in prefixes) or any(w in exact for w in words)
            or any(c in text for c in chars))


@pytest.mark.parametrize("fragment,expected", [
    ("(?:to )?(?:rule out|r/o)", ([], ["r", "rule", "to"], [])),
    ("versus|vs", (["versus", "vs"], [], [])),
    ("r/o", ([], ["r"], [])),
    ("(?:is|are)? ?not", (["arenot", "isnot", "not"], ["are", "is"], [])),
    ("[;:]", ([], [], [":", ";"])),
    ("\\w+ x", None),
    ("x?", None),
])
def test_match_starts_examples(fragment, expected):
    assert match_starts([fragment]) == expected


@pytest.mark.parametrize("fragment,expected", [
    ("versus|vs", ["versus", "vs"]), ("ab?c", ["a"]), ("a|b", None), ("(?:x)?y", ["y"]), ("a*", None),
])
def test_required_literals_examples(fragment, expected):
    assert required_literals([fragment]) == expected


def test_word_char_analysis():
    assert starts_with_word_char("(?<!age )indeterminate") and starts_with_word_char("(?:to )?rule out")
    assert not starts_with_word_char("(?:is|are)? ?not") and not starts_with_word_char("x?")


_COMPILED = [(name, re.compile(alternation(fragments)),
              re.compile(alternation(fragments).replace(r"\b(?=\w)", r"\b", 1)),
              match_starts(fragments), required_literals(fragments))
             for name, fragments in FRAGMENT_LISTS.items()]


@settings(max_examples=200, deadline=None)
@given(text=sentences)
def test_gates_never_hide_a_match(text):
    for name, rx, plain, starts, literals in _COMPILED:
        matched = rx.search(text) is not None
        if starts is not None and matched:
            assert _gate_allows(starts, text), (name, text)
        if literals is not None and matched:
            assert any(lit in text for lit in literals), (name, text)
        assert [m.span() for m in rx.finditer(text)] == [m.span() for m in plain.finditer(text)], name
