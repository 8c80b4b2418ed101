"""Section handling and sentence splitting of the labeler's first stage."""
import pytest

from rrg_benchmarks.labeler_fidelity import TRANSFORMS
from rrg_rewards.labeler.sections import drop_sections, split_sentences


@pytest.mark.parametrize("text,sentences", [
    ("Heart size normal and lungs are clear. No edema or pneumonia. No effusion",
     ["heart size normal and lungs are clear", "no edema or pneumonia", "no effusion"]),
    ("1. Stable mild cardiomegaly. 2. Hyperexpanded but clear lungs.",
     ["stable mild cardiomegaly", "hyperexpanded but clear lungs"]),
    ("Heart size is\nnormal.  No focal\nconsolidation.", ["heart size is normal", "no focal consolidation"]),
    ("Nodule measures 1.5 cm. No effusion.", ["nodule measures 1.5 cm", "no effusion"]),
    ("Effusion vs. atelectasis? Clear apex.There is none.",
     ["effusion vs atelectasis?", "clear apex", "there is none"]),
    ("the heart is normal . no effusion .", ["the heart is normal", "no effusion"]),
    ("IMPRESSION:\n\n1. No acute process.\n2) Lines removed.\n\n- bullet", ["no acute process", "lines removed", "bullet"]),
    ("There are no XXXX of effusion. No ___ pneumothorax.", ["there are no ___ of effusion", "no ___ pneumothorax"]),
    ("It isn't enlarged.", ["it is not enlarged"]),
    ("", []),
])
def test_split(text, sentences):
    assert split_sentences(text) == sentences


def test_skip_sections_and_keep_findings():
    text = ("EXAMINATION: CHEST\nINDICATION: eval for edema\nHISTORY: CHF\nCOMPARISON: ___\n"
            "FINDINGS: No edema.\nIMPRESSION: Normal.")
    assert split_sentences(text) == ["no edema", "normal"]


def test_inline_mixed_case_headers():
    assert split_sentences("Indication: eval for edema. History: CHF. Findings: no edema.") == ["no edema"]


def test_colon_inside_a_sentence_is_not_a_header():
    assert drop_sections("The lungs are clear: no effusion.") == "The lungs are clear: no effusion."


def test_text_before_first_header_is_kept():
    assert split_sentences("Small effusion.\nCOMPARISON: none") == ["small effusion"]


@pytest.mark.parametrize("text,sentences", [
    # lines numbered with no period or bracket are a list when the numbers count up from 1 at line
    # starts, each before a capital (rounds ea-ee: "1  Left PICC ...\n 2  No pneumothorax")
    ("IMPRESSION:\n 1  Right PICC ends in the SVC\n 2  No pneumothorax\n 3  Small left effusion\n",
     ["right picc ends in the svc", "no pneumothorax", "small left effusion"]),
    ("1 NO EFFUSION\n2 MODERATE CARDIOMEGALY\n", ["no effusion", "moderate cardiomegaly"]),
    # a wrapped line that starts with a number is no list item, nor is a lone or out-of-run number
    ("No effusion, and the catheter ends\n3 cm above the carina.", ["no effusion, and the catheter ends 3 cm above the carina"]),
    ("The tube was advanced by\n2 Centimeters. No pneumothorax.", ["the tube was advanced by 2 centimeters", "no pneumothorax"]),
    # whitespace-joined, such a list splits at its numbers counted up from 1 (session 14; it did not before)
    ("1 No effusion 2 Mild edema", ["no effusion", "mild edema"]),
    ("1. No effusion 2. Mild edema", ["no effusion", "mild edema"]),
    # a number that closes a parenthesised aside is no list number "45)"
    ("A nodule (series 2, image 45) is not seen.", ["a nodule (series 2, image 45) is not seen"]),
    ("A nodule (series 2,\nimage 45) is not seen.", ["a nodule (series 2, image 45) is not seen"]),
    ("Findings: (1) No effusion. (2) Mild edema.", ["no effusion", "mild edema"]),
])
def test_split_rounds_ea_to_ee(text, sentences):
    assert split_sentences(text) == sentences


