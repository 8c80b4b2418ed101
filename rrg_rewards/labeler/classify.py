"""Stage 3: decide whether each mention is negated, uncertain or positive.

Rules (cue lists in ``phrases/cues.json``):

* A mention's scope is its clause: it ends at scope breakers ("but", "however", "which",
  ";", ", there ...") and at the sentence end. Commas and "or"/"and"/"nor" do not end the
  scope, so "no pneumothorax, effusion or consolidation" negates all three.
* Before the mention, the nearest cue decides: a negation cue ("no", "without", "negative for",
  "resolution of", "no new") makes it negative, an uncertainty cue ("may", "possible",
  "cannot exclude", "versus") uncertain, unless words between cue and mention show that a new
  statement began ("no change in the effusion", "no pneumothorax and the heart is enlarged":
  verbs, "change", "stable", ... block the cue) or the gap is longer than a few words. A
  negation cue before an uncertainty cue wins ("no findings to suggest pneumonia").
* After the mention, a cue within a few words, with no comma between, decides when no cue
  came before: "is not seen", "has resolved", "has been removed" negate; "cannot be excluded",
  "is suspected", "versus", "?" make it uncertain.
* A hedge before a finding that the next words explain ("hard to say whether the opacity
  represents aspiration") is about the explanation: the finding is judged by what follows it.
  Cues reach across an "including ..." aside ("infection, including aspiration, cannot be
  excluded") and reach the findings it lists.
* Two findings of different observations joined by "/" or "and/or" ("atelectasis/pneumonia",
  "infiltrate and/or small effusion") are alternatives: a positive one becomes uncertain.
  Devices are left alone ("ETT/NGT"), and so are a descriptive opacity beside a diagnosis
  ("atelectasis/airspace disease") and a finding paired with a word that names no observation
  ("atelectasis/scar").
* A finding in a clause about an earlier study ("compared to the prior study, which showed a
  pneumothorax, ...") is not reported on this one: it is left unmentioned.
* "Normal structure" statements ("heart size is normal") are negative.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from functools import reduce
from operator import or_

from .extract import _WORD_RE as _TOKEN_RE
from .extract import OBSERVATIONS
from .extract import (Mention, _WordMasks, alternation, load_phrases, match_starts, required_literals,
                      word_boundary)

POSITIVE, NEGATIVE, UNCERTAIN = 1, 0, -1

_WORD_RE = re.compile(r"[a-z0-9_]+")
_MAX_REACH = 400  # characters; longer than any cue's word limit allows
# a "without" phrase inside a subject, then the subject's own verb: the negation ends with the
# phrase ("bibasilar opacities without consolidation most likely reflect atelectasis") (round nm)
_WITHOUT_THEN_VERB_RE = re.compile(r"\b(?<!may )(?<!might )(?<!could )(?<!would )(?<!to )(?<!that )(?<!which )(?:(?:most |more )?(?:likely|probably|possibly|presumably) )?(?:reflect|represent)s?\b")
# "previously seen/noted X" describes X, it does not start a new statement
_PREVIOUSLY_RE = re.compile(r"\b(?:previously|prior|recently) (?:seen|noted|described|demonstrated|identified|visualized|reported)\b")
# a comma or one of these between a mention and a later cue: the cue is about something else
# ("the enteric tube tip is not visualized": the tip, not the tube)
# a templated field whose value says the finding is absent: "Pneumothorax: none", "Effusion: no"
# (the colon ends the clause, so the post-mention cues never see the value)
# (round nt: the value may say how it was looked for, "Pneumothorax: none seen", and the field may be
# the question it answers, "r/o PTX: none seen", "? aspiration: no definite", read before the cues)
# (round pe: a value resolved or cleared, "n/a", a bare "-"; a graded value's aside, "Edema: none (grade
# 0/3)"; a field split by side with every side absent, "Pneumothorax: right none, left none", as
# cleanup.form_fields joins it, or "PTX (R/L): none/none")
_ABSENT_VALUE = (r"(?:(?:none|nothing)(?: (?:seen|identified|present|visible|visualized|evident|noted|detected|demonstrated))?"
                 r"|absent|negative|no(?: definite| evidence)?|nil|resolved|cleared|n/a|-(?![\w/+-])"
                 r"|not (?:seen|present|identified|visualized|evident|detected|demonstrated))")
_FIELD_ABSENT_RE = re.compile(r": ?-(?![\w/+-])(?= *[a-z][a-z /()]{1,30}: )"  # "PTX: - Effusion: +", a joined cell
                              r"|: ?(?:" + _ABSENT_VALUE + r"|(?:none|no|absent|negative|-)/(?:none|no|absent|negative|-)"
                              r"|(?:right|left|bilateral) " + _ABSENT_VALUE
                              + r",? (?:and )?(?:right|left) " + _ABSENT_VALUE + r")(?: *\([^()]{0,40}\))?(?= *(?:$|[.;,]))")
# a field set off by a dash with a yes/no value: "Cardiomegaly - no", "Mediastinal widening - no" (round pe)
_DASH_FIELD_ABSENT_RE = re.compile(r"[a-z/() ]{0,30}? [-\u2013] (?:no|none|absent|negative)(?= *(?:$|[.;,]))")
# a field left blank: "Pneumothorax:" followed by the next field, "Fractures: ___" (round pe): no
# statement about the finding (a side or place after the colon is the value's start: "Pneumothorax:
# right apical: small" is not blank)
_FIELD_BLANK_RE = re.compile(r": ?(?:___ *)?(?:$|(?!(?:right|left|bilateral|both|upper|lower|mid|apical|basal|basilar|small|large|moderate|mild|trace|tiny)\b)[a-z][a-z /()]{1,30}: )")
# a templated field whose value is a hedge: "Consolidation: possible", "Effusion: cannot be excluded"
_FIELD_HEDGED_RE = re.compile(r": ?(?:possible|possibly|probable|probably|questionable|equivocal|suspected|likely"
                              r"|(?:cannot|can not|could not) be (?:entirely |completely )?(?:excluded|ruled out)"
                              r"|not (?:entirely |completely )?(?:excluded|ruled out)|\?)(?=$|[ .;,])")
# "the tip of the PICC is not well seen": what follows is about the tip (or course) of a device,
# not about whether the device is there
# (round oi: "the cause / etiology of the collapse is not identified" judges the cause, not the finding)
_PART_OF_RE = re.compile(r"\b(?:tip|tips|end|distal end|course|position|location|cause|etiology|(?:distal|proximal) (?:aspect|portion|part|tip)) of (?:the |a |an )?(?:[a-z-]+ ){0,2}$")
# "patchy opacities at the right base, which have cleared": a "which" clause saying the finding it
# follows is gone (the "which" breaker lets such a clause through, cues.json; round pk)
_WHICH_GONE_GAP_RE = re.compile(r"(?: (?!(?:and|or|nor|with|but|no|not)\b)[a-z-]+){0,6}, which ?")
_WHICH_GONE_CUE_RE = re.compile(r"\s*(?:(?:has|have) (?:(?:since|now|completely|entirely|fully|subsequently) )?"
                                r"(?:resolved|cleared|disappeared)|(?:is|are) no longer \w+)")
# an explanation between a mention and a later cue: the cue judges the explanation ("opacities left
# lung base may represent atelectasis versus scarring": the opacity is there, its cause uncertain;
# a dash introduces one as a comma does: "left basilar opacity - atelectasis?")
# (round om: "suggests / indicates" explain too: in "the left basal opacity suggests collapse versus
# infection" the opacity is there)
_POST_GAP_BLOCK_RE = re.compile(r",| -+ |(?<![a-z])(?:with|there|which|and the|and there|noting|tip|tips|end"
                                r"|represents?|representing|reflects?|reflecting|due to|secondary to|related to"
                                r"|suggests?|suggesting|indicates?|indicating)(?![a-z])")
# an event after the finding: a removal after "after" or "following" is the event, not the
# finding's ("the pneumothorax has improved following removal of the chest tube", "the effusion has
# decreased after removal of 1 L": the tube and the fluid were removed, the finding is still there)
# ("after chest tube removal", "following pigtail catheter removal": the device named before the
# noun was removed)
# a question about how a finding changed ("hard to say whether the effusion has grown", "impossible
# to assess whether the loculated effusion has shifted") asks about the change of a finding that is
# there, as "whether the effusion has grown is hard to judge" does (round od)
_WHETHER_CUE_RE = re.compile(r"(?<![a-z])(?:whether|if)(?![a-z])")
# "unclear whether the effusion is due to pneumonia": the question is the explanation, which the
# subject's own "is" would otherwise stop the hedge from reaching
_WHETHER_EXPLAINED_GAP_RE = re.compile(
    r" (?:(?:the|this|these|that|an?) )?(?:[a-z-]+ ){1,4}?(?:(?:is|are|was|were|may be|might be|could be) )?"
    r"(?:due to|secondary to|related to|caused by|from|represents?|reflects?) (?:(?:an?|the) )?(?:[a-z-]+ ){0,2}")
_WHETHER_CHANGE_RE = re.compile(
    r"(?:\s+[a-z-]+){0,6}?\s+(?:has|have|had|is|are|was|were)\s+(?:(?:[a-z]+ly|been|become|now)\s+){0,2}"
    r"(?:grown|increased|decreased|changed|shifted|enlarged|progressed|improved|worsened|moved|"
    r"re-?accumulated|evolved|larger|smaller|bigger|unchanged|stable)(?![a-z])")
# "versus" after a finding offers an alternative to the finding right before it: in "large effusion
# and left lower lobe atelectasis versus consolidation" the effusion, named before "and" another
# finding, is not the one in doubt (round od)
_VERSUS_RE = re.compile(r"(?<![a-z])(?:versus|vs)(?![a-z])")
_AND_GAP_RE = re.compile(r"(?<![a-z])and(?![a-z])")
_POST_EVENT_RE = re.compile(r"(?<![a-z])(?:after|following|since) (?:the |its )?(?:[a-z-]+ ){0,3}?removals?(?![a-z])")
# a verb cue that ends a clause ("since the catheter was removed, air has reaccumulated", "once the
# tube was removed, ..."): the removal or resolution is the subject's, not the next finding's
_CLAUSE_END_CUE_RE = re.compile(r"(?:resolved|removed|cleared|withdrawn)$")
# an aside saying on which study a finding was seen, between the finding and its later cue ("the
# nodular opacity in the left lower lobe seen on the prior study has resolved"): it does not count
# toward the cue's reach (the cue is about the finding)
_SEEN_BEFORE_RE = re.compile(r"\b(?:(?:previously|prior|recently|earlier) (?:seen|noted|described|demonstrated|identified"
                             r"|visualized|reported|present)|(?:seen|noted|described|demonstrated|identified|present)"
                             r" (?:previously|before|earlier|formerly|on (?:the )?(?:prior|previous|earlier)(?: (?:study|exam|examination|radiograph|film))?"
                             # (a bare "seen on prior", MIMIC-CXR's shorthand for the prior study; round pr)
                             r"|on (?:the )?priors))\b")
_SEEN_ON_RE = re.compile(r"\b(?:(?:previously|initially|first) )?(?:seen|noted|described|demonstrated|identified|imaged|visible"
                         r"|present|evident|shown) (?:on|in) (?:the |a )?(?:(?:prior|previous|earlier|preceding|last|recent"
                         r"|initial|outside|preoperative|admission) )?(?:[a-z_-]+ ){0,3}(?:study|exam|examination"
                         r"|radiographs?|films?|ct|imaging|x-rays?|___)(?: (?:of|from|dated|on) [a-z_-]+)?(?![a-z])")
_SEEN_ON_CLOSED_RE = re.compile(r" " + _SEEN_ON_RE.pattern + r"(?: [a-z0-9-]+){0,5}, ?")
# where a finding lies, right after the finding and before its cue ("pneumonia in the right upper
# and lower lobes is possible", "the opacity in the right middle and lower lobes has resolved"): the
# place does not count toward the cue's reach (the cue is about the finding); only when nothing but
# the place lies between ("an opacity in the right lower lobe may be a pneumonia versus a mass": the hedge is about
# what follows; "the tube is in the right lower lobe bronchus and should be removed")
_PLACE_RE = re.compile(r" ?(?:in|at|within|involving) (?:the |both )?(?:(?:right|left|bilateral|upper|middle|mid|lower"
                       r"|and|lung|lungs|lobe|lobes|lingula|base|bases|apex|apices|zone|zones|field|fields|perihilar"
                       r"|retrocardiac|infrahilar|suprahilar|basilar|apical|lateral|medial|posterior|anterior|region"
                       r"|segment|segments|portion)(?: |$))+")
# the finding and a "with" phrase as the subject of a predicate hedge: "pneumonia with reactive nodes is
# also possible", "edema with small effusions cannot be excluded" (the hedge is on the whole subject;
# round pf)
_WITH_SUBJECT_GAP_RE = re.compile(r" with (?:[a-z-]+ ){0,3}[a-z-]+ ")
_PREDICATE_CUE_RE = re.compile(r" ?(?:is|are|was|were|remains?|(?:would|could|may|might) (?:also )?be|can ?not"
                               r"|could not)(?![a-z])")
# the finding's cause between a finding and a hedge on its existence ("consolidation due to infection
# is not excluded"): the hedge is about the finding with its cause, not about the cause alone (not for
# a descriptive opacity, which is there whatever its cause)
_CAUSE_GAP_RE = re.compile(r" ?(?:due to|secondary to|related to|from) (?:[a-z-]+ ){0,2}[a-z-]+ ?")
_EXCLUSION_CUE_RE = re.compile(r"exclud|ruled? out")
# a parenthesised aside between a finding and its cue ("a nodule (series 2, image 45) is not seen"):
# it neither counts toward the cue's reach nor blocks it
_PAREN_ASIDE_RE = re.compile(r" ?\([^()]{0,80}\)")
# a parenthesis after a finding that opens with its own word, or with a question on its own word
# ("(?mass vs round pneumonia)"): its hedges are its own (round pl)
_PAREN_OPEN_RE = re.compile(r"\??[a-z][a-z-]*")
# ... unless that word is a cue, a size or a side note about the finding before it
_PAREN_KEEP_RE = re.compile(r"(?:vs|versus|or|and/or|possibl[ey]|probabl[ey]|likely|questionabl[ey]|question|suspected"
                            r"|suspicious|concerning|worrisome|cannot|can not|could|may|might|not|no|unlikely"
                            r"|presumabl[ey]|presumed|equivocal|uncertain|indeterminate|if|vs\.)(?![a-z])")
# a circumstance between a finding and its later cue: "in the setting of low lung volumes"
_SETTING_RE = re.compile(r"\bin (?:the|this) (?:clinical )?(?:setting|context) of (?:[a-z-]+ ){0,4}[a-z-]+")
# the patient described between a finding and its cue: "aspiration in this patient with dysphagia could
# have a similar appearance" (the cue is about the aspiration; the "with" names the patient's
# condition and starts no new finding, round nd)
_PATIENT_GAP_RE = re.compile(r" ?(?:in|for) (?:this|a|the|an) (?:[a-z-]+ )?(?:patient|individual)(?: (?:with|who has"
                             r"|who had|on|after|following) (?:[a-z-]+ ){0,3}[a-z-]+)? ?")
# an aside saying where a finding was raised before, between the finding and its cue: "a left
# apical pneumothorax, questioned on the preliminary read, is not seen" (the cue is about the finding),
# or where it lies ("the pneumothorax, located at the apex, is no longer seen", round oh)
_RAISED_ASIDE_RE = re.compile(r"^, (?:as )?(?:previously |initially |first )?(?:questioned|seen|noted|described|reported"
                              r"|suggested|raised|mentioned|suspected|present|visible|evident|identified|demonstrated"
                              r"|located|situated|lying)"
                              r" (?:on|in|at|along|within|by|after|following|since|before|prior to) [^,;]{1,50},")
# an aside listing examples between a finding and its cue: "infection, including aspiration, cannot
# be excluded" (the cue reaches across it, and reaches the listed findings too)
_ASIDE_RE = re.compile(r"^,? (?:including|such as|especially|particularly|notably|e ?g) [^,;]{1,60}?(?:,|(?= (?:cannot|can not|could not) be (?:[a-z]+ly )?(?:excluded|ruled out)))"
                       # or a place singled out, closed without a comma: "an infiltrate, particularly
                       # on the left cannot be excluded" (the cue is about the finding; round og)
                       r"|^, (?:especially|particularly|notably) (?:on|in|at|of) (?:the )?(?:(?:right|left|bilateral|upper"
                       r"|middle|mid|lower|lung|lungs|lobe|lobes|base|bases|apex|apices|side|sides|zone|zones"
                       r"|lingula|retrocardiac|perihilar|basilar)(?: |$))+")
# a ranked alternative set off by commas after a finding: "aspiration or, less likely, hemorrhage
# could have this appearance" (the cue after the alternative is about both; round nm)
_RANKED_ALTERNATIVE_RE = re.compile(r" or, (?:much |far )?(?:less|more|most) (?:likely|probably),")
_ASIDE_WORDS_RE = re.compile(r"\b(?:including|such as|especially|particularly|notably|e ?g)\b")
_ASIDE_START_RE = re.compile(r"\b(?:including|such as|especially|particularly|notably|e ?g) [^,;]{0,60}$")
# "the prior study, which showed a large effusion": the finding belongs to the earlier study and is
# not reported on this one (it is left unmentioned; the next clause says what holds now)
_EARLIER_STUDY_RE = re.compile(
    r"(?:\b(?:prior|previous|earlier|last|outside|preceding|recent) (?:[a-z-]+ ){0,3}"
    r"(?:study|exam|examination|radiographs?|films?|ct|cta|mri|imaging|x-rays?|scan)"
    r"|(?:compared (?:to|with)|comparison (?:to|with|is made to)|in comparison with) (?:the )?(?:[a-z-]+ ){0,3}?"
    r"(?:___|study|exam|examination|radiographs?|films?|ct))(?: (?:of|from|dated|on|at|obtained) [^,;]{1,20}?)?,? ?$")
_SHOWED_RE = re.compile(r" (?:had |has )?(?:showed|shown|demonstrated|revealed|depicted|documented)\b")
# "re-expansion of the lobe, which was collapsed on the study of earlier today": a relative clause
# that puts its finding on an earlier study ("which was X on the prior radiograph / on ___")
_WAS_RE = re.compile(r" (?:was|were|had been)(?: [a-z]+){0,2} ")
_ON_EARLIER_RE = re.compile(
    r" (?:[a-z]+ ){0,3}?(?:on|in) (?:the |a |an )?(?:(?:prior|previous|earlier|preceding|last|recent|initial|outside)"
    r" (?:[a-z-]+ ){0,2}?(?:study|exam|examination|radiographs?|films?|ct|imaging|x-rays?)"
    r"|(?:study|exam|examination|radiograph|film|ct) (?:of|from) (?:earlier|yesterday|___)|___)(?![a-z])")
# a finding described by a relative clause, then its own verb saying it is gone: "the left effusion,
# which was large, has resolved", "atelectasis which obscured the knob yesterday has cleared"
_GONE_AFTER_RELATIVE_RE = re.compile(
    r"which [^,.;:]{1,70}?,? (?:has|have) (?:(?!(?:not|partially|nearly|almost|largely|mostly|incompletely|only|"
    r"slightly|somewhat|minimally)\b)[a-z]+ )?(?:resolved|cleared|disappeared|been removed)(?![a-z])")
# a hedge after a relative clause set off by commas: "infection in the left base, which is obscured by
# the effusion, cannot be excluded" (the hedge is about the finding the aside describes, round nf)
_HEDGED_AFTER_RELATIVE_RE = re.compile(
    r"which [^,.;:]{1,70}?, (?:(?:cannot|can not|could not) (?:be )?(?:entirely |completely |definitely |confidently "
    r"|reliably |totally )?(?:excluded|ruled out)|(?:is|are) not (?:entirely |completely )?(?:excluded|ruled out)"
    r"|(?:is|are) (?:difficult|hard) to exclude|(?:is|are) (?:also )?(?:possible|suspected|questioned|not excluded))(?![a-z])")
# a finding the next clause says "could / may also" or "alternatively" be a skin fold or artifact: the
# reader keeps both readings open, so the finding is uncertain ("small apical pneumothorax, which could
# also represent a skin fold"; one put down to a skin fold is no mention, the Pneumothorax exclusion; round nh)
# (pneumothorax only: an opacity put down to overlying tissue or artifact is still an opacity)
_ARTIFACT_ALTERNATIVE_TAIL = (r"(?:may|might|could) (?:also |alternatively |instead |equally )(?:be|represent|reflect"
                              r"|correspond to) (?:an? )?(?:overlying |overlapping )?(?:skin ?folds?|artifacts?"
                              r"|artifactual)(?![a-z])")
_ARTIFACT_ALTERNATIVE_RE = re.compile(r"(?:which|though|although|but|however),? (?:(?:this|it|that|these|they)"
                                      r"(?: finding)? )?" + _ARTIFACT_ALTERNATIVE_TAIL)
_ARTIFACT_ALTERNATIVE_AFTER_RE = re.compile(r" (?:(?:is|are) )?" + _ARTIFACT_ALTERNATIVE_TAIL)
_PNEUMOTHORAX_WORD_RE = re.compile(r"pneumothora|\bptx\b")
# a negated finding whose next clause leaves a small part of it open: "without definite
# consolidation, although a small focus cannot be excluded", "no large effusion, though a small one
# cannot be ruled out", and a size hedged right after it: "no significant effusion, small if any" (the
# hedge is about the finding just negated, so it is uncertain)
_RESIDUAL_HEDGE_RE = re.compile(
    r",? (?:(?:very|at most) )?(?:small|tiny|trace|minimal|mild)(?: in (?:size|amount))?,? if (?:any|present)(?![a-z])"
    r"|(?:although|though|but|however),? (?:an? |some )?(?:(?:small|tiny|subtle|minimal|trace|early|focal|little|minor)"
    r"(?: [a-z]+)? )?(?:focus|foci|component|area|amount|degree|element|one|portion|region)(?![a-z])[^.;]{0,30}?"
    r"(?<![a-z])(?:(?:can ?not|could not) (?:be )?(?:entirely |completely |definitely |totally )?(?:excluded|ruled out)"
    r"|(?:is|are) not (?:entirely |completely )?(?:excluded|ruled out)|(?:is|are) (?:difficult|hard) to exclude"
    r"|(?:may|might|could) be present)"
    # the same finding, negated or called unlikely, then left open by the next clause: "infection is
    # not favored but not excluded", "pneumonia is unlikely, though it cannot be entirely ruled out",
    # "no pneumothorax, but this cannot be excluded" (round ne; another subject is another finding)
    r"|,? ?(?:although|though|but|yet),? (?:(?:it|this|that|these|they|one|such)(?: finding)? )?"
    r"(?:is |are |remains? )?(?:still )?(?:not (?:entirely |completely |totally |definitely |definitively |fully )?"
    r"(?:excluded|ruled out)|(?:can ?not|could not) (?:be )?(?:entirely |completely |totally |definitely "
    r"|definitively |fully )?(?:excluded|ruled out)|(?:is |are )?(?:difficult|hard) to (?:entirely |completely )?"
    r"(?:exclude|rule out)|possible(?= *(?:$|[,;.)])))(?![a-z])")
# a list-scoped hedge ("differential includes", "difficult to assess") covers its list, not a new
# statement joined by "and": "heart size is difficult to assess and there is a small effusion"
# (", accompanied by X" after a listed differential names a second finding that is there, round oo)
# a differential "between" two findings with a relative aside after the first: "the differential lies
# between pulmonary edema, which would fit with the enlarged heart, and an atypical pneumonia" (round pb)
_BETWEEN_CUE_RE = re.compile(r"\b(?:differential(?: diagnos[ie]s)?|ddx|distinction|differentiation)\b[^.;]{0,40}?"
                             r"\bbetween\b[^.;]*$")
_ASIDE_CLOSED_RE = re.compile(r" [^,;.]{1,80}?, (?:and|or) (?:an? |the )?(?:[a-z-]+ ){0,3}")
_NEW_STATEMENT_RE = re.compile(r"\band (?:there|(?:the|a|an) (?:[a-z-]+ ){0,3}?(?:is|are|was|were|has|have|appears?|remains?))\b"
                               r"|, accompanied by\b")
# a past clause naming what the patient had at an earlier time: "..., when the patient was in mild
# pulmonary edema", "when there was also edema" (round oo)
_WHEN_PAST_RE = re.compile(r"\bwhen (?:the patient|there|he|she) (?:also )?(?:had|was in|was|were|developed)"
                           r"(?: also| still)?(?: in)?(?: [a-z-]+){0,4} $"
                           # a hedged or longer past state and what the patient also had then: "when the
                           # patient was probably in heart failure and also had mild edema" (round oq)
                           r"|\bwhen (?:the patient|he|she) (?:was|had) (?:(?:probably|likely|possibly|presumably|still|then) )?"
                           r"(?:in )?[a-z -]{0,60}? and (?:also )?(?:had|was in)(?: [a-z-]+){0,3} $"
                           r"|\bwhen (?:the patient|he|she) was (?:probably|likely|possibly|presumably|still|then) in(?: [a-z-]+){0,3} $")
# "since ___ when pulmonary edema was present": the finding named as the subject of a past clause
# (round oq)
_WHEN_SUBJECT_RE = re.compile(r"\bwhen (?!(?:the patient|there|he|she|it|this|these)\b)(?:[a-z-]+ ){0,2}$")
# "the questioned nodule does not persist / is no longer seen": the question was about an earlier
# study; what is said of the finding now decides (round oq)
_QUESTIONED_ADJ_RE = re.compile(r"\b(?:the|this|that|a|an) (?:previously |earlier )?questioned (?:[a-z-]+ ){0,3}$")
_GONE_NOW_RE = re.compile(r"(?:[a-z-]+ ){0,10}?(?:(?:is|are|was|were) (?:no longer|not) (?:clearly |definitely )?"
                          r"(?:seen|visible|present|evident|identified|appreciated|visualized|demonstrated)"
                          # not a view of the same study: "the questioned opacity on the frontal view is
                          # not seen on the lateral view" stays questioned (round ny)
                          r"(?! (?:on|in) (?:the |this )?(?:lateral|frontal|pa|ap|oblique|upright|decubitus|lordotic)"
                          r" (?:views?|projections?|images?|radiographs?|films?)\b)"
                          r"|(?:does|do|did) not persist|(?:has|have) (?:since |now )?(?:resolved|disappeared|cleared))\b")
# what earlier studies showed, named as their content: "compare with prior radiographs showing the
# pneumonia", "previous examinations showed development of edema" (round oq)
_PRIOR_SHOWED_RE = re.compile(r"\b(?:prior|previous|earlier|outside|old|osh|outside hospital) (?:[a-z-]+ ){0,2}?(?:radiographs|films|studies"
                              r"|examinations|exams|x-rays|images)(?: [a-z]+){0,4}? (?:showing|showed|that showed|which"
                              r" showed|demonstrating|demonstrated|depicting)(?: [a-z-]+){0,14} $")
# what another reader's report of the films said: "the outside report describes a right lower lobe
# pneumonia" (a second-opinion read reports its own findings after it) (round ny)
_OTHER_READ_RE = re.compile(r"\b(?:outside|outside hospital|osh|outside institution|referring|external|prior|previous)"
                            r" (?:[a-z-]+ )?(?:report|reports|read|reading|interpretation) (?:describes|described|describing"
                            r"|mentions|mentioned|mentioning|states|stated|suggests|suggested|reports|reported|calls|called"
                            r"|notes|noted|raises|raised)(?: [a-z-]+){0,14} $")
_WAS_PRESENT_RE = re.compile(r" (?:was|were) (?:also |still )?(?:present|seen|noted|evident|visible)\b")
# a predicate negation ending in its adjective, then "and" and a new clause whose finding has its own
# verb: "the heart is not enlarged and pulmonary edema is present" (the negation is about the heart;
# "no effusion and pneumothorax is seen" is a negated list and stays negated: its cue is "no") (round or)
_PRED_NOT_RE = re.compile(r"(?<![a-z])(?:is|are|was|were) $")
_PRED_AND_GAP_RE = re.compile(r" (?:[a-z]+ly )?[a-z-]+ and (?:[a-z-]+ ){0,3}")
_OWN_VERB_RE = re.compile(r" (?:(?:also|now|again|still|newly) )?(?:is|are|was|were|has|have|had)(?![a-z])")
# "findings / signs concerning for X are not seen": the hedge describes findings that are denied, so X
# is negated (round ni)
_PURPOSE_HEDGE_RE = re.compile(r" ?(?:concerning|suspicious|worrisome|suggest\w*|indicative|typical|characteristic)\b")
_FINDINGS_SUBJECT_RE = re.compile(r"\b(?:findings?|signs?|features?|changes?)(?: to)? ?$")
_DENIED_AFTER_RE = re.compile(r"(?:(?:,|,? or|,? and) (?:[a-z-]+ ){0,3}?[a-z-]+)* (?:is|are|was|were) (?:not|no longer) (?:(?:definitely|clearly|currently) )?"
                              r"(?:seen|present|identified|evident|appreciated|demonstrated|visible|detected)(?![a-z])")
# a hedged earlier finding whose own verb says it is gone: "previous edema and possible pneumonia have
# all cleared", "a potentially present small effusion has completely resolved" (round or)
_HEDGED_GONE_RE = re.compile(r" (?:(?:has|have) (?:(?:all|now|since|completely|entirely|fully|totally) ){0,2}"
                             r"(?:resolved|cleared|disappeared)|(?:is|are) no longer (?:seen|visible|present))(?![a-z])")
# "no change in X to suggest Y": the change word opens the purpose's subject, not a new statement
# (round or)
_ART_PERSISTENT_RE = re.compile(r"(?:(?<= a)|(?<= an)|(?<= any)) persistent (?=(?:[a-z-]+ ){0,2}$)")
_CHANGE_TO_RE = re.compile(r"^ (?:(?:significant|appreciable|interval|substantial|definite|new) )?changes? (?:in|of) ")

#: value of a mention that turns out not to report a finding of this study (ranks below negative)
_NOT_REPORTED = -2
# a hedged subject explained by what follows: "hard to say whether the opacity represents
# aspiration" hedges the explanation, not the opacity
_EXPLAINED_RE = re.compile(r" (?:(?:is|are|may|might|could|likely|probably|most|possibly|also) )*"
                           r"(?:represents?|reflects?|relates? to|related to|due to|secondary to|indicates?"
                           r"|corresponds? to|be due to)\b")
# ... unless the mention is itself the explanation the hedge offers: "the opacity likely represents
# atelectasis due to low volumes" hedges the atelectasis (the gap from the hedge holds the explaining verb)
_EXPLAINING_GAP_RE = re.compile(r"\b(?:represents?|representing|reflects?|reflecting|indicates?|indicating"
                                r"|corresponds? to|suggests?|suggesting)\b")


def _named(groups: dict[str, list[str]]) -> str:
    """``\\b(?:(?P<a>...)|(?P<b>...))(?![a-z0-9])``: earlier groups win at the same position.

    One shared leading ``\\b`` keeps Python's regex engine fast (see `extract.alternation`);
    fragments starting with punctuation (``\\?``) are added as separate alternatives.
    """
    word_parts, other_parts, all_words = [], [], []
    for name, fragments in groups.items():
        words = [f"(?:{f})" for f in fragments if not f.startswith(("\\?", "[", ","))]
        other = [f"(?:{f})" for f in fragments if f.startswith(("\\?", "[", ","))]
        if words:
            word_parts.append(f"(?P<{name}>{'|'.join(words)})")
            all_words.extend(words)
        if other:
            other_parts.append(f"(?P<{name}_p>{'|'.join(other)})")
    rx = word_boundary(all_words) + r"(?:" + "|".join(word_parts) + r")(?![a-z0-9])"
    return "|".join([rx] + other_parts)


class _CueGate:
    """Which cue regexes can match a sentence at all, from its words and characters.

    Each gated regex gets a bit; `match_starts` gives the words (prefixes or exact) or characters
    every match of it begins with. A regex whose fragments defy that analysis is always run.
    """

    def __init__(self, fragment_lists: list[list[str]]) -> None:
        self.prefixes: list[tuple[int, list[str]]] = []
        self.exact: list[tuple[int, list[str]]] = []
        self.chars: list[tuple[str, int]] = []
        prefixes, exact = self.prefixes, self.exact
        self.always = 0
        for i, fragments in enumerate(fragment_lists):
            bit = 1 << i
            starts = match_starts(fragments)
            if starts is None:
                self.always |= bit
                continue
            prefixes.append((bit, starts[0]))
            exact.append((bit, starts[1]))
            self.chars.extend((c, bit) for c in starts[2])
        self.masks = _WordMasks(prefixes, exact)

    def __call__(self, sentence: str, words: int | None = None) -> int:
        """Gate bits of `sentence`; `words`: its word bits when a shared table already gave them."""
        if words is None:
            words = reduce(or_, map(self.masks.__getitem__, _TOKEN_RE.findall(sentence)), 0)
        mask = words | self.always
        for c, bit in self.chars:
            if c in sentence:
                mask |= bit
        return mask


_BREAKER_BIT, _PRE_BIT = 1, 2
_DEVICES = OBSERVATIONS.index("Support Devices")
# a device "poorly / incompletely / not well visualized / evaluated" or "not clearly delineated" is
# seen: the view is limited
_POOR_VIEW_RE = re.compile(r"(?:(?:is|are|was|were) )?(?:(?:poorly[- ]|incompletely |suboptimally |not well[- ]|not adequately )"
                           r"(?:evaluated|assessed|visualized|seen|delineated|depicted)"
                           r"|not (?:clearly |definitely |definitively )(?:delineated|depicted))$")
# devices ("ETT/NGT") are never alternatives; nor is a descriptive opacity beside what may cause
# it ("atelectasis/airspace disease" names one finding twice, as Open-i's indexers read it too)
_NOT_ALTERNATIVES = frozenset({_DEVICES, OBSERVATIONS.index("Lung Opacity")})
# "an indeterminate nodule", "the opacity is indeterminate": the word judges what a seen opacity or
# nodule is, not whether it is there (as "of uncertain significance" does); elsewhere it hedges
# ("indeterminate for pneumonia")
_SEEN_SHAPES = frozenset({OBSERVATIONS.index("Lung Opacity"), OBSERVATIONS.index("Lung Lesion")})
# a lesion or a mediastinal / hilar mass "suspicious" with nothing after is suspicious for
# malignancy: the mass is there (round pw)
_SHAPE_OR_MASS = frozenset({OBSERVATIONS.index("Lung Lesion"), OBSERVATIONS.index("Enlarged Cardiomediastinum")})
# a hedge word alone after a comma closing its clause: "small left effusion, suspected",
# "viral pneumonia, considered" (translated templates; round pw)
_SUSPICIOUS_GAP_RE = re.compile(r" (?:(?!(?:with|and|or|in|at|of|on|for)\b)[a-z-]+ ){0,3}")
_BARE_HEDGE_WORD_RE = re.compile(r"(?:possible|probable|suspected|suspicious|considered|questionable|equivocal|r/o"
                                 r"|(?:(?:can ?not|could not) (?:be )?|to be |)(?:not )?(?:excluded|ruled out))")
# a relative clause the mention sits in ("pneumonia, which is partly hidden by the effusion, cannot be
# excluded"): the comma closes the aside, and what follows is about its head
_RELATIVE_BEFORE_RE = re.compile(r"\b(?:which|that|who|whose)\b")
# "the pneumothorax has not increased", "the nodule has not enlarged": a course statement about a
# finding that is there (unchanged), not a negation; for the heart and mediastinum, whose size is
# the finding, "has not increased / enlarged / widened" is left to the cue
_SIZE_COLUMNS = frozenset({OBSERVATIONS.index("Cardiomegaly"), OBSERVATIONS.index("Enlarged Cardiomediastinum")})
# the gap from a hedge to the second of two alternatives: the first (no comma or clause break in
# it) and "or" with up to three words before the mention (round nz)
_ALT_OR_GAP_RE = re.compile(r"([^,;:]*?) or (?:[a-z-]+ ){0,3}")
# a gap that lists short items ("consolidation, large pleural effusion, pneumothorax, overt
# pulmonary edema, or "): at least two commas, each item at most four words
_LIST_GAP_RE = re.compile(r" ?(?:[a-z-]+(?: [a-z-]+){0,3}, ){2,}(?:(?:or|and|nor) )?(?:[a-z-]+ ){0,3}")
# a hedging adverb on a finding's character, not on any finding: "a small, possibly loculated, right
# effusion (with adjacent atelectasis)", "possibly loculated small right effusion" (the effusion and
# the atelectasis are there); an aside between commas may also hedge a size ("a small, possibly
# moderate, effusion"). Not "likely" (also an adjective: "likely layering effusion" hedges the
# effusion) nor "chronic" ("likely chronic pleural thickening" hedges the thickening)
_CHARACTER_HEDGE_RE = re.compile(r"(?:possibly|probably|presumably|questionably) $")
_CHARACTER_GAP_RE = re.compile(r" (?:partially )?(?:loculated|multiloculated|infected|complex)(?![a-z])")
_SIZE_ASIDE_GAP_RE = re.compile(r" (?:small|moderate|large|moderate-sized|sizable|larger|smaller),")
# a negated finding whose next clause says where it is after all: "no focal consolidation other than
# in the right lower lobe", "no opacity except at the left base" (a place follows, not another finding)
_EXCEPT_PLACE_RE = re.compile(r"(?:other than|except(?: for)?|apart from|aside from|besides|with the exception of),?"
                              r" (?:in|at|within|along|involving|over) (?:the )?(?:right|left|bilateral|both|lung|lower|upper"
                              r"|middle|lingula|apical|basilar)\b")
# a list of findings before one cue after them: "consolidation, effusion, and pneumothorax are not
# seen", "the ET tube, right IJ line, and NG tube have been removed" (short items, the last one after
# "and" / "or" / "nor"); what would block a cue across a comma blocks it here too
_POST_LIST_GAP_RE = re.compile(r"(?:, (?:[a-z-]+ ){0,4}[a-z-]+){0,5},? (?:and|or|nor) (?:[a-z-]+ ){0,4}[a-z-]+ ?")
# a list without a conjunction ("aspiration, atelectasis, contusion not excluded"): two more items, or
# one more after a mention that is itself listed after a comma; the list opens its clause
_POST_BARE_LIST_RE = re.compile(r"(?:, (?:[a-z-]+ ){0,3}[a-z-]+){1,5} ?")
_POST_LIST_BLOCK_RE = re.compile(r" -+ |(?<![a-z])(?:with|there|which|tip|tips|end|represents?|representing|reflects?"
                                 r"|reflecting|due to|secondary to|related to|but|now|still|again)(?![a-z])")
_OPACITY = OBSERVATIONS.index("Lung Opacity")
# "no focal consolidation is seen to suggest pneumonia": the verb of the negated finding, then the
# purpose hedge; the negation before it reaches the hedged finding as in "no findings to suggest"
# "no focal consolidations are worrisome for pneumonia": the negated finding's verb before a
# purpose hedge ("concerning / suspicious / worrisome / suggestive") does not stop the negation
_VERB_END_RE = re.compile(r" (?:is|are|was|were) $")
# "one of the chest tubes has been removed": the others are still there
_ONE_OF_RE = re.compile(r"(?<![a-z])(?:one|1|two|2|some|several|a few|part|parts|portions?) of (?:the |his |her |their )?"
                        r"(?:[a-z-]+ ){0,3}$")
# a modal hedge after "and / but / or" opens a second predicate ("is not X and could be Y")
_MODAL_RE = re.compile(r"(?:may|might|could|can)\b")
_COORD_END_RE = re.compile(r"(?<![a-z])(?:and|but|or),? $")
_PURPOSE_RELATIVE_RE = re.compile(r",? (?:which|that) (?:is|are|was|were|would be|could be|might be|may be|appears?|seems?)(?: to be)? $")
_PURPOSE_AFTER_WHICH_RE = re.compile(r" ?(?:is|are|was|were|would be|could be|might be|may be|appears?|seems?)(?: to be)? (?:concerning|suspicious|worrisome|suggestive) (?:of|for) (?:an? )?(?:[a-z-]+ ){0,2}")
# "no infiltrates that could represent ...": a relative pronoun right before a modal hedge
_MODAL_RELATIVE_RE = re.compile(r",? (?:which|that) $")
_MODAL_AFTER_WHICH_RE = re.compile(r" ?(?:could|may|might|would) (?:also |possibly )?(?:represent|reflect|indicate|suggest)"
                                   r" (?:an? )?(?:[a-z-]+ ){0,2}")
_SEEN_TO_RE = re.compile(r" (?:is|are) (?:[a-z]+ly )?(?:seen|identified|present|noted|evident|demonstrated|appreciated"
                         r"|visualized|detected)(?: (?:in|at|within) (?:the |both |either )?(?:[a-z-]+ ){0,3}?"
                         r"(?:lungs?|lobes?|bases?|zones?|fields?|apex|apices|lingula))? to $")
# "difficult to assess due to / because of / given X": the list-scoped hedge is about the assessment,
# and X is its stated cause
_LIMIT_CAUSE_RE = re.compile(r" (?:due to|because of|secondary to|owing to|given)\b")
# "aspiration or infection, however, cannot be excluded": the aside follows a second, joined finding
_ALTERNATIVE_BEFORE_ASIDE_RE = re.compile(r" (?:and/or|or|and) (?:[a-z-]+ ){0,2}[a-z-]+, ")
_ADVERB_ASIDE_RE = re.compile(r", (?:however|though|therefore|thus|also|moreover|still|in turn|again),(?= )")
# the list after "combination of" up to a comma: "a combination of atelectasis, small effusion"
# (a list not yet closed by "and" / "or": "a combination of atelectasis and effusion, moderate
# cardiomegaly, and ..." has ended its list before the comma)
_COMBINATION_LIST_RE = re.compile(r"\bcombination of (?:(?:the |an? )?[a-z-]+(?: (?!and\b|or\b)[a-z-]+){0,3}, )*"
                                  r"(?:the |an? )?[a-z-]+(?: (?!and\b|or\b)[a-z-]+){0,3}$")
_CLAUSE_OPENER_RE = re.compile(r", (?:and |but )?(?:there|the|this|these|it|with|which|who)(?![a-z])")
_HAS_NOT_RE = re.compile(r"(?<![a-z])(?:has|have|had|did|does|do) $")
_GROWN_RE = re.compile(r"(?:increased|enlarged|widened)$")


# a sentence that opens on a subordinate clause ("although / though / while / whereas ...") with a
# negation in it: the comma that closes the clause ends the negation's reach, so "although there is no
# focal consolidation, patchy opacity at the right base could represent pneumonia" keeps the opacity
# (round pr; CheXpert reads the main clause on its own). The closing comma
# is the first one followed by a clause with its own verb before any "or" / "nor" / "and" (a comma inside
# a negated list, "although no effusion, consolidation or pneumothorax is seen, ...", "..., consolidation
# and pneumothorax are seen, ...", continues the list; "although there is no effusion, opacity and
# atelectasis are present" is left to the negation, as before, the two readings being alike)
_LEADING_CLAUSE_RE = re.compile(r" *(?:even )?(?:although|though|while|whereas)(?![a-z])")
_CLAUSE_VERB_RE = re.compile(r"(?<![a-z])(?:is|are|was|were|has|have|had|can|cannot|could|may|might|would|will|remains?"
                             r"|persists?|appears?|seems?|represents?|reflects?|suggests?|measures?|projects?"
                             r"|extends?|(?:is|are) (?:seen|noted|present|identified))(?![a-z])")
_LIST_GO_ON_RE = re.compile(r"(?<![a-z])(?:or|nor|and/or|and)(?![a-z/])")


def _leading_clause_end(sentence: str, first_break: tuple[int, int]) -> int | None:
    """Position of the comma closing a sentence-opening subordinate clause, or None."""
    opener = _LEADING_CLAUSE_RE.match(sentence)
    if opener is None or opener.end() != first_break[1]:
        return None
    k = sentence.find(",", first_break[1])
    while k != -1:
        nxt = sentence.find(",", k + 1)
        segment = sentence[k + 1:nxt if nxt != -1 else len(sentence)]
        if _LIST_GO_ON_RE.match(segment.lstrip()) is None:
            verb = _CLAUSE_VERB_RE.search(segment)
            if verb is not None and _LIST_GO_ON_RE.search(segment, 0, verb.start()) is None:
                return k
        k = nxt
    return None


# "neither / no" as the determiner of a structure whose predicate is the finding: "neither costophrenic
# angle is blunted", "neither the right nor the left lung base is consolidated", "no lobe is collapsed"
# (the subject's own verb would otherwise stop the negation; round pr)
_NEG_DETERMINER_RE = re.compile(r"neither|nor|no")
_NEG_SUBJECT_GAP_RE = re.compile(
    r" (?:the )?(?:(?:right|left|lung|costophrenic|cp|cardiophrenic|lower|upper|middle|basal|basilar|hilar|"
    r"lateral|posterior|other)[ -])*(?:angles?|lungs?|bases?|hil(?:um|a)|lobes?|hemithora(?:x|ces)|apex|apices"
    r"|sulc(?:us|i)) (?:is|are|was|were|appears?|seems?)(?: to be)?"
    r" (?:(?:now|currently|significantly|definitely|clearly|frankly|appreciably) )?")


class CueClassifier:
    """Compiled cue patterns; `classify(sentence, mentions)` gives one value per mention."""

    def __init__(self, spec: dict | None = None) -> None:
        spec = spec if spec is not None else load_phrases("cues.json")
        self.pre = re.compile(_named({"ulist": spec["uncertainty_list"], "unc": spec["uncertainty_pre"],
                                      "neg": spec["negation_pre"]}))
        self.post = re.compile(_named({"unc": spec["uncertainty_post"], "neg": spec["negation_post"]}))
        self.breaker = re.compile(alternation(spec["scope_breakers"]))
        self.neg_block = re.compile(alternation(spec["negation_gap_blockers"]))
        self.unc_block = re.compile(alternation(spec["uncertainty_gap_blockers"]))
        self.max_neg = int(spec["max_negation_gap_words"])
        self.max_unc = int(spec["max_uncertainty_gap_words"])
        self.max_post = int(spec["max_post_gap_words"])
        self.max_list = int(spec["max_list_gap_words"])
        self.joiner = re.compile(spec["alternative_joiners"])
        # strings one of which any post-mention cue contains: without them, no search
        literals = required_literals(spec["uncertainty_post"] + spec["negation_post"])
        self._post_gate = (re.compile("|".join(map(re.escape, sorted(literals, key=len, reverse=True))))
                           if literals else None)
        self._gate = _CueGate([spec["scope_breakers"],
                               spec["uncertainty_list"] + spec["uncertainty_pre"] + spec["negation_pre"]])

    def _neg_reaches(self, gap: str) -> bool:
        if "previous" in gap or "prior" in gap or "recent" in gap:
            gap = _PREVIOUSLY_RE.sub(" ", gap)
        if gap.startswith(" persistent "):  # "no persistent pneumothorax": the finding's adjective
            gap = gap[11:]
        elif " persistent " in gap:
            # "no evidence for the presence of a persistent (left) pneumothorax" (round or)
            gap = _ART_PERSISTENT_RE.sub(" ", gap)
        n = len(_WORD_RE.findall(gap))
        if n > self.max_neg and n <= self.max_list and _LIST_GAP_RE.fullmatch(gap) is not None:
            # a long list of findings under one negation ("no consolidation, large effusion,
            # pneumothorax, vascular congestion, overt edema, or suspicious nodule")
            return self.neg_block.search(gap) is None
        return n <= self.max_neg and self.neg_block.search(gap) is None

    def _unc_reaches(self, gap: str) -> bool:
        n = len(_WORD_RE.findall(gap))
        if n > self.max_unc and n <= self.max_list and " or " in gap:
            # the second of two alternatives the hedge puts forward, the first within its reach
            # ("could be a layering left pleural effusion on this supine film or early left upper
            # lobe collapse": both are hedged; round nz)
            m = _ALT_OR_GAP_RE.fullmatch(gap)
            if m is None or len(_WORD_RE.findall(m.group(1))) > self.max_unc:
                return False
            return self.unc_block.search(gap) is None
        return n <= self.max_unc and self.unc_block.search(gap) is None

    def word_gates(self) -> tuple[list[tuple[int, list[str]]], list[tuple[int, list[str]]]]:
        """(bit, word prefixes) and (bit, exact words) of the cue gates, to share a word table."""
        return self._gate.prefixes, self._gate.exact

    def classify(self, sentence: str, mentions: list[Mention], words: int | None = None) -> list[int]:
        """Value (POSITIVE / NEGATIVE / UNCERTAIN) of each mention of one sentence.

        `words`: the sentence's cue-gate word bits from a shared table (`word_gates`), if known.
        """
        if all(m.normal for m in mentions):  # "heart size is normal": no cue needed
            return [NEGATIVE] * len(mentions)
        gate = self._gate(sentence, words)  # skip the scans that cannot match
        breaks = ([(m.start(), m.end()) for m in self.breaker.finditer(sentence)]
                  if gate & _BREAKER_BIT else [])
        if breaks and "combination of" in sentence:
            # "could be a combination of atelectasis, mild edema and effusion": a comma inside the
            # list after "combination of" continues the list, it opens no new statement (round on)
            breaks = [(a, b) for a, b in breaks
                      if not (sentence.startswith(", ", a) and sentence[a + 2:a + 3].isalpha()
                              and _CLAUSE_OPENER_RE.match(sentence, a) is None
                              and _COMBINATION_LIST_RE.search(sentence, max(0, a - 120), a) is not None)]
        # a cue before a mention ends before its start, but may look ahead at the mention
        # ("early(?= pneumonia)", "clear(?= airspace)"): scan up to the last mention's end
        last = max(m.end for m in mentions)
        pre_cues = ([(m.start(), m.end(), m.lastgroup.removesuffix("_p"))
                     for m in self.pre.finditer(sentence, 0, last)] if gate & _PRE_BIT else [])
        if breaks and breaks[0][0] <= 6 and "," in sentence and pre_cues:
            # a negation in an opening "although / while" clause ends at the comma closing it
            # (a hedge there still reaches on, as before: "while these may represent atelectasis,
            # infection cannot be ...")
            closing = _leading_clause_end(sentence, breaks[0])
            if (closing is not None and all(a != closing for a, _ in breaks)
                    and any(kind == "neg" and c_end <= closing for _, c_end, kind in pre_cues)):
                breaks = sorted(breaks + [(closing, closing + 1)])
        break_starts = [a for a, _ in breaks]
        break_ends = [b for _, b in breaks]
        cue_starts = [c[0] for c in pre_cues]
        cue_ends = [c[1] for c in pre_cues]
        out: list[int] = []
        for mention in mentions:
            if mention.normal:
                out.append(NEGATIVE)
                continue
            out.append(self._one(sentence, mention, break_starts, break_ends, pre_cues, cue_starts,
                                 cue_ends))
        if "/" in sentence and len(mentions) > 1:
            self._alternatives(sentence, mentions, out)
        return out

    def _alternatives(self, s: str, mentions: list[Mention], out: list[int]) -> None:
        """Positive findings of two observations joined by "/" or "and/or" become uncertain."""
        for i, a in enumerate(mentions):
            if a.normal or a.column in _NOT_ALTERNATIVES:
                continue
            for j, b in enumerate(mentions):
                if (b.column != a.column and not b.normal and b.column not in _NOT_ALTERNATIVES
                        and a.end <= b.start and self.joiner.fullmatch(s, a.end, b.start) is not None):
                    for k in (i, j):
                        if out[k] == POSITIVE:
                            out[k] = UNCERTAIN

    def _own_parenthesis(self, post: str) -> str:
        """`post` without a parenthesis after the mention that opens with its own words.

        "rounded opacity (?mass vs round pneumonia)", "opacity (atelectasis vs pneumonia)": the hedge
        inside is about what the parenthesis names, not the finding before it (round pl). A
        parenthesis that opens with the cue ("pneumothorax (vs skin fold)", "effusion (?)",
        "(possibly loculated)") still reaches the finding.
        """
        k = post.find("(")
        inner = _PAREN_OPEN_RE.match(post, k + 1)
        if inner is None or _PAREN_KEEP_RE.match(post, k + 1) is not None:
            return post
        if post[k + 1] != "?":
            cue = self.post.search(post, k + 1)
            if cue is not None and cue.start() <= k + 2:
                return post
        close = post.find(")", k)
        return post[:k] + (post[close + 1:] if close != -1 else "")

    def _one(self, s: str, mention: Mention, break_starts: list[int], break_ends: list[int],
             pre_cues: list[tuple[int, int, str]], cue_starts: list[int], cue_ends: list[int]) -> int:
        start, end = mention.start, mention.end
        # clause bounds: last breaker ending at or before the mention, first starting after it
        i = bisect_right(break_ends, start)
        # no cue reaches further than a few dozen words: bound the windows (long run-on text)
        clause_start = max(break_ends[i - 1] if i else 0, start - _MAX_REACH)
        if (i and s[break_starts[i - 1]:break_ends[i - 1]].strip(" ,") in ("which", "that")
                and (_PURPOSE_AFTER_WHICH_RE.fullmatch(s, break_ends[i - 1], start) is not None
                     or _MODAL_AFTER_WHICH_RE.fullmatch(s, break_ends[i - 1], start) is not None)):
            # "no opacities which are concerning for pneumonia": the clause reaches back to
            # the negated finding it describes (round of)
            clause_start = max(break_ends[i - 2] if i > 1 else 0, start - _MAX_REACH)
        j = bisect_right(break_starts, end - 1)
        clause_end = min(break_starts[j] if j < len(break_starts) else len(s), end + _MAX_REACH)

        if (clause_start >= 5 and s.startswith("which", clause_start - 5)
                and _SHOWED_RE.match(s, clause_start, start) is not None
                and _EARLIER_STUDY_RE.search(s, max(0, clause_start - 90), clause_start - 5) is not None):
            return _NOT_REPORTED
        if (clause_start >= 5 and s.startswith("which", clause_start - 5)
                and _WAS_RE.fullmatch(s, clause_start, start) is not None
                and _ON_EARLIER_RE.match(s, end, clause_end) is not None):
            return _NOT_REPORTED

        if (start - clause_start > 12 and s.find("when ", max(clause_start, start - 110), start) != -1
                and _WHEN_PAST_RE.search(s, max(clause_start, start - 110), start) is not None):
            return _NOT_REPORTED  # "since ___, when the patient was in mild edema" (round oo)
        if ((" show" in s or " demonstrat" in s or " depict" in s)
                and _PRIOR_SHOWED_RE.search(s, max(clause_start, start - 160), start) is not None
                and " which " not in s[end:] and " that " not in s[end:]):
            return _NOT_REPORTED  # "compare with prior radiographs showing the pneumonia" (round oq)
        if ((" report" in s or " read" in s or " interpretation" in s)
                and _OTHER_READ_RE.search(s, max(clause_start, start - 160), start) is not None
                and " which " not in s[end:] and " that " not in s[end:]):
            return _NOT_REPORTED  # "the outside report describes a right lower lobe pneumonia" (round ny)
        if (s.find("when ", max(0, start - 30), start) != -1
                and _WHEN_SUBJECT_RE.search(s, max(0, start - 30), start) is not None
                and _WAS_PRESENT_RE.match(s, end) is not None):
            return _NOT_REPORTED  # "decreased since ___ when pulmonary edema was present" (round oq)

        if (i and s.startswith(", which", break_starts[i - 1] - 2) and break_ends[i - 1] - break_starts[i - 1] == 5
                and _ASIDE_CLOSED_RE.fullmatch(s, break_ends[i - 1], start) is not None
                and _BETWEEN_CUE_RE.search(s, max(0, break_starts[i - 1] - 160), break_starts[i - 1]) is not None):
            return UNCERTAIN  # the second item of a differential "between X, which ..., and Y" (round pb)
        # a templated field: the mention names it and its value follows the colon
        field = (clause_end < len(s) and s[clause_end] == ":"
                 and len(_WORD_RE.findall(s, end, clause_end)) <= 4)
        if field and _FIELD_ABSENT_RE.match(s, clause_end) is not None:
            return NEGATIVE  # "Pneumothorax: none", also after a question: "r/o PTX: none seen" (round nt)
        if field and _FIELD_BLANK_RE.match(s, clause_end) is not None:
            return _NOT_REPORTED  # "Pneumothorax:" with no value, "Fractures: ___" (round pe)
        if (" - " in s or " \u2013 " in s) and _DASH_FIELD_ABSENT_RE.match(s, end, clause_end) is not None:
            return NEGATIVE  # "Cardiomegaly - no" (round pe)
        if field and _FIELD_HEDGED_RE.match(s, clause_end) is not None:
            return UNCERTAIN  # "Consolidation: possible", "Pneumonia: possible right lower lobe"

        # cues before the mention, nearest first
        candidates = pre_cues[bisect_left(cue_starts, clause_start):bisect_right(cue_ends, start)]
        if (candidates and mention.column in _SEEN_SHAPES and candidates[-1][2] == "unc"
                and s.startswith("indeterminate", candidates[-1][0])):
            candidates = candidates[:-1]
        if (candidates and (mention.column in _SEEN_SHAPES or mention.column in _SHAPE_OR_MASS)
                and candidates[-1][2] == "unc" and candidates[-1][1] - candidates[-1][0] == 10
                and s.startswith("suspicious", candidates[-1][0])):
            candidates = candidates[:-1]  # a "suspicious nodule / opacity / hilar mass" is there (round pw)
        elif (candidates and candidates[-1][2] == "unc" and candidates[-1][1] - candidates[-1][0] == 10
              and s.startswith("suspicious", candidates[-1][0])
              and _SUSPICIOUS_GAP_RE.fullmatch(s, candidates[-1][1], start) is None):
            # a bare "suspicious" hedges the finding it qualifies ("suspicious small left effusion",
            # translated templates), not one named after it ("suspicious nodule with an effusion")
            candidates = candidates[:-1]
        if (candidates and candidates[-1][2] == "unc"
                and _CHARACTER_HEDGE_RE.match(s, candidates[-1][0], candidates[-1][1] + 1) is not None
                and (_CHARACTER_GAP_RE.match(s, candidates[-1][1], start) is not None
                     or (s.startswith(", ", candidates[-1][0] - 2)
                         and _SIZE_ASIDE_GAP_RE.match(s, candidates[-1][1], start) is not None))):
            candidates = candidates[:-1]  # the hedge is about the finding's character or size
        if (candidates and mention.column == _DEVICES and candidates[-1][2] == "unc"
                and s.find(", and ", candidates[-1][1], start) != -1):
            # a hedge in an earlier list item does not reach a device named after ", and": "right
            # upper lobe collapse, likely due to mucus plugging, and ETT in good position" (round np)
            candidates = []
        if candidates:
            c_start, c_end, kind = candidates[-1]
            gap = s[c_end:start]
            if (kind == "unc" and s.startswith("questioned", c_start)
                    and _QUESTIONED_ADJ_RE.search(s, max(0, c_start - 30), start) is not None
                    and _GONE_NOW_RE.match(s, end + 1, clause_end) is not None):
                return NEGATIVE  # "the questioned nodule is no longer seen" (round oq)
            if (kind in ("unc", "ulist") and _PURPOSE_HEDGE_RE.match(s, c_start) is not None
                    and _FINDINGS_SUBJECT_RE.search(s, max(0, c_start - 24), c_start) is not None
                    and _DENIED_AFTER_RE.match(s, end, clause_end) is not None):
                return NEGATIVE  # "findings concerning for pneumonia are not seen" (round ni)
            if kind == "neg":
                if gap.startswith(",") and _CLAUSE_END_CUE_RE.search(s, c_start, c_end) is not None:
                    pass  # the clause ended at the verb cue: judged after the mention
                elif (" and " in gap and s.startswith("not", c_start) and c_end - c_start == 3
                      and _PRED_NOT_RE.search(s, max(0, c_start - 6), c_start) is not None
                      and _PRED_AND_GAP_RE.fullmatch(gap) is not None
                      and _OWN_VERB_RE.match(s, end, clause_end) is not None):
                    pass  # "X is not enlarged and edema is present": a new clause (round or)
                elif s.startswith("without", c_start) and _WITHOUT_THEN_VERB_RE.search(gap) is not None:
                    pass  # "opacities without consolidation likely reflect atelectasis" (round nm)
                elif self._neg_reaches(gap) or (c_end - c_start <= 7 and _NEG_SUBJECT_GAP_RE.fullmatch(gap) is not None
                                                and _NEG_DETERMINER_RE.fullmatch(s, c_start, c_end) is not None):
                    if clause_end < len(s) and _RESIDUAL_HEDGE_RE.match(s, clause_end) is not None:
                        return UNCERTAIN
                    if clause_end < len(s) and _EXCEPT_PLACE_RE.match(s, clause_end) is not None:
                        return POSITIVE
                    return NEGATIVE
            elif (kind in ("unc", "ulist") and _WHETHER_CUE_RE.search(s, c_start, c_end) is not None
                  and _WHETHER_CHANGE_RE.match(s, end, clause_end) is not None):
                return POSITIVE  # the question is how the finding changed, not whether it is there
            elif (_EXPLAINED_RE.match(s, end, clause_end) is not None and gap.strip()
                  and (kind != "ulist" or _WHETHER_CUE_RE.search(s, c_start, c_end) is not None)
                  and _EXPLAINING_GAP_RE.search(gap) is None):
                # (not a differential list: "differential includes hemorrhage, edema related to renal
                # failure, and infection" lists the edema with its cause; round pf; a "whether the X
                # represents" question is no list)
                pass  # the hedge is about the explanation that follows: judged after the mention
            elif ((self._unc_reaches(gap)
                   or (_WHETHER_CUE_RE.search(s, c_start, c_end) is not None
                       and _WHETHER_EXPLAINED_GAP_RE.fullmatch(gap) is not None)) if kind == "unc"
                  else (len(_WORD_RE.findall(gap)) <= self.max_list
                        and _NEW_STATEMENT_RE.search(gap) is None
                        and (_LIMIT_CAUSE_RE.match(gap) is None or s.startswith("whether", c_start)))):
                # a negation before the hedge wins: "no findings to suggest pneumonia" (not over a
                # size hedge: "no atelectasis and little if any effusion", round oo)
                for n_start, n_end, n_kind in ([] if s.endswith("if any", c_start, c_end)
                                               else reversed(candidates[:-1])):
                    if n_kind == "neg":
                        if (s.startswith("without", n_start)
                                and _WITHOUT_THEN_VERB_RE.search(s, n_end, start) is not None):
                            break  # the "without" phrase ended at the subject's verb (round nm)
                        # (not across a comma: "the lobe is not well aerated, likely due to
                        # atelectasis" hedges an explanation of what was negated)
                        between = s[n_end:c_start]
                        # "no X (is seen) to suggest Y", "no A, B or C concerning for Y"
                        purpose = (s.startswith("to ", c_start - 3)
                                   or s.startswith(("concerning", "suspicious", "worrisome", "suggestive"), c_start))
                        if purpose and " to" in between:
                            seen = _SEEN_TO_RE.search(between)
                            if seen is not None:
                                between = between[:seen.start()] + " to "
                        if purpose and not s.startswith("to ", c_start - 3):
                            # "no new opacities which are concerning for pneumonia": the relative
                            # clause names the purpose of what is negated (round of)
                            rel = _PURPOSE_RELATIVE_RE.search(between)
                            if rel is not None:
                                between = between[:rel.start()] + " "
                            else:
                                # "no focal consolidations are worrisome for pneumonia" (round og)
                                verb = _VERB_END_RE.search(between)
                                if verb is not None:
                                    between = between[:verb.start()] + " "
                        # (not when the hedge opens a second predicate: "is probably not edema and
                        # could instead be pneumonia" offers the pneumonia)
                        if _MODAL_RE.match(s, c_start) is not None and _COORD_END_RE.search(between) is not None:
                            break
                        relative = (None if purpose or not s.startswith(("could ", "may ", "might ", "would "), c_start)
                                    else _MODAL_RELATIVE_RE.search(between))
                        if relative is not None:
                            # "no new infiltrates that could represent pneumonia": the relative
                            # clause names what the negated finding would have meant (round oh)
                            between = between[:relative.start()] + " "
                            purpose = True
                        if (purpose and s.startswith("to ", c_start - 3)
                                and (change := _CHANGE_TO_RE.match(between)) is not None):
                            between = " " + between[change.end():]
                        # (nor into a parenthesis that asks its own question: "no consolidation
                        # (?early pneumonia not excluded)", round pl)
                        if ((("," not in between and "(?" not in between) or purpose)
                                and self._neg_reaches(between)
                                and self._neg_reaches(gap)):
                            return NEGATIVE
                        break
                if kind == "unc" and _HEDGED_GONE_RE.match(s, end, clause_end) is not None:
                    return NEGATIVE  # "possible pneumonia has cleared" (round or)
                return UNCERTAIN
            # a list-scoped hedge further back: "differential includes edema, atypical infection"
            for c_start, c_end, kind in candidates[:-1]:
                if (kind == "ulist" and len(_WORD_RE.findall(s[c_end:start])) <= self.max_list
                        and _NEW_STATEMENT_RE.search(s, c_end, start) is None):
                    return UNCERTAIN

        # cues after the mention
        if (clause_end < len(s) and not s[end:clause_end].strip(" ,")
                and _RESIDUAL_HEDGE_RE.match(s, clause_end) is not None):
            return UNCERTAIN  # "left pleural effusion, small if any" (round oo)
        if (clause_end < len(s) and s.startswith("which ", clause_end) and not s[end:clause_end].strip(" ,")
                and _GONE_AFTER_RELATIVE_RE.match(s, clause_end) is not None):
            return NEGATIVE
        if (clause_end < len(s) and s.startswith("which ", clause_end) and s.endswith(", ", 0, clause_end)
                and _HEDGED_AFTER_RELATIVE_RE.match(s, clause_end) is not None):
            between = s[end:clause_end - 2]
            if not between.strip(" ,") or _PLACE_RE.fullmatch(between) is not None:
                return UNCERTAIN
        if (_PNEUMOTHORAX_WORD_RE.search(s, start, end) is not None
                and (clause_end < len(s) and not s[end:clause_end].strip(" ,")
                     and _ARTIFACT_ALTERNATIVE_RE.match(s, clause_end) is not None
                     or _ARTIFACT_ALTERNATIVE_AFTER_RE.match(s, end) is not None)):
            return UNCERTAIN  # "pneumothorax, which could also represent a skin fold" (round nh)
        if (clause_end < len(s) and s.startswith("however, ", clause_end)
                and (end + 2 == clause_end and s.startswith(", ", end)
                     or _ALTERNATIVE_BEFORE_ASIDE_RE.fullmatch(s, end, clause_end) is not None)):
            # "infection, however, cannot be excluded": an aside, not a new statement
            k = bisect_right(break_starts, clause_end)
            clause_end = min(break_starts[k] if k < len(break_starts) else len(s), end + _MAX_REACH)
        post = s[end:clause_end]
        lo = max(clause_start, start - 40)
        if s.find(" of ", lo, start) != -1 and _PART_OF_RE.search(s, lo, start) is not None:
            return POSITIVE
        if self._post_gate is not None and self._post_gate.search(post) is None:
            return POSITIVE
        if "," in post and _ASIDE_WORDS_RE.search(s, clause_start, clause_end) is not None:
            if _ASIDE_START_RE.search(s, clause_start, start) is not None:
                post = post[post.find(",") + 1:]  # a listed example: its list's cue decides
            else:
                post = _ASIDE_RE.sub("", post, 1) if post.lstrip(" ,").startswith(
                    ("including", "such as", "especially", "particularly", "notably", "e g", "eg")) else post
        if post.startswith(", "):
            raised = _RAISED_ASIDE_RE.match(post)
            if raised is not None:
                post = post[raised.end():]
            else:
                aside = _ADVERB_ASIDE_RE.match(post)  # "infection, however, cannot be excluded"
                if aside is not None:
                    post = post[aside.end():]
        elif ", however," in post and _ALTERNATIVE_BEFORE_ASIDE_RE.match(post) is not None:
            post = _ADVERB_ASIDE_RE.sub("", post, 1)  # "aspiration or infection, however, cannot ..."
        if post.startswith(" or, ") and (alt := _RANKED_ALTERNATIVE_RE.match(post)) is not None:
            post = " or " + post[alt.end():]  # "aspiration or, less likely, hemorrhage could ..." (round nm)
        if "(" in post:
            post = self._own_parenthesis(post)
        m = self.post.search(post)
        if m is not None and mention.column in _SEEN_SHAPES and m.group().endswith("indeterminate"):
            m = None
        if (m is not None and mention.column in _SHAPE_OR_MASS and m.group() == "suspicious"
                and post[:m.start()].strip(" ,") in ("", "is", "are", "looks", "appears")):
            m = None  # "a nodule, suspicious" / "the hilar mass is suspicious": for malignancy (round pw)
        if m is not None and mention.column == _DEVICES and _POOR_VIEW_RE.fullmatch(m.group().strip()) is not None:
            m = None
        if m is not None:
            gap = post[:m.start()]
            if "(" in gap:
                gap = _PAREN_ASIDE_RE.sub("", gap)
            if "patient" in gap and _PATIENT_GAP_RE.fullmatch(gap) is not None:
                gap = ""
            if "," in gap and (" on " in gap or " in " in gap):
                # a seen-on aside closed by a comma whose opening comma was left out ("a pneumothorax
                # seen on the CT obtained earlier, is not appreciated"): the cue is about the finding
                seen = _SEEN_ON_CLOSED_RE.fullmatch(gap)
                if seen is not None:
                    gap = ""
            words = len(_WORD_RE.findall(gap))
            if words > self.max_post and (" on " in gap or " in " in gap):
                words -= sum(len(_WORD_RE.findall(a)) for a in _SEEN_ON_RE.findall(gap))
            if words > self.max_post and (" in " in gap or " at " in gap or " within " in gap
                                          or " involving " in gap):
                place = _PLACE_RE.match(gap)
                if place is not None and place.end() == len(gap):
                    words = 0
            if words > self.max_post and ("previous" in gap or "prior" in gap or "before" in gap
                                          or "earlier" in gap):
                # "the atelectatic change at the left base seen previously has cleared": when it
                # was seen does not count (round oh)
                words -= sum(len(_WORD_RE.findall(a)) for a in _SEEN_BEFORE_RE.findall(gap))
                if words > self.max_post:
                    # the place and the aside together: "the consolidation in the right upper and
                    # middle lobes noted on prior has cleared" (round pr)
                    place = _PLACE_RE.match(gap)
                    if place is not None and not _SEEN_BEFORE_RE.sub("", gap[place.end():]).strip():
                        words = 0
            if words > self.max_post and ("setting" in gap or "context" in gap):
                # a circumstance does not count: "atelectasis in the setting of low lung volumes
                # would be an alternative explanation" (the cue is about the atelectasis)
                words -= sum(len(_WORD_RE.findall(a)) for a in _SETTING_RE.findall(gap))
            # (not a hedge over an opacity heading the list: "diffuse opacities, edema and atelectasis
            # favored over pneumonia" lists the opacity's causes, the opacity is there)
            listed = (words > 0 and gap.startswith(",") and words <= self.max_list
                      and (_POST_LIST_GAP_RE.fullmatch(gap) is not None
                           or (_POST_BARE_LIST_RE.fullmatch(gap) is not None
                               and (s.startswith(", ", start - 2)
                                    or (gap.count(",") >= 2
                                        and len(_WORD_RE.findall(s, clause_start, start)) <= 2))))
                      and _POST_LIST_BLOCK_RE.search(gap) is None
                      and not (mention.column == _OPACITY and m.lastgroup.startswith("unc")))
            if ((listed or (words <= self.max_post and (_POST_GAP_BLOCK_RE.search(gap) is None
                                                        or (gap.strip() == "," and m.lastgroup.startswith("unc")
                                                            and _BARE_HEDGE_WORD_RE.fullmatch(m.group().strip()) is not None
                                                            and _RELATIVE_BEFORE_RE.search(s, max(0, clause_start - 8), start) is None)
                                                        or (m.lastgroup == "neg" and "which" in gap
                                                            and _WHICH_GONE_GAP_RE.fullmatch(gap) is not None
                                                            and _WHICH_GONE_CUE_RE.match(m.group()) is not None)
                                                        or (m.lastgroup.startswith("unc")
                                                            and _WITH_SUBJECT_GAP_RE.fullmatch(gap) is not None
                                                            and _POST_GAP_BLOCK_RE.search(gap, 5) is None
                                                            and _PREDICATE_CUE_RE.match(m.group()) is not None)
                                                        or (mention.column != _OPACITY
                                                            and m.lastgroup.startswith("unc")
                                                            and _EXCLUSION_CUE_RE.search(m.group()) is not None
                                                            and _CAUSE_GAP_RE.fullmatch(gap) is not None))))
                    and _POST_EVENT_RE.search(post, 0, m.end()) is None
                    and not (m.lastgroup.startswith("unc") and _AND_GAP_RE.search(gap) is not None
                             and _VERSUS_RE.search(m.group()) is not None)):
                if m.lastgroup.startswith("unc"):
                    return UNCERTAIN
                if (mention.column not in _SIZE_COLUMNS and _GROWN_RE.search(m.group()) is not None
                        and _HAS_NOT_RE.search(post, 0, m.start() + (m.group()[0] == " ")) is not None):
                    return POSITIVE  # "has not increased": unchanged, still there
                if mention.column == _DEVICES and _ONE_OF_RE.search(s, max(0, start - 50), start) is not None:
                    return POSITIVE  # "one of the two chest tubes has been removed"
                if clause_end < len(s) and _RESIDUAL_HEDGE_RE.match(s, clause_end) is not None:
                    return UNCERTAIN  # "infection is not favored but not excluded" (round ne)
                return NEGATIVE
        return POSITIVE
