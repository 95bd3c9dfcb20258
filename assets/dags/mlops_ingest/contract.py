"""The data contract between the ingestion DAG and the training pipeline, and its check.

The contract (iris.schema.json beside this file) names every column, its type, and for string
columns the allowed values; it also bounds the row count. The DAG refuses a source that breaks
it, so a drifted upstream file never reaches the shared-data bucket and never triggers a
training run. The pipeline's validation step reads the same file (embedded at compile time)
and adds value-range and statistics checks.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).with_name("iris.schema.json")

# Violations beyond this many per column are counted, not listed, to keep messages readable.
_EXAMPLES_PER_PROBLEM = 3


class ContractViolation(ValueError):
    """The source does not match the data contract; retrying cannot help."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        listing = "\n  - ".join(problems)
        super().__init__(f"source {source} breaks the data contract:\n  - {listing}")


@dataclass(frozen=True)
class CheckedCsv:
    """A source that passed the contract, re-serialised in contract column order."""

    csv_text: str
    rows: int
    columns: tuple[str, ...]


def load_schema(path: Path = SCHEMA_PATH) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def check_csv(
    raw: bytes,
    source: str,
    schema: dict[str, Any],
    min_rows: int | None = None,
    max_rows: int | None = None,
) -> CheckedCsv:
    """Checks raw CSV bytes against the contract and returns the normalised CSV.

    Columns may arrive in any order; the output always has the contract's order. Values are
    kept as the source wrote them (no float re-formatting), stripped of surrounding blanks.
    All problems are collected before raising, so one failed run lists every drift.
    """
    min_rows = schema["min_rows"] if min_rows is None else min_rows
    max_rows = schema["max_rows"] if max_rows is None else max_rows
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ContractViolation(source, [f"not UTF-8 text: {err}"]) from None

    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise ContractViolation(source, ["empty file: expected a CSV header row"])
    header = [cell.strip() for cell in header]

    expected = [column["name"] for column in schema["columns"]]
    problems: list[str] = []
    missing = [name for name in expected if name not in header]
    unexpected = [name for name in header if name not in expected]
    duplicated = sorted({name for name in header if header.count(name) > 1})
    if missing:
        problems.append(f"missing column(s): {', '.join(repr(n) for n in missing)} (expected {expected})")
    if unexpected:
        problems.append(
            f"unexpected column(s): {', '.join(repr(n) for n in unexpected)} (expected {expected})"
        )
    if duplicated:
        problems.append(f"duplicated column(s): {', '.join(repr(n) for n in duplicated)}")
    if problems:
        raise ContractViolation(source, problems)

    position = {name: header.index(name) for name in expected}
    bad: dict[str, list[str]] = {name: [] for name in expected}
    bad_counts: dict[str, int] = {name: 0 for name in expected}
    ragged: list[int] = []
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(expected)
    rows = 0
    for line_number, record in enumerate(reader, start=2):
        if not record or all(not cell.strip() for cell in record):
            continue  # blank lines (a trailing newline, say) are not rows
        rows += 1
        if len(record) != len(header):
            ragged.append(line_number)
            continue
        values = [record[position[name]].strip() for name in expected]
        for column, value in zip(schema["columns"], values):
            reason = _value_problem(column, value)
            if reason:
                bad_counts[column["name"]] += 1
                if len(bad[column["name"]]) < _EXAMPLES_PER_PROBLEM:
                    bad[column["name"]].append(f"line {line_number}: {reason}")
        writer.writerow(values)

    if ragged:
        shown = ", ".join(str(n) for n in ragged[:_EXAMPLES_PER_PROBLEM])
        problems.append(f"{len(ragged)} row(s) without {len(header)} fields (line {shown}...)")
    for column in schema["columns"]:
        name = column["name"]
        if bad_counts[name]:
            problems.append(
                f"column '{name}' (expected {_describe(column)}): {bad_counts[name]} bad value(s), e.g. "
                + "; ".join(bad[name])
            )
    if rows < min_rows:
        problems.append(f"row count {rows} is below the minimum {min_rows}")
    if rows > max_rows:
        problems.append(f"row count {rows} is above the maximum {max_rows}")
    if problems:
        raise ContractViolation(source, problems)
    return CheckedCsv(csv_text=out.getvalue(), rows=rows, columns=tuple(expected))


def _describe(column: dict[str, Any]) -> str:
    if column["type"] == "string" and "values" in column:
        return f"one of {column['values']}"
    return column["type"]


def _value_problem(column: dict[str, Any], value: str) -> str | None:
    if value == "":
        return "missing value"
    if column["type"] == "float":
        try:
            number = float(value)
        except ValueError:
            return f"{value!r} is not a number"
        if not math.isfinite(number):
            return f"{value!r} is not a finite number"
        return None
    if column["type"] == "int":
        try:
            int(value)
        except ValueError:
            return f"{value!r} is not an integer"
        return None
    if column["type"] == "string":
        allowed = column.get("values")
        if allowed is not None and value not in allowed:
            return f"{value!r} is not one of {allowed}"
        return None
    raise ValueError(f"schema column {column['name']!r} has unknown type {column['type']!r}")
