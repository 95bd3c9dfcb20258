"""The training pipeline's validate step (iris_preprocess.validate) is the daily preprocessing's
validation: the same functions, the same schema file, the same verdict on the same day."""

from __future__ import annotations

import json

import pytest

from conftest import DATAFLOW


def test_it_calls_the_preprocessings_own_functions_and_schema():
    from iris_preprocess import pipeline, schema, validate

    assert validate.compute_statistics is pipeline.compute_statistics
    assert validate.validate is pipeline.validate
    assert validate.read_header is pipeline.read_header
    expected = DATAFLOW / "schema" / "iris.schema.pbtxt"
    assert schema.SCHEMA_PATH == expected
    validate_args, _ = validate.parse_args(["--input", "x.csv", "--output_dir", "out"])
    pipeline_args, _ = pipeline.parse_args(["--input", "x.csv", "--features_output", "f/data.csv"])
    assert validate_args.schema == pipeline_args.schema == str(expected)


def run_validate(tmp_path, text: str, *extra: str):
    from iris_preprocess import validate

    source = tmp_path / "in" / "data.csv"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "validation"
    code = validate.main(["--input", str(source), "--output_dir", str(out), "--runner", "DirectRunner", *extra])
    return code, out


def test_sample_day_is_valid_with_a_readable_report(tmp_path, sample_text, capsys):
    code, out = run_validate(tmp_path, sample_text)

    assert code == 0, capsys.readouterr().err
    report = json.loads((out / "report.json").read_text())
    assert report["rows"] == 150
    assert report["anomalies"] == []
    assert report["schema"] == "iris.schema.pbtxt"
    assert report["features"]["species"]["value_counts"] == {"setosa": 50, "versicolor": 50, "virginica": 50}
    assert report["features"]["sepal_length"]["min"] == pytest.approx(4.3)
    assert (out / "statistics.pb").stat().st_size > 0
    assert not (out / "anomalies.pbtxt").exists()


def test_a_bad_day_gets_the_same_report_from_both(tmp_path, sample_text, day, capsys):
    bad = sample_text.replace("5.1,3.5,1.4,0.2,setosa", "55.1,3.5,1.4,0.2,daisy", 1)

    code, features = day(bad)
    preprocessing = [line[4:] for line in capsys.readouterr().err.splitlines() if line.startswith("  - ")]
    assert code == 3 and not features.exists()

    code, out = run_validate(tmp_path, bad)
    err = capsys.readouterr().err
    assert code == 3
    assert "data validation failed for" in err and "Traceback" not in err
    report = json.loads((out / "report.json").read_text())
    assert report["anomalies"] == preprocessing
    assert [a.split("'")[1] for a in report["anomalies"]] == ["sepal_length", "species"]
    assert "daisy" in report["anomalies"][1]
    assert (out / "anomalies.pbtxt").exists()


def test_report_only_exits_0_and_leaves_the_verdict_to_the_report(tmp_path, sample_text, capsys):
    code, out = run_validate(tmp_path, sample_text.replace(",virginica", ",virginia"), "--report_only")

    assert code == 0, capsys.readouterr().err
    anomalies = json.loads((out / "report.json").read_text())["anomalies"]
    assert len(anomalies) == 1 and anomalies[0].startswith("feature 'species'") and "virginia" in anomalies[0]


def test_bad_arguments_name_the_flag(tmp_path, capsys):
    from iris_preprocess import validate

    code = validate.main(["--input", str(tmp_path / "absent.csv"), "--output_dir", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 64
    assert "--input" in err and "absent.csv" in err and "Traceback" not in err
