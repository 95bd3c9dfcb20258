view: pipeline_runs {
  sql_table_name: `@{PIPELINE_RUNS_TABLE}` ;;

  dimension: run_id {
    primary_key: yes
    type: string
    description: "The Vertex AI pipeline job id."
    sql: ${TABLE}.run_id ;;
  }

  dimension_group: run {
    type: time
    timeframes: [raw, time, date, week, month]
    sql: ${TABLE}.run_time ;;
  }

  dimension: data_uri {
    type: string
    description: "The data the run trained on."
    sql: ${TABLE}.data_uri ;;
  }

  dimension: model_type {
    type: string
    sql: ${TABLE}.model_type ;;
  }

  dimension: accuracy {
    type: number
    value_format_name: decimal_3
    description: "Test-set accuracy of the run's model."
    sql: ${TABLE}.accuracy ;;
  }

  dimension: accuracy_threshold {
    type: number
    value_format_name: decimal_3
    description: "The accuracy the model had to clear to be deployed."
    sql: ${TABLE}.accuracy_threshold ;;
  }

  dimension: margin {
    type: number
    value_format_name: decimal_3
    description: "Accuracy above (or below, negative) the threshold."
    sql: ${TABLE}.accuracy - ${TABLE}.accuracy_threshold ;;
  }

  dimension: deployed {
    type: yesno
    description: "The run cleared the threshold and deployed its model to the endpoint."
    sql: ${TABLE}.decision ;;
  }

  dimension: reason {
    type: string
    description: "Why the run did not deploy, when it did not."
    sql: ${TABLE}.reason ;;
  }

  dimension: model_version {
    type: string
    description: "The Model Registry version the run deployed (empty when it did not)."
    sql: ${TABLE}.model_version ;;
  }

  measure: run_count {
    type: count
    drill_fields: [run_id, run_time, accuracy, accuracy_threshold, deployed, reason]
  }

  measure: deployed_count {
    type: count
    filters: [deployed: "yes"]
  }

  measure: deploy_rate {
    type: number
    value_format_name: percent_1
    sql: ${deployed_count} / NULLIF(${run_count}, 0) ;;
  }

  measure: average_accuracy {
    type: average
    value_format_name: decimal_3
    sql: ${accuracy} ;;
  }

  measure: min_accuracy {
    type: min
    value_format_name: decimal_3
    sql: ${accuracy} ;;
  }
}
