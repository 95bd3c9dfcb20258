import { Construct } from 'constructs';
import { BigqueryTable } from '@cdktf/provider-google/lib/bigquery-table';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { bigQueryIdProblem } from '../rules/names';
import { IBigQueryDataset } from './bigquery-dataset';

export interface BigQueryViewProps {
  readonly dataset: IBigQueryDataset;
  /** Letters, digits and underscores. */
  readonly viewId: string;
  /** A GoogleSQL query (never legacy SQL). */
  readonly query: string;
  /** @default - none */
  readonly description?: string;
  /** @default true */
  readonly deletionProtection?: boolean;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A logical BigQuery view. It stores no rows, so it has no key of its own: every query of it
 * reads the tables it names, each on its own key (the guardrails know this form of
 * `google_bigquery_table` holds no data).
 */
export class BigQueryView extends PlatformConstruct {
  public readonly resource: BigqueryTable;
  public readonly viewId: string;
  /** `project.dataset.view` */
  public readonly qualifiedName: string;
  /** `bq://project.dataset.view`, as Vertex AI names a BigQuery source. */
  public readonly bigQueryUri: string;

  constructor(scope: Construct, id: string, props: BigQueryViewProps) {
    super(scope, id);
    const who = `BigQueryView '${this.node.path}'`;
    const problem = bigQueryIdProblem(props.viewId);
    if (problem) throw new Error(`${who}: viewId '${props.viewId}' ${problem}`);
    if (props.query.trim() === '') throw new Error(`${who}: query is empty; give the GoogleSQL SELECT the view runs`);
    this.resource = new BigqueryTable(this, 'Resource', {
      project: props.dataset.project,
      datasetId: props.dataset.datasetId,
      tableId: props.viewId,
      description: props.description,
      view: { query: props.query, useLegacySql: false },
      deletionProtection: props.deletionProtection ?? true,
      labels: props.labels ? { ...props.labels } : undefined,
      dependsOn: props.dataset.dependables.length ? [...props.dataset.dependables] : undefined,
    });
    this.viewId = props.viewId;
    this.qualifiedName = `${props.dataset.project}.${props.dataset.datasetId}.${this.resource.tableId}`;
    this.bigQueryUri = `bq://${this.qualifiedName}`;
    libraryMade(this);
  }
}
