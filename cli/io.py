"""Reading report files for `rrg score` / `rrg label`, and writing outputs atomically.

Accepted inputs (detected from the extension, else from the content):
    JSON list             ["report", ...] or [["ref a", "ref b"], ...]: aligned by position
    JSON list of objects  [{"id": .., "report": ..}, ...] (COCO results' image_id/caption too)
    JSON object           {"id": "report"} or {"id": ["ref a", "ref b"]} (pycocoevalcap's gts/res format)
    JSONL                 one object per line with an id and a text field
    CSV / TSV             a header with id and report columns (names settable)
    TXT                   one report per line (as nlg-eval's hyp.txt / ref.txt), aligned by position

Every problem raises `RewardsError` with one line that names the file, which the CLI turns into
``rrg: error: ...`` and exit code 2.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from rrg_rewards.atomic import atomic_write_bytes, atomic_write_text
from rrg_rewards.errors import RewardsError
from rrg_rewards.inputs import read_text

#: field names tried, in order, when the user names none
ID_FIELDS = ("id", "study_id", "image_id", "dicom_id", "uid")
TEXT_FIELDS = ("report", "text", "prediction", "reference", "caption", "generated", "findings")

#: how many missing/extra ids an error message lists
SHOW_IDS = 5


@dataclass(frozen=True)
class Reports:
    """Reports read from one file.

    Attributes:
        path: the file, for error messages.
        ids: per sample an id, or None when the file aligns by position.
        texts: per sample one or more strings (several references per sample).
    """

    path: str
    ids: list[str] | None
    texts: list[list[str]]
    #: per sample the value of the `group_column` asked for, or None when the file has no such field
    groups: list[str] | None = None
    #: the file's field / column names (records and CSV; empty for plain lists and TXT)
    fields: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.texts)


#: a \u escape of a UTF-16 surrogate: only where one occurs can JSON hold an unpaired one
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _parse_json(text: str, path: str, line: int | None = None) -> object:
    """`json.loads` whose every failure is one RewardsError (`line`: the JSONL line number).

    Besides bad syntax: nesting deeper than Python's recursion limit, and strings with an
    unpaired surrogate escape (such as ``\\ud800``), which are valid JSON but not text (no
    output file could hold them).
    """
    on_line = f" on line {line}" if line is not None else ""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if line is not None:
            raise RewardsError(f"{path}: invalid JSON on line {line} ({exc.msg})") from None
        raise RewardsError(f"{path}: invalid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    except RecursionError:
        raise RewardsError(f"{path}: JSON nested too deeply{on_line}") from None
    if _SURROGATE_ESCAPE.search(text) and _has_lone_surrogate(data):
        raise RewardsError(f"{path}: a \\u escape{on_line} makes an unpaired UTF-16 surrogate, "
                           "which is not text")
    return data


def _has_lone_surrogate(data: object) -> bool:
    """Whether any string (value or key) in parsed JSON holds an unpaired surrogate."""
    stack = [data]
    while stack:  # iterative: data may be nested nearly as deep as the recursion limit
        v = stack.pop()
        if isinstance(v, str):
            try:
                v.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(v, list):
            stack.extend(v)
        elif isinstance(v, dict):
            stack.extend(v)
            stack.extend(v.values())
    return False


def _json_type(value: object) -> str:
    """The JSON name of a parsed value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return {str: "a string", list: "a list", dict: "an object"}.get(type(value), type(value).__name__)


def _as_id(value: object, path: str, where: str, expected: str = "a string or a number") -> str:
    """One sample's id (or group): a non-blank string or a number (COCO's image_id), as a string."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise RewardsError(f"{path}: {where} is {_json_type(value)}, expected {expected}")
    if isinstance(value, str) and not value.strip():
        raise RewardsError(f"{path}: {where} is blank, expected {expected}")
    return str(value)


def _group_value(value: object, path: str, where: str) -> str:
    """One sample's group: as an id, named so in messages."""
    return _as_id(value, path, where, "a group name")


def _as_texts(value: object, path: str, where: str) -> list[str]:
    """One sample's value -> list of strings (a string, or a non-empty list of strings)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return list(value)
    if isinstance(value, list) and not value:
        raise RewardsError(f"{path}: {where} is an empty list, expected at least one report")
    raise RewardsError(f"{path}: {where} is {_json_type(value)}, expected a string or a list of strings")


def _names(keys: list[str], show: int = 8) -> str:
    """A file's field names for a message: quoted, so blanks and line breaks show."""
    return ", ".join(map(repr, keys[:show])) + (", ..." if len(keys) > show else "")