@pytest.mark.parametrize("text", [
    "HISTORY: ___ year old man with cough. Question pneumonia. The lungs are clear.",
    "HISTORY:  ___ year old man with cough.  Question\n pneumonia.\n\n The lungs are clear.\n",
    "CLINICAL INFORMATION: Fever. Query pneumonia. The lungs are clear.",
])
def test_a_question_in_the_history_is_indication_text(text):
    """"Question X" / "Query X" after a history sentence asks about X: it stays in the history."""
    assert split_sentences(text) == ["the lungs are clear"]


def test_questionable_in_findings_is_not_indication_text():
    assert split_sentences("HISTORY: Cough. Questionable left basilar opacity.") == [
        "questionable left basilar opacity"]


@pytest.mark.parametrize("header", ["COMPARISION", "COMPARSION", "COMPARRISON", "COMPARISIONS", "IDICATION"])
@pytest.mark.parametrize("joiner", ["\n \n ", " "])
def test_misspelt_comparison_and_indication_headers_are_skipped(header, joiner):
    # MIMIC-CXR's own section parser lists these misspellings of skipped headers
    text = f"{header}:  Prior film showed a pneumothorax.{joiner}FINDINGS:  The lungs are clear."
    assert split_sentences(text) == ["the lungs are clear"]


def test_tokenized_hyphens_are_joined_only_in_tokenized_text():
    assert split_sentences("the port - a - cath is in place .") == ["the port-a-cath is in place"]
    assert split_sentences("Heart - normal size.") == ["heart - normal size"]


# Reports a pipeline lower-cased: the headers, numbered lines, field lines and one-letter answers lost the
# capitals the section and list rules read them by (session 14, found on round qg's lower-cased controls).
LOWER_CASED = [
    ("EXAMINATION: CHEST (PA AND LAT) INDICATION: ___ year old man with cough, eval for pneumonia "
     "COMPARISON: ___ FINDINGS: Old healed right rib fractures. Lungs are clear. IMPRESSION: No pneumonia."),
    "IMPRESSION:\n\n 1  Left PICC terminates in the mid SVC\n 2  No pneumothorax\n 3  Mild pulmonary edema\n",
    "1 No effusion\n2 Moderate cardiomegaly\n",
    "Pneumothorax: no\nPleural effusion: no\nConsolidation: yes (RUL)\nCardiomegaly: no",
    "PTX (Y/N): N\nEffusion (Y/N): Y, small right\nEdema: N",
]


@pytest.mark.parametrize("report", LOWER_CASED + [" ".join(r.split()) for r in LOWER_CASED])
def test_lower_cased_report_reads_as_written(report):
    from rrg_rewards.labeler import label

    assert label([report.lower()])[0].tolist() == label([report])[0].tolist()


def test_lower_case_keeps_soft_wraps():
    # a short line of a lower-cased report that is no list or field line may be a wrapped sentence's
    text = "there is no\npleural effusion or\npneumothorax. mild\ncardiomegaly."
    assert split_sentences(text) == ["there is no pleural effusion or pneumothorax", "mild cardiomegaly"]


# the text forms reports arrive in, as `python -m rrg_benchmarks.labeler_fidelity` prints them: whitespace-joined
# (CSV cells), lower- or upper-cased by a pipeline, tokenized (R2Gen's cleaning, which deletes what labels turn on,
# and the text as written are left out)
TEXT_FORMS = [name for name in TRANSFORMS if name not in ("as written", "R2Gen-cleaned (MIMIC-CXR)")]


@pytest.mark.parametrize("form", TEXT_FORMS)
def test_hand_labeled_sets_hold_their_labels_in_every_text_form(hand_labeled, form):
    """The four hand-labeled sets together keep >= 99.85% of their cells joined or re-cased and >= 99.8%
    tokenized. Measured at the end of session 14 (109,662 cells): as written .99917, joined .99901, lower- and
    upper-cased .99913, either also joined .99885, tokenized .99841; before session 14's rules lower-cased and
    joined was .9981 and upper-cased and joined .9980 (108,542 cells)."""
    from rrg_rewards.labeler import label

    right = total = 0
    for name in ("mimic_style_dev.jsonl", "mimic_style_holdout.jsonl", "mimic_realistic.jsonl", "mimic_idiom.jsonl"):
        records, gold = hand_labeled(name)
        got = label([TRANSFORMS[form](r["report"]) for r in records])
        right, total = right + int((got == gold).sum()), total + gold.size
    assert right / total >= (0.998 if form.startswith("tokenized") else 0.9985), (form, right, total)


