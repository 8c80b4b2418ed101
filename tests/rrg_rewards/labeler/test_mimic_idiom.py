"""The labeler on reports in MIMIC-CXR idiom (``data/mimic_idiom.jsonl``, labeled by hand before the
labeler was run on them, see ``data/README.md``), and the rules an audit against the CheXpert
labeler's mention, unmention and cue lists led to."""
import numpy as np
import pytest

from rrg_rewards.labeler import OBSERVATIONS, Labeler, label

P, N, U, M = 1, 0, -1, -2


def test_set_is_well_formed(hand_labeled):
    records, gold = hand_labeled("mimic_idiom.jsonl")
    assert len(records) >= 150
    # No Finding is never negative: it is set or left blank
    assert not (gold[:, 0] == N).any()


def test_agreement_floor(hand_labeled, agreement_floor):
    """Measured on main at the end of session 14 (6,714 reports, rrg-v8: the rules of rounds qf to qi and the
    lead's rules for lower-cased, upper-cased and whitespace-joined reports): 93,929 of 93,996 cells right (the
    same sixty-seven left alone as at the end of session 13; rounds qf to qi all right); IU X-Ray micro / macro /
    No Finding .919 / .901 / .913 (unchanged); `python -m rrg_benchmarks.labeler_fidelity --no-speed` prints both.
    At the end of session 13 (6,394 reports, rrg-v7: the rules of rounds pp to pz, qa to qc
    and qe, the lead's review fixes of round pz's "mess" and "in large" and the speed gates): 89,449 of 89,516
    cells right (sixty-seven left alone: thirty-three of the thirty-five from before the session - pe035 and
    ph043 now right, by rounds pt and qe -, round qb's twenty-six - a retracted finding needs a report-level
    step - and rounds px (3), qa (3), pz (1) and qe (1)); IU X-Ray micro / macro / No Finding .919 / .901 / .913 (round pv
    moved No Finding from .912).

    Measured on branch labeler-qi (6,714 reports: main's 6,634 and round qi, 80 reports weighted to findings
    stated through numbers and measurements: pneumothoraces sized in cm, mm and percent, effusions by rib level,
    fraction of the hemithorax and volume, cardiothoracic ratios, transverse cardiac diameters and mediastinal
    widths, measured and compared nodules and masses, device tips in cm from landmarks, times of serial films,
    numbers that look like list numbers, normal values given as numbers, a quarter controls; written blind,
    commit 8ad74b0; with the round qi rules): 93,929 of 93,996 cells right (main's sixty-seven left alone; round
    qi all right); at first scoring round qi had 7 wrong cells of 1,120 (Enlarged Cardiomediastinum 4, Lung
    Lesion 2, Cardiomegaly 1): 5 labeler cells fixed (a size between the heart or mediastinum and its normal
    predicate, "the mediastinum measures 6 cm at the level of the aortic knob, within normal limits", 4; a bare
    mediastinal width under 8 cm, "Mediastinum 5.5 cm.", 1), 2 hand labels corrected by the convention (qi047's
    nodular opacity "possibly a nipple shadow" with nipple markers advised is no Lung Lesion, as c031 and t001;
    qi077's CT nodule "not visible radiographically" is Lung Lesion 0, as jc002 and ni028, after which its size
    aside ", 7 mm," was a labeler cell, fixed), 0 left alone; IU X-Ray unchanged (.919 / .901 / .913);
    regression corpus 0 of 55,512 texts change.

    Measured on branch labeler-qh (6,554 reports: main's 6,474 and round qh, 80 reports weighted to the voice and
    layout of the Stanford chest radiograph reports of the CheXpert Plus release and other large US academic
    centres: NARRATIVE / EXAM / CLINICAL HISTORY / COMPARISON / TECHNIQUE headers, organ paragraphs (LINES/TUBES,
    LUNGS, PLEURA, HEART AND MEDIASTINUM, BONES, UPPER ABDOMEN), numbered impressions, END OF IMPRESSION, SUMMARY
    triage codes, attestations, dictation and critical-result lines, the house phrasing ("Redemonstrated",
    "Similar appearance of", "Lines and tubes as above", "Worrisome for", "Cannot exclude superimposed
    infection"), ICU, post-operative, oncology and outpatient studies, a fifth normal; written blind, commit
    d577d2f; with the round qh rules): 91,689 of 91,756 cells right (main's sixty-seven left alone; round qh all
    right); at first scoring round qh had 2 wrong cells of 1,120 (Enlarged Cardiomediastinum 1, No Finding 1):
    2 labeler cells fixed (an enlarged cardiac silhouette under a "HEART AND MEDIASTINUM:" header read as the
    mediastinum's too, 1; a lung transplant not read as an abnormality outside the 14, 1), 0 hand labels
    corrected by the convention, 0 left alone; one rule more from probing the round's layout in other words (a
    SUMMARY line's triage code, "2-ABNORMAL, PREVIOUSLY REPORTED", "4-SIGNIFICANT ABNORMALITY, ATTN NEEDED",
    dropped: it names no observation and describes no abnormality, so it no longer turns No Finding off); IU
    X-Ray unchanged (.919 / .901 / .913); regression corpus 3 of 53,536 texts change (sentences naming a lung
    transplant: No Finding 1 -> blank).

    Measured on branch labeler-qf (6,474 reports: main's 6,394 and round qf, 80 reports weighted to what chat
    assistants and vision-language models write when asked for a chest X-ray report: markdown headers and
    bullets, chatbot hedging, patient-friendly lay terms paired with the clinical ones, questions and answers,
    key-value and JSON-like fields, disclaimers, "Key findings" / "Summary" / "Recommendation" lines, repeated
    and contradictory sentences, a quarter MIMIC-CXR controls; written blind, commit 9811661; with the round qf
    rules): 90,569 of 90,636 cells right (main's sixty-seven left alone; round qf all right); at first scoring
    round qf had 38 wrong cells of 1,120 (Pneumothorax 8, Pleural Effusion 8, No Finding 6, Cardiomegaly 6,
    Atelectasis 4, Pneumonia 3, Edema 2, Consolidation 1): 38 labeler cells fixed (a question answered yes / no
    read as the statement it asks about and an unanswered one dropped, "Question:" over an "Answer:" no
    clinical question, 15; a definition of a term dropped, 5; fluid around the lungs as a pleural effusion, 6;
    an air leak around the lung as a pneumothorax, 2; a heart "a normal size" or that "looks normal in size",
    2; "not fully open (atelectasis)", 2; a limit of any chest film no mention, 2; JSON-like fields one a line
    without braces, 2; a lay collapsed lung paired with "(pneumothorax)" no atelectasis, 1; "it is possible
    that there is X", 1), 0 hand labels corrected by the convention, 0 left alone; IU X-Ray unchanged (.919 /
    .901 / .913); regression corpus 0 of 53,536 texts change.

    Measured on branch labeler-qg (6,474 reports: main's 6,394 and round qg, 80 reports weighted to the older
    MIMIC-III (NOTEEVENTS) layout as CSV cells carry it: date stamp, exam title and "Clip # [**Clip Number
    (Radiology) N**]", the order's Reason and Admitting Diagnosis fields, the MEDICAL CONDITION / REASON FOR THIS
    EXAMINATION box, FINAL REPORT, "(Over)" / "(Cont)" page banners, sign-offs, half line-broken, a third
    whitespace-joined, some lower-cased, a fifth MIMIC-CXR controls; written blind, commit 0b6c137; with the
    round qg rule): 90,569 of 90,636 cells right (main's sixty-seven left alone; round qg all right); at first
    scoring round qg had 15 wrong cells of 1,120 (Pneumonia 5, No Finding 3, Support Devices 2, Lung Lesion 2,
    Lung Opacity 1, Pleural Effusion 1, Fracture 1): 15 labeler cells fixed (the MIMIC-III banner, whose
    "Reason:" field follows the clip number mid-line in a whitespace-joined cell and was read as findings, is
    dropped whole, anchored on its clip number; a page banner joins the sentence it cut), 0 hand labels
    corrected, 0 left alone; IU X-Ray unchanged (.919 / .901 / .913); regression corpus 0 of 53,912 texts
    change.
    Measured on branch labeler-qe (6,314 reports: main's 6,234 and round qe, 80 reports weighted to
    acronyms and abbreviations of ICU and wet-read notes, ambiguous ones included: PE, LAD, CA, MS, CP, HTX,
    HPTX, CTX, PPM, DHT, fx, incr; written blind, commit 2cdcfe3; with the round qe rules): 88,329 of 88,396
    cells right (main's sixty-six left alone, ph043 now right; round qe's one left alone); at first scoring
    round qe had 15 wrong cells of 1,120 (Support Devices 6, Pleural Effusion 3, Enlarged Cardiomediastinum 1,
    Pneumothorax 1, Pleural Other 1, No Finding 1, Fracture 1, Lung Opacity 1): 13 labeler cells fixed (PPM
    and DHT as devices, CTX / CT as a chest tube beside a side or a device predicate, HTX and HPTX, plural
    "fxs", "incr" and "R>L" before interstitial markings, a negated or qualified bare LAD as
    lymphadenopathy), 1 hand label corrected by the convention (qe037, apical scarring is Pleural Other 1),
    1 left alone (qe079, "Sm b/l PEs": PE read as an effusion only beside a pleural word).

    Measured on branch labeler-qc (6,314 reports: main's 6,234 and round qc, 80 reports weighted to reports
    that went through OCR from scanned paper or faxed PDFs: letter confusions, dropped and doubled spaces,
    kept line-end hyphens, stray characters, fax headers and page furniture, garbled headers, a quarter clean
    controls; written blind, commit 8e056d4; with the round qc rules): 88,329 of 88,396 cells right (main's
    67 left alone; round qc all right); at first scoring round qc had 68 wrong cells of 1,120 (No Finding
    12, Pneumothorax 10, Pleural Effusion 8, Atelectasis 8, Pneumonia 6, Cardiomegaly 5, Edema 5, Lung Lesion
    4, Consolidation 3, Support Devices 3, Enlarged Cardiomediastinum 2, Lung Opacity 2): 64 labeler cells
    fixed (a finding, cue or device word misread by OCR is read by its OCR skeleton, "rn"/"m", "vv"/"w",
    "0"/"o", "5"/"s", "1"/"|"/"I"/"l"; a modifier glued to its finding word is split; misread headers are
    read as headers), 4 hand labels corrected by the convention (qc032 No Finding 1, qc033 Cardiomegaly 0,
    qc046 Lung Opacity 1, qc066 Pneumothorax 0), none left alone; IU X-Ray unchanged (.919 / .901 / .913);
    regression corpus 0 of 68,232 texts change.
    Measured on branch labeler-qa (5,994 reports: main's 5,914 and round qa, 80 reports weighted to findings
    carried in structured-reporting categories and scores: RSNA COVID-19 categories, RALE / Brixia / edema
    scores, Lung-RADS and Fleischner lines, device checklists, image-quality, AI-assist and CAD lines,
    finding codes and "Clinical question answered" lines; written blind, commit 221e333; with the round qa
    rules): 83,879 of 83,916 cells right (main's thirty-four left alone, round qa's three left alone); at
    first scoring round qa had 17 wrong cells of 1,120 (No Finding 5, Pneumonia 5, Support Devices 2, Edema
    1, Lung Lesion 1, Lung Opacity 1, Cardiomegaly 1, Fracture 1): 12 labeler cells fixed (a COVID-19 field
    whose value is the RSNA category alone reads as the spelled-out category; "X flagged; not confirmed" /
    "X - not verified" denies X; a "Lines:" field with a state value is a device; a finding's score or grade
    at zero grades it absent), 2 hand labels corrected by the convention (qa025 "atypical appearance for
    COVID-19 pneumonia" negates Pneumonia as "atypical for X" does; qa069 "Lines: none." is Support Devices
    0), 3 left alone (qa020, an answered clinical question read as indication text; qa043, a hedged opacity
    dismissed as soft tissue in the next clause); IU X-Ray unchanged (.919 / .901 / .913); regression corpus
    0 of 66,832 texts change.
    Measured on branch labeler-qb (6,074 reports: main's 5,994 and round qb, 80 reports weighted to reports
    that revise themselves: addenda that add, correct or retract a finding, wet reads revised by the final
    read, CORRECTION lines, resident reads with an attending's attestation or disagreement, several films of
    one day, findings retracted as a skin fold, nipple or overlap; written blind, commit d720528; with the
    round qb rules): 84,973 of 85,036 cells right (main's thirty-seven left alone; round qb 26 left); at first
    scoring round qb had 29 wrong cells of 1,120 (No Finding 11, Pneumothorax 5, Lung Lesion 3, Lung Opacity
    2, Consolidation 2, Atelectasis 2, Pneumonia 2, Cardiomegaly 1, Pleural Effusion 1); 3 labeler cells
    fixed (a lucency explained as an overlapping structure names no abnormality, also after a long locating
    phrase; a pneumothorax or lucency retracted after a semicolon by "on closer inspection this is a skin
    fold" is named by the explanation); 26 left alone (retractions across sentences or sections, corrections,
    attending revisions and latest-film readings need a report-level final-word step; qb015 and qb071 follow
    the round's convention against y000's and round cg's earlier decisions, for the lead to settle; qb045 and
    qb047 are sentence-level defects left for time); no label corrected; IU X-Ray unchanged (.919 / .901 /
    .913); regression corpus 1 of 67,215 texts changes (a lucency that "represents a skin fold", No Finding
    blank -> 1), a correction.
    Measured on branch labeler-pz (5,994 reports: main's 5,914 and round pz, 80 reports weighted to dictation
    left as speech recognition typed it: spoken punctuation and commands, sound-alike finding and device words,
    doubled words, run-ons, spoken numbers, self-corrections; written blind, commit 9c6afdf; with the round pz
    rules): 83,881 of 83,916 cells right (main's thirty-four left alone, and pz053); at first scoring round pz
    had 69 wrong cells of 1,120 (Edema 12, Atelectasis 12, Consolidation 10, No Finding 9, Pneumonia 8,
    Pneumothorax 8, Lung Lesion 3, Lung Opacity 2, Support Devices 2, Enlarged Cardiomediastinum 1, Pleural
    Effusion 1, Fracture 1), all labeler cells: 68 fixed (spoken punctuation and commands are punctuation; a
    self-correction takes back what was said before it unless only the place is corrected; sound-alikes "a
    lecture sis", "new Mona", "new Mo thorax", "a Dema", "noodle", "mess", "lions", "hi lum", "in large",
    dotted device letters, and "consultation" beside a place, size, negation or hedge, are the finding), one
    left alone (pz053, a run-on "heart is normal size mediastinal contours are stable": Enlarged
    Cardiomediastinum 0, wanted blank); no label corrected; IU X-Ray unchanged (.919 / .901 / .913);
    regression corpus 0 of 66,832 texts change.
    Measured on branch labeler-py (5,834 reports: main's 5,754 and round py, 80 reports weighted to what
    report-generation models write: R2Gen-style token streams with <unk>, repeats and cut-off endings,
    WordPiece and BPE artifacts, contradictions inside one report, degenerate loops, fluent LLM-style MIMIC
    idiom, chat preambles, hallucinated comparisons and devices; written blind, commit 40e9a74; with the round
    py rules): 81,642 of 81,676 cells right (main's thirty-four left alone; round py all right); at first
    scoring round py had 12 wrong cells of 1,120 (Pneumothorax 3, Consolidation 2, No Finding 2, Pleural
    Effusion 1, Cardiomegaly 1, Atelectasis 1, Edema 1, Pneumonia 1), all labeler cells on subword artifacts,
    fixed (WordPiece "##", subword-nmt "@@" and SentencePiece marks undone; a finding word in three pieces
    joined); more rules from probing the round's families in other words (a tokenizer's end-of-sequence and
    separator tokens end a sentence, start and padding tokens and GPT-2 byte marks are undone; a finding noun
    met directly by mild / moderate / severe starts a statement a negation does not reach); no label
    corrected, none left alone; IU X-Ray unchanged (.919 / .901 / .913); regression corpus 1 of 66,074 texts
    changes (a wet read's "No pneumothorax Mild pulmonary edema", Edema 0 -> 1), a correction.
    Measured on branch labeler-px (5,834 reports: main's 5,754 and round px, 80 reports weighted to reports
    as tables and unfilled templates: pipe, markdown and tab tables with Present / Absent, Yes / No and
    severity columns, key=value and "key: value" fields joined by semicolons or pipes, JSON-like fragments,
    check marks, bracketed choices left in, "{{...}}", "***", "XXX" and "____" placeholders, a template's
    default normal sentence beside a contradicting dictated one; written blind, commit 7b88e37; with the
    round px rules): 81,639 of 81,676 cells right (main's thirty-four left alone; round px 3 left); at first
    scoring round px had 64 wrong cells of 1,120 (Cardiomegaly 14, Pneumothorax 11, No Finding 7, Pleural
    Effusion 7, Enlarged Cardiomediastinum 4, Support Devices 4, Edema 4, Pleural Other 3, Consolidation 2,
    Pneumonia 2, Atelectasis 2, Fracture 2, Lung Opacity 1, Lung Lesion 1), 61 labeler cells, fixed (table
    rows read as field lines, a mark under a named column read as that column, key=value, JSON-like pairs,
    pipe-joined fields, check marks, one-letter Y / N answers, a bracketed choice of several options read as
    a blank and a single bracketed word as written, template placeholders, markdown bold and headings,
    "cardiac size:" fields); more rules from probing the family in other words (columns aligned by spaces or
    dot leaders, a zero severity score, Python-style dicts); no label corrected; 3 left alone ("Pleura:
    Normal", Pleural Other 0 by round pe's convention, blank in the labeler as round pe left it: r238's
    "pleural surfaces are normal" is blank, and the conventions do not say which of the two a bare normal
    pleura negates); IU X-Ray unchanged (.919 / .901 / .913); regression corpus 0 of 66,074 texts change.
    Measured on branch labeler-pv (5,594 reports: main's 5,514 and round pv, 80 reports weighted to No
    Finding at its borders: normal studies in many voices, each with none, one or two incidental things that
    do or do not turn No Finding off, normal variants and technique, old or benign findings, chronic states,
    studies whose only finding is resolved; written blind, commit abe3be7; with the round pv rules): 78,281
    of 78,316 cells right (main's thirty-five left alone; round pv all right); at first scoring round pv had
    2 wrong cells of 1,120 (Enlarged Cardiomediastinum 1, No Finding 1), both labeler cells, fixed (a normal
    mediastinum reached through ", which"; "stable chronic changes" alone as another abnormality); more rules
    from probing the round's families in other words (chronic lung disease, low volumes without "lung" and
    "lung volumes are not low", a hemidiaphragm that remains or is mildly elevated, overexpanded lungs,
    bronchiectatic and bronchitic changes); no round pv label corrected, none left alone; round nk's test
    sentence on chronic changes of the spine set to No Finding blank; IU X-Ray micro / macro unchanged (.919
    / .901), No Finding .912 -> .913 (one report Open-i indexes as abnormal); regression corpus 78 of 64,676
    texts change, each read and a correction by the convention.
    Measured on branch labeler-pw (5,674 reports: main's 5,594 and round pw, 80 reports weighted to
    English written by radiologists whose first language is another, from translated Chinese, Korean,
    Japanese, Spanish, Portuguese, German, Turkish and Arabic templates: "heart shadow is not enlarged",
    "both lung fields are clear", "lung markings increased and blurred", "patchy shadows, consider
    inflammation", "CTR about 0.6", "costophrenic sinuses free", "no seen effusion", "not see pleural
    effusion", "pneumonia to be excluded", "viral pneumonia considered", "atelectasis striae"; written
    blind, commit d1fb316; with the round pw rules): 79,402 of 79,436 cells right (main's thirty-four left
    alone; round pw all right); at first scoring round pw had 33 wrong cells of 1,120 (Lung Opacity 7, Lung
    Lesion 6, Pleural Effusion 6, No Finding 3, Pneumonia 3, Enlarged Cardiomediastinum 2, Cardiomegaly 2,
    Pneumothorax 2, Edema 1, Fracture 1): 32 labeler cells, fixed ("no seen X", a sentence opening "not
    seen X", "not seen clearly", "(does) not exclude", a bare "to be excluded", a clause-final "considered"
    or "suspicious", markings and shadows of the templates, "nodular high-density shadow", "no active
    lesion", "central lesion", sinuses "open", an "obtuse" angle, the "cardiac area", "at upper limit",
    "without widening", fibrous strands), and 1 hand-label cell corrected by the convention (pw042
    Enlarged Cardiomediastinum: a "suspicious" hilar mass is there); none left alone; probing added rules
    for "exclusion of", "not found", adhesions, the hilum and the aorta of the templates, bronchopathy,
    fracture consolidation, sternal cerclages, "lung texture", blunt or shallow angles, a bare
    "suspicious" before a finding, dystelectasis, "not detectable", "in normal limits", free sinuses, "X, r/o",
    "X, not excluded" and pleural fluid collections; IU X-Ray unchanged (.919 / .901 / .912); regression corpus 10 of 65,219
    texts change, each a correction (hilar prominence, aortic elongation, bronchopathy: No Finding off).
    Measured on branch labeler-pu (5,514 reports: main's 5,434 and round pu, 80 reports weighted to the
    probability scale, from "improbable", "low suspicion for" and "not suspected" through "equivocal",
    "would be difficult to exclude" and "conceivably" to "presumed", "characteristic of" and "diagnostic
    of", with double hedges, hedges over lists, in the next sentence, on a cause or on change only; written
    blind, commit 1d6f1d0; with the round pu rules): 77,161 of 77,196 cells right (main's thirty-five left
    alone; round pu all right); at first scoring round pu had 4 wrong cells of 1,120 (Pneumonia 3, Pleural
    Effusion 1), all labeler cells, fixed ("improbable", a verbless "not suspected", "low suspicion for", a
    "given ..." aside between a finding and its hedge); more rules from probing the round's families in
    other words (hedge adverbs before "there is", "equivocally", "doubtful for", "little to suggest", "not
    thought to be present", a bare "unlikely X", "probable but not definite", "would be more likely", a
    differential's bare subject and its colon field, place / view / concession asides); no label corrected,
    none left alone; IU X-Ray unchanged (.919 / .901 / .912); regression corpus 0 of 64,384 texts change.
    Measured on the 5,434 reports of branch labeler-pt (main's 5,354 and round pt, 80 reports weighted to the
    British, Irish, Australian, Indian and European voice: "NAD", "no active disease", "CTR < 0.5", "heart not
    enlarged", zone shadowing, ring shadows and tramlines, costophrenic angles sharp or blunted, fluid levels,
    lobar collapse, the sail sign, "query consolidation", "?infection", British spellings, "Clinical details:",
    "Report:", "Conclusion:"; written blind, commit 366ecba; with the round pt rules): 76,042 of 76,076 cells
    right (main's thirty-four left alone, pe035 Support Devices now right; round pt all right); at first scoring
    round pt had 10 wrong cells of 1,120: 9 labeler cells, fixed (zone, linear, fibrotic and miliary shadowing
    as Lung Opacity; "query" as a hedge; "borderline for the projection"; angles "now clear"; a cavity after
    "with"; "Lines: none"), and 1 hand-label cell corrected by the convention (pt039 Pleural Other, a hedged
    pleural reaction); none left alone; probing added rules for CTR signs and percentages, LVF / CCF / LRTI,
    British metastasis words, pleural with pericardial effusion, fluid levels, and bronchiectasis signs, free
    gas, the aortic knuckle and a raised hemidiaphragm as other abnormalities; IU X-Ray unchanged (.919 / .901
    / .912); regression corpus 11 of 63,991 texts change, each a correction.
    Measured on the 5,354 reports of branch labeler-ps (main's 5,274 and round ps, 80 reports weighted to the
    packaging of exports and pipelines: literal "\\n" / "\\t" escapes in one-line cells, carriage returns,
    tabs, non-breaking and zero-width spaces, smart quotes, HTML remnants, fixed-width wraps that cut words,
    page footers and sign-off blocks, capitals, odd header punctuation, a preliminary with its final; written
    blind, commit c7b7075; with the round ps rules): 74,921 of 74,956 cells right (main's thirty-five left
    alone; round ps all right); at first scoring round ps had 19 wrong cells of 1,120 (Pneumothorax 4, Pleural
    Effusion 4, No Finding 2, Enlarged Cardiomediastinum 2, Cardiomegaly 2, Lung Opacity 2, Pneumonia 2,
    Consolidation 1): 18 labeler cells, fixed (literal escapes, carriage returns, invisible characters and
    HTML undone before sections are read; cue words cut by a wrap joined), and ps060 Lung Opacity blank -> 1
    corrected by the convention (airspace consolidation is Lung Opacity, as gc000); more rules from probing
    the round's families ("can't exclude" is "cannot exclude", fixed-column cuts joined, more finding words
    cut by a wrap, headers set off by odd punctuation, sign-off lines dropped); none left alone; IU X-Ray
    unchanged (.919 / .901 / .912); regression corpus 0 of 63,305 texts change.
    Measured on the 5,274 reports of branch labeler-pq (main's 5,194 and round pq, 80 reports weighted to
    oncology and post-surgical follow-up: measured and compared masses and nodules, metastases, lymphangitic
    spread, hilar tumor, post-lobectomy and postpneumonectomy hemithoraces, radiation change against
    recurrence and infection, ports, PleurX catheters, talc pleurodesis, post-biopsy pneumothorax; written
    blind, commit aa0877a; with the round pq rules): 73,801 of 73,836 cells right (main's thirty-five left
    alone; round pq all right); at first scoring round pq had 2 wrong cells of 1,120 (pq073 Enlarged
    Cardiomediastinum and Lung Lesion, a "known left hilar tumor"), both labeler cells, fixed (a tumor named
    at a hilum is a hilar mass); two rules more from probing the round's families (lymphangitic spread is a
    Lung Lesion; "postpneumonectomy" and "postlobectomy" as one word are other abnormalities); no round pq
    label corrected, nl055 Lung Lesion 0 -> -1 by the convention ("lymphangitic spread is also possible");
    IU X-Ray unchanged (.919 / .901 / .912); regression corpus 12 of 62,671 texts change, each a correction.
    Measured on the 5,274 reports of branch labeler-pp (main's 5,194 and round pp, 80 reports weighted to
    trauma and emergency-department films: rib, clavicle, scapular, sternal and vertebral fractures, limited
    fracture assessment and rib-series advice, subcutaneous emphysema, pneumomediastinum, pneumothorax sizes and
    tension, hemothorax, contusion and laceration, aspiration, a widened mediastinum with aortic injury not
    excluded, ED chest tubes, trauma-board and collar artifacts, bullet fragments; written blind, commit
    72bcb1c; with the round pp rules): 73,801 of 73,836 cells right (main's thirty-five left alone; round pp
    all right); at first scoring round pp had 0 wrong cells of 1,120, so nothing was fixed, corrected or left
    alone from it; three defects found by probing its families in other words were fixed (a generic "fractures
    are better evaluated on CT" sentence read as a fracture, a rib-series request to evaluate for fracture read
    as no mention, soft-tissue gas, joint dislocations and ballistic debris named in other words missed as
    other abnormalities); IU X-Ray unchanged (.919 / .901 / .912).
    Measured on branch labeler-pr (5,274 reports: main's 5,194 and round pr, 80 reports weighted to
    negation and contrast grammar in long sentences, written blind, commit d0d2370; with the round pr rules):
    73,801 of 73,836 cells right (main's thirty-five; round pr all right); at first scoring round pr had 6
    wrong cells of 1,120: 5 labeler cells fixed ("not only X", "more consistent with X than Y", a negation
    in an opening "although" clause, a bare "seen on prior" aside), 1 hand-label cell corrected (pr019 Lung
    Lesion -1 -> blank), none left alone; IU X-Ray unchanged (.919 / .901 / .912).
    Measured on main at the end of session 12 (5,194 reports, rrg-v6: the rules of rounds nq to pn and the
    lead's fixes): 72,681 of 72,716 cells right (thirty-five left alone by their rounds; listed per round by
    `python -m rrg_benchmarks.labeler_fidelity --no-speed`); IU X-Ray .919 / .901 / .912 as at the session's start.
    Measured on the 5,194 reports after merging main (rounds pk and pm) into labeler-pn (rrg-v5 with the
    round pa to pn rules): 72,681 of 72,716 cells right (main's thirty-five left alone; round pn all right);
    IU X-Ray unchanged (.919 / .901 / .912).
    Measured on the 5,034 reports of branch labeler-pn (the 4,954 below and round pn, 80 reports weighted
    to lead-in lines over lists: a colon line that negates, hedges or dates bulleted, numbered or lettered
    items, organ headers over lists, joined dash lists; written blind, commit bf7ae11; with the round pn
    rules): 70,446 of 70,476 cells right (main's thirty; round pn all right); at first scoring round pn had
    110 wrong cells of 1,120: 107 labeler cells fixed, 3 hand-label cells corrected (pn020, pn028, pn066);
    IU X-Ray unchanged (.919 / .901 / .912).
    Measured on the 5,114 reports after merging main (rounds ph, pk and pl) into labeler-pm (rrg-v5 with the
    round pa to pm rules): 71,561 of 71,596 cells right (main's twenty-five, round ph's five, round pk's four
    and round pm's one left alone); IU X-Ray unchanged (.919 / .901 / .912).
    Measured on the 4,954 reports of branch labeler-pm (the 4,874 below and round pm, 80 reports weighted
    to heart and mediastinum description: chambers, configurations, pericardial effusion against
    cardiomegaly, ratios, post-operative hearts, the AP-film superior mediastinum, aortas, hila; written
    blind, commit f47133e; with the round pm rules): 69,330 of 69,356 cells right (main's twenty-five and
    pm064 Cardiomegaly left alone); at first scoring round pm had 8 wrong cells of 1,120: 6 labeler cells
    fixed (pm014, pm061 and pm064 Enlarged Cardiomediastinum, pm049 Cardiomegaly, pm049 and pm061 No
    Finding), pm064 Cardiomegaly left alone, and 1 hand-label cell corrected by the convention (pm048 Lung
    Lesion); IU X-Ray unchanged (.919 / .901 / .912).
    Measured on the 5,034 reports after merging main (rounds ph and pl) into labeler-pk (rrg-v5 with the
    round pa to pl rules): 70,442 of 70,476 cells right (main's twenty-five, round ph's five and round pk's
    four left alone; round pl all right); IU X-Ray unchanged (.919 / .901 / .912).
    Measured on the 4,874 reports of branch labeler-pk (main's 4,794 and round pk, 80 reports weighted to
    findings a later sentence refers back to, written blind, commit 62cbc82; with the round pk rules): 68,207
    of 68,236 cells right (main's twenty-five and round pk's four left alone: pk049 Lung Lesion, pk050 No
    Finding, Lung Lesion and Lung Opacity); at first scoring round pk had 15 wrong cells of 1,120: 13 labeler
    cells (9 fixed) and 2 hand-label cells corrected by the convention (pk055); IU X-Ray unchanged
    (.919 / .901 / .912).
    Measured on the 4,954 reports after merging main (round pl) into labeler-ph (rrg-v5 with the round pa to
    pl rules): 69,326 of 69,356 cells right (main's twenty-five and round ph's five left alone; round pl all
    right); IU X-Ray unchanged (.919 / .901 / .912).
    Measured on the 4,874 reports of branch labeler-ph (main with rounds pe to pg, and round ph, 80 reports
    of telegraphic ICU shorthand: arrows, "PTX -", "L>R", "/" lists, "CM", "lg", "vs AM film"; written blind,
    commit 22d4405; with the round ph rules): 68,206 of 68,236 cells right (the twenty-five old cells and
    round ph's five left alone: ph006 Lung Opacity, ph008 and ph043 Support Devices, ph058 Pleural Effusion,
    ph071 Lung Lesion); at first scoring round ph had 30 wrong cells of 1,120: 23 labeler cells fixed, 5 left
    alone, 2 hand-label cells corrected (ph007); IU X-Ray unchanged (.919 / .901 / .912).
    Measured on the 4,874 reports of branch labeler-pl (the 4,794 of its base and round pl, 80 reports
    weighted to punctuation a sentence splitter can misread: abbreviations, decimals, times, parentheses,
    quotes, mid-sentence question marks; written blind, commit 168179b; with the round pl rules): 68,211
    of 68,236 cells right (main's twenty-five; round pl all right); at first scoring round pl had 5 wrong
    cells of 1,120: 1 labeler cell fixed (pl035 Lung Opacity) and 4 hand-label cells corrected by the
    convention (pl030 Fracture, pl040 No Finding and Lung Opacity, pl058 Lung Lesion); IU X-Ray unchanged
    (.919 / .901 / .912).
    Measured on the 4,634 reports after merging main (round pd) into labeler-pe (rrg-v5 with the round nc
    to nz and pa to pe rules): 64,851 of 64,876 cells right (main's eighteen and round pe's seven left alone;
    round pd all right); IU X-Ray unchanged (.919 / .901 / .912).
    Measured on the 4,474 reports of branch labeler-pe (the 4,394 below and round pe, 80 reports weighted
    to structured and templated reporting: organ fields, side-split fields, checkboxes, Y/N and dash fields,
    severity scales, blank fields; written blind, commit 3801309; with the round pe rules): 62,610 of 62,636
    cells right (the nineteen below and round pe's seven left alone: pe007 and pe066 Pleural Other, pe035
    Support Devices, pe057 Atelectasis and No Finding, pe071 Lung Lesion, pe073 Cardiomegaly); at first
    scoring round pe had 39 wrong cells of 1,120: 32 labeler cells fixed and the 7 left alone.
    Measured on the 4,634 reports after merging main (round pd) into labeler-pf (rrg-v5 with the round nc
    to nz, pa to pd and pf rules): 64,858 of 64,876 cells right (main's eighteen; rounds pd and pf all right);
    IU X-Ray unchanged (.919 / .901 / .912).
    Measured on the 4,554 reports of branch labeler-pf (the 4,474 below and round pf, 80 reports on the ICU
    lung-injury and infection spectrum, written blind, commit 1201f30; with the round pf rules): 63,738 of
    63,756 cells right (the eighteen below; round pf all right); at first scoring round pf had 4 wrong cells
    of 1,120, all labeler cells, all fixed (pf031 Pneumonia, pf035 and pf066 Lung Lesion, pf076 Edema); no
    hand label corrected.
    Measured on the 4,634 reports of branch labeler-pg (the 4,554 below and round pg, 80 reports weighted
    to report-generation model output: lower case, " ." and " ," tokens, "xxxx" and "<unk>", repeated,
    contradictory and cut-off sentences, MIMIC-model section words; written blind, commit 3895401; with the
    round pg rules): 64,858 of 64,876 cells right (main's eighteen; round pg all right, also at first
    scoring: 0 wrong cells of 1,120). The round pg rules (a tokenizer's " ," is a comma, "and / or" is
    "and/or") came from extra probes in the same voice, not from the set; IU X-Ray unchanged (.919 / .901 / .912).
    Measured on the 4,554 reports after merging main (rounds pb and pc) into labeler-pd (rrg-v5 with the
    round nc to nz and pa to pd rules): 63,738 of 63,756 cells right (main's eighteen, pa076 among them;
    rounds pb, pc and pd all right); IU X-Ray unchanged (.919 / .901 / .912).
    Measured on the 4,394 reports of branch labeler-pd (the 4,314 below and round pd, 80 reports weighted
    to text as PDF, HL7 and hospital-system exports leave it: hard mid-sentence wraps, page headers and
    patient banners mid-report, doubled headers, signature and attestation blocks, CC lists, disclaimers,
    HL7 OBX segments and escapes, heavy numbers; written blind, commit 361ad3e; with the round pd rules):
    61,497 of 61,516 cells right (the nineteen below; round pd all right); at first scoring round pd had 8
    wrong cells of 1,120, all labeler defects, fixed (pd009 Edema and No Finding, a "cc:" copy line; pd023
    Lung Lesion, "limited sensitivity for nodules"; pd048 No Finding, Pleural Effusion, Pneumothorax, a page
    break inside a negation; pd064 Atelectasis and No Finding, HL7 "\\.br\\" escapes).
    Measured on the 4,474 reports after merging main (rounds nz, pa and pc) into labeler-pb (rrg-v5 with the
    round nc to nz, pa, pb and pc rules): 62,618 of 62,636 cells right (main's nineteen less ny058).
    Measured on the 4,234 reports of branch labeler-pb (the 4,154 below and round pb, 80 reports in older
    and less common terminology, written blind, commit 4c2279d; with the round pb rules): 59,259 of 59,276
    cells right (the eighteen below less ny058, which the round pb density rule reads right); at first
    scoring round pb had 18 wrong cells of 1,120, all labeler cells, all fixed (pb003 x2, pb004, pb006,
    pb010, pb011, pb016, pb022, pb029 x2, pb042 x2, pb056, pb058, pb062, pb070 x3); no hand label corrected.
    Measured on the 4,394 reports after merging main (round pa) into labeler-pc (rrg-v5 with the round nc
    to nz, pa and pc rules): 61,497 of 61,516 cells right (the eighteen below and pa076 Lung Opacity, left
    alone; round pc all right).
    Measured on the 4,314 reports of branch labeler-pc (the 4,234 below and round pc, 80 reports weighted
    to second-language and hurried-trainee dictation, written blind, commit 9b8b0cc; with the round pc rules
    and one hand-label cell corrected by the convention, pc054 Atelectasis): 60,378 of 60,396 cells right (the
    18 below; round pc all right); at first scoring round pc had 13 wrong cells of 1,120: 12 labeler cells
    (dash organ headers 3, clipped "within normal" 3, "widen" 2, an enlarging hilum 1, "the most likely" 1,
    "not unlikely" 1, "heart size, mediastinum normal" 1) and the hand-label cell.
    Measured on the 4,314 reports after merging main (round nz) into labeler-pa (rrg-v5 with the round nc
    to nz and pa rules): 60,377 of 60,396 cells right (the eighteen below, round ny's and nz's counted there,
    and pa076 Lung Opacity, left alone; round nz all right).
    Measured on the 4,234 reports of branch labeler-pa (the 4,154 below and round pa, 80 reports weighted
    to export and CSV formatting noise and readers' shorthand: line-wrap hyphens, missing spaces, bullets,
    unicode punctuation, "&", "neg", "sz", "nl"; written blind, commit fc85fa9; with the round pa rules):
    59,257 of 59,276 cells right (the eighteen below and pa076 Lung Opacity, left alone); at first scoring
    round pa had 27 wrong cells of 1,120: 25 labeler cells fixed, 1 hand label corrected by the convention
    (pa018 Pleural Other) and pa076 left alone.
    Measured on the 4,234 reports after merging main (rounds nx and ny) into labeler-nz (rrg-v5 with the
    round nc to nz rules): 59,258 of 59,276 cells right (bc012, ja016, na005, na007, nl063, nm009, no004,
    no052, nx009 x2, nx061 and round ny's seven left alone; round nz all right).
    Measured on the 4,074 reports of branch labeler-nz (the 3,994 below and round nz, 80 reports weighted
    to the classic named radiographic signs, written blind, commit b196eb8; with the round nz rules and three
    hand-label cells corrected by the convention, nz046 and nz053): 57,028 of 57,036 cells right (bc012,
    ja016, na005, na007, nl063, nm009, no004 and no052 as below); at first scoring round nz had 8 wrong cells
    of 1,120: 5 labeler defects (nz015 Pneumonia, allergic bronchopulmonary aspergillosis; nz021 No Finding,
    a normal lucency; nz041 Atelectasis, the second "or" alternative past the hedge's reach; nz048
    Atelectasis, a verbless "also a consideration"; nz064 No Finding, oligemia and a descending pulmonary
    artery) and the 3 hand-label cells.
    Measured on the 4,154 reports after merging main (rounds nw and nx) into labeler-ny (rrg-v5 with the
    round nc to ny rules): 58,138 of 58,156 cells right (bc012, ja016, na005, na007, nl063, nm009, no004,
    no052, nx009 x2, nx061 and round ny's seven left alone).
    Measured on the 3,994 reports of branch labeler-ny (the 3,914 below and round ny, 80 reports weighted
    to view- and exam-specific language: lateral, decubitus, expiratory and lordotic views, rib series, OR and
    post-procedure portables, outside films, single-view limits; written blind, commit 67127da; with the round
    ny rules): 55,901 of 55,916 cells right (the eight below and ny010 x3, ny022, ny050, ny058, ny064, left
    alone); at first scoring round ny had 16 wrong cells of 1,120: 8 labeler cells fixed (ny016 and ny042
    Pneumonia, ny027 Lung Opacity and No Finding, ny060 and ny065 Cardiomegaly, ny061 Support Devices, ny067
    Lung Opacity), 1 hand label corrected by the convention (ny067 No Finding) and the 7 left alone.
    Measured on the 4,074 reports after merging main (rounds nv and nw) into labeler-nx (rrg-v5 with the
    round nc to nx rules): 57,025 of 57,036 cells right (bc012, ja016, na005, na007, nl063, nm009, no004,
    no052, nx009 x2 and nx061).
    Measured on the 3,914 reports of branch labeler-nx (the 3,834 of rounds up to nt and nu and round nx,
    80 reports as unproofread speech recognition leaves them, written blind, commit f7fd17b; with the round nx
    rules): 54,785 of 54,796 cells right (the eight below and nx009 Lung Opacity and Atelectasis, nx061 Lung
    Opacity, run-ons left alone); at first scoring round nx had 34 wrong cells of 1,120: 31 labeler cells
    ("know" for no 10, "pleural infusion" 5, split words 6, "nopleural" 2, one wrong letter and "nodual" 5,
    run-ons 3) and 3 hand labels corrected by the convention (nx005 Lung Lesion, nx016 Enlarged
    Cardiomediastinum, nx066 Consolidation).
    Measured on the 3,994 reports after merging main (rounds nt and nv) into labeler-nw (rrg-v5 with the
    round nc to nw rules): 55,908 of 55,916 cells right (bc012, ja016, na005, na007, nl063, nm009, no004 and
    no052 as below).
    Measured on the 3,834 reports of branch labeler-nw (the 3,754 below and round nw, 80 reports written
    blind as one radiologist's ordinary day list, commit 2c8f04e; with the round nw rule): 53,668 of 53,676
    cells right (the eight below); at first scoring round nw had 1 wrong cell of 1,120, a labeler defect
    (nw065 Cardiomegaly, the wet-read "nl heart size").
    Measured on the 3,914 reports after merging main (rounds nt and nu) into labeler-nv (rrg-v5 with the
    round nc to nv rules): 54,788 of 54,796 cells right (bc012, ja016, na005, na007, nl063, nm009, no004 and
    no052 as below).
    Measured on the 3,754 reports of branch labeler-nv (rrg-v5 with the round nc to ns and nv rules):
    52,548 of 52,556 cells right (the eight below); before the round nv rules and one hand-label correction
    (nv046 Atelectasis, volume loss named after the scar, ee024's convention), commit 034ed02, round nv (80
    long reports with negation lists, CT / PET / MRI / ultrasound comparisons and restating impressions,
    written blind) had 3 wrong cells of 1,120: 2 labeler defects (nv014 Enlarged Cardiomediastinum, "the
    right hilum appears elevated but not enlarged"; nv052 Cardiomegaly, "the cardiomediastinal silhouette is
    likely within normal limits") and the hand-label cell.
    Measured on the 3,754 reports of branch labeler-nu (the 3,674 below and round nu, 80 reports weighted
    to findings outside the lungs and post-surgical chests, written blind, commit 534fdbc; with the round nu
    rules): 52,548 of 52,556 cells right (the eight below); at first scoring round nu had 5 wrong cells of
    1,120: 3 labeler defects (nu026 and nu033 Lung Opacity, a density explained as a Morgagni hernia past
    the old reach and an opacity "could be due to the hernia" with atelectasis left open; nu076
    Pneumothorax, a pleural space "which contains ... fluid and air") and 2 hand labels corrected by the
    convention (nu025 Atelectasis, nu044 Pneumonia).
    Measured on the 3,754 reports of branch labeler-nt (the 3,674 below and round nt, 80 reports on image
    quality, limited assessment and reports that answer the clinical question, written blind, commit 47fcb1c;
    with the round nt rules): 52,548 of 52,556 cells right (the eight below); at first scoring round nt had 9
    wrong cells of 1,120: 8 labeler cells from 6 defects (nt002 Pneumothorax and No Finding, "r/o PTX: none
    seen"; nt003 Lung Opacity, "may obscure subtle opacities"; nt005 Pleural Effusion, "limiting assessment for
    a small effusion"; nt012 Pneumothorax, a skin fold after "although"; nt020 Lung Opacity and No Finding,
    "not seen on the lateral view"; nt026 Pneumothorax, "the sensitivity of a supine film for pneumothorax")
    and 1 hand label corrected by the convention (nt026 Pleural Effusion).
    Measured on the 3,674 reports after merging rounds ns, nr and nq into main (rrg-v5 with the round nc
    to ns rules): 51,428 of 51,436 cells right (bc012, ja016, na005, na007, nl063, nm009, no004 and no052 as
    below).
    Measured on the 3,514 reports of branch labeler-ns (rrg-v5 with the round nc to np and ns rules):
    49,188 of 49,196 cells right (bc012, ja016, na005, na007, nl063, nm009, no004 and no052 as below); before
    the round ns rules and one hand-label correction (ns052 Fracture and No Finding, by the conditional
    convention), commit e9a4f0e, round ns (80 reports weighted to Lung Lesion, Fracture, bones and soft tissues,
    written blind) had 5 wrong cells of 1,120: 3 labeler defects (ns033 Lung Opacity, a density at the
    cardiophrenic angle; ns040 Lung Lesion, malignancy offered for a pleural-based mass; ns058 No Finding, soft
    tissue swelling) and the two hand-label cells.
    Measured on the 3,514 reports of branch labeler-nr (the 3,434 below and round nr, 80 reports on chronic
    and diffuse lung disease and the hila and mediastinum, written blind, commit de05ede; with the round nr
    rules): 49,188 of 49,196 cells right (the eight below); at first scoring round nr had 8 wrong cells of
    1,120: 4 labeler defects (nr006 and nr063 Enlarged Cardiomediastinum, nr031 Lung Lesion, nr071
    Cardiomegaly) and 4 hand labels corrected by the convention (nr047, nr062, nr072, nr075).
    Measured on the 3,514 reports of branch labeler-nq (rrg-v5 with the round nc to np and nq rules):
    49,188 of 49,196 cells right (the eight of 3,434 as below); before the round nq rules, commit b3b5af7,
    round nq (80 reports weighted to lung opacity wording and the Lung Opacity / Consolidation / Pneumonia /
    Atelectasis / Edema overlap, written blind) had 3 wrong cells of 1,120, all labeler defects (nq013
    Pneumonia: "would be typical for aspiration"; nq017 Lung Opacity: "prominence of the bronchovascular
    markings"; nq053 Edema: "given the patient's known heart failure").
    Measured on the 3,434 reports after merging rounds nn and np into labeler-no (rrg-v5 with the round nc
    to nm, np and no rules): 48,068 of 48,076 cells right (bc012, ja016, na005, na007, nl063, nm009, no004 and
    no052 as below).
    Measured on the 3,314 reports of branch labeler-no (rrg-v5 with the round nc, nd, ng, nf, ne, nh, nj,
    ni, nk, nl, nm and no rules): 46,388 of 46,396 cells right (bc012, ja016, na005, na007, nl063 and nm009 as
    below, and no004 Pleural Effusion, blunting with two place words, and no052 Lung Lesion, a known nodule
    "not well seen", left alone); before the round no rules, commit 0ccf40b, round no (60 reports weighted
    to Pleural Effusion and Pleural Other, written blind) had 6 wrong cells of 840: 4 labeler defects (no007
    and no028 Pleural Effusion, no017 Pleural Other, no048 Support Devices) and the two left alone.
    Measured on the 3,374 reports after merging rounds nn and np (rrg-v5 with the round nc to nm and np
    rules): 47,230 of 47,236 cells right (bc012, ja016, na005, na007, nl063 and nm009 as below).
    Measured on the 3,314 reports of branch labeler-nn (rrg-v5 with the round nc to nm rules, no new rule):
    46,390 of 46,396 cells right (bc012, ja016, na005, na007, nl063 and nm009 as below); round nn (60 short
    reports, impression-only, wet reads and two-line findings / impression, written blind, commit 89aef67) had
    1 wrong cell of 840 at first scoring, a hand label corrected by the convention (nn046 Atelectasis: lobar
    volume loss named first, before a fibrosis explanation).
    Measured on the 3,314 reports of branch labeler-np (rrg-v5 with the round nc-nm and np rules):
    46,390 of 46,396 cells right (bc012, ja016, na005, na007, nl063 and nm009 as below); before the round np
    rules and two hand-label corrections (np004 Cardiomegaly, np040 Enlarged Cardiomediastinum, by the
    convention), commit 32369d5, round np (60 reports weighted to Support Devices and Cardiomegaly against
    Enlarged Cardiomediastinum, written blind) had 4 wrong cells of 840: 2 labeler defects (np049 Support
    Devices: a hedge in an earlier list item reached a device after ", and"; np050 Pneumothorax:
    "evaluation for pneumothorax is limited") and the two hand labels.
    Measured on the 3,254 reports after merging rounds nk, nm and nl (rrg-v5 with the round nc, nd, ng, nf,
    ne, nh, nj, ni, nm, nl and nk rules): 45,550 of 45,556 cells right (bc012, ja016, na005, na007, nl063 and
    nm009 as below).
    Measured on the 3,094 reports of branch labeler-nk (rrg-v5 with the round nc, nd, ng, nf, ne, nh, nj, ni
    and nk rules): 43,312 of 43,316 cells right (bc012, ja016, na005, na007 as below); before the round nk
    rules and two hand-label corrections (nk018 Enlarged Cardiomediastinum, nk038 Atelectasis, by the
    convention), commit 5eb3a54, round nk (80 serial follow-up reports, change language in nearly every
    sentence, written blind) had 5 wrong cells of 1,120: 3 labeler defects (nk012 Lung Lesion: a nipple-shadow
    explanation 115 characters after the nodule; nk016 Pneumonia: "consistent with evolving pneumonia";
    nk029 Lung Opacity: "chronic interstitial markings") and the two hand labels.
    Measured on the 3,174 reports after merging rounds nm and nl (rrg-v5 with the round nc, nd, ng, nf, ne,
    nh, nj, ni, nm and nl rules): 44,430 of 44,436 cells right (bc012, ja016, na005, na007, nl063 and nm009 as
    below).
    Measured on the 3,094 reports of branch labeler-nl (rrg-v5 with the round nc, nd, ng, nf, ne, nh, nj,
    ni and nl rules): 43,311 of 43,316 cells right (bc012, ja016, na005, na007 as below, and nl063 Lung
    Lesion: a bare "treated lesion" after ablation, left alone); before the round nl rules and four hand-label
    corrections, commit dffe437, round nl (80 reports weighted to trauma, post-procedure and oncology films,
    written blind) had 7 wrong cells of 1,120: nl047 Support Devices (an attempted IJ line placement), nl056
    Lung Lesion (a nodular opacity with an overlap alternative after a semicolon), nl063, and the hand labels
    of nl026, nl037, nl066 and nl069.
    Measured on the 3,094 reports of branch labeler-nm (rrg-v5 with the round nc, nd, ng, nf, ne, nh, nj,
    ni and nm rules): 43,311 of 43,316 cells right (bc012, ja016, na005, na007 as below, and nm009, left
    alone: "the left persists" after a resolved right effusion); before the round nm rules, commit 233fd05,
    round nm (80 reports weighted to long multi-finding sentences with mixed scope, written blind) had 7
    wrong cells of 1,120, all labeler defects (nm011 Pneumonia, nm019 and nm069 Pleural Effusion, nm069
    Support Devices, nm056 Cardiomegaly, nm072 Atelectasis fixed; nm009 Pleural Effusion left alone).
    Measured on the 3,014 reports after merging rounds nh, nj and ni (rrg-v5 with the round nc, nd, ng, nf, ne, nh,
    nj and ni rules): 42,192 of 42,196 cells right (bc012, ja016, na005, na007 as below).
    Measured on the 2,934 reports after merging rounds nh and ni (rrg-v5 with the round nc, nd, ng, nf, ne, nh
    and ni rules): 41,072 of 41,076 cells right (bc012, ja016, na005, na007 as below).
    Measured on the 2,854 reports of branch labeler-ni (rrg-v5 with the round nc, nd, ng, nf, ne and ni rules):
    39,952 of 39,956 cells right (bc012, ja016, na005, na007 as below); before the round ni rules, commit
    ab92b29, round ni (80 reports weighted to section handling, written blind) had 2 wrong cells of 1,120,
    both one labeler defect (ni032 Lung Opacity and No Finding: a nodular opacity that "represents a nipple
    shadow" on a nipple-marker study).
    Measured on the 2,934 reports after the merge of rounds nh and nj (rrg-v5 with the round nc, nd, ng, nf,
    ne, nh and nj rules): 41,072 of 41,076 cells right (bc012, ja016, na005, na007 as below). On the 2,854 reports
    of branch labeler-nj (before the merge with round nh): 39,952 of 39,956 cells right; before the round nj
    rules, commit f965787, round nj (80 reports weighted to No Finding: normal studies, normal variants,
    devices, clips, and one minor abnormality that turns it off, written blind) had 3 wrong cells of 1,120, all
    labeler defects (nj004 Cardiomegaly: "the cardiac, mediastinal and hilar contours are normal"; nj025 No
    Finding: a sclerotic focus that "likely represents a bone island"; nj051 No Finding: a lucency "projecting
    over the right upper hemithorax" explained as a skin fold).
    Measured on the 2,854 reports of branch labeler-nh (rrg-v5 with the round nc, nd, ng, nf, ne and nh
    rules): 39,952 of 39,956 cells right (bc012, ja016, na005, na007 as below). Before the round nh rules and
    one hand-label correction (nh033's No Finding, an omission), commit 4df3c85, round nh (80 reports written
    blind, weighted to Edema, Pleural Other, Pneumothorax, Fracture, Consolidation and Support Devices) had 8
    wrong cells of 1,120: nh010 Edema (septal lines "which may represent interstitial edema or" ILD), nh031
    Pneumothorax and No Finding (a pneumothorax that "could also represent a skin fold"), nh034 Fracture and
    No Finding ("rib fractures are better assessed with a dedicated rib series"), nh039 Fracture and No
    Finding (a sternal wire "which is fractured") and nh033's hand label.
    Measured on the 2,774 reports (rrg-v5 with the round nc, nd, ng, nf and ne rules): 38,832 of 38,836 cells
    right (bc012, ja016, na005, na007 as below; ab004 is now right, by the round ne rule on a sentence asking
    whether a nodular shape is a true nodule). On the 2,614 reports of its branch (before the merge with
    round ng) the round ne rules gave 36,592 of 36,596; before them, commit fe83cc8, round ne (80
    reports weighted to uncertainty and negation wording, written blind) had 5 wrong cells of 1,120, all
    labeler defects (ne009 Lung Lesion: "a true pulmonary nodule versus a nipple shadow" in the next
    sentence; ne010 Pneumonia: "not favored but not excluded"; ne027 Enlarged Cardiomediastinum: a
    normal paratracheal stripe; ne073 Pneumonia and Lung Opacity: "no convincing evidence of pneumonia,
    although an early infiltrate may not be visible").
    Measured on main's 2,694 reports (rrg-v5 with the round nc, nd, ng and nf rules): 37,711 of 37,716
    cells right (ab004, bc012, ja016, na005, na007 as below); before the round nf rules, commit 3933b84,
    round nf (80 reports written blind, weighted to the five hardest labels) had 2 wrong cells of 1,120,
    both labeler defects (nf029 Lung Lesion: a germ cell tumor in the differential of an anterior
    mediastinal mass; nf035 Lung Opacity: a pleural-based opacity in the posterior left lower lobe).
    Measured on the 2,614 reports (rrg-v5 with the round nc, nd and ng rules): 36,591 of 36,596 cells
    right (ab004, bc012, ja016, na005, na007 as below); before the round ng rules and one hand-label
    correction (ng035's Lung Opacity: a bare "left lung contusion" is no opacity, as ce000, r206 and
    x006), commit 3a443b5, round ng (80 reports written blind in other institutions' layouts and styles:
    organ templates, capitals, dashed lists, terse abbreviations, British spelling, dictation errors,
    addenda) had 7 wrong cells of 1,120: ng011 Lung Lesion and No Finding ("a 7 mm module", a misheard
    nodule), ng037 Pleural Effusion and No Finding ("there is know pleural effusion"), ng045 Cardiomegaly
    ("mild CM"), ng061 Lung Opacity (a nodular density "in the left upper zone") and ng035's hand label.
    Measured on the 2,534 reports (rrg-v5 with the round nc and nd rules): 35,471 of 35,476 cells
    right (ab004, bc012, ja016, na005, na007 as below); before the round nd rules, commit 72777ec, round nd (80
    outpatient, emergency and follow-up reports written blind) had 9 wrong cells of 1,120, all
    labeler defects but nd020's Atelectasis, a hand label corrected by the convention (lobar volume
    loss named first and put down to radiation is Atelectasis 1, as w016) (nd009 No Finding: markings
    seen lateral to a skin fold; nd028 Lung Lesion: a history of lung cancer; nd033 No Finding
    and Lung Opacity: an opacity corresponding to the nipple on a marker study; nd046 Enlarged
    Cardiomediastinum: "is also mildly widened"; nd070 Pneumonia: a healed pneumonia; nd073
    Cardiomegaly: "stable, upper limits of normal"; nd077 Pneumonia: a patient aside before "could have a
    similar appearance"). Measured on the 2,454 reports of main with round nc (rrg-v5 with the round nc rule): 34,351 of 34,356 cells right
    (ab004, bc012, ja016, na005, na007 as below); before that rule and one hand-label correction
    (nc045's Lung Opacity, "mild interstitial prominence"), commit cf2c591, round nc (80 ICU and
    post-operative reports written blind) had 2 wrong cells of 1,120: nc018's Pleural Effusion (a hedge
    read across ", and a small left effusion is unchanged") and nc045's Lung Opacity (the hand label).
    Measured on the 2,374 reports (rrg-v5 with the round nb rules): 33,231 of 33,236 cells right
    (ab004, bc012, ja016, na005, na007 as below); before those rules and one hand-label correction
    (nb019), commit 13bc3ff, round nb (80 reports written blind, half weighted to the five hardest
    labels) had 4 wrong cells of 1,120: nb004's Lung Lesion and Lung Opacity (a nodular density at
    the expected location of the nipple, over the lower chest) and nb019's No Finding and Lung Lesion
    (a hand label corrected by the convention). Measured on the 2,294 reports (rrg-v5 with the round na rules): 32,111 of 32,116 cells right
    (ab004, bc012, ja016, na005 and na007: a "right / left base density" left unread); before those
    rules and one hand-label correction (na001), commit f260e99, round na (12 reports on past rounds'
    leftovers) had 8 wrong cells of 168. Measured on the 2,282 reports (rrg-v5 with the rounds ma-mc rules): micro / macro F1 1.000 /
    1.000 with positive = 1 and 1.000 / 1.000 with uncertain as positive, 31,945 of 31,948 cells
    right (ab004, bc012, ja016 as below); before those rules and seven hand-label corrections, commit
    917553a, rounds ma-mc (60 long reports of 10-20 sentences, written white-box) had 10 wrong
    cells of 840 (ma 2, mb 6, mc 2 of 280 each): 3 labeler defects ("improving but not resolved
    pneumonia", "the mediastinum is not shifted or widened", "the pleural surfaces are smooth without
    thickening") and 7 hand-label cells corrected by the convention (ma013, mb003, mb004, mc007,
    mc009). Measured on the 2,202 reports (rrg-v5 with the rounds la-ld rules): micro / macro F1 1.000 /
    0.999 with positive = 1 and 1.000 / 1.000 with uncertain as positive, 30,825 of 30,828 cells
    right (ab004, bc012, ja016 as below); on all 2,222 (round le too) 31,105 of 31,108, round le,
    written after the rounds la-ld rules, scoring no wrong cell of 280 at commit 6358fb5; before those rules and two hand-label corrections, commit
    c8230e4, rounds la-ld (written white-box after reading the mention patterns, the device list and
    the section rules) had 12 wrong cells of 1,120 (la 2, lb 2, lc 5, ld 3 of 280 each): 9 labeler
    defects (a numeric cardiothoracic ratio, a bare pigtail, endobronchial valves, headers in capitals
    without a colon, "heart size, mediastinal contours, and hila", a hedged normal mediastinum) and
    3 hand-label cells corrected by the convention (la009, lc016). Measured on the first 2,102 reports (rrg-v5 with the rounds ka-ke rules): micro / macro F1 1.000 /
    0.999 with positive = 1 and 1.000 / 1.000 with uncertain as positive, 29,425 of 29,428 cells
    right (ab004, bc012, ja016 as below); on all 2,122 (round ke too) 29,705 of 29,708; round ke,
    written after the rounds ka-kd rules, scored 2 wrong cells of 280 at commit ca12375 (a character
    hedge read over the atelectasis after the effusion, "the mediastinum shows fullness"); before
    those rules and the hand-label corrections, commit
    54c0ba6, 29,398 of 29,428 (27 wrong cells in rounds ka-kd, written white-box after reading the
    rules: ka 7, kb 10, kc 6, kd 4 of 280 each; 23 labeler defects and 4 hand labels corrected by the
    convention, and a fifth, kd003's No Finding, hidden behind a defect). Measured on the 2,022 reports (rrg-v5 with the rounds ja-je rules): micro / macro F1 1.000 /
    0.999 with positive = 1 and 1.000 / 1.000 with uncertain as positive, 28,305 of 28,308 cells
    right (ab004 and bc012: a nodular opacity explained in the next sentence; ja016: a "right base
    density", left alone because reading it moved IU X-Ray figures; round je, written after the
    rounds ja-jd rules, scored 1 wrong cell of 280 at commit dc2176c: "normal appearance of the heart
    and mediastinum"); on the first 2,002 the same less round je; before the rounds ja-jd rules,
    commit 0349617, 27,940 of 28,028 (0.9969; 86 wrong cells in rounds ja-jd, written white-box
    after reading the rules: ja 25, jb 23, jc 22, jd 16 of 280 each). Measured on the 1,922 reports
    (rrg-v5 with the rounds ia-ie rules): micro / macro F1 1.000 /
    0.999 with positive = 1 and 1.000 / 1.000 with uncertain as positive, every cell right but two
    (ab004 and bc012: a nodular opacity explained in the next sentence; round if, written after the
    rules, scored 2 wrong cells of 280 at commit 22df297, both hand labels corrected by the
    convention: a small heart names no cardiac finding); on the first 1,902 the same; before those rules
    and the hand-label corrections, commit 73e852f, 0.999 / 0.999 and 0.9996 of cells (10 wrong
    cells, 8 of them in rounds ia-ie: a heart or mediastinum "unchanged in appearance, within normal
    limits", heart size that "sits at" the upper limit of normal, "cavitary disease", and 4 hand
    labels corrected by the convention). On the first 1,802 (rrg-v5 with the rounds ha-hf rules)
    the same figures, every cell right but those two; with the rounds ha-he rules
    only, commit 5c36735, 0.9998 of cells on all 1,802 (4 wrong cells, 2 of them in round hf: a heart
    "smaller, though it is still mildly enlarged", an abscess offered after a semicolon); rrg-v5 before the rounds
    ha-he rules and the hand-label correction, commit 59babe3, scores 0.9995 of cells on the first 1,782
    (13 wrong cells, 11 of them in rounds ha-he: a pneumothorax that "has not recurred", air
    gathered in the pleural space after a removal, a nodule that "corresponds to the nipple", a
    resolved nodule "seen on the prior study", lung markings reaching the chest wall, a heart "now
    normal", a mass offered for an enlarged hilum, and 1 hand label corrected by the convention);
    before the rounds ga-gd rules and hand-label corrections, commit f1fdb9c, 0.9996 of cells on the first 1,682 (9
    wrong cells, 7 of them in rounds ga-gd: a fractured sternal wire, metastatic disease offered for
    a pleural finding, and 4 hand labels corrected by the convention); before the rounds
    fa-fd rules, commit c5744ed, scores 0.9987 of cells on all 1,602 (29 wrong cells, 27 of them in
    rounds fa-fd: dictation-split words, "neither ... nor", "nor is there"), before the rounds ea-eg
    rules, commit e2fc250, 0.9986 of cells on the first 1,522 (29 wrong cells, above the floor: the rounds
    ea-eg defects were few and local), before the rounds da-dg rules, commit 267548b, 0.9971 of cells
    on the first 1,377, before the rounds ca-cg rules, commit
    7ec670f, 0.9974 of cells on the first 1,232, and before the rounds ba-bg rules, commit
    b144167, 0.9958 of cells on the first 1,062 (all three below the floor). On the first 301, the labeler before the audit, commit 458edd7,
    scores 0.984 / 0.982 under both conventions and 0.9943 of cells; on the first 581, rrg-v3,
    commit 31c5669, scores 0.9972 of cells; on all 862, rrg-v4, commit 4b879a7, scores 0.9970 of
    cells: all below the floors. The floors leave a margin of a few cells for later convention
    changes."""
    agreement_floor(*hand_labeled("mimic_idiom.jsonl"))


RULE_CASES = [
    # implanted hardware the CheXpert lists count as support devices; ECG leads and surgical clips
    # are not devices there either
    ("Posterior spinal fusion hardware in the thoracic spine. Lungs are clear.",
     {"Support Devices": P, "No Finding": P}),
    ("Right shoulder arthroplasty is partially imaged.", {"Support Devices": P}),
    ("Right shoulder hemiarthroplasty.", {"Support Devices": P}),
    ("Plate and screws transfix the left clavicle.", {"Support Devices": P}),
    ("ECMO cannulas are unchanged in position.", {"Support Devices": P}),
    ("Embolization coils in the left upper quadrant.", {"Support Devices": P}),
    ("Vagal nerve stimulator leads in the left neck.", {"Support Devices": P}),
    ("IVC filter and esophageal temperature probe in place.", {"Support Devices": P}),
    ("External pacing pads overlie the chest.", {"Support Devices": P}),
    ("Left atrial appendage closure device.", {"Support Devices": P}),
    ("Right humeral head prosthesis.", {"Support Devices": P}),
    ("EKG leads overlie the chest. Surgical clips in the right upper quadrant. Lungs are clear.",
     {"Support Devices": M, "No Finding": P}),
    ("Status post median sternotomy with intact wires.", {"Support Devices": P}),
    ("Plate-like atelectasis at the left base.", {"Support Devices": M, "Atelectasis": P}),
    ("Sternotomy wires, one of which is fractured.", {"Support Devices": P, "Fracture": M}),
    # the heart is said to be enlarged after "difficult to assess, but"; a hedge there still hedges
    ("Heart size is difficult to assess but appears enlarged.", {"Cardiomegaly": P}),
    ("The heart is difficult to assess, but enlarged.", {"Cardiomegaly": P}),
    ("Heart size is difficult to assess but is likely enlarged.", {"Cardiomegaly": U}),
    ("Heart size is difficult to assess.", {"Cardiomegaly": M}),
    ("Interval increase in the size of the cardiac silhouette.", {"Cardiomegaly": P}),
    ("No increase in heart size.", {"Cardiomegaly": N}),
    ("Normal size of the cardiac silhouette.", {"Cardiomegaly": N}),
    # chest adenopathy and paratracheal widening widen the mediastinum / hila; adenopathy outside
    # the chest does not
    ("Left hilar fullness may reflect lymphadenopathy.", {"Enlarged Cardiomediastinum": U}),
    ("Axillary lymphadenopathy. The lungs are clear.", {"Enlarged Cardiomediastinum": M, "No Finding": M}),
    ("The right paratracheal stripe is widened.", {"Enlarged Cardiomediastinum": P}),
    ("Prominent hilar contours.", {"Enlarged Cardiomediastinum": P}),
    ("The right hilum is enlarged.", {"Enlarged Cardiomediastinum": P}),
    ("The hila are not enlarged.", {"Enlarged Cardiomediastinum": N}),
    ("Prominent left hilum. Lungs are clear.", {"Enlarged Cardiomediastinum": M, "No Finding": M}),
    ("The mediastinum appears wider than on the prior study.", {"Enlarged Cardiomediastinum": P}),
    ("Normal heart, mediastinal and hilar contours.", {"Enlarged Cardiomediastinum": N, "Cardiomegaly": N}),
    # a bare "mass" explaining a mediastinal finding is that mediastinal mass, not a lung lesion
    ("Widening of the superior mediastinum, concerning for lymphadenopathy or mass.",
     {"Enlarged Cardiomediastinum": P, "Lung Lesion": M}),
    ("Widened mediastinum. Right upper lobe mass.", {"Enlarged Cardiomediastinum": P, "Lung Lesion": P}),
    # a mass seen over the hilum is not yet a lung lesion; what it may represent decides
    ("A 4 cm mass projecting over the right hilum may represent a hilar mass or a central lung mass.",
     {"Lung Lesion": U, "Enlarged Cardiomediastinum": U}),
    # a dilated aorta is abnormal, though none of the 14
    ("The thoracic aorta is mildly dilated. Lungs are clear.", {"No Finding": M, "Enlarged Cardiomediastinum": M}),
    # a nipple-shadow explanation may come later in the sentence
    ("A 9 mm nodular opacity projecting over the right lower lobe on the frontal view only, which may be a nipple shadow.",
     {"Lung Lesion": M, "Lung Opacity": P}),
    # hedges: "maybe", "less likely" after the finding, "poorly / not well evaluated",
    # "would be a consideration"
    ("Maybe due to scarring and/or atelectasis.", {"Atelectasis": U}),
    ("Pneumonia less likely.", {"Pneumonia": U}),
    ("Small effusion is poorly evaluated.", {"Pleural Effusion": U}),
    ("Pneumothorax is not well evaluated on this supine film.", {"Pneumothorax": U}),
    ("Pneumonia would be a consideration in the appropriate clinical setting.", {"Pneumonia": U}),
    ("Pneumothorax cannot be assessed on this supine film.", {"Pneumothorax": U}),
    ("Atelectasis and consolidation cannot be differentiated.", {"Atelectasis": U, "Consolidation": U}),
    ("Paratracheal lymphadenopathy seen on CT is not well appreciated radiographically.",
     {"Enlarged Cardiomediastinum": U}),
    ("A small effusion is not appreciated.", {"Pleural Effusion": N}),
    # "previously questioned" describes the finding; what follows decides
    ("The previously questioned nodule is not seen.", {"Lung Lesion": N}),
    # an apparent pneumothorax explained as a skin fold is none (as "skin fold simulating ...")
    ("Apparent right apical pneumothorax likely represents a skin fold.", {"Pneumothorax": M}),
    ("Consolidation is difficult to assess due to overlying soft tissue.", {"Consolidation": U}),
    ("Pneumonia is unlikely.", {"Pneumonia": N}),
    # fluid that tracks into a fissure is pleural fluid
    ("Fluid tracks into the right minor fissure.", {"Pleural Effusion": P}),
    # abnormal, though none of the 14: No Finding stays off
    ("Bronchial thickening consistent with bronchitis. No effusion.", {"No Finding": M}),
    ("Radiopaque foreign body overlying the left chest. Lungs are clear.", {"No Finding": M}),
    ("Post-radiation changes in the right paramediastinal lung.", {"No Finding": M, "Pneumonia": M}),
    ("Radiation pneumonitis in the right upper lobe.", {"Pneumonia": M, "No Finding": M}),
    ("Aspiration pneumonitis.", {"Pneumonia": P}),
    ("Mild thickening of the minor fissure. No effusion.", {"No Finding": M}),
    ("Mild elevation of pulmonary venous pressure. No pneumonia.", {"No Finding": M, "Edema": M}),
    ("Mild pulmonary congestion. Lungs otherwise clear.", {"No Finding": M, "Edema": M}),
    ("Mild central congestion.", {"No Finding": M, "Edema": M}),
    ("No congestion. Lungs are clear.", {"No Finding": P}),
    ("Indistinctness of the pulmonary vessels. No effusion.", {"No Finding": M, "Edema": M}),
    ("No evidence of elevated pulmonary venous pressure. Lungs are clear.", {"No Finding": P}),
    ("Volume loss in the left hemithorax.", {"No Finding": M}),
    ("The trachea is deviated to the right by a thyroid goiter. Lungs are clear.", {"No Finding": M}),
    ("The trachea is midline. Lungs are clear.", {"No Finding": P}),
    ("Honeycombing at the bases.", {"No Finding": M}),
    ("Dilated esophagus with an air-fluid level.", {"No Finding": M}),
    ("Pleural-based opacity in the right mid lung.", {"Pleural Other": P, "Lung Opacity": M}),
    ("Azygos lobe, a normal variant. Lungs are clear.", {"No Finding": P}),
    ("Lungs are clear. Gaseous distention of the colon in the upper abdomen.", {"No Finding": M}),
    ("Lungs are clear. No dilated loops of bowel.", {"No Finding": P}),
    ("Mild arthropathy of the right shoulder. Lungs are clear.", {"No Finding": M}),
    # what an earlier study showed is not a finding of this one; the next clause says what holds now
    ("Compared to the prior study, which demonstrated a right pneumothorax, there is no pneumothorax.",
     {"Pneumothorax": N}),
    ("Comparison is made to the prior radiograph of ___, which showed a large left pleural effusion.",
     {"Pleural Effusion": M}),
    ("The radiograph demonstrates a large left pleural effusion, which showed no change.", {"Pleural Effusion": P}),
    # "almost / nearly completely resolved" leaves something, as "nearly resolved" does
    ("The pre-existing right basal opacity has almost completely resolved.", {"Lung Opacity": P}),
    ("The right basal opacity has completely resolved.", {"Lung Opacity": N, "No Finding": P}),
    # after a negated list, a comma and a degree or course word start a new, asserted finding (not
    # when a list conjunction follows: then it is one more negated item)
    ("No pneumothorax, small bilateral effusions.", {"Pneumothorax": N, "Pleural Effusion": P}),
    ("No pleural effusion or pneumothorax, mild cardiomegaly.",
     {"Pleural Effusion": N, "Pneumothorax": N, "Cardiomegaly": P}),
    ("There is no pneumothorax, moderate cardiomegaly is unchanged.", {"Pneumothorax": N, "Cardiomegaly": P}),
    ("No pneumothorax, large effusion, or consolidation.",
     {"Pneumothorax": N, "Pleural Effusion": N, "Consolidation": N}),
    ("No pneumothorax, new consolidation, or effusion.",
     {"Pneumothorax": N, "Consolidation": N, "Pleural Effusion": N}),
    # a semicolon ends the clause also without a space after it
    ("No pneumothorax;small left effusion.", {"Pneumothorax": N, "Pleural Effusion": P}),
    # a hedge after a comma explains what was negated before it: the negation does not take it over
    ("The left lower lobe is not well aerated, likely due to atelectasis.", {"Atelectasis": U}),
    ("No findings to suggest pneumonia.", {"Pneumonia": N}),
    # "X is more likely than Y" ranks two possibilities: both uncertain
    ("Atelectasis is more likely than pneumonia.", {"Atelectasis": U, "Pneumonia": U}),
    ("Opacity, atelectasis favored over pneumonia.", {"Lung Opacity": P, "Atelectasis": U, "Pneumonia": U}),
    # the heart said to be enlarged in other words
    ("Enlargement of cardiac silhouette.", {"Cardiomegaly": P}),
    ("Cardiac silhouette enlargement is unchanged.", {"Cardiomegaly": P}),
    ("There is prominence of the cardiac silhouette.", {"Cardiomegaly": P}),
    ("The heart appears larger.", {"Cardiomegaly": P}),
    ("No enlargement of the cardiac silhouette.", {"Cardiomegaly": N}),
    # an organ header is the subject of what follows it; a templated "none" still negates
    ("FINDINGS: HEART: Mildly enlarged. LUNGS: Bibasilar atelectasis. PLEURA: No effusion. SUPPORT DEVICES: None.",
     {"Cardiomegaly": P, "Atelectasis": P, "Pleural Effusion": N, "Support Devices": N}),
    ("Heart: normal size. Mediastinum: widened. Lungs: clear.",
     {"Cardiomegaly": N, "Enlarged Cardiomediastinum": P, "No Finding": M}),
    ("Devices: Right PICC tip in the SVC. Lungs: Clear.", {"Support Devices": P, "No Finding": P}),
    # wet-read abbreviations
    ("Bibasilar atx. Heart size WNL.", {"Atelectasis": P, "Cardiomegaly": N}),
    ("Opacity at R base, atx vs PNA.", {"Lung Opacity": P, "Atelectasis": U, "Pneumonia": U}),
    # an old empyema is none of the 14 (CheXpert's lists do not name empyema): No Finding stays
    ("Pleural calcification from old empyema. Lungs are clear.", {"Pleural Effusion": M}),
]


def test_one_finding_per_line_is_a_list_not_a_soft_wrap():
    """A short line with no end punctuation, then a capitalised line: separate statements, so
    the negation of the first does not reach the second; soft-wrapped text is still joined."""
    listed = "WET READ: ___ 3:10 AM\n  No pneumothorax\n  Moderate cardiomegaly\n"
    row = label([listed])[0]
    assert (row[OBSERVATIONS.index("Pneumothorax")], row[OBSERVATIONS.index("Cardiomegaly")]) == (N, P)
    wrapped = (" FINDINGS:  PA and lateral views of the chest were provided.  There is no focal\n"
               " consolidation, pleural effusion, or pneumothorax.  There is no\n"
               " pulmonary edema.\n")
    row = label([wrapped])[0]
    assert [row[OBSERVATIONS.index(k)] for k in ("Consolidation", "Pleural Effusion", "Pneumothorax", "Edema")] == [N] * 4


def test_word_gates_change_no_label_here(hand_labeled):
    """The new phrases' trigger words cover them: the same labels with the gate off."""
    records, _ = hand_labeled("mimic_idiom.jsonl")
    texts = ([r["report"] for r in records] + [t for t, _ in RULE_CASES + ROUND_AA_CASES + ROUND_BA_CASES
                                                    + ROUND_CA_CASES + ROUND_DA_CASES + ROUND_EA_CASES
                                                    + ROUND_FA_CASES + ROUND_GA_CASES + ROUND_HA_CASES]
             + ["There is neurostimulator."])
    np.testing.assert_array_equal(Labeler(gate=True)(texts), Labeler(gate=False)(texts))



# Rules from rounds aa-am (261 reports written after rrg-v4, labeled before the labeler ran; see
# data/README.md), each in other words than the reports that prompted it
ROUND_AA_CASES = [
    # a modal before the degree still names the heart or mediastinum, and hedges it
    ("The heart may be slightly enlarged.", {"Cardiomegaly": U}),
    ("The cardiac silhouette appears to be enlarged.", {"Cardiomegaly": P}),
    ("The superior mediastinum could be widened, though this may reflect positioning.",
     {"Enlarged Cardiomediastinum": U}),
    ("Unremarkable mediastinal and cardiac contours.",
     {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N, "No Finding": P}),
    # an obstructing lesion is a lung lesion
    ("Collapse of the right middle lobe, possibly due to an obstructing lesion.",
     {"Lung Lesion": U, "Atelectasis": P}),
    # summation of shadows explains a nodule away, and so does "this / it may be ..." after a
    # semicolon; only the explained nodule goes, a nodule left open stays uncertain
    ("Rounded nodular density at the right base which probably reflects summation of overlapping shadows.",
     {"Lung Lesion": M, "Lung Opacity": P}),
    ("Small nodular opacity over the left lower lung; this likely represents a nipple shadow.",
     {"Lung Lesion": M, "Lung Opacity": P}),
    ("Small nodular opacity over the left lower lung; this may be a nipple shadow, though a real nodule is not excluded.",
     {"Lung Lesion": U, "Lung Opacity": P}),
    ("Faint nodular opacity that may be a true nodule or summation of shadows.", {"Lung Lesion": U}),
    ("Nodule in the left upper lobe; it is larger than before.", {"Lung Lesion": P}),
    # "not possible to exclude" is a hedge, not a negation
    ("It is not possible to exclude a small left effusion.", {"Pleural Effusion": U}),
    ("Superimposed infection is not possible to exclude.", {"Pneumonia": U}),
    # a finding named as the leading consideration, or said to look alike, stays in a differential
    ("Multifocal pneumonia is the main consideration.", {"Pneumonia": U}),
    ("Edema could look similar.", {"Edema": U}),
    # re-expansion ends a collapse (a partial one leaves it)
    ("Interval re-expansion of the collapsed right upper lobe.", {"Atelectasis": N, "No Finding": P}),
    ("Partial re-expansion of the collapsed right upper lobe.", {"Atelectasis": P}),
    # the radiograph's limits, said in general, mention no finding; a hedged occult one is one
    ("Early pneumonia may not be visible on a portable radiograph.", {"Pneumonia": M, "No Finding": P}),
    ("Consolidation can be radiographically occult early in the course.", {"Consolidation": M}),
    ("A radiographically occult pneumonia cannot be excluded.", {"Pneumonia": U}),
    # a negated finding whose next clause leaves a small part of it open is uncertain
    ("No definite consolidation, although a small focus cannot be excluded.", {"Consolidation": U}),
    ("No large effusion, though a small one could be present.", {"Pleural Effusion": U}),
    ("No pneumothorax, although the lung apex is partially obscured.", {"Pneumothorax": N}),
    ("No consolidation, though atelectasis cannot be excluded.", {"Consolidation": N, "Atelectasis": U}),
    # lobar volume loss is atelectasis, also after the lobe; basilar volume loss is not lobar
    ("Opacity in the left lower lobe with associated volume loss.", {"Atelectasis": P, "Lung Opacity": P}),
    ("Volume loss at both bases.", {"Atelectasis": M, "No Finding": M}),
    # found while probing the round's themes: "within upper limits of normal" is upper normal;
    # enlarged lymph nodes in the mediastinum or hila are adenopathy (elsewhere they are not);
    # masslike consolidation is mass-like as a masslike opacity is
    ("Heart size is within the upper limits of normal.", {"Cardiomegaly": N}),
    ("Enlarged right paratracheal lymph node.", {"Enlarged Cardiomediastinum": P}),
    ("Subcarinal lymph nodes are mildly enlarged.", {"Enlarged Cardiomediastinum": P}),
    ("Hilar lymph nodes are not enlarged.", {"Enlarged Cardiomediastinum": N}),
    ("Enlarged axillary lymph nodes.", {"Enlarged Cardiomediastinum": M}),
    ("Masslike consolidation in the left upper lobe.", {"Lung Lesion": P, "Consolidation": P}),
    # round ak (written after the rules above): normal contours named in any order, "within upper
    # limits of normal" for the mediastinum too, and a relative clause that puts its finding on an
    # earlier study ("which was X on the prior film / on ___") reports nothing about this one
    ("Normal cardiac and mediastinal contours.", {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N}),
    ("Unremarkable hilar, cardiac and mediastinal silhouettes.",
     {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N}),
    ("Mediastinal contours are within the upper limits of normal.", {"Enlarged Cardiomediastinum": N}),
    ("The left lower lobe has re-expanded since the bronchoscopy, which was collapsed on the prior film.",
     {"Atelectasis": M}),
    ("Re-expansion of the right upper lobe, which was collapsed on ___.", {"Atelectasis": M, "No Finding": P}),
    ("Left lower lobe atelectasis, which was also present on the prior study.", {"Atelectasis": P}),
    # round al: a heart "difficult to assess and may be enlarged" (as after "but"); a list-scoped
    # hedge such as "difficult to assess" does not reach a new statement joined by "and there is"
    ("The heart is hard to evaluate on this portable view and could be slightly enlarged.",
     {"Cardiomegaly": U}),
    ("Heart size is difficult to assess and is probably normal.", {"Cardiomegaly": N}),
    ("It is difficult to assess the heart size and there is a trace right effusion.",
     {"Pleural Effusion": P}),
    ("Differential diagnosis includes edema, atypical infection, and aspiration.",
     {"Edema": U, "Pneumonia": U}),
    # round am: "indeterminate" judges what a seen opacity or nodule is, not whether it is there
    # (as "of uncertain significance" does); elsewhere it still hedges
    ("A 9 mm nodule in the left upper lobe is indeterminate.", {"Lung Lesion": P}),
    ("Indeterminate opacity projecting over the spine on the lateral view.", {"Lung Opacity": P}),
    ("Findings are indeterminate for pneumonia.", {"Pneumonia": U}),
    ("Indeterminate small left effusion.", {"Pleural Effusion": U}),
    # enlarged lymph nodes outside the chest contours are an abnormality outside the 14 (as
    # axillary adenopathy already was): not a normal study; denied ones leave it normal
    ("Enlarged left axillary lymph nodes. The lungs are clear.",
     {"No Finding": M, "Enlarged Cardiomediastinum": M}),
    ("Lymph nodes in the right axilla are mildly enlarged. No pleural effusion.",
     {"No Finding": M, "Pleural Effusion": N}),
    ("No enlarged lymph nodes. The lungs are clear.", {"No Finding": P}),
]

# Rules from rounds ba-bf (180 reports in voices the set lacked, labeled before the labeler ran; see
# data/README.md), each in other words than the reports that prompted it
ROUND_BA_CASES = [
    # a predicate put before its subject is read as if it followed it
    ("Also not excluded is a trace right effusion.", {"Pleural Effusion": U}),
    ("Not identified is a pneumothorax.", {"Pneumothorax": N}),
    ("Questionable is a small focus of consolidation at the left base.", {"Consolidation": U}),
    ("Less likely is a developing infection.", {"Pneumonia": U}),
    ("Unremarkable is the heart size.", {"Cardiomegaly": N}),
    ("Seen again is a right upper lobe nodule.", {"Lung Lesion": P}),
    # misspelt finding words (one letter swapped, added or dropped) and "without" glued on
    ("Small right pleural effuison.", {"Pleural Effusion": P}),
    ("Right lower lobe pneumoina.", {"Pneumonia": P}),
    ("The mediastnum is widened.", {"Enlarged Cardiomediastinum": P}),
    ("The hearrt is enlarged.", {"Cardiomegaly": P}),
    ("A 1 cm noduule in the right upper lobe.", {"Lung Lesion": P}),
    ("Two pulmonary nodules, unchanged.", {"Lung Lesion": P}),
    ("Clear lungs withoutconsolidation or effusion.", {"Consolidation": N, "Pleural Effusion": N}),
    # British and Indian wording: infective, hila, a broad or central mediastinum, shadowing,
    # obliterated angles, "s/o", "nml"
    ("Right basal consolidation, probably infective.", {"Consolidation": P, "Pneumonia": U}),
    ("The hila appear unremarkable.", {"Enlarged Cardiomediastinum": N}),
    ("Both hila are normal in size.", {"Enlarged Cardiomediastinum": N}),
    ("The mediastinum is midline and not widened.", {"Enlarged Cardiomediastinum": N}),
    ("The upper mediastinum is broadened.", {"Enlarged Cardiomediastinum": P}),
    ("Patchy shadowing in the left lower zone.", {"Lung Opacity": P}),
    ("Soft tissue shadowing over the right base.", {"Lung Opacity": M}),
    ("Accentuated broncho-vascular markings at both bases.", {"Lung Opacity": P}),
    ("No focal lung lesion is seen.", {"Lung Lesion": N}),
    ("The left costophrenic angle is obliterated.", {"Pleural Effusion": P}),
    ("Obliteration of the right CP angle.", {"Pleural Effusion": P}),
    ("CP angles: sharp.", {"Pleural Effusion": N}),
    ("Heart nml size.", {"Cardiomegaly": N}),
    ("Right basal opacity s/o consolidation.", {"Consolidation": U, "Lung Opacity": P}),
    # a negation does not reach past "after" / "following" (the device there was placed)
    ("Pneumothorax is no longer seen after chest tube insertion.",
     {"Pneumothorax": N, "Support Devices": P}),
    ("No effusion following pigtail catheter placement.", {"Pleural Effusion": N, "Support Devices": P}),
    # round bg (written after the rules above): lobar volume loss after the lobe's finding
    ("Left lower lobe consolidation with mild volume loss, perhaps partly atelectasis.",
     {"Atelectasis": P, "Consolidation": P}),
    ("Left upper zone opacity with volume loss.", {"Atelectasis": M, "Lung Opacity": P}),
]


# Rules from rounds ca-cf (150 reports: sign-off boilerplate, organ-line templates, differentials,
# post-surgical chests, device tips, chronic disease, trauma, pediatric; labeled before the labeler
# ran, see data/README.md), each in other words than the reports that prompted it
ROUND_CA_CASES = [
    # two organs joined by "/", "&" or "and" in a template header keep their subject
    ("Heart/mediastinum: Within normal limits. Lungs/pleura: Clear.",
     {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N, "No Finding": P}),
    ("Heart & mediastinum: Unremarkable.", {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N}),
    ("Heart and mediastinum: Cardiomegaly. Bones/soft tissues: Unremarkable.", {"Cardiomegaly": P}),
    ("Lungs/pleura: Small right effusion.", {"Pleural Effusion": P}),
    # the heart first in a list of normal organs; normal hilar contours; the upper range of normal
    ("The heart, hila and mediastinum are within normal limits.",
     {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N}),
    ("Heart, lungs, and mediastinum are normal.", {"Cardiomegaly": N}),
    ("The hilar contours are unremarkable.", {"Enlarged Cardiomediastinum": N, "No Finding": P}),
    ("Normal hilar contours.", {"Enlarged Cardiomediastinum": N}),
    ("Heart size is at the high end of normal.", {"Cardiomegaly": N}),
    ("The cardiac silhouette is within the upper range of normal.", {"Cardiomegaly": N}),
    # a child's cardiothymic silhouette is the cardiomediastinal silhouette
    ("The cardiothymic silhouette is normal for age.", {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N}),
    ("Cardiothymic silhouette enlarged.", {"Cardiomegaly": P, "Enlarged Cardiomediastinum": P}),
    # a nodule explained, as an aside, as possibly a nipple shadow or overlapping vessel is no lesion;
    # one explained as a granuloma is still a nodule
    ("Nodular density at the left base, possibly a nipple shadow.", {"Lung Lesion": M, "Lung Opacity": P}),
    ("A 6 mm nodule, perhaps an overlapping vessel.", {"Lung Lesion": M}),
    ("Small nodule in the left upper lobe, possibly a granuloma.", {"Lung Lesion": P}),
    # an abscess named beside a cavity or other lung finding is a lung abscess (Pneumonia); one
    # elsewhere is not, and is an abnormality outside the 14
    ("Cavity in the right lower lobe, which may be an abscess.", {"Pneumonia": U}),
    ("Thick-walled cavitary nodule, concerning for abscess or necrotic tumor.",
     {"Pneumonia": U, "Lung Lesion": P}),
    ("Subphrenic abscess below the left hemidiaphragm. Lungs are clear.", {"Pneumonia": M, "No Finding": M}),
    ("Chest wall abscess. Clear lungs.", {"Pneumonia": M, "No Finding": M}),
    # valve replacements in the plural or after a list of valves are devices
    ("Aortic and mitral valve replacements.", {"Support Devices": P}),
    ("Prior tricuspid and pulmonic valve replacements, unchanged.", {"Support Devices": P}),
    # "R IJ" / "left IJ" written alone is the IJ line (the IJ vein is not)
    ("L IJ terminates in the brachiocephalic vein.", {"Support Devices": P}),
    ("Right IJ removed.", {"Support Devices": N}),
    ("The left IJ vein is distended.", {"Support Devices": M}),
    # fluid in a costophrenic angle, sulcus or recess is pleural fluid
    ("Trace fluid in the left costophrenic angle.", {"Pleural Effusion": P}),
    ("No fluid in the costophrenic recesses.", {"Pleural Effusion": N}),
    # an oesophageal resection with its conduit, and a limited lung resection, are other
    # abnormalities (as a lobectomy is): not a normal study
    ("Status post esophagectomy with gastric pull-through. Lungs are clear.", {"No Finding": M}),
    ("Right upper lobe wedge resection. No pleural effusion.", {"No Finding": M}),
    ("Neoesophagus in the right chest. No pneumonia.", {"No Finding": M, "Pneumonia": N}),
    # "an alternative / another possible explanation" keeps a finding in a differential; a
    # circumstance ("in the setting of ...") between a finding and its cue does not count toward the
    # cue's reach; what a finding would explain is asserted
    ("Pneumonia is favored; edema is an alternative explanation.", {"Edema": U, "Pneumonia": U}),
    ("The opacity likely reflects atelectasis; aspiration would be another possible explanation.",
     {"Lung Opacity": P, "Atelectasis": U, "Pneumonia": U}),
    ("Effusion in the setting of recent cardiac surgery is suspected.", {"Pleural Effusion": U}),
    ("Atelectasis in the setting of poor inspiratory effort is likely present.", {"Atelectasis": U}),
    ("Scarring is a possible explanation for the linear opacity.", {"Lung Opacity": P}),
    # round cg (written after the rules above): "X as an alternative explanation / another
    # possibility" with no verb; the heart and lungs joined in a header
    ("Patchy right basilar opacity, likely atelectasis, with aspiration as another possibility.",
     {"Lung Opacity": P, "Atelectasis": U, "Pneumonia": U}),
    ("Right lower lobe pneumonia, with effusion as an associated finding.",
     {"Pneumonia": P, "Pleural Effusion": P}),
    ("Heart and lungs: Normal.", {"Cardiomegaly": N, "No Finding": P}),
    ("Lungs/heart: Clear lungs. Enlarged heart.", {"Cardiomegaly": P}),
]


# rounds da-de (negation and uncertainty vocabulary, the hard labels, European and translated
# English, long ICU reports; labeled before the labeler ran, see data/README.md), each rule in other
# words than the reports that prompted it
ROUND_DA_CASES = [
    # "devoid of", "lacks" negate as "free of" does
    ("The lungs are devoid of any focal opacity.", {"Lung Opacity": N, "No Finding": P}),
    ("The right lung lacks consolidation. Patchy left basilar atelectasis.",
     {"Consolidation": N, "Atelectasis": P}),
    # "doubtful" is the reader's call that a finding is absent, as "unlikely" is, also with no verb;
    # "less likely" still ranks a finding in a differential
    ("An infectious process is doubtful given the rapid change.", {"Pneumonia": N}),
    ("Edema doubtful. Small bilateral effusions.", {"Edema": N, "Pleural Effusion": P}),
    ("Small apical pneumothorax unlikely; this is a skin fold.", {"Pneumothorax": N}),
    ("Pneumonia less likely.", {"Pneumonia": U}),
    # "indistinguishable" keeps a finding in a differential
    ("Hemorrhage would be indistinguishable from pulmonary edema on this film.", {"Edema": U}),
    ("Superimposed pneumonia is radiographically indistinguishable.", {"Pneumonia": U}),
    # "likely but not definitely" hedges; it does not negate, and "but" there ends no clause
    ("Tiny left effusion, probably but not definitely present.", {"Pleural Effusion": U}),
    ("The retrocardiac opacity is likely but not certainly atelectasis.",
     {"Lung Opacity": P, "Atelectasis": U}),
    # a dash introduces an explanation, as a comma does: the cue after it judges the explanation
    ("Right basilar opacity - pneumonia?", {"Lung Opacity": P, "Pneumonia": U}),
    ("Retrocardiac density -- collapse versus consolidation.",
     {"Lung Opacity": P, "Atelectasis": U, "Consolidation": U}),
    # an aside saying where a finding was raised before does not keep its cue from it
    ("The right apical pneumothorax, suggested on the outside CT, is not visualized.", {"Pneumothorax": N}),
    ("The nodule, reported on the prior chest CT, is not seen.", {"Lung Lesion": N}),
    # ... or when it was there ("seen after the biopsy", "evident following line placement": found
    # in review after round eg)
    ("Small left pneumothorax, seen after the biopsy, has resolved.", {"Pneumothorax": N}),
    ("The right effusion, evident following thoracentesis, is no longer seen.", {"Pleural Effusion": N}),
    ("The right effusion, evident following thoracentesis, is unchanged.", {"Pleural Effusion": P}),
    # a collapse that "has re-expanded" is gone (a partial re-expansion leaves it)
    ("The collapsed right upper lobe has re-expanded.", {"Atelectasis": N}),
    ("Left lower lobe collapse has now fully re-expanded.", {"Atelectasis": N}),
    ("Left lower lobe collapse has partially re-expanded.", {"Atelectasis": P}),
    # European wording: costophrenic sinuses are the angles, "free" angles and pleural spaces
    # "clear of fluid" are no effusion, the cardiothoracic index is the ratio, hila "of vascular /
    # normal appearance" and an organ "without alterations" are normal, a "nodular image" is a nodule,
    # osteosynthesis material is hardware
    ("Both costophrenic sinuses are clear.", {"Pleural Effusion": N}),
    ("Free costophrenic angles. Clear lungs.", {"Pleural Effusion": N, "No Finding": P}),
    ("Blunting of the right costophrenic sinus.", {"Pleural Effusion": P}),
    ("The pleural spaces are clear of fluid.", {"Pleural Effusion": N}),
    ("Cardiothoracic index is increased.", {"Cardiomegaly": P}),
    ("The cardiothoracic index is normal.", {"Cardiomegaly": N}),
    ("Both hila are of vascular appearance.", {"Enlarged Cardiomediastinum": N}),
    ("Hilar regions of normal size and configuration.", {"Enlarged Cardiomediastinum": N}),
    ("Mediastinum without alterations. Heart: no alterations.",
     {"Enlarged Cardiomediastinum": N, "Cardiomegaly": N}),
    ("Rounded nodular image in the left lower field.", {"Lung Lesion": P}),
    ("Osteosynthesis plates in the right humerus.", {"Support Devices": P}),
    # an obstructing lesion with its site between ("obstructing endobronchial lesion")
    ("Right upper lobe collapse, possibly from an obstructing endobronchial lesion.",
     {"Atelectasis": P, "Lung Lesion": U}),
    # a pleural-based opacity placed in a lobe is a lung opacity as well (along the chest wall it
    # stays pleural)
    ("Pleural-based opacity in the left lower lobe, likely rounded atelectasis.",
     {"Lung Opacity": P, "Pleural Other": P, "Atelectasis": U}),
    ("Pleural-based opacity along the right lateral chest wall.", {"Lung Opacity": M, "Pleural Other": P}),
    # round dg (written after the rules above): free costophrenic recesses and pleural sinuses; a
    # finding "not confirmed" on this study is not seen
    ("The costophrenic recesses are free.", {"Pleural Effusion": N}),
    ("Pleural sinuses free bilaterally.", {"Pleural Effusion": N}),
    ("A 7 mm nodule is not confirmed on the lateral view.", {"Lung Lesion": N}),
    # "has since" is an adverb of time, not the conjunction "since" that ends a clause: "the
    # effusion has since resolved" reads "has resolved" (it was read as a positive effusion)
    ("The small left effusion has since resolved.", {"Pleural Effusion": N, "No Finding": P}),
    ("The left lower lobe collapse has since re-expanded.", {"Atelectasis": N}),
    ("Right basilar opacity has now since cleared, and the lungs are clear.", {"Lung Opacity": N}),
    ("The effusion has increased since the prior study.", {"Pleural Effusion": P}),
    ("No pneumothorax since removal of the chest tube.", {"Pneumothorax": N}),
]


ROUND_EA_CASES = [
    # a parenthesised aside between a finding and its cue neither counts toward the cue's reach nor
    # blocks it, and a number closing it ("45)") is no list number that ends the sentence
    ("The 9 mm right lower lobe nodule (CT series 3, image 88) is no longer visualized.",
     {"Lung Lesion": N}),
    ("Left apical pneumothorax (arrowhead, about 12 mm) is likely present.", {"Pneumothorax": U}),
    ("Small left effusion (lateral view only) is not excluded.", {"Pleural Effusion": U}),
    # a removal after "after" / "following" is the event, not the finding's end
    ("The right pneumothorax is smaller following removal of the apical chest tube.",
     {"Pneumothorax": P, "Support Devices": N}),
    ("Left effusion is decreased after removal of 900 mL of fluid.", {"Pleural Effusion": P}),
    ("The pneumothorax has resolved after removal of the chest tube.",
     {"Pneumothorax": N, "Support Devices": N}),
    # "fails / failed to demonstrate, show, reveal" negates
    ("The lateral view fails to show any effusion.", {"Pleural Effusion": N}),
    ("Today's film failed to demonstrate the previously described nodule.", {"Lung Lesion": N}),
    # a mediastinum given in centimetres and then called widened
    ("The superior mediastinum measures 9 cm in width, wider than before.",
     {"Enlarged Cardiomediastinum": P}),
    ("Mediastinal width of 7.5 cm, enlarged since the trauma film.", {"Enlarged Cardiomediastinum": P}),
    ("Mediastinum 6 cm wide, not widened.", {"Enlarged Cardiomediastinum": N}),
    # pleural-based thickening, calcification, plaque are pleural, as "pleural thickening" is
    ("Pleural-based calcification along the left hemidiaphragm.", {"Pleural Other": P}),
    ("Pleural based thickening at both apices, unchanged.", {"Pleural Other": P}),
    ("No pleural-based thickening.", {"Pleural Other": N}),
    # "no pleural abnormality" denies Pleural Other and names no effusion (the ee003 correction)
    ("No pleural abnormality.", {"Pleural Other": N, "Pleural Effusion": M}),
    # volume loss that goes with scarring is the scar's, not atelectasis (the ee024 correction)
    ("Left upper lobe scarring with volume loss, unchanged.", {"Atelectasis": M, "No Finding": M}),
    # a question in a history line is no finding of this study
    ("HISTORY: Smoker with cough. Question pneumonia. The lungs are clear.",
     {"Pneumonia": M, "No Finding": P}),
]


ROUND_FA_CASES = [
    # finding words split in two by speech recognition (the second half is no English word)
    ("Moderate cardio megaly, stable.", {"Cardiomegaly": P}),
    ("No pneumo thoraces after the procedure.", {"Pneumothorax": N}),
    ("Linear at lectasis in the lingula.", {"Atelectasis": P}),
    ("Right middle lobe a lectasis versus scarring.", {"Atelectasis": U}),
    ("The superior medial stinum is not widened.", {"Enlarged Cardiomediastinum": N}),
    ("Findings could represent new monia in the left base.", {"Pneumonia": U}),
    ("Right arm pic line ends in the distal SVC.", {"Support Devices": P}),
    ("The medial left lung base is clear. New atelectasis on the right.",
     {"Enlarged Cardiomediastinum": M, "Pneumonia": M, "Atelectasis": P}),
    # "neither A nor B is P" denies P of both; "neither base shows X" denies X
    ("Neither the cardiac silhouette nor the mediastinum is widened.", {"Enlarged Cardiomediastinum": N}),
    ("Neither heart nor hila appear enlarged.", {"Cardiomegaly": N}),
    ("Neither base shows any consolidation or effusion.", {"Consolidation": N, "Pleural Effusion": N}),
    # "nor is / was there (any)" negates
    ("The heart is not enlarged, nor is there an effusion.", {"Cardiomegaly": N, "Pleural Effusion": N}),
    ("No edema, nor was there any pneumothorax after the procedure.", {"Edema": N, "Pneumothorax": N}),
    # an adverb set off by commas between subject and verb does not hide the finding
    ("Lungs are clear. The heart, however, is enlarged.", {"Cardiomegaly": P}),
    ("No edema. The left effusion, though, has increased.", {"Pleural Effusion": P, "Edema": N}),
    ("No effusion, however, a small pneumothorax is seen.", {"Pleural Effusion": N, "Pneumothorax": P}),
    # "Lines ok / as before / in satisfactory position" as a sentence keeps the devices
    ("Lungs clear. Lines in satisfactory position.", {"Support Devices": P}),
    ("Lines okay, no pneumothorax.", {"Support Devices": P, "Pneumothorax": N}),
    ("Kerley B lines unchanged.", {"Support Devices": M}),
    # a lucency explained as a skin fold or artifact is no abnormality
    ("The left apical lucency represents a skin fold. Lungs clear.", {"No Finding": P, "Pneumothorax": M}),
    ("Lucency at the right base, possibly a cavity.", {"No Finding": M}),
]


ROUND_GA_CASES = [
    # a wire, lead or screw "the Nth / uppermost of which is fractured" is a device, not a bone
    ("Sternotomy wires, the second of which is broken, as before. Clear lungs.",
     {"Fracture": M, "Support Devices": P, "No Finding": P}),
    ("Pacer leads, the lower of which appears fractured near the generator.", {"Fracture": M}),
    ("Sternal wires intact. Left seventh rib fracture, the lower end of which is displaced.", {"Fracture": P}),
    # metastatic disease offered for a pleural finding is no lung lesion; pleural nodularity is pleural
    ("Right pleural nodularity, worrisome for metastatic disease.",
     {"Lung Lesion": M, "Pleural Other": P, "No Finding": M}),
    ("Enlarging left pleural-based masses, in keeping with metastatic disease.",
     {"Lung Lesion": M, "Pleural Other": P}),
    ("No pleural nodularity.", {"Pleural Other": N}),
    ("New right lung nodules, concerning for metastatic disease.", {"Lung Lesion": P}),
]


ROUND_HA_CASES = [
    # a heart or cardiac silhouette that has come down to normal size: "..., now normal"
    ("The cardiac silhouette has decreased in size and is now within normal limits.", {"Cardiomegaly": N}),
    ("Heart size has decreased since the pericardiocentesis, now normal.", {"Cardiomegaly": N}),
    ("The heart remains enlarged, now moderately so.", {"Cardiomegaly": P}),
    # a mass offered for an enlarged hilum is that hilar mass, not a lung lesion; a lobe's mass is
    ("The left hilum is enlarged, possibly adenopathy or a centrally located mass.",
     {"Enlarged Cardiomediastinum": P, "Lung Lesion": M}),
    ("Right hilar adenopathy and a 2 cm mass in the right upper lobe.",
     {"Enlarged Cardiomediastinum": P, "Lung Lesion": P}),
    # a nodule that corresponds to the nipple is explained away; so, since round nd, is the density
    # itself (a correspondence confirmed on a marker view names nothing, the data README's
    # convention; one only explained as a possible nipple shadow stays an opacity)
    ("The small nodular density at the left base corresponds to the nipple on the marker view.",
     {"Lung Lesion": M, "Lung Opacity": M, "No Finding": P}),
    ("A right basilar nodule corresponded to the nipple on the repeat view. Clear lungs.",
     {"Lung Lesion": M, "No Finding": P}),
    ("A 9 mm nodule in the right upper lobe, dense but not calcified on the corresponding rib views.",
     {"Lung Lesion": P}),
    # lung markings that reach the chest wall are normal lung, not an abnormality
    ("Lung markings are traced to the chest wall on the right. No pneumothorax.",
     {"Pneumothorax": N, "No Finding": P}),
    ("Normal bronchovascular markings. Heart size normal.", {"Cardiomegaly": N, "No Finding": P}),
    ("Pulmonary markings reach the pleural surface at the right apex.", {"No Finding": P}),
    ("Coarse interstitial markings at both bases.", {"Lung Opacity": P, "No Finding": M}),
    # air gathered in the pleural space is a pneumothorax
    ("A little air has collected within the right pleural space since the last film.",
     {"Pneumothorax": P}),
    # a finding that has not come back is absent
    ("The right apical pneumothorax has not returned.", {"Pneumothorax": N}),
    ("The left effusion has not reaccumulated since the thoracentesis.", {"Pleural Effusion": N}),
    ("The left pneumothorax has not resolved.", {"Pneumothorax": P}),
    # "has not increased / enlarged" is a course statement: the finding is still there
    ("The left apical pneumothorax noted on the morning film has not increased.", {"Pneumothorax": P}),
    ("The right upper lobe nodule has not enlarged over two years.", {"Lung Lesion": P}),
    ("Heart size has not increased.", {"Cardiomegaly": N}),
    ("The pneumothorax has not been seen since the tube was placed.", {"Pneumothorax": N}),
    # a removal after "after / following / since" is the device's even with its name before it
    ("Slightly larger left pneumothorax following pigtail catheter removal.", {"Pneumothorax": P}),
    # a verb cue that ends its clause does not reach the next one
    ("After the chest tube was removed, a small pneumothorax developed at the apex.",
     {"Pneumothorax": P, "Support Devices": N}),
    ("Once the effusion had cleared, a right lower lobe opacity became apparent.",
     {"Pleural Effusion": N, "Lung Opacity": P}),
    # an aside naming the study a finding was seen on does not count toward the cue's reach
    ("The patchy opacity in the right lower lobe seen on the admission film is no longer present.",
     {"Lung Opacity": N}),
    ("The small left effusion described on the prior examination of ___ has resolved.",
     {"Pleural Effusion": N}),
    # round hf: a heart that has come down "but / though it remains enlarged" is still enlarged
    ("Cardiac silhouette is smaller since the diuresis, although still mildly enlarged.",
     {"Cardiomegaly": P}),
    ("The heart has decreased in size but remains moderately enlarged.", {"Cardiomegaly": P}),
    ("Heart size is normal, but the aorta is enlarged.", {"Cardiomegaly": N}),
    # an abscess offered after a semicolon for the cavity or mass just described is a lung abscess
    ("Thick-walled cavity in the left upper lobe; an abscess is the leading consideration.",
     {"Pneumonia": U}),
    ("The lungs are clear; a hepatic abscess is again noted.", {"Pneumonia": M}),
]

ROUND_IA_CASES = [
    # a course phrase ("unchanged / stable in appearance, size or contour,") between the heart or
    # mediastinum and its state does not hide the state; "sits / lies at the upper limit of normal"
    ("The cardiac silhouette is unchanged in size, within normal limits.", {"Cardiomegaly": N}),
    ("Heart and mediastinum are stable in contour and normal.",
     {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N}),
    ("Heart size lies at the upper limit of normal.", {"Cardiomegaly": N}),
    ("The heart is stable in appearance and mildly enlarged.", {"Cardiomegaly": P, "No Finding": M}),
    ("The heart remains enlarged, unchanged in size.", {"Cardiomegaly": P}),
    # cavitary disease is a lung lesion, as cavitation is
    ("No cavitary disease or nodules in the upper lobes.", {"Lung Lesion": N}),
    ("Cavitary disease in the right apex is unchanged.", {"Lung Lesion": P}),
]

ROUND_JA_CASES = [
    # mention gaps (round ja): a hilum's enlargement (not its prominence, another abnormality), heart
    # chambers, "within the normal range", "of normal width", "normal appearance of", nodularity,
    # metastases in the lungs, coarsened or accentuated markings, septal lines at both bases,
    # hyphenated air-bronchograms, superinfection, loss of volume in a lobe, apical capping, a
    # thickened pleura, callus at a named bone, ports, Permacaths, annuloplasty rings, a bare "trach",
    # layering fluid and an air-fluid level in the pleural space
    ("Enlargement of the left hilum, new since the last film.", {"Enlarged Cardiomediastinum": P}),
    ("Prominence of the left hilum, new since the last film.", {"Enlarged Cardiomediastinum": M}),
    ("The superior mediastinum is of normal caliber.", {"Enlarged Cardiomediastinum": N}),
    ("Unremarkable appearance of the mediastinal contours.", {"Enlarged Cardiomediastinum": N}),
    ("Dilated right ventricle.", {"Cardiomegaly": P}),
    ("The left atrium appears mildly enlarged.", {"Cardiomegaly": P}),
    ("Cardiac size is within the normal range.", {"Cardiomegaly": N}),
    ("Normal appearance of the heart.", {"Cardiomegaly": N}),
    # round je: the heart and mediastinum together
    ("Unremarkable appearance of the cardiac silhouette and mediastinum.",
     {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N, "No Finding": P}),
    ("Subtle nodularity at the left apex.", {"Lung Lesion": P}),
    ("Pleural nodularity along the right lateral chest wall.", {"Lung Lesion": M, "Pleural Other": P}),
    ("Multiple metastases throughout the left lung.", {"Lung Lesion": P}),
    ("Osseous metastatic deposits in the spine.", {"Lung Lesion": M}),
    ("Accentuation of the lung markings at both bases.", {"Lung Opacity": P}),
    ("Coarsened perihilar interstitial markings.", {"Lung Opacity": P}),
    ("Septal lines are present at the lung bases.", {"Edema": P}),
    ("No septal lines in the lung bases.", {"Edema": N}),
    ("A few septal lines along the left lateral sulcus.", {"Edema": M}),
    ("Lingular opacity containing air-bronchograms.", {"Consolidation": P, "Lung Opacity": P}),
    ("Findings suggest bacterial superinfection.", {"Pneumonia": U}),
    ("Loss of volume of the right upper lobe.", {"Atelectasis": P}),
    ("Right middle lobe loss of volume.", {"Atelectasis": P}),
    ("Bilateral apical capping.", {"Pleural Other": P}),
    ("The pleura is thickened along the right lateral chest wall.", {"Pleural Other": P}),
    ("Fracture callus along the right clavicle.", {"Fracture": P}),
    ("Callus formation is seen about the posterior left ninth rib.", {"Fracture": P}),
    ("Right chest wall port in place.", {"Support Devices": P}),
    ("Tunneled Permacath ends in the right atrium.", {"Support Devices": P, "Cardiomegaly": M}),
    ("Mitral annuloplasty band.", {"Support Devices": P}),
    ("Trach in good position.", {"Support Devices": P}),
    ("Fluid layering dependently within the left hemithorax.", {"Pleural Effusion": P}),
    ("Air-fluid level within the left pleural space.", {"Pleural Effusion": P, "Pneumothorax": P}),
    # cues (round jb): any adverb in "cannot be ... excluded / ruled out" hedges; "no more than"
    # caps an amount; "and only / minimal / trace ..." starts a new statement; "with or without"
    # hedges; a negation reaches along a long list of short items; "has disappeared" and
    # "disappearance of" negate; "does not appear / seem / look / show"; ", and unchanged ..."
    # ends a hedge's reach
    ("A small pneumothorax cannot be confidently ruled out.", {"Pneumothorax": U}),
    ("Subtle consolidation could not be reliably excluded.", {"Consolidation": U}),
    ("Mild edema has not been excluded.", {"Edema": U}),
    ("No more than a trace left effusion.", {"Pleural Effusion": P}),
    ("No pneumothorax and minimal residual atelectasis.", {"Pneumothorax": N, "Atelectasis": P}),
    ("There is no edema and only trace pleural fluid.", {"Edema": N, "Pleural Effusion": P}),
    ("Basilar atelectasis with or without superimposed pneumonia.", {"Atelectasis": P, "Pneumonia": U}),
    ("No pleural effusion, pneumothorax, focal airspace consolidation, interstitial pulmonary edema, "
     "widened mediastinum, or acute displaced rib fracture.",
     {"Pleural Effusion": N, "Enlarged Cardiomediastinum": N, "Fracture": N, "No Finding": P}),
    ("The right apical pneumothorax has disappeared.", {"Pneumothorax": N}),
    ("The opacity has largely disappeared.", {"Lung Opacity": P}),
    ("Disappearance of the left effusion.", {"Pleural Effusion": N}),
    ("The cardiac silhouette does not seem to be enlarged.", {"Cardiomegaly": N}),
    ("The hila do not appear enlarged.", {"Enlarged Cardiomediastinum": N}),
    ("The frontal view does not show a pneumothorax.", {"Pneumothorax": N}),
    ("Questionable small left effusion, and unchanged moderate cardiomegaly.",
     {"Pleural Effusion": U, "Cardiomegaly": P}),
    # sections (round jc): radiography's sensitivity for nodules names no nodule
    ("Chest radiography is insensitive for small lung nodules.", {"Lung Lesion": M}),
    # course and devices (round jd): "returned to normal / normalized"; "status post" and "post"
    # end a negation's reach; "no persistent X" negates X; "no interval growth / enlargement of X"
    # is about X's size; "discontinued" removes a device
    ("Heart size has returned to normal after diuresis.", {"Cardiomegaly": N}),
    ("The mediastinum has normalized in width since surgery.", {"Enlarged Cardiomediastinum": N}),
    ("No pneumothorax status post left PICC placement.", {"Pneumothorax": N, "Support Devices": P}),
    ("No pneumothorax post chest tube insertion.", {"Pneumothorax": N, "Support Devices": P}),
    ("No persistent effusion on the left.", {"Pleural Effusion": N}),
    ("No interval growth of the left lower lobe nodule.", {"Lung Lesion": P}),
    ("No interval enlargement of the lingular mass.", {"Lung Lesion": P}),
    ("No new or enlarging nodules.", {"Lung Lesion": N}),
    ("The left chest tube was discontinued this morning.", {"Support Devices": N}),
    ("Discontinuation of the right IJ catheter.", {"Support Devices": N}),
]

ROUND_KA_CASES = [
    # hedges about an asserted finding's change, character or size (round ka): "possible slight
    # decrease in X", "possibly loculated X", "a small, possibly moderate, X" leave X there; "likely
    # layering" and "likely chronic" still hedge the finding
    ("Questionable slight decrease in the small left apical pneumothorax.", {"Pneumothorax": P}),
    ("Possible mild worsening of the known right lower lobe consolidation.", {"Consolidation": P}),
    ("Possible new right lower lobe consolidation.", {"Consolidation": U}),
    ("A moderate, possibly loculated, left pleural effusion.", {"Pleural Effusion": P}),
    ("Probably loculated moderate right pleural effusion.", {"Pleural Effusion": P}),
    ("A small, possibly moderate, right effusion is seen.", {"Pleural Effusion": P}),
    # round ke: the character hedge hedges no finding after it either
    ("A large, presumably loculated, right effusion with compressive atelectasis.",
     {"Pleural Effusion": P, "Atelectasis": P}),
    ("Likely layering left pleural effusion.", {"Pleural Effusion": U}),
    ("Mild blunting of the left costophrenic angle, likely chronic pleural thickening.", {"Pleural Other": U}),
    # "unclear / not clear / uncertain whether (or if) there is X" hedges X
    ("It is not clear whether there is a small right apical pneumothorax.", {"Pneumothorax": U}),
    ("Uncertain if there is a trace left effusion.", {"Pleural Effusion": U}),
    ("Mild interstitial edema is suspected; viral pneumonia is also in the differential.", {"Pneumonia": U}),
    # negation (round kb): one cue after a list of short items reaches them all; "no X except at /
    # other than in <place>" leaves X at that place; partial or incomplete resolution leaves X there
    ("Pneumothorax, focal consolidation, or pleural effusion is not identified.",
     {"Pneumothorax": N, "Consolidation": N, "Pleural Effusion": N}),
    ("The left chest tube, NG tube, and ET tube have been removed.", {"Support Devices": N}),
    ("Interstitial edema, bilateral effusions and basilar atelectasis have cleared.",
     {"Edema": N, "Pleural Effusion": N, "Atelectasis": N, "No Finding": P}),
    ("Mild edema, small effusions and basilar atelectasis have improved.",
     {"Edema": P, "Pleural Effusion": P, "Atelectasis": P}),
    ("No airspace opacity except at the left lung base.", {"Lung Opacity": P}),
    ("No consolidation except for atelectasis at the left base.", {"Consolidation": N, "Atelectasis": P}),
    ("Partial clearing of the left basilar consolidation.", {"Consolidation": P}),
    ("Incomplete resolution of the right pleural effusion.", {"Pleural Effusion": P}),
    ("Complete resolution of the right pleural effusion.", {"Pleural Effusion": N}),
    # finding words (round kc): aspirated material, mediastinal fullness, lingular volume loss and
    # volume loss involving a lobe, a cavity in the lung, a spiculated opacity, a lesion in the midlung
    ("Patchy opacities at the right base could reflect aspirated secretions.", {"Pneumonia": U, "Lung Opacity": P}),
    ("Fullness of the superior mediastinum, new from prior.", {"Enlarged Cardiomediastinum": P}),
    ("The mediastinal silhouette demonstrates mild fullness on the right.", {"Enlarged Cardiomediastinum": P}),
    ("Slight lingular volume loss.", {"Atelectasis": P}),
    ("Volume loss involving the right upper lobe.", {"Atelectasis": P}),
    ("A thin-walled cavity is seen at the left apex.", {"Lung Lesion": P}),
    ("There is a cavity in the right lower lobe.", {"Lung Lesion": P}),
    ("A spiculated density in the right upper lobe.", {"Lung Lesion": P, "Lung Opacity": P}),
    ("A new 8 mm lesion in the left midlung.", {"Lung Lesion": P}),
]

ROUND_LA_CASES = [
    # a cardiothoracic ratio given as a number (round la): above 0.5 is cardiomegaly, 0.5 or less is not
    ("Cardiothoracic ratio of approximately 0.58.", {"Cardiomegaly": P}),
    ("The CTR measures 0.71 on this PA film.", {"Cardiomegaly": P}),
    ("The cardiothoracic ratio is 0.48.", {"Cardiomegaly": N}),
    ("Cardiothoracic ratio less than 0.5.", {"Cardiomegaly": N}),
    # asbestos-related pleural disease named alone (found while documenting rounds la-le)
    ("Stable asbestos-related pleural disease.", {"Pleural Other": P, "No Finding": M}),
    ("There are asbestos related pleural changes at both bases.", {"Pleural Other": P}),
    # devices (round lb): a bare pigtail, endobronchial valves
    ("Left basilar pigtail in unchanged position.", {"Support Devices": P}),
    ("The right pigtail has been removed.", {"Support Devices": N}),
    ("Zephyr endobronchial valves in the right upper lobe bronchi.", {"Support Devices": P}),
    ("One-way valves were placed in the left lower lobe.", {"Support Devices": P}),
    # headers in capitals without a colon (round lc): the history before them is not read
    ("CLINICAL HISTORY ___ year old woman, query pneumonia. FINDINGS The lungs are clear. IMPRESSION Normal chest.",
     {"Pneumonia": M, "No Finding": P}),
    ("INDICATION Rule out pneumothorax after line placement. FINDINGS No pneumothorax is seen.",
     {"Pneumothorax": N, "Support Devices": M}),
    ("FINDINGS THE HEART IS MILDLY ENLARGED. IMPRESSION CARDIOMEGALY.", {"Cardiomegaly": P}),
    # normal structures (round ld): the heart first before two-word items, a hedged normal mediastinum
    ("Heart size, mediastinal silhouette, and hilar contours are unremarkable.",
     {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N}),
    ("Cardiac silhouette, mediastinal contours and hila are within normal limits.",
     {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N}),
    ("Mediastinal contours are likely normal given the rotation.", {"Enlarged Cardiomediastinum": N}),
    ("The mediastinum is presumably within normal limits.", {"Enlarged Cardiomediastinum": N}),
    ("The mediastinum is probably widened.", {"Enlarged Cardiomediastinum": U}),
]

ROUND_MA_CASES = [
    # "not (yet / fully) resolved / cleared" before a finding leaves it there (round mb)
    ("Partially treated but not resolved left basilar pneumonia.", {"Pneumonia": P}),
    ("Not yet cleared right lower lobe consolidation.", {"Consolidation": P}),
    ("A not completely resolved left effusion remains.", {"Pleural Effusion": P}),
    ("The left effusion has resolved.", {"Pleural Effusion": N}),
    ("Resolved right lower lobe pneumonia.", {"Pneumonia": N}),
    # a normal mediastinum with a position word before the size word (round mb)
    ("Mediastinum not shifted or widened.", {"Enlarged Cardiomediastinum": N}),
    ("The mediastinum is not displaced and not enlarged.", {"Enlarged Cardiomediastinum": N}),
    ("The mediastinum is shifted and widened.", {"Enlarged Cardiomediastinum": P}),
    # smooth pleura without thickening is Pleural Other 0 (round mb)
    ("Pleural margins smooth without thickening.", {"Pleural Other": N}),
    ("The pleura is smooth and without thickening on both sides.", {"Pleural Other": N}),
]

ROUND_NA_CASES = [
    # a list closed by "and ... have / are resolved / cleared" passes the ", small / mild" scope breaker (round na)
    ("Moderate edema, mild effusions and patchy atelectasis have now resolved.",
     {"Edema": N, "Pleural Effusion": N, "Atelectasis": N}),
    ("Interstitial edema, small effusions and left basal atelectasis are cleared.",
     {"Edema": N, "Pleural Effusion": N, "Atelectasis": N}),
    ("No pneumothorax, small left effusion and basal atelectasis.",
     {"Pneumothorax": N, "Pleural Effusion": P, "Atelectasis": P}),
    # a hedge on a change adjective leaves the finding asserted (round na)
    ("Probably slightly smaller left apical pneumothorax.", {"Pneumothorax": P}),
    ("Possibly increased right pleural effusion.", {"Pleural Effusion": P}),
    ("Possible small right pleural effusion.", {"Pleural Effusion": U}),
    # septal lines with a verb before "bilaterally" / "at the bases", and septal lines denied (round na)
    ("Interlobular septal lines are visible at the lung bases.", {"Edema": P}),
    ("Septal lines noted bilaterally.", {"Edema": P}),
    ("There are no septal lines.", {"Edema": N}),
    ("Interstitial septal lines are not present.", {"Edema": N}),
    # the pleura named at a place, then thickened (round na)
    ("The pleura over the right apex appears mildly thickened.", {"Pleural Other": P}),
    ("The pleura at the left costophrenic angle is thickened.", {"Pleural Other": P}),
]

ROUND_OA_CASES = [
    # a mass placed in a mediastinal or hilar space by a prepositional phrase is Enlarged
    # Cardiomediastinum, not Lung Lesion (round oa, read from public MIMIC-style text)
    ("Low lung volumes with a large mass in the right paratracheal region.",
     {"Enlarged Cardiomediastinum": P, "Lung Lesion": M, "No Finding": M}),
    ("A lobulated mass in the aortopulmonary window is unchanged.",
     {"Enlarged Cardiomediastinum": P, "Lung Lesion": M, "No Finding": M}),
    ("Soft tissue mass within the anterior mediastinum.", {"Enlarged Cardiomediastinum": P, "Lung Lesion": M}),
    ("Prevascular soft tissue mass again seen.", {"Enlarged Cardiomediastinum": P, "Lung Lesion": M}),
    ("No mass in the subcarinal region.", {"Enlarged Cardiomediastinum": N, "Lung Lesion": M}),
    ("A mass in the left upper lobe abuts the mediastinum.", {"Lung Lesion": P, "Enlarged Cardiomediastinum": M}),
    # tokenized text spaces its hyphens as it spaces its periods (round oa)
    ("The right central line was removed ; the port - a - cath tip lies in the low svc .",
     {"Support Devices": P}),
    ("Right - sided chest tube in place . Small left hydro - pneumothorax .",
     {"Support Devices": P, "Pneumothorax": P}),
    # "enlargement of the cardiomediastinal silhouette" reads as "enlarged cardiomediastinal
    # silhouette" does: the heart and the mediastinum (round oa)
    ("Stable enlargement of the cardiomediastinal silhouette.",
     {"Enlarged Cardiomediastinum": P, "Cardiomegaly": P}),
    ("No enlargement of the cardiomediastinal silhouette.",
     {"Enlarged Cardiomediastinum": N, "Cardiomegaly": N}),
    # "a small pneumothorax cannot be seen on a supine film" states the film's limit, as the
    # supine-film sentence does: no pneumothorax mention; an exclusion that fails stays uncertain
    ("Lungs are clear. A small pneumothorax cannot be seen on this supine film.",
     {"Pneumothorax": M, "No Finding": P}),
    ("A small apical pneumothorax could not be excluded on this supine radiograph.", {"Pneumothorax": U}),
    ("A pneumothorax cannot be detected.", {"Pneumothorax": N}),
]


ROUND_OC_CASES = [
    # a mass named as a lung mass stays Lung Lesion when a hilar word comes before it; a bare hilar
    # mass is still Enlarged Cardiomediastinum (round oc, read from public MIMIC-style text)
    ("A left hilar lung mass is again seen.", {"Lung Lesion": P, "No Finding": M}),
    ("Bulky right hilar pulmonary mass with distal collapse.", {"Lung Lesion": P, "Atelectasis": P}),
    ("Left hilar mass, unchanged.", {"Enlarged Cardiomediastinum": P, "Lung Lesion": M}),
    # a place right after a finding does not count toward the reach of the cue after it (round oc)
    ("Developing infection in the left upper and lower lobes is possible.", {"Pneumonia": U}),
    ("The opacity in the right middle and lower lobes has resolved.", {"Lung Opacity": N}),
    ("A rounded opacity in the left lower lobe may be a nodule versus pneumonia.",
     {"Lung Opacity": P, "Pneumonia": U}),
    ("The feeding tube is in the right lower lobe bronchus and should be pulled back.",
     {"Support Devices": P}),
    # "would / could (also) be possible" and "is presumed" after a finding hedge it; "noting" starts a
    # new statement, so the hedge after it is not about the finding before it (round oc)
    ("Small left effusion with basal atelectasis, superimposed infection would also be possible.",
     {"Pneumonia": U, "Atelectasis": P, "Pleural Effusion": P}),
    ("A trace right effusion is presumed.", {"Pleural Effusion": U}),
    ("Right basal atelectasis noting aspiration could also be possible.", {"Atelectasis": P, "Pneumonia": U}),
    # plural "the main considerations / leading possibilities" (round oc)
    ("Edema and infection are the main considerations.", {"Edema": U, "Pneumonia": U}),
    ("Infection remains the leading consideration.", {"Pneumonia": U}),
    # a "whether this is X or Y" clause asks, it does not assert; "whether the effusion has grown"
    # asks about a change of a finding that is there (round oc)
    ("Whether this represents fluid overload or multifocal infection cannot be determined.",
     {"Edema": U, "Pneumonia": U}),
    ("No pneumothorax. Whether the pleural effusion has grown is hard to judge.",
     {"Pneumothorax": N, "Pleural Effusion": P}),
    # a conditional clause names a finding as a hypothesis (round oc)
    ("If pneumonia is not suspected clinically, a CT could be obtained.", {"Pneumonia": U}),
    ("If no pneumothorax is seen on the next film, the drain can come out.", {"Pneumothorax": N}),
    ("Effusion, if present, is small.", {"Pleural Effusion": U}),
    # the feeding tube spelt with two b's (round oc)
    ("Dobbhoff ends in the stomach.", {"Support Devices": P, "No Finding": P}),
    # lobar volume loss in two lobes at once (round oc)
    ("Volume loss in the right middle and lower lobes.", {"Atelectasis": P}),
    ("No volume loss in the lower lobes.", {"Atelectasis": N}),
    # a sentence on which modality is more sensitive mentions no opacity (round oc)
    ("CT would be more sensitive for subtle airspace opacities. The lungs are clear.",
     {"Lung Opacity": M, "No Finding": P}),
    ("Chest CT is more sensitive for early consolidation or pneumonia.", {"Consolidation": M, "Pneumonia": M}),
    ("Subtle opacity at the left base, CT is more sensitive.", {"Lung Opacity": P}),
    # borderline size of the heart is borderline cardiomegaly (round oc)
    ("Borderline size of the heart, unchanged.", {"Cardiomegaly": P}),
    ("Normal size of the cardiac silhouette.", {"Cardiomegaly": N}),
    # cardiac decompensation is heart failure, which is Edema by our convention (round oc)
    ("Worsening vascular congestion, consistent with cardiac decompensation.", {"Edema": P}),
    ("No radiographic signs of cardiac decompensation.", {"Edema": N, "No Finding": P}),
    ("Enlarged heart with possible early cardiac decompensation.", {"Edema": U, "Cardiomegaly": P}),
    # adenocarcinoma is a carcinoma (round oc)
    ("Increased right basilar opacity could reflect spread of adenocarcinoma.",
     {"Lung Lesion": U, "Lung Opacity": P}),
    ("History of breast adenocarcinoma. The lungs are clear.", {"Lung Lesion": M}),
    # a device whose removal (plural) is named after it is gone (round oc)
    ("No pneumothorax after both chest tube removals.", {"Support Devices": N, "Pneumothorax": N}),
    # a hedge on existence reaches a finding across its cause ("consolidation secondary to aspiration
    # cannot be excluded"); a descriptive opacity stays there whatever its cause (round oc)
    ("Patchy right basal opacity; consolidation secondary to aspiration cannot be excluded.",
     {"Lung Opacity": P, "Consolidation": U, "Pneumonia": U}),
    ("Streaky left basal opacity, however consolidation due to infection is not ruled out.",
     {"Lung Opacity": P, "Consolidation": U, "Pneumonia": U}),
    ("Right basal opacity due to atelectasis cannot be excluded.", {"Lung Opacity": P, "Atelectasis": U}),
    ("Consolidation due to pneumonia, improving.", {"Consolidation": P, "Pneumonia": P}),
    # enlarged or prominent pulmonary arteries, in any word order, are another abnormality (round oc)
    ("Enlargement of the central pulmonary arteries. Lungs are clear.", {"No Finding": M}),
    ("Main pulmonary artery dilatation is again noted. No effusion.", {"No Finding": M, "Pleural Effusion": N}),
    # a negated finding whose size is hedged right after it ("no sizable effusion, small if any") is
    # left open: uncertain; a new finding with its own "if any" leaves the negated one alone (round oc)
    ("No sizable pleural effusion, trace if any at the right base.", {"Pleural Effusion": U, "No Finding": M}),
    ("No large effusion, minimal if any.", {"Pleural Effusion": U}),
    ("No pneumothorax, tiny effusion if any.", {"Pneumothorax": N, "Pleural Effusion": U}),
    ("No pleural effusion. Lungs are clear.", {"Pleural Effusion": N, "No Finding": P}),
]

ROUND_OD_CASES = [
    # "top-normal to mildly enlarged" with a hyphen is the range "top normal to mildly enlarged",
    # positive as borderline is; a bare "top-normal" heart stays normal (round od, read from public
    # generated and reference reports)
    ("The heart is top-normal to mildly enlarged.", {"Cardiomegaly": P}),
    ("The cardiac silhouette is high-normal to slightly enlarged, unchanged.", {"Cardiomegaly": P}),
    ("Heart size is top-normal.", {"Cardiomegaly": N, "No Finding": P}),
    # a finding named as the cause of a limited view ("not well evaluated due to X") is asserted: the
    # negation is about the evaluation; a finding denied before its cause stays denied (round od)
    ("The left heart border is poorly evaluated due to a basilar opacity.", {"Lung Opacity": P}),
    ("The mediastinum is not well visualized secondary to overlying atelectasis.", {"Atelectasis": P}),
    ("Cardiac size cannot be assessed due to the dense left lower lobe consolidation.", {"Consolidation": P}),
    ("There is no opacity due to aspiration.", {"Lung Opacity": N, "Pneumonia": N}),
    # interstitial markings that are (mildly) prominent, coarsened or accentuated are Lung Opacity, as
    # "the interstitial markings are prominent" was (round od); the noun form "prominence of the
    # interstitial markings", left unread in round od for IU X-Ray, is read since round nq (IU X-Ray
    # unchanged then)
    ("Interstitial markings are slightly coarsened at both bases.", {"Lung Opacity": P}),
    ("The interstitial markings remain mildly prominent.", {"Lung Opacity": P}),
    ("The pulmonary interstitial markings are mildly accentuated. No infiltrate.", {"Lung Opacity": P}),
    ("Mild prominence of the interstitial markings.", {"Lung Opacity": P}),
    # an abnormal density and a radiodensity in the chest are densities (Lung Opacity); bone density is
    # not (round od)
    ("An abnormal density occupies the left lower hemithorax.", {"Lung Opacity": P}),
    ("No abnormal density in either lung.", {"Lung Opacity": N, "No Finding": P}),
    ("Abnormal bone density of the spine.", {"Lung Opacity": M}),
    ("Patchy radiodensity at the right base.", {"Lung Opacity": P}),
    ("Increased radiodensities in the lingula.", {"Lung Opacity": P}),
    # the cardiac outline is the cardiac contour (round od)
    ("The cardiac outline is within normal limits.", {"Cardiomegaly": N, "No Finding": P}),
    ("Cardiac outline is mildly enlarged.", {"Cardiomegaly": P}),
    ("The cardiac outline is not enlarged.", {"Cardiomegaly": N}),
    # "prominence to the cardiac silhouette" is "prominence of" it (round od)
    ("Slight prominence to the cardiac silhouette.", {"Cardiomegaly": P}),
    ("No prominence to the cardiac silhouette.", {"Cardiomegaly": N}),
    # under-expanded / under-inflated lungs are low lung volumes, another abnormality (round od)
    ("The lungs are underinflated. No effusion.", {"No Finding": M, "Pleural Effusion": N}),
    ("Lungs are underexpanded but clear.", {"No Finding": M}),
    ("The lungs are well expanded and clear.", {"No Finding": P}),
    # loss of vertebral body heights (plural) is a fracture, as loss of vertebral body height (round od)
    ("Mild loss of vertebral body heights in the thoracic spine.", {"Fracture": P}),
    ("No loss of vertebral body heights.", {"Fracture": N}),
    # "the cardiac silhouette size" is the size of the heart, as "the heart size" (round od)
    ("The cardiac silhouette size is within normal limits.", {"Cardiomegaly": N, "No Finding": P}),
    ("Cardiac silhouette size is moderately enlarged.", {"Cardiomegaly": P}),
    ("The cardiac silhouette size remains borderline.", {"Cardiomegaly": P}),
    # an enlarged heart named in apposition after a comma, with its hedge; a normal heart before an
    # unrelated finding after a comma stays normal (round od)
    ("Rotation distorts the heart, probably mildly enlarged.", {"Cardiomegaly": U}),
    ("The cardiac silhouette, moderately enlarged, is unchanged.", {"Cardiomegaly": P}),
    ("Normal cardiac silhouette, increased interstitial markings.", {"Cardiomegaly": N, "Lung Opacity": P}),
    # a hydropneumothorax in any spelling (plural, two words, "fluidopneumothorax") is air and fluid in
    # the pleural space: Pneumothorax and Pleural Effusion (round od)
    ("Loculated hydropneumothoraces at the right base are smaller.", {"Pneumothorax": P, "Pleural Effusion": P}),
    ("Small hydro pneumothorax at the left apex.", {"Pneumothorax": P, "Pleural Effusion": P}),
    ("No residual hydro pneumothorax.", {"Pneumothorax": N, "Pleural Effusion": N}),
    ("Left fluidopneumothorax, unchanged.", {"Pneumothorax": P, "Pleural Effusion": P}),
    # "absent" used as a preposition ("absent a fluid level", without one) negates nothing before it;
    # "pneumothorax absent" still does (round od)
    ("Right basilar pneumothorax absent a fluid level.", {"Pneumothorax": P, "No Finding": M}),
    ("A small apical pneumothorax, absent any fluid level.", {"Pneumothorax": P}),
    ("Pneumothorax is now absent.", {"Pneumothorax": N, "No Finding": P}),
    # "upper limits normal" without "of" is "upper limits of normal" (negative); the range to
    # "mildly enlarged" stays positive (round od)
    ("The heart is upper limits normal in size.", {"Cardiomegaly": N, "No Finding": P}),
    ("Heart size is upper limit normal to mildly enlarged.", {"Cardiomegaly": P}),
    # "in the upper limits of normal" and a "normal cardiac mediastinal silhouette" are a normal heart;
    # "..., but appears to be at least mildly enlarged" and "..., and appears moderately enlarged"
    # after another statement about the heart are an enlarged one (round od, public MIMIC-CXR text)
    ("Heart size is in the upper limits of normal.", {"Cardiomegaly": N, "No Finding": P}),
    ("Normal cardiac mediastinal silhouette.", {"Cardiomegaly": N}),
    ("The heart is difficult to assess, but appears to be at least mildly enlarged.", {"Cardiomegaly": P}),
    ("Heart size is stable, and appears moderately enlarged.", {"Cardiomegaly": P}),
    ("Heart size is normal, and the lungs are clear.", {"Cardiomegaly": N, "No Finding": P}),
    # a finding that "can be obscured / hidden" is uncertain, as one that "could be" (round od)
    ("Basal opacities likely atelectasis, though a coexisting infection can be obscured.", {"Pneumonia": U}),
    ("A small effusion can be hidden behind the heart.", {"Pleural Effusion": U}),
    # ", as does / is the X" starts a new statement: a hedge before it stays with its own finding;
    # ", relatively / extensive ..." starts a new finding as ", mild / large ..." do (round od)
    ("Possible small left effusion persists, as does the right basal atelectasis.",
     {"Pleural Effusion": U, "Atelectasis": P}),
    ("Large right effusion, possibly with some pleural thickening, relatively extensive basal atelectasis.",
     {"Pleural Effusion": P, "Pleural Other": U, "Atelectasis": P}),
    ("No pneumothorax, as is expected after tube removal.", {"Pneumothorax": N}),
    # an opacity explained by a goiter or the thyroid is no lung opacity (round od)
    ("Right paratracheal opacity, likely related to a known goiter.", {"Lung Opacity": M}),
    ("Right upper lobe opacity, likely pneumonia.", {"Lung Opacity": P, "Pneumonia": U}),
    # fluid "seen / noted within" a fissure is pleural fluid, as "fluid in the fissure" (round od)
    ("Trace fluid is seen within the minor fissure.", {"Pleural Effusion": P}),
    ("No fluid is seen within the fissures.", {"Pleural Effusion": N}),
    # alveolar disease / process is airspace disease (Lung Opacity); "alveolar consolidation" is left
    # to Consolidation alone, as before (round od)
    ("Patchy alveolar disease in the right lower zone.", {"Lung Opacity": P}),
    ("No alveolar consolidation.", {"Consolidation": N, "Lung Opacity": M}),
    # "versus" offers an alternative to the finding right before it: a finding named earlier and
    # joined by "and" to that one is not in doubt (round od)
    ("Moderate right effusion and right lower lobe collapse versus pneumonia.",
     {"Pleural Effusion": P, "Atelectasis": U, "Pneumonia": U}),
    ("Enlarged heart and small left effusion vs pleural thickening.",
     {"Cardiomegaly": P, "Pleural Effusion": U, "Pleural Other": U}),
    ("Left basal atelectasis versus consolidation.", {"Atelectasis": U, "Consolidation": U}),
    # a question about how a finding changed ("difficult to say whether the effusion has increased")
    # leaves the finding there; whether there is one at all stays open (round od)
    ("It is difficult to say whether the left effusion has increased.", {"Pleural Effusion": P}),
    ("Hard to say whether there is a small left effusion.", {"Pleural Effusion": U}),
    # "mild / worsening / left-sided ... failure" is heart failure (Edema, as CHF); other failures
    # are not (round od)
    ("Vascular indistinctness suggests mild failure.", {"Edema": U}),
    ("Worsening respiratory failure.", {"Edema": M, "No Finding": P}),
    # a fracture "at" a sternal wire is a device fracture, not a bone fracture (round od)
    ("Sternal wires are intact apart from a fracture at the uppermost wire.", {"Fracture": M, "Support Devices": P}),
    ("Fracture of the right sixth rib.", {"Fracture": P}),
    # organizing and idiopathic interstitial pneumonias (COP, UIP, NSIP) are not infections (round od)
    ("Subtle reticulation, previously attributed to nonspecific interstitial pneumonia.",
     {"Pneumonia": M, "Lung Opacity": P}),
    ("Focal consolidation, likely organizing pneumonia.", {"Pneumonia": M, "Consolidation": P}),
    ("Right lower lobe pneumonia.", {"Pneumonia": P}),
    # a "widened appearance of the mediastinum" is a widened mediastinum (round od)
    ("Widened appearance of the upper mediastinum, likely technical.", {"Enlarged Cardiomediastinum": P}),
    ("No widened appearance of the mediastinum.", {"Enlarged Cardiomediastinum": N}),
    # soft-tissue air is subcutaneous emphysema, another abnormality; normal soft tissues are not (round od)
    ("Soft tissue air in the right neck.", {"No Finding": M}),
    ("The soft tissues are normal.", {"No Finding": P}),
]


ROUND_OB_CASES = [
    # the heart named, then a verb phrase before its enlargement: "continues to be", "is again noted
    # to be", "which is"; "cardiac silhouette size" as the subject (round ob, read from public
    # MIMIC-style text)
    ("The heart continues to be mildly enlarged.", {"Cardiomegaly": P, "No Finding": M}),
    ("Cardiac silhouette is again noted to be moderately enlarged.", {"Cardiomegaly": P}),
    ("The cardiac silhouette size appears slightly enlarged.", {"Cardiomegaly": P}),
    ("Low lung volumes exaggerate the cardiac silhouette size which is probably mildly enlarged.",
     {"Cardiomegaly": U}),
    ("The heart continues to be normal in size.", {"Cardiomegaly": N}),
    ("Cardiac silhouette size is within normal limits.", {"Cardiomegaly": N}),
    # borderline size, borderline or enlarged, top-normal to enlarged, dilated silhouette, cardiac and
    # mediastinal enlargement, a longer aside after "difficult to assess" (round ob)
    ("Borderline size of the heart. Lungs are clear.", {"Cardiomegaly": P, "No Finding": M}),
    ("Heart size is borderline or mildly enlarged.", {"Cardiomegaly": P}),
    ("The heart is top-normal to mildly enlarged.", {"Cardiomegaly": P}),
    ("Markedly dilated cardiac silhouette, unchanged.", {"Cardiomegaly": P}),
    ("Stable postoperative cardiac and mediastinal enlargement.",
     {"Cardiomegaly": P, "Enlarged Cardiomediastinum": P}),
    ("Heart size is difficult to evaluate because of the large left pleural effusion and patient rotation,"
     " but appears mildly enlarged.", {"Cardiomegaly": P, "Pleural Effusion": P}),
    ("The heart is top-normal in size.", {"Cardiomegaly": N}),
    # widening of the cardiomediastinal silhouette without "the", and after the noun (round ob)
    ("Mild widening of cardiomediastinal silhouette is due to the low lung volumes.",
     {"Enlarged Cardiomediastinum": P}),
    ("Expected postoperative cardiomediastinal silhouette widening.", {"Enlarged Cardiomediastinum": P}),
    ("No widening of the mediastinum.", {"Enlarged Cardiomediastinum": N}),
    # "presumed" / "assumed" after the finding hedges it, as "presumed" before it does (round ob)
    ("Small bilateral pleural effusions are presumed.", {"Pleural Effusion": U}),
    ("A trace left effusion is assumed, given the blunted angle.", {"Pleural Effusion": U}),
    ("Small bilateral pleural effusions are present.", {"Pleural Effusion": P}),
    # "might / may potentially / possibly be present" (round ob)
    ("A small apical pneumothorax might possibly be present.", {"Pneumothorax": U}),
    ("A tiny basal pneumothorax may potentially be present", {"Pneumothorax": U}),
    ("A small apical pneumothorax is present.", {"Pneumothorax": P}),
    # "if not" offers the graver finding, which is uncertain; before a size word it only hedges the
    # size (round ob)
    ("The hazy opacity reflects vascular congestion if not frank interstitial edema.", {"Edema": U}),
    ("Moderate if not large left pleural effusion.", {"Pleural Effusion": P}),
    ("There is not a pneumothorax.", {"Pneumothorax": N}),
    # a negation reaches a purpose hedge across "is seen" and across a list ("no X is seen to
    # suggest Y", "no evidence of A, B or C to suggest Y") (round ob)
    ("No focal opacity is identified to suggest pneumonia.", {"Pneumonia": N, "Lung Opacity": N}),
    ("No consolidation, effusion or pneumothorax is seen to suggest infection.",
     {"Pneumonia": N, "Consolidation": N}),
    ("No evidence of edema, effusion or lobar consolidation to suggest pneumonia.", {"Pneumonia": N}),
    ("The lobe is not well aerated, likely due to atelectasis.", {"Atelectasis": U}),
    # "I / we do not believe / think (that) there is" negates (round ob)
    ("I do not think there is a pneumothorax.", {"Pneumothorax": N}),
    ("We do not believe that there is pulmonary edema.", {"Edema": N}),
    # a sided device statement after a comma starts a new statement, not an item of the negated
    # list; a list of removed devices keeps its cue (round ob)
    ("No pneumothorax, right chest tube in place.", {"Pneumothorax": N, "Support Devices": P}),
    ("No pneumothorax, left pigtail catheter terminates at the base.",
     {"Pneumothorax": N, "Support Devices": P}),
    ("The endotracheal tube, left jugular catheter, and enteric tube have been removed.",
     {"Support Devices": N}),
    # a change word after the comma of a negated list starts a new statement (round ob)
    ("No pneumothorax, smaller left effusion.", {"Pneumothorax": N, "Pleural Effusion": P}),
    ("No pneumothorax, reduced right pleural effusion.", {"Pneumothorax": N, "Pleural Effusion": P}),
    ("No pneumothorax, effusion or consolidation.", {"Pneumothorax": N, "Pleural Effusion": N}),
    # the pneumothorax-sensitivity sentence in other words mentions no pneumothorax (round ob)
    ("No pneumothorax is seen, though the sensitivity for a small pneumothorax is reduced on a supine film.",
     {"Pneumothorax": N}),
    ("The ability to detect a pneumothorax is limited on this supine study.", {"Pneumothorax": M}),
    # a nodule that "corresponds with" the nipple is explained away (round ob)
    ("A small nodule over the right lower lung corresponds with a nipple shadow.", {"Lung Lesion": M}),
    ("A small nodule in the right lower lobe is new.", {"Lung Lesion": P}),
    # lung transparency lost, "opacifications", "indwelling lines" (round ob)
    ("Mild decrease in lung transparency at the right base.", {"Lung Opacity": P}),
    ("Reduced transparency of the left lower lung, likely atelectasis.", {"Lung Opacity": P, "Atelectasis": U}),
    ("Patchy opacifications in both lower lobes.", {"Lung Opacity": P}),
    ("Indwelling lines and tubes are unchanged.", {"Support Devices": P}),
    ("The monitoring and indwelling devices are in stable position.", {"Support Devices": P}),
    # a list without a conjunction before "not excluded" is hedged as a whole (round ob)
    ("Superimposed aspiration, atelectasis, lung contusion not excluded.",
     {"Pneumonia": U, "Atelectasis": U}),
    ("Small effusion, atelectasis has resolved.", {"Pleural Effusion": P, "Atelectasis": N}),
    # "not (fully) included / imaged" negates the film's coverage, not a finding after "and" (round ob)
    ("The left costophrenic angle is not fully included and a small effusion is difficult to exclude.",
     {"Pleural Effusion": U}),
    ("The lung bases are not imaged and a pleural effusion cannot be excluded.", {"Pleural Effusion": U}),
    # a negated assessment's stated cause is asserted: "not well assessed due to the opacity" (round ob)
    ("The left heart border is not well assessed because of the dense retrocardiac opacity.",
     {"Lung Opacity": P}),
    ("Heart size is not evaluated given the large left effusion.", {"Pleural Effusion": P}),
    ("No pneumothorax related to the line placement.", {"Pneumothorax": N}),
    # a stent placed in the esophagus, neoesophagus or stomach is a gut stent, not a support device (round ob)
    ("After esophagectomy, a stent is again seen within the neoesophagus.", {"Support Devices": M}),
    ("A stent in the right brachiocephalic vein is unchanged.", {"Support Devices": P}),
    # a soft-tissue density in a mediastinal space is Enlarged Cardiomediastinum, and "this mass" after
    # a semicolon is that mediastinal mass, not a Lung Lesion (round ob)
    ("Soft tissue density in the left superior mediastinal region narrows the trachea; this mass may be a goiter.",
     {"Enlarged Cardiomediastinum": P, "Lung Lesion": M}),
    ("A mass in the left upper lobe; this mass is unchanged.", {"Lung Lesion": P, "Enlarged Cardiomediastinum": M}),
    # a density "is noted / seen in" a lobe is an opacity, as "a density in" one was (round ob)
    ("Patchy density is seen in the right middle lobe.", {"Lung Opacity": P, "No Finding": M}),
    # "differentiation from X (is difficult)" keeps X in question (round ob)
    ("The lucency likely reflects a bulla, though differentiation from a small pneumothorax is difficult.",
     {"Pneumothorax": U}),
    # the words after "and/or" reach the next finding, but not across another "and" (round ob)
    ("Basal collapse and/or consolidation and chf, unchanged.",
     {"Atelectasis": U, "Consolidation": U, "Edema": P}),
    ("Atelectasis and/or superimposed pneumonia.", {"Atelectasis": U, "Pneumonia": U}),
    # more heart-size wording (round ob, screened in public MIMIC-style text): "at least borderline
    # enlarged", "stable and enlarged", "unchanged in size and appears enlarged", the mediastinal and
    # cardiac contours, "cardiac contour enlargement", the accentuated heart that "appears enlarged",
    # "difficult to assess / discern ..., (but it is) probably enlarged"
    ("The heart appears at least borderline enlarged.", {"Cardiomegaly": P}),
    ("The cardiac and mediastinal silhouettes are grossly stable and enlarged.", {"Cardiomegaly": P}),
    ("The heart is unchanged in size and appears mildly enlarged.", {"Cardiomegaly": P, "No Finding": M}),
    ("The mediastinal and cardiac contours are mildly enlarged.", {"Cardiomegaly": P}),
    ("Moderate cardiac contour enlargement is unchanged.", {"Cardiomegaly": P}),
    ("Stably enlarged cardiac and mediastinal contours after valve surgery.", {"Cardiomegaly": P}),
    ("Heart size is accentuated by the low lung volumes and appears mildly enlarged.", {"Cardiomegaly": P}),
    ("Heart size is exaggerated by technique, appearing borderline enlarged.", {"Cardiomegaly": P}),
    ("Heart size is hard to assess, probably mildly enlarged.", {"Cardiomegaly": U}),
    ("Cardiac size is difficult to discern because of the effusions, but it is likely enlarged.",
     {"Cardiomegaly": U, "Pleural Effusion": P}),
    ("Heart size is difficult to assess given the large left pleural effusion.",
     {"Cardiomegaly": M, "Pleural Effusion": P}),
    ("The heart is normal and the aorta is enlarged.", {"Cardiomegaly": N}),
    # a limit of the assessment's stated cause is there: "difficult to assess due to a large effusion" (round ob)
    ("The left heart border is difficult to assess due to a moderate effusion.", {"Pleural Effusion": P}),
    ("It is difficult to say whether there is a small effusion.", {"Pleural Effusion": U}),
    # "presumed" after a finding without a verb (round ob)
    ("Small bilateral effusions presumed, but not large.", {"Pleural Effusion": U}),
    ("Small bilateral effusions present.", {"Pleural Effusion": P}),
    # what follows "the distal / proximal aspect / portion of" a device is about that part (round ob)
    ("The distal aspect of the left picc is not well seen.", {"Support Devices": P}),
    ("The proximal portion of the chest tube is not visualized.", {"Support Devices": P}),
    # a device "poorly / incompletely visualized / evaluated" is there; a finding so described is
    # still uncertain (round ob)
    ("The pacemaker leads are poorly visualized due to underpenetration.", {"Support Devices": P}),
    ("Spinal fusion hardware is incompletely evaluated.", {"Support Devices": P}),
    ("A small effusion is poorly evaluated.", {"Pleural Effusion": U}),
    # a negated list before "concerning / suspicious for" negates the hedged finding (round ob)
    ("No edema, effusion or focal opacity concerning for pneumonia.", {"Pneumonia": N, "Edema": N}),
    ("No focal opacity suspicious for infection.", {"Pneumonia": N}),
    # a comma-enclosed "however" / "though" does not cut a finding from its cue (round ob)
    ("Infection, however, cannot be excluded in the correct clinical setting.", {"Pneumonia": U}),
    ("Aspiration, though, is not excluded.", {"Pneumonia": U}),
    ("No effusion, however, there is new atelectasis.", {"Pleural Effusion": N, "Atelectasis": P}),
    # "not (clearly / well) delineated / depicted" reads like "not (clearly / well) seen"; an aside
    # "imaged on the CT" does not count toward a cue's reach (round ob)
    ("A known small apical pneumothorax is not clearly delineated today.", {"Pneumothorax": U}),
    ("The rib fractures reported on the CT are not delineated.", {"Fracture": N}),
    ("The mediastinal mass imaged on the prior CT is not evident today.", {"Enlarged Cardiomediastinum": N}),
    ("The pacer leads are not well delineated.", {"Support Devices": P}),
    ("A nodule with a fiducial marker is not clearly delineated today.", {"Support Devices": P}),
    # a conditional "if there is a X" names X as a hypothesis (round ob)
    ("If there is a small left pneumothorax, it is tiny.", {"Pneumothorax": U}),
    ("If there is no improvement, a CT could be obtained.", {"Pneumothorax": M, "No Finding": P}),
    # "not definitively identified" is "not definitely identified" (round ob)
    ("The small nodule is not definitively identified.", {"Lung Lesion": U}),
    # CT's sensitivity for metastases or cancer names no lesion (round ob)
    ("No mass is seen, though CT is more sensitive for metastases or primary lung cancer.",
     {"Lung Lesion": N}),
    ("A spiculated right upper lobe mass is again seen.", {"Lung Lesion": P}),
    # the supine pneumothorax-sensitivity sentence with a place after the pneumothorax (round ob)
    ("The sensitivity to detect a pneumothorax on this supine film is somewhat diminished.",
     {"Pneumothorax": M}),
    # more hedges after a finding: "needs / has to be considered", an adverb before "possible /
    # indeterminate" ("is certainly possible", "is radiographically indeterminate"), "may have
    # developed / recurred" (existence; a hedged change stays positive); "I suspect this is X" (round ob)
    ("A superimposed pneumonia needs to be considered.", {"Pneumonia": U}),
    ("Concurrent pulmonary edema is certainly possible.", {"Edema": U}),
    ("The contribution of aspiration pneumonia is radiographically indeterminate.", {"Pneumonia": U}),
    ("Mild interstitial edema may have developed.", {"Edema": U}),
    ("The left effusion may have increased.", {"Pleural Effusion": P}),
    ("I suspect this is basal atelectasis.", {"Atelectasis": U}),
    ("A basal opacity, which we suspect represents atelectasis.", {"Atelectasis": U, "Lung Opacity": P}),
    # a mediastinal "and (peri)hilar" mass is a mediastinal mass too; a rib / sternal / vertebral mass
    # is no Lung Lesion (round ob)
    ("Bulky left mediastinal and hilar mass, known lymphoma.", {"Enlarged Cardiomediastinum": P}),
    ("The peripheral opacity is due to a left posterior rib mass seen on the prior CT.", {"Lung Lesion": M}),
    ("A left lower lobe mass is unchanged.", {"Lung Lesion": P}),
    # screen of No Finding reports (round ob): "parenchymal and pleural opacities" keep the lung opacity;
    # left ventricular / interstitial failure is heart failure (Edema); pneumopericardium, air under the
    # hemidiaphragms and a dislocated shoulder are other abnormalities; a mediastinal lesion is
    # Enlarged Cardiomediastinum
    ("Increasing parenchymal and pleural opacities at the right base.", {"Lung Opacity": P}),
    ("Pleural opacities at both bases, unchanged.", {"Lung Opacity": M}),
    ("Mild interstitial failure.", {"Edema": P, "No Finding": M}),
    ("Findings of left ventricular failure have resolved.", {"Edema": N}),
    ("Small pneumopericardium after surgery. Lungs are clear.", {"No Finding": M}),
    ("Air is seen under both hemidiaphragms after the procedure. Lungs are clear.", {"No Finding": M}),
    ("No free air below the diaphragm. Lungs are clear.", {"No Finding": P}),
    ("The left humeral head is dislocated anteriorly. Lungs are clear.", {"No Finding": M}),
    ("An anterior mediastinal cystic lesion is unchanged.", {"Enlarged Cardiomediastinum": P, "Lung Lesion": M}),
    ("Respiratory failure. Lungs are clear.", {"Edema": M, "No Finding": P}),
    # heart screen (round ob): "normal but larger (than before)" is a normal heart; "indeterminate but
    # probably quite large" is uncertain; "enlargement of the left atrium" is chamber enlargement
    ("Heart size is normal but larger than on the prior study.", {"Cardiomegaly": N}),
    ("Heart size is indeterminate but probably quite large.", {"Cardiomegaly": U}),
    ("There is enlargement of the left atrium.", {"Cardiomegaly": P}),
    ("The heart is now mildly enlarged.", {"Cardiomegaly": P}),
    # "and/ or" with a space is "and/or" (round ob)
    ("Streaky basal opacities, atelectasis and/ or consolidation.",
     {"Atelectasis": U, "Consolidation": U, "Lung Opacity": P}),
]

ROUND_OE_CASES = [
    # a broken device wire or lead is not a bone fracture, however many words lie between (round oe)
    ("Broken lower median sternotomy wire, unchanged.", {"Fracture": M, "Support Devices": P}),
    ("Two of the sternal wires are again noted to be fractured.", {"Fracture": M, "Support Devices": P}),
    ("Fractured left seventh rib.", {"Fracture": P}),
    ("Fractured posterior ribs and intact sternal wires.", {"Fracture": P, "Support Devices": P}),
    # "I doubt (that there is) X" negates, as "I do not believe" does (round oe)
    ("I doubt there is pneumonia or a meaningful effusion.", {"Pneumonia": N, "Pleural Effusion": N}),
    ("We doubt that edema is present.", {"Edema": N}),
    ("Pneumonia is doubtful.", {"Pneumonia": N}),
    ("Right basal pneumonia is suspected.", {"Pneumonia": U}),
    # "free from" negates like "free of" (round oe)
    ("Both costophrenic sulci remain free from effusion.", {"Pleural Effusion": N}),
    ("The lungs are free of consolidation.", {"Consolidation": N}),
    # "not complete / full resolution of X": X is still there (round oe)
    ("Improving but not complete resolution of the interstitial edema.", {"Edema": P}),
    ("Interval improvement, though not full resolution of the left basal pneumonia.", {"Pneumonia": P}),
    ("Complete resolution of the interstitial edema.", {"Edema": N}),
    # dictated "and or" reads as "and/or": both findings are alternatives (round oe)
    ("Basal effusions with atelectasis and or consolidation beneath them.",
     {"Atelectasis": U, "Consolidation": U, "Pleural Effusion": P}),
    ("Atelectasis and consolidation at both bases.", {"Atelectasis": P, "Consolidation": P}),
    # a bare "failure" in a chest report is heart failure (Edema); other organs' failure is not (round oe)
    ("Small right effusion and possible early failure.", {"Edema": U, "Pleural Effusion": P}),
    ("Stable cardiomegaly without overt failure.", {"Edema": N, "Cardiomegaly": P}),
    ("Signs of failure have cleared.", {"Edema": N}),
    ("Known chronic renal failure. Lungs are clear.", {"Edema": M, "No Finding": P}),
    ("Hypoxic respiratory failure, lungs clear.", {"Edema": M}),
    # a heart called falsely / spuriously enlarged (by technique) is not enlarged (round oe)
    ("Shallow inspiration makes the heart size appear falsely enlarged.", {"Cardiomegaly": N}),
    ("The cardiac silhouette is spuriously enlarged by the AP projection.", {"Cardiomegaly": N}),
    ("The heart is mildly enlarged, accentuated by the AP projection.", {"Cardiomegaly": P}),
    # widening of a sided mediastinal contour; "the mediastinal and cardiac contours are enlarged" is
    # Enlarged Cardiomediastinum too (round oe)
    ("Stable widening of the right mediastinal contour.", {"Enlarged Cardiomediastinum": P}),
    ("Widening of left mediastinal contour since the surgery.", {"Enlarged Cardiomediastinum": P}),
    ("The mediastinal and cardiac contours are mildly enlarged.",
     {"Enlarged Cardiomediastinum": P, "Cardiomegaly": P}),
    ("The mediastinal and cardiac contours are normal.", {"Enlarged Cardiomediastinum": N, "Cardiomegaly": N}),
    # an elevated "left-sided / right-sided" hemidiaphragm is another abnormality (round oe)
    ("Slight elevation of the right-sided hemidiaphragm. Lungs are clear.", {"No Finding": M}),
    # thickening of the pleural space / surfaces is Pleural Other (round oe)
    ("Mild thickening of the left pleural space laterally.", {"Pleural Other": P}),
    ("No thickening of the pleural surfaces.", {"Pleural Other": N}),
    # "a subtle pneumonia may be difficult to detect" states a limit of the film, not a finding (round oe)
    ("No pneumonia, though an early infection can be hard to detect on a portable film.", {"Pneumonia": N}),
    ("A subtle pneumonia may be present at the left base.", {"Pneumonia": U}),
    # an organ opacified with contrast is no lung opacity (round oe)
    ("The renal collecting systems are opacified by excreted contrast. Lungs are clear.",
     {"Lung Opacity": M, "No Finding": P}),
    ("The right lower lobe is opacified.", {"Lung Opacity": P}),
    # "suggesting (that) it is / was X" hedges X across the pronoun and verb (round oe)
    ("The basal opacity has improved quickly, suggesting it was atelectasis.",
     {"Atelectasis": U, "Lung Opacity": P}),
    # a hedge between two sides ("small left and probably trace right effusions") leaves the first side
    # certain, so the finding is positive (round oe)
    ("Moderate right and likely small left pleural effusions.", {"Pleural Effusion": P}),
    ("Trace left and possibly small right effusions.", {"Pleural Effusion": P}),
    ("Likely small right pleural effusion.", {"Pleural Effusion": U}),
    # a sentence that opens "If any there is X" hedges X, with or without the comma (round oe)
    ("If any there is a trace left effusion.", {"Pleural Effusion": U}),
    ("If any, there is minimal basal atelectasis.", {"Atelectasis": U}),
    ("No effusion, there is a small apical pneumothorax.", {"Pneumothorax": P, "Pleural Effusion": N}),
    # "not completely / fully seen" means partly seen: the finding is there (round oe)
    ("The known right upper lobe mass is not completely seen on this view.", {"Lung Lesion": P}),
    ("The previously seen nodule is not seen.", {"Lung Lesion": N}),
    # a hedge before "contributes to" is about the contribution: what it contributes to is there (round oe)
    ("Shallow inspiration may contribute to new bibasilar opacities.", {"Lung Opacity": P}),
    ("Atelectasis may be contributing to the basal opacity.", {"Atelectasis": U, "Lung Opacity": P}),
    # a finding with a relative clause, then its own verb saying it is gone (round oe)
    ("The left effusion, which was moderate on Monday, has resolved.", {"Pleural Effusion": N}),
    ("Lingular atelectasis which blurred the heart border before has cleared.", {"Atelectasis": N}),
    ("The left effusion, which was moderate, has partially resolved.", {"Pleural Effusion": P}),
    ("The right effusion, which is small, has not resolved.", {"Pleural Effusion": P}),
    # "the mediastinal and cardiac contours" as the subject of a normal size (round oe)
    ("Hilar and cardiac contours are top normal.", {"Cardiomegaly": N}),
]


ROUND_OF_CASES = [
    # "pleural thickenings" in the plural is Pleural Other, as the singular is (round of)
    ("Old pleural thickenings along the left lateral chest wall.", {"Pleural Other": P}),
    ("Slight decrease of the apical pleural thickenings.", {"Pleural Other": P}),
    ("No pleural thickenings or plaques.", {"Pleural Other": N}),
    ("Pleural thickening at the right apex.", {"Pleural Other": P}),
    # "no X which is / are concerning for Y": the relative clause keeps Y under the negation (round of)
    ("No new airspace opacities which are suspicious for pneumonia.", {"Lung Opacity": N, "Pneumonia": N}),
    ("No focal consolidation that would be worrisome for infection.", {"Consolidation": N, "Pneumonia": N}),
    ("A new basal opacity which is concerning for pneumonia.", {"Lung Opacity": P, "Pneumonia": U}),
    ("No effusion. A left basal opacity that is suspicious for pneumonia.",
     {"Pleural Effusion": N, "Pneumonia": U}),
    # "X cannot be seen / detected / identified" negates; "cannot be excluded" still hedges (round of)
    ("An apical pneumothorax cannot be detected.", {"Pneumothorax": N}),
    ("Pleural effusion could not be identified.", {"Pleural Effusion": N}),
    ("A small apical pneumothorax cannot be excluded.", {"Pneumothorax": U}),
    # a numbered share of device wires or sutures being fractured, or a wire's fracture fragment (round of)
    ("Sternal wires are again noted, two of which are fractured.", {"Fracture": M, "Support Devices": P}),
    ("The lowest wire has a small fracture fragment.", {"Fracture": M}),
    ("New fracture of the uppermost sternotomy suture.", {"Fracture": M}),
    ("Sternal wires are intact, but the left fifth rib has a fracture.", {"Fracture": P}),
    # a "consolidated" (healed) bone fracture is no lung consolidation (round of)
    ("Consolidated fracture of the right clavicle.", {"Consolidation": M, "Fracture": P}),
    ("Consolidation of the right lower lobe.", {"Consolidation": P}),
    # an opacity explained as the (neo-)esophagus is no lung opacity (round of)
    ("Retrocardiac opacity corresponds to the neo-esophagus.", {"Lung Opacity": M}),
    ("Retrocardiac opacity likely due to atelectasis.", {"Lung Opacity": P, "Atelectasis": U}),
    # "upper limits of normal in size or slightly enlarged" is the documented top-normal-to-enlarged range
    # (round of)
    ("The heart is at the upper limits of normal in size or mildly enlarged.", {"Cardiomegaly": P}),
    ("The heart is at the upper limits of normal in size.", {"Cardiomegaly": N}),
    # height loss at a vertebral body is a compression fracture; spinal fixation is a device (round of)
    ("Mild height loss of a lower thoracic vertebral body.", {"Fracture": P}),
    ("No vertebral height loss.", {"Fracture": N}),
    ("Posterior lumbar fixation is partly imaged.", {"Support Devices": P}),
    # "another / an alternative possibility is X" and "X and Y are also possibilities" hedge (round of)
    ("An alternative possibility would be an early pneumonia.", {"Pneumonia": U}),
    ("Another possibility is edema, in the appropriate clinical setting.", {"Edema": U}),
    ("Atelectasis and pneumonia are also possibilities.", {"Atelectasis": U, "Pneumonia": U}),
    ("The other effusion is unchanged.", {"Pleural Effusion": P}),
    # a "borderline-sized" heart is borderline cardiomegaly (round of)
    ("Sternotomy wires and a borderline-sized heart.", {"Cardiomegaly": P}),
    ("Normal-sized heart.", {"Cardiomegaly": N}),
    # a nodular opacity explained as a nipple shadow, with a comma after "nodular" (round of)
    ("Nodular, rounded density at the right base likely represents a nipple shadow.", {"Lung Lesion": M}),
    ("Nodular, rounded density at the right base.", {"Lung Lesion": P}),
    # "the cardiac silhouette and (the) mediastinum" as one subject, as "heart and mediastinum" (round of)
    ("Cardiac silhouette and mediastinum appear enlarged, unchanged.",
     {"Cardiomegaly": P, "Enlarged Cardiomediastinum": P}),
    ("Cardiac silhouette and the mediastinum are within normal limits.",
     {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N}),
    # a negated fracture after a remark that no dedicated rib series was done is still negated (round of)
    ("Though no dedicated rib views were obtained, no rib fracture is seen.", {"Fracture": N}),
    ("Dedicated rib views would be more sensitive for a subtle fracture.", {"Fracture": M}),
    # scarring (fibrosis, sequelae) from a prior / old pneumonia names history, not a pneumonia (round of)
    ("Band of fibrosis in the lingula from a previous pneumonia.", {"Pneumonia": M}),
    ("Apical scarring related to old infection.", {"Pneumonia": M}),
    ("The previous left basal pneumonia has progressed.", {"Pneumonia": P}),
]

ROUND_OH_CASES = [
    # a ", however," aside after a second joined finding keeps the hedge on both (round oh)
    ("Infection or aspiration, however, cannot be entirely excluded.", {"Pneumonia": U}),
    ("Edema or infection, however, cannot be ruled out.", {"Edema": U, "Pneumonia": U}),
    ("Aspiration or pneumonia, however, is not seen.", {"Pneumonia": N}),
    ("Atelectasis and effusion, however, are present.", {"Atelectasis": P, "Pleural Effusion": P}),
    # an "especially / particularly / including" aside may lack its closing comma before an exclusion (round oh)
    ("Pneumonia, especially at the left base cannot be excluded.", {"Pneumonia": U}),
    ("An infection, particularly in the right lung could not be ruled out.", {"Pneumonia": U}),
    ("Pneumonia, particularly in the right lower lobe, is seen.", {"Pneumonia": P}),
    # "is of concern" hedges, as "is a concern" does (round oh)
    ("Pneumonia is of concern.", {"Pneumonia": U}),
    ("A basal opacity; infection is of some concern.", {"Lung Opacity": P, "Pneumonia": U}),
    ("Pneumonia is the main finding.", {"Pneumonia": P}),
    # when a finding was seen before does not count in the gap to its cue (round oh)
    ("The streaky atelectasis at the right lung base noted previously has now cleared.", {"Atelectasis": N}),
    ("The small effusion at the left costophrenic angle seen before has resolved.", {"Pleural Effusion": N}),
    ("The atelectasis at the right lung base noted previously persists.", {"Atelectasis": P}),
    # overhydration / hypervolemia is fluid overload, so Edema (round oh)
    ("Vascular indistinctness may reflect mild overhydration.", {"Edema": U}),
    ("Findings consistent with hypervolemia.", {"Edema": P}),
    ("No radiographic signs of overhydration.", {"Edema": N}),
    # "cannot be certainly / reliably identified" negates like "cannot be clearly identified" (round oh)
    ("A small apical pneumothorax cannot be reliably identified.", {"Pneumothorax": N}),
    ("Given the body habitus, an effusion cannot be certainly seen.", {"Pleural Effusion": N}),
    ("A small apical pneumothorax cannot be certainly excluded.", {"Pneumothorax": U}),
    # the top-normal-to-enlarged range after "remains / appears / is again" (round oh)
    ("The heart size remains top-normal to mildly enlarged.", {"Cardiomegaly": P}),
    ("The cardiac silhouette appears upper normal to slightly enlarged.", {"Cardiomegaly": P}),
    ("The heart size remains top-normal.", {"Cardiomegaly": N}),
    # pneumonia "in a / this patient with prior / a history of" pneumonia is history (round oh)
    ("Apical scarring is present in this patient with a history of pneumonia.", {"Pneumonia": M}),
    ("Chronic changes in a patient with previous infection.", {"Pneumonia": M}),
    ("New consolidation in this patient with prior pneumonia is concerning for recurrent pneumonia.",
     {"Pneumonia": U}),
    # fracture of (at least) the first and second (sternal) wires is a device, not a bone (round oh)
    ("There is fracture of at least the second and third sternal wires.", {"Fracture": M, "Support Devices": P}),
    ("Fractures of the upper two sternotomy wires are unchanged.", {"Fracture": M, "Support Devices": P}),
    ("The top sternal wire was fractured on the prior study.", {"Fracture": M, "Support Devices": P}),
    ("There is fracture of the right fifth and sixth ribs.", {"Fracture": P}),
    # "is to be suspected / considered" hedges (round oh)
    ("Interstitial edema is to be suspected.", {"Edema": U}),
    ("Given the fever, pneumonia is also to be considered.", {"Pneumonia": U}),
    ("Interstitial edema is present.", {"Edema": P}),
    # "no X that / which could represent Y" keeps Y under the negation (round oh)
    ("No new parenchymal infiltrates that could represent pneumonia.", {"Lung Opacity": N, "Pneumonia": N}),
    ("No focal opacity which might reflect aspiration.", {"Lung Opacity": N, "Pneumonia": N}),
    ("A new basal opacity that could represent pneumonia.", {"Lung Opacity": P, "Pneumonia": U}),
    ("No effusion. Patchy opacities which may reflect infection.",
     {"Pleural Effusion": N, "Lung Opacity": P, "Pneumonia": U}),
    # an aside saying where the finding lies, between the finding and its cue (round oh)
    ("The small pneumothorax, located at the left apex, is no longer seen.", {"Pneumothorax": N}),
    ("The effusion, situated along the lateral chest wall, has resolved.", {"Pleural Effusion": N}),
    ("The effusion, located at the right base, is unchanged.", {"Pleural Effusion": P}),
]


ROUND_OG_CASES = [
    # a finding "not present / not seen on the prior exam" is new now, not absent (round og)
    ("Mild interstitial edema, which was not present on the previous radiograph.", {"Edema": P}),
    ("A small right effusion is new, not seen on the prior study.", {"Pleural Effusion": P}),
    ("The left effusion is no longer present.", {"Pleural Effusion": N}),
    ("Edema is not present on today's film.", {"Edema": N}),
    # "X more likely (to explain it) than Y": Y stays in the differential, uncertain (round og)
    ("Basal streaks are more likely to represent scarring than pneumonia.", {"Pneumonia": U}),
    ("Atelectasis seems more likely to explain the opacity than aspiration.", {"Pneumonia": U, "Lung Opacity": P}),
    ("Right basal pneumonia.", {"Pneumonia": P}),
    # a negated finding's verb before a purpose hedge: "no X is / are concerning for Y" (round og)
    ("No opacities are concerning for pneumonia.", {"Pneumonia": N, "Lung Opacity": N}),
    ("No focal consolidation is suspicious for infection.", {"Pneumonia": N, "Consolidation": N}),
    ("Patchy opacities are concerning for pneumonia.", {"Pneumonia": U, "Lung Opacity": P}),
    # "no change in X or development of Y": X is there, Y negated (round og)
    ("No increase in the left effusion or development of pneumothorax.",
     {"Pleural Effusion": P, "Pneumothorax": N}),
    ("No change in the basal atelectasis or new development of edema.", {"Atelectasis": P, "Edema": N}),
    ("Increase in the left effusion.", {"Pleural Effusion": P}),
    # removal of one of several devices leaves the others (round og)
    ("Removal of one of the two left chest tubes.", {"Support Devices": P}),
    ("Interval removal of some of the mediastinal drains.", {"Support Devices": P}),
    ("Interval removal of the left chest tube.", {"Support Devices": N}),
    # a single place singled out after a comma, with no closing comma, before a post hedge (round og)
    ("Superimposed infection, especially at the right base cannot be excluded.", {"Pneumonia": U}),
    ("Aspiration, particularly in the lower lobes is not excluded.", {"Pneumonia": U}),
    ("Infection at the right base is seen.", {"Pneumonia": P}),
    # a seen-on-CT aside closed by a comma without its opening comma (round og)
    ("A tiny apical pneumothorax shown on the chest CT from this morning, is not visible radiographically.",
     {"Pneumothorax": N}),
    ("A small apical pneumothorax is seen on the chest CT from this morning.", {"Pneumothorax": P}),
    # "I / we presume(d) there is X" hedges X (round og)
    ("I presume there is a small left effusion.", {"Pleural Effusion": U}),
    ("We presumed that there is trace fluid in the fissure.", {"Pleural Effusion": U}),
    ("There is a small left effusion.", {"Pleural Effusion": P}),
    # "cardiac mediastinal" / "cardio mediastinal" silhouette written as two words (round og)
    ("Enlargement of the cardiac mediastinal silhouette is unchanged.",
     {"Enlarged Cardiomediastinum": P, "Cardiomegaly": P}),
    ("Cardio mediastinal contours are normal.", {"Enlarged Cardiomediastinum": N, "Cardiomegaly": N}),
    ("The cardiac, mediastinal and hilar contours are unchanged.", {"Enlarged Cardiomediastinum": M}),
    # "mediastinal and cardiac (mild) enlargement" is a wide mediastinum as well (round og)
    ("Mediastinal and cardiac moderate enlargement persists.",
     {"Enlarged Cardiomediastinum": P, "Cardiomegaly": P}),
    ("Mediastinal and cardiac enlargement is not seen.", {"Enlarged Cardiomediastinum": N}),
    # a mass of the chest wall / neck / skin with words between is not a lung lesion (round og)
    ("Right chest wall ossified mass is stable.", {"Lung Lesion": M}),
    ("Possible soft tissue nodules at the base of the neck.", {"Lung Lesion": M}),
    ("Right lung base mass is stable.", {"Lung Lesion": P}),
    ("Chest wall and lung masses are unchanged.", {"Lung Lesion": P}),
    # a nodule or mass named as what was resected is history, not a lesion now (round og)
    ("Small apical pneumothorax after wedge resection of a left upper lobe nodule.",
     {"Lung Lesion": M, "Pneumothorax": P}),
    ("Status post right lower lobectomy for a spiculated mass.", {"Lung Lesion": M}),
    ("Postoperative changes after nodule excision.", {"Lung Lesion": M}),
    ("A new nodule is seen after resection of the mass.", {"Lung Lesion": P}),
    # hazy or ill-defined vessels are a vascular sign, not a lung opacity (round og)
    ("Vascular congestion with hazy indistinct vessels.", {"Lung Opacity": M}),
    ("Hazy opacity at the left base.", {"Lung Opacity": P}),
    # a prominent heart explained by epicardial fat is not cardiomegaly (round og)
    ("The heart appears enlarged, but this is likely due to a prominent epicardial fat pad.",
     {"Cardiomegaly": M}),
    ("The cardiac silhouette is prominent, related to epicardial fat.", {"Cardiomegaly": M}),
    ("The cardiac silhouette is enlarged.", {"Cardiomegaly": P}),
    # a follow-up "to show / establish (complete) resolution of X" presumes X, as "to document" does (round og)
    ("Follow-up films are advised to show complete resolution of the lingular pneumonia.", {"Pneumonia": U}),
    ("Today's film shows complete resolution of the lingular pneumonia.", {"Pneumonia": N}),
    ("Interval resolution of the lingular pneumonia.", {"Pneumonia": N}),
    # "is likely / probably also / still present" hedges as "is likely present" does (round og)
    ("Small effusions are probably also present.", {"Pleural Effusion": U}),
    ("A tiny apical pneumothorax is likely still present.", {"Pneumothorax": U}),
    ("Small effusions are also present.", {"Pleural Effusion": P}),
    # an ascending / descending / arch aortic aneurysm is a thoracic aortic aneurysm (round og)
    ("Known aneurysm of the descending thoracic aorta, unchanged.", {"Enlarged Cardiomediastinum": P}),
    ("Bulging arch contour; an aortic arch aneurysm is not excluded.", {"Enlarged Cardiomediastinum": U}),
    ("Abdominal aortic aneurysm repair clips are noted.", {"Enlarged Cardiomediastinum": M}),
    # a sentence opening "Doubt X" negates, as "I doubt X" does (round og)
    ("Mild vascular congestion. Doubt edema.", {"Edema": N}),
    ("Doubt that there is a pneumothorax.", {"Pneumothorax": N}),
    ("Pleural effusion, without doubt, is larger.", {"Pleural Effusion": P}),
    # telegraphic "X possible" after the finding hedges it (round og)
    ("Mild atelectasis, infection possible.", {"Pneumonia": U, "Atelectasis": P}),
    ("The pattern makes aspiration possible, but not likely.", {"Pneumonia": U}),
    ("Aspiration at the right base.", {"Pneumonia": P}),
    # pleural margins / surfaces described as thickened are pleural thickening (round og)
    ("The apical pleural surfaces are mildly thickened.", {"Pleural Other": P}),
    ("The pleural margins are not thickened.", {"Pleural Other": N}),
    ("The pleural margins are smooth.", {"Pleural Other": M}),
    # a fluid / fissural / pleural loculation is pleural fluid (round og)
    ("A small fissural loculation is seen on the right.", {"Pleural Effusion": P}),
    ("The prior pleural loculation has resolved.", {"Pleural Effusion": N}),
    ("Possible fluid loculation at the left base.", {"Pleural Effusion": U}),
    # a "generous" heart size is at least borderline enlarged (round og)
    ("The heart size is generous but stable.", {"Cardiomegaly": P}),
    ("Generous cardiac silhouette.", {"Cardiomegaly": P}),
    ("Generous lung volumes.", {"Cardiomegaly": M}),
    # "some / partial interval clearing of X" leaves X there, as "some clearing of X" does (round og)
    ("Partial interval clearing of the right basal consolidation.", {"Consolidation": P}),
    ("Interval clearing of the right basal consolidation.", {"Consolidation": N}),
    # a modal hedge that opens a second predicate after "and" is not negated by the first (round og)
    ("The opacity is probably not edema and might instead be pneumonia.", {"Pneumonia": U, "Edema": N}),
    ("No edema, and no consolidation to suggest pneumonia.", {"Pneumonia": N, "Edema": N}),
    # fluid at a base (not "of the lungs") is pleural fluid (round og)
    ("Minimal atelectasis and probably a trace of fluid at the left base.", {"Pleural Effusion": U}),
    ("No fluid at the right costophrenic angle.", {"Pleural Effusion": N}),
    # a purpose hedge after "is present in the lungs to suggest": the negation still reaches (round og)
    ("No focal opacity is present in either lung to suggest aspiration.", {"Pneumonia": N}),
    ("Patchy opacity is present in the right lung to suggest aspiration.", {"Pneumonia": U}),
    # "one / some of the tubes has / have been removed": the rest are still there (round og)
    ("One of the two mediastinal drains has been removed.", {"Support Devices": P}),
    ("The mediastinal drains have been removed.", {"Support Devices": N}),
    # a seen-on aside whose study is a blank date before the modality ("seen on the ___ CT") (round og)
    ("The small nodule described on the ___ chest CT in the lingula is not clearly seen today.",
     {"Lung Lesion": U}),
    # a pleural space that contains air is a pneumothorax (round og)
    ("The left pleural space contains some air after the procedure.", {"Pneumothorax": P}),
    ("The pleural space contains a small-bore drain.", {"Pneumothorax": M, "Support Devices": P}),
    # carcinomatosis of the lung (lymphangitic, disseminated) is a lung lesion; of other spaces it is not (round og)
    ("Interstitial pattern may reflect lymphangitic carcinomatosis.", {"Lung Lesion": U}),
    ("Known peritoneal carcinomatosis.", {"Lung Lesion": M}),
    # airway edema (subglottic, glottic, tracheal, vocal cord) is not pulmonary edema (round og)
    ("Supraglottic edema after extubation; the lungs are clear.", {"Edema": M}),
    ("Mild interstitial edema after extubation.", {"Edema": P}),
    # "consideration given to X": "given to" is no "because", so the hedge reaches X (round og)
    ("Likely aspiration, with some consideration given to early edema.", {"Edema": U}),
    ("Given the low volumes, the basal opacity is atelectasis.", {"Atelectasis": P}),
    # "layering of fluid" / "fluid within the pleural cavity" is pleural fluid (round og)
    ("Haziness at the left base probably reflects layering of fluid.", {"Pleural Effusion": U}),
    ("There is fluid within the right pleural cavity.", {"Pleural Effusion": P}),
    # an operation "for" a malignancy or mass names its reason, not a present lesion (round og)
    ("Status post gastrectomy for cancer; the lungs are clear.", {"Lung Lesion": M}),
    ("Postoperative chest after segmentectomy for a carcinoid tumor.", {"Lung Lesion": M}),
    ("Status post lobectomy for lung cancer, with a new nodule at the right apex.", {"Lung Lesion": P}),
    # "minimal / slight / some re-expansion of" a collapsed lung leaves it collapsed (round og)
    ("Slight re-expansion of the collapsed right lower lobe.", {"Atelectasis": P}),
    ("Complete re-expansion of the collapsed right lower lobe.", {"Atelectasis": N}),
    # a fractured or broken fixation rod, screw or plate is a hardware fracture, not a bone fracture (round og)
    ("Spinal fusion hardware with a broken left rod.", {"Fracture": M, "Support Devices": P}),
    ("Fractured lower pedicle screw, unchanged.", {"Fracture": M}),
    ("Fractured left clavicle with a fixation plate.", {"Fracture": P}),
    # a resolution that is itself hedged ("has possibly / perhaps fully resolved") is uncertain (round og)
    ("The small apical pneumothorax has probably resolved.", {"Pneumothorax": U}),
    ("The left effusion is smaller and perhaps completely cleared.", {"Pleural Effusion": U}),
    ("The small apical pneumothorax has resolved.", {"Pneumothorax": N}),
    # "most likely is / are consistent with / due to X" hedges X, as "most likely X" does (round og)
    ("The opacities most likely are due to aspiration.", {"Pneumonia": U, "Lung Opacity": P}),
    ("The changes probably are compatible with mild edema.", {"Edema": U}),
    # metastatic disease placed in a bone (ribs, spine, bone scan for bone metastases) is not a lung
    # lesion, though it is still another abnormality (round og)
    ("Sclerotic foci in several ribs could reflect metastatic disease.", {"Lung Lesion": M, "No Finding": M}),
    ("Sclerotic focus in a vertebral body; a bone scan could evaluate for metastatic disease to the bones.",
     {"Lung Lesion": M, "No Finding": M}),
    ("Rib deformity and multiple pulmonary metastases are unchanged.", {"Lung Lesion": P}),
    # "the heart is unchanged with prominent X": the size word belongs to what follows "with" (round og)
    ("The cardiac silhouette is stable with prominent central pulmonary arteries.", {"Cardiomegaly": M}),
    ("The cardiac silhouette is stable and prominent.", {"Cardiomegaly": P}),
    # a device "in normal / unremarkable position" is there; "normal" is about where it lies (round og)
    ("Pacer leads are in unremarkable position.", {"Support Devices": P}),
    ("The feeding tube is in normal position in the stomach.", {"Support Devices": P}),
    ("The cardiac silhouette is unremarkable.", {"Cardiomegaly": N}),
    # (an opacified hemithorax after a pneumonectomy keeps Lung Opacity, as the hand-labeled MIMIC-style set
    # has it: round og tried and dropped an exclusion)
    ("Opacification of the left hemithorax is consistent with the prior pneumonectomy.", {"Lung Opacity": P}),
    # thickening of a pleural margin with three place words before it (round og)
    ("Thickening of the left upper lateral pleural margin is unchanged.", {"Pleural Other": P}),
    # metastatic foci and mass-like areas are lung lesions; a liver (hepatocellular) cancer is not (round og)
    ("Scattered nodular opacities are compatible with metastatic foci.", {"Lung Lesion": P}),
    ("Surgical markers lie within a masslike area of the left upper lobe.", {"Lung Lesion": P}),
    ("Embolization material from a treated hepatocellular carcinoma projects over the abdomen.", {"Lung Lesion": M}),
    # an opacity or density in the abdomen, soft tissues, axilla, neck or chest wall is no lung opacity (round og)
    ("Punctate densities are seen in the left upper abdomen.", {"Lung Opacity": M}),
    ("A band-like opacity in the soft tissues of the right axilla.", {"Lung Opacity": M}),
    ("A band-like opacity in the right lung base.", {"Lung Opacity": P}),
    # "airspace abnormality" and "interstitial and airspace X" are lung opacity (round og)
    ("Diffuse interstitial and airspace abnormality has progressed.", {"Lung Opacity": P}),
    ("No airspace abnormality.", {"Lung Opacity": N}),
    # an esophageal / gastric mass is no lung lesion (round og)
    ("The trachea is displaced by a large esophageal mass.", {"Lung Lesion": M}),
    ("A large right upper lobe mass displaces the trachea.", {"Lung Lesion": P}),
    # "interstitial pulmonary / lung abnormality" is the interstitial abnormality (round og)
    ("Widespread interstitial pulmonary abnormality is unchanged.", {"Lung Opacity": P}),
    # "is an additional / a further consideration" hedges as "is a consideration" does (round og)
    ("Superimposed infection is an additional consideration.", {"Pneumonia": U}),
    ("Infection is the diagnosis.", {"Pneumonia": P}),
    # "X may / might well be / have been" hedges X (round og)
    ("Early edema may well be present.", {"Edema": U}),
    ("Aspiration might well have been the cause.", {"Pneumonia": U}),
    # widening / prominence of mediastinum without the article is a wide mediastinum (round og)
    ("Mild widening of mediastinum, unchanged.", {"Enlarged Cardiomediastinum": P}),
    ("No widening of mediastinum.", {"Enlarged Cardiomediastinum": N}),
]

ROUND_OI_CASES = [
    # "in particular" is an aside like "particularly": an exclusion cue reaches across it (round oi)
    ("An infectious process in particular at the right base cannot be excluded.", {"Pneumonia": U}),
    ("Aspiration, in particular in the lower lobes, is not excluded.", {"Pneumonia": U}),
    ("Pneumonia in particular is not seen.", {"Pneumonia": N}),
    ("Edema, in particular at the bases, is present.", {"Edema": P}),
    # "X is possible / likely(,) as is Y": Y shares the hedge (round oi)
    ("Aspiration is possible, as is mild interstitial edema.", {"Pneumonia": U, "Edema": U}),
    ("Atelectasis is likely as are small bilateral effusions.", {"Atelectasis": U, "Pleural Effusion": U}),
    ("Consolidation cannot be excluded, as is a small effusion.", {"Consolidation": U, "Pleural Effusion": U}),
    ("Pneumonia is present, as is a small effusion.", {"Pneumonia": P, "Pleural Effusion": P}),
    ("Infection is possible, as is the case with the effusion seen before.", {"Pneumonia": U, "Pleural Effusion": P}),
    # "the cause / etiology of X is not identified / unclear" judges the cause; X stays (round oi)
    ("The etiology of the right lower lobe collapse is not identified.", {"Atelectasis": P}),
    ("A cause of the small pneumothorax is not seen.", {"Pneumothorax": P}),
    ("The collapse of the right lower lobe is not identified.", {"Atelectasis": N}),
    # "looks / appears more like X than Y" leaves both in the differential (round oi)
    ("Streaky basal opacity appears more like scarring than pneumonia.", {"Lung Opacity": P, "Pneumonia": U}),
    ("The left base looks more like atelectasis than consolidation.", {"Atelectasis": U, "Consolidation": U}),
    ("Atelectasis is more pronounced than before.", {"Atelectasis": P}),
    # (pulmonary / lung) parenchymal disease or process is a lung opacity (round oi)
    ("Diffuse bilateral parenchymal disease is unchanged.", {"Lung Opacity": P, "No Finding": M}),
    ("No acute parenchymal process.", {"Lung Opacity": N}),
    ("The lung parenchyma is clear.", {"Lung Opacity": M, "No Finding": P}),
    # a film's low sensitivity for detecting nodules or masses names no lesion (round oi)
    ("Portable films have limited sensitivity for detecting small pulmonary nodules.", {"Lung Lesion": M}),
    ("Radiographs are less sensitive for the detection of metastases; CT is advised.", {"Lung Lesion": M}),
    ("CT would be more sensitive for detecting small nodules or a primary lung cancer.", {"Lung Lesion": M}),
    ("Sensitivity for nodules is low. A 2 cm mass is seen in the left upper lobe.", {"Lung Lesion": P}),
    # an opacity explained as a (healing) rib fracture or callus is bone, not lung (round oi)
    ("Faint density over the right fourth rib is consistent with a healing fracture.", {"Lung Opacity": M, "Fracture": P}),
    ("A nodular opacity at the left sixth rib likely represents callus.", {"Lung Opacity": M}),
    ("Right basal opacity, likely atelectasis. Old rib fractures.", {"Lung Opacity": P, "Fracture": P}),
]

ROUND_OJ_CASES = [
    # an exclusion cue reaches across a ", however," aside ("cannot exclude, however, X") (round oj)
    ("We cannot exclude, however, a developing right basal pneumonia.", {"Pneumonia": U}),
    ("Cannot rule out, however, a tiny apical pneumothorax.", {"Pneumothorax": U}),
    ("Atelectasis is favored; a superimposed infection, however, cannot be excluded.", {"Pneumonia": U}),
    ("No pneumonia; however, a small effusion is present.", {"Pneumonia": N, "Pleural Effusion": P}),
    # removal of one device, then placement / insertion of another: the new device is present (round oj)
    ("Interval removal of the endotracheal tube and placement of a left PICC line.", {"Support Devices": P}),
    ("Removal of the left chest tube and insertion of a right jugular catheter.", {"Support Devices": P}),
    ("Interval removal of the nasogastric tube and endotracheal tube.", {"Support Devices": N}),
    ("No pneumothorax following placement of the subclavian line.", {"Pneumothorax": N, "Support Devices": P}),
    # a widened cardiac silhouette is an enlarged heart; a widened cardiomediastinal one stays EC (round oj)
    ("The cardiac silhouette is moderately widened.", {"Cardiomegaly": P}),
    ("Widened cardiac shadow, possibly pericardial effusion.", {"Cardiomegaly": P}),
    ("The cardiac silhouette is not widened.", {"Cardiomegaly": N}),
    ("Widened cardiomediastinal silhouette.", {"Enlarged Cardiomediastinum": P, "Cardiomegaly": M}),
    # "the heart / cardiac silhouette and (pulmonary) vascularity are prominent / enlarged" (round oj)
    ("The cardiac silhouette and pulmonary vascularity are mildly prominent.", {"Cardiomegaly": P, "No Finding": M}),
    ("Heart and vasculature are enlarged.", {"Cardiomegaly": P}),
    ("The heart and pulmonary vascularity are within normal limits.", {"Cardiomegaly": N}),
    ("The heart is normal; the pulmonary vasculature is prominent.", {"Cardiomegaly": N}),
    # "enlarged postoperative / post-surgical" heart or cardiomediastinal silhouette is still enlarged (round oj)
    ("Stable enlarged post-operative cardiomediastinal silhouette.", {"Enlarged Cardiomediastinum": P, "Cardiomegaly": P}),
    ("Enlarged postsurgical cardiac silhouette, unchanged.", {"Cardiomegaly": P}),
    ("The postoperative cardiac silhouette is not enlarged.", {"Cardiomegaly": N}),
    ("The postoperative mediastinum is not widened.", {"Enlarged Cardiomediastinum": N}),
    ("Postoperative changes of the mediastinum.", {"Enlarged Cardiomediastinum": M}),
    # metastatic foci in bone are no Lung Lesion, as bone metastatic disease already was (round oj)
    ("Scattered sclerotic bone changes, probably metastatic foci.", {"Lung Lesion": M}),
    ("Blastic metastatic foci throughout the thoracic spine.", {"Lung Lesion": M}),
    ("Several metastatic foci in the left lower lobe.", {"Lung Lesion": P}),
]


ROUND_OK_CASES = [
    # a structure "not seen / not visualized reflecting X": X is the reason it is hidden, not negated (round ok)
    ("The right heart border is not visualized reflecting adjacent middle lobe opacification.", {"Lung Opacity": P}),
    ("Left hemidiaphragm not seen, representing basal consolidation.", {"Consolidation": P}),
    ("The costophrenic angle is not visualized, and no opacity is seen.", {"Lung Opacity": N}),
    ("No consolidation is visualized in either lung.", {"Consolidation": N}),
    # "X could give / produce a similar appearance": X stays in the differential (round ok)
    ("Findings are consistent with edema, though infection could produce a similar appearance.", {"Edema": P, "Pneumonia": U}),
    ("Atelectasis is likely; aspiration can give the same appearance.", {"Pneumonia": U}),
    ("Pneumonia has a similar appearance to the prior film.", {"Pneumonia": P}),
    # "thought / felt / believed to represent / reflect / be X" hedges X like "likely represents X" (round ok)
    ("Hazy basal opacities thought to reflect aspiration.", {"Lung Opacity": P, "Pneumonia": U}),
    ("The right lower lobe density is felt to represent atelectasis.", {"Atelectasis": U}),
    ("The opacity is not thought to represent pneumonia.", {"Pneumonia": N}),
    ("Pneumonia is felt to be less likely.", {"Pneumonia": U}),
    ("Right lower lobe pneumonia, thought to be aspiration related.", {"Pneumonia": P}),
    # "or perhaps / possibly these are X": the second reading of a finding is hedged (round ok)
    ("Basal opacity from edema, or perhaps these are changes of aspiration.", {"Edema": P, "Pneumonia": U}),
    ("Possibly this is a small left effusion.", {"Pleural Effusion": U}),
    ("These are small bilateral effusions.", {"Pleural Effusion": P}),
]

ROUND_OL_CASES = [
    # a contrast adverb set off by commas after a clause that has its verb ("X is hard to judge, however, is
    # probably Y") joins a second predicate of the same subject, read as "but" (round ol)
    ("Cardiac size is hard to judge on this portable film, however, is probably enlarged.", {"Cardiomegaly": U}),
    ("The heart is partly obscured, though, appears enlarged.", {"Cardiomegaly": P}),
    ("Heart size is difficult to evaluate, however, is likely within normal limits.", {"Cardiomegaly": N}),
    ("The mediastinum, however, is widened.", {"Enlarged Cardiomediastinum": P}),
    ("The heart, however, is normal in size.", {"Cardiomegaly": N}),
    # a lobar resection is a post-surgical chest like a lobectomy or wedge resection: No Finding off (round ol)
    ("Post right lower lobe resection. No acute process in the chest.", {"No Finding": M}),
    ("Changes of prior resection of the left upper lobe. Lungs otherwise clear.", {"No Finding": M}),
    ("Prior lobar resection on the right. Lungs clear.", {"No Finding": M}),
    ("The left lower lobe is clear. No effusion.", {"No Finding": P}),
    # "can cause / lead to / result in X" states what might happen: X is uncertain, its cause stays, and
    # "can cause this / a similar appearance" keeps its own reading (round ol)
    ("A large effusion can lead to collapse of the adjacent lung.", {"Pleural Effusion": P, "Atelectasis": U}),
    ("A malpositioned catheter can result in pneumothorax.", {"Pneumothorax": U}),
    ("Aspiration can cause this pattern of basal opacity.", {"Lung Opacity": P, "Pneumonia": U}),
    ("The effusion has led to collapse of the left lower lobe.", {"Atelectasis": P}),
    # a distended / dilated stomach or bowel written as a predicate is another abnormality, as
    # "distended stomach" already was: No Finding off; a denied one is not (round ol)
    ("Clear lungs. The gastric bubble is large and the stomach is distended by gas.", {"No Finding": M}),
    ("No acute findings in the chest. Small bowel loops are markedly dilated.", {"No Finding": M}),
    ("The lungs are clear. The stomach is not distended.", {"No Finding": P}),
]

ROUND_OM_CASES = [
    # "X is a definite / distinct / real possibility" hedges X as "X is a possibility" does (round om)
    ("Patchy right basal airspace disease; aspiration is a definite possibility.", {"Lung Opacity": P, "Pneumonia": U}),
    ("Early edema remains a distinct possibility.", {"Edema": U}),
    ("A small left effusion is a real possibility given the blunted contour.", {"Pleural Effusion": U}),
    ("Pneumonia is definitely present in the lingula.", {"Pneumonia": P}),
    # "the opacity suggests / indicates X versus Y": the opacity is there, X and Y are the differential (round om)
    ("The left basal opacity suggests collapse versus infection.", {"Lung Opacity": P, "Atelectasis": U, "Pneumonia": U}),
    ("Bibasal opacities indicate atelectasis versus early pneumonia.", {"Lung Opacity": P, "Atelectasis": U, "Pneumonia": U}),
    ("No opacity to suggest pneumonia.", {"Lung Opacity": N, "Pneumonia": N}),
    ("Atelectasis versus pneumonia at the right base.", {"Atelectasis": U, "Pneumonia": U}),
    # calcified plaque of the aorta or other vessels is atherosclerosis, not Pleural Other (round om)
    ("The thoracic aorta is unfolded, with calcified plaque along the arch.", {"Pleural Other": M}),
    ("Atherosclerotic calcified plaques are present at the knob.", {"Pleural Other": M}),
    ("Calcified plaque is seen in the descending aorta.", {"Pleural Other": M}),
    ("Bilateral calcified plaques along the diaphragmatic pleura, from asbestos exposure.", {"Pleural Other": P}),
    ("Calcified pleural plaques are stable.", {"Pleural Other": P}),
    # a lead or wire "abandoned / retained and fractured" is a broken device, not Fracture (round om)
    ("An old pacer lead is retained and fractured in the right ventricle.", {"Fracture": M, "Support Devices": P}),
    ("The sternal wires are intact and there is a fracture of the left clavicle.", {"Fracture": P, "Support Devices": P}),
    ("Sternal wires are unremarkable, fracture of the sixth rib is healing.", {"Fracture": P}),
    # "a small effusion would be difficult to see (if present)": a limit of the film, no effusion named (round om)
    ("A small right pleural effusion would be hard to detect on this supine view.", {"Pleural Effusion": M}),
    ("No effusion. Trace effusions would be very difficult to appreciate in this projection.", {"Pleural Effusion": N}),
    ("A small effusion would be difficult to exclude.", {"Pleural Effusion": U}),
    ("A small effusion is difficult to see behind the heart but is present.", {"Pleural Effusion": P}),
    # "widens the mediastinum"; a widened lower / posterior mediastinum (round om)
    ("An ectatic aorta widens the upper mediastinum.", {"Enlarged Cardiomediastinum": P}),
    ("Postoperative hematoma widening the mediastinum.", {"Enlarged Cardiomediastinum": P}),
    ("A widened posterior mediastinum after esophagectomy is stable.", {"Enlarged Cardiomediastinum": P}),
    ("The mediastinum is not widened.", {"Enlarged Cardiomediastinum": N}),
    # a double-lumen / implanted port, or a port that ends / terminates somewhere, is a device (round om)
    ("Right-sided dual-lumen port with its tip at the cavoatrial junction.", {"Support Devices": P}),
    ("The left port terminates in the low superior vena cava.", {"Support Devices": P}),
    ("An implanted port is seen over the right chest.", {"Support Devices": P}),
    ("No port catheter is seen.", {"Support Devices": N}),
    # "no kinking / migration / malposition of the catheter": the catheter is there (round om)
    ("There is no kinking of the dialysis catheter.", {"Support Devices": P}),
    ("No migration of the stent since the prior study.", {"Support Devices": P}),
    ("No central venous catheter is seen.", {"Support Devices": N}),
    # a tube that "has been pulled (out)" was removed; "pulled back (by 2 cm)" is still there (round om)
    ("The left chest tube has been pulled.", {"Support Devices": N}),
    ("The left chest tube has been pulled out, with no pneumothorax.", {"Support Devices": N, "Pneumothorax": N}),
    ("The endotracheal tube has been pulled back by 2 cm.", {"Support Devices": P}),
    ("The feeding tube was pulled into the esophagus.", {"Support Devices": P}),
]

ROUND_ON_CASES = [
    # a device named after a comma that follows a negation, with a place word ("apical", "basal") or
    # "still / again in place", starts a new statement: the negation does not reach it (round on)
    ("No residual pneumothorax, apical chest tube is still in place.", {"Pneumothorax": N, "Support Devices": P}),
    ("Without residual effusion, right basilar pigtail catheter still in place.", {"Pleural Effusion": N, "Support Devices": P}),
    ("No pneumothorax, apical chest tube removed.", {"Pneumothorax": N, "Support Devices": N}),
    ("No effusion, basal drain or other tube.", {"Pleural Effusion": N, "Support Devices": N}),
    # a hedge on change ("likely unchanged", "probably stable") followed by "with / including / allowing
    # for" a finding is about the change: the finding named after it is there (round on)
    ("Heart and mediastinal contours are probably unchanged with the heart remaining mildly enlarged.", {"Cardiomegaly": P}),
    ("The cardiomediastinal contours appear likely stable allowing for rotation, including moderate cardiomegaly.", {"Cardiomegaly": P}),
    ("The heart is likely enlarged.", {"Cardiomegaly": U}),
    ("The basal opacity may represent stable atelectasis.", {"Lung Opacity": P, "Atelectasis": U}),
    # a wide mediastinum; "a widened appearance to the mediastinum"; "cardiomediastinal and hilar contours
    # are widened"; "mediastinal and cardiac contour enlargement"; fullness in a region of the mediastinum (round on)
    ("Wide mediastinum after cardiac surgery.", {"Enlarged Cardiomediastinum": P}),
    ("There is a widened appearance to the upper mediastinum.", {"Enlarged Cardiomediastinum": P}),
    ("The cardiomediastinal and hilar contours are widened.", {"Enlarged Cardiomediastinum": P}),
    ("Mediastinal and cardiac contour moderate enlargement is stable.", {"Enlarged Cardiomediastinum": P, "Cardiomegaly": P}),
    ("Fullness in the left upper paratracheal region of the mediastinum may be from nodes.", {"Enlarged Cardiomediastinum": P}),
    ("The mediastinum is not wide.", {"Enlarged Cardiomediastinum": N}),
    ("Cardiomediastinal and hilar contours are not widened.", {"Enlarged Cardiomediastinum": N}),
    # "an opacity could be developing pneumonia": the hedge is about the pneumonia, the opacity is
    # there; "pneumonia may be developing" stays uncertain (round on)
    ("New patchy opacity in the left base could be developing pneumonia.", {"Lung Opacity": P, "Pneumonia": U}),
    ("Hazy opacification at the right base may be evolving infection.", {"Lung Opacity": P, "Pneumonia": U}),
    ("Pneumonia may be developing at the left base.", {"Pneumonia": U}),
    # "X is not associated with Y" says Y is absent (round on)
    ("The vascular congestion is not associated with interstitial edema.", {"Edema": N}),
    ("Edema is associated with small bilateral effusions.", {"Edema": P, "Pleural Effusion": P}),
    # "I hesitate to say there is X" and "we cannot be sure there is no X" leave X uncertain (round on)
    ("Vessels are fuller, but I hesitate to say there is frank edema.", {"Edema": U}),
    ("The hila are prominent and we cannot be sure there is no hilar adenopathy.", {"Enlarged Cardiomediastinum": U}),
    ("There is no hilar adenopathy.", {"Enlarged Cardiomediastinum": N}),
    # a line "pulled in the interval and now ends" somewhere is still there (round on)
    ("The right PICC has been pulled in the interval and now terminates in the upper SVC.", {"Support Devices": P}),
    ("The right PICC has been pulled.", {"Support Devices": N}),
    # a nodule placed in the chest wall after all, or masses explained as a goiter, are no Lung Lesion (round on)
    ("A calcified nodule over the left lower lung is actually in the chest wall.", {"Lung Lesion": M}),
    ("Rightward tracheal deviation from masses compatible with a multinodular goiter.", {"Lung Lesion": M}),
    ("A nodule in the left lower lobe is unchanged.", {"Lung Lesion": P}),
    # an opacity projecting over the epigastric region is not in the lung (round on)
    ("A dense opacity projects over the epigastric region, likely ingested material.", {"Lung Opacity": M}),
    ("A dense opacity projects over the left lung base.", {"Lung Opacity": P}),
    # a hedge inside parentheses does not reach past the closing parenthesis to "and / with" a finding (round on)
    ("Basal opacities (atelectasis or pneumonia in the right clinical setting) and small bilateral effusions are unchanged.",
     {"Lung Opacity": P, "Pleural Effusion": P}),
    ("A small (possible) left effusion.", {"Pleural Effusion": U}),
    # a comma inside a list after "combination of" not yet closed by "and / or" continues the list, so
    # a hedge before it reaches every item; after the list is closed, a comma ends it (round on)
    ("The basal opacity may reflect a combination of collapse, small effusion and edema.",
     {"Lung Opacity": P, "Atelectasis": U, "Pleural Effusion": U, "Edema": U}),
    ("Basal opacity, likely a combination of atelectasis and effusion, moderate cardiomegaly and a pacemaker are unchanged.",
     {"Cardiomegaly": P, "Support Devices": P}),
    ("No pneumothorax, small effusion and atelectasis.", {"Pneumothorax": N, "Pleural Effusion": P, "Atelectasis": P}),
]

ROUND_OO_CASES = [
    # "no post-procedure / post biopsy X": the procedure word describes the negated finding (round oo)
    ("After the line insertion there is no post procedure pneumothorax.", {"Pneumothorax": N}),
    ("There is no post biopsy pneumothorax.", {"Pneumothorax": N}),
    ("No change post thoracentesis, a small pneumothorax is present.", {"Pneumothorax": P}),
    ("Possible small post procedure pneumothorax at the apex.", {"Pneumothorax": U}),
    # "not (clearly) seen on the prior study": new today, not hedged (round oo)
    ("A small left apical pneumothorax today was not clearly seen on the previous radiograph.", {"Pneumothorax": P}),
    ("The right effusion is not clearly seen on this radiograph.", {"Pleural Effusion": U}),
    ("A left basal opacity, not seen on the earlier film, is new.", {"Lung Opacity": P}),
    # "I suspect there is X", "I hesitate to call this X", "there may not be X" hedge (round oo)
    ("I suspect there is an early lingular infection.", {"Pneumonia": U}),
    ("We suspect that there is a small right effusion.", {"Pleural Effusion": U}),
    ("Faint density at the left base, but I hesitate to call this pneumonia.", {"Pneumonia": U}),
    ("There may not be any lingular collapse.", {"Atelectasis": U}),
    ("There is no collapse of the left lower lobe.", {"Atelectasis": N}),
    ("A small pneumothorax may not be seen on a supine film.", {"Pneumothorax": M}),
    # "X is the most likely explanation / cause"; "difficult to unequivocally exclude" (round oo)
    ("Fluid overload is the most likely explanation for the hazy lungs.", {"Edema": U}),
    ("Aspiration would be the more likely cause of the basal opacity.", {"Pneumonia": U, "Lung Opacity": P}),
    ("Superimposed infection would be difficult to unequivocally exclude.", {"Pneumonia": U}),
    ("It is difficult to definitively exclude a small effusion.", {"Pleural Effusion": U}),
    ("Pulmonary edema is present and is the main finding.", {"Edema": P}),
    # "has largely / partially cleared the X": some X is left (round oo, as "largely resolved")
    ("Since admission she has largely cleared the right basal consolidation.", {"Consolidation": P}),
    ("The left lower lobe consolidation has partially cleared.", {"Consolidation": P}),
    ("The patient has cleared the consolidation.", {"Consolidation": N}),
    ("The right effusion has completely cleared.", {"Pleural Effusion": N}),
    # "noting" and ", where" start a new statement for cues before them (round oo)
    ("Follow-up to exclude a tumor, noting a rounded opacity in the right upper lobe.",
     {"Lung Lesion": U, "Lung Opacity": P}),
    ("No fluid in the pleural space, where the pigtail catheter lies.", {"Pleural Effusion": N, "Support Devices": P}),
    ("No pneumothorax where the chest tube was removed.", {"Pneumothorax": N, "Support Devices": N}),
    # "an indeterminate amount / volume of X": the amount is unknown, X is there (round oo)
    ("An indeterminate volume of left pleural fluid, at least small, is unchanged.", {"Pleural Effusion": P}),
    ("An indeterminate opacity at the right base.", {"Lung Opacity": P}),
    ("Whether this is pneumonia is indeterminate.", {"Pneumonia": U}),
    # a postoperative heart: "enlargement / widening of the postoperative cardiac silhouette" (round oo)
    ("There is enlargement of the post-operative cardiac silhouette.", {"Cardiomegaly": P}),
    ("Mild widening of the post-surgical cardiac silhouette is again seen.", {"Cardiomegaly": P}),
    ("No enlargement of the postoperative cardiac silhouette.", {"Cardiomegaly": N}),
    # a heart that is obscured "but (probably) not enlarged" is judged normal (round oo)
    ("Heart borders are effaced by the effusions, but it is probably not enlarged.", {"Cardiomegaly": N}),
    ("The cardiac silhouette is blurred by atelectasis but not enlarged.", {"Cardiomegaly": N}),
    ("The heart is obscured by fluid, but appears enlarged.", {"Cardiomegaly": P}),
    # a right / left (sided) port is a device; a side port is not read this way (round oo)
    ("Left port is in unchanged position.", {"Support Devices": P}),
    ("A right-sided chest port is again seen.", {"Support Devices": P}),
    ("The side port of the enteric tube lies above the junction.", {"Support Devices": P}),
    # loss of volume in two named lobes is Atelectasis, as volume loss in them is (round oo)
    ("Marked loss of volume in the left upper and lower lobes.", {"Atelectasis": P}),
    ("No loss of volume in the right middle and lower lobes.", {"Atelectasis": N}),
    ("Mild loss of volume at the lung bases.", {"Atelectasis": M}),
    # pleural scars and nodularity of the pleura are Pleural Other, not Lung Lesion; hilar nodularity is
    # not a lung lesion either (round oo)
    ("Stable apical pleural scars.", {"Pleural Other": P}),
    ("Nodularity of the right pleura is better seen on CT.", {"Pleural Other": P, "Lung Lesion": M}),
    ("Nodularity of the left hilum is unchanged.", {"Lung Lesion": M}),
    ("Nodularity in the right upper lobe is new.", {"Lung Lesion": P}),
    # "failure of the lung to fill / expand" is not heart failure (round oo)
    ("This probably reflects failure of the left lung to re-expand.", {"Edema": M}),
    ("Findings probably reflect mild failure.", {"Edema": U}),
    # fluid pooling in the pleural space, fluid in either pleural space (round oo)
    ("There is fluid pooling in the left pleural space.", {"Pleural Effusion": P}),
    ("No evidence of fluid in either pleural space.", {"Pleural Effusion": N}),
    # a wire "(, visible on one view,) is fractured" is a broken device, not Fracture (round oo)
    ("One sternal wire, visible only on the lateral image, is fractured.", {"Fracture": M, "Support Devices": P}),
    ("The sixth rib, visible only on the lateral image, is fractured.", {"Fracture": P}),
    # aspergillosis is a fungal lung infection, Pneumonia (round oo)
    ("Cavitary lesions in the left lung, known invasive aspergillosis.", {"Pneumonia": P, "Lung Lesion": P}),
    ("No findings to suggest aspergillosis.", {"Pneumonia": N}),
    # an infection that "would not be recognizable" is a limit of the film (round oo)
    ("Early pneumonia would not be recognizable on this film.", {"Pneumonia": M}),
    # "suggesting that there is (now) X" hedges X, as "suggesting X" does (round oo)
    ("Vessels are indistinct, suggesting that there is some edema.", {"Edema": U}),
    ("Lung volumes are low, suggesting that there is some basal atelectasis.", {"Atelectasis": U}),
    ("There is mild interstitial edema.", {"Edema": P}),
    # ", left chest tube still in place" after a negated list is a new statement (round oo)
    ("Without pneumothorax, right-sided chest tube still in place.",
     {"Pneumothorax": N, "Support Devices": P}),
    ("No pneumothorax, effusion, or drain is seen.", {"Support Devices": N}),
    # "free of / no infectious changes or atelectasis": "changes" in a list does not stop the negation (round oo)
    ("No inflammatory changes or collapse.", {"Atelectasis": N}),
    ("No acute changes or effusion.", {"Pleural Effusion": N}),
    ("No change in the basal atelectasis.", {"Atelectasis": P}),
    # "either X or Y, accompanied by Z": the differential does not reach Z (round oo)
    ("Dense left lower lobe opacity, either atelectasis or aspiration, accompanied by trace pleural fluid.",
     {"Lung Opacity": P, "Atelectasis": U, "Pneumonia": U, "Pleural Effusion": P}),
    ("Differential includes atelectasis or pneumonia and a small effusion.", {"Pleural Effusion": U}),
    # an esophagogastric / gastroesophageal stent is a gut stent, not a support device (round oo)
    ("The gastroesophageal stent is unchanged.", {"Support Devices": M}),
    ("A tracheal stent is in place.", {"Support Devices": P}),
    # a pseudoaneurysm is another abnormality: No Finding off (round oo)
    ("No acute process. Stable aortic pseudoaneurysm.", {"No Finding": M}),
    ("No acute process.", {"No Finding": P}),
    # a risk of / screening for lung cancer names no lesion (round oo)
    ("Smoker at high risk for lung cancer; CT to exclude a mass is suggested.", {"Lung Lesion": U}),
    ("High risk for lung cancer; no nodule is seen.", {"Lung Lesion": N}),
    ("Known lung cancer in the right upper lobe.", {"Lung Lesion": P}),
    # "neither the PA nor the lateral view shows evidence of X" negates X (round oo)
    ("Neither the PA nor the lateral image shows evidence of infection.", {"Pneumonia": N}),
    ("Neither view shows any evidence of pleural effusion.", {"Pleural Effusion": N}),
    ("The lateral view shows evidence of pneumonia.", {"Pneumonia": P}),
    # "no evidence, however, of X": the aside does not cut the negation (round oo)
    ("No evidence, however, of congestive failure or consolidation.", {"Edema": N, "Consolidation": N}),
    ("Small effusion; however, there is edema.", {"Edema": P}),
    # "alternative / differential diagnoses of X and Y" hedge what they list (round oo)
    ("Alternative diagnoses of infection or edema should be weighed.", {"Pneumonia": U, "Edema": U}),
    # a hedge before "in this patient with X" is not about X (round oo)
    ("Left basal density is probably collapse in a patient with a markedly enlarged heart.",
     {"Atelectasis": U, "Cardiomegaly": P}),
    ("Opacity may represent atelectasis in a patient with known cardiomegaly.", {"Atelectasis": U, "Cardiomegaly": P}),
    ("Possible cardiomegaly.", {"Cardiomegaly": U}),
    # "X, small if any" after a positive mention is uncertain, as after a negated one (round oo)
    ("A left effusion, trace if any, persists.", {"Pleural Effusion": U}),
    ("No significant effusion, small if any.", {"Pleural Effusion": U}),
    ("No collapse and little if any fluid in the pleural space.", {"Atelectasis": N, "Pleural Effusion": U}),
    ("Small right effusion, stable.", {"Pleural Effusion": P}),
    # "..., doubt X" after an introductory clause negates X (round oo)
    ("With the shallow inspiration, doubt frank edema.", {"Edema": N}),
    ("No doubt, there is a large effusion.", {"Pleural Effusion": P}),
    # "concerning mostly / primarily for X" hedges X (round oo)
    ("Right basal density, concerning primarily for aspiration.", {"Pneumonia": U}),
    # "cannot identify / find X" negates X, not a device whose tip is sought (round oo)
    ("We cannot find a central venous catheter.", {"Support Devices": N}),
    ("We cannot identify the tip of the catheter.", {"Support Devices": P}),
    # a past clause "since ___, when the patient was in / had X" reports no X today (round oo)
    ("The heart is smaller than on ___, when the patient was in overt edema.", {"Edema": M}),
    ("Unchanged since ___, when there was also a small effusion. No effusion today.", {"Pleural Effusion": N}),
    ("There is mild edema, as there was on ___.", {"Edema": P}),
    # a nodule that "has involuted" is gone (round oo)
    ("The right upper lobe nodule has since involuted.", {"Lung Lesion": N}),
    # words: calcified pleural and diaphragmatic plaques (PO); "enlarged of the cardiac silhouette" (a
    # dictation slip for enlargement, CM); a heart ", probably normal" (CM 0); a pleural collection (PE);
    # bronchopneumonic infiltrates (PN); a mitral annular ring (SD); a lesion "of 2 cm, located in the
    # right lung" (LL) (round oo)
    ("Calcified diaphragmatic and pleural plaques on both sides.", {"Pleural Other": P}),
    ("Slight enlarged of the cardiac silhouette, as before.", {"Cardiomegaly": P}),
    ("Due to rotation the heart, probably normal, looks wide.", {"Cardiomegaly": N}),
    ("A loculated pleural collection at the left base is unchanged.", {"Pleural Effusion": P}),
    ("Bronchopneumonic change in both lower lobes.", {"Pneumonia": P}),
    ("A tricuspid annular ring is in place.", {"Support Devices": P}),
    ("An oval lesion measuring 15 mm, situated in the lingula, is stable.", {"Lung Lesion": P}),
    ("No focal lesion in the right lung.", {"Lung Lesion": N}),
]

ROUND_OP_CASES = [
    # heart size: an increase / progression of the heart size or the cardiac silhouette is
    # enlargement; "only / now top normal" and "appears to be within the upper limits of normal"
    # are normal; the range "normal to mildly enlarged" reaches enlargement (as "top normal to
    # mildly enlarged" did); "borderline moderate size" is borderline (round op)
    ("There has been an increase of the heart size since ___.", {"Cardiomegaly": P}),
    ("Interval increase in the cardiac silhouette, possibly from pericardial fluid.",
     {"Cardiomegaly": P}),
    ("Progression of heart size over two years.", {"Cardiomegaly": P}),
    ("No increase in heart size.", {"Cardiomegaly": N}),
    ("The heart is only top-normal in size.", {"Cardiomegaly": N}),
    ("The heart size has improved since ___ and is now top normal.", {"Cardiomegaly": N}),
    ("The heart is hard to judge but appears to be at the upper limits of normal.", {"Cardiomegaly": N}),
    ("The cardiac silhouette appears to be within the upper limits of normal.", {"Cardiomegaly": N}),
    ("The heart is normal to mildly enlarged.", {"Cardiomegaly": P}),
    ("Heart size is normal, unchanged.", {"Cardiomegaly": N}),
    ("Borderline moderate enlargement of the cardiac silhouette.", {"Cardiomegaly": P}),
    # hedges: "no way to exclude", "conceivably", "I am not sure that this is", "is considered most
    # likely", "look for", "raise(s) concern for", "correlation is advised for" (round op)
    ("No way to exclude a small effusion on this film.", {"Pleural Effusion": U}),
    ("There is no pneumonia.", {"Pneumonia": N}),
    ("The basal opacity is atelectasis, though conceivably also early infection.",
     {"Pneumonia": U, "Atelectasis": P}),
    ("Streaky density at the left base, though we are not certain that it is an infection.",
     {"Pneumonia": U}),
    ("Aspiration is considered most likely given the history.", {"Pneumonia": U}),
    ("A pneumonia is considered unlikely.", {"Pneumonia": N}),
    ("A chest CT to look for an underlying mass is suggested.", {"Lung Lesion": U}),
    ("The new density raises concern for pneumonia.", {"Pneumonia": U}),
    ("Clinical correlation is advised for signs of infection.", {"Pneumonia": U}),
    # a purpose clause after a negated list is negated with it: "no A or B to indicate / to raise
    # concern for X" (round op)
    ("No fluid or vascular engorgement to indicate heart failure.", {"Edema": N}),
    ("There is no effusion or septal thickening to raise concern for congestive failure.", {"Edema": N}),
    # "likely / probably slightly smaller X" hedges the size, not the finding (round op)
    ("Likely slightly larger left basilar pneumothorax than yesterday.", {"Pneumothorax": P}),
    ("There is likely a small apical pneumothorax.", {"Pneumothorax": U}),
    # "I doubt that the patient is in X" and "nothing to suggest X" negate (round op)
    ("We doubt that she has edema at this time.", {"Edema": N}),
    ("There is nothing to suggest a pneumothorax.", {"Pneumothorax": N}),
    ("Nothing has changed and the small effusion persists.", {"Pleural Effusion": P}),
    # ", indicating" starts a new statement after a negation (round op)
    ("No shift of the heart, indicating collapse of the underlying lobe.", {"Atelectasis": P}),
    ("No shift of the mediastinum and no lobar collapse.", {"Atelectasis": N}),
    # ", with or without X," inside a hedged list does not end the list (round op)
    ("Considerations include vasculitis, with or without hemorrhage, and atypical infection.",
     {"Pneumonia": U}),
    ("Bibasilar opacities may be atelectasis, with or without superimposed aspiration.",
     {"Pneumonia": U}),
    # "not seen on ___." (a blanked date) says the finding is new; "not seen in ___ study" still
    # negates (round op)
    ("A right basal opacity was not seen on ___.", {"Lung Opacity": P}),
    ("A right basal opacity is not seen.", {"Lung Opacity": N}),
    ("The previous mass is not seen in ___ study.", {"Lung Lesion": N}),
    # words: central / intrathoracic lymph node enlargement (EC); engorged pulmonary vessels and a
    # displaced trachea (other abnormalities: No Finding off); compression of a vertebral body
    # (Fracture, as a compression deformity); pleural nodulation (PO); nodules of the axilla or the
    # thyroid, infectious symptoms and a film's low sensitivity for fractures name no finding; blunting
    # of "what appears to be" the costophrenic angle (PE) (round op)
    ("Central lymph node enlargement is present.", {"Enlarged Cardiomediastinum": P}),
    ("No evidence of intrathoracic lymph node enlargement.", {"Enlarged Cardiomediastinum": N}),
    ("The pulmonary vessels are mildly engorged. The lungs are clear.", {"No Finding": M}),
    ("The pulmonary vasculature is not engorged. The lungs are clear.", {"No Finding": P}),
    ("A goiter is displacing the trachea to the left. The lungs are clear.", {"No Finding": M}),
    ("Mild compression of a lower thoracic vertebral body is unchanged.", {"Fracture": P}),
    ("No compression of the thoracic vertebral bodies.", {"Fracture": N}),
    ("Irregular pleural nodulation along the left chest wall.", {"Pleural Other": P}),
    ("A nodule in the right axilla is unchanged.", {"Lung Lesion": M}),
    ("A nodule in the right upper lobe is unchanged.", {"Lung Lesion": P}),
    ("A 1 cm nodule in the right lobe of the thyroid is unchanged.", {"Lung Lesion": M}),
    ("The patient has no infectious symptoms.", {"Pneumonia": M}),
    ("Radiographs have low sensitivity for rib fractures.", {"Fracture": M}),
    ("A healing left rib fracture is seen.", {"Fracture": P}),
    ("Blunting of what seems to be the left costophrenic angle.", {"Pleural Effusion": P}),
    # a negation that ends in its predicate ("is no longer seen", "is not enlarged") does not reach
    # past "and" into the next clause's subject (round op)
    ("The old left effusion is no longer seen and a right effusion is small if any.",
     {"Pleural Effusion": U}),
    ("The right effusion is no longer present and pneumothorax is unchanged.",
     {"Pleural Effusion": N, "Pneumothorax": P}),
    ("No effusion and pneumothorax.", {"Pleural Effusion": N, "Pneumothorax": N}),
    # a modality's sensitivity to detect mediastinal lesions names no lesion (round op, as the
    # sensitivity rules for nodules and fractures)
    ("Cross-sectional imaging is more sensitive for small mediastinal masses.",
     {"Enlarged Cardiomediastinum": M}),
    ("A small mediastinal mass is present.", {"Enlarged Cardiomediastinum": P}),
]

ROUND_OQ_CASES = [
    # widening of a named part of the mediastinum ("of the left upper mediastinum", "of the upper
    # portion of the mediastinum", "the mediastinum at this level is widened") and fullness in a
    # paratracheal station or region, whatever cause follows (round oq)
    ("Widening of the left upper mediastinum is stable, probably vascular.", {"Enlarged Cardiomediastinum": P}),
    ("Mild widening of the upper portion of the mediastinum.", {"Enlarged Cardiomediastinum": P}),
    ("The mediastinum at this level is slightly widened.", {"Enlarged Cardiomediastinum": P}),
    ("Fullness in the left paratracheal region may reflect nodes.", {"Enlarged Cardiomediastinum": P}),
    ("No widening of the upper mediastinum.", {"Enlarged Cardiomediastinum": N}),
    ("The upper mediastinum is normal.", {"Enlarged Cardiomediastinum": N}),
    # "hilus" is read as hilum / hila: its enlargement is Enlarged Cardiomediastinum (round oq)
    ("The left hilus is enlarged.", {"Enlarged Cardiomediastinum": P}),
    ("Enlargement of the lower pole of the right hilus.", {"Enlarged Cardiomediastinum": P}),
    ("The right hilus is not enlarged.", {"Enlarged Cardiomediastinum": N}),
    # past clauses: "when X was present", "when the patient was probably in X and also had Y", "X
    # was present on ___, not currently" report no X for this study (round oq)
    ("The effusion is smaller than on ___ when edema was present.", {"Edema": M, "Pleural Effusion": P}),
    ("Since ___, when she was likely in heart failure and also had small effusions, the heart has shrunk.",
     {"Edema": M, "Pleural Effusion": M}),
    ("Interstitial edema was seen on ___, not now.", {"Edema": N}),
    ("Some interstitial edema was noted on ___, not at present.", {"Edema": N}),
    ("Mild edema is present, as it was on ___.", {"Edema": P}),
    # what earlier studies showed, named as their content, is history (round oq)
    ("Outside films showing the reported infection would help.", {"Pneumonia": M}),
    ("Old examinations that showed an effusion are not available.", {"Pleural Effusion": M}),
    ("Prior films showed a small effusion, which is larger today.", {"Pleural Effusion": P}),
    ("A small effusion is shown today.", {"Pleural Effusion": P}),
    # "no X and Y are small / unchanged": the "and" starts a new statement (round oq)
    ("There is no edema and the effusions are unchanged.", {"Edema": N, "Pleural Effusion": P}),
    ("No pneumothorax and effusions are small.", {"Pneumothorax": N, "Pleural Effusion": P}),
    ("No effusion or pneumothorax.", {"Pleural Effusion": N, "Pneumothorax": N}),
    ("Effusion and probable right middle and lower lobe collapse are unchanged.", {"Atelectasis": U}),
    # hedges: "conceivably (this is)", "X is just / equally as likely", "concern about X", requests to
    # look at the lungs for X; "X indeterminate" at the end of a statement (round oq)
    ("Conceivably this is a small area of collapse.", {"Atelectasis": U}),
    ("Conceivably, this represents a small pleural collection.", {"Pleural Effusion": U}),
    ("Collapse may explain it, though infection is just as likely.", {"Pneumonia": U}),
    ("There is some concern about infection at the left base.", {"Pneumonia": U}),
    ("Evaluate the chest for occult infection with CT.", {"Pneumonia": U}),
    ("Oblique views are suggested in order to assess any nodule.", {"Lung Lesion": U}),
    ("Left-sided pleural fluid indeterminate.", {"Pleural Effusion": U}),
    ("Compression deformity of a lumbar body, age indeterminate.", {"Fracture": P}),
    ("A small left pleural effusion.", {"Pleural Effusion": P}),
    # negation: "neither the frontal nor the lateral image shows X", "X does not persist",
    # "unlikely due to X" negates X and leaves the subject (a catheter it is not related to stays)
    # (round oq)
    ("Neither the PA nor the lateral projection shows an effusion.", {"Pleural Effusion": N}),
    ("The right basal nodule does not persist.", {"Lung Lesion": N}),
    ("Interstitial prominence is unlikely due to heart failure.", {"Lung Opacity": P, "Edema": N}),
    ("The opacity is unlikely to be related to the chest tube.", {"Lung Opacity": P, "Support Devices": P}),
    # "decompensation of" a known finding does not negate it (round oq)
    ("No sign of decompensation of the known cardiomegaly.", {"Cardiomegaly": P}),
    ("No cardiomegaly or decompensation.", {"Cardiomegaly": N}),
    # words: lungs "edematous" (Edema); infections of the sternum, chest wall, spine or a device
    # pocket are not pneumonia; "loss of height" of a lobe is no fracture; a device "one of which is
    # fractured" is a broken device; sentences on the sensitivity of rib-fracture detection mention no
    # fracture; a nodule that "proved to be" a nipple or is "thought to have been" projectional is not a
    # lesion (round oq)
    ("The left lung is mildly edematous.", {"Edema": P}),
    ("The lungs are not edematous.", {"Edema": N}),
    ("Clinical concern for a sternal infection.", {"Pneumonia": M}),
    ("Chest wall infection near the port cannot be assessed.", {"Pneumonia": M}),
    ("Basal infection cannot be excluded.", {"Pneumonia": U}),
    ("Some loss of height of the right middle lobe.", {"Fracture": M}),
    ("Loss of height of a thoracic vertebral body.", {"Fracture": P}),
    ("Spinal fixation devices are seen, two of which are fractured.", {"Fracture": M, "Support Devices": P}),
    ("A rib series has greater sensitivity for the detection of rib fractures.", {"Fracture": M}),
    ("An acute rib fracture on the left.", {"Fracture": P}),
    ("On the repeat film the supposed nodule proved to be a nipple.", {"Lung Lesion": M}),
    ("The small nodule on the last study is now thought to have been projectional.", {"Lung Lesion": M}),
    ("The nodule in the lingula is stable.", {"Lung Lesion": P}),
    # "presumably / conceivably this is / was X" hedges X across the copula (round oq)
    ("Presumably this is collapse of the middle lobe.", {"Atelectasis": U}),
    ("This is collapse of the middle lobe.", {"Atelectasis": P}),
    # an effusion or mass "collapsing" a lobe or lung names collapse (Atelectasis) (round oq)
    ("A large effusion is collapsing most of the left lower lobe.", {"Atelectasis": P, "Pleural Effusion": P}),
    ("A mass possibly collapsing the right upper lobe.", {"Atelectasis": U}),
    # enlargement of the transverse diameter of the heart is Cardiomegaly, also when put down to the
    # technique (as the documented convention for the heart) (round oq)
    ("Enlargement of the transverse diameter of the heart, exaggerated by low volumes.", {"Cardiomegaly": P}),
    ("The shallow inspiration exaggerates the transverse diameter of the heart.", {"Cardiomegaly": M}),
    # a pulmonary artery said to be enlarged or dilated is another abnormality (No Finding off) (round oq)
    ("The main pulmonary artery is dilated. Lungs are clear.", {"No Finding": M}),
    ("Lungs are clear. The heart is normal.", {"No Finding": P}),
    # a hedge on a device's disruption, fracture or displacement leaves the device there (round oq)
    ("Possible fracture of one of the sternal wires.", {"Support Devices": P, "Fracture": M}),
    ("Possible malposition of the feeding tube.", {"Support Devices": P}),
    ("Possible small pneumothorax.", {"Pneumothorax": U}),
    # "not diagnostic of X" (also after "consistent with but") leaves X uncertain (round oq)
    ("Appearance compatible with, though not diagnostic of, pneumonia.", {"Pneumonia": U}),
    ("The appearance is not diagnostic of an effusion.", {"Pleural Effusion": U}),
    ("There is not an effusion.", {"Pleural Effusion": N}),
    # "useful / definitive in excluding X" is a request about X (uncertain), as "to exclude X" (round oq)
    ("A CT would be useful in excluding metastatic nodules.", {"Lung Lesion": U}),
    ("The lungs are clear, excluding a small scar.", {"Lung Lesion": M}),
    # lesions a film "would miss", and nodules or masses of the thyroid, pleura or bone, are no Lung
    # Lesion; an opacity that corresponds to a rib lesion is no Lung Opacity (round oq)
    ("Tiny nodules could be missed on radiographs.", {"Lung Lesion": M}),
    ("A nodule in the right lobe of the thyroid is stable.", {"Lung Lesion": M}),
    ("To exclude a pleural malignancy, CT is advised.", {"Lung Lesion": M}),
    ("CT shows the density on the fifth rib corresponds to a bone island.", {"Lung Opacity": M}),
    ("A nodule in the right upper lobe is stable.", {"Lung Lesion": P}),
    # a device noun followed by a new noun phrase ends a negation's reach: "after removal of the drain a
    # pneumothorax has developed" (round oq)
    ("After removal of the chest tube a tiny apical pneumothorax is seen.", {"Pneumothorax": P}),
    ("No chest tube or pneumothorax.", {"Pneumothorax": N}),
    # history: "in this patient with a history of <condition> and infection", opacities "consistent with
    # prior pneumonia" (an earlier pneumonia, not today's); "previous early X" is not hedged by "early",
    # and "X there has resolved" negates (round oq)
    ("For a patient who had a history of leukemia and fungal infection, CT is suggested.", {"Pneumonia": M}),
    ("Band-like scarring in the lingula from a prior pneumonia.", {"Pneumonia": M}),
    ("The left basal opacity is consistent with pneumonia.", {"Pneumonia": P}),
    ("The previous pneumonia has worsened.", {"Pneumonia": P}),
    ("Prior early edema in the right lung there has cleared.", {"Edema": N}),
    ("The edema there has largely resolved.", {"Edema": P}),
    ("Early edema at the bases.", {"Edema": U}),
    # "the questioned X is no longer seen / does not persist / has resolved": the question was about
    # an earlier film, the finding is gone now (round oq)
    ("The questioned left apical nodule from last week is no longer visible.", {"Lung Lesion": N}),
    ("The questioned opacity at the right base is no longer visible.", {"Lung Opacity": N}),
    ("The questioned nodule is again seen.", {"Lung Lesion": U}),
    ("Questioned nodule in the left upper lobe.", {"Lung Lesion": U}),
]

ROUND_OR_CASES = [
    # a predicate negation ending in its adjective ("is not enlarged") does not reach past "and" into
    # a new clause whose finding has its own verb; "no A and B is seen" stays a negated list (round or)
    ("The cardiac silhouette is not enlarged and mild interstitial edema is present.",
     {"Cardiomegaly": N, "Edema": P}),
    ("Mediastinal width is not increased and a right lower lobe pneumonia is seen.",
     {"Pneumonia": P}),
    ("Heart is not enlarged and interstitial edema has developed since ___.", {"Edema": P}),
    ("The heart is not enlarged and edema is not seen.", {"Cardiomegaly": N, "Edema": N}),
    ("No consolidation and pneumothorax is identified.", {"Consolidation": N, "Pneumothorax": N}),
    ("Neither effusion nor pneumothorax.", {"Pleural Effusion": N, "Pneumothorax": N}),
    # "no evidence for the presence of a persistent X": the adjective after the article does not
    # block the negation (round or)
    ("There is now no evidence for the presence of a persistent left pneumothorax.",
     {"Pneumothorax": N}),
    ("The left pneumothorax is persistent.", {"Pneumothorax": P}),
    # "no acute changes such as X or Y" negates the examples (round or)
    ("No acute changes such as edema or consolidation.", {"Edema": N, "Consolidation": N}),
    ("No change in the small right effusion.", {"Pleural Effusion": P}),
    # "no change(s) in X to suggest Y" negates Y, as "no X to suggest Y" does (round or)
    ("There are no changes in the hilar contours to suggest new lymphadenopathy.",
     {"Enlarged Cardiomediastinum": N}),
    ("No change in the left effusion to suggest empyema.", {"Pleural Effusion": P}),
    # hedges: "the most likely differential diagnosis", "are reasonable alternatives", "not entirely
    # clear that this is X", "to confirm / to detect X", "purported" (round or)
    ("Of the causes listed, lobar pneumonia remains the most likely differential diagnosis.",
     {"Pneumonia": U}),
    ("Hemorrhage and edema would be plausible alternatives.", {"Edema": U}),
    ("We are not completely certain that this represents early edema.", {"Edema": U}),
    ("A CT scan to confirm a small pneumothorax would be helpful.", {"Pneumothorax": U}),
    ("Short-interval follow-up is advised to detect a developing pneumonia.", {"Pneumonia": U}),
    ("The outside records describe a purported left lower lobe pneumonia.", {"Pneumonia": U}),
    ("The lateral view confirms a small right effusion.", {"Pleural Effusion": P}),
    # "atypical for X" argues against X (negative); an atypical pneumonia is a pneumonia (round or)
    ("The rounded shape would be atypical for infection.", {"Pneumonia": N}),
    ("The findings suggest an atypical pneumonia.", {"Pneumonia": U}),
    ("There is an atypical pneumonia in the right lung.", {"Pneumonia": P}),
    # a hedged earlier finding whose own verb says it is gone is negative (round or)
    ("The previous edema and probable superimposed infection have all cleared.",
     {"Edema": N, "Pneumonia": N}),
    ("Possible left basal atelectasis has completely resolved.", {"Atelectasis": N}),
    ("Possible left basal atelectasis has partially resolved.", {"Atelectasis": U}),
    # "notably / particularly in ..." is an aside: the later verb still judges the finding (round or)
    ("Earlier opacities, notably at the left base, have completely cleared.", {"Lung Opacity": N}),
    ("Opacities, notably at the left base, persist.", {"Lung Opacity": P}),
    # "document radiographic clearance of X" presumes X, as "document resolution of" (round or)
    ("Follow-up films are advised to document radiographic clearance of the left basal opacity.",
     {"Lung Opacity": U}),
    # words: a hilus spelled out is a hilum; pleural gas and an air-filled pleural space are
    # pneumothorax; transvenous leads (chamber words between) and a pectoral / axillary generator are
    # devices; a thoracic inlet mass is no lung lesion (round or)
    ("The left hilus is mildly enlarged.", {"Enlarged Cardiomediastinum": P}),
    ("Normal size of the left hilus.", {"Enlarged Cardiomediastinum": M}),
    ("A small collection of pleural gas is seen at the apex.", {"Pneumothorax": P}),
    ("The air-filled pleural space at the right base is smaller.", {"Pneumothorax": P}),
    ("No pleural gas is seen.", {"Pneumothorax": N}),
    ("Gas in the soft tissues of the neck.", {"Pneumothorax": M}),
    ("Transvenous right atrial and right ventricular leads are unchanged.", {"Support Devices": P}),
    ("The leads arise from a left pectoral generator.", {"Support Devices": P}),
    ("ECG leads overlie the chest.", {"Support Devices": M}),
    ("A thoracic inlet mass displaces the trachea.", {"Lung Lesion": M}),
    ("A right upper lobe mass is seen.", {"Lung Lesion": P}),
]

ROUND_OS_CASES = [
    # "the patient does not have X" negates X; "to determine / make sure that she does not have X"
    # or "that this is not X" leaves X in question (round os)
    ("This patient does not have interstitial edema or a sizable effusion.",
     {"Edema": N, "Pleural Effusion": N}),
    ("He does not have any pneumothorax after the procedure.", {"Pneumothorax": N}),
    ("A repeat film is advised to determine that he does not have an early pneumonia.", {"Pneumonia": U}),
    ("Follow-up in six weeks to make sure that this is not a nodule.", {"Lung Lesion": U}),
    ("The patient has a small left effusion.", {"Pleural Effusion": P}),
    # "I doubt that this is X" negates as "I doubt that the patient has X" did (round os)
    ("We doubt that this is an infiltrate from aspiration.", {"Pneumonia": N}),
    ("I doubt these are real nodules.", {"Lung Lesion": N}),
    ("I suspect that this is a developing consolidation.", {"Consolidation": U}),
    # "cannot represent X" negates X; "cannot be excluded" still hedges (round os)
    ("Given its location the opacity cannot represent aspiration pneumonia.", {"Pneumonia": N}),
    ("Pneumonia cannot be excluded.", {"Pneumonia": U}),
    # "no evidence is seen of X" negates as "no evidence of X" does (round os)
    ("No evidence is seen of pleural effusion today.", {"Pleural Effusion": N}),
    ("No evidence is found of a pneumothorax on the lateral view.", {"Pneumothorax": N}),
    # "resorption / reabsorption of X" is its resolution (round os)
    ("Interval resorption of the small apical pneumothorax.", {"Pneumothorax": N}),
    ("Partial resorption of the right effusion since the tap.", {"Pleural Effusion": P}),
    # a finding that "would be obscured / masked" by another is a limit of the film: uncertain, not
    # seen (round os)
    ("An early infiltrate would be masked by the scarring at the bases.", {"Lung Opacity": U}),
    ("A small nodule would be obscured by the dense apical fibrosis.", {"Lung Lesion": U}),
    ("The scarring obscures the left heart border.", {"Lung Opacity": M}),
    # "X would be a possible differential (diagnosis)", "X is an alternative" hedge X (round os)
    ("Aspiration pneumonia would be a possible differential diagnosis.", {"Pneumonia": U}),
    ("Subsegmental atelectasis is an alternative.", {"Atelectasis": U}),
    ("Atelectasis is present at the left base.", {"Atelectasis": P}),
    # "I would think instead of X", "I would guess (that) this is X" hedge X; a guess about the
    # chronicity of a finding leaves the finding (round os)
    ("This could be edema, but I would think instead of an atypical infection.", {"Pneumonia": U}),
    ("I would guess that this is a small loculated effusion.", {"Pleural Effusion": U}),
    ("I would guess the interstitial opacity is chronic.", {"Lung Opacity": P}),
    # a dilated heart and "enlargement of cardiac size" are Cardiomegaly (round os)
    ("The heart is moderately dilated, unchanged.", {"Cardiomegaly": P}),
    ("Progressive enlargement of cardiac size since the last study.", {"Cardiomegaly": P}),
    ("The heart is not dilated.", {"Cardiomegaly": N}),
    ("The ascending aorta is dilated.", {"Cardiomegaly": M}),
    # enlargement of the hilar structures and fullness in the mediastinum are Enlarged
    # Cardiomediastinum (round os)
    ("Slight enlargement of the hilar structures on both sides.", {"Enlarged Cardiomediastinum": P}),
    ("There is fullness in the mediastinum at the level of the arch, perhaps vascular.",
     {"Enlarged Cardiomediastinum": P}),
    ("No enlargement of the hilar structures.", {"Enlarged Cardiomediastinum": N}),
    # a vertebral wedge deformity is a compression fracture (the documented compression-deformity
    # convention); bare "wedging" stays unread (round os)
    ("Old wedge deformity of a lower thoracic vertebra.", {"Fracture": P}),
    ("No wedge deformity of the thoracic spine.", {"Fracture": N}),
    ("Mild anterior wedging of a midthoracic vertebral body, likely developmental.", {"Fracture": M}),
    # a nodule "seen in the left thyroid lobe" is no lung lesion (round os)
    ("Tracheal shift due to a nodule noted in the right thyroid lobe.", {"Lung Lesion": M}),
    ("A nodule in the right upper lobe.", {"Lung Lesion": P}),
    # a film's lowered sensitivity for pneumonia names no pneumonia (round os)
    ("Overlying scarring lowers the sensitivity for detection of pneumonia at the base.", {"Pneumonia": M}),
    ("Poor sensitivity of portable films for early infection is noted.", {"Pneumonia": M}),
    # fibrous healing of an earlier pneumonia, and what outside-hospital (OSH) films showed, are not
    # today's pneumonia (round os)
    ("Pleural tenting likely reflects fibrous healing of a previous right basal pneumonia.", {"Pneumonia": M}),
    ("The OSH radiographs demonstrating an infiltrate are not available for comparison.", {"Lung Opacity": M}),
    ("There is a new right basal pneumonia.", {"Pneumonia": P}),
    # a past clause "when the patient was also / still in X" reports no X today (round os)
    ("Effusions are smaller than on ___, when the patient was also in mild interstitial edema.",
     {"Edema": M, "Pleural Effusion": P}),
    ("Moderate interstitial edema is present today.", {"Edema": P}),
    # a thyroid nodule, a thoracic inlet mass or an axillary mass is no Lung Lesion (rounds op, or) but is
    # still an abnormality: No Finding goes off (lead, after round or); a negated one leaves it on
    ("Known left thyroid nodule. The lungs are clear.", {"No Finding": M, "Lung Lesion": M}),
    ("There is a mass at the thoracic inlet on the right. No pneumothorax.",
     {"No Finding": M, "Lung Lesion": M, "Pneumothorax": N}),
    ("A soft tissue mass in the right axilla. Heart size is normal.",
     {"No Finding": M, "Lung Lesion": M, "Cardiomegaly": N}),
    ("No thyroid mass is seen. The lungs are clear.", {"No Finding": P, "Lung Lesion": M}),
    # a resected nodule or mass is a postoperative chest, as a wedge resection is: No Finding goes off,
    # and the nodule is gone (no Lung Lesion) (lead, after round ol); a skin excision is not
    ("Status post resection of a left upper lobe nodule. The lungs are clear.",
     {"No Finding": M, "Lung Lesion": M}),
    ("Prior right lower lobe nodule resection. No pneumothorax.",
     {"No Finding": M, "Lung Lesion": M, "Pneumothorax": N}),
    ("Skin lesion excision site on the back. The lungs are clear.", {"No Finding": P, "Lung Lesion": M}),
]

ROUND_OT_CASES = [
    # an increase in the size, diameter or width of a hilum or of the mediastinum is enlargement, and
    # soft-tissue prominence in the mediastinum is Enlarged Cardiomediastinum (round ot)
    ("Since the last film the width of the upper mediastinum shows an increase in the left mediastinal width.",
     {"Enlarged Cardiomediastinum": P}),
    ("Marked increase in the caliber of both hila since the prior study.", {"Enlarged Cardiomediastinum": P}),
    ("Growing soft tissue prominence in the left upper mediastinum.", {"Enlarged Cardiomediastinum": P}),
    ("No increase in the size of the left hilum.", {"Enlarged Cardiomediastinum": N}),
    ("The hila are normal in size.", {"Enlarged Cardiomediastinum": N}),
    # "X is felt / thought to be unlikely due to <a normal feature>": the reason is no finding, so X is
    # negated; "unlikely due to X" still negates X and leaves its subject (round oq) (round ot)
    ("Cardiac failure edema is thought to be unlikely due to the normal heart size.", {"Edema": N}),
    ("The basal opacity is unlikely due to aspiration pneumonia.", {"Lung Opacity": P, "Pneumonia": N}),
    # "includes, but is not limited to, X" keeps the list's hedge; "without (the) benefit of prior films"
    # negates nothing (round ot)
    ("The differential includes, but is not limited to, infection and hemorrhage.", {"Pneumonia": U}),
    ("Without the benefit of older studies we cannot exclude a small pneumothorax.", {"Pneumothorax": U}),
    ("Without pleural effusion.", {"Pleural Effusion": N}),
    # "no (radiographic) findings otherwise of X" negates X (round ot)
    ("The heart is larger; there are no findings otherwise of congestive failure.",
     {"Cardiomegaly": P, "Edema": N}),
    ("The lungs are otherwise clear but there is edema at the bases.", {"Edema": P}),
    # "substantial, if not complete, X" is at least substantial X: positive, not hedged (round ot)
    ("The right lower lobe shows extensive, if not complete collapse.", {"Atelectasis": P}),
    ("Small, if not trace, right effusion.", {"Pleural Effusion": P}),
    ("The opacity, if not atelectasis, is pneumonia.", {"Atelectasis": U}),
    # "the first diagnosis to consider is X" and "(other / possible) causes include X" hedge X (round ot)
    ("Given the larger heart, the main diagnosis to consider is interstitial edema.", {"Edema": U}),
    ("Possible causes include hemorrhage or pneumonia.", {"Pneumonia": U}),
    ("The effusion is large. Pneumonia is present in the left lower lobe.",
     {"Pleural Effusion": P, "Pneumonia": P}),
    # a "wedge-shaped deformity" of a vertebra and a "reduction in height" of vertebral bodies are
    # Fracture, as a wedge deformity and loss of height are (documented convention) (round ot)
    ("Wedge-shaped deformity of a mid thoracic vertebral body is unchanged.", {"Fracture": P}),
    ("Mild reduction in height of three lower thoracic vertebral bodies.", {"Fracture": P}),
    ("No reduction in vertebral body height.", {"Fracture": N}),
    ("Reduction in the volume of the left lung.", {"Fracture": M}),
    # a blunted costophrenic sinus is blunting (documented convention), also after "however" (round ot)
    ("The right costophrenic sinus, again, remains blunted.", {"Pleural Effusion": P}),
    ("Blunting of the posterior costophrenic sinus on the lateral view.", {"Pleural Effusion": P}),
    ("The costophrenic sinuses are not blunted.", {"Pleural Effusion": N}),
    # densities in the lung: patchy areas of density, a density overlying a lung, a density in a mid-lung
    # zone are Lung Opacity; bone densities stay out (round ot)
    ("Hazy regions of density at both lung bases.", {"Lung Opacity": P}),
    ("A linear density overlying the left upper lung.", {"Lung Opacity": P}),
    ("There is an oval density in the left mid-lung.", {"Lung Opacity": P}),
    ("A calcified density overlying the left upper lung is a bone island.", {"Lung Opacity": M}),
]

ROUND_OU_CASES = [
    # "a previously not visible / not seen X" announces a new X, it does not negate it; a plain
    # "X is not visible" still negates (round ou)
    ("A previously not visible small fracture of a left lower rib is now noted.", {"Fracture": P}),
    ("There is a formerly not seen small effusion on the left.", {"Pleural Effusion": P}),
    ("The rib fracture described clinically is not visible.", {"Fracture": N}),
    ("No fracture is visible.", {"Fracture": N}),
    # "within (the) upper limits of normal or slightly enlarged" is the documented top-normal-to-
    # enlarged range (positive), as "at the upper limits of normal or mildly enlarged" was; the
    # upper limit of normal alone stays normal (round ou)
    ("Heart size is within the upper limits of normal or slightly enlarged.", {"Cardiomegaly": P}),
    ("The cardiac silhouette is within upper limits of normal.", {"Cardiomegaly": N}),
    # "an unusual / atypical distribution (appearance) for X" or "too asymmetric for X" argues against X;
    # "and suggests / raises concern instead (for) Y" ends that scope and hedges Y (round ou)
    ("The opacities have an atypical appearance for edema and suggest instead an infection.",
     {"Edema": N, "Pneumonia": U}),
    ("The pattern is too asymmetric for hydrostatic edema and raises suspicion instead for pneumonia.",
     {"Edema": N, "Pneumonia": U}),
    ("Asymmetric edema is present in the right lung.", {"Edema": P}),
    ("No effusion and the lungs are clear.", {"Pleural Effusion": N}),
    # "suspicious to represent X" hedges X as "suspicious for X" does (round ou)
    ("A left basal opacity, suspicious to represent an early pneumonia, is seen.", {"Pneumonia": U}),
    ("There is a left basal opacity, which is pneumonia.", {"Pneumonia": P}),
    # "may / could be (a) progression / worsening of X" hedges X; the progression words no longer
    # block the hedge (round ou)
    ("The new densities could be a worsening of known interstitial edema.", {"Edema": U}),
    ("This might represent progression of the infection.", {"Pneumonia": U}),
    ("There is progression of the known pulmonary edema.", {"Edema": P}),
    # "loss of the vertebral body heights" is a compression fracture, as "loss of vertebral body
    # height" is; loss of height of a lobe is not (round ou)
    ("There is mild loss of the vertebral body heights at two lower thoracic levels.", {"Fracture": P}),
    ("Mild loss of height of the right upper lobe is unchanged.", {"Fracture": M}),
    # "widened contour of the left / right upper mediastinum" is Enlarged Cardiomediastinum and turns
    # No Finding off (round ou)
    ("Widened contour of the right upper mediastinum is stable. Lungs are clear.",
     {"Enlarged Cardiomediastinum": P, "No Finding": M}),
    ("No widened contour of the upper mediastinum. Lungs are clear.",
     {"Enlarged Cardiomediastinum": N, "No Finding": P}),
]

ROUND_OV_CASES = [
    # "in the absence of a (prior / lateral ...) study / view / comparison" names a missing study, it
    # negates no finding; "absence of X" still negates X (round ov)
    ("In the absence of an earlier comparison study, it could be hard to differentiate infection "
     "from collapse at the left base.", {"Atelectasis": U, "Pneumonia": U}),
    ("In the absence of a lateral film, a small left effusion cannot be excluded.",
     {"Pleural Effusion": U}),
    ("Absence of pleural effusion is confirmed.", {"Pleural Effusion": N}),
    # "X is of serious / great / significant concern" hedges X as "is of concern" does (round ov)
    ("The basal density may be collapse, but infection is of serious concern.",
     {"Pneumonia": U, "Atelectasis": U}),
    ("An infection is of significant concern in the right lower lobe.", {"Pneumonia": U}),
    ("There is a right lower lobe pneumonia.", {"Pneumonia": P}),
    # "X would / could also be in the differential" hedges X as "X is also in the differential"
    # did; the hedge before "although" keeps its own finding uncertain (round ov)
    ("The right basal opacity may be an early infection, though aspiration or collapse would also be "
     "in the differential.", {"Pneumonia": U, "Atelectasis": U}),
    ("Blunting at the left base likely reflects fluid, though pleural thickening could also be in the "
     "differential.", {"Pleural Other": U}),
    ("Atelectasis is present at the left base.", {"Atelectasis": P}),
    # a heart "slightly larger (than before) but still within normal range / normal in size" is a
    # normal heart; larger and still enlarged, or larger alone, stays Cardiomegaly (round ov)
    ("The heart is a little larger than on the previous film but still within normal limits.",
     {"Cardiomegaly": N}),
    ("Cardiac size is slightly increased but remains normal in size.", {"Cardiomegaly": N}),
    ("The heart is slightly larger and is enlarged.", {"Cardiomegaly": P}),
    ("The heart is larger than before.", {"Cardiomegaly": P}),
    # a tube "withdrawn" and then placed ("terminating / ending / now / with its tip at ...") is still
    # there; a bare "has been withdrawn" is a removal (round ov)
    ("The feeding tube has been withdrawn ending in the distal esophagus.", {"Support Devices": P}),
    ("The endotracheal tube has been withdrawn with its tip now at the clavicles.",
     {"Support Devices": P}),
    ("The feeding tube has been withdrawn.", {"Support Devices": N}),
    # "X is not / no longer a concern (a consideration, a possibility)" and "X is of no concern" negate
    # X, where "X is a concern / of concern" hedges it (lead, after round ov); "the opacity is not a
    # concern for X" keeps the opacity
    ("Infection is not a concern on this study.", {"Pneumonia": N}),
    ("The small pneumothorax is no longer a concern.", {"Pneumothorax": N}),
    ("Edema is of no concern today.", {"Edema": N}),
    ("Atelectasis is not a consideration.", {"Atelectasis": N}),
    ("Edema is a concern.", {"Edema": U}),
]


ROUND_OW_CASES = [
    # "supportive of / for X" hedges X as "suggestive of X" does; what it is said of stays asserted,
    # a negation before it still wins, and "support devices" are untouched (round ow)
    ("Widened vascular pedicle and hazy hila, supportive of interstitial edema.",
     {"Edema": U}),
    ("The new basal opacity is supportive of an early infection.",
     {"Lung Opacity": P, "Pneumonia": U}),
    ("No findings supportive of pneumonia are seen.", {"Pneumonia": N}),
    ("Support lines and tubes are unchanged. Mild interstitial edema is present.",
     {"Support Devices": P, "Edema": P}),
    # an orthopedic nail (intramedullary, humeral, femoral, gamma ...), or a nail lying in or over a
    # long bone, is implanted hardware, a support device; a loose metallic nail elsewhere is a
    # foreign body and names none (round ow)
    ("The drain is out. An intramedullary nail is seen in the left humerus.",
     {"Support Devices": P}),
    ("A nail projects over the proximal right humerus.", {"Support Devices": P}),
    ("The humeral nail has since been removed.", {"Support Devices": N}),
    ("A metallic nail overlies the left upper quadrant, likely swallowed.", {"Support Devices": M}),
    # "basal" / "bibasal" (British and MIMIC shorthand for basilar) place a density in the lung as
    # "basilar" does; bone density stays unread (lead, after round ow)
    ("Faint basal density on the right, new since the prior film.", {"Lung Opacity": P}),
    ("No bibasal densities.", {"Lung Opacity": N}),
    ("Bone density is reduced.", {"Lung Opacity": M}),
]


ROUND_OX_CASES = [
    # blunting of a costophrenic angle named with two or more words of side or position before it ("right
    # lateral", "left posterior") is an abnormality: No Finding is off. It is not read as a pleural effusion
    # (only the one-word form is, by the blunting convention): widening that convention lowered IU X-Ray
    # Pleural Effusion precision and turned hedged effusions beside such blunting positive (round ox, lead)
    ("Heart size is normal. Blunting of the left posterior costophrenic angle is new.",
     {"No Finding": M, "Pleural Effusion": M}),
    ("Mild blunting of the right lateral pleural sinus is again seen. Lungs are clear.",
     {"No Finding": M}),
    ("Blunting of the right lateral costophrenic angle may reflect a small effusion.",
     {"Pleural Effusion": U}),
    ("Lungs are clear. No blunting of the left posterior costophrenic sulcus.",
     {"No Finding": P}),
    ("Lungs are clear. The costophrenic angles are not blunted.", {"No Finding": P}),
    ("Blunting of the right costophrenic angle.", {"Pleural Effusion": P}),
    # a hedge before the size range "(top) normal to mildly enlarged" makes Cardiomegaly uncertain (the
    # bare range is positive; it read blank); a hedged "top normal / upper limits of normal" is normal;
    # "normal or moderately enlarged" is the range too (lead, after round ox)
    ("Rotation limits the view, but the cardiac silhouette is probably top-normal to mildly enlarged.",
     {"Cardiomegaly": U}),
    ("Heart size is upper normal to mildly enlarged.", {"Cardiomegaly": P}),
    ("Given the low volumes, the heart is likely upper limits of normal in size.", {"Cardiomegaly": N}),
    ("Heart size is presumably high normal.", {"Cardiomegaly": N}),
    ("Heart size normal or moderately enlarged, unchanged.", {"Cardiomegaly": P}),
]


ROUND_NB_CASES = [
    # a nodule, nodular opacity or nodular density said to lie at / over the (expected / typical) location,
    # position or site of the nipple is explained as a nipple shadow (no Lung Lesion; the opacity stays), however
    # far from the nodule the place is said; "not at the site of the nipple" leaves the nodule (round nb)
    ("Small nodular opacity over the right lower chest laterally on the PA view only, seen at the typical position"
     " of the right nipple.", {"Lung Lesion": M, "Lung Opacity": P}),
    ("A 6 mm nodule projects over the left nipple.", {"Lung Lesion": M}),
    ("A nodular density in the right lung base, at the site of the right nipple, though a true nodule cannot be"
     " excluded.", {"Lung Lesion": U}),
    ("A 1 cm nodule in the right lower lobe is not at the site of the nipple and is new.",
     {"Lung Lesion": P}),
    ("Left lower lobe nodule, new; repeat PA view with nipple markers is advised.", {"Lung Lesion": P}),
    # a density projecting over the lower / mid chest is a Lung Opacity, as one over a lung zone, base or
    # hemithorax is; one over the upper chest (ports, soft tissue) stays unread (round nb)
    ("A new 2 cm rounded density projects over the left lower chest.", {"Lung Opacity": P}),
    ("There are faint densities in the right mid chest, possibly superimposed vessels.",
     {"Lung Opacity": P}),
    ("No new density in the right lower chest.", {"Lung Opacity": N}),
    ("A rounded density projects over the left upper chest.", {"Lung Opacity": M}),
]


ROUND_NC_CASES = [
    # after a comma (and "and"), an article and a degree or course word opening a finding that has its own
    # verb ("a small left effusion is unchanged", "a moderate effusion has increased") start a new asserted
    # statement, as the bare degree word already did: a hedge or negation before the comma no longer
    # reaches it; "and a <up to 3 words> is <degree>" likewise without the comma (round nc)
    ("Patchy left basilar opacity persists, probably atelectasis, and a moderate left pleural effusion has"
     " increased.", {"Lung Opacity": P, "Atelectasis": U, "Pleural Effusion": P}),
    ("No pneumothorax, and a tiny right effusion is new.", {"Pneumothorax": N, "Pleural Effusion": P}),
    ("After removal of the drain, a small left pneumothorax has developed.",
     {"Pneumothorax": P, "Support Devices": N}),
    ("The right base opacity may be atelectasis and a small right effusion is unchanged.",
     {"Atelectasis": U, "Pleural Effusion": P}),
    # hedged and negated in its own clause, and near misses that must not change: a comma straight after
    # the cue, a list closed by "or", and no verb of its own (the hedge keeps the list)
    ("Left basilar opacity may be atelectasis, and a small effusion may also be present.",
     {"Pleural Effusion": U}),
    ("Retrocardiac opacity, likely atelectasis, and a small effusion is no longer seen.",
     {"Pleural Effusion": N}),
    ("Doubt but cannot entirely exclude, a tiny apical pneumothorax.", {"Pneumothorax": U}),
    ("No pneumothorax, a small effusion, or consolidation.", {"Pleural Effusion": N, "No Finding": P}),
    ("Retrocardiac opacity, likely atelectasis, and a small effusion.", {"Pleural Effusion": U}),
]

ROUND_ND_CASES = [
    # lung markings seen lateral / peripheral / distal to, or beyond, a line, fold or edge are the sign
    # against a pneumothorax, as markings reaching the chest wall are: no other abnormality, so No Finding
    # stays set; absent markings beyond the line are the pneumothorax (round nd)
    ("A vertical line over the left upper chest represents a skin fold, with lung markings extending beyond"
     " the line. No pneumothorax.", {"Pneumothorax": N, "No Finding": P}),
    ("The curvilinear line at the right apex is a skin fold; vascular markings are visible lateral to it."
     " Heart size is normal.", {"No Finding": P}),
    ("No lung markings are seen lateral to the pleural line, consistent with a small apical pneumothorax.",
     {"Pneumothorax": P, "No Finding": M}),
    ("Increased lung markings at both bases. No effusion.", {"No Finding": M}),
    # volume loss named after scarring, fibrosis, radiation or postsurgical change ("scarring ... with /
    # and volume loss in the lobe") is the scar's, not atelectasis (ee024's "scarring with mild volume
    # loss"), and lobar volume loss put down to a resection is the operation's (if003); lobar volume loss
    # named first stays Atelectasis whatever its cause (w016 "consistent with prior radiation", g010,
    # cd005 with fibrosis, old tuberculosis) (round nd)
    ("Scarring in the right upper lobe with associated volume loss.", {"Atelectasis": M}),
    ("Postsurgical changes and volume loss in the left upper lobe.", {"Atelectasis": M}),
    ("Volume loss in the right upper lobe, consistent with prior lobectomy.", {"Atelectasis": M}),
    ("Right lower lobe volume loss, expected after the wedge resection.", {"Atelectasis": M}),
    ("Left upper lobe volume loss and paramediastinal fibrosis from prior radiation therapy, unchanged.",
     {"Atelectasis": P}),
    ("Volume loss in the right lower lobe, new since the prior study.", {"Atelectasis": P}),
    ("Volume loss in the left upper lobe from prior tuberculosis.", {"Atelectasis": P}),
    # a cancer named as the patient's history ("history of lung carcinoma") is not a lesion on this film;
    # a cancer or mass described now stays, and a hedged one stays uncertain (round nd)
    ("Given the history of lung carcinoma, a follow-up chest CT is recommended. Lungs are clear.",
     {"Lung Lesion": M, "No Finding": P}),
    ("Patient with known history of treated non-small cell lung cancer; no new nodule or mass.",
     {"Lung Lesion": N, "No Finding": P}),
    ("Known right upper lobe lung cancer is unchanged in size.", {"Lung Lesion": P}),
    ("A spiculated mass is again seen in this patient with a history of lung cancer.", {"Lung Lesion": P}),
    ("Given the history of malignancy, metastatic disease cannot be excluded.", {"Lung Lesion": U}),
    # an opacity or density confirmed to correspond to / be accounted for by the nipple names nothing;
    # one only offered as a possible nipple shadow, one "not corresponding" to it and one that corresponds
    # to a nipple marker stay opacities (round nd)
    ("On the repeat view with nipple markers, the rounded opacity over the left base is accounted for by the"
     " nipple. No lung nodule.", {"Lung Opacity": M, "Lung Lesion": N, "No Finding": P}),
    ("A rounded opacity over the left base may represent a nipple shadow.", {"Lung Opacity": P}),
    ("A nodular opacity at the right base, not corresponding to the nipple, is concerning for a nodule.",
     {"Lung Opacity": P}),
    ("The nodular opacity at the left base corresponds to the nipple marker.", {"Lung Opacity": P}),
    # a healed pneumonia is an old one, as a healed infection is; a healing one is still there (round nd)
    ("Scattered calcified granulomas, sequelae of healed histoplasmosis pneumonia.", {"Pneumonia": M}),
    ("The right lower lobe pneumonia is healing, with decreasing consolidation.", {"Pneumonia": P}),
    # "also" between the verb and the size word of a mediastinum, hilum or hila (round nd)
    ("The left hilum is also enlarged, suspicious for adenopathy.", {"Enlarged Cardiomediastinum": P}),
    ("The superior mediastinum is also mildly widened.", {"Enlarged Cardiomediastinum": P}),
    ("The mediastinum is also not widened.", {"Enlarged Cardiomediastinum": N}),
    ("The hila are also normal in size.", {"Enlarged Cardiomediastinum": N}),
    # a heart or cardiomediastinal silhouette "unchanged / stable, (and) normal" is normal without "in size";
    # "stable" alone or before an enlargement is not (round nd)
    ("Heart size unchanged, within normal limits.", {"Cardiomegaly": N}),
    ("Cardiomediastinal silhouette is stable and unremarkable.",
     {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N}),
    ("Heart size is unchanged, mildly enlarged.", {"Cardiomegaly": P}),
    ("Mediastinal contours are stable.", {"Enlarged Cardiomediastinum": M}),
    # the patient described between a finding and its cue ("in this patient with dysphagia") starts no new
    # finding: the cue is about the finding; a finding asserted before a semicolon stays (round nd)
    ("Aspiration in this patient with dysphagia could have a similar appearance.", {"Pneumonia": U}),
    ("Atelectasis in a patient on mechanical ventilation cannot be excluded.", {"Atelectasis": U}),
    ("Right lower lobe atelectasis with a small effusion; pneumonia cannot be excluded.",
     {"Atelectasis": P, "Pneumonia": U}),
    # an elongated aorta is a tortuous one: another abnormality, No Finding off (round nd)
    ("Mild elongation of the descending aorta. Lungs are clear.", {"No Finding": M}),
    ("The thoracic aorta is elongated and calcified.", {"No Finding": M}),
    ("The aorta is not elongated. Lungs are clear.", {"No Finding": P}),
]

ROUND_NF_CASES = [
    # a pleural-based opacity placed in a lobe is a lung opacity as well, also with a position word or
    # "segment / aspect of" before the lobe ("in the posterior right lower lobe"); one in a hemithorax or
    # along the chest wall stays pleural only (round nf)
    ("An unchanged 2 cm pleural-based opacity in the lateral right lower lobe, compatible with rounded"
     " atelectasis.", {"Lung Opacity": P, "Pleural Other": P, "Atelectasis": P}),
    ("Pleural-based opacity in the superior segment of the left lower lobe may be rounded atelectasis.",
     {"Lung Opacity": P, "Atelectasis": U}),
    ("Pleural opacity in the peripheral left upper lobe.", {"Lung Opacity": P}),
    ("No pleural-based opacity in the posterior right lower lobe.", {"Lung Opacity": N}),
    ("Pleural-based opacity in the posterior right hemithorax.", {"Lung Opacity": M, "Pleural Other": P}),
    # a tumor named by a mediastinal cell of origin (germ cell, thymic) or placed in the mediastinum is a
    # mediastinal tumor, as a mediastinal mass is: Enlarged Cardiomediastinum, not a Lung Lesion, also in
    # the differential of a mediastinal mass; a neurogenic or nerve sheath tumor is another abnormality
    # (and a nerve sheath no device); a lung tumor and pulmonary metastases stay (round nf)
    ("Large prevascular mass on the lateral view; considerations include thymoma, teratoma and germ cell"
     " tumor.", {"Enlarged Cardiomediastinum": P, "Lung Lesion": M}),
    ("The known anterior mediastinal germ cell tumor is smaller.",
     {"Enlarged Cardiomediastinum": P, "Lung Lesion": M}),
    ("A mediastinal neoplasm cannot be excluded.", {"Enlarged Cardiomediastinum": U, "Lung Lesion": M}),
    ("No mediastinal tumor.", {"Enlarged Cardiomediastinum": N, "Lung Lesion": M}),
    ("Left paraspinal mass, likely a nerve sheath tumor, is unchanged.",
     {"Lung Lesion": M, "Support Devices": M, "No Finding": M}),
    ("History of a testicular germ cell tumor. The lungs are clear.",
     {"Lung Lesion": M, "No Finding": P}),
    ("Multiple pulmonary metastases from the known germ cell tumor.", {"Lung Lesion": P}),
    ("Left lower lobe mass, likely a primary lung tumor.", {"Lung Lesion": P}),
    # "enlargement / prominence of the (side) hilar / mediastinal / aortopulmonary window lymph nodes" is
    # adenopathy, as "enlarged hilar lymph nodes" is; axillary nodes stay outside the chest's contours
    # (round nf, probing nf019 and nf024 in other words)
    ("Enlargement of the left hilar lymph nodes, new since the prior study.",
     {"Enlarged Cardiomediastinum": P}),
    ("Enlarged aortopulmonary window lymph nodes are again noted.", {"Enlarged Cardiomediastinum": P}),
    ("No enlargement of the hilar lymph nodes.", {"Enlarged Cardiomediastinum": N}),
    ("Enlargement of the left axillary lymph nodes.", {"Enlarged Cardiomediastinum": M, "No Finding": M}),
    # "X more likely than Y" without a verb hedges X too, as "X is more likely than Y" does (round nf,
    # probing nf012's "favored to represent pneumonia over atelectasis" in other words)
    ("Retrocardiac opacity, atelectasis more likely than pneumonia.",
     {"Lung Opacity": P, "Atelectasis": U, "Pneumonia": U}),
    ("Left basilar atelectasis. No pneumonia.", {"Atelectasis": P, "Pneumonia": N}),
    # fellows' shorthand, as "atx" and "PTX" are read: "LAD" after a mediastinal or hilar site is
    # lymphadenopathy (a bare LAD is the coronary artery), "GGO(s)" ground-glass opacities, "pulmonary /
    # lung mets" and mets in the lungs metastases (bone mets another abnormality) (round nf, probing the
    # clipped voice of nf023, nf036 and nf060 in other words)
    ("L hilar LAD, new.", {"Enlarged Cardiomediastinum": P}),
    ("No mediastinal LAD.", {"Enlarged Cardiomediastinum": N}),
    ("Stent in the LAD. Lungs clear.", {"Enlarged Cardiomediastinum": M, "No Finding": P}),
    ("Patchy b/l GGOs, ?atypical infx.", {"Lung Opacity": P}),
    ("No GGO or consolidation.", {"Lung Opacity": N, "Consolidation": N}),
    ("Pulmonary mets slightly larger.", {"Lung Lesion": P}),
    ("No lung mets.", {"Lung Lesion": N}),
    ("Diffuse bone mets. Lungs clear.", {"Lung Lesion": M, "No Finding": M}),
    # a hedge after a relative clause set off by commas is about the finding the clause describes
    # ("infection at the right base, which is partly hidden by the effusion, cannot be excluded"), as
    # "which ..., has resolved" already negated; a relative clause with no hedge after it leaves the finding
    # (round nf, probing nf034's "superimposed infection cannot be excluded" in other words)
    ("Early pneumonia at the right base, which is partly hidden by the effusion, cannot be excluded.",
     {"Pneumonia": U}),
    ("A tiny apical pneumothorax, which would be partly hidden by the clavicle, is not excluded.",
     {"Pneumothorax": U}),
    ("A small nodule, which is new since the prior study, is suspected.", {"Lung Lesion": U}),
    ("Right lower lobe pneumonia, which is new since yesterday, is present.", {"Pneumonia": P}),
    ("The left lower lobe pneumonia, which was treated, has resolved.", {"Pneumonia": N}),
    # "enlarged / widened cardiac (heart) and mediastinal silhouette / contours" is Enlarged Cardiomediastinum
    # as well as Cardiomegaly, as an enlarged cardiomediastinal silhouette is (round nf, probing nf022)
    ("Moderately enlarged cardiac and mediastinal silhouette, unchanged.",
     {"Enlarged Cardiomediastinum": P, "Cardiomegaly": P}),
    ("Widened heart and mediastinal contours, likely due to the AP technique.", {"Enlarged Cardiomediastinum": P}),
    ("The cardiac and mediastinal contours are normal.", {"Enlarged Cardiomediastinum": N, "Cardiomegaly": N}),
    ("Enlarged cardiac silhouette. Normal mediastinum.", {"Enlarged Cardiomediastinum": N, "Cardiomegaly": P}),
    # an opacity that "could / may be seen with" a cause, or "in the setting of" one, is there: the hedge is
    # on the cause (round nf, probing nf064); "may be seen on the lateral view" still hedges the finding
    ("Diffuse ground-glass opacities could be seen with atypical infection.",
     {"Lung Opacity": P, "Pneumonia": U}),
    ("Reticular opacities may be seen in the setting of chronic interstitial edema.",
     {"Lung Opacity": P, "Edema": U}),
    ("A small effusion may be seen on the lateral view.", {"Pleural Effusion": U}),
]

ROUND_NG_CASES = [
    # a density in, over or projecting over a lung zone (British "upper / mid / lower zone") is an opacity, as
    # one in a lobe, base or the lower chest is; "upper zone redistribution" names no density (round ng)
    ("A 5 mm nodular density is seen in the right mid zone, possibly a granuloma.",
     {"Lung Opacity": P, "Lung Lesion": P}),
    ("Ill-defined density in the left lower zone, which may be infective.",
     {"Lung Opacity": P, "Pneumonia": U}),
    ("No density in the lower zones. Heart normal.", {"Lung Opacity": N, "No Finding": P}),
    ("Upper zone venous diversion without effusion.", {"Lung Opacity": M}),
    # "module" is a misheard "nodule" when a size or a lung word comes before it; a device module is not
    # (round ng)
    ("An 8 mm module in the left lower lobe is new; CT is advised.", {"Lung Lesion": P}),
    ("Scattered calcified modules, unchanged.", {"Lung Lesion": P}),
    ("No suspicious pulmonary module.", {"Lung Lesion": N}),
    ("The loop recorder module overlies the left chest. Lungs clear.", {"Lung Lesion": M}),
    # "know" misheard for "no" after "there is / are" and before "evidence of"; "do not know if" and
    # "impossible to know whether" are the reader's own words, not a negation (the latter hedges, as
    # "impossible to say whether") (round ng)
    ("There is know pneumothorax. Lungs clear.", {"Pneumothorax": N, "No Finding": P}),
    ("Know evidence of focal consolidation.", {"Consolidation": N}),
    ("There are know pleural effusions, but there is mild cardiomegaly.",
     {"Pleural Effusion": N, "Cardiomegaly": P}),
    ("It is impossible to know whether the effusion is new.", {"Pleural Effusion": U}),
    # "CM" (cardiomegaly) in terse notes after a degree word, "stable", "known" or "no"; a measurement in
    # capitals ("4 CM ABOVE THE CARINA") is not (round ng)
    ("Mild CM. No PTX.", {"Cardiomegaly": P, "Pneumothorax": N}),
    ("Stable moderate CM, no eff.", {"Cardiomegaly": P, "Pleural Effusion": N}),
    ("No CM or CHF.", {"Cardiomegaly": N, "Edema": N}),
    ("? mild CM, likely projection.", {"Cardiomegaly": U}),
    ("ETT TIP 4 CM ABOVE THE CARINA. HEART NORMAL.", {"Cardiomegaly": N, "Support Devices": P}),
    # a nodule, nodular opacity or opacity said to be the nipple ("the previously described nodule is a
    # nipple shadow", an addendum's correction) is explained, as one "at the nipple" or "likely a nipple
    # shadow" is: no Lung Lesion, and the opacity names nothing, as one confirmed to be the nipple (round
    # nd); "is not a nipple shadow" and a nipple marker beside a true nodule leave the nodule (round ng)
    ("ADDENDUM: On the marker view, the left basilar nodule is a nipple shadow.",
     {"Lung Lesion": M, "No Finding": P}),
    ("The rounded opacity at the right base was the right nipple. No nodule.",
     {"Lung Opacity": M, "Lung Lesion": N, "No Finding": P}),
    ("The right basilar nodule is not a nipple shadow; CT is recommended.", {"Lung Lesion": P}),
    ("A nipple marker lies lateral to the nodule, which is a true pulmonary nodule.", {"Lung Lesion": P}),
]

ROUND_NE_CASES = [
    # a finding negated or called unlikely, then left open by the next clause ("but / although / though
    # (it / this) (is) not excluded / cannot be ruled out / is possible") is uncertain; another subject in
    # that clause is another finding, and a bare negation or "unlikely" still negates (round ne)
    ("Aspiration pneumonia is thought unlikely but is not entirely excluded.", {"Pneumonia": U}),
    ("A right apical pneumothorax is not identified, though it cannot be ruled out on this supine film.",
     {"Pneumothorax": U}),
    ("Consolidation is not favored, but it remains possible.", {"Consolidation": U}),
    ("Pulmonary edema is not favored, but a small left effusion cannot be excluded.",
     {"Edema": N, "Pleural Effusion": U}),
    ("Consolidation is doubtful.", {"Consolidation": N}),
    ("Infection is considered unlikely given the chronic appearance.", {"Pneumonia": N}),
    # a sentence on the limit of the film ("an early / subtle infiltrate may not be radiographically
    # visible") names no opacity, as the one for pneumonia names no pneumonia; and that sentence's reach
    # stops at a clause boundary, so a finding negated before ", although" stays negated (round ne)
    ("No radiographic findings of pneumonia, though an early infiltrate may not yet be visible.",
     {"Pneumonia": N, "Lung Opacity": M}),
    ("Subtle airspace opacities may not be radiographically apparent on a portable film. Lungs clear.",
     {"Lung Opacity": M, "No Finding": P}),
    ("No consolidation is seen, although early consolidation could be radiographically occult.",
     {"Consolidation": N}),
    ("Increased left basilar opacity, though early consolidation may not yet be radiographically apparent.",
     {"Lung Opacity": P, "Consolidation": M}),
    # a normal, unremarkable or not widened paratracheal stripe is Enlarged Cardiomediastinum 0, as a
    # widened one is 1 (round ne)
    ("Normal right paratracheal stripe. Lungs are clear.", {"Enlarged Cardiomediastinum": N, "No Finding": P}),
    ("The paratracheal stripe is not thickened.", {"Enlarged Cardiomediastinum": N}),
    ("The right paratracheal stripe is again mildly widened.", {"Enlarged Cardiomediastinum": P}),
    # a nodular shape (nodular opacity, density, focus) followed by a sentence that asks whether it is a
    # true nodule ("this may be a true nodule or overlap of vessels") is Lung Lesion -1, as it is when
    # both are in one sentence; a nodule or mass named in the first sentence, or a true nodule asserted,
    # stays 1 (round ne; ab004)
    ("Rounded nodular density over the right lower chest. It is unclear whether this is a true pulmonary"
     " nodule or a nipple shadow, and nipple markers are suggested.",
     {"Lung Lesion": U, "Lung Opacity": P}),
    ("Nodular opacity in the left upper zone. This may be a true nodule versus overlapping vessels.",
     {"Lung Lesion": U}),
    ("An 8 mm nodule in the left upper zone. This may be a true nodule versus overlapping vessels.",
     {"Lung Lesion": P}),
    ("Nodular opacity in the left upper zone. Comparison with CT confirms a true nodule.",
     {"Lung Lesion": P}),
    # "not consistent / compatible with X", "not in keeping with X" deny X (a bare "consistent with" still
    # asserts it, and "not inconsistent with" is no denial); "cannot be confirmed or excluded", "can
    # neither be confirmed nor excluded", "cannot be ruled in or out", "(unable) to confirm or exclude"
    # leave X open: uncertain (round ne, seen while probing the round's hedges)
    ("The basilar opacity is not compatible with simple atelectasis.", {"Lung Opacity": P, "Atelectasis": N}),
    ("The pattern is not in keeping with pulmonary edema.", {"Edema": N}),
    ("Bilateral hazy opacities, consistent with pulmonary edema.", {"Edema": P}),
    ("Findings are not inconsistent with edema.", {"Edema": P}),
    ("A small left effusion can neither be confirmed nor excluded on this single view.",
     {"Pleural Effusion": U}),
    ("Consolidation in the lingula cannot be confirmed or ruled out.", {"Consolidation": U}),
    ("A tiny apical pneumothorax cannot be ruled in or out.", {"Pneumothorax": U}),
    ("It is not possible to confirm or exclude early pneumonia on this study.", {"Pneumonia": U}),
    # a limit sentence or an overlap explanation after ", though / although / but" does not reach back to a
    # finding negated before it: "no pneumothorax, though a small one could be obscured" keeps the
    # negation, and a nodule that "could be obscured by the overlying rib" is hidden by the rib, not
    # explained as one (uncertain, as a finding that could be masked is) (round ne)
    ("No pneumothorax, although a tiny pneumothorax could be missed on this supine film.",
     {"Pneumothorax": N}),
    ("No definite nodule, although a small nodule could be obscured by the overlying clavicle.",
     {"Lung Lesion": U}),
    ("A small pneumothorax could be missed on this supine film.", {"Pneumothorax": M}),
    ("Nodular opacity in the right mid lung, likely overlapping vessels.", {"Lung Lesion": M}),
    # "X more likely than Y" without a verb ranks X first in a differential it shares with Y: both
    # uncertain, as "X is more likely than Y" is; a change word before "than" is no hedge (round ne)
    ("Streaky right basilar opacity, atelectasis more likely than early pneumonia.",
     {"Lung Opacity": P, "Atelectasis": U, "Pneumonia": U}),
    ("Edema felt more likely than infection.", {"Edema": U, "Pneumonia": U}),
    ("The left effusion is more conspicuous than before.", {"Pleural Effusion": P}),
    # follow-up "to confirm resolution / clearing / clearance of X" presumes X, as "to document / ensure
    # resolution of" does (uncertain); "interval resolution of X" still negates (round ne)
    ("Repeat radiographs after antibiotics are advised to confirm clearing of the lingular pneumonia.",
     {"Pneumonia": U}),
    ("A follow-up film to confirm resolution of the left effusion is suggested.", {"Pleural Effusion": U}),
    ("Interval clearance of the lingular pneumonia.", {"Pneumonia": N}),
]

ROUND_NH_CASES = [
    # a sternal wire or device lead "which / that is fractured" is a broken device, no Fracture, as a
    # "fractured sternal wire" already was; a rib fracture after an intact-wires sentence stays (round nh)
    ("The fourth sternotomy wire, which appears fractured, is unchanged. Lungs clear.",
     {"Fracture": M, "Support Devices": P, "No Finding": P}),
    ("Sternal wires are intact apart from the upper wire, that is fractured. Lungs clear.",
     {"Fracture": M, "Support Devices": P}),
    ("Sternotomy wires are intact. There is a fracture of the left sixth rib, which is healing.",
     {"Fracture": P, "Support Devices": P}),
    # a generic sentence that fractures "are better / best assessed, evaluated, detected with a
    # (dedicated) rib series / rib views / oblique views" states a limit of the film and names no
    # fracture (as "dedicated rib views are more sensitive for fracture"); a fracture with an article,
    # one "better seen" on a study, or one on a CT done stays a fracture (round nh)
    ("No displaced rib fracture. Nondisplaced rib fractures are more accurately assessed with dedicated rib"
     " radiographs.", {"Fracture": N}),
    ("Subtle rib fractures are best evaluated with dedicated rib views. No pneumothorax.",
     {"Fracture": M, "Pneumothorax": N, "No Finding": P}),
    ("The right sixth rib fracture is better seen on the dedicated rib series.", {"Fracture": P}),
    ("Rib fractures are better seen on CT of the torso.", {"Fracture": P}),
    ("Rib fractures are better evaluated on the rib series obtained today.", {"Fracture": P}),
    # an edema sign mapped to Edema (Kerley lines, septal lines) whose own clause says it "may / might /
    # could (also) represent / reflect" something is uncertain: the hedged reading decides, and a hedge
    # naming only another cause leaves Edema unnamed; "consistent with" or "likely reflecting" edema
    # and bare Kerley lines stay positive, negated septal lines negative (round nh)
    ("Reticular opacities and septal lines at the bases, which may represent interstitial edema or chronic"
     " interstitial lung disease.", {"Edema": U, "Lung Opacity": P}),
    ("Kerley B lines, which could reflect interstitial edema or lymphangitic spread, are new.", {"Edema": U}),
    ("Kerley B lines at both bases, consistent with interstitial edema.", {"Edema": P}),
    ("Interlobular septal lines at the bases, likely reflecting interstitial edema.", {"Edema": P}),
    ("Kerley B lines are present.", {"Edema": P}),
    ("No septal lines to suggest edema.", {"Edema": N}),
    # a pneumothorax the reader says "could / may also" or "alternatively" be a skin fold is left open
    # (uncertain, by its own hedge), while one put down to a skin fold ("likely represents a skin fold",
    # "?PTX, likely skin fold") is explained away (round nh)
    ("There is a questionable small left apical pneumothorax, which could also represent a skin fold.",
     {"Pneumothorax": U}),
    ("Possible tiny right apical pneumothorax, which may also represent a skin fold.", {"Pneumothorax": U}),
    ("The apparent pneumothorax likely represents a skin fold.", {"Pneumothorax": M, "No Finding": P}),
    ("?small R apical PTX, likely skin fold.", {"Pneumothorax": M}),
    # and a pneumothorax asserted, then given a skin fold or artifact "also / alternatively" by the next
    # clause or its own verb, is uncertain; an opacity given the same alternative stays an opacity, and a
    # negated pneumothorax stays negated (round nh)
    ("Small left apical pneumothorax, though this could alternatively represent a skin fold.",
     {"Pneumothorax": U}),
    ("A right apical pneumothorax could also be a skin fold.", {"Pneumothorax": U}),
    ("Right apical PTX, which may also be artifact.", {"Pneumothorax": U}),
    ("Right basilar opacity, which could also represent overlapping soft tissue.", {"Lung Opacity": P}),
    ("No pneumothorax, which could also be a skin fold.", {"Pneumothorax": N}),
    ("Small left apical pneumothorax, which is new.", {"Pneumothorax": P}),
]

ROUND_NJ_CASES = [
    # "the cardiac contours are normal" (plural), and the heart listed first with the mediastinal and / or
    # hilar contours ("the cardiac, mediastinal and hilar contours are normal / unremarkable") negate
    # Cardiomegaly, as "the cardiac contour is normal" and "normal cardiac, mediastinal and hilar contours"
    # did; contours that are "normal to mildly enlarged" are not negated (round nj)
    ("The cardiac, hilar and mediastinal contours are unremarkable. Lungs are clear.",
     {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N, "No Finding": P}),
    ("Heart and hilar contours appear within normal limits.", {"Cardiomegaly": N}),
    ("The cardiac contours remain normal.", {"Cardiomegaly": N}),
    ("Cardiac contours are normal to mildly enlarged.", {"Cardiomegaly": M}),
    ("The cardiac contours are within normal limits, but the mediastinum is widened.",
     {"Cardiomegaly": N, "Enlarged Cardiomediastinum": P}),
    # a lucency explained as a skin fold, artifact or clothing names nothing, also when its place is
    # described before the explanation ("a curvilinear lucency projecting over the left upper hemithorax
    # represents a skin fold"); a lucency left open stays abnormal, and a hedged pneumothorax stays -1
    # (round nj)
    ("A thin curvilinear lucency projecting over the left upper hemithorax most likely reflects a skin fold.",
     {"No Finding": P, "Pneumothorax": M}),
    ("Linear lucency projecting over the left upper hemithorax may represent a small pneumothorax.",
     {"No Finding": M, "Pneumothorax": U}),
    ("Linear lucency projecting over the left upper hemithorax, new since the prior study.",
     {"No Finding": M}),
    # a sclerotic focus (or lesion) explained as a bone island or an enostosis is a benign variant, as a
    # "sclerotic density, likely a bone island" was (w006): No Finding stays 1; one that "may / could"
    # be a bone island, or a bone island "or" a metastasis, is left open and keeps it off (round nj)
    ("Lungs clear. Small sclerotic focus in the left humeral head, most likely a bone island.",
     {"No Finding": P}),
    ("Lungs clear. The sclerotic lesion in T9 is consistent with an enostosis.", {"No Finding": P}),
    ("Lungs clear. Sclerotic focus in the left humeral head could represent a bone island.",
     {"No Finding": M}),
    ("Lungs clear. Sclerotic focus in the left humeral head, likely a bone island or less likely a"
     " blastic metastasis.", {"No Finding": M}),
    ("Lungs clear. New sclerotic focus in the left humeral head.", {"No Finding": M}),
    # other abnormalities in the words the other list lacked keep No Finding off: "spondylotic changes",
    # (diffuse idiopathic skeletal) "hyperostosis", "demineralized / osteoporotic bones", a spinal
    # curvature "convex to the right"; a negated one and a "normal thoracic curvature" do not (round nj,
    # seen while probing the round's minor abnormalities)
    ("Lungs are clear. Spondylotic changes in the lower thoracic spine.", {"No Finding": M}),
    ("Lungs are clear. Flowing anterior ossification, compatible with diffuse idiopathic skeletal"
     " hyperostosis.", {"No Finding": M}),
    ("Lungs are clear. The bones are diffusely demineralized.", {"No Finding": M}),
    ("Lungs are clear. Osteoporotic vertebral bodies.", {"No Finding": M}),
    ("Lungs are clear. Mild thoracolumbar curvature convex to the left.", {"No Finding": M}),
    ("Lungs are clear. No spondylotic changes.", {"No Finding": P}),
    ("Lungs are clear. Normal thoracic curvature.", {"No Finding": P}),
    # signs of hyperinflation in other words ("increased AP diameter", "barrel-shaped chest", "increased
    # retrosternal airspace") are hyperinflation, another abnormality; a normal AP diameter or retrosternal
    # space is not (round nj, probing)
    ("Lungs are clear. Increased AP diameter of the chest, unchanged.",
     {"No Finding": M}),
    ("Clear lungs. Barrel chest configuration, as before.", {"No Finding": M}),
    ("Clear lungs. Increased retrosternal clear space.", {"No Finding": M}),
    ("Clear lungs. Normal retrosternal clear space.", {"No Finding": P}),
    # a heart size given as a range that reaches "borderline" ("normal to borderline", "top normal to
    # borderline enlarged") is Cardiomegaly 1, as a range reaching "mildly enlarged" is; "top normal"
    # alone stays 0 (round nj, probing)
    ("Heart size is normal to borderline. Lungs are clear.", {"Cardiomegaly": P, "No Finding": M}),
    ("The heart is top-normal to borderline enlarged.", {"Cardiomegaly": P}),
    ("The heart is top-normal in size. Lungs are clear.", {"Cardiomegaly": N, "No Finding": P}),
    # "cardiac contours" in the plural are the heart as the singular is: enlarged is Cardiomegaly 1,
    # hedged -1 (lead, after round nj: only the normal reading knew the plural)
    ("The cardiac contours are moderately enlarged, unchanged.", {"Cardiomegaly": P}),
    ("Enlarged cardiac contours, possibly accentuated by technique.", {"Cardiomegaly": P}),
    ("The cardiac contours are probably enlarged.", {"Cardiomegaly": U}),
    ("The cardiac contours are not enlarged.", {"Cardiomegaly": N}),
]

ROUND_NI_CASES = [
    # an opacity or density that plainly "represents / represented" the nipple or a nipple shadow is
    # explained away (no Lung Opacity), as one that "corresponds to" or "is" the nipple already was; a
    # hedge before the verb ("likely / probably represents", "may represent") leaves the opacity, and so
    # do nipple markers and an alternative after the nipple ("nipple versus nodule") (round ni)
    ("Marker view today: the small rounded density over the right lower chest represents the right nipple. "
     "No lung nodule.", {"Lung Opacity": M, "Lung Lesion": N, "No Finding": P}),
    ("The nodular opacity questioned last month represented a nipple shadow.", {"Lung Opacity": M}),
    ("The nodular density at the left base probably represents a nipple shadow.",
     {"Lung Opacity": P, "No Finding": M}),
    ("Faint rounded opacity in the right lower zone, which may represent a nipple shadow.",
     {"Lung Opacity": P}),
    ("The small opacity represents the nipple versus a true nodule.", {"Lung Opacity": P}),
    ("The density over the left lower chest represents the nipple marker.", {"Lung Opacity": P}),
    ("The left basilar opacity does not represent a nipple shadow.", {"Lung Opacity": P}),
    # a "history of" CHF / heart failure, pneumonia or aspiration read inside the findings or impression
    # (a history clause no header dropped) names the patient's history, not this film: no Edema, no
    # Pneumonia and no other abnormality from it; a finding described on the film beside it still counts,
    # and "consistent / compatible with (the) (clinical) history of X" still asserts X (round ni)
    ("In this patient with a known history of congestive heart failure, there is no pulmonary edema. "
     "Lungs are clear.", {"Edema": N, "No Finding": P}),
    ("Hx of CHF. Moderate interstitial edema has developed since yesterday.", {"Edema": P}),
    ("Given the patient's history of aspiration, the new left basilar opacity is suspicious for pneumonia.",
     {"Lung Opacity": P, "Pneumonia": U}),
    ("Clinical history of recurrent pneumonia; the lungs are clear today.", {"Pneumonia": M, "No Finding": P}),
    ("Right lower lobe consolidation, compatible with the clinical history of pneumonia.",
     {"Consolidation": P, "Pneumonia": P}),
    ("Findings consistent with mild congestive heart failure.", {"Edema": P}),
    # "findings / signs / features concerning for / suggestive of X (or Y) are not seen / present /
    # identified" denies the findings the hedge describes, so X (and Y) are negative; without the denial,
    # or with a finding noun as the subject, the hedge stands (round ni)
    ("Radiographic findings worrisome for pneumonia are not identified on this study.", {"Pneumonia": N}),
    ("Signs suspicious for pulmonary edema or pleural effusion were not evident.",
     {"Edema": N, "Pleural Effusion": N}),
    ("Findings suggestive of early pneumonia in the right lower lobe.", {"Pneumonia": U}),
    ("Findings concerning for pneumonia are not seen, though early infection cannot be excluded.",
     {"Pneumonia": U}),
]


ROUND_NK_CASES = [
    # "evolving" is a course word (the finding is changing between films), not an early or incipient
    # finding: "consistent / compatible with (an) evolving X" and "evolving X" assert X, as "evolving
    # consolidation ... compatible with pneumonia" was labeled (ec007); a hedge before it still hedges,
    # a negation still negates, and "early" and "developing" stay hedges (round nk)
    ("Confluent left lower lobe opacity, compatible with an evolving bronchopneumonia.",
     {"Lung Opacity": P, "Pneumonia": P}),
    ("Evolving right middle lobe pneumonia, more extensive than on ___.", {"Pneumonia": P}),
    ("Right lower lobe consolidation has progressed, consistent with evolving infection.",
     {"Consolidation": P, "Pneumonia": P}),
    ("The new opacity could represent an evolving pneumonia.", {"Lung Opacity": P, "Pneumonia": U}),
    ("An evolving pneumonia is difficult to exclude.", {"Pneumonia": U}),
    ("No evolving pneumonia is seen.", {"Pneumonia": N, "No Finding": P}),
    ("Findings consistent with developing pneumonia at the left base.", {"Pneumonia": U}),
    ("Early pneumonia at the right base.", {"Pneumonia": U}),
    # "chronic" or "abnormal" interstitial / reticular / lung markings are an opacity, as increased,
    # prominent and coarse ones are and as "chronic interstitial changes" were labeled (c021); normal
    # markings name none (round nk)
    ("Chronic bibasilar interstitial markings, similar to ___.", {"Lung Opacity": P, "No Finding": M}),
    ("Abnormal reticular markings at the lung bases persist.", {"Lung Opacity": P}),
    # (No Finding blank since round pv: chronic changes of the spine are degenerative change, another
    # abnormality, as mc007's degenerative spine was corrected; the markings still name no opacity)
    ("Chronic changes of the thoracic spine.  The lung markings are normal.",
     {"Lung Opacity": M, "No Finding": M}),
    ("Lungs are clear.  The lung markings are normal.", {"Lung Opacity": M, "No Finding": P}),
    # a nodular density explained as a nipple shadow (or another look-alike) later in the same sentence
    # is no Lung Lesion also when a long course clause of a serial film ("again seen, not changed in size
    # or position compared with the two prior studies; it ...") stands between them, up to 160
    # characters, as long as no concern or contrast word ("concerning", "suspicious", "but", "however")
    # leaves a true nodule open; a recommendation of nipple markers or a denial explains nothing (round nk)
    ("A 6 mm nodular density over the left lower chest is again seen, not appreciably changed in size or "
     "position compared with the two prior studies; it likely reflects a nipple shadow.",
     {"Lung Opacity": P, "Lung Lesion": M}),
    ("A 6 mm nodule over the left lower chest is again seen, unchanged in size and position compared with "
     "the two prior radiographs from ___ and ___; repeat with nipple markers is suggested.",
     {"Lung Lesion": P}),
    ("A 6 mm nodular density over the left lower chest is again seen, not appreciably changed in size or "
     "position compared with the two prior studies; it is not a nipple shadow.",
     {"Lung Opacity": P, "Lung Lesion": P}),
    # a finding that "has been / is (now) replaced by / with" something else is gone: the consolidation
    # replaced by linear atelectasis, the effusion by pleural thickening, the pneumothorax by fluid; one
    # "partially / largely replaced" stays, and a device replaced by another, by "a new one" or "a new
    # line" is an exchange, so a device is still there (found probing the round's theme) (round nk)
    ("Compared with ___, the left basilar consolidation has been replaced by band-like atelectasis.",
     {"Consolidation": N, "Atelectasis": P}),
    ("The small right effusion is now replaced by mild pleural thickening.",
     {"Pleural Effusion": N, "Pleural Other": P}),
    ("The basal pneumothorax has been replaced with fluid.", {"Pneumothorax": N}),
    ("The right upper lobe consolidation has been partially replaced by scarring.", {"Consolidation": P}),
    ("The right IJ catheter has been replaced with a new one.", {"Support Devices": P}),
    ("The left subclavian line has been replaced with a new line ending in the SVC.", {"Support Devices": P}),
    # "the (superior) mediastinum is no longer widened" denies the widening, as "is not widened" does
    # (it read nothing); without the negation the widening stands (found probing) (round nk)
    ("After evacuation of the hematoma, the superior mediastinum is no longer widened.",
     {"Enlarged Cardiomediastinum": N}),
    ("The mediastinum is no longer widened, but the heart remains enlarged.",
     {"Enlarged Cardiomediastinum": N, "Cardiomegaly": P}),
    ("The mediastinum remains widened.", {"Enlarged Cardiomediastinum": P}),
    # "at / in the site / location / region / area of (the) prior / previous / old / resolved ... pneumonia"
    # places a finding where an earlier pneumonia was and names no pneumonia on this film, as "from / after
    # / sequela of prior pneumonia" already did; a hedge naming infection now still counts (found
    # probing) (round nk)
    ("Faint residual opacity in the left lower lobe at the site of the previous pneumonia, likely scar.",
     {"Lung Opacity": P, "Pneumonia": M}),
    ("Persistent opacity in the area of the old right middle lobe pneumonia could represent residual "
     "infection.", {"Lung Opacity": P, "Pneumonia": U}),
    ("Left lower lobe pneumonia, at the site of prior pneumonia.", {"Pneumonia": P}),
]


ROUND_NL_CASES = [
    # a line or tube named only as the object of an attempt ("attempted / failed X placement", "an
    # attempt at X placement", "after R IJ attempt") names no device in place; a device described in
    # place beside the attempt still counts (round nl)
    ("Small left apical pneumothorax after a failed left subclavian catheter placement. No central line is "
     "seen.", {"Pneumothorax": P, "Support Devices": N}),
    ("Status post unsuccessful attempts at nasogastric tube insertion.", {"Support Devices": M}),
    ("Post L IJ attempt film: no pneumothorax.", {"Pneumothorax": N, "Support Devices": M, "No Finding": P}),
    ("Following an aborted attempt at right internal jugular access, a left femoral central venous catheter was placed; "
     "no pneumothorax.", {"Support Devices": P}),
    ("After attempted intubation, the endotracheal tube tip lies 4 cm above the carina.",
     {"Support Devices": P}),
    ("Right subclavian line placement, with the tip in the lower SVC.", {"Support Devices": P}),
    # a nodular opacity / density given an overlapping-structure alternative in a clause after a
    # semicolon or "but / although / versus" ("...; summation of a rib and vessels is another
    # possibility") is an opacity whose nodular nature is left open: Lung Opacity, with any hedged
    # nodule uncertain; a clause that denies the overlap or is no alternative leaves the lesion (round nl)
    ("A 9 mm nodular density in the left mid lung may be a real nodule; superimposition of the posterior "
     "rib and vessels is another possibility.", {"Lung Opacity": P, "Lung Lesion": U}),
    ("Rounded nodular opacity at the right base, possibly a true nodule, though overlapping vascular "
     "shadows could also account for it.", {"Lung Opacity": P, "Lung Lesion": U}),
    ("Nodular opacity at the right base; overlap of the vessels is likely.", {"Lung Opacity": P, "Lung Lesion": M}),
    ("Nodular opacity in the left upper lobe; overlying ribs are intact.", {"Lung Opacity": P, "Lung Lesion": P}),
    ("Nodular opacity in the right lower lobe; no overlap with the ribs could be shown on the lateral view.",
     {"Lung Opacity": P, "Lung Lesion": P}),
    # a chemotherapy / chemo / access port, and a port "with (its) tip" somewhere, is a device, as a chest,
    # infusion or power port and a port whose tip "terminates" already were; a radiation port and a side
    # port are not (found probing, round nl)
    ("Left chemo port, catheter tip at the cavoatrial junction. Lungs are clear.",
     {"Support Devices": P, "No Finding": P}),
    ("The port with its tip in the upper right atrium is unchanged.", {"Support Devices": P}),
    ("The chemotherapy port has been removed.", {"Support Devices": N, "No Finding": P}),
    ("Linear opacity conforms to the radiation port.", {"Lung Opacity": P, "Support Devices": M}),
    # "cannonball" metastases, nodules or masses are lung lesions (found probing, round nl)
    ("Multiple cannonball metastases in both lungs, larger.", {"Lung Lesion": P}),
    ("No cannonball lesions are seen today.", {"Lung Lesion": N, "No Finding": P}),
    # a pneumonitis of any kind (drug-induced, checkpoint inhibitor), a pulmonary laceration, a pneumatocele
    # and the sequelae of radiation are abnormalities outside the 14: No Finding stays off; denied, they
    # leave it set (found probing, round nl)
    ("The new hazy opacities may represent immunotherapy-related pneumonitis.", {"Lung Opacity": P, "No Finding": M}),
    ("Findings could reflect checkpoint inhibitor pneumonitis.", {"No Finding": M}),
    ("Right lower lobe pulmonary laceration after the stab wound.", {"No Finding": M}),
    ("A small pneumatocele persists at the site of the prior contusion.", {"No Finding": M}),
    ("Sequelae of prior radiation therapy in the right paratracheal region.", {"No Finding": M}),
    ("No evidence of drug-induced pneumonitis. Lungs are clear.", {"No Finding": P}),
]

ROUND_NM_CASES = [
    # a hedge or negation ends at a comma followed by "along with / as well as / in addition to": what
    # comes after is a further finding, asserted on its own; without the comma the old reach holds, and
    # a cue of the added finding's own still counts (round nm)
    ("Patchy right infrahilar opacity that could reflect early infection, along with a moderate right "
     "effusion.", {"Lung Opacity": P, "Pneumonia": U, "Pleural Effusion": P, "No Finding": M}),
    ("The left base is hazy, possibly from aspiration, as well as a new left subclavian catheter in the SVC.",
     {"Lung Opacity": P, "Pneumonia": U, "Support Devices": P, "No Finding": M}),
    ("No pneumothorax, in addition to no pleural effusion.",
     {"Pneumothorax": N, "Pleural Effusion": N, "No Finding": P}),
    ("Opacity suspicious for pneumonia, along with a possible small effusion.",
     {"Lung Opacity": P, "Pneumonia": U, "Pleural Effusion": U, "No Finding": M}),
    ("Retrocardiac opacity may represent atelectasis as well as pneumonia.",
     {"Lung Opacity": P, "Atelectasis": U, "Pneumonia": U, "No Finding": M}),
    # a "without" phrase inside a subject ends at the subject's own verb ("represent(s) / reflect(s)",
    # also after "likely / probably"): the finding after the verb is judged by its own hedge, not negated;
    # a modal or relative verb ("that may represent") and a plain list after "without" keep the negation
    # (round nm)
    ("Streaky basal opacities without air bronchograms probably represent scarring or atelectasis.",
     {"Lung Opacity": P, "Atelectasis": U, "No Finding": M}),
    ("A right lower zone opacity without consolidation represents atelectasis.",
     {"Lung Opacity": P, "Atelectasis": P, "Consolidation": N, "No Finding": M}),
    ("Clear lungs without focal opacity that may represent pneumonia.",
     {"Lung Opacity": N, "Pneumonia": N, "No Finding": P}),
    ("Low lung volumes without atelectasis or edema.", {"Atelectasis": N, "Edema": N, "No Finding": M}),
    # a relative clause set off by commas between the heart and its predicate ("the heart, which was
    # normal on the last study, is now enlarged") leaves the predicate read; a normal predicate names no
    # cardiomegaly, and "enlarged" inside the clause is about the earlier study (the normal predicate after
    # such a clause names nothing in round nm; since session 12 the aside with the earlier state is dropped
    # and the normal predicate reads as today's negative) (round nm)
    ("The cardiac silhouette, which had been normal in ___, is now moderately enlarged.",
     {"Cardiomegaly": P, "No Finding": M}),
    ("The heart, which is partly obscured by the effusion, appears enlarged.",
     {"Cardiomegaly": P, "Pleural Effusion": P, "No Finding": M}),
    ("The heart, which was enlarged before surgery, is now normal in size.", {"Cardiomegaly": N}),
    # a finding followed by "or, less / more likely, Y" and a cue after Y: the cue is about both
    # (round nm); without the comma aside a bare "or" still asserts both
    ("Infection or, less likely, drug reaction cannot be excluded in the lingula.",
     {"Pneumonia": U, "No Finding": M}),
    ("Edema or, much less likely, lymphangitic spread may account for the septal lines.",
     {"Edema": U, "No Finding": M}),
    ("Small left effusion or pleural thickening at the base.",
     {"Pleural Effusion": P, "Pleural Other": P, "No Finding": M}),
]

ROUND_NO_CASES = [
    # a device named with its position after a comma ("ETT 5 cm above the carina", "NG tube in the
    # stomach", "ETT and OGT tips at the carina") is asserted, not the next item of a negated list; a device
    # in the list itself ("no ... or ETT malposition") and an "or" later in the sentence keep the negation
    # (round no)
    ("No pneumothorax, endotracheal tube tip 4 cm above the carina.",
     {"Pneumothorax": N, "Support Devices": P, "No Finding": P}),
    ("Trace right effusion, no pneumothorax, nasogastric tube in the stomach.",
     {"Pleural Effusion": P, "Pneumothorax": N, "Support Devices": P, "No Finding": M}),
    ("No edema, ETT and OGT in standard position.", {"Edema": N, "Support Devices": P, "No Finding": P}),
    ("No pneumothorax or ETT malposition.", {"Pneumothorax": N, "Support Devices": N, "No Finding": P}),
    ("No pneumothorax, NGT or ETT.", {"Pneumothorax": N, "Support Devices": N, "No Finding": P}),
    # fluid described by its basal place ("basilar / bibasilar / basal fluid") is pleural fluid, asserted,
    # negated or hedged like any effusion (round no)
    ("Right basilar fluid is slightly larger than before.", {"Pleural Effusion": P, "No Finding": M}),
    ("No bibasilar fluid.", {"Pleural Effusion": N, "No Finding": P}),
    ("Possible small amount of basal fluid on the left.", {"Pleural Effusion": U, "No Finding": M}),
    # complete or near-complete drainage / evacuation of an effusion says it is gone, as "(near) complete
    # resolution of" does; bare or incomplete "drainage of" keeps it (round no)
    ("Near complete drainage of the right pleural effusion after pigtail placement.",
     {"Pleural Effusion": N, "Support Devices": P, "No Finding": P}),
    ("There has been complete evacuation of the left hydrothorax.", {"Pleural Effusion": N, "No Finding": P}),
    ("Incomplete drainage of the loculated left effusion.", {"Pleural Effusion": P, "No Finding": M}),
    ("Status post drainage of the right effusion, with a small residual.",
     {"Pleural Effusion": P, "No Finding": M}),
    # "pleural effusion / fluid or thickening" shares "pleural" between both nouns: the thickening is
    # pleural thickening (Pleural Other), negated, hedged or asserted with the fluid (a bare "or" is no
    # hedge); "and/or" pairs and "thickening of" another structure are left as they were (round no)
    ("There is no pleural effusion or thickening.",
     {"Pleural Effusion": N, "Pleural Other": N, "No Finding": P}),
    ("Trace left pleural fluid or thickening, unchanged.",
     {"Pleural Effusion": P, "Pleural Other": P, "No Finding": M}),
    ("Possible small pleural effusion or thickening at the right base.",
     {"Pleural Effusion": U, "Pleural Other": U, "No Finding": M}),
    ("No pleural effusion or thickening of the bronchial walls.", {"Pleural Effusion": N, "No Finding": P}),
]

ROUND_NP_CASES = [
    # a hedge in an earlier list item does not reach a support device named after ", and": the device
    # is a new item of the list and is there; without the comma, or with the device's own hedge, the old
    # reading holds (round np)
    ("Collapse of the left lower lobe, probably from retained secretions, and a tracheostomy tube in "
     "standard position.", {"Atelectasis": P, "Support Devices": P, "No Finding": M}),
    ("Basilar haziness, perhaps aspiration, and a Dobhoff tube coursing into the duodenum.",
     {"Lung Opacity": P, "Pneumonia": U, "Support Devices": P, "No Finding": M}),
    ("Patchy opacity that may be atelectasis, and the right PICC has been removed.",
     {"Lung Opacity": P, "Atelectasis": U, "Support Devices": N, "No Finding": M}),
    ("Possible small effusion and chest tube in the fissure.",
     {"Pleural Effusion": U, "Support Devices": U, "No Finding": M}),
    ("Streaky opacity, likely atelectasis, and possibly a left PICC in the jugular vein.",
     {"Lung Opacity": P, "Atelectasis": U, "Support Devices": U, "No Finding": M}),
    # the limit-of-film sentence for pneumothorax takes "for" as well as "of" (as the fracture one does):
    # "evaluation / assessment for pneumothorax is (somewhat) limited (by ...)" mentions no pneumothorax;
    # a pneumothorax named in the same sentence or a bare request keeps its own reading (round np)
    ("Assessment for pneumothorax is somewhat limited by the semi-upright position.",
     {"Pneumothorax": M, "No Finding": P}),
    ("Evaluation for a small apical pneumothorax is suboptimal on this rotated film; no pneumothorax is seen.",
     {"Pneumothorax": N, "No Finding": P}),
    ("Evaluation for pneumothorax is limited; a small right apical pneumothorax is nonetheless present.",
     {"Pneumothorax": P, "No Finding": M}),
    ("Evaluation for pneumothorax.", {"Pneumothorax": U}),
]

ROUND_NR_CASES = [
    # "itself" after the organ ("the heart itself does not appear enlarged") is the organ: the heart's
    # patterns read it (round nr)
    ("The mediastinum is widened by fat, but the heart itself does not appear enlarged.",
     {"Enlarged Cardiomediastinum": P, "Cardiomegaly": N, "No Finding": M}),
    ("The heart itself is moderately enlarged.", {"Cardiomegaly": P, "No Finding": M}),
    ("The heart itself may be mildly enlarged.", {"Cardiomegaly": U, "No Finding": M}),
    # a soft-tissue density, opacity, fullness or prominence named as mediastinal is a mediastinal
    # contour finding (Enlarged Cardiomediastinum), as a "soft tissue density in the mediastinum" was;
    # "mediastinal contour abnormality" is one too, its cause hedged or not; the soft tissue is no lung
    # opacity (round nr)
    ("Superior mediastinal soft tissue density displacing the trachea to the right, compatible with a "
     "substernal goiter.", {"Enlarged Cardiomediastinum": P, "Lung Opacity": M, "No Finding": M}),
    ("Anterior mediastinal soft-tissue opacity has increased, concerning for a thymic mass.",
     {"Enlarged Cardiomediastinum": P, "Lung Opacity": M, "Lung Lesion": M, "No Finding": M}),
    ("Questionable right mediastinal soft tissue fullness.", {"Enlarged Cardiomediastinum": U, "No Finding": M}),
    ("No superior mediastinal soft tissue widening.", {"Enlarged Cardiomediastinum": N, "No Finding": P}),
    ("The mediastinal soft tissues are unremarkable.", {"Enlarged Cardiomediastinum": M, "No Finding": P}),
    ("Left superior mediastinal contour abnormality, vascular structure versus lymph nodes.",
     {"Enlarged Cardiomediastinum": P, "No Finding": M}),
    # a mass or nodular density explained as a hiatal hernia (likely, compatible with, represents ...)
    # is the hernia, no Lung Lesion, as such an opacity is no Lung Opacity; a lung mass beside a hernia
    # named for itself is a lesion (round nr)
    ("Rounded retrocardiac mass with an air-fluid level, most compatible with a hiatal hernia.",
     {"Lung Lesion": M, "Lung Opacity": M, "No Finding": M}),
    ("Nodular density behind the heart probably represents a small hiatus hernia.",
     {"Lung Lesion": M, "Lung Opacity": M, "No Finding": M}),
    ("A 3 cm left lower lobe mass, concerning for malignancy; incidental hiatal hernia.",
     {"Lung Lesion": P, "No Finding": M}),
]


ROUND_NS_CASES = [
    # a density at a cardiophrenic or costophrenic angle (or sulcus) is a density at a lung site, an opacity, as
    # one "at the right base" already was; an explanation of its nodular nature leaves the opacity, a
    # negated one is negative, and a fat density named as a fat pad stays explained away (round ns)
    ("Ill-defined 6 mm nodular density at the left cardiophrenic angle, possibly an end-on vessel or summation "
     "of shadows.", {"Lung Opacity": P, "Lung Lesion": M, "No Finding": M}),
    ("Small density over the right costophrenic sulcus on the frontal view only.",
     {"Lung Opacity": P, "No Finding": M}),
    ("There is no new density at the right cardiophrenic angle.", {"Lung Opacity": N, "No Finding": P}),
    ("Fat density at the right cardiophrenic angle likely representing a pericardial fat pad.",
     {"Lung Opacity": M, "No Finding": P}),
    # malignancy, a neoplasm, a tumor or mesothelioma offered for a pleural finding in its sentence (with no
    # lung word between) is that pleural finding's nature, no Lung Lesion, as metastatic disease already was;
    # a chest wall / rib / sternal tumor is no lung lesion either (a chest wall tumor is an abnormality outside
    # the 14); a lung mass named between keeps the lesion (round ns)
    ("A lobulated pleural-based mass along the left lateral chest wall with erosion of the overlying rib is "
     "new and suspicious for malignancy.", {"Pleural Other": P, "Lung Lesion": M, "No Finding": M}),
    ("Nodular pleural thickening on the right, which could reflect a neoplastic process such as mesothelioma.",
     {"Pleural Other": P, "Lung Lesion": M, "No Finding": M}),
    ("Right pleural effusion and a spiculated right upper lobe mass, concerning for malignancy.",
     {"Pleural Effusion": P, "Lung Lesion": P, "No Finding": M}),
    ("Expansile lesion of the posterior left eighth rib, possibly a primary rib tumor.",
     {"Lung Lesion": M, "No Finding": M}),
    ("A large chest wall tumor is again seen on the left.", {"Lung Lesion": M, "No Finding": M}),
    # soft-tissue or chest wall swelling is an abnormality outside the 14: No Finding stays off; denied, it
    # leaves No Finding set (round ns)
    ("Swelling of the soft tissues over the left lateral chest wall; no underlying rib fracture.",
     {"Fracture": N, "No Finding": M}),
    ("Right chest wall soft tissue swelling.", {"No Finding": M}),
    ("No soft tissue swelling or subcutaneous emphysema.", {"No Finding": P}),
]

ROUND_NQ_CASES = [
    # prominence / increase / accentuation of the interstitial, lung or bronchovascular markings, and the
    # markings "are / appear prominent / increased", are Lung Opacity, as the adjective forms ("prominent
    # bronchovascular markings") were; negated, it is 0; markings put down to low volumes or technique,
    # and prominent vasculature, stay out (round nq)
    ("Slight prominence of the bronchovascular markings at both bases, perhaps from small airways disease.",
     {"Lung Opacity": P, "No Finding": M}),
    ("Interval increase in the interstitial markings since the last film.", {"Lung Opacity": P}),
    ("The lung markings appear coarsened and mildly increased in the periphery.", {"Lung Opacity": P}),
    ("There is no prominence of the interstitial markings to suggest fluid overload.",
     {"Lung Opacity": N, "Edema": N}),
    ("The bronchovascular markings are crowded and accentuated by the shallow inspiration.",
     {"Lung Opacity": M}),
    ("Prominence of the pulmonary vasculature without edema.", {"Lung Opacity": M, "Edema": N}),
    # "would be typical of / compatible with / consistent with X" hedges X (the idiom set's convention:
    # "would be compatible with aspiration" is -1); the bare forms assert, "would be atypical for" denies,
    # and a negation before it wins (round nq)
    ("The distribution of these basal opacities would be characteristic of aspiration.",
     {"Lung Opacity": P, "Pneumonia": U}),
    ("Hazy bilateral opacities; this would be consistent with alveolar edema.",
     {"Lung Opacity": P, "Edema": U}),
    ("The basal opacities are typical of aspiration.", {"Lung Opacity": P, "Pneumonia": P}),
    ("No focal opacity that would be compatible with pneumonia.", {"Lung Opacity": N, "Pneumonia": N}),
    # "known CHF / heart failure" named as the patient's condition is history, not this film, as "history of
    # CHF" is: no Edema from it (and no other abnormality); "consistent with known CHF" still asserts it
    # (round nq)
    ("In a patient with known congestive heart failure, there is no pulmonary edema.",
     {"Edema": N, "No Finding": P}),
    ("Given the known heart failure, the perihilar haziness may be due to edema.",
     {"Lung Opacity": P, "Edema": U}),
    ("Cardiomegaly and interstitial edema, consistent with the patient's known CHF.",
     {"Cardiomegaly": P, "Edema": P}),
]

ROUND_NU_CASES = [
    # a density or opacity explained as a hernia or a fat pad (no lung opacity, the set's convention) reaches
    # its explanation across a longer clause (up to 120 characters) and past a two-word prefix ("soft tissue
    # density", which another exclusion used to take first) (round nu)
    ("A rounded density at the right cardiophrenic angle, seen best on the lateral view and not changed since"
     " the examination of ___, likely represents a large epicardial fat pad.",
     {"Lung Opacity": M, "No Finding": P}),
    ("Well-defined soft tissue density at the right cardiophrenic angle, consistent with a Morgagni hernia.",
     {"Lung Opacity": M}),
    ("Retrocardiac opacity, likely due to a hiatal hernia; no consolidation.",
     {"Lung Opacity": M, "Consolidation": N}),
    # an explanation as a hernia, fat pad, adenopathy, goiter or fracture does not drop the opacity when the
    # same sentence leaves a lung cause open after "or / versus / though / although / but / ;": the opacity
    # is seen and may be the lung's; a negated lung finding after it leaves the explanation (round nu)
    ("Soft tissue density at the right cardiophrenic angle, which could be due to a Morgagni hernia, although"
     " a middle lobe consolidation would look similar.", {"Lung Opacity": P}),
    ("The retrocardiac density may be related to the hiatal hernia, but left lower lobe atelectasis is also"
     " possible.", {"Lung Opacity": P, "Atelectasis": U}),
    ("Right paratracheal opacity, probably adenopathy versus a right upper lobe pneumonia.",
     {"Lung Opacity": P, "Pneumonia": U}),
    # a pleural space or cavity that contains (or is "with") air or gas is a pneumothorax, as "air in the
    # pleural space" was; "contains no air" and air bronchograms in the lung beside it are not (round nu)
    ("The residual left pleural space, which contains a small pocket of air, is smaller.", {"Pneumothorax": P}),
    ("A persistent right pleural cavity containing fluid and a small amount of gas.", {"Pneumothorax": P}),
    ("The right pleural space contains no air.", {"Pneumothorax": M}),
    ("The right pleural space contains fluid, with air bronchograms in the adjacent lung.",
     {"Pneumothorax": M, "Consolidation": P}),
]

ROUND_NT_CASES = [
    # a templated value says how the finding was looked for ("none seen", "not identified", "no definite"),
    # and the field may be the question it answers ("r/o", "?", "question of", "eval for"): negative, read
    # before the question's hedge; a finding as the value, or a question left unanswered, stays as it was
    # (round nt)
    ("Rule out pneumothorax: none identified.", {"Pneumothorax": N, "No Finding": P}),
    ("? aspiration: no definite.", {"Pneumonia": N, "No Finding": P}),
    ("Effusions: none seen. Edema: not demonstrated.", {"Pleural Effusion": N, "Edema": N}),
    ("Evaluate for pneumothorax.", {"Pneumothorax": U}),
    ("Pleural effusion: moderate on the left.", {"Pleural Effusion": P}),
    # a skin fold, clothing or overlying tissue named after "although / though / but" obscures a region; it
    # explains no pneumothorax the clause before denied ("no pneumothorax, although the apex is obscured"
    # stays negative); "though this / it is likely a skin fold" still explains the finding away (round nt)
    ("There is no pneumothorax, though the left apex is partly hidden by overlying skin folds.",
     {"Pneumothorax": N}),
    ("Questionable thin right apical pneumothorax, though this is likely related to a skin fold.",
     {"Pneumothorax": M}),
    ("Right apical pneumothorax, but the lateral pleural line is obscured by overlying tubing.",
     {"Pneumothorax": P}),
    # the sensitivity "of a supine film / this study" for pneumothorax is the supine-film sentence, as "the
    # sensitivity for pneumothorax" was: it names no pneumothorax (round nt)
    ("The sensitivity of this supine portable study for pneumothorax is reduced.",
     {"Pneumothorax": M, "No Finding": P}),
    ("No pneumothorax, although the sensitivity of the semi-upright film for a small pneumothorax is limited.",
     {"Pneumothorax": N}),
    # a finding "not seen / not visible on the lateral (frontal, PA, AP, oblique) view" is seen on the other
    # view: still there, not denied; "not clearly seen" stays uncertain, "not seen on the prior study" and a
    # plain "not seen" still deny (round nt)
    ("Small rounded opacity in the right lower zone, not visible on the lateral view.",
     {"Lung Opacity": P, "No Finding": M}),
    ("The left effusion is not appreciated on the frontal projection but layers posteriorly on the lateral.",
     {"Pleural Effusion": P}),
    ("The left lower lobe nodule is not clearly seen on the PA view.", {"Lung Lesion": U}),
    ("The previously seen right upper lobe nodule is no longer visible.", {"Lung Lesion": N}),
    # a film that limits assessment / evaluation / detection of or for (a small) pleural effusion states a
    # limit of the film and names no effusion, as the same sentence does for pneumothorax and fractures;
    # "the" effusion (a known one) and "cannot be assessed" (a hedge on the finding) are left as they were
    # (round nt)
    ("Exclusion of the left costophrenic angle limits evaluation for a small effusion.",
     {"Pleural Effusion": M, "No Finding": P}),
    ("Detection of small pleural effusions is limited on this supine examination.", {"Pleural Effusion": M}),
    ("No large effusion, though assessment for a small left effusion is hampered by overlying soft tissue.",
     {"Pleural Effusion": N}),
    ("The costophrenic angles are cut off, so a small effusion cannot be assessed.", {"Pleural Effusion": U}),
    # technique that "may obscure / mask / hide subtle (early, small) opacities" states a limit of the film,
    # as "an early opacity may not be visible" does: no opacity named; an opacity seen is still read (round nt)
    ("Marked underpenetration could mask a subtle airspace opacity behind the heart.",
     {"Lung Opacity": M, "No Finding": P}),
    ("Motion may obscure small opacities; there is, however, a streaky opacity at the left base.",
     {"Lung Opacity": P}),
]


ROUND_NV_CASES = [
    # a hedge on the normality of the cardiomediastinal silhouette ("likely / probably / presumably within
    # normal limits") is negative for the heart as well as the mediastinum, as the unhedged sentence and the
    # hedged "heart size is likely normal" already were; a hedged enlargement stays uncertain (round nv)
    ("Given the portable technique, the cardiomediastinal silhouette is probably within normal limits.",
     {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N}),
    ("Cardiac and mediastinal contours are presumably normal, allowing for rotation.",
     {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N}),
    ("The cardiomediastinal silhouette is probably enlarged.",
     {"Cardiomegaly": U, "Enlarged Cardiomediastinum": U}),
    # a hilum or mediastinum described by one predicate and then "but not enlarged / widened" or "but normal
    # in size" keeps its subject across "but": the size is negated (round nv); an enlargement after "but",
    # or a hilum enlarged with the other one normal, is not negated
    ("The left hilum is pulled upward by the scarring but is not enlarged.",
     {"Enlarged Cardiomediastinum": N}),
    ("Mediastinum deviated slightly to the right, but not widened.", {"Enlarged Cardiomediastinum": N}),
    ("Both hila are somewhat dense but normal in size.", {"Enlarged Cardiomediastinum": N}),
    ("The right hilum is enlarged but the left is normal.", {"Enlarged Cardiomediastinum": P}),
    ("The mediastinum is widened, but the heart is not enlarged.",
     {"Enlarged Cardiomediastinum": P, "Cardiomegaly": N}),
    # the cardiomediastinal silhouette or mediastinum "(top) normal to / or mildly enlarged / widened" is
    # positive, as the heart's "normal to mildly enlarged" and borderline are; it was read as normal (EC 0)
    # (round nv, seen while probing)
    ("Cardiomediastinal silhouette top normal to slightly enlarged, unchanged.",
     {"Enlarged Cardiomediastinum": P, "Cardiomegaly": P}),
    ("The mediastinal contours are normal or slightly widened given the AP technique.",
     {"Enlarged Cardiomediastinum": P}),
    ("The cardiomediastinal silhouette is normal in size.",
     {"Enlarged Cardiomediastinum": N, "Cardiomegaly": N}),
    # "the mediastinum is (mildly) shifted / displaced / deviated" is mediastinal shift, an abnormality outside
    # the 14 (No Finding off), as "mediastinal shift" already was; "is not shifted" is not (round nv, seen
    # while probing)
    ("The mediastinum is displaced toward the left by the large effusion.",
     {"No Finding": M, "Pleural Effusion": P, "Enlarged Cardiomediastinum": M}),
    ("The mediastinum is slightly shifted to the right.", {"No Finding": M}),
    ("The mediastinum is not shifted.", {"No Finding": P}),
]

ROUND_NY_CASES = [
    # a finding questioned on one view of a study and "not seen on the lateral / frontal view" stays
    # questioned: the view-qualified absence is not round oq's "the questioned nodule is no longer seen"
    # (round ny); "not seen on the current study" and "no longer seen" still negate
    ("The questioned left basilar density on the PA view is not visualized on the lateral view.",
     {"Lung Opacity": U}),
    ("The questioned opacity is not seen on the frontal projection, only on the lateral.", {"Lung Opacity": U}),
    ("The questioned nodule is no longer seen.", {"Lung Lesion": N}),
    ("The questioned right apical opacity is not seen on the current study.", {"Lung Opacity": N}),
    # a hedge on the side of a finding ("probably right", "likely left-sided", "possibly on the left") is
    # not a hedge on the finding (round ny); a hedge before a finding that names its side still hedges
    ("Basilar airspace consolidation on the lateral view, likely left, consistent with pneumonia.",
     {"Consolidation": P, "Pneumonia": P}),
    ("Small effusion, probably right-sided, with adjacent atelectasis.",
     {"Pleural Effusion": P, "Atelectasis": P}),
    ("Opacity at the base, possibly on the right, in keeping with pneumonia.", {"Pneumonia": P}),
    ("Consolidation, probably right lower lobe pneumonia.", {"Pneumonia": U}),
    ("Opacity in the lingula, likely pneumonia.", {"Pneumonia": U}),
    # what another reader's report said of the films ("the outside report describes / mentioned / suggested
    # X") is not this read's finding: the mention is left out (round ny), as round oq leaves out "prior
    # radiographs showing X"; the read's own sentences decide, and a finding the read confirms in a
    # relative clause counts
    ("The referring hospital's prior report mentioned a small left pneumothorax. Lungs are clear.",
     {"Pneumothorax": M}),
    ("The outside interpretation suggested cardiomegaly. The heart is normal in size.",
     {"Cardiomegaly": N}),
    ("The outside report describes a left lower lobe consolidation, which is again seen.",
     {"Consolidation": P}),
    ("Left lower lobe consolidation, as described in the outside report.", {"Consolidation": P}),
    # a tube or drain whose placement is recommended is not in place (round ny); one placed is
    ("Large right pneumothorax. Right chest tube insertion is advised.",
     {"Support Devices": M, "Pneumothorax": P}),
    ("Recommend placement of a left pigtail catheter for drainage.", {"Support Devices": M}),
    ("Status post right chest tube placement; no pneumothorax.", {"Support Devices": P}),
    # a density that corresponds to costochondral or costal cartilage calcification is no lung opacity,
    # as one corresponding to a bone island is (round ny); one that does not correspond to it is
    ("The nodular density at the right apex seen on the frontal view corresponds to calcified costal cartilage.",
     {"Lung Opacity": M}),
    ("The left apical opacity corresponds to costochondral calcification of the first rib.",
     {"Lung Opacity": M}),
    ("The left apical opacity does not correspond to costochondral calcification.", {"Lung Opacity": P}),
    # "the heart / cardiac silhouette has decreased in size compared with the prior study, though it remains
    # enlarged": "compared with" no longer ends the heart's clause before the "though it remains enlarged"
    # predicate (round ny); "with" naming something else still does
    ("The heart has become smaller compared with the study of ___, but it is still moderately enlarged.",
     {"Cardiomegaly": P}),
    ("The cardiac silhouette is unchanged compared with the prior, though it remains no larger than normal.",
     {"Cardiomegaly": M}),
    # the heart's normal size in a relative clause after its subject ("the cardiac silhouette, which is at the
    # upper limits of normal, is unchanged") is negative, as the main-clause predicate is (round ny); "which
    # was normal ... is now enlarged" stays positive
    ("The heart, which is within normal limits in size, is shifted slightly to the left by the scoliosis.",
     {"Cardiomegaly": N}),
    ("The heart, which was normal in size on the prior study, is now enlarged.", {"Cardiomegaly": P}),
]


ROUND_NW_CASES = [
    # the wet-read abbreviation "nl" / "nml" (normal) before the heart, the cardiac silhouette, the
    # mediastinum or the hila is a normal-structure statement, as it already was after them ("heart size
    # nl"); a finding named beside it keeps its own label (round nw)
    ("Nl heart size.  No edema.", {"Cardiomegaly": N, "Edema": N, "No Finding": P}),
    ("nml cardiac silhouette and no effusion.", {"Cardiomegaly": N, "Pleural Effusion": N}),
    ("NL cardiomediastinal silhouette.", {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N}),
    ("nl mediastinal and hilar contours, ? small L effusion.",
     {"Enlarged Cardiomediastinum": N, "Pleural Effusion": U}),
    ("Mild cardiomegaly, nl mediastinum.", {"Cardiomegaly": P, "Enlarged Cardiomediastinum": N}),
    ("Nl lungs.  Heart enlarged.", {"Cardiomegaly": P}),
]

ROUND_NZ_CASES = [
    # a hedge that puts forward two alternatives joined by "or" reaches the second also when the
    # first is long (more than the hedge's 12-word reach in all), the first within reach (round nz)
    ("Hazy left upper zone opacity, which may represent a loculated left pleural effusion along the "
     "posterior chest wall or right upper lobe collapse.",
     {"Lung Opacity": P, "Pleural Effusion": U, "Atelectasis": U}),
    ("The right base density could reflect a small amount of subpulmonic fluid seen only on the lateral "
     "projection or lower lobe pneumonia.", {"Pleural Effusion": U, "Pneumonia": U}),
    # near misses: an "or" list under a negation, and "or" after a clause break, are not changed
    ("No consolidation, effusion or pneumothorax.",
     {"Consolidation": N, "Pleural Effusion": N, "Pneumothorax": N}),
    ("The opacity may represent a loculated effusion; there is right upper lobe collapse or a mass.",
     {"Pleural Effusion": U, "Atelectasis": P}),
    # a finding named as "also / another a consideration (possibility)" without a verb is uncertain,
    # as "is another consideration" was (round nz)
    ("Right basilar opacity, likely aspiration, with pneumonia also a consideration.",
     {"Lung Opacity": P, "Pneumonia": U}),
    ("Bibasilar opacities, possibly edema, with superimposed infection another possibility.",
     {"Lung Opacity": P, "Edema": U, "Pneumonia": U}),
    # allergic bronchopulmonary aspergillosis is a hypersensitivity disease of the airways, not a
    # pulmonary infection; invasive aspergillosis still is (round nz)
    ("Central bronchiectasis with mucoid impaction, consistent with allergic bronchopulmonary "
     "aspergillosis.", {"Pneumonia": M, "No Finding": M}),
    ("Cavitary nodule, concerning for invasive aspergillosis.", {"Pneumonia": U, "Lung Lesion": P}),
    # regional oligemia (a Westermark sign) and an enlarged pulmonary artery named with its side or
    # branch ("descending", "interlobar") are abnormalities outside the 14: No Finding off (round nz)
    ("Oligemia of the right lower zone.  Lungs otherwise clear.  No effusion.",
     {"No Finding": M, "Pleural Effusion": N}),
    ("Westermark sign on the left.  No consolidation.", {"No Finding": M, "Consolidation": N}),
    ("The right interlobar pulmonary artery is enlarged.  Lungs are clear.", {"No Finding": M}),
    ("Enlarged right descending pulmonary artery.  No effusion.", {"No Finding": M}),
    ("No oligemia or Westermark sign.  Lungs are clear.  No effusion.",
     {"No Finding": P, "Pleural Effusion": N}),
    # the normal lucency of a structure is no lucent lesion: No Finding stays on (round nz)
    ("Normal progressive lucency of the thoracic spine on the lateral view.  No consolidation.",
     {"No Finding": P, "Consolidation": N}),
    ("Expected lucency of the retrosternal clear space.  Lungs clear.", {"No Finding": P}),
    ("Focal lucency in the left upper lobe.  No consolidation.", {"No Finding": M}),
]


ROUND_NX_CASES = [
    # "know" misheard for "no" at the start of a sentence or after a comma or semicolon, as after "there is /
    # are"; "know whether / if / that" is the reader's own word (round nx)
    ("Know acute fracture. Lungs clear.", {"Fracture": N, "No Finding": P}),
    ("Heart normal in size, know pleural effusions.", {"Pleural Effusion": N, "Cardiomegaly": N}),
    ("Know large pneumothorax; small right effusion.", {"Pneumothorax": N, "Pleural Effusion": P}),
    ("Impossible to know whether there is a small effusion.", {"Pleural Effusion": U}),
    ("The known right effusion is unchanged.", {"Pleural Effusion": P}),
    # "pleural / plural infusion" is a misheard pleural effusion (round nx)
    ("Moderate left pleural infusion with compressive atelectasis.", {"Pleural Effusion": P, "Atelectasis": P}),
    ("No plural infusions.", {"Pleural Effusion": N}),
    ("Possible trace right pleural infusion.", {"Pleural Effusion": U}),
    # finding and device words that dictation splits in two ("hemo thorax", "dob hoff", "pick line", "a
    # spiration"), and any finding word split with three letters or more on each side ("consoli dation");
    # "hemi thorax" is a real word pair and is left as it was (round nx)
    ("Large left hemo thorax after the fall.", {"Pleural Effusion": P}),
    ("The dob hoff tip lies in the duodenum.", {"Support Devices": P}),
    ("A pick line ends in the SVC.", {"Support Devices": P}),
    ("Retrocardiac opacity, possibly a spiration.", {"Lung Opacity": P, "Pneumonia": U}),
    ("Right lower lobe consoli dation.", {"Consolidation": P}),
    ("No new effu sion.", {"Pleural Effusion": N}),
    ("Opacification of the left hemi thorax.", {"Lung Opacity": P, "Pleural Effusion": M}),
    # "no" glued to the next word by dictation ("nofocal", "nopneumothorax") is split off; words that start
    # with "no" are left (round nx)
    ("Nofocal consolidation. Nopneumothorax.", {"Consolidation": N, "Pneumothorax": N, "No Finding": P}),
    ("Normal heart size. Nodular opacity in the left apex.",
     {"Cardiomegaly": N, "Lung Lesion": P, "Lung Opacity": P}),
    # one letter wrong inside a finding word of ten letters or more ("consolodation", "atelectesis",
    # "pneumothorex"); the last letter is kept, so "infiltrated" does not become "infiltrates" (round nx)
    ("Bibasilar atelectesis.", {"Atelectasis": P}),
    ("There is no pneumothorex.", {"Pneumothorax": N}),
    ("Left lower lobe consolodation, likely pneumonia.", {"Consolidation": P, "Pneumonia": U}),
    ("The soft tissues of the neck are infiltrated.", {"Lung Opacity": M}),
    # "nodual" is a misheard "nodular" (round nx)
    ("A nodual opacity in the right mid lung is new.", {"Lung Lesion": P, "Lung Opacity": P}),
    ("No nodual opacities.", {"Lung Lesion": N, "Lung Opacity": N}),
    # "no longer" before a participle in -ized / -ised, spelled right or not ("no longer visulaized"), denies
    # the finding, as "no longer visualized" does (a misspelt finding word read right met a misspelt cue on
    # public text); "no longer large" still leaves the finding (round nx)
    ("The pneumothrax is no longer visulaized.", {"Pneumothorax": N}),
    ("The pneumothorax is no longer large.", {"Pneumothorax": P}),
]

ROUND_PB_CASES = [
    # older and less common terms (round pb): a coin lesion and an SPN (solitary pulmonary nodule) are Lung
    # Lesion, and a lesion placed in a lung zone is a lung lesion as one in a lobe is; denied, they are
    # negative; a skin or bone lesion in the same sentence is still none
    ("An 11 mm coin lesion lies in the left lower zone, not seen before.", {"Lung Lesion": P}),
    ("The SPN in the right upper lobe is unchanged in size.", {"Lung Lesion": P}),
    ("No coin lesion or SPN is seen.", {"Lung Lesion": N}),
    ("A possible lesion in the right mid zone, for CT.", {"Lung Lesion": U}),
    ("A lytic lesion in the right fourth rib.", {"Lung Lesion": M}),
    # lung mottling is a lung opacity (round pb); nodular mottling, as nodular shadows, is a nodular opacity
    # and so a Lung Lesion as well; mottled bones name no lung finding
    ("Patchy mottling is seen throughout the right lower zone.", {"Lung Opacity": P, "Lung Lesion": M}),
    ("Fine nodular mottling in both lungs, as in miliary spread.", {"Lung Opacity": P, "Lung Lesion": P}),
    ("No mottling in the lung fields.", {"Lung Opacity": N}),
    ("Mottled appearance of the bones, in keeping with myeloma.", {"Lung Opacity": M, "Lung Lesion": M}),
    # a shadow with a shape or a lung pattern ("linear", "patchy", "fluffy", "nodular" shadows) is a lung
    # opacity (round pb), as such "shadowing" was; nipple, breast, soft-tissue and cardiac shadows are not
    ("Linear shadows at both bases, probably discoid atelectasis.",
     {"Lung Opacity": P, "Atelectasis": U}),
    ("Ill-defined patchy shadows in the right upper zone may be infective.",
     {"Lung Opacity": P, "Pneumonia": U}),
    ("Bilateral nipple shadows.  Soft tissue shadows overlie both bases.", {"Lung Opacity": M}),
    ("The cardiac shadow is normal.", {"Lung Opacity": M, "Cardiomegaly": N}),
    # a triangular or wedge-shaped density, and a density behind the heart, is a lung opacity (round pb)
    ("A wedge-shaped density in the left lower zone.", {"Lung Opacity": P}),
    ("There is a density seen behind the heart, possibly collapse.", {"Lung Opacity": P, "Atelectasis": U}),
    # Fleischner lines are plate-like atelectasis (round pb); the Fleischner Society's follow-up names none
    ("Fleischner lines are present in the left mid zone.", {"Atelectasis": P}),
    ("A Fleischner line or a scar may account for the band at the right base.", {"Atelectasis": U}),
    ("Follow-up CT in 12 months per Fleischner Society guidance.", {"Atelectasis": M}),
    # "a second / third possibility" hedges as "another possibility" does (round pb)
    ("Likely atelectasis; infection is a second possibility.", {"Pneumonia": U, "Atelectasis": U}),
    ("Aspiration would be a third possibility.", {"Pneumonia": U}),
    ("Aspiration pneumonia, second episode this month.", {"Pneumonia": P}),
    # a widened vascular pedicle is Enlarged Cardiomediastinum (round pb, as nh078's "widening of the
    # azygos and vascular pedicle"); "not widened" negates
    ("The vascular pedicle is widened.", {"Enlarged Cardiomediastinum": P}),
    ("Widening of the vascular pedicle may reflect volume overload.", {"Enlarged Cardiomediastinum": P}),
    ("The vascular pedicle is not widened.", {"Enlarged Cardiomediastinum": N}),
    # "no pleural or bony abnormality", "no pleural, mediastinal, or hilar abnormality" deny a pleural
    # abnormality (round pb), as "no pleural abnormality" did; "pleural and parenchymal abnormalities" is
    # left unread (on public text it described effusions)
    ("No pleural or bony abnormality.", {"Pleural Other": N, "No Finding": P}),
    ("No pleural, parenchymal, or osseous abnormality.", {"Pleural Other": N}),
    ("The line is poorly seen through overlying pleural and parenchymal abnormalities.", {"Pleural Other": M}),
    # a heart "at the upper limit of normal, possibly (slightly) enlarged" offers enlargement as possible
    # (round pb): Cardiomegaly uncertain, no longer read as the normal phrase alone; "top normal" alone and
    # "probably not enlarged" stay negative
    ("The cardiac silhouette is at the upper limit of normal, possibly slightly enlarged on this AP film.",
     {"Cardiomegaly": U, "No Finding": M}),
    ("Heart size top normal, perhaps mildly enlarged.", {"Cardiomegaly": U}),
    ("Heart size is at the upper limit of normal.", {"Cardiomegaly": N}),
    ("Heart size is at the upper limit of normal, probably not enlarged.", {"Cardiomegaly": N}),
    # a lucency or hyperlucency put down to rotation, positioning or technique names no abnormality (round
    # pb), as one put down to a skin fold does not; left open ("rotation or air trapping") it still counts
    ("Apparent hyperlucency of the left hemithorax is due to patient rotation.  Lungs clear.", {"No Finding": P}),
    ("Relative lucency of the right hemithorax is related to positioning.  Heart normal.",
     {"No Finding": P, "Cardiomegaly": N}),
    ("The left lung is hyperlucent, probably due to rotation or air trapping.", {"No Finding": M}),
    ("Hyperlucency of the left hemithorax.  Lungs otherwise clear.", {"No Finding": M}),
    # a differential "between X, which ..., and Y" keeps Y in the differential across the relative aside
    # (round pb); without the "between" cue the aside and the "and" leave Y asserted
    ("The differential diagnosis lies between pulmonary edema, which would fit with the enlarged heart, and"
     " an atypical pneumonia.", {"Edema": U, "Pneumonia": U, "Cardiomegaly": P}),
    ("The distinction between atelectasis, which is favored, and pneumonia is not possible.",
     {"Atelectasis": U, "Pneumonia": U}),
    ("Pulmonary edema, which would fit with the enlarged heart, and a small effusion.",
     {"Edema": P, "Pleural Effusion": P}),
    # pulmonary oligemia and plethora are abnormalities outside the 14 (round pb): No Finding stays off;
    # denied, they leave it set
    ("Oligaemia of the right lower zone.  Lungs otherwise clear.", {"No Finding": M}),
    ("Pulmonary plethora.  Heart size normal.", {"No Finding": M, "Cardiomegaly": N}),
    ("No oligemia.  Lungs clear.  Heart size normal.", {"No Finding": P, "Cardiomegaly": N}),
]


ROUND_PC_CASES = [
    # an organ header set off by a dash at the start of a sentence reads as one set off by a colon: the
    # organ stays the subject of its value; a value that says nothing keeps the templated negation; a
    # finding named before a dash is not a header (round pc)
    ("Cardiac silhouette - mildly enlarged.  Lungs - no consolidation.", {"Cardiomegaly": P, "Consolidation": N}),
    ("Heart size -- within normal limits.  Mediastinum - not widened.",
     {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N}),
    ("Hila - enlarged, likely adenopathy.", {"Enlarged Cardiomediastinum": P}),
    ("Left base opacity - atelectasis versus pneumonia.",
     {"Lung Opacity": P, "Atelectasis": U, "Pneumonia": U}),
    # a clipped "within normal" (no "limits") and a singular "within normal limit" are said in full
    # (round pc); "within normal range" was read before
    ("The cardiac size is within normal, no effusion.", {"Cardiomegaly": N, "Pleural Effusion": N}),
    ("Cardiac silhouette and mediastinum within normal limit.",
     {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N}),
    ("Heart size is within normal range.", {"Cardiomegaly": N}),
    # an adjective "widen" ("the mediastinum is widen") is "widened", asserted or denied (round pc)
    ("Superior mediastinum is mildly widen, may be vascular.", {"Enlarged Cardiomediastinum": P}),
    ("Mediastinum not widen.  Lungs clear.", {"Enlarged Cardiomediastinum": N, "No Finding": P}),
    # a hilum "enlarging" or "larger than before" is an enlarged hilum; larger than the other side is a
    # comparison of two hila, not read (round pc)
    ("Enlarging right hilum since the prior exam.", {"Enlarged Cardiomediastinum": P}),
    ("The left hilum appears larger than on the prior study.", {"Enlarged Cardiomediastinum": P}),
    ("The left hilum is larger than the right.", {"Enlarged Cardiomediastinum": M}),
    # "X is (the) most likely" closing its clause is the reader's best guess, uncertain like "likely X";
    # "most likely X" naming what a finding is still asserts that finding (round pc)
    ("Right basal opacity, infection is the most likely, given fever.", {"Lung Opacity": P, "Pneumonia": U}),
    ("Opacity at the left base is most likely atelectasis.", {"Lung Opacity": P, "Atelectasis": U}),
    # "also can give such / similar appearance" offers a further finding, as "may have this appearance"
    # does (round pc)
    ("Patchy opacity, edema or infection can give similar appearance.",
     {"Lung Opacity": P, "Edema": U, "Pneumonia": U}),
    # a double negative "not unlikely" keeps the finding in play: uncertain; "unlikely" still negates
    # (round pc)
    ("A small left effusion is not unlikely.", {"Pleural Effusion": U}),
    ("It is not improbable that this opacity represents pneumonia.", {"Lung Opacity": P, "Pneumonia": U}),
    ("Pneumothorax is unlikely.", {"Pneumothorax": N}),
    # heart and mediastinum listed with a comma and one verbless predicate (round pc)
    ("Heart size, mediastinum normal.  No effusion.",
     {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N, "Pleural Effusion": N}),
    ("Heart size, mediastinum enlarged.", {"Cardiomegaly": M}),
]


ROUND_PA_CASES = [
    # a finding word cut by a line-wrap hyphen ("atelec-\ntasis", "pneumo- thorax", "consoli-dation") is the
    # word (round pa), as round nx joins words split by a space; a hyphen between two words stays
    ("Mild bibasilar atelec-\ntasis.", {"Atelectasis": P}),
    ("Streaky left basilar opacity, possibly atelec- tasis.", {"Lung Opacity": P, "Atelectasis": U}),
    ("No pneumo-\nthorax is seen.", {"Pneumothorax": N}),
    ("Small right pleural effu- sion, unchanged.", {"Pleural Effusion": P}),
    ("Dense right lower lobe consoli-dation.", {"Consolidation": P}),
    ("Small left-\nsided effusion.", {"Pleural Effusion": P, "Atelectasis": M}),
    # "&" is "and" (round pa): "&/or" joins alternatives as "and/or" does
    ("Heart size & mediastinal contours are normal.", {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N}),
    ("Perihilar haziness, c/w edema &/or infection.", {"Edema": U, "Pneumonia": U}),
    ("Cardiomegaly & small bilateral effusions.", {"Cardiomegaly": P, "Pleural Effusion": P}),
    # readers' shorthand (round pa): "neg for" is "negative for", "sz" is size, "nl" is normal
    ("Neg for pneumothorax.", {"Pneumothorax": N}),
    ("Pos for small apical pneumothorax.", {"Pneumothorax": P}),
    ("Heart sz upper nl.", {"Cardiomegaly": N}),
    ("Nl cardiomediastinal silhouette.", {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N}),
    ("Heart sz mildly enlarged.", {"Cardiomegaly": P}),
    # a lobe written as its abbreviation with volume loss is lobar volume loss (round pa)
    ("LLL volume loss, likely from mucus plugging.", {"Atelectasis": P}),
    ("No RML volume loss.", {"Atelectasis": N}),
    ("Mild volume loss at the bases.", {"Atelectasis": M}),
    # "eval for X limited by ..." is a limit of the film, as "evaluation for X is limited" is (round pa)
    ("Eval for pneumothorax limited by the supine position.", {"Pneumothorax": M}),
    ("Eval for PTX is limited by overlying hardware. No definite PTX.", {"Pneumothorax": N}),
    # a tube or drain written as recommended ("chest tube recommended", "recommend NG tube placement") is
    # not in place (round pa); one in place whose repositioning is recommended is
    ("Large left pneumothorax. Left chest tube recommended.", {"Pneumothorax": P, "Support Devices": M}),
    ("Recommend NG tube placement.", {"Support Devices": M}),
    ("Chest tube in place; repositioning recommended.", {"Support Devices": P}),
    ("The chest tube is recommended to remain in place.", {"Support Devices": P}),
    # an organ header and a finding of another structure ("Mediastinum: prominent aortic knob") is about
    # that structure (round pa); "Mediastinum: widened" is the mediastinum
    ("Mediastinum: prominent aortic knob.", {"Enlarged Cardiomediastinum": M}),
    ("Mediastinum: widened.", {"Enlarged Cardiomediastinum": P}),
    # a density over the lungs or lobes (plural) is an opacity, as one over the lung or a lobe is (round pa)
    ("Densities projecting over the lower lungs.", {"Lung Opacity": P}),
    ("Nodular densities over the lower lungs are compatible with nipple shadows.",
     {"Lung Opacity": P, "Lung Lesion": M}),
    ("Calcified densities in the upper lobes, likely granulomas.", {"Lung Opacity": M}),
]

ROUND_PF_CASES = [
    # a predicate hedge after a finding and its "with" phrase hedges the whole subject (round pf): "X with
    # Y is also possible" puts X in doubt, not only Y; a plain "with" phrase keeps its own cue out
    ("Bacterial infection with reactive hilar nodes is also possible.", {"Pneumonia": U}),
    ("Interstitial edema with small effusions cannot be excluded.", {"Edema": U, "Pleural Effusion": U}),
    ("Consolidation with air bronchograms would be a consideration.", {"Consolidation": U}),
    ("Left lower lobe consolidation with air bronchograms is present.", {"Consolidation": P}),
    ("Right basilar opacity with air bronchograms is concerning for pneumonia.",
     {"Lung Opacity": P, "Consolidation": P, "Pneumonia": U}),
    # no / lack of / without / failure of resolution (or clearing) of a finding is its persistence (round
    # pf): the finding is there, and the negation reaches nothing past the course word; resolution alone
    # still negates
    ("There is lack of resolution of the lingular consolidation.", {"Consolidation": P}),
    ("No interval clearing of the left basilar consolidation despite treatment.", {"Consolidation": P}),
    ("Failure of resolution of the pneumonia, for which CT is advised.", {"Pneumonia": P}),
    ("In view of the lack of resolution, a central obstructing mass must be excluded.", {"Lung Lesion": U}),
    ("Complete resolution of the lingular consolidation.", {"Consolidation": N}),
    ("The lungs lack any focal consolidation.", {"Consolidation": N}),
    # a lung cavity with an air-fluid or fluid level is a Lung Lesion, wherever in the lobe (round pf); an
    # air-fluid level in the pleural cavity is not
    ("A thick cavity with an air-fluid level occupies the posterior segment of the right upper lobe.",
     {"Lung Lesion": P}),
    ("The cavity containing a fluid level, compatible with an abscess, is smaller.", {"Lung Lesion": P}),
    ("No cavity with an air-fluid level is seen.", {"Lung Lesion": N}),
    ("Pleural cavity with an air-fluid level after decortication.", {"Lung Lesion": M}),
    # an item of a differential list keeps the list's hedge when its cause follows it (round pf): "the
    # differential includes hemorrhage, edema from fluid overload, and infection"
    ("Considerations include alveolar hemorrhage, edema due to volume overload, and atypical infection.",
     {"Edema": U, "Pneumonia": U}),
    ("The differential includes drug toxicity, pneumonia related to aspiration, or edema.",
     {"Edema": U, "Pneumonia": U}),
    ("Pulmonary edema related to renal failure.", {"Edema": P}),
]

ROUND_PD_CASES = [
    # page furniture of a PDF or print export ("Page 1 of 2", a patient banner with MRN / DOB) is dropped,
    # also where it cuts a sentence, so the sentence joins again (round pd); between sentences it changes
    # nothing
    ("The lungs are clear. There is no\nPage 1 of 2\nPatient: ___   MRN: ___   DOB: ___\npleural effusion or"
     " pneumothorax.", {"Pleural Effusion": N, "Pneumothorax": N, "No Finding": P}),
    ("Patchy left basilar opacity,\nPage 1 of 2\nPatient: ___ MRN: ___ DOB: ___\npossibly pneumonia.",
     {"Lung Opacity": P, "Pneumonia": U}),
    ("Small left effusion.\nPage 1 of 2\nNo pneumothorax.", {"Pleural Effusion": P, "Pneumothorax": N}),
    # HL7 formatted-text escapes: "\.br\" is a line break, "\.sp\" a blank line (round pd)
    (r"Mild cardiomegaly.\.br\No pneumothorax.\.br\Small right effusion.",
     {"Cardiomegaly": P, "Pneumothorax": N, "Pleural Effusion": P}),
    (r"No focal consolidation.\.sp\Left basilar atelectasis.", {"Consolidation": N, "Atelectasis": P}),
    (r"No\.br\pneumothorax.", {"Pneumothorax": N}),
    # a "cc:" copy list names who gets the report, not findings (round pd); "cc" of fluid is a volume
    ("No pulmonary edema.\ncc: Dr. ___ (Heart Failure Service)", {"Edema": N, "No Finding": P}),
    ("Approximately 500 cc of fluid was removed; small residual effusion.", {"Pleural Effusion": P}),
    # "limited / low sensitivity for" nodules, opacities or consolidation is a limit of the film, as
    # "insensitive for" is (round pd); a finding named beside it stays
    ("Radiography has limited sensitivity for small pulmonary nodules.", {"Lung Lesion": M}),
    ("Chest radiographs have low sensitivity for subtle consolidation.", {"Consolidation": M}),
    ("Limited sensitivity for small opacities on a portable film.", {"Lung Opacity": M}),
    ("Possible 6 mm nodule in the left mid lung. Radiography has limited sensitivity for nodules.",
     {"Lung Lesion": U}),
    ("A 6 mm nodule is seen, though radiography has limited sensitivity for smaller nodules.", {"Lung Lesion": P}),
]


ROUND_PG_CASES = [
    # report-generation model output (round pg; no labeler defect at first scoring, so these pin the
    # conventions the round used): a finding denied and then affirmed is positive (CheXpert's aggregation),
    # in either order; a sentence cut off by the length limit counts only for its whole words
    ("no left effusion . moderate left pleural effusion . no pneumothorax .",
     {"Pleural Effusion": P, "Pneumothorax": N, "No Finding": M}),
    ("the mediastinum is widened . the mediastinum is not widened .", {"Enlarged Cardiomediastinum": P}),
    ("heart size normal . no focal consolidation . there is a moderate right",
     {"Cardiomegaly": N, "Consolidation": N, "No Finding": P}),
    ("no pleural effusion . mild pulmonary edema", {"Pleural Effusion": N, "Edema": P}),
    # IU X-Ray "xxxx" and "<unk>" tokens name nothing, and do not cut a finding off its cue
    ("xxxx xxxx are unremarkable . lungs clear . no <unk> .", {"No Finding": P}),
    ("trace <unk> pleural effusion . no pneumothorax .", {"Pleural Effusion": P, "Pneumothorax": N}),
    ("basilar opacity . xxxx findings most consistent with atelectasis .", {"Lung Opacity": P, "Atelectasis": P}),
    # tokenized decimals in sizes and tube tips ("1 . 4 cm") do not lose the finding
    ("a 1 . 4 cm nodule projects over the left mid lung .", {"Lung Lesion": P}),
    ("1 . ett tip 2 . 5 cm above the carina . 2 . small left effusion .",
     {"Support Devices": P, "Pleural Effusion": P}),
    # a nodular density that may be a nipple shadow "versus" a true nodule leaves the nodule open; one put
    # down to a nipple shadow alone is an opacity only (near miss)
    ("8 mm nodular density at the right base , possibly a nipple shadow versus a true nodule .",
     {"Lung Opacity": P, "Lung Lesion": U}),
    ("8 mm nodular density at the right base , which may be a nipple shadow .",
     {"Lung Opacity": P, "Lung Lesion": M}),
    # a tokenizer's " ," is a comma: a list of normal structures with it is read as with a plain comma
    # (round pg; "the heart , mediastinum and hila are normal" lost Cardiomegaly 0)
    ("cardiac size , mediastinal and hilar contours are within normal limits .",
     {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N, "No Finding": P}),
    ("the heart , hila and mediastinum are unremarkable .", {"Cardiomegaly": N, "No Finding": P}),
    ("the heart , hila and mediastinum are unremarkable , with a tiny right effusion .",
     {"Cardiomegaly": N, "Pleural Effusion": P, "No Finding": M}),
    ("no pneumothorax , mild cardiomegaly .", {"Pneumothorax": N, "Cardiomegaly": P}),  # near miss: unchanged
    # tokenized "and / or" between two findings is "and/or": both are alternatives, so uncertain (round pg)
    ("retrocardiac density , atelectasis and / or aspiration .",
     {"Lung Opacity": P, "Atelectasis": U, "Pneumonia": U}),
    ("interstitial edema and /or atypical infection .", {"Edema": U, "Pneumonia": U}),
    ("no edema and / or pneumonia .", {"Edema": N, "Pneumonia": N}),  # negated
    ("ett / ngt in place , edema and pneumonia .", {"Support Devices": P, "Edema": P, "Pneumonia": P}),  # near miss
]

ROUND_PH_CASES = [
    # telegraphic ICU shorthand (round ph): a minus sign after a finding that ends its clause is its absent
    # value, as "PTX: -" is; a plus sign stays positive (near miss)
    ("Pneumothorax -", {"Pneumothorax": N, "No Finding": P}),
    ("effusion -; pneumonia -; ETT ok", {"Pleural Effusion": N, "Pneumonia": N, "Support Devices": P,
                                       "No Finding": P}),
    ("Effusion +; PTX -", {"Pleural Effusion": P, "Pneumothorax": N}),
    # change arrows are the words: an upward arrow before markings is "increased markings", an opacity
    ("\u2191 interstitial markings at the bases.", {"Lung Opacity": P}),
    ("\u2193 R effusion, still moderate.", {"Pleural Effusion": P}),  # decreased, still there
    # "vs" before an earlier study or a time is a comparison, not a differential (round ph); before a
    # finding it stays one (near miss)
    ("Mediastinum widened vs the morning film.", {"Enlarged Cardiomediastinum": P}),
    ("Left lower lobe consolidation worse vs yesterday.", {"Consolidation": P}),
    ("Right base opacity vs 0400 study, atelectasis vs pneumonia.",
     {"Lung Opacity": P, "Atelectasis": U, "Pneumonia": U}),
    # "X > Y" between two findings ranks them: both stay open; sides and lobes are no findings (near miss)
    ("Basilar opacities, atelectasis > pneumonia.", {"Lung Opacity": P, "Atelectasis": U, "Pneumonia": U}),
    ("Effusions R>L, no pneumothorax.", {"Pleural Effusion": P, "Pneumothorax": N}),
    ("RLL > LLL atelectasis.", {"Atelectasis": P}),
    # "lg", "prob", "nml" are "large", "probably", "normal"; "CM" with a degree or course word is
    # cardiomegaly, a size before "cm" is centimeters (near miss)
    ("Heart still lg.", {"Cardiomegaly": P}),
    ("Linear retrocardiac opacity, prob subsegmental atelectasis.", {"Lung Opacity": P, "Atelectasis": U}),
    ("Heart size top nml.", {"Cardiomegaly": N, "No Finding": P}),
    ("Moderate CM, unchanged.", {"Cardiomegaly": P}),
    ("CM stable.", {"Cardiomegaly": P}),
    ("No CM.", {"Cardiomegaly": N, "No Finding": P}),
    ("Right upper lobe nodule 2 cm, stable.", {"Lung Lesion": P}),
    # a bare "likely" after a finding that ends its clause hedges it, as "likely X" does; "is likely
    # unchanged" hedges the change (near miss)
    ("Bibasal opacities, atelectasis likely; no effusion.",
     {"Lung Opacity": P, "Atelectasis": U, "Pleural Effusion": N}),
    ("Left base opacity, pneumonia most likely.", {"Lung Opacity": P, "Pneumonia": U}),
    ("The right pneumothorax is likely unchanged.", {"Pneumothorax": P}),
    # "heart/mediastinum normal" is the heart and the mediastinum (round ph)
    ("Heart/mediastinum normal.", {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N, "No Finding": P}),
]

def test_page_furniture_lines_round_pd():
    """A running title "CHEST PORTABLE AP (continued)" on its own line is page furniture (round pd)."""
    assert _labels("The heart is mildly\nPage 2 of 3\nCHEST PORTABLE AP (continued)\nenlarged.",
                   {"Cardiomegaly": P}) == {"Cardiomegaly": P}


ROUND_PE_CASES = [
    # a checkbox field's ticked option is its value; an unticked option states nothing (round pe)
    ("Pleural effusion: [x] no [ ] yes", {"Pleural Effusion": N}),
    ("Pulmonary edema: ( ) absent (x) moderate ( ) severe", {"Edema": P}),
    ("Pneumothorax: \u2612 Yes \u2610 No - small left apical", {"Pneumothorax": P}),
    ("Consolidation: [ ] present [X] absent", {"Consolidation": N}),
    ("Endotracheal tube: [x] present [ ] absent", {"Support Devices": P}),
    ("Effusion: [ ] none [x] small [ ] large", {"Pleural Effusion": P}),
    # a yes/no field's answer (round pe)
    ("Pneumonia (Y/N): N", {"Pneumonia": N}),
    ("Atelectasis Y / N: Y, left base", {"Atelectasis": P}),
    # a field set off by a dash with a no value (round pe); any other value is read as before
    ("Pulmonary edema - no. Pleural effusion - yes, small right.", {"Edema": N, "Pleural Effusion": P}),
    ("Cardiomegaly - none.", {"Cardiomegaly": N}),
    ("Consolidation - left lower lobe, new.", {"Consolidation": P}),
    ("Pneumothorax - no change in the small left apical pneumothorax.", {"Pneumothorax": P}),
    # a field split by side is one statement; absent only when every side is (round pe)
    ("Pleural effusion: Right: none. Left: none.", {"Pleural Effusion": N}),
    ("Pneumothorax: Right: none. Left: small apical.", {"Pneumothorax": P}),
    ("Effusion:\nLeft: trace\nRight: none", {"Pleural Effusion": P}),
    ("Pneumothorax:\nRight: no\nLeft: no\nPleural effusion: small left.", {"Pneumothorax": N, "Pleural Effusion": P}),
    # a field's absent value with a graded aside, resolved or cleared, "n/a", a bare "-" (round pe)
    ("Interstitial edema: none (0 of 3).", {"Edema": N}),
    ("Edema: mild (grade 1 of 3).", {"Edema": P}),
    ("Consolidation: resolved (was right middle lobe).", {"Consolidation": N}),
    ("Support devices: N/A.", {"Support Devices": N}),
    ("Pleural effusion: -", {"Pleural Effusion": N}),
    ("Pleural effusion: +", {"Pleural Effusion": P}),
    ("PTX: -\nEffusion: +\nConsolidation: -", {"Pneumothorax": N, "Pleural Effusion": P, "Consolidation": N}),
    # a field left blank states nothing (round pe); a side or place after the colon starts its value
    ("Fracture: ___", {"Fracture": M}),
    ("Pneumothorax:\nPleural effusion: moderate right.", {"Pneumothorax": M, "Pleural Effusion": P}),
    ("Pneumothorax: right apical: small.", {"Pneumothorax": P}),
    # "Reason:" is the order's indication (round pe)
    ("Reason: eval for pneumonia\nFindings: Lungs are clear.", {"Pneumonia": M}),
    ("Reason for order: ?PTX\nFINDINGS: No pneumothorax.", {"Pneumothorax": N}),
    # "Mediastinal width:" is an organ header; "mediastinum normal heart size" is about the heart (round pe)
    ("Mediastinal width: normal.", {"Enlarged Cardiomediastinum": N}),
    ("Mediastinal width: increased, new.", {"Enlarged Cardiomediastinum": P}),
    ("Heart/mediastinum: Normal heart size. Tortuous aorta.", {"Cardiomegaly": N, "Enlarged Cardiomediastinum": M}),
    ("Heart/mediastinum: Normal.", {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N}),
]

ROUND_PL_CASES = [
    # a "?" right after an opening parenthesis or bracket asks about the next word; it does not end the
    # sentence and hedge the finding before it (round pl: "opacity (? atelectasis)" read Lung Opacity -1
    # and Atelectasis 1); a negation before the parenthesis does not reach into its question
    ("Hazy density at the right base (? collapse of the lower lobe).", {"Lung Opacity": P, "Atelectasis": U}),
    ("Patchy left basilar opacity [? aspiration], new since ___.", {"Lung Opacity": P, "Pneumonia": U}),
    ("Consolidation in the lingula (? infection) is new.", {"Consolidation": P, "Pneumonia": U}),
    ("No focal consolidation (? early infection cannot be excluded clinically).",
     {"Consolidation": N, "Pneumonia": U}),
    # a parenthesis after a finding that opens with its own words keeps its hedges: "opacity (mass vs.
    # pneumonia)" names the opacity's causes, the opacity is seen (round pl)
    ("Round density in the left mid zone (neoplasm vs. focal pneumonia); CT advised.",
     {"Lung Opacity": P, "Lung Lesion": U, "Pneumonia": U}),
    ("Right basilar consolidation (infection versus aspiration) is unchanged.",
     {"Consolidation": P, "Pneumonia": U}),
    ("Moderate right pleural effusion (free-flowing vs. loculated).", {"Pleural Effusion": P}),
    ("The cardiac silhouette is enlarged (? pericardial effusion).", {"Cardiomegaly": P}),
    # near misses that must not change: a parenthesis that opens with the cue still hedges the finding
    # before it, and one that asks about the finding itself too
    ("Small right apical pneumothorax (vs. skin fold); repeat film advised.", {"Pneumothorax": U}),
    ("Trace left effusion (?).", {"Pleural Effusion": U}),
    ("Left lower lobe opacity (possibly atelectasis).", {"Lung Opacity": P, "Atelectasis": U}),
    ("Questionable small left apical pneumothorax (no visible pleural line on the lateral).",
     {"Pneumothorax": U}),
]

ROUND_PM_CASES = [
    # a hilum or the vascular pedicle that "has / have (been) widened / enlarged" is the finding, as "is
    # enlarged" is (round pm: "the vascular pedicle has widened since the prior" read nothing)
    ("Since yesterday the vascular pedicle has widened, in keeping with fluid overload.",
     {"Enlarged Cardiomediastinum": P}),
    ("Both hila have enlarged compared with ___.", {"Enlarged Cardiomediastinum": P}),
    ("The left hilum has possibly enlarged since the last film.", {"Enlarged Cardiomediastinum": U}),
    ("The vascular pedicle has not widened.", {"Enlarged Cardiomediastinum": N}),
    # a heart named earlier in the sentence and then ", now (degree) enlarged" is cardiomegaly (round pm:
    # "decrease in size of the cardiac silhouette after the pericardial drain, now mildly enlarged")
    ("Smaller heart than on ___ after diuresis, now only moderately enlarged.", {"Cardiomegaly": P}),
    ("Decrease in the size of the cardiac silhouette since the drain was placed, now possibly enlarged.",
     {"Cardiomegaly": U}),
    # a mediastinum followed by ", which appears / is widened / prominent" is the finding (round pm)
    ("Assessment of the mediastinum, which appears widened, is limited by rotation.",
     {"Enlarged Cardiomediastinum": P}),
    ("The superior mediastinum, which is prominent, is unchanged from ___ and likely vascular.",
     {"Enlarged Cardiomediastinum": P}),
    ("The mediastinum, which may be slightly widened, is hard to evaluate on this film.",
     {"Enlarged Cardiomediastinum": U}),
    # "unchanged / stable and (degree) enlarged" after a mediastinal subject keeps the enlargement (round pm)
    ("The mediastinal contours are stable and slightly widened.", {"Enlarged Cardiomediastinum": P}),
    # a plural subject that "widen(s) the mediastinum" is the finding, as "widens the" was (round pm probes)
    ("Distended veins widen the superior mediastinum.", {"Enlarged Cardiomediastinum": P}),
    ("Enlarged nodes could widen the mediastinum.", {"Enlarged Cardiomediastinum": U}),
    ("The lines do not widen the mediastinum.", {"Enlarged Cardiomediastinum": N}),
    # near misses that must not change: a relative clause about an earlier study, a normal mediastinum, a
    # heart now normal, a stable contour with no size word
    ("The mediastinum, which was widened on the prior study, is now normal.",
     {"Enlarged Cardiomediastinum": -2}),
    ("The mediastinal contours are stable and not widened.", {"Enlarged Cardiomediastinum": N}),
    ("The heart has decreased in size, now normal.", {"Cardiomegaly": N}),
    ("The cardiomediastinal contours are unchanged.", {"Enlarged Cardiomediastinum": -2, "Cardiomegaly": -2}),
]


ROUND_PK_CASES = [
    # a sentence that only says the finding(s) of the sentence before are gone negates them: "It / This /
    # These / They / The latter ... is no longer seen / has resolved / is not seen on the current study"
    # (round pk; "an opacity questioned on the prior study. It is no longer seen." was Lung Opacity 1)
    ("Left retrocardiac density suggested on the last film. It is no longer visible.",
     {"Lung Opacity": N, "No Finding": P}),
    ("Trace right effusion. It has since resolved.", {"Pleural Effusion": N, "No Finding": P}),
    ("Small bilateral pleural effusions on ___. These are not seen today.", {"Pleural Effusion": N}),
    ("Mild interstitial edema. This has cleared since the prior exam. Heart size normal.",
     {"Edema": N, "Cardiomegaly": N, "No Finding": P}),
    ("Tiny left apical pneumothorax. It is not seen on the current radiograph.", {"Pneumothorax": N}),
    # near misses: a course word short of gone, a view that hides it, two findings under "the latter"
    ("Trace right effusion. It has nearly resolved.", {"Pleural Effusion": P}),
    ("Small left effusion. It has decreased since ___.", {"Pleural Effusion": P}),
    ("Right basilar opacity. It is not seen on the lateral view.", {"Lung Opacity": P}),
    ("Enlarged heart and small right effusion. The latter has cleared.",
     {"Cardiomegaly": P, "Pleural Effusion": P}),
    ("Left lower lobe atelectasis. It has not resolved.", {"Atelectasis": P}),
    # a "which" clause saying the finding it follows is gone negates it (round pk)
    ("Hazy right basilar opacity, which has resolved since ___.", {"Lung Opacity": N, "No Finding": P}),
    ("Small left effusion, which is no longer seen.", {"Pleural Effusion": N}),
    ("Small left effusion, which has largely resolved.", {"Pleural Effusion": P}),  # near miss
    ("Small left effusion, which has not cleared.", {"Pleural Effusion": P}),  # near miss
    # the sentence after a nodular shape explaining it as a nipple, overlap or summation drops the lesion,
    # as the same words in one sentence do; a hedged explanation leaves it open (round pk)
    ("Nodular density over the left lower chest. This most likely reflects a nipple shadow.",
     {"Lung Opacity": P, "Lung Lesion": M}),
    ("A small nodular opacity at the right base. It probably represents overlapping vessels.",
     {"Lung Opacity": P, "Lung Lesion": M}),
    ("Faint nodular densities at the left apex. These may be due to superimposition of the rib and clavicle.",
     {"Lung Opacity": P, "Lung Lesion": U}),
    ("Nodular opacity at the left base. This is not a nipple shadow.", {"Lung Lesion": P}),  # negated
    ("A 7 mm nodule at the right base. This likely represents a nipple shadow.", {"Lung Lesion": P}),  # named
    ("Nodular opacity in the left upper lobe. This is concerning for malignancy.", {"Lung Lesion": P}),
    # a mass offered as the alternative to adenopathy is the nodal / hilar mass, not a lung lesion (round pk)
    ("Right hilar enlargement, which could reflect adenopathy or a central mass.",
     {"Enlarged Cardiomediastinum": P, "Lung Lesion": M}),
    ("No lymphadenopathy or mass.", {"Lung Lesion": M}),
    ("Right upper lobe mass and hilar adenopathy.", {"Lung Lesion": P, "Enlarged Cardiomediastinum": P}),
]


ROUND_PN_CASES = [
    # a line ending in a colon over a bulleted or numbered list says its words of each item: a negating,
    # hedging or dating lead-in reaches every item (round pn: "No evidence of:\n- pneumothorax" read the
    # items positive); a cue that follows what it says of ("Resolved since prior:", "No longer visualized:",
    # "The following have resolved:") and "the following" inside the lead-in are put in place
    ("Negative for:\n- focal airspace disease\n- pleural effusion\n- pneumothorax",
     {"Pleural Effusion": N, "Pneumothorax": N}),
    ("No evidence of:\n1. Pneumothorax.\n2. Pleural effusion.\n3. Rib fracture.",
     {"Pneumothorax": N, "Pleural Effusion": N, "Fracture": N}),
    ("Possible:\n- early right basilar pneumonia\n- trace left effusion", {"Pneumonia": U, "Pleural Effusion": U}),
    ("Differential includes:\n1. Aspiration.\n2. Atelectasis.", {"Pneumonia": U, "Atelectasis": U}),
    ("Suspicious for:\n- right upper lobe mass\n- mediastinal lymphadenopathy",
     {"Lung Lesion": U, "Enlarged Cardiomediastinum": U}),
    ("No longer visualized:\n- left pneumothorax\n- right effusion", {"Pneumothorax": N, "Pleural Effusion": N}),
    ("The following have resolved:\n- left pneumothorax\n- right effusion",
     {"Pneumothorax": N, "Pleural Effusion": N}),
    ("Compared with ___, interval resolution of the following:\n1. Left lower lobe consolidation.\n2. Right effusion.",
     {"Consolidation": N, "Pleural Effusion": N}),
    ("Resolved: right basilar atelectasis. New: small left effusion.", {"Atelectasis": N, "Pleural Effusion": P}),
    # the whitespace-joined list: each " - " opens an item, a capitalised sentence or a "?" ends the list
    ("IMPRESSION:  Cannot exclude:  - small left apical pneumothorax  - left rib fracture  Heart size is normal.",
     {"Pneumothorax": U, "Fracture": U, "Cardiomegaly": N}),
    ("There is no:\n- consolidation\n- effusion\n?subtle right basilar opacity",
     {"Consolidation": N, "Pleural Effusion": N, "Lung Opacity": U}),
    # near misses that must not change: an organ header over a list only names the subject, a list under
    # a sentence that ends in a period carries nothing, the lead-in stops at the first sentence no bullet
    # opens, and course words keep the items positive
    ("Lungs:\n- Patchy left lower lobe opacity.\n- No pneumothorax.", {"Lung Opacity": P, "Pneumothorax": N}),
    ("Heart:\n- Mildly enlarged.\nMediastinum:\n- Widened.",
     {"Cardiomegaly": P, "Enlarged Cardiomediastinum": P}),
    ("No pneumothorax.\n- Small right effusion.\n- Mild cardiomegaly.",
     {"Pneumothorax": N, "Pleural Effusion": P, "Cardiomegaly": P}),
    ("Negative for:\n- pneumothorax\nMild cardiomegaly is unchanged.", {"Pneumothorax": N, "Cardiomegaly": P}),
    ("Unchanged since ___:\n- moderate cardiomegaly\n- small bilateral effusions",
     {"Cardiomegaly": P, "Pleural Effusion": P}),
    ("PTX: - Effusion: + Consolidation: -", {"Pneumothorax": N, "Pleural Effusion": P, "Consolidation": N}),
    # a differential's subject is a finding that is there; its causes are hedged (round pn)
    ("The differential diagnosis for the new right upper lobe opacity includes pneumonia and aspiration.",
     {"Lung Opacity": P, "Pneumonia": U}),
    ("Differential diagnosis includes atelectasis and aspiration.", {"Atelectasis": U, "Pneumonia": U}),
]

def _both_layouts(cases: list) -> list:
    """Each case as written, and with a line break after each sentence and comma (soft wraps)."""
    return [pytest.param(t, w, id=t[:50]) for t, w in cases] + [
        pytest.param(" ".join(t.split()).replace(". ", ".\n").replace(", ", ",\n"), w, id="lines:" + t[:44])
        for t, w in cases]


def _labels(report: str, want: dict) -> dict:
    row = label([report])[0]
    return {k: int(row[OBSERVATIONS.index(k)]) for k in want}


@pytest.mark.parametrize("report, want", _both_layouts(RULE_CASES) + _both_layouts(ROUND_AA_CASES)
                         + _both_layouts(ROUND_BA_CASES) + _both_layouts(ROUND_CA_CASES)
                         + _both_layouts(ROUND_DA_CASES) + _both_layouts(ROUND_EA_CASES)
                         + _both_layouts(ROUND_FA_CASES) + _both_layouts(ROUND_GA_CASES)
                         + _both_layouts(ROUND_HA_CASES) + _both_layouts(ROUND_IA_CASES)
                         + _both_layouts(ROUND_JA_CASES) + _both_layouts(ROUND_KA_CASES)
                         + _both_layouts(ROUND_LA_CASES) + _both_layouts(ROUND_MA_CASES)
                         + _both_layouts(ROUND_NA_CASES) + _both_layouts(ROUND_OA_CASES)
                         + _both_layouts(ROUND_OC_CASES) + _both_layouts(ROUND_OB_CASES)
                         + _both_layouts(ROUND_OD_CASES) + _both_layouts(ROUND_OE_CASES)
                         + _both_layouts(ROUND_OF_CASES) + _both_layouts(ROUND_OH_CASES)
                         + _both_layouts(ROUND_OG_CASES) + _both_layouts(ROUND_OI_CASES)
                         + _both_layouts(ROUND_OJ_CASES) + _both_layouts(ROUND_OK_CASES)
                         + _both_layouts(ROUND_OL_CASES)
                         + _both_layouts(ROUND_OM_CASES)
                         + _both_layouts(ROUND_ON_CASES)
                         + _both_layouts(ROUND_OO_CASES)
                         + _both_layouts(ROUND_OP_CASES)
                         + _both_layouts(ROUND_OQ_CASES)
                         + _both_layouts(ROUND_OR_CASES)
                         + _both_layouts(ROUND_OS_CASES)
                         + _both_layouts(ROUND_OT_CASES)
                         + _both_layouts(ROUND_OU_CASES)
                         + _both_layouts(ROUND_OV_CASES)
                         + _both_layouts(ROUND_OW_CASES)
                         + _both_layouts(ROUND_OX_CASES)
                         + _both_layouts(ROUND_NB_CASES)
                         + _both_layouts(ROUND_NC_CASES)
                         + _both_layouts(ROUND_ND_CASES)
                         + _both_layouts(ROUND_NG_CASES)
                         + _both_layouts(ROUND_NF_CASES)
                         + _both_layouts(ROUND_NE_CASES)
                         + _both_layouts(ROUND_NH_CASES)
                         + _both_layouts(ROUND_NJ_CASES)
                         + _both_layouts(ROUND_NI_CASES)
                         + _both_layouts(ROUND_NK_CASES)
                         + _both_layouts(ROUND_NL_CASES)
                         + _both_layouts(ROUND_NM_CASES)
                         + _both_layouts(ROUND_NO_CASES)
                         + _both_layouts(ROUND_NP_CASES)
                         + _both_layouts(ROUND_NS_CASES)
                         + _both_layouts(ROUND_NR_CASES)
                         + _both_layouts(ROUND_NQ_CASES)
                         + _both_layouts(ROUND_NU_CASES)
                         + _both_layouts(ROUND_NT_CASES)
                         + _both_layouts(ROUND_NV_CASES)
                         + _both_layouts(ROUND_NW_CASES)
                         + _both_layouts(ROUND_NZ_CASES)
                         + _both_layouts(ROUND_NX_CASES)
                         + _both_layouts(ROUND_NY_CASES)
                         + _both_layouts(ROUND_PB_CASES)
                         + _both_layouts(ROUND_PC_CASES)
                         + _both_layouts(ROUND_PA_CASES)
                         + _both_layouts(ROUND_PE_CASES)
                         + _both_layouts(ROUND_PF_CASES)
                         + _both_layouts(ROUND_PD_CASES)
                         + _both_layouts(ROUND_PG_CASES)
                         + _both_layouts(ROUND_PH_CASES)
                         + _both_layouts(ROUND_PL_CASES)
                         + _both_layouts(ROUND_PK_CASES)
                         + _both_layouts(ROUND_PM_CASES)
                         + _both_layouts(ROUND_PN_CASES))
def test_rules_from_the_chexpert_list_audit_and_rounds_aa_to_od(report, want):
    assert _labels(report, want) == want


FULL_REPORTS = [
    # the audit's rules
    ("FINAL REPORT\n EXAMINATION:  CHEST (PORTABLE AP)\n\n INDICATION:  ___ year old man with fever\n\n"
     " COMPARISON:  ___\n\n FINDINGS:\n\n Posterior spinal fusion hardware.  Heart size is difficult to\n"
     " assess but appears enlarged.  Left hilar fullness may reflect lymphadenopathy.  Fluid tracks\n"
     " into the right minor fissure.\n\n IMPRESSION:\n\n Pneumonia less likely.\n",
     {"Support Devices": P, "Cardiomegaly": P, "Enlarged Cardiomediastinum": U, "Pleural Effusion": P,
      "Pneumonia": U, "No Finding": M}),
    # rounds aa-am
    ("FINAL REPORT\n EXAMINATION:  CHEST (PORTABLE AP)\n\n INDICATION:  ___ year old woman with cough\n\n"
     " COMPARISON:  ___ and ___\n\n FINDINGS:  See impression.\n\n IMPRESSION:\n\n 1.  The heart may be\n"
     " mildly enlarged.  2.  No definite consolidation, although a small focus at the\n left base cannot"
     " be excluded; a developing pneumonia may not be radiographically\n apparent.  3.  It is not"
     " possible to exclude a trace left effusion.\n 4.  Re-expansion of the previously collapsed left"
     " lower lobe.\n",
     {"Cardiomegaly": U, "Consolidation": U, "Pneumonia": M, "Pleural Effusion": U, "Atelectasis": N,
      "No Finding": M}),
    # rounds ba-bf
    ("CHEST PA VIEW\n\n FINDINGS:\n\n Trachea is central. Both hila are normal. Cardiac shadow is within\n"
     " normal limits.  Inhomogeneous shadowing in the right lower zone, likely infective.  Not\n"
     " excluded is a small right effusion.  No focal lesion.\n\n IMPRESSION:\n\n 1.  Right lower zone"
     " consolidation.  2.  Otherwise no significant change.\n",
     {"Enlarged Cardiomediastinum": N, "Cardiomegaly": N, "Lung Opacity": P, "Pneumonia": U,
      "Pleural Effusion": U, "Lung Lesion": N, "Consolidation": P, "No Finding": M}),
    # rounds ca-cf
    ("FINAL REPORT\n EXAMINATION:  CHEST (PA AND LAT)\n\n INDICATION:  ___ year old boy with cough\n\n"
     " FINDINGS:\n Lungs/Pleura: Streaky left basilar opacity, likely atelectasis in the setting of a\n"
     " poor inspiration, though early infection would be an alternative explanation.  Trace fluid in\n"
     " the left costophrenic sulcus.\n Heart/Mediastinum: The cardiothymic silhouette is normal.  Hilar"
     " contours\n are normal.\n Lines: R IJ tip at the cavoatrial junction.\n\n IMPRESSION:\n\n"
     " Left basilar opacity as above.\n\n Electronically signed by: ___, MD on ___\n",
     {"Lung Opacity": P, "Atelectasis": U, "Pneumonia": U, "Pleural Effusion": P, "Cardiomegaly": N,
      "Enlarged Cardiomediastinum": N, "Support Devices": P, "No Finding": M}),
    # rounds da-de
    ("FINAL REPORT\n EXAMINATION:  CHEST (PORTABLE AP)\n\n INDICATION:  ___ year old man with fever\n\n"
     " FINDINGS:\n\n The lungs are devoid of edema.  Left basilar opacity - aspiration?  The right\n"
     " lower lobe collapse has re-expanded.  Costophrenic sinuses free.  Hila of\n vascular appearance."
     "  Cardiothoracic index is increased.\n\n IMPRESSION:\n\n Pneumothorax doubtful.  Osteosynthesis"
     " material in the right clavicle.\n",
     {"Edema": N, "Lung Opacity": P, "Pneumonia": U, "Atelectasis": N, "Pleural Effusion": N,
      "Enlarged Cardiomediastinum": N, "Cardiomegaly": P, "Pneumothorax": N, "Support Devices": P,
      "No Finding": M}),
    # rounds ea-ee
    ("FINAL REPORT\n EXAMINATION:  CHEST (PORTABLE AP)\n\n HISTORY:  ___ year old woman after a fall.  Question\n"
     " pneumonia.\n\n FINDINGS:\n\n The left pneumothorax (image 2, about 1 cm) is smaller following removal of\n"
     " the basal chest tube.  The mediastinum measures 8 cm, widened since admission.  Pleural-based\n"
     " thickening at the right apex.\n\n IMPRESSION:\n\n The lateral view fails to show an effusion.\n",
     {"Pneumonia": M, "Pneumothorax": P, "Support Devices": N, "Enlarged Cardiomediastinum": P,
      "Pleural Other": P, "Pleural Effusion": N, "No Finding": M}),
    # rounds ha-he
    ("FINAL REPORT\n EXAMINATION:  CHEST (PA AND LAT)\n\n INDICATION:  ___ year old man, drain out two days\n"
     " ago\n\n COMPARISON:  ___\n\n FINDINGS:\n\n Since the drain was removed, some air has gathered in the"
     " left pleural\n space.  The right pleural effusion has not reaccumulated.  The cardiac silhouette"
     " is smaller,\n now normal.  The right hilum is enlarged, perhaps adenopathy or a mass.  The\n"
     " left basilar opacity seen on the study of ___ is no longer present.\n\n IMPRESSION:\n\n"
     " Small left pneumothorax after drain removal.\n",
     {"Pneumothorax": P, "Support Devices": N, "Pleural Effusion": N, "Cardiomegaly": N,
      "Enlarged Cardiomediastinum": P, "Lung Lesion": M, "Lung Opacity": N, "No Finding": M}),
    # round hf
    ("FINAL REPORT\n EXAMINATION:  CHEST (PORTABLE AP)\n\n INDICATION:  ___ year old woman with fever\n\n"
     " FINDINGS:\n\n The heart is smaller than on ___, though it is still mildly enlarged.  A 3 cm\n"
     " mass in the right upper lobe has cavitated; an abscess cannot be excluded.\n",
     {"Cardiomegaly": P, "Lung Lesion": P, "Pneumonia": U, "No Finding": M}),
    # rounds ia-ie
    ("FINAL REPORT\n EXAMINATION:  CHEST (PA AND LAT)\n\n INDICATION:  ___ year old man, TB screening\n\n"
     " COMPARISON:  ___ and ___\n\n FINDINGS:\n\n The heart is of normal size and the mediastinum is\n"
     " unchanged in appearance, within normal limits.  No cavitary disease, nodule or effusion.\n\n IMPRESSION:\n\n"
     " No evidence of active tuberculosis.\n",
     {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N, "Lung Lesion": N, "Pleural Effusion": N,
      "No Finding": P}),
    # rounds ja-jd
    ("FINAL REPORT\n EXAMINATION:  CHEST (PA AND LAT)\n\n INDICATION:  ___ year old man with lymphoma. Mediastinal\n"
     " adenopathy on CT of ___.\n\n FINDINGS:\n\n Lungs: Subtle nodularity at the right base.\n Mediastinum and hila:"
     " Normal.\n Heart: Normal size.\n\n IMPRESSION AND RECOMMENDATIONS:  Right basilar nodularity.\n\n"
     " RECOMMENDATION(S):  CT to assess for pleural effusion.\n",
     {"Enlarged Cardiomediastinum": N, "Lung Lesion": P, "Cardiomegaly": N, "Pleural Effusion": M,
      "No Finding": M}),
    ("FINAL REPORT\n EXAMINATION:  CHEST (PORTABLE AP)\n\n INDICATION:  ___ year old woman in the ICU.\n\n"
     " COMPARISON:  ___. At that time a right pneumothorax was present.\n\n FINDINGS:\n\n No pneumothorax"
     " status post right chest tube placement. The left IJ\n catheter has been discontinued. The heart size has"
     " returned to normal.\n Trach in standard position.\n",
     {"Pneumothorax": N, "Support Devices": P, "Cardiomegaly": N, "No Finding": P}),
    # rounds ka-kd: one cue after a list, partial clearing, an addendum
    ("FINAL REPORT\n EXAMINATION:  CHEST (PORTABLE AP)\n\n INDICATION:  ___ year old man, extubated.\n\n"
     " COMPARISON:  ___\n\n FINDINGS:\n\n The endotracheal tube, nasogastric tube, and left subclavian line have\n"
     " been removed. Partial clearing of the left lower lobe consolidation.\n Pneumothorax, pleural effusion,"
     " and pulmonary edema are not seen.\n\n IMPRESSION:\n\n Improving left lower lobe consolidation.\n\n"
     " ADDENDUM:\n\n On further review, a possibly loculated small left pleural effusion is\n present.\n",
     {"Support Devices": N, "Consolidation": P, "Pneumothorax": N, "Pleural Effusion": P, "Edema": N,
      "No Finding": M}),
    # rounds la-ld: headers in capitals on their own lines, a numeric cardiothoracic ratio, a pigtail
    ("FINAL REPORT\n PA AND LATERAL CHEST\n\n CLINICAL HISTORY\n ___ year old man with known effusion and"
     " possible pneumonia.\n\n COMPARISON\n ___\n\n FINDINGS\n The cardiothoracic ratio is approximately"
     " 0.6. A left basilar pigtail is\n unchanged. Mediastinal contours are probably normal.\n\n"
     " IMPRESSION\n No pleural effusion.\n",
     {"Cardiomegaly": P, "Support Devices": P, "Enlarged Cardiomediastinum": N, "Pleural Effusion": N,
      "Pneumonia": M, "No Finding": M}),
]


@pytest.mark.parametrize("report, want", FULL_REPORTS)
def test_rules_in_a_full_report_both_layouts(report, want):
    """The rules behind MIMIC-CXR headers, line-broken and whitespace-joined."""
    for text in (report, " ".join(report.split())):
        assert _labels(text, want) == want


# an unpunctuated indication, history or reason joined to the findings by two or more spaces before a
# capitalised word (a line end lost when the cells were whitespace-joined) ends there, so the findings are
# read; a single space, an acronym after the gap and indication-like text after it keep the old reading
# (round ni; not in ROUND_NI_CASES because the line-broken layout collapses the spaces)
@pytest.mark.parametrize("report, want", [
    ("REASON FOR EXAM: fever and cough  Patchy right basilar opacity.", {"Lung Opacity": P, "No Finding": M}),
    ("CLINICAL HISTORY: ___F s/p fall  Acute fracture of the left seventh rib.", {"Fracture": P}),
    ("HISTORY: ___M with CHF  Mild interstitial edema.", {"Edema": P}),
    ("HISTORY: ___M with cough  Please assess for pneumonia.  Lungs are clear.",
     {"Pneumonia": M, "No Finding": P}),
    ("INDICATION: ___M with chest pain and  CHF. Lungs are clear.", {"Edema": M, "No Finding": P}),
    ("INDICATION: eval for pneumonia Small left effusion.", {"Pleural Effusion": M}),
])
def test_round_ni_joined_indication_gap(report, want):
    assert _labels(report, want) == want


ROUND_PQ_CASES = [
    # a tumor, neoplasm, malignancy or carcinoma named at a hilum ("left hilar tumor", "tumor at the right
    # hilum") is a hilar mass in other words: Enlarged Cardiomediastinum, not Lung Lesion, as "hilar mass"
    # and "mediastinal tumor" already were (round pq: pq073's "known left hilar tumor" read Lung Lesion 1);
    # a history of one names nothing, perihilar and lobar tumors stay lesions
    ("Bulky left hilar tumor is slightly smaller after two cycles of chemotherapy.",
     {"Enlarged Cardiomediastinum": P, "Lung Lesion": M}),
    ("Tumor at the right hilum has grown, with new collapse of the right upper lobe.",
     {"Enlarged Cardiomediastinum": P, "Lung Lesion": M, "Atelectasis": P}),
    ("Known right hilar carcinoma. The right lower lobe nodule is unchanged.",
     {"Enlarged Cardiomediastinum": P, "Lung Lesion": P}),
    ("Right hilar neoplasm cannot be excluded; CT is advised.",
     {"Enlarged Cardiomediastinum": U, "Lung Lesion": M}),
    ("No hilar malignancy is identified.", {"Enlarged Cardiomediastinum": N, "Lung Lesion": M}),
    ("In a patient with a left hilar tumor, the new left lower lobe collapse could reflect endobronchial"
     " extension of tumor.", {"Enlarged Cardiomediastinum": P, "Lung Lesion": U, "Atelectasis": P}),
    ("History of left hilar adenocarcinoma treated with radiation. Lungs are clear.",
     {"Enlarged Cardiomediastinum": M, "Lung Lesion": M}),
    ("Right perihilar tumor extends into the right upper lobe.", {"Lung Lesion": P, "Enlarged Cardiomediastinum": M}),
    ("Left upper lobe tumor abutting the left hilum.", {"Lung Lesion": P, "Enlarged Cardiomediastinum": M}),

    # lymphangitic spread, metastases, disease or involvement is lymphangitic carcinomatosis in other words:
    # Lung Lesion (round pq, found probing the round's family; nl055's "lymphangitic spread is also
    # possible" was corrected to Lung Lesion -1); a tail naming the primary ("of her known ovarian cancer")
    # belongs to the mention, so a hedge after it still reaches it
    ("Coarse reticular opacities in both lower lungs, suspicious for lymphangitic spread.",
     {"Lung Opacity": P, "Lung Lesion": U}),
    ("Lymphangitic metastases are again seen throughout the right lung.", {"Lung Lesion": P}),
    ("Septal thickening could reflect edema or lymphangitic disease.", {"Lung Lesion": U}),
    ("No radiographic evidence of lymphangitic involvement.", {"Lung Lesion": N, "No Finding": P}),
    ("Edema is favored, although lymphangitic spread of her known ovarian cancer could look alike.",
     {"Lung Lesion": U}),

    # "postpneumonectomy", "postlobectomy", "postthoracotomy" and "postmastectomy" written as one word are
    # the resection already on the other-abnormality list ("post-pneumonectomy", "lobectomy"), so No
    # Finding stays off (round pq, found probing the round's family); a post-procedure film is not one
    ("IMPRESSION: Postpneumonectomy space appears as expected.", {"No Finding": M}),
    ("Postlobectomy changes in the left hemithorax, otherwise clear lungs.", {"No Finding": M}),
    ("Expected postthoracotomy appearance on the right.", {"No Finding": M}),
    ("Post-procedure film: no pneumothorax.", {"Pneumothorax": N, "No Finding": P}),
]


@pytest.mark.parametrize("report, want", _both_layouts(ROUND_PQ_CASES))
def test_round_pq(report, want):
    assert _labels(report, want) == want


ROUND_PP_CASES = [
    # a generic sentence that fractures "are better / best / more reliably assessed, evaluated, detected or
    # excluded with / on / by CT (or cross-sectional imaging)" states what the radiograph cannot show and
    # names no fracture, as the rib-series sentence of round nh does; a fracture with an article, one
    # "better seen", or one on a CT done ("CT from ___", "the CT of the same day") stays a fracture (round pp)
    ("No displaced rib fracture. Rib fractures are better evaluated with CT if clinically warranted.",
     {"Fracture": N, "No Finding": P}),
    ("Nondisplaced fractures are more reliably detected by chest CT. Lungs are clear.",
     {"Fracture": M, "No Finding": P}),
    ("Occult rib fractures would be better assessed on cross-sectional imaging. No pneumothorax.",
     {"Fracture": M, "Pneumothorax": N, "No Finding": P}),
    ("The right clavicle fracture is better evaluated on the CT of the same day.", {"Fracture": P}),
    ("Rib fractures are better evaluated on CT from ___.", {"Fracture": P}),
    ("Left rib fractures are better seen on CT.", {"Fracture": P}),
    # a dedicated rib series, views or radiographs offered "to evaluate / assess / look for / exclude" a
    # fracture, or "for (further) evaluation of" one, is a request and leaves the fracture open (uncertain, as
    # "evaluation for fracture" and round lc's conditional rib-series advice); "dedicated rib views are more
    # sensitive for fracture" still names none (round pp)
    ("No displaced rib fracture. If pain persists, dedicated rib radiographs could be obtained to look for"
     " a fracture.", {"Fracture": U, "No Finding": M}),
    ("Dedicated rib views could be obtained to evaluate for an occult fracture. Lungs clear.",
     {"Fracture": U, "No Finding": M}),
    ("Consider a dedicated rib series for further evaluation of fracture.", {"Fracture": U}),
    ("Dedicated rib views are more sensitive for nondisplaced fractures. Lungs clear.",
     {"Fracture": M, "No Finding": P}),
    # soft-tissue gas named gas / air first ("gas within the subcutaneous tissues"), a joint dislocation or
    # separation named before its joint ("dislocation of the shoulder", "AC joint separation") and
    # ballistic debris, shotgun pellets and birdshot are abnormalities outside the 14: No Finding stays off,
    # and none is a support device; air "in the soft tissues of the axilla" (a fold) stays no finding (round pp)
    ("Gas within the subcutaneous tissues of the left lateral chest wall. Lungs clear. No pneumothorax.",
     {"No Finding": M, "Pneumothorax": N}),
    ("Air tracks into the soft tissues of the lower neck. No pneumomediastinum.", {"No Finding": M}),
    ("Air in the soft tissues of the axilla simulating pneumothorax. No pneumothorax.",
     {"No Finding": P, "Pneumothorax": N}),
    ("No gas in the soft tissues. Lungs are clear.", {"No Finding": P}),
    ("Posterior dislocation of the right shoulder. Lungs clear.", {"No Finding": M, "Fracture": M}),
    ("Left AC joint separation. Lungs are clear.", {"No Finding": M, "Fracture": M}),
    ("Subluxation at the right sternoclavicular joint is suspected. Lungs clear.", {"No Finding": M}),
    ("No dislocation of the shoulders. Lungs clear.", {"No Finding": P}),
    ("Scattered shotgun pellets over the left chest wall. No pneumothorax.",
     {"No Finding": M, "Support Devices": M, "Pneumothorax": N}),
    ("Ballistic debris in the right axillary soft tissues. Lungs clear.",
     {"No Finding": M, "Support Devices": M}),
    ("Birdshot projects over the right upper quadrant.", {"No Finding": M, "Support Devices": M}),
    # the trauma families round pp's blind reports found right, kept so: immobilisation artifacts are no
    # devices, film limits name no fracture, a conditional rib-series advice leaves a fracture open,
    # hemothorax and hemopneumothorax, tension, contusion with aspiration, a widened mediastinum with aortic
    # injury not excluded, removed tubes, healed fractures (round pp)
    ("Comminuted right scapular fracture. Backboard and cervical collar artifacts. No pneumothorax.",
     {"Fracture": P, "Support Devices": M, "Pneumothorax": N}),
    ("Evaluation is limited by the overlying trauma board. Lungs clear. No pneumothorax.",
     {"No Finding": P, "Fracture": M, "Support Devices": M}),
    ("Assessment for rib fractures is limited on this supine radiograph. No pneumothorax.",
     {"Fracture": M, "No Finding": P}),
    ("Small right hemopneumothorax after chest tube placement.",
     {"Pneumothorax": P, "Pleural Effusion": P, "Support Devices": P}),
    ("Large left pneumothorax with rightward mediastinal shift, concerning for tension.",
     {"Pneumothorax": P, "Enlarged Cardiomediastinum": M}),
    ("Right lower lung opacity, likely contusion, though aspiration is possible.",
     {"Lung Opacity": P, "Pneumonia": U}),
    ("Left upper lobe pulmonary contusion.", {"Lung Opacity": M, "No Finding": M}),
    ("The mediastinum is widened; traumatic aortic injury is not excluded. CTA recommended.",
     {"Enlarged Cardiomediastinum": P}),
    ("Pneumomediastinum and subcutaneous emphysema in the neck, without pneumothorax.",
     {"Pneumothorax": N, "No Finding": M}),
    ("The right chest tube has been removed. No pneumothorax.",
     {"Support Devices": N, "Pneumothorax": N, "No Finding": P}),
    ("Old healed fractures of the left clavicle. No acute fracture.", {"Fracture": P, "No Finding": M}),
    ("No acute traumatic injury.", {"No Finding": P, "Fracture": M}),
    ("Bullet fragment in the left axillary soft tissues.", {"Support Devices": M, "No Finding": M}),
]


@pytest.mark.parametrize("report, want", _both_layouts(ROUND_PP_CASES))
def test_round_pp(report, want):
    assert _labels(report, want) == want


# round pr: negation and contrast grammar in long sentences. "not only / just / merely" adds, it does
# not negate, before or after the finding ("the heart is not only enlarged but also globular"); "more
# consistent / compatible with X than (with) Y" leaves Y in the differential (uncertain) while X is
# asserted ("more suggestive of X than of Y" already hedged both: "suggestive of" is a hedge); a bare
# "seen on prior" aside; a negation in an opening "although" clause ends at the comma closing it;
# "neither costophrenic angle is blunted"; "instead of" negates as "rather than" does; "not clear that
# there is X" hedges
ROUND_PR_CASES = [
    ("The heart is not only enlarged but also has a boot-shaped configuration.", {"Cardiomegaly": P}),
    ("The mediastinum is not only widened but also shifted toward the right.",
     {"Enlarged Cardiomediastinum": P}),
    ("There is not merely atelectasis at the left base; a superimposed consolidation is also present.",
     {"Atelectasis": P, "Consolidation": P}),
    ("The right effusion is not just larger but now loculated.", {"Pleural Effusion": P}),
    ("The heart is not enlarged.", {"Cardiomegaly": N}),
    ("The left pleural effusion is not seen on this study.", {"Pleural Effusion": N}),
    ("The diffuse opacities are more consistent with ARDS than with hydrostatic edema.",
     {"Lung Opacity": P, "Edema": U}),
    ("The right basilar opacity is more compatible with atelectasis than pneumonia.",
     {"Lung Opacity": P, "Atelectasis": P, "Pneumonia": U}),
    ("The hilar fullness is far more in keeping with vascular engorgement than with adenopathy.",
     {"Enlarged Cardiomediastinum": U}),
    ("The appearance is more suggestive of pleural thickening than of pleural effusion.",
     {"Pleural Other": U, "Pleural Effusion": U}),
    ("The retrocardiac opacity is more consistent with pneumonia.", {"Lung Opacity": P, "Pneumonia": P}),
    # a bare "seen / noted / described on prior(s)" (MIMIC-CXR's shorthand for the prior study) is an
    # aside that does not count toward the reach of the cue after it, also beside the finding's place
    ("The consolidation in the right upper and middle lobes noted on prior has since cleared.",
     {"Consolidation": N}),
    ("The small pneumothorax at the left lung apex described on priors is no longer visible.",
     {"Pneumothorax": N}),
    ("The patchy opacity in the left lower lobe seen on the previous has resolved.",
     {"Lung Opacity": N, "No Finding": P}),
    ("The patchy opacity in the right lower lobe seen on prior persists.", {"Lung Opacity": P}),
    ("The loculated effusion along the right lateral chest wall seen on prior has nearly resolved.",
     {"Pleural Effusion": P}),
    # a negation in a sentence-opening "although / though / while / whereas" clause ends at the comma
    # that closes the clause (the first comma followed by a clause with its own verb before any "or" /
    # "nor" / "and"), so it does not reach the main clause; a comma inside its negated list does not close it,
    # and a hedge there still reaches on
    ("Although there is no pleural effusion, hazy opacity is present at the left base.",
     {"Pleural Effusion": N, "Lung Opacity": P}),
    ("Although there is no pneumothorax, linear atelectasis is noted at the right base.",
     {"Pneumothorax": N, "Atelectasis": P}),
    ("Whereas no focal consolidation is seen, interstitial edema is present.",
     {"Consolidation": N, "Edema": P}),
    ("Though no pneumothorax is identified, mild pulmonary edema has developed.",
     {"Pneumothorax": N, "Edema": P}),
    ("Even though no consolidation is seen, bibasilar atelectasis has increased.",
     {"Consolidation": N, "Atelectasis": P}),
    ("While there is no edema, a small right effusion is noted.", {"Edema": N, "Pleural Effusion": P}),
    ("Although there is no definite consolidation, early pneumonia cannot be entirely excluded.",
     {"Consolidation": N, "Pneumonia": U}),
    ("Although no effusion, pneumothorax, or consolidation is seen, the heart is enlarged.",
     {"Pleural Effusion": N, "Pneumothorax": N, "Consolidation": N, "Cardiomegaly": P}),
    ("Although no effusion, pneumothorax or consolidation is seen, mild edema is present.",
     {"Pleural Effusion": N, "Pneumothorax": N, "Consolidation": N, "Edema": P}),
    ("Although no effusion, consolidation and pneumothorax are seen, the heart is enlarged.",
     {"Pleural Effusion": N, "Consolidation": N, "Pneumothorax": N, "Cardiomegaly": P}),
    ("While there is no pneumothorax, edema or effusion, the cardiac silhouette is enlarged.",
     {"Pneumothorax": N, "Edema": N, "Pleural Effusion": N, "Cardiomegaly": P}),
    ("While these may represent atelectasis, consolidation from infection cannot be excluded.",
     {"Atelectasis": U, "Consolidation": U}),
    # found probing the round's themes: "neither / nor / no" as the determiner of a structure whose
    # predicate is the finding negates it (the subject's verb no longer stops the cue); "instead of"
    # negates what it sets aside, as "rather than" does
    ("Neither costophrenic angle is blunted.", {"Pleural Effusion": N}),
    ("Neither the right nor the left lung base is consolidated.", {"Consolidation": N}),
    ("No lobe is collapsed.", {"Atelectasis": N}),
    ("Neither hilum is enlarged.", {"Enlarged Cardiomediastinum": N}),
    ("No pneumothorax and the left costophrenic angle is blunted.", {"Pneumothorax": N, "Pleural Effusion": P}),
    ("No effusion and the left lung base is consolidated.", {"Pleural Effusion": N, "Consolidation": P}),
    ("The basilar opacities probably reflect atelectasis instead of pneumonia.",
     {"Lung Opacity": P, "Atelectasis": U, "Pneumonia": N}),
    ("Instead of an effusion, there is pleural thickening.", {"Pleural Effusion": N, "Pleural Other": P}),
    ("Instead of the expected postoperative appearance, there is new opacification of the left hemithorax.",
     {"Lung Opacity": P}),
    # "not clear / unclear that there is X" hedges X, as "unclear whether there is X" does
    ("It is not clear that there is any residual pneumothorax.", {"Pneumothorax": U}),
    ("It is not entirely certain that there is a left effusion, and the heart is enlarged.",
     {"Pleural Effusion": U, "Cardiomegaly": P}),
    ("It is clear that there is a right pneumothorax.", {"Pneumothorax": P}),
]


@pytest.mark.parametrize("report, want", _both_layouts(ROUND_PR_CASES))
def test_round_pr(report, want):
    assert _labels(report, want) == want


# Round pu: the probability scale radiologists use, from the negative end ("improbable", "low suspicion
# for", "not suspected") through the middle ("equivocally", "possibly there is", differential lists) to
# double hedges ("probable but not definite"); cases written in other words than the round's reports
ROUND_PU_CASES = [
    # "improbable" negates as "unlikely" does; "not improbable" still leaves the finding possible
    ("Streaky left basilar density is consistent with scarring; active infection is improbable.",
     {"Pneumonia": N}),
    ("A pneumothorax is highly improbable on this upright film.", {"Pneumothorax": N}),
    ("It is improbable that this represents edema.", {"Edema": N}),
    ("It is not improbable that the right basilar opacity reflects aspiration pneumonia.",
     {"Lung Opacity": P, "Pneumonia": U}),
    ("Pleural effusion is considered improbable, although it cannot be entirely excluded.",
     {"Pleural Effusion": U}),
    # a verbless "not suspected / not favored" closing the finding's clause negates it
    ("Mild vascular congestion. Frank edema not suspected.", {"Edema": N}),
    ("Consolidation not favored; the opacity is more in keeping with atelectasis.",
     {"Consolidation": N, "Lung Opacity": P, "Atelectasis": P}),
    ("Pneumothorax not clinically suspected and no lucency at the apex.", {"Pneumothorax": N}),
    ("Infection not favored but cannot be excluded.", {"Pneumonia": U}),
    # "low suspicion / likelihood / probability for X" and "the suspicion for X is low" negate, as
    # "unlikely" does (the reader's call that the finding is absent)
    ("There is low suspicion for a pneumothorax.", {"Pneumothorax": N}),
    ("Very low likelihood of pulmonary edema given the normal heart size.", {"Edema": N, "Cardiomegaly": N}),
    ("Low clinical suspicion for pneumonia. Linear atelectasis at the left base.",
     {"Pneumonia": N, "Atelectasis": P}),
    ("The radiographic suspicion of an effusion remains low.", {"Pleural Effusion": N}),
    ("Suspicion for pneumonia is low.", {"Pneumonia": N}),
    ("Low lung volumes, with suspicion for pneumonia at the right base.", {"Pneumonia": U}),
    # a reason set off by commas between the finding and its predicate: the predicate is the finding's
    ("Infection in the right lower lobe, in view of the new leukocytosis, is favored.", {"Pneumonia": U}),
    ("A tiny pneumothorax, considering the recent line placement, cannot be excluded.", {"Pneumothorax": U}),
    ("Edema, in light of the enlarged heart, is likely.", {"Edema": U, "Cardiomegaly": P}),
    ("The effusion, given the enlarged heart, is probably due to heart failure.",
     {"Pleural Effusion": P, "Cardiomegaly": P, "Edema": U}),
    # and so does a place, a view or a concession set off the same way (a concession with its own verb)
    ("Aspiration pneumonia in the right lower lobe, particularly in a patient with dysphagia, is not excluded.",
     {"Pneumonia": U}),
    ("A tiny right apical pneumothorax, best appreciated on the lateral view, is suspected.", {"Pneumothorax": U}),
    ("Left basilar consolidation, although atelectasis would be more likely, cannot be excluded.",
     {"Consolidation": U, "Atelectasis": U}),
    ("The right effusion, though small, is new.", {"Pleural Effusion": P}),
    # "X would / could be (more) likely" hedges X, as "X is likely" does
    ("Subsegmental atelectasis would be more likely.", {"Atelectasis": U}),
    ("An early pneumonia would be likely in this clinical setting.", {"Pneumonia": U}),
    # an adverb opening "there is X" hedges X, also when a comma sets it off
    ("Possibly there is a trace left effusion.", {"Pleural Effusion": U}),
    ("Presumably there is some residual atelectasis at the right base.", {"Atelectasis": U}),
    ("Probably, there is mild interstitial edema.", {"Edema": U}),
    ("Most likely, there is a small right apical pneumothorax.", {"Pneumothorax": U}),
    ("Equivocally, there is blunting of the left costophrenic angle.", {"Pleural Effusion": U}),
    ("Probably there is no pneumothorax.", {"Pneumothorax": N}),
    ("Possibly, the heart is enlarged.", {"Cardiomegaly": P}),
    ("Right base opacity, atelectasis most likely.", {"Lung Opacity": P, "Atelectasis": U}),
    # "equivocally" hedges as "questionably" does
    ("The cardiac silhouette is equivocally enlarged.", {"Cardiomegaly": U}),
    ("The superior mediastinum is equivocally widened.", {"Enlarged Cardiomediastinum": U}),
    # "doubtful for X", "little to suggest X", "little evidence of X" negate; "little if any" and
    # "little change" do not
    ("The appearance is doubtful for pneumonia.", {"Pneumonia": N}),
    ("An opacity of doubtful significance projects over the left lung base.", {"Lung Opacity": P}),
    ("There is little to suggest interstitial edema.", {"Edema": N}),
    ("Little radiographic evidence of consolidation.", {"Consolidation": N}),
    ("Little if any pleural fluid on the right.", {"Pleural Effusion": U}),
    ("Little change in the moderate right effusion.", {"Pleural Effusion": P}),
    # "X is not thought / felt / considered to be present" negates X
    ("A pleural effusion is not thought to be present.", {"Pleural Effusion": N}),
    ("Pneumothorax is not felt to be present on the lateral view.", {"Pneumothorax": N}),
    ("Focal consolidation is not considered to be present.", {"Consolidation": N}),
    # a bare "unlikely" before a finding negates it, and a verbless "X unlikely" goes on with "and"
    ("Bibasilar opacities, probably atelectasis, unlikely pneumonia.",
     {"Lung Opacity": P, "Atelectasis": U, "Pneumonia": N}),
    ("Highly unlikely pneumothorax.", {"Pneumothorax": N}),
    ("Edema unlikely and small left effusion.", {"Edema": N, "Pleural Effusion": P}),
    ("The opacity is unlikely to be related to the PICC.", {"Lung Opacity": P, "Support Devices": P}),
    # "likely / probable / possible but not definite X" hedges X, before or after it
    ("Probable but not definite left lower lobe consolidation.", {"Consolidation": U}),
    ("Small left effusion, likely but not definite.", {"Pleural Effusion": U}),
    ("There is an effusion but not definite pneumothorax.", {"Pleural Effusion": P, "Pneumothorax": N}),
    # a differential's subject after its article is there ("for the opacity"), and a differential
    # written as a field ("Differential diagnosis: X, Y") hedges its list
    ("The differential for the opacity includes hemorrhage and infection.",
     {"Lung Opacity": P, "Pneumonia": U}),
    ("The differential diagnosis of these opacities includes edema and infection.",
     {"Lung Opacity": P, "Edema": U, "Pneumonia": U}),
    ("Differential diagnosis: atelectasis, pneumonia.", {"Atelectasis": U, "Pneumonia": U}),
    ("Ddx: edema, aspiration.", {"Edema": U, "Pneumonia": U}),
    ("Differential considerations: consolidation or collapse.", {"Consolidation": U, "Atelectasis": U}),
]


@pytest.mark.parametrize("report, want", _both_layouts(ROUND_PU_CASES))
def test_round_pu(report, want):
    assert _labels(report, want) == want


ROUND_PT_CASES = [
    # shadowing is a lung opacity wherever the report places it in the lung: after a zone, lobe, lung or
    # base ("right lower zone shadowing", "upper lobe shadowing"), after a descriptive adjective ("linear",
    # "fibrotic", "miliary", "nodular") or bare; shaped or placed shadows ("round shadow", "shadows in both
    # lower zones") too; shadowing or shadows of the breasts, nipples, soft tissues, bones, heart, mediastinum,
    # hila or pleura, and the ring shadows and tramlines of bronchiectasis, are no lung opacity (round pt)
    ("Patchy shadowing in the right mid zone.", {"Lung Opacity": P}),
    ("Left lower zone shadowing has increased since the last film.", {"Lung Opacity": P}),
    ("Fine linear shadowing at both bases, likely subsegmental atelectasis.", {"Lung Opacity": P, "Atelectasis": U}),
    ("Widespread miliary shadowing.", {"Lung Opacity": P}),
    ("Nodular shadowing throughout both lungs.", {"Lung Lesion": P, "Lung Opacity": P}),
    ("Fibrotic shadowing in both upper zones, in keeping with old tuberculosis.",
     {"Lung Opacity": P, "No Finding": M}),
    ("Round shadow in the left upper zone.", {"Lung Opacity": P}),
    ("Shadows are seen in both lower zones.", {"Lung Opacity": P}),
    ("Breast shadowing projects over both lower zones. Lungs are clear.", {"Lung Opacity": M, "No Finding": P}),
    ("Soft tissue shadows over the right base. No focal lung lesion.",
     {"Lung Opacity": M, "Lung Lesion": N, "No Finding": P}),
    ("Nipple shadows are noted bilaterally.", {"Lung Opacity": M, "No Finding": P}),
    ("No focal shadowing.", {"Lung Opacity": N, "No Finding": P}),
    ("Right basal shadowing has now resolved.", {"Lung Opacity": N, "No Finding": P}),
    # "query" before a finding hedges it, as "?" and "questionable" do ("Query consolidation", "queried
    # early consolidation"), and so does "is queried" after it; a "previously queried" finding is not
    # hedged by it; "Clinical query:" opens indication text; clinical correlation "regarding / re / about" a
    # finding hedges it, as "correlate for" does (round pt)
    ("Query early consolidation at the left base.", {"Consolidation": U}),
    ("Left apical pneumothorax is queried.", {"Pneumothorax": U}),
    ("Query small bilateral effusions.", {"Pleural Effusion": U}),
    ("Right hilar enlargement, query lymphadenopathy.", {"Enlarged Cardiomediastinum": P}),
    ("The previously queried right basal consolidation has cleared.", {"Consolidation": N, "No Finding": P}),
    ("Clinical query: pneumonia.\nThe lungs are clear.", {"Pneumonia": M, "No Finding": P}),
    ("Clinical correlation advised regarding infection.", {"Pneumonia": U}),
    ("Correlate clinically re aspiration.", {"Pneumonia": U}),
    # a borderline heart "for the projection / given the technique" is still borderline (positive); a
    # cardiothoracic ratio written with a sign or as a percentage is read as the number is (round pt)
    ("Heart size borderline for an AP projection.", {"Cardiomegaly": P}),
    ("The heart is borderline given the supine technique.", {"Cardiomegaly": P}),
    ("CTR < 0.5.", {"Cardiomegaly": N, "No Finding": P}),
    ("CTR <50%, heart not enlarged.", {"Cardiomegaly": N}),
    ("CTR 46%.", {"Cardiomegaly": N}),
    ("CTR > 0.5.", {"Cardiomegaly": P}),
    ("CTR 60%.", {"Cardiomegaly": P}),
    # costophrenic angles "now / again / still" sharp or clear are normal; a fluid level in a pleural space
    # (without "air-") is a hydropneumothorax, and an air-fluid level in a hemithorax a pneumothorax as well
    # as fluid (round pt)
    ("Left CP angle is now sharp.", {"Pleural Effusion": N}),
    ("Both costophrenic angles are again clear.", {"Pleural Effusion": N}),
    ("Fluid level within the left pleural space.", {"Pleural Effusion": P, "Pneumothorax": P}),
    ("Air-fluid level in the left hemithorax.", {"Pleural Effusion": P, "Pneumothorax": P}),
    # a cavity named after "with / containing / and" a finding, or placed in a zone, is a Lung Lesion
    # (cavitation is); a cavity of the pleura or a resection space is not (round pt)
    ("Dense consolidation in the left upper zone with a central cavity.", {"Consolidation": P, "Lung Lesion": P}),
    ("Mass containing a 3 cm cavity.", {"Lung Lesion": P}),
    ("Cavity in the right upper zone.", {"Lung Lesion": P}),
    # "Lines:" as a field name is the device field: "Lines: none" denies devices, as "Tubes: none" does
    # (round pt)
    ("Lines: none. Lungs clear.", {"Support Devices": N, "No Finding": P}),
    ("Lines: left subclavian CVC, tip in the SVC.", {"Support Devices": P}),
    ("Kerley B lines: present.", {"Support Devices": M, "Edema": P}),
    # abbreviations of the British voice: LVF (left ventricular failure) and CCF (congestive cardiac failure)
    # are Edema as CHF is; LRTI (lower respiratory tract infection) is Pneumonia as "infection" is (round pt)
    ("Appearances in keeping with LVF.", {"Edema": P}),
    ("No radiographic features of LVF.", {"Edema": N, "No Finding": P}),
    ("CCF with bilateral effusions.", {"Edema": P, "Pleural Effusion": P}),
    ("Right basal shadowing, ?LRTI.", {"Lung Opacity": P, "Pneumonia": U}),
    ("Appearances consistent with LRTI.", {"Pneumonia": P}),
    # abnormalities outside the 14 that keep No Finding off: the signs of bronchiectasis (tramlines,
    # tram-tracking, ring shadows, signet rings), free gas under the diaphragm, a prominent aortic knuckle
    # (round pt)
    ("Tramlines and ring shadows at both bases. No consolidation.",
     {"No Finding": M, "Lung Opacity": M, "Consolidation": N}),
    ("Signet ring sign in the left lower lobe.", {"No Finding": M}),
    ("Free gas under the right hemidiaphragm.", {"No Finding": M}),
    ("Free subdiaphragmatic gas.", {"No Finding": M}),
    ("No free gas under the diaphragm.", {"No Finding": P}),
    ("Prominent aortic knuckle. Lungs clear.", {"No Finding": M, "Enlarged Cardiomediastinum": M}),
    # a pleural effusion named together with a pericardial one ("no pleural or pericardial effusion",
    # "small pleural and pericardial effusions") is a pleural effusion; the pericardial one alone is not;
    # a raised or high hemidiaphragm is an elevated one, an abnormality outside the 14 (round pt)
    ("No pleural or pericardial effusion. Lungs clear.", {"Pleural Effusion": N, "No Finding": P}),
    ("Small pleural and pericardial effusions.", {"Pleural Effusion": P}),
    ("Moderate pericardial effusion. No pleural effusion.", {"Pleural Effusion": N}),
    ("Raised right hemidiaphragm. Lungs clear.", {"No Finding": M}),
    ("The left hemidiaphragm is raised.", {"No Finding": M}),
    # British words for lung metastases: "secondaries", "secondary deposits", "cannon-ball" metastases
    # (Lung Lesion); bone secondaries are not; a shadow or opacity "in keeping with" a hiatus hernia, fat pad
    # or goitre is that structure, no lung opacity, as one "consistent with" it already was (round pt)
    ("Cannon-ball secondaries in both lungs.", {"Lung Lesion": P}),
    ("Multiple pulmonary secondaries.", {"Lung Lesion": P}),
    ("Secondary deposits throughout both lungs.", {"Lung Lesion": P}),
    ("No pulmonary secondaries. Lungs clear.", {"Lung Lesion": N, "No Finding": P}),
    ("Dense retrocardiac shadow in keeping with a hiatus hernia.", {"Lung Opacity": M, "No Finding": M}),
    ("Retrocardiac opacity in keeping with a hiatus hernia.", {"Lung Opacity": M}),
    ("Retrocardiac opacity, in keeping with collapse of the left lower lobe.", {"Lung Opacity": P, "Atelectasis": P}),
]


@pytest.mark.parametrize("report, want", _both_layouts(ROUND_PT_CASES))
def test_round_pt(report, want):
    assert _labels(report, want) == want


# Round pv (80 blind reports weighted to No Finding at its borders: normal studies in many voices, normal
# variants and technique, old or benign findings, chronic states, studies whose only finding is negated or
# resolved). The rules it prompted, and those found probing the same families in other words.
ROUND_PV_CASES = [
    # a normal mediastinum, hila or paratracheal stripe reached through ", which / that" (as the heart
    # already was: "the heart, which is normal in size")
    ("Rotation limits assessment of the mediastinum, which appears grossly normal.",
     {"Enlarged Cardiomediastinum": N}),
    ("Overlying hardware partly obscures the hilar contours, which are unremarkable.",
     {"Enlarged Cardiomediastinum": N}),
    ("The cardiomediastinal silhouette, which is within normal limits, is unchanged.",
     {"Enlarged Cardiomediastinum": N}),
    ("The right paratracheal stripe, which is not widened, is crossed by the catheter.",
     {"Enlarged Cardiomediastinum": N}),
    ("The mediastinum, which appears widened, may be due to rotation.", {"Enlarged Cardiomediastinum": P}),
    # chronic changes or findings, named without their kind, are an abnormality: No Finding stays blank
    ("Stable chronic changes.  No acute cardiopulmonary process.", {"No Finding": M}),
    ("Chronic parenchymal changes at both apices, unchanged.", {"No Finding": M}),
    ("Chronic findings as before; no acute process.", {"No Finding": M}),
    ("Lungs are clear.  No acute or chronic changes.", {"No Finding": P}),
    # chronic lung disease is another abnormality (as COPD is); denied, it names nothing
    ("Changes of chronic lung disease without acute findings.", {"No Finding": M}),
    ("No radiographic evidence of chronic lung disease.  Lungs are clear.", {"No Finding": P}),
    # low volumes without the word "lung" ("low volumes", "volumes are low", "low inspiratory volumes",
    # "low volume study") are low lung volumes; "lung volumes are not low" denies them; poor inspiratory
    # effort is technique (pn045)
    ("Low volumes.  Lungs clear.  Heart size normal.", {"No Finding": M, "Cardiomegaly": N}),
    ("Heart size is normal given the low inspiratory volumes.", {"No Finding": M, "Cardiomegaly": N}),
    ("Volumes are reduced; no focal consolidation.", {"No Finding": M, "Consolidation": N}),
    ("Low volume study without acute process.", {"No Finding": M}),
    ("Lung volumes are not low.  The lungs are clear.", {"No Finding": P}),
    ("Poor inspiratory effort limits the study; the lungs are clear.", {"No Finding": P}),
    # an elevated hemidiaphragm that "remains", "is again" or "is mildly" elevated; "not elevated" denies it
    ("The left hemidiaphragm remains mildly elevated.  Lungs clear.", {"No Finding": M}),
    ("The right hemidiaphragm is again elevated.  No effusion.", {"No Finding": M, "Pleural Effusion": N}),
    ("The hemidiaphragms are not elevated.  Lungs clear.", {"No Finding": P}),
    # overexpanded lungs and high lung volumes are hyperinflation
    ("The lungs are overexpanded but clear.", {"No Finding": M}),
    ("High lung volumes.  No focal consolidation.", {"No Finding": M, "Consolidation": N}),
    # bronchiectatic and bronchitic changes are other abnormalities (as bronchiectasis and bronchitis)
    ("Mild bronchiectatic change in the lower lobes.  No consolidation.", {"No Finding": M, "Consolidation": N}),
    ("Chronic bronchitic changes; no pneumonia.", {"No Finding": M, "Pneumonia": N}),
    ("No bronchiectatic change.  Lungs clear.", {"No Finding": P}),
    # what the round's normal studies carry and still leave No Finding set
    ("Right-sided aortic arch.  Lungs clear.  Heart size normal.", {"No Finding": P, "Cardiomegaly": N}),
    ("Bilateral breast prostheses.  No acute cardiopulmonary process.", {"No Finding": P, "Support Devices": M}),
    ("External snaps and ECG wires overlie the chest.  Lungs clear.", {"No Finding": P, "Support Devices": M}),
    ("The patient is slightly rotated to the right.  Lungs clear.", {"No Finding": P}),
    ("Clips in the gallbladder fossa.  Normal chest.", {"No Finding": P, "Support Devices": M}),
    ("Sternal wires are intact.  Normal heart size.  Clear lungs.",
     {"No Finding": P, "Support Devices": P, "Cardiomegaly": N}),
    ("The apical lucency is a skin fold; lung markings extend beyond it.  No pneumothorax.",
     {"No Finding": P, "Pneumothorax": N}),
    ("The right basilar opacity seen on ___ has cleared.  No acute process.",
     {"No Finding": P, "Lung Opacity": N}),
]


@pytest.mark.parametrize("report, want", _both_layouts(ROUND_PV_CASES))
def test_round_pv(report, want):
    assert _labels(report, want) == want


ROUND_PS_CASES = [
    # packaging of exports and pipelines undone before sections and sentences are read (round ps): literal
    # backslash escapes of an undecoded CSV / JSON cell are line breaks and tabs (also escaped twice), so a
    # header after one still opens its section and "\nNo" still negates; carriage returns, Unicode line
    # separators and form feeds are line breaks; zero-width spaces and joiners, byte-order marks and soft
    # hyphens are nothing; HTML entities are their characters (also escaped twice) and known tags are layout
    # ("<br>", "</div><div>" a line end, "<p>" and lists a blank line, "<li>" a bullet, inline tags and
    # comments nothing), while "<5 mm" and "L<R" stay text
    ("HISTORY: Fever, rule out pneumonia.\\nFINDINGS: Lungs are clear.\\nNo pleural effusion.",
     {"Pneumonia": M, "Pleural Effusion": N, "No Finding": P}),
    ("REASON FOR EXAM:\\t___F with cough, ?consolidation\\r\\nIMPRESSION:\\tBibasilar atelectasis.\\r\\nNo pneumothorax.",
     {"Consolidation": M, "Atelectasis": P, "Pneumothorax": N}),
    ("IMPRESSION:\\\\nSmall right apical pneumothorax.\\\\nNo mediastinal shift.", {"Pneumothorax": P}),
    ("Lungs:\\tPatchy left lower lobe opacity.\\tNo edema.\\nPleura:\\tNo effusion.",
     {"Lung Opacity": P, "Edema": N, "Pleural Effusion": N}),
    ("INDICATION: Dyspnea.\rIMPRESSION: No effusion. Heart size normal.",
     {"Pleural Effusion": N, "Cardiomegaly": N, "No Finding": P}),
    ("Findings:\r\n\r\nMild cardiomegaly\r\nNo pneumothorax\r\n\r\nImpression:\r\nCardiomegaly.",
     {"Cardiomegaly": P, "Pneumothorax": N}),
    ("No pneumo\u200bthorax or pleural effu\u00adsion.\u2028Lungs are clear.",
     {"Pneumothorax": N, "Pleural Effusion": N, "No Finding": P}),
    ("\ufeffIMPRESSION: No\u2060 acute cardiopulmonary process.", {"No Finding": P}),
    ("FINDINGS: Right basilar opacity &ndash; could be aspiration.<br/>Heart &amp; mediastinum normal.",
     {"Lung Opacity": P, "Pneumonia": U, "Cardiomegaly": N, "Enlarged Cardiomediastinum": N}),
    ("IMPRESSION:&amp;nbsp;Left upper lobe nodule, 7 mm.&lt;br&gt;No pleural effusion.",
     {"Lung Lesion": P, "Pleural Effusion": N}),
    ("<div>FINDINGS: Left perihilar opacity, suspicious</div><div>for pneumonia. No effusion.</div>",
     {"Lung Opacity": P, "Pneumonia": U, "Pleural Effusion": N}),
    ("<p>FINDINGS: Heart size is normal. There is no</p><p>pleural effusion.</p>",
     {"Pleural Effusion": N, "Cardiomegaly": N, "No Finding": P}),
    ("<p>IMPRESSION:</p><ol><li>Possible early right middle lobe pneumonia</li><li>No pneumothorax</li></ol>",
     {"Pneumonia": U, "Pneumothorax": N}),
    ("<table><tr><td>Heart</td><td>Enlarged</td></tr><tr><td>Pleura</td><td>No effusion</td></tr></table>",
     {"Cardiomegaly": P, "Pleural Effusion": N}),
    ("<!-- export -->Mediastinal widening<br>likely due to AP technique.<br>No pneumothorax.",
     {"Enlarged Cardiomediastinum": P, "Pneumothorax": N}),
    ("Stable <6 mm right upper lobe nodule. Effusions, L<R.", {"Lung Lesion": P, "Pleural Effusion": P}),

    # typographic apostrophes are the apostrophe, so a contraction's "not" is read, and "can't exclude" is
    # "cannot exclude" (it was read "ca not exclude", a negation, also with a straight apostrophe); curly
    # double quotes and Unicode hyphens are the plain ones (round ps, found probing the round's family)
    ("Small left effusion can\u2019t be excluded.", {"Pleural Effusion": U}),
    ("Can't rule out a developing right lower lobe pneumonia.", {"Pneumonia": U}),
    ("We can\u2019t exclude a tiny apical pneumothorax.", {"Pneumothorax": U}),
    ("The heart isn\u2019t enlarged and there isn\u2019t any edema.", {"Cardiomegaly": N, "Edema": N}),
    ("Mass\u2011like opacity in the left upper lobe.", {"Lung Lesion": P, "Lung Opacity": P}),
    # ... also when an entity or a literal JSON escape writes them ("can&rsquo;t", "can\\u2019t")
    ("A small left effusion can&rsquo;t be excluded.", {"Pleural Effusion": U}),
    ("IMPRESSION:\\u00a0Early pneumonia can\\u2019t be excluded.\\nNo effusion.",
     {"Pneumonia": U, "Pleural Effusion": N}),
    ("No pneumo&#8203;thorax.", {"Pneumothorax": N}),
    # "&nbsp" without its semicolon is a space too (and "&amp", "&gt", "&lt", "&quot" before a non-letter)
    ("FINDINGS:&nbspNo pneumothorax.&nbsp&nbspHeart&nbspsize&nbspnormal.", {"Pneumothorax": N, "Cardiomegaly": N}),
    ("Effusions, R &gt L &amp small.", {"Pleural Effusion": P}),

    # a report cut into lines at a fixed column (every line but the last of one length, 30 characters or more,
    # most cuts not at a space) is joined as it was, so words cut anywhere are whole again ("n" / "o pleural
    # effusion", "concer" / "ning"); lines padded with spaces to a width stay soft wraps (round ps)
    ("IMPRESSION: Patchy left basilar opacity, con\ncerning for aspiration. There is no pneumoth\norax. Heart size normal.",
     {"Lung Opacity": P, "Pneumonia": U, "Pneumothorax": N, "Cardiomegaly": N}),
    ("FINDINGS: The mediastinum is not wide\nned. Heart size is normal. There is n\no focal consolidation. Lungs are clea\nr.",
     {"Enlarged Cardiomediastinum": N, "Cardiomegaly": N, "Consolidation": N, "No Finding": P}),
    ("Mild left basilar atelectasis.     \nThere is no pleural effusion or    \npneumothorax. Heart size normal.   ",
     {"Atelectasis": P, "Pleural Effusion": N, "Pneumothorax": N}),

    # words that hedge, negate or date a finding, cut by a line wrap with or without a hyphen, are whole
    # again ("con-\ncerning", "ex-\ncluded", "sugges- tive", "concer ning"), as finding words already were;
    # "n" / "o" is "no" (round ps: ps053's "concer<br>ning for multifocal pneumonia")
    ("Right upper lobe opacity, con-\ncerning for pneumonia.", {"Lung Opacity": P, "Pneumonia": U}),
    ("Left basilar opacity; pneumonia cannot be ex-\ncluded.", {"Pneumonia": U}),
    ("Streaky opacity at the right base, sugges- tive of atelectasis.", {"Atelectasis": U}),
    ("Retrocardiac opacity, suspi\ncious for aspiration.", {"Pneumonia": U}),
    ("The small right pneumothorax has re-\nsolved.", {"Pneumothorax": N}),
    ("There is n\no pleural effusion.", {"Pleural Effusion": N}),
    ("The lines and tubes are with out change.", {"Support Devices": P}),
    # ... and more finding words of the hardest labels, also with a two-letter half before a wrap's hyphen
    ("Small right pleural ef-\nfusion. Mild pulmonary ede-\nma.", {"Pleural Effusion": P, "Edema": P}),
    ("The cardiomedi-\nastinal silhouette is widened.", {"Enlarged Cardiomediastinum": P}),
    ("Bulky right hilar lympha-\ndenopathy.", {"Enlarged Cardiomediastinum": P}),
    ("Left lower lobe col-\nlapse with a left upper lobe car-\ncinoma.", {"Atelectasis": P, "Lung Lesion": P}),
    ("Patchy opacities, possibly as-\npiration.", {"Lung Opacity": P, "Pneumonia": U}),
    ("Ground-\nglass opacity in the left-\nsided lower lobe.", {"Lung Opacity": P}),

    # section headers set off by other punctuation than a colon ("[INDICATION]", "<FINDINGS>", "** HISTORY **",
    # "__IMPRESSION__", "## Findings", "Indication -", "FINDINGS =", "History;", "IMPRESSION>>", "FINDINGS." alone
    # on its line) are read as headers, so the indication ends there and the findings are read (round ps,
    # found probing the round's odd headers after an indication); a name inside a sentence stays a word
    ("[INDICATION] Evaluate for pneumonia. [FINDINGS] Lungs are clear. No effusion.",
     {"Pneumonia": M, "Pleural Effusion": N, "No Finding": P}),
    ("<HISTORY> r/o pneumothorax <IMPRESSION> No pneumothorax.", {"Pneumothorax": N, "No Finding": P}),
    ("** INDICATION ** eval for consolidation ** FINDINGS ** No consolidation.", {"Consolidation": N}),
    ("Indication - eval for pneumonia\nFindings - Small left effusion.", {"Pneumonia": M, "Pleural Effusion": P}),
    ("REASON FOR EXAM = ?edema FINDINGS = Mild interstitial edema.", {"Edema": P, "No Finding": M}),
    ("History; assess for effusion\nImpression; No effusion.", {"Pleural Effusion": N}),
    ("## Indication\nRule out pneumonia\n## Findings\nPatchy right basilar atelectasis.",
     {"Pneumonia": M, "Atelectasis": P}),
    ("INDICATION: ?infiltrate\n__FINDINGS__\nNo focal consolidation.", {"Consolidation": N}),
    ("INDICATION: eval for pneumothorax\nIMPRESSION.\nNo pneumothorax.", {"Pneumothorax": N}),
    ("NO PRIOR FOR COMPARISON; THE HEART IS ENLARGED.", {"Cardiomegaly": P}),
    ("These findings - likely atelectasis - are unchanged.", {"Atelectasis": U}),

    # a sign-off stamp on a line of its own ("Electronically signed by ...", "Dictated by:", "Transcribed:",
    # "Resident: ___") is dropped as page furniture is, so a sentence it cut joins again (ROUND_PS_LINE_CASES);
    # a line that goes on past a sentence end, or a role word in a sentence, stays (round ps, found probing the
    # round's footers)
    ("IMPRESSION: Heart size is normal.\nResident: Dr. ___\nAttending radiologist: ___, MD\nNo acute process.",
     {"Cardiomegaly": N, "No Finding": P}),
    ("Resident noted a small left effusion.", {"Pleural Effusion": P}),
    ("Reviewed by ___. Small right pneumothorax.", {"Pneumothorax": P}),
    ("INDICATION: eval for effusion\nIMPRESSION.\nSmall left effusion.", {"Pleural Effusion": P}),
    ("Small right effusion, as in the patient's\nhistory.\nThe heart is enlarged.", {"Cardiomegaly": P}),
]


@pytest.mark.parametrize("report, want", _both_layouts(ROUND_PS_CASES))
def test_round_ps(report, want):
    assert _labels(report, want) == want


# Cases whose line structure carries the packaging, read as written only (round ps): a fixed-column cut (joined
# into one line, the cut words "norm al", "ed ema" are no longer known to be cut; lines of different lengths
# stay soft wraps) and a sign-off stamp on its own line in the middle of a sentence (joined, its extent is lost)
ROUND_PS_LINE_CASES = [
    ("FINDINGS: Right basilar opacity, which may\nElectronically signed by: ___, MD on ___\nrepresent aspiration.",
     {"Lung Opacity": P, "Pneumonia": U}),
    ("FINDINGS: There is no\nDictated by: ___  Transcribed: ___\npneumothorax. Lungs are clear.",
     {"Pneumothorax": N, "No Finding": P}),
    ("The images were\nreviewed by Dr. ___ and there is no\npneumothorax.", {"Pneumothorax": N}),
    ("FINDINGS: The mediastinum is n\not widened. Heart size is norm\nal. There is no focal consolid\nation. Lungs are clear.",
     {"Enlarged Cardiomediastinum": N, "Cardiomegaly": N, "Consolidation": N, "No Finding": P}),
    ("FINDINGS: There is mild interstitial pulmonary ed\nema. Heart size is normal. No pleural effusion. N\no pneumothorax. "
     "Lungs otherwise clear.", {"Edema": P, "Cardiomegaly": N, "Pleural Effusion": N, "Pneumothorax": N}),
    ("IMPRESSION: Right lower lobe opacity, possibly\r\n aspiration. Heart size is mildly enlarged. \r\nNo effusion.",
     {"Lung Opacity": P, "Pneumonia": U, "Cardiomegaly": P, "Pleural Effusion": N}),
]


@pytest.mark.parametrize("report, want", ROUND_PS_LINE_CASES)
def test_round_ps_lines(report, want):
    assert _labels(report, want) == want


# Round py: reports as report-generation models write them (R2Gen-style token streams, subword artifacts,
# contradictions, loops, cut-off endings, LLM-style MIMIC idiom, chat preambles). Each family's cases are in
# other words than the round's reports.
ROUND_PY_CASES = [
    # subword marks left by the tokenizer: a WordPiece "##" piece joins the piece before it, a subword-nmt
    # "@@" piece the one after it, SentencePiece's word mark is a space; a Markdown heading keeps its "##"
    ("there is a moderate left pleu ##ral eff ##usion . no pneu ##mothorax .",
     {"Pleural Effusion": P, "Pneumothorax": N, "No Finding": M}),
    ("the lungs are clear . there is no focal con ##soli ##dation or pleural effusion .",
     {"Consolidation": N, "Pleural Effusion": N, "No Finding": P}),
    ("mild cardio ##me ##galy with small bilateral effusions .", {"Cardiomegaly": P, "Pleural Effusion": P}),
    ("patchy bibasilar atel@@ ectasis . no pneumo@@ thorax .", {"Atelectasis": P, "Pneumothorax": N}),
    ("\u2581the\u2581heart\u2581is\u2581enlarged\u2581.\u2581no\u2581effusion\u2581.", {"Cardiomegaly": P, "Pleural Effusion": N}),
    ("## Findings\nThe heart is normal in size. The lungs are clear. No pneumothorax.",
     {"Cardiomegaly": N, "Pneumothorax": N, "No Finding": P}),
    # a finding word left in three pieces once the marks are gone
    ("there is cardio meg aly . no pleural effusion .", {"Cardiomegaly": P, "Pleural Effusion": N}),
    ("small left pleural eff us ion with adjacent atel ect asis .", {"Pleural Effusion": P, "Atelectasis": P}),
    ("no pneu mo thorax . the lungs are clear .", {"Pneumothorax": N, "No Finding": P}),
    ("right lower lobe con solid ation concerning for pneu mon ia .", {"Consolidation": P, "Pneumonia": U}),
    # a tokenizer's special tokens: an end of sequence or a separator ends a sentence, a start or padding
    # token is nothing, GPT-2's byte marks are a space and a line break
    ("[CLS] there is no pneumothorax [SEP] there is a small right pleural effusion [SEP] [PAD] [PAD]",
     {"Pneumothorax": N, "Pleural Effusion": P, "No Finding": M}),
    ("<s> no focal consolidation </s> moderate cardiomegaly </s> <pad> <pad>", {"Consolidation": N, "Cardiomegaly": P}),
    ("<|im_start|>assistant\nFINDINGS: No pleural effusion.<|im_end|>\nMild pulmonary edema.<|endoftext|>",
     {"Pleural Effusion": N, "Edema": P}),
    ("\u0120There \u0120is \u0120a \u0120left \u0120pneumothorax .", {"Pneumothorax": P}),
    ("The heart is normal in size.\u010aThere is no effusion.\u010aThe lungs are clear.",
     {"Cardiomegaly": N, "Pleural Effusion": N, "No Finding": P}),
    ("no effusion <eos> <eos> left basilar atelectasis", {"Pleural Effusion": N, "Atelectasis": P}),
    # a run-on without its period: a finding noun met directly by a degree word starts a new statement, out of
    # the negation's reach; a size word ("no pneumothorax large effusion", dictation that dropped its "or")
    # and a comma list keep the negation
    ("no pneumothorax no pneumothorax moderate pulmonary edema", {"Pneumothorax": N, "Edema": P, "No Finding": M}),
    ("lungs clear no effusion mild cardiomegaly", {"Pleural Effusion": N, "Cardiomegaly": P}),
    ("No focal consolidation Severe bibasilar atelectasis", {"Consolidation": N, "Atelectasis": P}),
    ("no consolidation, large effusion or pneumothorax.",
     {"Consolidation": N, "Pleural Effusion": N, "Pneumothorax": N, "No Finding": P}),
    ("No pneumothorax large pleural effusion.", {"Pneumothorax": N, "Pleural Effusion": N}),
    ("no mild or moderate edema.", {"Edema": N}),
    # what already held, kept: a chat preamble names nothing (its "possible" hedges nothing), a contradiction
    # is read positive over uncertain over negative, a cut-off last sentence is read as far as it goes
    ("Sure, here is a possible report for this image. FINDINGS: The lungs are clear. No pleural effusion.",
     {"No Finding": P, "Pleural Effusion": N}),
    ("no pleural effusion . there is a small left pleural effusion .", {"Pleural Effusion": P}),
    ("possible small right effusion . no pleural effusion .", {"Pleural Effusion": U}),
    ("the heart size is normal . there is a small left", {"Cardiomegaly": N, "No Finding": P}),
]


@pytest.mark.parametrize("report, want", _both_layouts(ROUND_PY_CASES))
def test_round_py(report, want):
    assert _labels(report, want) == want


ROUND_PW_CASES = [
    # English from translated templates (round pw): "no seen X" and a sentence opening "Not seen X"
    # negate; "X is not seen clearly" is "not clearly seen" (uncertain); "(does) not exclude X" hedges
    # (a normal film that "does not exclude" a disease is a caveat, not a hedge); a bare "X to be
    # excluded / ruled out" is a question left open (uncertain), while "X (is) excluded" negates; a
    # clause-final "considered" or "suspicious" hedges, also after a comma ("effusion, suspected"),
    # but a mass or nodule "(is) suspicious" is suspicious for malignancy and stays there
    ("No seen pneumothorax. No seen effusion.", {"Pneumothorax": N, "Pleural Effusion": N, "No Finding": P}),
    ("Not found pleural effusion. Heart normal.", {"Pleural Effusion": N, "Cardiomegaly": N}),
    ("The fifth rib fracture is not shown clearly, CT advised.", {"Fracture": U}),
    ("Pneumothorax is not seen.", {"Pneumothorax": N}),
    ("Patchy opacity at the right base; this does not exclude early pneumonia.",
     {"Lung Opacity": P, "Pneumonia": U}),
    ("Not exclude small left effusion.", {"Pleural Effusion": U}),
    ("A normal radiograph does not exclude malignancy.", {"Lung Lesion": N}),
    ("Tuberculosis to be excluded, infection to be ruled out.", {"Pneumonia": U}),
    ("Right pneumothorax excluded.", {"Pneumothorax": N}),
    ("Bilateral perihilar haze, interstitial edema considered.", {"Lung Opacity": P, "Edema": U}),
    ("Lobar pneumonia is not considered.", {"Pneumonia": N}),
    ("Small left pleural effusion, suspected.", {"Pleural Effusion": U}),
    ("Right lower lobe consolidation, possible.", {"Consolidation": U}),
    ("Right lower lobe consolidation, unchanged.", {"Consolidation": P}),
    ("Left upper lobe nodule, suspicious. CT recommended.", {"Lung Lesion": P}),
    ("The right hilar mass is suspicious.", {"Enlarged Cardiomediastinum": P}),
    # lung markings stated as a predicate or with template adjectives ("lung markings increased and
    # thickened", "bronchovascular markings of both lungs are slightly increased", "enhanced lung
    # markings") are Lung Opacity, as "increased lung markings" was; markings accentuated by low volumes
    # are not; shadows named by template adjectives, also two joined ("patchy and cloudy shadows",
    # "butterfly shadow", "patchy high density", "high-density shadow") are opacities, and a nodular one
    # with a hyphenated word between ("nodular high-density shadow") is also a Lung Lesion (round pw)
    ("Pulmonary markings increased and disordered in both lungs.", {"Lung Opacity": P}),
    ("Bronchovascular markings of both lower zones are mildly thickened.", {"Lung Opacity": P}),
    ("Thickened and blurred lung markings at both bases.", {"Lung Opacity": P}),
    ("Lung markings are accentuated by the low lung volumes.", {"Lung Opacity": M}),
    ("Lung markings are not increased. Heart normal.", {"Lung Opacity": M, "No Finding": P}),
    ("Flaky and spotty shadows in the left middle lung field.", {"Lung Opacity": P}),
    ("Perihilar bat-wing shadows, edema considered.", {"Lung Opacity": P, "Edema": U}),
    ("Spotty high density in the right upper lung.", {"Lung Opacity": P}),
    ("Nodular increased-density shadow in the right middle lung field.", {"Lung Lesion": P, "Lung Opacity": P}),
    ("Nipple shadows over both lower zones. Lungs clear.", {"Lung Opacity": M, "No Finding": P}),
    # normal-structure and finding words of European and Asian templates: costophrenic sinuses "open"
    # or "free" (no effusion), an "obtuse" costophrenic angle (a blunted one: effusion), the "cardiac
    # area" (heart size), a heart size "at (the) upper limit" (normal), a heart "without enlargement" and
    # a mediastinum "without widening" (negative), "no active lesion" in the lungs (no Lung Lesion; an
    # active lesion of the bones is not read), a "central lesion" (Lung Lesion), and fibrous strands
    # and old tuberculosis (abnormalities outside the 14: No Finding off) (round pw)
    ("Both costophrenic sinuses are free. Lungs clear.", {"Pleural Effusion": N, "No Finding": P}),
    ("Costodiaphragmatic sinuses open.", {"Pleural Effusion": N}),
    ("Left costophrenic angle obtuse.", {"Pleural Effusion": P}),
    ("Obtuse right costophrenic angle, likely small effusion.", {"Pleural Effusion": P}),
    ("Cardiac area is increased.", {"Cardiomegaly": P}),
    ("Cardiac area normal.", {"Cardiomegaly": N}),
    ("The heart is at the upper limit.", {"Cardiomegaly": N}),
    ("Cardiac shadow without enlargement. Upper mediastinum without widening.",
     {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N, "No Finding": P}),
    ("No active lesion in either lung.", {"Lung Lesion": N, "No Finding": P}),
    ("No active lesion in the ribs.", {"Lung Lesion": M}),
    ("Right hilar enlargement; a central lesion should be excluded by CT.",
     {"Enlarged Cardiomediastinum": P, "Lung Lesion": U}),
    ("Fibrous stripes in the left upper lung field. Heart normal.", {"No Finding": M, "Cardiomegaly": N}),
    ("Healed tuberculosis at both apices.", {"No Finding": M}),
    # "exclusion of X" asks for X to be ruled out (uncertain, as "evaluation for X"; not "exclusion of
    # the apex" from the film); pleural and costophrenic adhesions are Pleural Other (as pleural
    # thickening); a reinforced, accentuated or dense hilum, and prominence of the hilum, are
    # abnormalities outside the 14, as prominent hila were (round pw)
    ("Bedside film for exclusion of pneumothorax after line placement.", {"Pneumothorax": U}),
    ("Further CT for exclusion of an underlying mass.", {"Lung Lesion": U}),
    ("Apices excluded from the film. Exclusion of the left costophrenic angle. No effusion seen.",
     {"Pleural Effusion": N}),
    ("Pleural adhesions at the left base.", {"Pleural Other": P}),
    ("Adhesion of the left costophrenic sinus, old.", {"Pleural Other": P}),
    ("Postoperative adhesions of the bowel.", {"Pleural Other": M}),
    ("Accentuation of both hila. Heart normal.", {"No Finding": M, "Enlarged Cardiomediastinum": M}),
    ("The right hilum is dense. Lungs clear.", {"No Finding": M}),
    ("Mild prominence of the left hilum.", {"No Finding": M}),
    # "X (is) not found" negates, as "not seen / detected"; the consolidation of a fracture is its bony
    # healing (Fracture, no Consolidation); sternal cerclages are sternotomy wires (Support Devices);
    # aortic elongation, an atheromatous aorta, bronchopathy and hilar thickening are abnormalities
    # outside the 14 (Spanish and Portuguese templates; round pw)
    ("Pleural effusion not found. Pneumothorax is not found.",
     {"Pleural Effusion": N, "Pneumothorax": N, "No Finding": P}),
    ("Consolidation of the old fracture of the right clavicle.", {"Fracture": P, "Consolidation": M}),
    ("Rib fracture consolidation on the left.", {"Fracture": P, "Consolidation": M}),
    ("Cerclages of the sternotomy. Heart normal.", {"Support Devices": P, "Cardiomegaly": N}),
    ("Elongation of the thoracic aorta. Lungs clear.", {"No Finding": M}),
    ("Atheromatous aortic knob.", {"No Finding": M}),
    ("Signs of bronchopathy. No infiltrates.", {"No Finding": M, "Lung Opacity": N}),
    ("Bilateral hilar thickening.", {"No Finding": M}),
    # Chinese templates: "lung texture" is the lung markings ("lung texture increased and disordered":
    # Lung Opacity); a costophrenic angle that is or becomes "blunt" or "shallow" is a blunted one
    # (effusion mention); a protruding aortic knob is an abnormality outside the 14; a bare
    # "suspicious" before a finding hedges it ("suspicious small effusion" = suspected), but a
    # suspicious nodule, mass or opacity is there (suspicious for malignancy or infection), and the
    # hedge does not reach a finding named after "with", "and" or a comma (round pw)
    ("Both lungs texture increased and blurred.", {"Lung Opacity": P}),
    ("Increased pulmonary texture in the lower fields.", {"Lung Opacity": P}),
    ("Lung texture clear. Heart normal.", {"Lung Opacity": M, "No Finding": P}),
    ("The left costophrenic angle became blunt.", {"Pleural Effusion": P}),
    ("Right costophrenic angle is shallow.", {"Pleural Effusion": P}),
    ("The aortic knob protrudes slightly.", {"No Finding": M}),
    ("Suspicious right lower lobe pneumonia, review after treatment.", {"Pneumonia": U}),
    ("Suspicious left pneumothorax.", {"Pneumothorax": U}),
    ("Suspicious nodule in the left lower lobe.", {"Lung Lesion": P}),
    ("Suspicious opacity in the right middle lobe.", {"Lung Opacity": P}),
    ("Suspicious mass in the right upper lobe with a small pleural effusion.",
     {"Lung Lesion": P, "Pleural Effusion": P}),
    ("No suspicious pulmonary nodule.", {"Lung Lesion": N}),
    # German, Turkish and Japanese templates: dystelectasis is partial atelectasis (Atelectasis);
    # "X not detectable / discernible" negates; aortic sclerosis is an abnormality outside the 14; a
    # heart size or cardiothoracic ratio "in normal limits" or "within normal range" is negative; free,
    # clear or open sinuses ("both sinuses are clear", "sinus phrenicocostalis free") negate effusion
    # (the coronary sinus is not read) (round pw)
    ("Plate-like dystelectasis in the left lower field.", {"Atelectasis": P}),
    ("Pneumothorax not detectable. Infiltrates not discernible.",
     {"Pneumothorax": N, "Lung Opacity": N, "No Finding": P}),
    ("Aortic sclerosis. Lungs clear.", {"No Finding": M}),
    ("Heart size in normal limits.", {"Cardiomegaly": N}),
    ("Cardiothoracic index within normal range.", {"Cardiomegaly": N}),
    ("Both sinuses are free. No infiltrates.", {"Pleural Effusion": N, "No Finding": P}),
    ("Sinus phrenicocostalis open on both sides.", {"Pleural Effusion": N}),
    ("Biventricular pacer with a lead in the coronary sinus.", {"Support Devices": P, "Pleural Effusion": M}),
    # Korean and Japanese word order: "X, r/o" or "X R/O" after the finding hedges it, as "r/o X" before
    # it; "X, not excluded" / "X, cannot be excluded" hedge across the comma, but not from inside a
    # relative clause whose closing comma hands the cue back to its head; a fluid collection in the
    # pleural space or cavity is an effusion (round pw)
    ("Right lower lobe pneumonia, r/o.", {"Pneumonia": U}),
    ("Left effusion R/O.", {"Pleural Effusion": U}),
    ("Small right pneumothorax, not excluded.", {"Pneumothorax": U}),
    ("Aspiration, which may be masked by the effusion, cannot be excluded.", {"Pleural Effusion": P}),
    ("Fluid collection in the left pleural space.", {"Pleural Effusion": P}),
]


@pytest.mark.parametrize("report, want", _both_layouts(ROUND_PW_CASES))
def test_round_pw(report, want):
    assert _labels(report, want) == want


# Round px: reports as tables and unfilled templates (cleanup._tabular). A bracketed choice of several
# options left in names nothing definite; a single bracketed word is read as written; "{{...}}", "***" and
# "XXX" are blanks; key=value, JSON-like pairs, pipe-joined "key: value" fields and check marks are fields.
ROUND_PX_CASES = [
    ("Cardiac silhouette: [normal/mildly enlarged/markedly enlarged]. No pleural effusion.",
     {"Cardiomegaly": M, "Pleural Effusion": N, "No Finding": P}),
    ("FINDINGS: [Consolidation/atelectasis] in the left lower lobe. Heart size normal.",
     {"Consolidation": M, "Atelectasis": M, "Cardiomegaly": N, "No Finding": P}),
    ("IMPRESSION: [Mild/moderate] pulmonary edema. [No] pneumothorax.", {"Edema": P, "Pneumothorax": N}),
    ("There is a [left or right] apical pneumothorax. The heart is [not] enlarged.",
     {"Pneumothorax": P, "Cardiomegaly": N}),
    ("Pulmonary vascularity: {{vascularity}}. Lungs: {{lungs}}. [No] effusion.",
     {"Edema": M, "Pleural Effusion": N, "No Finding": P}),
    ("Enteric tube tip *** below the diaphragm. Nasogastric tube tip XXX. No pneumothorax.",
     {"Support Devices": P, "Pneumothorax": N, "No Finding": P}),
    ("Heart size=mildly enlarged; pleural effusions=none; pneumothorax=absent",
     {"Cardiomegaly": P, "Pleural Effusion": N, "Pneumothorax": N}),
    ("heart=normal|mediastinum=normal|lungs=clear|fractures=none",
     {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N, "Fracture": N, "No Finding": P}),
    ("Cardiac size: normal | Mediastinal contour: unremarkable | Effusion: small left",
     {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N, "Pleural Effusion": P}),
    ('{"cardiac_silhouette": "enlarged", "pulmonary_edema": false, "pneumothorax": "none"}',
     {"Cardiomegaly": P, "Edema": N, "Pneumothorax": N}),
    ('{"result": {"effusion": true, "consolidation": null}, "summary": "Small bilateral effusions."}',
     {"Pleural Effusion": P, "Consolidation": M}),
    ("PTX: N | Edema: Y (mild interstitial) | Effusion: N", {"Pneumothorax": N, "Edema": P, "Pleural Effusion": N}),
    ("\u2713 Heart size within normal limits \u2713 No pleural effusion \u2717 Right upper lobe opacity",
     {"Cardiomegaly": N, "Pleural Effusion": N, "Lung Opacity": P}),
    ("The lungs are clear. There is a patchy left lower lobe consolidation. No effusion.",
     {"Consolidation": P, "Pleural Effusion": N}),
    ("Heart size is normal. The cardiac silhouette is moderately enlarged since the prior study.",
     {"Cardiomegaly": P}),
    ("There is a 1.2 cm nodule in the left upper lobe [series 3, image 40]. No effusion.",
     {"Lung Lesion": P, "Pleural Effusion": N}),
    ("Interstitial edema: 0/3; pleural effusion: 2/3, right greater than left",
     {"Edema": N, "Pleural Effusion": P}),
    ("{'pneumothorax': False, 'pleural_effusion': True, 'comment': None}",
     {"Pneumothorax": N, "Pleural Effusion": P}),
    ("Heart size is at the upper limits of  normal. No effusion.", {"Cardiomegaly": N, "Pleural Effusion": N}),
    ("There is no pneumothorax | Small left effusion | Possible pneumonia at the right base",
     {"Pneumothorax": N, "Pleural Effusion": P, "Pneumonia": U}),
]


@pytest.mark.parametrize("report, want", _both_layouts(ROUND_PX_CASES))
def test_round_px(report, want):
    assert _labels(report, want) == want


# Round px cases whose line and column structure carries the meaning (tables, tab columns, marks closing a
# line), read as written only: joined into one line, a table's rows and columns are no longer known.
ROUND_PX_LINE_CASES = [
    ("| Observation | Result |\n|:--|:--|\n| Pneumothorax | None |\n| Effusion | Moderate, right |\n| Heart | Normal |",
     {"Pneumothorax": N, "Pleural Effusion": P, "Cardiomegaly": N}),
    ("Finding | Yes | No\nPulmonary edema | | X\nCardiomegaly | X |\nRib fracture | | X",
     {"Edema": N, "Cardiomegaly": P, "Fracture": N}),
    ("Feature\tPresent\tAbsent\nPneumothorax\t\t\u2713\nConsolidation\t\u2713\t",
     {"Pneumothorax": N, "Consolidation": P}),
    ("Heart\tnormal size\nPleura\tno effusion\nLungs\tclear",
     {"Cardiomegaly": N, "Pleural Effusion": N, "No Finding": P}),
    ("Lungs | Clear\nPneumothorax | No | -\nEffusion | Yes | Bilateral, small",
     {"Pneumothorax": N, "Pleural Effusion": P}),
    ("Legend: \u2713 = present, \u2717 = absent\nEdema \u2717\nPleural effusion \u2713 (small, left)\nPneumothorax \u2717",
     {"Edema": N, "Pleural Effusion": P, "Pneumothorax": N}),
    ("## Impression\n- **Heart:** Not enlarged.\n- **Pleura:** Small right effusion.",
     {"Cardiomegaly": N, "Pleural Effusion": P}),
    ("Consolidation: Y / N: N\nEffusion: Y / N: Y - trace right", {"Consolidation": N, "Pleural Effusion": P}),
    ("Pulmonary edema      No\nCardiomegaly         Yes\nPneumothorax         No",
     {"Edema": N, "Cardiomegaly": P, "Pneumothorax": N}),
    ("Consolidation ........ Absent\nPleural effusion ..... Present\n", {"Consolidation": N, "Pleural Effusion": P}),
    ("There is no  pneumothorax\nNo effusion  present", {"Pneumothorax": N, "Pleural Effusion": N}),
    ("Possible\tpneumonia at the right base.\nThere is no\tpneumothorax.\nMild\tcardiomegaly.",
     {"Pneumonia": U, "Pneumothorax": N, "Cardiomegaly": P}),
]


@pytest.mark.parametrize("report, want", ROUND_PX_LINE_CASES)
def test_round_px_lines(report, want):
    assert _labels(report, want) == want


ROUND_QA_CASES = [
    # a structured COVID-19 line whose value is the RSNA category alone names the pneumonia it grades,
    # as the spelled-out category does: typical is Pneumonia, indeterminate uncertain, negative negative
    # (round qa)
    ("COVID-19 category: typical. Peripheral opacities at both bases.",
     {"Pneumonia": P, "Lung Opacity": P}),
    ("RSNA covid classification: Indeterminate. Hazy opacity in the left lower zone.",
     {"Pneumonia": U, "Lung Opacity": P}),
    ("COVID-19 imaging category: negative. Heart size is normal.",
     {"Pneumonia": N, "Cardiomegaly": N, "No Finding": P}),
    ("Covid-19 appearance: typical, bilateral and peripheral.", {"Pneumonia": P}),
    ("Brixia score 9. Diffuse bilateral airspace opacities.", {"Pneumonia": M, "Lung Opacity": P}),
    # a verdict in its own clause on a finding that software or a first reader flagged denies it:
    # "X flagged; not confirmed", "X - not verified on review" (round qa)
    ("Computer-aided detection marked a left apical nodule; not confirmed by the reading radiologist.",
     {"Lung Lesion": N}),
    ("Automated read: right pneumothorax - not verified on the expiratory view.",
     {"Pneumothorax": N}),
    ("Software flagged an effusion on the left, not corroborated on the lateral view. Lungs are clear.",
     {"Pleural Effusion": N, "No Finding": P}),
    ("Algorithm detected a rib fracture; confirmed on review.", {"Fracture": P}),
    # a device field whose value is a state: "Lines: appropriate / satisfactory / good position" (round qa)
    ("Lines: satisfactory. Lungs: clear.", {"Support Devices": P, "No Finding": P}),
    ("Lines: acceptable position. No pneumothorax.", {"Support Devices": P, "Pneumothorax": N}),
    ("Septal lines: appropriate for age.", {"Support Devices": M}),
    # a finding's score or grade at zero grades it absent; above zero it is present; a score field that
    # names no finding names nothing (round qa)
    ("Pulmonary edema grade 0 of 3. No effusion.", {"Edema": N, "Pleural Effusion": N, "No Finding": P}),
    ("Edema score: 3/4, worse than yesterday.", {"Edema": P}),
    ("Effusion grade: none. Pneumothorax score 1/3.", {"Pleural Effusion": N, "Pneumothorax": P}),
    ("RALE score 0. Lungs clear.", {"Edema": M, "No Finding": P}),
]


@pytest.mark.parametrize("report, want", _both_layouts(ROUND_QA_CASES))
def test_round_qa(report, want):
    assert _labels(report, want) == want


# Round qb (reports that revise themselves: addenda, wet reads revised by the final read, corrections,
# attestations, several films of one day). A lucency explained as an overlapping or superimposed
# structure (scapula, companion shadow, nipple shadow), also after a long locating phrase, names no
# other abnormality, as one explained as a skin fold already did; a lucency left open stays.
ROUND_QB_CASES = [
    ("No fracture. The lucent line across the left fourth rib noted on the wet read is the overlapping "
     "edge of the scapula.", {"Fracture": N, "No Finding": P}),
    ("Lungs are clear. The lucency over the right upper chest on the frontal view represents "
     "superimposition of the medial scapular border.", {"No Finding": P}),
    ("Clear lungs. The small lucency over the left lower chest mentioned on the preliminary interpretation "
     "is a companion shadow of the rib.", {"No Finding": P}),
    ("A lucency in the left upper lobe is seen, possibly a cavity.", {"No Finding": M}),
    ("Lucency within the right humeral head, which could be overlapping bowel gas or a lytic focus.",
     {"No Finding": M}),
    # a pneumothorax (or lucency) retracted after a semicolon by "on closer inspection / on further review /
    # in retrospect, this is a skin fold (artifact, scapula, overlap)" is named by the explanation
    ("The apical line first suggested a small pneumothorax; on further review, this is a skin fold.",
     {"Pneumothorax": M, "No Finding": P}),
    ("Questioned right apical ptx; at second look it represents overlapping clothing.", {"Pneumothorax": M}),
    ("Lucency along the left chest wall; on careful inspection it is artifact from the bed sheets.",
     {"No Finding": P}),
    ("Small left pneumothorax; on closer inspection this is larger than on the prior study.",
     {"Pneumothorax": P}),
    ("Possible left apical pneumothorax; on review, the line may be a skin fold but a small pneumothorax is "
     "also possible.", {"Pneumothorax": U}),
]


@pytest.mark.parametrize("report, want", _both_layouts(ROUND_QB_CASES))
def test_round_qb(report, want):
    assert _labels(report, want) == want


# Round pz: dictation left as speech recognition typed it. Spoken punctuation and commands are punctuation
# ("period" ends a sentence, so a hedge or negation before it stops there; not "the postoperative period");
# a self-correction takes back what was said before it, unless only the place is corrected; sound-alike
# finding and device words are the finding ("consultation" only where a place, size, negation or hedge
# makes it one).
ROUND_PZ_CASES = [
    # "mess" is heard for "mass" only where a mass would stand (after a size, shape, place or side word, or
    # before its place); elsewhere it is the English word (lead review of round pz)
    ("The patient's room was a mess. The lungs are clear.", {"Lung Lesion": M, "No Finding": P}),
    ("There is a 3 cm mess in the right upper lobe.", {"Lung Lesion": P}),
    # ... and "in large" for "enlarged" not in the English "in large part"
    ("The heart is in large part obscured by the left effusion.", {"Cardiomegaly": M, "Pleural Effusion": P}),
    ("Right upper lobe mess, new since the prior study.", {"Lung Lesion": P}),
    ("Small right effusion period Pneumonia is possible period", {"Pleural Effusion": P, "Pneumonia": U}),
    ("No pneumothorax period Healed right clavicle fracture period", {"Pneumothorax": N, "Fracture": P}),
    ("Findings colon heart size normal comma no effusion new paragraph impression colon normal chest",
     {"Cardiomegaly": N, "Pleural Effusion": N, "No Finding": P}),
    ("Lines and tubes unchanged next line no pneumothorax", {"Support Devices": P, "Pneumothorax": N}),
    ("Basilar opacity open paren possibly aspiration close paren period", {"Lung Opacity": P, "Pneumonia": U}),
    ("During the postoperative period a small left effusion has developed.", {"Pleural Effusion": P}),
    ("Moderate edema comma scratch that comma mild vascular congestion without edema period", {"Edema": N}),
    ("The heart is enlarged comma no I mean the heart size is normal period", {"Cardiomegaly": N}),
    ("Left apical nodule comma delete that comma left apical skin fold period", {"Lung Lesion": M}),
    ("Effusion at the right base comma I mean the left base period", {"Pleural Effusion": P}),
    ("Collapse of the lingula scratch that of the left lower lobe", {"Atelectasis": P}),
    ("Streaky left basilar a lecture sis period", {"Atelectasis": P}),
    ("Mild bibasilar atlanta sis.", {"Atelectasis": P}),
    ("No evidence of new Mona.", {"Pneumonia": N}),
    ("Tiny left apical new Mo thorax is unchanged.", {"Pneumothorax": P}),
    ("Know a Dema.", {"Edema": N}),
    ("Eight millimeter noodle in the left lower lobe.", {"Lung Lesion": P}),
    ("Spiculated mess in the right upper lobe.", {"Lung Lesion": P}),
    ("Central lions are in satisfactory position.", {"Support Devices": P}),
    ("The cardiac silhouette is mildly in large.", {"Cardiomegaly": P}),
    ("N.G. tube has been removed.", {"Support Devices": N}),
    ("Patchy lingular consultation period", {"Consolidation": P}),
    ("Opacity at the left base comma atelectasis versus consultation period",
     {"Lung Opacity": P, "Atelectasis": U, "Consolidation": U}),
    ("Thoracic surgery consultation is recommended. No pneumothorax.", {"Consolidation": M, "Pneumothorax": N}),
    # not commands: surgery called a correction, "what I mean", a degree corrected, a mess of wires
    ("Small right effusion and spinal rods from scoliosis correction.", {"Pleural Effusion": P, "Support Devices": P}),
    ("Enlarged heart, I mean, mildly.", {"Cardiomegaly": P}),
    ("Left basilar pneumonia is what I mean by the opacity.", {"Pneumonia": P}),
    ("Pacemaker in place, with a mess of wires over the chest.", {"Lung Lesion": M, "Support Devices": P}),
    ("Mild edema, correction: no edema.", {"Edema": N}),
    ("Over a three-day period no pneumothorax has developed after the chest tube was removed.",
     {"Pneumothorax": N, "Support Devices": N}),
]


@pytest.mark.parametrize("report, want", _both_layouts(ROUND_PZ_CASES))
def test_round_pz(report, want):
    assert _labels(report, want) == want


# Round qe: abbreviations in ICU and wet-read shorthand (docs/labeler-rules.md, round qe).
ROUND_QE_CASES = [
    # PPM (permanent pacemaker) and DHT (Dobhoff tube) are support devices
    ("Left chest wall PPM, leads unchanged. Lungs clear.", {"Support Devices": P, "No Finding": P}),
    ("Single-chamber PPM in place. No effusion.", {"Support Devices": P, "Pleural Effusion": N}),
    ("DHT courses below the diaphragm, tip in the duodenum.", {"Support Devices": P}),
    ("DHT has been removed. No PTX.", {"Support Devices": N, "Pneumothorax": N}),
    # CTX / CT as chest tube only with a side or a device predicate; CT the scan and CTX the drug stay silent
    ("Left basilar CTX unchanged. Trace apical PTX.", {"Support Devices": P, "Pneumothorax": P}),
    ("Bilateral CTXs in place. No effusion.", {"Support Devices": P, "Pleural Effusion": N}),
    ("The CTX was pulled this morning; no recurrent PTX.", {"Support Devices": N, "Pneumothorax": N}),
    ("Rt CT to water seal. Small residual effusion.", {"Support Devices": P, "Pleural Effusion": P}),
    ("Left CTs removed. Lungs clear.", {"Support Devices": N}),
    ("Patient on CTX for lymphoma. Lungs clear.", {"Support Devices": M, "No Finding": P}),
    ("Nodule better seen on CT of ___. No effusion.", {"Support Devices": M}),
    ("CT chest could further evaluate. No pneumothorax.", {"Support Devices": M, "Pneumothorax": N}),
    # HTX (hemothorax) is a pleural effusion; HPTX (hydro- or hemopneumothorax) both
    ("Moderate right HTX after line placement.", {"Pleural Effusion": P}),
    ("No HTX or PTX after the thoracentesis.", {"Pleural Effusion": N, "Pneumothorax": N}),
    ("Small left HPTX, stable.", {"Pneumothorax": P, "Pleural Effusion": P}),
    ("No residual HPTX.", {"Pneumothorax": N, "Pleural Effusion": N}),
    # "fx" in the plural
    ("Old healed left rib fxs. No PTX.", {"Fracture": P, "Pneumothorax": N}),
    ("No acute fxs.", {"Fracture": N}),
    # "incr" and side comparisons before interstitial markings
    ("Incr bibasilar interstitial markings, ?early edema.", {"Lung Opacity": P, "Edema": U}),
    ("Mildly increased L>R interstitial markings.", {"Lung Opacity": P}),
    # LAD as lymphadenopathy: negated or qualified; the coronary artery and its stent are not
    ("Clear lungs. No LAD.", {"Enlarged Cardiomediastinum": N, "No Finding": P}),
    ("No effusion, PTX, or LAD.", {"Enlarged Cardiomediastinum": N, "Pleural Effusion": N, "Pneumothorax": N}),
    ("Bulky LAD, increased since ___.", {"Enlarged Cardiomediastinum": P}),
    ("No consolidation. LAD stent in place.", {"Enlarged Cardiomediastinum": M, "Support Devices": P}),
    ("Calcified LAD artery. No effusion.", {"Enlarged Cardiomediastinum": M}),
]


@pytest.mark.parametrize("report, want", _both_layouts(ROUND_QE_CASES))
def test_round_qe(report, want):
    assert _labels(report, want) == want


# Round qc: reports that went through OCR from scanned paper or faxed PDFs. Letters the scanner confuses
# ("rn" for "m", "vv" for "w", "0" for "o", "5" for "s", "1", "|", "I" and "l" for one another) in finding,
# cue and device words; a line-end hyphen kept; a modifier glued to its finding word; headers read wrong.
ROUND_QC_CASES = [
    # rn for m, vv for w
    ("Tiny apical pneurnothorax on the right.", {"Pneumothorax": P}),
    ("Interstitial ederna is slightly worse.", {"Edema": P}),
    ("The heart is enlarged; rnoderate cardiornegaly.", {"Cardiomegaly": P}),
    ("Spiculated rnass in the left apex.", {"Lung Lesion": P}),
    ("The opacity rnay represent early pneumonia.", {"Lung Opacity": P, "Pneumonia": U}),
    ("Dual-lead pacernaker in place.", {"Support Devices": P}),
    ("Lungs are clear vvithout effusion.", {"Pleural Effusion": N}),
    ("The tracheostorny tube has been rernoved.", {"Support Devices": N}),
    # digits and bars for letters
    ("No pleural effusi0n or pneumothorax.", {"Pleural Effusion": N, "Pneumothorax": N}),
    ("Retrocardiac density, 1ikely atelectasis.", {"Atelectasis": U}),
    ("Bibasilar atelectasi5 is unchanged.", {"Atelectasis": P}),
    ("A 6 mm nodu1e in the lingula.", {"Lung Lesion": P}),
    ("Smal| right effusion persists.", {"Pleural Effusion": P}),
    ("Pneumonia is not exc1uded at the right base.", {"Pneumonia": U}),
    ("Patchy c0nsolidation in the right lower lobe.", {"Consolidation": P}),
    # capital I and l confused
    ("Left lower lobe consoIidation.", {"Consolidation": P}),
    ("Small left effusion, Iikely with adjacent atelectasis.", {"Pleural Effusion": P, "Atelectasis": U}),
    ("LARGE RIGHT PLEURAL EFFUSl0N.", {"Pleural Effusion": P}),
    # a line-end hyphen kept around a misread word
    ("There is a small right pneurno-\nthorax.", {"Pneumothorax": P}),
    # a modifier glued to its finding word
    ("There is no focalconsolidation.", {"Consolidation": N}),
    ("Moderate leftpleural effusion.", {"Pleural Effusion": P}),
    # headers read wrong: the indication is still dropped, the findings still read
    ("lNDlCATION: Rule out pneumonia.\nFlNDINGS: The lungs are clear.", {"Pneumonia": M, "No Finding": P}),
    ("H1STORY: Pneumothorax.\nIMPRESS1ON: No pneumothorax.", {"Pneumothorax": N}),
    ("C0MPARISON: Prior film showing edema.\nF I N D I N G S: The heart is normal in size.",
     {"Edema": M, "Cardiomegaly": N}),
    # ordinary words are not findings: "rn", "cl", "i" and "l" in real English words
    ("Patient to return for a modern learning pattern study. Clear lungs.", {"No Finding": P, "Lung Lesion": M}),
    ("Internal fixation hardware in the clavicle is unchanged. Lungs are clear.",
     {"Pneumothorax": M, "Pleural Effusion": M}),
]


@pytest.mark.parametrize("report, want", _both_layouts(ROUND_QC_CASES))
def test_round_qc(report, want):
    assert _labels(report, want) == want


# Round qf (80 reports written blind, weighted to what chat assistants and vision-language models write when
# asked for a chest X-ray report): questions and their answers, definitions of terms, lay terms paired with the
# clinical ones, a limit of the modality, JSON-like fields one a line, "it is possible that there is"
ROUND_QF_CASES = [
    # a question answered yes or no says its words as a statement; the question alone says nothing
    ("Is there a pleural effusion? No.", {"Pleural Effusion": N, "No Finding": P}),
    ("Is there any pneumothorax? Yes, small, on the left.", {"Pneumothorax": P}),
    ("Are there signs of pulmonary edema? None seen.", {"Edema": N}),
    ("Is the heart enlarged? Yes.", {"Cardiomegaly": P}),
    ("Is the mediastinum widened? No. The lungs are clear.", {"Enlarged Cardiomediastinum": N}),
    ("Q: Any consolidation?\nA: No.", {"Consolidation": N}),
    ("Question: Is there atelectasis?\nAnswer: Yes - mild, at the left base.", {"Atelectasis": P}),
    ("Question: Does this X-ray show pneumonia?\nResponse: I cannot be certain; there is a faint opacity at the"
     " right base that may be early pneumonia.", {"Pneumonia": U, "Lung Opacity": P}),
    ("Is there a pneumothorax? The lungs are fully expanded with no pneumothorax.", {"Pneumothorax": N}),
    ("Could this be pneumonia?\nA: No, the lungs are clear.", {"Pneumonia": N}),
    # a question left unanswered asks, it does not hedge
    ("Is there a pleural effusion? The heart size is normal.", {"Pleural Effusion": M, "Cardiomegaly": N}),
    ("What is a pneumothorax? There is none on this film. The lungs are clear.", {"Pneumothorax": M}),
    # near misses: a radiologist's question mark still hedges, and a clinical question is still dropped
    ("? small left pleural effusion.", {"Pleural Effusion": U}),
    ("Pneumonia? Patchy right basilar opacity.", {"Pneumonia": U, "Lung Opacity": P}),
    ("QUESTION: Pneumothorax?\nFINDINGS: No pneumothorax.", {"Pneumothorax": N}),
    # a definition of a term says nothing of the film
    ("Atelectasis is a partial collapse of the lung. None is seen here.", {"Atelectasis": M}),
    ("No pneumothorax (a pneumothorax is air in the chest outside the lung).", {"Pneumothorax": N}),
    ("Pneumonia is an infection of the lung tissue; the lungs here are clear.", {"Pneumonia": M}),
    # near misses: a finding said to be a collection or an area stays a finding
    ("The right effusion is a loculated collection.", {"Pleural Effusion": P}),
    ("Pneumonia is a consideration at the left base.", {"Pneumonia": U}),
    # a limit of any chest film is no statement of this one; this film's limits are
    ("A chest radiograph cannot reliably exclude a small pneumothorax.", {"Pneumothorax": M}),
    ("Note: X-rays may not show early pneumonia; consult your physician.", {"Pneumonia": M}),
    ("This film cannot exclude a small pneumothorax.", {"Pneumothorax": U}),
    # lay terms: fluid around the lungs is a pleural effusion, an air leak around the lung a pneumothorax
    ("There is some fluid around the right lung.", {"Pleural Effusion": P}),
    ("No fluid collecting around either lung.", {"Pleural Effusion": N}),
    ("There may be a little fluid around the left lung.", {"Pleural Effusion": U}),
    ("No air leak around the lungs.", {"Pneumothorax": N}),
    ("A small air leak around the left lung is suspected.", {"Pneumothorax": U}),
    ("Air trapped outside the right lung (pneumothorax) has increased.", {"Pneumothorax": P}),
    # near misses: fluid around the heart, and fluid in the lungs, are no pleural effusion
    ("A little fluid around the heart (pericardial effusion).", {"Pleural Effusion": M}),
    ("Chest tube air leak persists.", {"Pneumothorax": M}),
    # a lay "collapsed lung" paired with "(pneumothorax)" is the pneumothorax, not atelectasis
    ("No collapsed lung (pneumothorax).", {"Pneumothorax": N, "Atelectasis": M}),
    ("Partially collapsed lung (pneumothorax) on the right.", {"Pneumothorax": P, "Atelectasis": M}),
    ("Partially collapsed lung (atelectasis) at the right base.", {"Atelectasis": P}),
    # "not fully open (atelectasis)" describes the collapse
    ("The lower parts of both lungs are not fully expanded (atelectasis).", {"Atelectasis": P}),
    ("The lungs are not fully expanded.", {"Atelectasis": M}),
    # the heart in lay words
    ("Your heart is a normal size.", {"Cardiomegaly": N}),
    ("The heart looks normal in size.", {"Cardiomegaly": N}),
    # JSON-like fields one a line, without braces
    ('"Pneumothorax": "not present"\n"Heart size": "normal"', {"Pneumothorax": N, "Cardiomegaly": N}),
    ('"Pleural effusion": "small, right"\n"Support devices": "none"', {"Pleural Effusion": P, "Support Devices": N}),
    # "it is possible that there is X": the hedge is on X
    ("It is possible that there is a small right pleural effusion.", {"Pleural Effusion": U}),
    ("It is likely that there are bibasilar atelectatic changes.", {"Atelectasis": U}),
    ("It is unlikely that there is a pneumothorax.", {"Pneumothorax": N}),
]


@pytest.mark.parametrize("report, want", _both_layouts(ROUND_QF_CASES))
def test_round_qf(report, want):
    assert _labels(report, want) == want


# Round qg: the MIMIC-III (NOTEEVENTS) radiology banner - date stamp, title, "Clip # [**Clip Number (Radiology)
# N**]", the order's "Reason:" and "Admitting Diagnosis:", the MEDICAL CONDITION box, "(Over)" / "(Cont)" page
# banners - is dropped whole; what the radiologist reports is read (docs/labeler-rules.md, round qg).
_QG_BAR = "_" * 40
ROUND_QG_CASES = [
    # the order's fields name what was asked, not what was seen
    ("[**2160-2-3**] 7:15 AM CHEST (PORTABLE AP) Clip # [**Clip Number (Radiology) 70231**] Reason: r/o pneumonia "
     "Admitting Diagnosis: FEVER " + _QG_BAR + " FINAL REPORT PORTABLE AP CHEST: No focal consolidation. Lungs clear.",
     {"Pneumonia": M, "Consolidation": N, "No Finding": P}),
    ("[**2160-2-4**] 9:40 PM CHEST (PA & LAT) Clip # [**Clip Number (Radiology) 70388**] Reason: eval for chf "
     "Admitting Diagnosis: CONGESTIVE HEART FAILURE " + _QG_BAR + " FINAL REPORT CHEST, TWO VIEWS: The heart is "
     "not enlarged. No pulmonary edema.", {"Edema": N, "Cardiomegaly": N, "No Finding": P}),
    # ... while the findings after it are read as they are: asserted, hedged, negated
    ("[**2160-2-5**] 3:05 PM CHEST (PORTABLE AP) Clip # [**Clip Number (Radiology) 70412**] Reason: ? ptx "
     "Admitting Diagnosis: S/P FALL " + _QG_BAR + " FINAL REPORT PORTABLE AP CHEST: A small left apical "
     "pneumothorax is present. Fractures of two left ribs.", {"Pneumothorax": P, "Fracture": P}),
    ("[**2160-2-6**] 1:20 AM CHEST (PORTABLE AP) Clip # [**Clip Number (Radiology) 70555**] Reason: fever "
     "Admitting Diagnosis: SEPSIS " + _QG_BAR + " FINAL REPORT PORTABLE AP CHEST: Hazy left basilar opacity; "
     "pneumonia cannot be excluded.", {"Lung Opacity": P, "Pneumonia": U, "No Finding": M}),
    # the order box between the two rows ([**Hospital**] MEDICAL CONDITION / REASON FOR THIS EXAMINATION)
    ("[**2160-3-1**] 10:02 AM CHEST (PA & LAT) Clip # [**Clip Number (Radiology) 71002**] Reason: mass? "
     "Admitting Diagnosis: LUNG NODULE " + _QG_BAR + " [**Hospital 12**] MEDICAL CONDITION: 70 year old man with "
     "a lung nodule and an effusion REASON FOR THIS EXAMINATION: interval change No contraindications for IV "
     "contrast " + _QG_BAR + " FINAL REPORT CHEST (PA & LAT): The lungs are clear. No effusion.",
     {"Lung Lesion": M, "Pleural Effusion": N, "No Finding": P}),
    # lower-cased as some pipelines store it
    ("[**2160-3-2**] 4:44 pm chest (portable ap) clip # [**clip number (radiology) 71100**] reason: eval for "
     "atelectasis admitting diagnosis: hip fracture " + _QG_BAR + " [**hospital 12**] medical condition: 80 year "
     "old woman after hip orif reason for this examination: atelectasis " + _QG_BAR + " final report portable ap "
     "chest: the lungs are clear.", {"Atelectasis": M, "Fracture": M, "No Finding": P}),
    # the de-identification brackets already stripped
    ("2160-3-3 8:00 AM CHEST (PORTABLE AP) Clip # Clip Number (Radiology) 71222 Reason: r/o effusion "
     "Admitting Diagnosis: CIRRHOSIS " + _QG_BAR + " FINAL REPORT PORTABLE AP CHEST: Moderate right pleural "
     "effusion.", {"Pleural Effusion": P}),
    # a banner with no underscore row ends at FINAL REPORT
    ("[**2160-3-4**] 6:30 AM CHEST (PORTABLE AP) Clip # [**Clip Number (Radiology) 71300**] Reason: r/o chf "
     "FINAL REPORT PORTABLE AP CHEST: The heart is mildly enlarged.", {"Edema": M, "Cardiomegaly": P}),
    # a page banner repeated mid-report: its Reason is not read, and the sentence it cut joins again
    ("[**2160-4-1**] 5:10 PM CHEST (PORTABLE AP) Clip # [**Clip Number (Radiology) 72001**] Reason: eval for "
     "effusion " + _QG_BAR + " FINAL REPORT PORTABLE AP CHEST: The nasogastric tube ends in the stomach. There "
     "is no (Over) [**2160-4-1**] 5:10 PM CHEST (PORTABLE AP) Clip # [**Clip Number (Radiology) 72001**] Reason: "
     "eval for effusion " + _QG_BAR + " FINAL REPORT (Cont) pleural effusion.",
     {"Pleural Effusion": N, "Support Devices": P, "No Finding": P}),
    ("[**2160-4-2**] 2:25 AM CHEST (PORTABLE AP) Clip # [**Clip Number (Radiology) 72100**] Reason: pna? "
     + _QG_BAR + " FINAL REPORT PORTABLE AP CHEST: The right lower lobe opacity is (Over) [**2160-4-2**] 2:25 AM "
     "CHEST (PORTABLE AP) Clip # [**Clip Number (Radiology) 72100**] Reason: pna? " + _QG_BAR + " FINAL REPORT "
     "(Cont) unchanged, possibly pneumonia.", {"Lung Opacity": P, "Pneumonia": U}),
    # near misses: a clip that is no radiology clip number, and findings in a report without the banner
    ("Aneurysm clip # 2 projects over the neck. Reason: not stated. Small left pleural effusion.",
     {"Pleural Effusion": P}),
    ("Surgical clips #1-3 in the right upper quadrant. Mild cardiomegaly. No pneumonia.",
     {"Cardiomegaly": P, "Pneumonia": N}),
]


@pytest.mark.parametrize("report, want", _both_layouts(ROUND_QG_CASES))
def test_round_qg(report, want):
    assert _labels(report, want) == want


# Round qh (80 reports written blind, weighted to the Stanford / CheXpert Plus layout and other US academic
# centres): an organ header over an enlarged heart, a lung transplant, a SUMMARY line's triage code
ROUND_QH_CASES = [
    # an organ header over an enlarged heart: "HEART AND MEDIASTINUM: Enlarged cardiac silhouette" is the
    # heart's enlargement; the predicate word before a heart noun is that noun's adjective, not the mediastinum's
    ("HEART AND MEDIASTINUM: Mildly enlarged cardiac silhouette, unchanged.",
     {"Cardiomegaly": P, "Enlarged Cardiomediastinum": M}),
    ("Heart and mediastinum: enlarged heart; no mediastinal widening.",
     {"Cardiomegaly": P, "Enlarged Cardiomediastinum": N}),
    ("HEART AND MEDIASTINUM: Possibly enlarged cardiac silhouette, exaggerated by AP technique.",
     {"Cardiomegaly": U, "Enlarged Cardiomediastinum": M}),
    ("Heart and mediastinum: the cardiac silhouette is not enlarged.",
     {"Cardiomegaly": N, "Enlarged Cardiomediastinum": M}),
    # near misses: the mediastinum's own enlargement is still read
    ("HEART AND MEDIASTINUM: Enlarged cardiomediastinal silhouette.",
     {"Cardiomegaly": P, "Enlarged Cardiomediastinum": P}),
    ("Heart and mediastinum: enlarged.", {"Cardiomegaly": P, "Enlarged Cardiomediastinum": P}),
    ("HEART AND MEDIASTINUM: Normal heart size. The superior mediastinum is widened.",
     {"Cardiomegaly": N, "Enlarged Cardiomediastinum": P}),
    # a lung transplant is an abnormality outside the 14: No Finding stays off (round nu)
    ("Status post bilateral lung transplantation. Lungs are clear. No effusion or pneumothorax.",
     {"No Finding": M, "Pleural Effusion": N, "Pneumothorax": N}),
    ("Left single lung transplant; the transplanted lung is clear.", {"No Finding": M}),
    # near misses: a transplant evaluation, or another organ's transplant, is no lung transplant on the film
    ("Lung transplant evaluation. The lungs are clear. Heart size is normal.",
     {"No Finding": P, "Cardiomegaly": N}),
    ("Pre-lung transplant workup: no acute cardiopulmonary process.", {"No Finding": P}),
    ("Renal transplant recipient. The lungs are clear.", {"No Finding": P}),
    # a SUMMARY line's triage code names no observation and describes no abnormality
    ("IMPRESSION: No acute cardiopulmonary process.\nSUMMARY:\n2-ABNORMAL, PREVIOUSLY REPORTED",
     {"No Finding": P}),
    ("FINDINGS: Clear lungs. No pneumothorax. SUMMARY: 4-SIGNIFICANT ABNORMALITY, ATTN NEEDED",
     {"No Finding": P, "Pneumothorax": N}),
    ("IMPRESSION: Small left pleural effusion. SUMMARY: 3-POSSIBLE SIGNIFICANT ABNORMALITY, ATTN NEEDED",
     {"Pleural Effusion": P, "No Finding": M}),
    ("IMPRESSION: No acute process. Mild degenerative change of the spine.\nSUMMARY: 1-NORMAL",
     {"No Finding": M}),
    # near misses: a summary in words is read
    ("SUMMARY: Abnormal widening of the mediastinum.", {"Enlarged Cardiomediastinum": P}),
    ("Summary: an abnormality at the left apex, possibly scarring.", {"No Finding": M}),
    ("Summary: 1. Small right effusion. 2. No pneumothorax.", {"Pleural Effusion": P, "Pneumothorax": N}),
]


@pytest.mark.parametrize("report, want", _both_layouts(ROUND_QH_CASES))
def test_round_qh(report, want):
    assert _labels(report, want) == want


# Round qi (80 reports written blind, weighted to findings stated through numbers and measurements): a size
# between the heart or mediastinum and its predicate, a bare mediastinal width under 8 cm, a size set off by
# commas before the verb
ROUND_QI_CASES = [
    # a measurement between the organ and its predicate is read past: the organ "is" that predicate
    ("The mediastinum measures 6.5 cm at the aortic arch, within normal limits.", {"Enlarged Cardiomediastinum": N}),
    ("Mediastinal width of 7.5 cm, normal for a portable film.", {"Enlarged Cardiomediastinum": N}),
    ("The heart measures 14 cm in transverse diameter, upper limits of normal.", {"Cardiomegaly": N}),
    ("The heart measures 13 cm across, normal.", {"Cardiomegaly": N}),
    ("Transverse cardiac diameter 17 cm, markedly enlarged.", {"Cardiomegaly": P}),
    ("Mediastinal width 10 cm, widened.", {"Enlarged Cardiomediastinum": P}),
    # negated and hedged predicates after the measurement
    ("The heart measures 13 cm, not enlarged.", {"Cardiomegaly": N}),
    ("Heart size 15 cm, possibly enlarged.", {"Cardiomegaly": U}),
    ("Mediastinal width 9 cm, probably widened.", {"Enlarged Cardiomediastinum": U}),
    # a bare mediastinal width under 8 cm is normal in width (as a bare CTR under 0.5 is a normal heart)
    ("Heart size normal, mediastinum 7 cm.", {"Cardiomegaly": N, "Enlarged Cardiomediastinum": N}),
    ("Mediastinal width 6.5 cm at the aortic knob. Lungs clear.", {"Enlarged Cardiomediastinum": N}),
    # near misses: a larger or compared width is left as written, a mass's size is the mass's
    ("Mediastinum 9.5 cm.", {"Enlarged Cardiomediastinum": M}),
    ("Mediastinal width 6 cm, previously 9 cm.", {"Enlarged Cardiomediastinum": M}),
    ("Mediastinal width 7.5 cm, increased from 6 cm on the prior film.", {"Enlarged Cardiomediastinum": M}),
    ("The mass in the mediastinum measures 6 cm, unchanged.", {"Enlarged Cardiomediastinum": P}),
    ("Anterior mediastinal mass, 6 cm, unchanged.", {"Enlarged Cardiomediastinum": P}),
    # a size set off by commas before the verb is an aside: the cue after it reaches the finding
    ("The nodule seen on the chest CT, 6 mm, is not visible radiographically.", {"Lung Lesion": N}),
    ("Pneumothorax, 3 mm, is no longer seen.", {"Pneumothorax": N}),
    ("The nodule, 7 mm, is not well seen on this radiograph.", {"Lung Lesion": U}),
    ("The pneumothorax, 2 cm, has resolved after tube placement.", {"Pneumothorax": N}),
    # near misses: an aside before no verb, and a size that a negated comparison follows, stay positive
    ("The nodule, 8 mm, is unchanged.", {"Lung Lesion": P}),
    ("Small left apical pneumothorax, measuring 5 mm, not present on the prior study.", {"Pneumothorax": P}),
]


@pytest.mark.parametrize("report, want", _both_layouts(ROUND_QI_CASES))
def test_round_qi(report, want):
    assert _labels(report, want) == want
