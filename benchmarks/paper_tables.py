"""The published numbers `rrg bench` prints beside its own: Qin & Song (Findings of ACL 2022).

Table 3 (the ablation: BASE, +RL, +CMM, +CMM+RL) and Table 4 (prior systems), on the
IU X-Ray and MIMIC-CXR test sets, transcribed from ``r2genrl-paper.txt``. They are
the paper's numbers on real data, never comparable in value to a phantom run: only
the *ordering* of the four variants is what a phantom run can confirm or not.
``None`` is the paper's "-" (not reported; CE is only reported for MIMIC-CXR).
"""
from __future__ import annotations

#: column keys in the order of the paper's tables
COLUMNS: tuple[str, ...] = ("BL-1", "BL-2", "BL-3", "BL-4", "MTR", "RG-L", "P", "R", "F1")

Row = dict[str, float | None]


def _row(*values: float | None) -> Row:
    return dict(zip(COLUMNS, values))


#: Table 3: {dataset: {variant: row}}; the paper's AVG. delta column is in TABLE3_AVG_DELTA.
TABLE3: dict[str, dict[str, Row]] = {
    "iu_xray": {
        "BASE": _row(0.396, 0.254, 0.179, 0.135, 0.164, 0.342, None, None, None),
        "+RL": _row(0.446, 0.290, 0.212, 0.167, 0.194, 0.356, None, None, None),
        "+CMM": _row(0.474, 0.309, 0.224, 0.173, 0.195, 0.376, None, None, None),
        "+CMM+RL": _row(0.494, 0.321, 0.235, 0.181, 0.201, 0.384, None, None, None),
    },
    "mimic_cxr": {
        "BASE": _row(0.314, 0.192, 0.127, 0.090, 0.125, 0.265, 0.331, 0.224, 0.228),
        "+RL": _row(0.357, 0.219, 0.146, 0.104, 0.139, 0.274, 0.325, 0.267, 0.271),
        "+CMM": _row(0.365, 0.222, 0.147, 0.104, 0.142, 0.272, 0.329, 0.285, 0.280),
        "+CMM+RL": _row(0.381, 0.232, 0.155, 0.109, 0.151, 0.287, 0.342, 0.294, 0.292),
    },
}

#: Table 3's "AVG. delta" (average relative NLG improvement over BASE), in percent.
TABLE3_AVG_DELTA: dict[str, dict[str, float | None]] = {
    "iu_xray": {"BASE": None, "+RL": 15.2, "+CMM": 20.6, "+CMM+RL": 25.2},
    "mimic_cxr": {"BASE": None, "+RL": 12.1, "+CMM": 13.2, "+CMM+RL": 19.1},
}

#: Table 4: {dataset: [(system, row)]}, in the paper's order, ending with the paper's own model.
TABLE4: dict[str, list[tuple[str, Row]]] = {
    "iu_xray": [
        ("ST", _row(0.216, 0.124, 0.087, 0.066, None, 0.306, None, None, None)),
        ("ATT2IN", _row(0.224, 0.129, 0.089, 0.068, None, 0.308, None, None, None)),
        ("ADAATT", _row(0.220, 0.127, 0.089, 0.068, None, 0.308, None, None, None)),
        ("COATT", _row(0.455, 0.288, 0.205, 0.154, None, 0.369, None, None, None)),
        ("HRGR", _row(0.438, 0.298, 0.208, 0.151, None, 0.322, None, None, None)),
        ("CMAS-RL", _row(0.464, 0.301, 0.210, 0.154, None, 0.362, None, None, None)),
        ("R2GEN", _row(0.470, 0.304, 0.219, 0.165, None, 0.371, None, None, None)),
        ("CA", _row(0.492, 0.314, 0.222, 0.169, 0.193, 0.381, None, None, None)),
        ("CMCL", _row(0.473, 0.305, 0.217, 0.162, 0.186, 0.378, None, None, None)),
        ("PPKED", _row(0.483, 0.315, 0.224, 0.168, None, 0.376, None, None, None)),
        ("R2GENCMN", _row(0.475, 0.309, 0.222, 0.170, 0.191, 0.375, None, None, None)),
        ("OURS (CMM+RL)", _row(0.494, 0.321, 0.235, 0.181, 0.201, 0.384, None, None, None)),
    ],
    "mimic_cxr": [
        ("ST", _row(0.299, 0.184, 0.121, 0.084, 0.124, 0.263, 0.249, 0.203, 0.204)),
        ("ATT2IN", _row(0.325, 0.203, 0.136, 0.096, 0.134, 0.276, 0.322, 0.239, 0.249)),
        ("ADAATT", _row(0.299, 0.185, 0.124, 0.088, 0.118, 0.266, 0.268, 0.186, 0.181)),
        ("TOPDOWN", _row(0.317, 0.195, 0.130, 0.092, 0.128, 0.267, 0.320, 0.231, 0.238)),
        ("R2GEN", _row(0.353, 0.218, 0.145, 0.103, 0.142, 0.270, 0.333, 0.273, 0.276)),
        ("CA", _row(0.350, 0.219, 0.152, 0.109, 0.151, 0.283, None, None, None)),
        ("CMCL", _row(0.344, 0.217, 0.140, 0.097, 0.133, 0.281, None, None, None)),
        ("PPKED", _row(0.360, 0.224, 0.149, 0.106, 0.149, 0.284, None, None, None)),
        ("R2GENCMN", _row(0.353, 0.218, 0.148, 0.106, 0.142, 0.278, 0.334, 0.275, 0.278)),
        ("OURS (CMM+RL)", _row(0.381, 0.232, 0.155, 0.109, 0.151, 0.287, 0.342, 0.294, 0.292)),
    ],
}

DATASET_LABEL = {"iu_xray": "paper, IU X-Ray", "mimic_cxr": "paper, MIMIC-CXR"}