@pytest.mark.parametrize("text, sentences", [
    # a numbered impression whitespace-joined (a CSV cell): each number counted up from 1 opens an item
    ("IMPRESSION: 1 Left PICC in the mid SVC 2 No pneumothorax 3 Mild pulmonary edema",
     ["left picc in the mid svc", "no pneumothorax", "mild pulmonary edema"]),
    ("impression: 1 no pneumothorax 2 moderate right pleural effusion",
     ["no pneumothorax", "moderate right pleural effusion"]),
    # sizes, counts and ranges are no list numbers, in any case
    ("A 1 CM NODULE AND A 2 CM NODULE ARE SEEN.", ["a 1 cm nodule and a 2 cm nodule are seen"]),
    ("Consider advancing by 1 to 2 cm. No effusion.", ["consider advancing by 1 to 2 cm", "no effusion"]),
    ("there are 2 views. 1 left rib is fractured", ["there are 2 views", "1 left rib is fractured"]),
])
def test_joined_numbered_list(text, sentences):
    assert split_sentences(text) == sentences


def test_tokenized_colon_is_a_fields_colon():
    from rrg_rewards.labeler import OBSERVATIONS, label

    row = label(["left lung : clear . pleural effusion : none . heart : normal size ."])[0]
    assert row[OBSERVATIONS.index("Pleural Effusion")] == 0


_FIELD_ROWS = ("Pneumothorax: none\nPleural effusion: small left\nConsolidation: yes (RLL)\nHeart: mildly enlarged\n"
               "Lines/tubes: NG tube below the diaphragm")


@pytest.mark.parametrize("text", [
    " ".join(_FIELD_ROWS.split()),            # a CSV cell: the rows run together
    _FIELD_ROWS.upper(),                      # written all in capitals: no capital-then-lower-case line start
    " ".join(_FIELD_ROWS.upper().split()),    # both
])
def test_field_rows_joined_or_in_capitals_read_as_line_broken(text):
    assert split_sentences(text) == split_sentences(_FIELD_ROWS)


@pytest.mark.parametrize("text, sentences", [
    # a field's value before the next field name: the value ends there ("no" does not negate the effusion)
    ("PTX: no Effusion (R/L): +/- Heart size: normal", ["ptx: no", "effusion (r/l): +/-", "heart size normal"]),
    ("Effusion: small right PTX: no", ["effusion: small right", "ptx: no"]),
    ("Line/tube malposition: none Nodules/masses: 8 mm RUL nodule",
     ["line/tube malposition: none", "nodules/masses: 8 mm rul nodule"]),
    # the first field after a title in capitals, a capitalised field name after a dash
    ("PORTABLE CHEST Heart: enlarged - Mediastinum: normal", ["portable chest", "heart enlarged", "mediastinum normal"]),
    # a name not known, after a previous field's one-word value
    ("Granulomas: none Hyperinflation: yes", ["granulomas: none", "hyperinflation: yes"]),
    ("Effusion: no Radiologist note: small left effusion on the prior", ["effusion: no", "radiologist note: small left effusion on the prior"]),
    ("comment: no acute change: see prior", ["comment: no acute change: see prior"]),
    # a value that itself names a finding, with no colon after it: one field
    ("Lungs: patchy left basilar atelectasis and small effusion", ["lungs patchy left basilar atelectasis and small effusion"]),
    # prose with colons and organ headers read as before
    ("Comparison: ___. Findings: the heart is normal in size. Lungs: clear.",
     ["the heart is normal in size", "lungs clear"]),
    ("Note: the pleural effusion has decreased.", ["note: the pleural effusion has decreased"]),
])
def test_field_rows_joined(text, sentences):
    assert split_sentences(text) == sentences


def test_field_rows_joined_labels():
    from rrg_rewards.labeler import OBSERVATIONS, label

    row = label(["Pneumothorax: no Pleural effusion: small left Consolidation: no Cardiomegaly: yes"])[0]
    got = {o: int(row[OBSERVATIONS.index(o)]) for o in ("Pneumothorax", "Pleural Effusion", "Consolidation", "Cardiomegaly")}
    assert got == {"Pneumothorax": 0, "Pleural Effusion": 1, "Consolidation": 0, "Cardiomegaly": 1}


