"""Data validation: per-column statistics and schema checks of the input CSV.

What TensorFlow Data Validation does for this pipeline, without TFDV's heavy dependency tree
(apache-beam, tensorflow): compute statistics (count, missing, type, min/max/mean/std, value
counts of categorical columns), compare them with the data contract (columns, types, ranges,
allowed values, no missing values, row-count bounds) and fail the run on any anomaly, so no
model is trained on drifted data. The statistics artifact is written either way.
"""

from kfp import dsl
from kfp.dsl import Artifact, Dataset, Input, Output

from components.runtime import BASE_IMAGE, DATA_PACKAGES


@dsl.component(base_image=BASE_IMAGE, packages_to_install=DATA_PACKAGES)
def validate_data(
    data: Input[Dataset],
    schema_json: str,
    statistics: Output[Artifact],
    validated: Output[Dataset],
) -> int:
    """Returns the row count; raises ValueError listing every anomaly."""
    import json
    import math
    import shutil

    import pandas as pd

    schema = json.loads(schema_json)
    frame = pd.read_csv(data.path, dtype=str, keep_default_na=False, skipinitialspace=True)
    frame.columns = [str(name).strip() for name in frame.columns]
    expected = [column["name"] for column in schema["columns"]]
    anomalies = []

    missing_columns = [name for name in expected if name not in frame.columns]
    unexpected_columns = [name for name in frame.columns if name not in expected]
    if missing_columns:
        anomalies.append(f"missing column(s) {missing_columns}")
    if unexpected_columns:
        anomalies.append(f"unexpected column(s) {unexpected_columns}")

    rows = len(frame)
    if rows < schema["min_rows"]:
        anomalies.append(f"row count {rows} is below the minimum {schema['min_rows']}")
    if rows > schema["max_rows"]:
        anomalies.append(f"row count {rows} is above the maximum {schema['max_rows']}")

    stats = {"rows": rows, "columns": {}}
    for column in schema["columns"]:
        name = column["name"]
        if name not in frame.columns:
            continue
        raw = frame[name].str.strip()
        is_missing = raw == ""
        entry = {"type": column["type"], "count": int((~is_missing).sum()), "missing": int(is_missing.sum())}
        if entry["missing"]:
            anomalies.append(f"column '{name}': {entry['missing']} missing value(s)")
        present = raw[~is_missing]
        if column["type"] in ("float", "int"):
            numbers = pd.to_numeric(present, errors="coerce")
            not_numeric = present[numbers.isna()]
            if len(not_numeric):
                anomalies.append(
                    f"column '{name}': {len(not_numeric)} value(s) are not {column['type']}, "
                    f"e.g. {sorted(set(not_numeric))[:3]}"
                )
            numbers = numbers.dropna()
            if len(numbers):
                entry.update(
                    min=float(numbers.min()),
                    max=float(numbers.max()),
                    mean=float(numbers.mean()),
                    std=float(numbers.std(ddof=0)),
                    zeros=int((numbers == 0).sum()),
                )
                if not all(math.isfinite(v) for v in numbers):
                    anomalies.append(f"column '{name}': infinite values")
                low, high = column.get("min"), column.get("max")
                if low is not None and entry["min"] < low:
                    anomalies.append(f"column '{name}': minimum {entry['min']} is below the allowed {low}")
                if high is not None and entry["max"] > high:
                    anomalies.append(f"column '{name}': maximum {entry['max']} is above the allowed {high}")
        else:
            counts = present.value_counts().sort_index()
            entry["distinct"] = int(counts.size)
            entry["value_counts"] = {str(k): int(v) for k, v in counts.items()}
            allowed = column.get("values")
            if allowed is not None:
                unknown = sorted(set(present) - set(allowed))
                if unknown:
                    anomalies.append(f"column '{name}': value(s) {unknown[:5]} are not in {allowed}")
                absent = sorted(set(allowed) - set(present))
                if absent and name == schema.get("label"):
                    anomalies.append(f"label column '{name}': class(es) {absent} have no rows")
        stats["columns"][name] = entry

    stats["anomalies"] = anomalies
    with open(statistics.path, "w", encoding="utf-8") as handle:
        json.dump(stats, handle, indent=2, sort_keys=True)
    statistics.metadata.update({"rows": rows, "anomalies": len(anomalies)})
    if anomalies:
        raise ValueError(
            f"data validation failed for {data.uri} ({len(anomalies)} anomalies):\n  - "
            + "\n  - ".join(anomalies)
        )
    shutil.copyfile(data.path, validated.path)
    validated.metadata.update({"rows": rows, "schema": schema["name"]})
    return rows
