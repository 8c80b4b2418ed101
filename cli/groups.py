"""Groups for `rrg score --group-by COLUMN` / `--groups FILE`: one group per scored sample.

`--group-by COLUMN` reads the column from PREDS (else REFS) when they are CSV/TSV, JSONL or
JSON lists of objects. `--groups FILE` maps ids to groups: a JSON object ``{"id": "group"}``,
or records (JSON list of objects, JSONL, CSV/TSV) with an id field (``--id-column``, else
`ID_FIELDS`) and a group field (``--group-by``, else ``group``, else the only other field).
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from rrg_rewards.errors import RewardsError

from .io import ID_FIELDS, SHOW_IDS, Reports, _group_value, _names, _parse_json, _pick, read_text

#: the group field of a groups file when --group-by names none
GROUP_FIELD = "group"


def _some(items: list[str]) -> str:
    return ", ".join(map(repr, items[:SHOW_IDS])) + (", ..." if len(items) > SHOW_IDS else "")


def _records(path: str) -> list[dict] | dict:
    text = read_text(path)
    ext = Path(path).suffix.lower()
    if ext in (".csv", ".tsv") or (ext not in (".json", ".jsonl") and text.lstrip()[:1] not in "[{"):
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter="\t" if ext == ".tsv" else ",")
        try:
            rows = [dict(r) for r in reader]
        except csv.Error as exc:
            raise RewardsError(f"{path}: malformed CSV ({exc})") from None
        if not reader.fieldnames:
            raise RewardsError(f"{path}: CSV has no header row")
        if not rows:
            raise RewardsError(f"{path}: CSV has a header but no rows")
        return rows
    if ext == ".jsonl":
        data: object = [_parse_json(line, path, n) for n, line in enumerate(text.splitlines(), 1)
                        if line.strip()]
    else:
        data = _parse_json(text, path)
    if isinstance(data, dict):
        return data
    if isinstance(data, list) and data and all(isinstance(r, dict) for r in data):
        return data
    raise RewardsError(f"{path}: expected a JSON object id -> group, or records with id and group fields")


def read_group_file(path: str, id_column: str | None = None, group_column: str | None = None) -> dict[str, str]:
    """id -> group from a groups file (see module docstring).

    Raises:
        RewardsError: unreadable file, no id or group field, a blank group, duplicate ids.
    """
    data = _records(path)
    if isinstance(data, dict):
        if not data:
            raise RewardsError(f"{path}: JSON object is empty")
        if group_column is not None:  # it was silently ignored
            raise RewardsError(f"{path}: a JSON object id -> group has no fields, so --group-by "
                               f"{group_column!r} names nothing in it; leave --group-by out")
        return {str(k): _group_value(v, path, f"entry {k!r}") for k, v in data.items()}
    keys = list(data[0].keys())
    id_key = _pick(keys, id_column, ID_FIELDS, path, "id", required=True)
    if group_column is not None:
        if group_column not in keys:
            raise RewardsError(f"{path}: no group column/field {group_column!r} (found: {_names(keys)})")
        group_key = group_column
    elif GROUP_FIELD in keys:
        group_key = GROUP_FIELD
    else:
        others = [k for k in keys if k != id_key]
        if len(others) != 1:
            raise RewardsError(f"{path}: which field holds the group? (found: {_names(keys)}); "
                               "name it with --group-by")
        group_key = others[0]
    out: dict[str, str] = {}
    for i, rec in enumerate(data, 1):
        if id_key not in rec or group_key not in rec:
            raise RewardsError(f"{path}: record {i} has no {id_key if id_key not in rec else group_key!r} field")
        sid = str(rec[id_key])
        if sid in out:
            raise RewardsError(f"{path}: duplicate id {sid!r}")
        out[sid] = _group_value(rec[group_key], path, f"record {i} field {group_key!r}")
    return out


def sample_groups(preds: Reports, refs: Reports, ids: list[str] | None, group_by: str | None,
                  groups_file: str | None, id_column: str | None = None) -> list[str]:
    """One group per aligned sample (the order of `rrg_cli.io.align`'s output).

    Raises:
        RewardsError: the column is in neither file, the inputs have no ids for a groups file,
            or ids are missing from it.
    """
    if groups_file is not None:
        if ids is None:
            raise RewardsError(f"--groups {groups_file} maps ids to groups, but {preds.path} and "
                               f"{refs.path} have no ids; use --group-by COLUMN or give ids")
        mapping = read_group_file(groups_file, id_column, group_by)
        missing = [i for i in ids if i not in mapping]
        if missing:
            raise RewardsError(f"{len(missing)} id(s) missing from {groups_file}: {_some(missing)}")
        return [mapping[i] for i in ids]
    if group_by is None:
        raise RewardsError("no groups: give --group-by COLUMN or --groups FILE")
    if preds.groups is not None:
        return list(preds.groups)
    if refs.groups is not None:
        if preds.ids is not None and refs.ids is not None:
            by_id = dict(zip(refs.ids, refs.groups))
            return [by_id[i] for i in ids or []]
        return list(refs.groups)

    def found(r: Reports) -> str:
        return f"fields: {_names(list(r.fields))}" if r.fields else "no named fields"
    raise RewardsError(f"unknown column {group_by!r}: not in {preds.path} ({found(preds)}) "
                       f"nor in {refs.path} ({found(refs)})")