@pytest.mark.parametrize("text", [
    # a bulleted list in capitals, then a lead-in or a statement of its own on the next line
    "Impression:\nProbable:\n- Right lower lobe pneumonia\nCertain:\n- Small right effusion\n- Left PICC",
    "Findings:\nNot seen:\n- Pneumothorax\n- Pleural effusion\nA healing fracture of the left sixth rib.",
    # a header in capitals without its colon, alone on its line
    "FINAL REPORT\n CHEST, TWO VIEWS\n\n HISTORY\n Cough, possible pneumonia.\n\n FINDINGS\n The lungs are clear.\n",
])
def test_report_in_capitals_reads_as_written(text):
    assert split_sentences(text.upper()) == split_sentences(text)
    from rrg_rewards.labeler import label

    assert (label([text.upper()]) == label([text])).all()


def test_field_split_by_side_every_side_absent():
    from rrg_rewards.labeler import label_sentence

    assert label_sentence("ptx (r/l): none/none") == {"Pneumothorax": 0}
    assert label_sentence("effusion (r/l): trace/none") == {"Pleural Effusion": 1}



# Layouts a whitespace-joined (and re-cased) report lost its line breaks in: each reads as its line-broken,
# mixed-case form does (the same sentences, or where a header's place differs, the same labels).
_JOINED_LAYOUTS = [
    # a dash list whose items each say "cue: finding" under a lead-in
    "IMPRESSION:\nCompared to ___:\n- Resolved: right pleural effusion.\n- New: left basilar atelectasis.",
    # a lettered list under a lead-in, inside a numbered one
    "IMPRESSION:\n1. Right lower lobe pneumonia.\n2. No evidence of:\n   a. abscess\n   b. pneumothorax\n"
    "3. Stable cardiomegaly.",
    # question and answer pairs
    "Question: Is there a pleural effusion?\nAnswer: Yes, small on the left.\n\nQuestion: Is there pneumothorax?\n"
    "Answer: No.",
]
_JOINED = [lambda t: " ".join(t.split()), lambda t: " ".join(t.lower().split()), lambda t: " ".join(t.upper().split())]


@pytest.mark.parametrize("text", _JOINED_LAYOUTS)
@pytest.mark.parametrize("form", _JOINED)
def test_joined_layouts_read_as_line_broken(text, form):
    assert split_sentences(form(text)) == split_sentences(text)


@pytest.mark.parametrize("form", _JOINED)
def test_joined_checkbox_rows_label_as_line_broken(form):
    from rrg_rewards.labeler import label

    # an unticked last option stops at the next field's name, not at its colon
    text = ("Edema: ( ) none (x) mild ( ) severe\nEffusion: (x) none ( ) small\nPneumothorax: (x) none ( ) present\n"
            "Impression: Mild edema.")
    assert split_sentences(form(text))[:3] == ["edema: mild", "effusion: none", "pneumothorax: none"]
    assert (label([form(text)]) == label([text])).all()


def test_joined_dash_list_ended_by_a_sentence_opened_with_a():
    text = "FINDINGS:\nNo evidence of:\n- pneumothorax\n- pleural effusion\nA small nodule projects over the right apex."
    assert split_sentences(" ".join(text.split())) == split_sentences(text) == [
        "no evidence of:", "no evidence of pneumothorax", "no evidence of pleural effusion",
        "a small nodule projects over the right apex"]


@pytest.mark.parametrize("text, sentences", [
    # a row of fields with dashes for values stays a row: "Opacity: LLL, +" is a value, not a cue and a finding
    ("Cardiomegaly: - Effusion (R/L): -/+ PTX: - Opacity: LLL, +",
     ["cardiomegaly: -", "effusion (r/l): -/+", "ptx: -", "opacity: lll, +"]),
    # one dash item with a colon: a field row as before
    ("PTX: - Effusion: small left", ["ptx: -", "effusion: small left"]),
    # "a." with no "b." after it is no lettered list
    ("Findings: a. prior film from ___. The lungs are clear.", ["prior film from ___", "the lungs are clear"]),
    # items opened by a lower-case "a": no sentence starts
    ("No evidence of: - a pneumothorax - a pleural effusion",
     ["no evidence of:", "no evidence of a pneumothorax", "no evidence of a pleural effusion"]),
    # an unticked option before a lower-case word and a colon with no box after it: read as before
    ("Pneumothorax: (x) none ( ) present, see note: none", ["pneumothorax: none, see note: none"]),
])
def test_joined_layouts_near_misses(text, sentences):
    assert split_sentences(text) == sentences


