project_name: "vertex_mlops"

# The BigQuery table the pipeline writes one row per run to. Set per environment in the Looker
# project settings (or override here): PROJECT.DATASET.TABLE, in the EU dataset of the platform.
constant: PIPELINE_RUNS_TABLE {
  value: "example-mlops-dev.mlops_dev.pipeline_runs"
  export: override_optional
}

# The Looker connection to BigQuery (created in the instance, with the platform's reporting service account).
constant: CONNECTION {
  value: "mlops_bigquery"
  export: override_optional
}
