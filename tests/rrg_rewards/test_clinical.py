"""CE metrics against scikit-learn, the per-report clinical score, and label CSV reading."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.metrics import precision_recall_fscore_support

from rrg_rewards import RewardsError
from rrg_rewards.clinical import (OBSERVATIONS_5, CEEntry, aggregate_counts, ce_scores,
                                  clinical_efficacy, clinical_scores, read_label_csv)
from rrg_rewards.labeler import OBSERVATIONS, label

labels_arrays = arrays(np.int8, st.tuples(st.integers(1, 30), st.just(14)),
                       elements=st.sampled_from([-2, -1, 0, 1]))


def sk(ref_bin, pred_bin, average):
    return precision_recall_fscore_support(ref_bin, pred_bin, average=average, zero_division=0)[:3]


@settings(max_examples=60, deadline=None)
@given(data=st.data(), pred=labels_arrays)
def test_matches_sklearn_all_averages(data, pred):
    ref = data.draw(arrays(np.int8, pred.shape, elements=st.sampled_from([-2, -1, 0, 1])))
    ce = clinical_efficacy(pred, ref)
    for avg, ours in (("micro", ce.micro), ("macro", ce.macro), ("samples", ce.example)):
        want = sk(ref == 1, pred == 1, avg)
        assert (ours.precision, ours.recall, ours.f1) == pytest.approx(want, abs=1e-12)
    assert ce.f1 == ce.micro.f1 and ce.average == "micro"


def test_uncertain_as_positive_and_five_observations():
    rng = np.random.default_rng(1)
    pred = rng.choice([-2, -1, 0, 1], size=(40, 14)).astype(np.int8)
    ref = rng.choice([-2, -1, 0, 1], size=(40, 14)).astype(np.int8)
    ce = clinical_efficacy(pred, ref, uncertain="positive", observations=5, average="macro")
    cols = [OBSERVATIONS.index(o) for o in OBSERVATIONS_5]
    want = sk(np.isin(ref, (1, -1))[:, cols], np.isin(pred, (1, -1))[:, cols], "macro")
    assert (ce.precision, ce.recall, ce.f1) == pytest.approx(want, abs=1e-12)
    assert ce.signature == "CE|labeler:given|unc:pos|obs:5|avg:macro"
    assert list(ce.per_label) == [OBSERVATIONS[c] for c in cols]
    per = precision_recall_fscore_support(np.isin(ref, (1, -1))[:, cols], np.isin(pred, (1, -1))[:, cols],
                                          zero_division=0)
    for k, obs in enumerate(ce.per_label):
        assert ce.per_label[obs]["f1"] == pytest.approx(per[2][k])
        assert ce.per_label[obs]["support"] == per[3][k]


def test_reports_are_labeled_and_signature_names_the_labeler():
    preds = ["Mild cardiomegaly. No effusion.", "Small left pleural effusion."]
    refs = ["Cardiomegaly.", "No effusion. Normal heart size."]
    ce = clinical_efficacy(preds, refs)
    direct = clinical_efficacy(label(preds), label(refs))
    assert ce.f1 == direct.f1
    assert ce.signature == "CE|labeler:rrg-v8|unc:neg|obs:14|avg:micro"
    # pred positives: Cardiomegaly(0), Effusion(1); ref positives: Cardiomegaly(0), No Finding(1)
    assert (ce.micro.precision, ce.micro.recall) == (0.5, 0.5)


def test_named_observation_subset():
    ce = clinical_efficacy(["Edema."], ["Edema."], observations=["Edema", "Pneumothorax"])
    assert ce.signature.endswith("obs:Edema,Pneumothorax|avg:micro") and ce.f1 == 1.0


@pytest.mark.parametrize("kwargs,msg", [
    ({"average": "weighted"}, "average must be"),
    ({"uncertain": "ignore"}, "uncertain must be"),
    ({"observations": 7}, "observations must be"),
    ({"observations": ["Edema", "Flu"]}, "unknown observations"),
])
def test_bad_options(kwargs, msg):
    with pytest.raises(RewardsError, match=msg):
        clinical_efficacy(["a"], ["b"], **kwargs)


def test_bad_inputs():
    with pytest.raises(RewardsError, match="1 predictions but 2 references"):
        clinical_efficacy(["a"], ["b", "c"])
    with pytest.raises(RewardsError, match="shape"):
        clinical_efficacy(np.zeros((2, 13), dtype=np.int8), np.zeros((2, 13), dtype=np.int8))
    with pytest.raises(RewardsError, match="single string"):
        clinical_efficacy("a", ["b"])
    bad = np.zeros((2, 14), dtype=np.int8)
    bad[1, 3] = 2
    with pytest.raises(RewardsError, match=r"references label \[1, 3\] is 2"):
        clinical_efficacy(np.zeros((2, 14), dtype=np.int8), bad)


def test_float_labels_with_nan_are_blank():
    ref = np.full((1, 14), np.nan)
    ref[0, 2] = 1.0
    pred = np.full((1, 14), -2, dtype=np.int8)
    pred[0, 2] = 1
    assert clinical_efficacy(pred, ref).f1 == 1.0


# ---- per-report clinical score -------------------------------------------------------------

def test_clinical_scores_definition():
    preds = ["Cardiomegaly. Small effusion.", "No acute process.", "Emphysema.", "Edema."]
    refs = ["Cardiomegaly, no effusion.", "Normal chest.", "Emphysema, no effusion.", "Pneumothorax."]
    s = clinical_scores(preds, refs)
    assert s.dtype == np.float64 and s.shape == (4,)
    # 1 TP (cardiomegaly), 1 FP (effusion): 2*1 / (2*1 + 1)
    assert s[0] == pytest.approx(2 / 3)
    assert s[1] == 1.0          # both normal: No Finding agrees
    assert s[2] == 1.0          # no positive label on either side
    assert s[3] == 0.0


def test_clinical_scores_equals_example_f1_when_someone_is_positive():
    preds = ["Cardiomegaly. Small effusion.", "Edema.", "Normal."]
    refs = ["Cardiomegaly.", "Edema and atelectasis.", "Pneumothorax."]
    np.testing.assert_allclose(clinical_scores(preds, refs), clinical_efficacy(preds, refs).per_sample)


def test_clinical_scores_bad_input():
    with pytest.raises(RewardsError, match="2 predictions but 1 references"):
        clinical_scores(["a", "b"], ["c"])


# ---- label CSVs and rrg score entries ------------------------------------------------------

def test_read_stanford_output(shared_data):
    got = read_label_csv(shared_data / "chexpert_labeler" / "labeled_reports.csv")
    assert got.dtype == np.int8 and got.shape == (4, 14)
    assert got[0, 0] == 1 and got[0, 1] == -2 and got[2, 6] == -1


def test_read_chexbert_order_and_nan(tmp_path):
    chexbert = ["Report Impression", "Enlarged Cardiomediastinum", "Cardiomegaly", "Lung Opacity",
                "Lung Lesion", "Edema", "Consolidation", "Pneumonia", "Atelectasis", "Pneumothorax",
                "Pleural Effusion", "Pleural Other", "Fracture", "Support Devices", "No Finding"]
    row = ["x", "", "1", "nan", "", "0", "", "", "-1", "", "1.0", "", "", "", ""]
    p = tmp_path / "chexbert.csv"
    p.write_text(",".join(chexbert) + "\n" + ",".join(row) + "\n")
    got = read_label_csv(p)[0]
    want = {"Cardiomegaly": 1, "Edema": 0, "Atelectasis": -1, "Pleural Effusion": 1, "Lung Opacity": -2}
    assert {o: int(got[OBSERVATIONS.index(o)]) for o in want} == want


@pytest.mark.parametrize("content,msg", [
    ("Reports,Edema\nx,1\n", "missing columns"),
    ("Reports," + ",".join(OBSERVATIONS) + "\nx," + ",".join(["2"] * 14) + "\n", "not 1, 0, -1 or blank"),
    ("Reports," + ",".join(OBSERVATIONS) + "\nx," + ",".join(["yes"] * 14) + "\n", "is not a label"),
    ("Reports," + ",".join(OBSERVATIONS) + "\n", "no label rows"),
])
def test_read_label_csv_errors(tmp_path, content, msg):
    p = tmp_path / "l.csv"
    p.write_text(content)
    with pytest.raises(RewardsError, match=msg):
        read_label_csv(p)
    with pytest.raises(RewardsError, match="no such file"):
        read_label_csv(tmp_path / "missing.csv")


def test_ce_scores_entries_and_resampling_aggregate():
    preds = ["Cardiomegaly.", "Small effusion.", "Normal.", "Edema and effusion."]
    refs = ["Cardiomegaly.", "No effusion.", "Normal.", "Edema."]
    results, other, sig = ce_scores(preds, refs, other=preds[::-1])
    ce = clinical_efficacy(preds, refs)
    assert sig == "CE|labeler:rrg-v8|unc:neg|obs:14|avg:micro+macro"
    assert results["CE_F1_micro"].value == ce.micro.f1 and results["CE_R_macro"].value == ce.macro.recall
    assert results["CE_F1_macro"].signature.endswith("avg:macro")
    assert set(other) == set(results)
    for key, entry in results.items():
        assert isinstance(entry, CEEntry)
        assert entry.decomposed().value() == pytest.approx(entry.value, abs=1e-12)
    sums = results["CE_F1_micro"].counts.reshape(4, -1).sum(0, keepdims=True)
    assert aggregate_counts(sums, "micro", "f1")[0] == pytest.approx(ce.micro.f1)


def test_ce_scores_from_label_files(tmp_path, shared_data):
    path = shared_data / "chexpert_labeler" / "labeled_reports.csv"
    reports = [r[0] for r in __import__("csv").reader(open(path, newline=""))][1:]
    results, _, sig = ce_scores(reports, reports, pred_labels=str(path), ref_labels=str(path))
    assert results["CE_F1_micro"].value == 1.0 and "labeler:csv" in sig
    with pytest.raises(RewardsError, match="4 label rows but there are 2 samples"):
        ce_scores(reports[:2], reports[:2], pred_labels=str(path))


def test_label_csv_rows_are_checked_against_the_samples_text(tmp_path, shared_data):
    """Labels are matched by row position; a CSV whose reports are other texts gets a note."""
    from rrg_rewards.clinical import label_source, read_label_table
    from rrg_rewards.evaluation import evaluate

    path = shared_data / "chexpert_labeler" / "labeled_reports.csv"
    arr, texts = read_label_table(path)
    assert arr.shape == (4, 14) and texts[0].startswith("Heart size normal and lungs are clear.")
    # the same reports re-spaced, re-cased and re-punctuated (as CheXbert copies them) match;
    # so does the impression alone that labels were computed on
    respaced = [" ".join(t.upper().replace(".", " .").split()) for t in texts]
    assert label_source(str(path), respaced, "pred_labels")[1] is None
    longer = ["FINDINGS: small nodule. IMPRESSION: " + t for t in texts]
    assert label_source(str(path), longer, "pred_labels")[1] is None
    shifted = texts[1:] + texts[:1]  # one row missing at the top of a file: every row moves
    arr2, note = label_source(str(path), shifted, "pred_labels")
    assert (arr2 == arr).all()
    assert note == (f"{path}: the report in 4 of 4 rows is not the sample's text (first: row 1); "
                    "labels are matched to samples by row position")
    ev = evaluate(shifted, texts, "ce", pred_labels=str(path), ref_labels=str(path))
    assert ev.notes == (note,)
    # no report column (MIMIC-CXR's chexpert.csv has ids only) or arrays: nothing to check
    bare = tmp_path / "bare.csv"
    bare.write_text("study_id," + ",".join(OBSERVATIONS) + "\n" + "\n".join(
        "s%d," % i + ",".join("" if v == -2 else str(v) for v in row) for i, row in enumerate(arr)) + "\n")
    assert read_label_table(bare)[1] is None and label_source(str(bare), shifted, "x")[1] is None
    assert label_source(arr, shifted, "x") == (arr, None)


def test_several_references_per_sample_are_named_not_a_labeler_type_error():
    """`clinical_efficacy(preds, [[ref a, ref b]])` said "report 0 is list, expected str"."""
    with pytest.raises(RewardsError, match="references: sample 0 is a list; CE labels one report per sample"):
        clinical_efficacy(["no effusion ."], [["no effusion .", "normal ."]])


def test_label_csv_read_errors_are_worded_as_every_input_file(tmp_path):
    # one reader (rrg_rewards.inputs.read_text) words these for every command
    from rrg_rewards.clinical import read_label_csv
    bad = tmp_path / "labels.csv"
    bad.write_bytes(b"Reports,No Finding\n\xff\n")
    with pytest.raises(RewardsError, match=r"labels\.csv: not valid UTF-8 \(byte 0xff at offset 19\)"):
        read_label_csv(bad)
    with pytest.raises(RewardsError, match="no such file"):
        read_label_csv(tmp_path / "missing.csv")
    with pytest.raises(RewardsError, match="is a directory"):
        read_label_csv(tmp_path)
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(RewardsError, match="empty file, expected a label CSV header"):
        read_label_csv(tmp_path / "empty.csv")