# Layouts whose capitals told a header or a lead-in from a sentence: lower- or upper-cased (and, where the
# layout keeps a cue, joined), each reads as its mixed-case form.
_RECASED_LAYOUTS = [
    # a lead-in whose last word is a header's name after a word that needs a noun ("since prior:", "today's exam:")
    "IMPRESSION:\nResolved since prior:\n1. Left pleural effusion.\n2. Right basilar atelectasis.\nPersistent:\n"
    "1. Mild cardiomegaly.",
    "IMPRESSION:\nThere is no evidence of the following on today's exam:\n1. Pneumothorax\n2. Rib fracture",
    # a lead-in of a word or two between two numbered lists
    "IMPRESSION:\nNo:\n1. pneumothorax\n2. effusion\nYes:\n1. Small nodule in the right upper lobe.",
    # a header alone on its line without its colon
    "FINAL REPORT\n CHEST, TWO VIEWS\n\n HISTORY\n Cough and possible pneumonia.\n\n FINDINGS\n The lungs are clear.\n"
    "\n IMPRESSION\n No pneumonia.\n",
]


@pytest.mark.parametrize("text", _RECASED_LAYOUTS)
@pytest.mark.parametrize("form", [str.lower, str.upper])
def test_recased_layouts_read_as_written(text, form):
    assert split_sentences(form(text)) == split_sentences(text)


@pytest.mark.parametrize("text", [
    _RECASED_LAYOUTS[0], _RECASED_LAYOUTS[2],
    # an order's fields run together: the reason is the referrer's, the result fields are read
    "Order: XR CHEST 2V\nReason: r/o PNA\nResult:\n* Infiltrate: None\n* Effusion: None\nConclusion: Negative chest.",
])
def test_joined_lead_ins_and_order_fields(text):
    from rrg_rewards.labeler import label

    joined = " ".join(text.split())
    assert (label([joined]) == label([text])).all()
    assert "r/o pna" not in " ".join(split_sentences(joined))


@pytest.mark.parametrize("text, sentences", [
    # a mid-line header after a word that is no noun's determiner reads as before (lower-cased joined cells)
    ("comparison: ___ earlier today findings: no pneumothorax.", ["no pneumothorax"]),
    ("findings and impression: mild edema.", ["findings and", "mild edema"]),
    # a one-word line that ends a wrapped sentence carries its period: no header
    ("the heart is normal. there are no acute\nfindings.", ["the heart is normal", "there are no acute findings"]),
    # a line ending in a colon inside a wrapped sentence, not between two lists: no lead-in of its own
    ("there is no evidence of the\nfollowing:\n1. pneumothorax\n2. effusion",
     ["there is no evidence of the following:", "there is no evidence of pneumothorax", "there is no evidence of effusion"]),
    # a capitalised word and colon after a sentence, not a field's value: read as before
    ("The heart is normal. Reason: cough.", ["the heart is normal"]),
    # a lower-case "reason" after a field value: no header (the field rule is for capitalised names)
    ("Lungs: clear reason: cough", ["lungs clear reason: cough"]),
])
def test_recased_layouts_near_misses(text, sentences):
    assert split_sentences(text) == sentences


@pytest.mark.parametrize("text", [
    "FINDINGS:\n| Region | Finding |\n|---|---|\n| Lungs | Clear |\n| Heart | Borderline enlarged |\n\nIMPRESSION: No acute process.",
    # an empty cell and a mark under a named column
    "| Finding | Present | Absent |\n|---|---|---|\n| Pneumothorax | | X |\n| Pleural effusion | X | |",
])
@pytest.mark.parametrize("form", [lambda t: " ".join(t.split()), lambda t: " ".join(t.lower().split()),
                                  lambda t: " ".join(t.upper().split())])