def _pick(keys: Iterable[str], wanted: str | None, candidates: tuple[str, ...], path: str,
          what: str, required: bool) -> str | None:
    keys = list(keys)
    if wanted is not None:
        if wanted in keys:
            return wanted
        if not required:
            return None
        raise RewardsError(f"{path}: no {what} column/field {wanted!r} (found: {_names(keys)})")
    lower = {k.lower(): k for k in keys}
    for c in candidates:
        if c in lower:
            return lower[c]
    if required:
        raise RewardsError(
            f"{path}: no {what} column/field (tried {', '.join(candidates)}; found: "
            f"{_names(keys)}); name it with --{what}-column")
    return None


def _from_records(records: list[object], path: str, id_column: str | None,
                  text_column: str | None, group_column: str | None = None) -> Reports:
    """Objects with id and text fields (JSON list of objects, JSONL)."""
    ids: list[str] = []
    texts: list[list[str]] = []
    groups: list[str] = []
    id_key = text_key = None
    has_group = False
    fields: tuple[str, ...] = ()
    for i, rec in enumerate(records):
        if not isinstance(rec, dict):
            raise RewardsError(f"{path}: record {i + 1} is {type(rec).__name__}, expected an object")
        if i == 0:
            id_key = _pick(rec.keys(), id_column, ID_FIELDS, path, "id", required=id_column is not None)
            text_key = _pick(rec.keys(), text_column, TEXT_FIELDS, path, "text", required=True)
            fields = tuple(rec.keys())
            has_group = group_column is not None and group_column in rec
        if has_group:
            if group_column not in rec:
                raise RewardsError(f"{path}: record {i + 1} has no {group_column!r} field")
            groups.append(_group_value(rec[group_column], path, f"record {i + 1} field {group_column!r}"))
        if text_key not in rec:
            raise RewardsError(f"{path}: record {i + 1} has no {text_key!r} field")
        texts.append(_as_texts(rec[text_key], path, f"record {i + 1} field {text_key!r}"))
        if id_key is not None:
            if id_key not in rec:
                raise RewardsError(f"{path}: record {i + 1} has no {id_key!r} field")
            ids.append(_as_id(rec[id_key], path, f"record {i + 1} field {id_key!r}"))
    return _finish(path, ids if id_key is not None else None, texts, groups if has_group else None,
                   fields)


def _from_json(data: object, path: str, id_column: str | None, text_column: str | None,
               group_column: str | None = None) -> Reports:
    """Reports of parsed JSON (see `_parse_json`)."""
    if isinstance(data, dict):
        if not data:
            raise RewardsError(f"{path}: JSON object is empty")
        ids = [str(k) for k in data]
        texts = [_as_texts(v, path, f"entry {k!r}") for k, v in data.items()]
        return _finish(path, ids, texts)
    if isinstance(data, list):
        if not data:
            raise RewardsError(f"{path}: JSON list is empty")
        if all(isinstance(v, dict) for v in data):
            return _from_records(data, path, id_column, text_column, group_column)
        return _finish(path, None, [_as_texts(v, path, f"item {i + 1}") for i, v in enumerate(data)])
    raise RewardsError(f"{path}: expected a JSON list or object, got {type(data).__name__}")


def _from_jsonl(text: str, path: str, id_column: str | None, text_column: str | None,
                group_column: str | None = None) -> Reports:
    records = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        records.append(_parse_json(line, path, n))
    if not records:
        raise RewardsError(f"{path}: no records")
    if not all(isinstance(r, dict) for r in records):
        # a JSONL of bare strings is a list too
        return _finish(path, None, [_as_texts(r, path, f"line {i + 1}") for i, r in enumerate(records)])
    return _from_records(records, path, id_column, text_column, group_column)


