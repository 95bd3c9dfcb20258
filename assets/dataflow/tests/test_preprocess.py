"""The Beam pipeline on the DirectRunner with the real TFDV, on the sample data and drifts of it."""

from __future__ import annotations

import json

import pytest

from conftest import DATAFLOW


def test_committed_tfdv_schema_is_generated_from_the_contract():
    from iris_preprocess import schema

    assert schema.SCHEMA_PATH.read_text(encoding="utf-8") == schema.render(), (
        "assets/dataflow/schema/iris.schema.pbtxt is stale: run "
        "`cd assets/dataflow && ../../.venv-dataflow/bin/python -m iris_preprocess.schema`"
    )


def test_schema_holds_the_contract_rules():
    from iris_preprocess import schema

    loaded = schema.load()
    assert [f.name for f in loaded.feature] == [
        "sepal_length", "sepal_width", "petal_length", "petal_width", "species"
    ]
    petal = next(f for f in loaded.feature if f.name == "petal_width")
    assert (petal.float_domain.min, petal.float_domain.max) == (0.0, 30.0)
    assert petal.presence.min_fraction == 1.0
    species = next(f for f in loaded.feature if f.name == "species")
    assert list(species.string_domain.value) == ["setosa", "versicolor", "virginica"]
    assert loaded.dataset_constraints.min_examples_count == 100
    assert loaded.dataset_constraints.max_examples_count == 1000000


def test_sample_day_passes_and_writes_the_features(day, sample_text, capsys):
    import tensorflow_data_validation as tfdv

    code, features = day(sample_text)

    assert code == 0, capsys.readouterr().err
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["rows"] == 150
    assert features.read_text() == sample_text
    statistics = tfdv.load_stats_binary(str(features.parent / "statistics.pb"))
    by_name = {f.path.step[0]: f for f in statistics.datasets[0].features}
    assert statistics.datasets[0].num_examples == 150
    assert round(by_name["petal_length"].num_stats.mean, 3) == 3.758
    assert by_name["petal_length"].num_stats.max == pytest.approx(6.9)
    assert not (features.parent / "anomalies.pbtxt").exists()


def test_columns_in_another_order_come_out_in_contract_order(day, sample_text, capsys):
    lines = sample_text.splitlines()
    swapped = ["species,sepal_length,sepal_width,petal_length,petal_width"] + [
        ",".join([row.split(",")[4], *row.split(",")[:4]]) for row in lines[1:]
    ]
    code, features = day("\n".join(swapped) + "\n")
    assert code == 0, capsys.readouterr().err
    assert features.read_text() == sample_text


@pytest.mark.parametrize(
    ("edit", "feature", "words"),
    [
        (lambda t: t.replace("5.1,3.5,1.4,0.2,setosa", "5.1,3.5,1.4,,setosa", 1), "petal_width", "present in fewer examples than expected"),
        (lambda t: t.replace("5.1,3.5,1.4,0.2,setosa", "5.1,3.5,1.4,wide,setosa", 1), "petal_width", "FLOAT"),
        (lambda t: t.replace("5.1,3.5,1.4,0.2,setosa", "55.1,3.5,1.4,0.2,setosa", 1), "sepal_length", "Unexpectedly high value: 55.1>30"),
        (lambda t: t.replace(",virginica", ",virginia"), "species", "virginia"),
    ],
    ids=["missing-value", "wrong-type", "out-of-range", "unknown-label"],
)
def test_an_anomaly_fails_with_a_report_and_writes_no_features(day, sample_text, capsys, edit, feature, words):
    code, features = day(edit(sample_text))

    err = capsys.readouterr().err
    assert code == 3
    assert "data validation failed for" in err
    line = next(l for l in err.splitlines() if l.startswith(f"  - feature '{feature}'"))
    assert words.lower() in line.lower(), line
    assert "Traceback" not in err
    assert not features.exists()
    assert (features.parent / "anomalies.pbtxt").exists()


def test_too_few_rows_is_a_dataset_anomaly(day, sample_text, capsys):
    code, features = day("\n".join(sample_text.splitlines()[:51]) + "\n")
    err = capsys.readouterr().err
    assert code == 3
    assert "  - dataset: " in err
    assert not features.exists()


def test_bad_arguments_name_the_flag_and_the_fix(tmp_path, capsys):
    from iris_preprocess import pipeline

    code = pipeline.main(["--input", str(tmp_path / "in.csv"), "--features_output", str(tmp_path / "out.txt")])
    assert code == 64
    assert "--features_output" in capsys.readouterr().err

    code = pipeline.main(["--input", str(tmp_path / "absent.csv"), "--features_output", str(tmp_path / "out.csv")])
    err = capsys.readouterr().err
    assert code == 64
    assert "--input" in err and "absent.csv" in err and "Traceback" not in err

    code = pipeline.main(
        ["--input", str(tmp_path / "absent.csv"), "--features_output", str(tmp_path / "o.csv"), "--schema", str(tmp_path / "no.pbtxt")]
    )
    assert code == 64
    assert "no.pbtxt" in capsys.readouterr().err


def test_beam_options_pickle_with_cloudpickle_unless_the_caller_says_otherwise():
    from iris_preprocess.pipeline import beam_options

    assert beam_options([]).get_all_options()["pickle_library"] == "cloudpickle"
    chosen = beam_options(["--pickle_library=dill", "--runner=DirectRunner"]).get_all_options()
    assert (chosen["pickle_library"], chosen["runner"]) == ("dill", "DirectRunner")