def test_joined_pipe_table_reads_one_row_a_line(text, form):
    assert split_sentences(form(text)) == split_sentences(text)


@pytest.mark.parametrize("text", [
    # no header row before the separator, or no row after it: left as it was
    "|---|---| | Lungs | Clear | | Heart | Normal |",
    "| Region | Finding | |---|---|",
    # pipes in prose with dashes
    "Heart size normal | lungs clear -- no effusion | no pneumothorax",
])
def test_joined_pipe_table_near_misses(text):
    from rrg_rewards.labeler.cleanup import _joined_table

    assert _joined_table(text) == text


@pytest.mark.parametrize("text", [
    # a dash list whose lead-in was a view header, joined (the header is dropped, its colon with it)
    "CXR AP SUPINE:\n- ETT 4CM ABOVE CARINA\n- NGT IN STOMACH\n- NO PTX\n- HEART SIZE NORMAL",
    "Portable chest:\n- ETT 4 cm above carina\n- No pneumothorax\n- Small left effusion",
    # an indication header right after an exam title in capitals
    "CHEST RADIOGRAPH, PA AND LATERAL\nIndication: Chest pain, rule out pneumothorax.\nFindings: Lungs are clear.",
])
@pytest.mark.parametrize("form", _JOINED)
def test_joined_header_list_and_title_fields(text, form):
    assert split_sentences(form(text)) == split_sentences(text)


@pytest.mark.parametrize("text, sentences", [
    # one dash inside a line, or dashes around a sentence with a period: no list
    ("- Right PICC - tip in the SVC", ["- right picc - tip in the svc"]),
    ("- Heart size normal. Lungs clear - no effusion - no pneumothorax",
     ["- heart size normal", "lungs clear - no effusion - no pneumothorax"]),
    # a capitalised skip name after a mixed-case word: no header
    ("Seen on the CT scan Comparison: none.", ["seen on the ct scan comparison: none"]),
])
def test_joined_header_list_near_misses(text, sentences):
    assert split_sentences(text) == sentences


@pytest.mark.parametrize("text", [
    # the next list's lead-in runs into the last item once capitals and line breaks are gone
    "IMPRESSION:\nAbsent:\n- pleural effusion\n- pneumothorax\nPresent:\n- left basilar atelectasis",
    "IMPRESSION:\nLikely:\n- left lower lobe atelectasis\n- small left effusion\nLess likely:\n- aspiration",
    "IMPRESSION:\nNo:\n1. pneumothorax\n2. effusion\nYes:\n1. Small nodule in the right upper lobe.",
])
@pytest.mark.parametrize("form", [lambda t: " ".join(t.lower().split()), lambda t: " ".join(t.upper().split())])
def test_lower_joined_cue_lead_ins(text, form):
    assert split_sentences(form(text)) == split_sentences(text)


@pytest.mark.parametrize("text, sentences", [
    # an item ending in a word that is no cue before a colon: read as before
    ("no evidence of: - pneumothorax - effusion left: - small",
     ["no evidence of:", "no evidence of pneumothorax", "no evidence of effusion left:", "no evidence of small"]),
    # a cue alone at a list's start is that list's lead-in, as before
    ("present: - small effusion - atelectasis", ["present:", "present small effusion", "present atelectasis"]),
])
def test_lower_joined_cue_lead_ins_near_misses(text, sentences):
    assert split_sentences(text) == sentences


@pytest.mark.parametrize("text, sentences", [
    # tokenized text (punctuation spaced off as tokens): an abbreviation's period ends no sentence
    ("small left effusion vs . atelectasis . no pneumothorax .", ["small left effusion vs atelectasis", "no pneumothorax"]),
    # a question mark after a word is that word's question
    ("left basilar opacity - atelectasis ? effusion ? heart normal size .",
     ["left basilar opacity - atelectasis?", "effusion?", "heart normal size"]),
    # a dash that sets a value off stays a dash; a compound's halves join
    ("heart - normal size . left - sided port - a - cath . ground - glass opacity .",
     ["heart - normal size", "left-sided port-a-cath", "ground-glass opacity"]),
    ("small left hydro - pneumothorax , mass - like opacity .", ["small left hydro-pneumothorax, mass-like opacity"]),
])
def test_tokenized_text(text, sentences):
    assert split_sentences(text) == sentences
