"""The data contract check and the settings, without Airflow."""

from __future__ import annotations

import pytest

from mlops_ingest import config, contract, source

SCHEMA = contract.load_schema()
HEADER = "sepal_length,sepal_width,petal_length,petal_width,species"


def rows(n: int, line: str = "5.1,3.5,1.4,0.2,setosa") -> str:
    return "\n".join([line] * n)


def check(text: str, **bounds):
    return contract.check_csv(text.encode(), "test://src", SCHEMA, **bounds)


def test_sample_data_passes_and_keeps_its_bytes(sample_csv):
    checked = check(sample_csv.decode())
    assert checked.rows == 150
    assert checked.csv_text == sample_csv.decode()


def test_columns_in_another_order_are_written_in_contract_order():
    text = "species,petal_width,petal_length,sepal_width,sepal_length\n" + rows(120, "setosa,0.2,1.4,3.5,5.1")
    checked = check(text)
    first_lines = checked.csv_text.splitlines()[:2]
    assert first_lines == [HEADER, "5.1,3.5,1.4,0.2,setosa"]


def test_trailing_blank_lines_are_not_rows():
    checked = check(HEADER + "\n" + rows(120) + "\n\n\n")
    assert checked.rows == 120


def test_renamed_column_names_missing_and_unexpected():
    drifted = HEADER.replace("petal_width", "petal_w")
    with pytest.raises(contract.ContractViolation) as err:
        check(drifted + "\n" + rows(120))
    message = str(err.value)
    assert "missing column(s): 'petal_width'" in message
    assert "unexpected column(s): 'petal_w'" in message


def test_wrong_type_names_column_line_and_value():
    bad = HEADER + "\n" + rows(119) + "\nfive,3.5,1.4,0.2,setosa\n"
    with pytest.raises(contract.ContractViolation) as err:
        check(bad)
    message = str(err.value)
    assert "column 'sepal_length' (expected float): 1 bad value(s)" in message
    assert "line 121: 'five' is not a number" in message


def test_unknown_label_and_missing_value_are_both_reported():
    bad = HEADER + "\n" + rows(118) + "\n5.1,3.5,1.4,0.2,rosa\n5.1,,1.4,0.2,setosa\n"
    with pytest.raises(contract.ContractViolation) as err:
        check(bad)
    assert len(err.value.problems) == 2
    assert "'rosa' is not one of ['setosa', 'versicolor', 'virginica']" in str(err.value)
    assert "column 'sepal_width' (expected float): 1 bad value(s), e.g. line 121: missing value" in str(err.value)


def test_ragged_rows_are_reported():
    with pytest.raises(contract.ContractViolation, match=r"1 row\(s\) without 5 fields"):
        check(HEADER + "\n" + rows(119) + "\n5.1,3.5,1.4\n")


@pytest.mark.parametrize(
    ("count", "bounds", "expected"),
    [
        (99, {}, "row count 99 is below the minimum 100"),
        (20, {"max_rows": 10, "min_rows": 1}, "row count 20 is above the maximum 10"),
    ],
)
def test_row_count_bounds(count, bounds, expected):
    with pytest.raises(contract.ContractViolation, match=expected):
        check(HEADER + "\n" + rows(count), **bounds)


def test_empty_and_non_utf8_sources_are_violations():
    with pytest.raises(contract.ContractViolation, match="empty file"):
        check("")
    with pytest.raises(contract.ContractViolation, match="not UTF-8"):
        contract.check_csv(b"\xff\xfe\x00garbage", "test://src", SCHEMA)


def test_config_requires_a_bare_bucket_name():
    no_variables = lambda name: None  # noqa: E731
    with pytest.raises(config.ConfigError, match="PIPELINE_SHARED_DATA_BUCKET is not set"):
        config.resolve(no_variables, environ={})
    with pytest.raises(config.ConfigError, match="bare bucket name"):
        config.resolve(no_variables, environ={"PIPELINE_SHARED_DATA_BUCKET": "gs://b"})


def test_config_defaults_and_lookup_order():
    variables = {"INGEST_SOURCE_URI": "gs://from-variable/x.csv", "INGEST_MIN_ROWS": "7"}
    settings = config.resolve(variables.get, environ={"PIPELINE_SHARED_DATA_BUCKET": "b"})
    assert settings.bucket == "b"
    assert settings.source_uri == "gs://from-variable/x.csv"
    assert settings.min_rows == 7
    assert settings.max_rows is None
    assert settings.object_name("2025-06-01") == "ingest/dt=2025-06-01/data.csv"

    env_wins = config.resolve(
        variables.get, environ={"PIPELINE_SHARED_DATA_BUCKET": "b", "INGEST_SOURCE_URI": "file:///x.csv"}
    )
    assert env_wins.source_uri == "file:///x.csv"

    defaults = config.resolve(lambda name: None, environ={"PIPELINE_SHARED_DATA_BUCKET": "b"})
    assert defaults.source_uri == config.DEFAULT_SOURCE_URI
    assert defaults.source_uri.startswith("https://")


def test_config_rejects_a_non_integer_bound():
    with pytest.raises(config.ConfigError, match="INGEST_MAX_ROWS='many' is not an integer"):
        config.resolve(lambda name: None, environ={"PIPELINE_SHARED_DATA_BUCKET": "b", "INGEST_MAX_ROWS": "many"})


def test_unsupported_scheme_and_missing_file(tmp_path):
    with pytest.raises(source.SourceUnavailable, match="unsupported scheme 'ftp'"):
        source.fetch("ftp://example.invalid/x.csv", 1024)
    with pytest.raises(source.SourceUnavailable, match="does not exist"):
        source.fetch((tmp_path / "nope.csv").as_uri(), 1024)


def test_size_cap(tmp_path):
    big = tmp_path / "big.csv"
    big.write_text("x" * 2048)
    with pytest.raises(source.SourceUnavailable, match="larger than INGEST_MAX_BYTES=1024"):
        source.fetch(big.as_uri(), 1024)


def test_http_errors_split_into_permanent_and_transient(http_source):
    import requests

    gone = http_source("/gone.csv", b"", status=404)
    with pytest.raises(source.SourceUnavailable, match="answered HTTP 404"):
        source.fetch(gone, 1024)
    busy = http_source("/busy.csv", b"", status=503)
    with pytest.raises(requests.HTTPError):  # not SourceUnavailable: the task retries it
        source.fetch(busy, 1024)