def _from_csv(text: str, path: str, id_column: str | None, text_column: str | None,
              delimiter: str, group_column: str | None = None) -> Reports:
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        fields = reader.fieldnames
        if not fields:
            raise RewardsError(f"{path}: CSV has no header row")
        id_key = _pick(fields, id_column, ID_FIELDS, path, "id", required=id_column is not None)
        text_key = _pick(fields, text_column, TEXT_FIELDS, path, "text", required=True)
        group_key = group_column if group_column is not None and group_column in fields else None
        ids: list[str] = []
        texts: list[list[str]] = []
        groups: list[str] = []
        for row in reader:
            if group_key is not None:
                groups.append(_group_value(row.get(group_key) or "", path,
                                           f"line {reader.line_num} column {group_key!r}"))
            value = row.get(text_key)
            if value is None:
                raise RewardsError(f"{path}: line {reader.line_num} has no {text_key!r} value")
            texts.append([value])
            if id_key is not None:
                if not (row.get(id_key) or "").strip():
                    raise RewardsError(f"{path}: line {reader.line_num} has an empty {id_key!r}")
                ids.append(row[id_key])
    except csv.Error as exc:
        raise RewardsError(f"{path}: malformed CSV ({exc})") from None
    if not texts:
        raise RewardsError(f"{path}: CSV has a header but no rows")
    return _finish(path, ids if id_key is not None else None, texts,
                   groups if group_key is not None else None, tuple(fields))


def _finish(path: str, ids: list[str] | None, texts: list[list[str]],
            groups: list[str] | None = None, fields: tuple[str, ...] = ()) -> Reports:
    if not texts:
        raise RewardsError(f"{path}: no reports")
    if ids is not None:
        seen: set[str] = set()
        dups = [i for i in ids if i in seen or seen.add(i)]  # type: ignore[func-returns-value]
        if dups:
            raise RewardsError(f"{path}: duplicate ids: {', '.join(map(repr, dups[:SHOW_IDS]))}")
        # several references per id may also come as repeated rows; not supported: say so above
    return Reports(path, ids, texts, groups, fields)


def read_reports(path: str | os.PathLike[str], *, id_column: str | None = None,
                 text_column: str | None = None, group_column: str | None = None) -> Reports:
    """Read reports from any supported file (see module docstring).

    Args:
        path: the file.
        id_column: id field/column name; default: the first of ``ID_FIELDS`` present.
        text_column: text field/column name; default: the first of ``TEXT_FIELDS`` present.
        group_column: a field/column to read as each sample's group (`Reports.groups`), when
            the file has it (CSV/TSV, JSONL, JSON list of objects).

    Raises:
        RewardsError: one line naming the file and the problem.
    """
    spath = str(path)
    text = read_text(path)
    ext = Path(spath).suffix.lower()
    if ext == ".jsonl":
        return _from_jsonl(text, spath, id_column, text_column, group_column)
    if ext == ".json":
        return _from_json(_parse_json(text, spath), spath, id_column, text_column, group_column)
    if ext in (".csv", ".tsv"):
        return _from_csv(text, spath, id_column, text_column, "\t" if ext == ".tsv" else ",",
                         group_column)
    if ext == ".txt":
        return _finish(spath, None, [[line] for line in text.splitlines()])
    # unknown extension: sniff
    head = text.lstrip()[:1]
    if head in "[{":
        try:
            data = _parse_json(text, spath)
        except RewardsError:
            if head == "{":  # not one JSON value: maybe one per line
                return _from_jsonl(text, spath, id_column, text_column, group_column)
            raise
        return _from_json(data, spath, id_column, text_column, group_column)
    return _from_csv(text, spath, id_column, text_column, ",", group_column)


def align(preds: Reports, refs: Reports) -> tuple[list[str] | None, list[str], list[list[str]]]:
    """Pair predictions with references: by id when both have ids, else by position.

    Returns:
        (ids or None, one prediction string per sample, reference lists per sample).

    Raises:
        RewardsError: several texts for one prediction, count mismatch, missing or extra ids.
    """
    for i, t in enumerate(preds.texts):
        if len(t) != 1:
            where = f"id {preds.ids[i]!r}" if preds.ids else f"item {i + 1}"
            raise RewardsError(f"{preds.path}: {where} has {len(t)} predictions, expected one")
    pred_texts = [t[0] for t in preds.texts]
    if preds.ids is not None and refs.ids is not None:
        ref_by_id = dict(zip(refs.ids, refs.texts))
        missing = [i for i in preds.ids if i not in ref_by_id]
        pred_set = set(preds.ids)
        extra = [i for i in refs.ids if i not in pred_set]
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"{len(missing)} prediction id(s) missing from {refs.path} "
                             f"({', '.join(map(repr, missing[:SHOW_IDS]))}{', ...' if len(missing) > SHOW_IDS else ''})")
            if extra:
                parts.append(f"{len(extra)} reference id(s) missing from {preds.path} "
                             f"({', '.join(map(repr, extra[:SHOW_IDS]))}{', ...' if len(extra) > SHOW_IDS else ''})")
            raise RewardsError("ids do not match: " + "; ".join(parts))
        return list(preds.ids), pred_texts, [ref_by_id[i] for i in preds.ids]
    if len(preds) != len(refs):
        raise RewardsError(
            f"{preds.path} has {len(preds)} predictions but {refs.path} has {len(refs)} references")
    ids = preds.ids if preds.ids is not None else refs.ids
    return (list(ids) if ids is not None else None), pred_texts, list(refs.texts)


