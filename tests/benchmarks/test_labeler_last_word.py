"""The last-word design check (benchmarks/labeler_last_word.py): it cuts where a revision starts and lets
the last revision that mentions an observation decide it, while the labeler merges by rank."""
from rrg_benchmarks.labeler_last_word import last_word, main, revisions
from rrg_rewards.labeler import OBSERVATIONS, label

PTX, NF = OBSERVATIONS.index("Pneumothorax"), OBSERVATIONS.index("No Finding")
REVISED = ("WET READ: ? small left apical pneumothorax.\n\nFINAL REPORT\nFINDINGS: No pneumothorax. "
           "Lungs are clear.")


def test_revisions_cut_at_final_report_and_addendum():
    assert len(revisions(REVISED)) == 2
    assert len(revisions("FINAL REPORT\nFINDINGS: Lungs clear.")) == 1  # a leading FINAL REPORT opens none
    assert len(revisions("Small effusion.\nADDENDUM: The effusion is pleural thickening.")) == 2


def test_last_word_differs_from_the_rank_merge():
    assert label([REVISED])[0][PTX] == -1  # the labeler: uncertain beats negative
    got = last_word(REVISED)
    assert got[PTX] == 0 and got[NF] == 1  # the final read's "no pneumothorax" wins


def test_unrevised_report_is_unchanged():
    text = "Small right pleural effusion. No pneumothorax."
    assert (last_word(text) == label([text])[0]).all()


def test_main_prints_the_tally(capsys):
    assert main([]) == 0
    assert "cells gained" in capsys.readouterr().out.splitlines()[-1]
