"""The training pipeline's validate step: the daily preprocessing's TFDV statistics and schema
validation (iris_preprocess.pipeline), without its features pass.

    python -m iris_preprocess.validate --input CSV --output_dir DIR [--schema PATH] [--report_only]
        [Beam options]

Writes into DIR (a path or gs:// folder): statistics.pb (TFDV statistics), anomalies.pbtxt
(only when there are anomalies) and report.json, the readable report the pipeline's
validate-data step reads (keys: input, schema, rows, anomalies: one line per anomaly,
features: a summary of each feature's statistics). The statistics, the schema file
(schema/iris.schema.pbtxt) and the validation are the daily preprocessing's own functions,
so a day the DAG accepts is a day the pipeline accepts, and the other way round.

Exit codes: 0 valid (or --report_only, whatever the anomalies: the pipeline step that reads
the report fails the run with it), 3 anomalies (the report on stderr), 64 bad arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Iterable, Optional

from iris_preprocess.pipeline import (
    EXIT_ANOMALIES,
    EXIT_USAGE,
    AnomaliesFound,
    UsageError,
    beam_options,
    compute_statistics,
    read_header,
    validate,
)

REPORT = "report.json"
STATISTICS = "statistics.pb"
ANOMALIES = "anomalies.pbtxt"


def summarize(statistics) -> dict:
    """Per feature: what a reader checks first (counts, range, the values of a string)."""
    features = {}
    dataset = statistics.datasets[0]
    for feature in dataset.features:
        name = feature.path.step[0] if feature.path.step else feature.name
        if feature.HasField("num_stats"):
            stats = feature.num_stats
            common = stats.common_stats
            features[name] = {"type": "numeric", "count": int(common.num_non_missing), "missing": int(common.num_missing),
                              "min": stats.min, "max": stats.max, "mean": stats.mean, "std": stats.std_dev}
        elif feature.HasField("string_stats"):
            stats = feature.string_stats
            common = stats.common_stats
            features[name] = {"type": "string", "count": int(common.num_non_missing), "missing": int(common.num_missing),
                              "distinct": int(stats.unique),
                              "value_counts": {v.value: int(v.frequency) for v in stats.top_values}}
    return features


def parse_args(argv: Optional[Iterable[str]]):
    from iris_preprocess import schema as schema_module

    parser = argparse.ArgumentParser(prog="iris_preprocess.validate",
                                     description="Validate a CSV against the TFDV schema of the data contract.")
    parser.add_argument("--input", required=True, help="the CSV (path or gs:// URI)")
    parser.add_argument("--output_dir", required=True, help="folder (path or gs://) for statistics.pb and report.json")
    parser.add_argument("--schema", default=str(schema_module.SCHEMA_PATH), help="TFDV schema (.pbtxt)")
    parser.add_argument("--report_only", action="store_true",
                        help="exit 0 with anomalies too: the caller fails on the report")
    return parser.parse_known_args(None if argv is None else list(argv))


def run(argv: Optional[Iterable[str]] = None) -> dict:
    from pathlib import Path

    import tensorflow_data_validation as tfdv
    from apache_beam.io.filesystems import FileSystems

    from iris_preprocess import schema as schema_module

    args, beam_args = parse_args(argv)
    try:
        schema = schema_module.load(Path(args.schema))
    except FileNotFoundError as err:
        raise UsageError(str(err)) from None
    out = args.output_dir.rstrip("/")
    if not out.startswith("gs://"):
        Path(out).mkdir(parents=True, exist_ok=True)
    statistics_uri = f"{out}/{STATISTICS}"
    header = read_header(args.input)
    compute_statistics(args.input, header, statistics_uri, beam_options(beam_args))
    try:
        validate(statistics_uri, schema, args.input, f"{out}/{ANOMALIES}")
        problems: list[str] = []
    except AnomaliesFound as err:
        problems = err.problems
    statistics = tfdv.load_stats_binary(statistics_uri)
    report = {
        "input": args.input,
        "schema": Path(args.schema).name,
        "rows": int(statistics.datasets[0].num_examples),
        "anomalies": problems,
        "features": summarize(statistics),
    }
    with FileSystems.create(f"{out}/{REPORT}") as handle:
        handle.write(json.dumps(report, indent=2, sort_keys=True).encode("utf-8"))
    return report


def main(argv: Optional[Iterable[str]] = None) -> int:
    args, _ = parse_args(argv)
    try:
        report = run(argv)
    except UsageError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE
    if report["anomalies"] and not args.report_only:
        print(AnomaliesFound(report["input"], report["anomalies"]), file=sys.stderr)
        return EXIT_ANOMALIES
    print(json.dumps({k: report[k] for k in ("input", "rows", "anomalies")}, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