#: an output named ``-`` goes to standard output (``rrg label in.csv -o - | head``)
STDOUT = "-"


def output_folder(path: str | os.PathLike[str]) -> Path:
    """The folder an output file goes in, which must exist: outputs never create folders.

    A mistyped folder is far more often a mistake than a wish, so it is an error (checked
    before any work, where a command can) rather than silently made.

    Raises:
        RewardsError: `path` is a directory, or its folder does not exist.
    """
    target = Path(path)
    if str(path) == STDOUT:
        return Path(".")
    if target.is_dir():
        raise RewardsError(f"{path}: is a directory, cannot write output there")
    parent = target.parent if str(target.parent) else Path(".")
    if parent.exists() and not parent.is_dir():
        raise RewardsError(f"{path}: {parent} is a file, not a folder")
    if not parent.is_dir():
        raise RewardsError(f"{path}: folder {parent} does not exist")
    return parent


def distinct_outputs(inputs: dict[str, str | os.PathLike[str] | None],
                     outputs: dict[str, str | os.PathLike[str] | None]) -> None:
    """Refuse an output that is one of the inputs or another output (``--per-sample refs.csv``
    replaced the references with scores). Options are named as the user typed them.

    Raises:
        RewardsError: two of them name the same file.
    """
    def key(path: str | os.PathLike[str]) -> str:
        return os.path.realpath(path)

    seen: dict[str, str] = {key(p): name for name, p in inputs.items() if p is not None}
    for name, path in outputs.items():
        if path is None or str(path) == STDOUT:
            continue
        if os.path.exists(path) and not Path(path).is_file():
            continue  # /dev/stdout, a pipe: not a file anything could be read back from
        other = seen.get(key(path))
        if other in outputs:
            raise RewardsError(f"{path}: {other} and {name} name the same file")
        if other is not None:
            raise RewardsError(f"{path}: {name} would overwrite {other}; choose another file")
        seen[key(path)] = name


def check_output_dir(path: str | os.PathLike[str]) -> None:
    """Fail before any work when an output *folder* cannot be made because a file is in the
    way (``--out notes.txt/run``); the folder itself is made later, by the work.

    Raises:
        RewardsError: `path`, or the nearest of its parents that exists, is not a folder.
    """
    target = Path(path)
    for folder in (target, *target.parents):
        if folder.exists():
            if not folder.is_dir():
                where = "is a file" if folder == target else f"cannot be made: {folder} is a file"
                raise RewardsError(f"{path}: {where}, expected a folder")
            return


def make_output_dir(path: str | os.PathLike[str]) -> Path:
    """Create an output *folder* (with its parents, as a run folder is), before any work.

    Raises:
        RewardsError: `path` is a file, or the file system refuses the folder.
    """
    check_output_dir(path)
    target = Path(path)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RewardsError(f"{path}: cannot create folder ({exc.strerror or exc})") from None
    return target


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write a file completely or not at all (`rrg_rewards.atomic`); outputs never create folders.

    Raises:
        RewardsError: no such folder, or the folder or disk refuses the write (nothing is left).
    """
    output_folder(path)
    if str(path) == STDOUT:
        buffer = getattr(sys.stdout, "buffer", None)  # bytes as they are, text as UTF-8
        sys.stdout.flush()
        if buffer is not None:
            buffer.write(data.encode("utf-8") if isinstance(data, str) else data)
            buffer.flush()
        else:
            sys.stdout.write(data if isinstance(data, str) else data.decode("utf-8"))
        return
    try:
        if isinstance(data, str):
            atomic_write_text(path, data)
        else:
            atomic_write_bytes(path, data)
    except OSError as exc:
        raise RewardsError(f"{path}: cannot write ({exc.strerror or exc})") from None


def iter_chunks(items: list, size: int) -> Iterator[list]:
    """Consecutive slices of at most `size` items."""
    for start in range(0, len(items), size):
        yield items[start:start + size]
