import { Construct } from 'constructs';
import { TerraformResource } from 'cdktf';
import { BigqueryTable } from '@cdktf/provider-google/lib/bigquery-table';
import { BigqueryTableIamBinding } from '@cdktf/provider-google/lib/bigquery-table-iam-binding';
import { BigqueryTableIamMember } from '@cdktf/provider-google/lib/bigquery-table-iam-member';
import { Grantee, ResourceIam } from '../iam';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { bigQueryIdProblem } from '../rules/names';
import { isUnresolved } from '../rules/tokens';
import { DATASET_ROLES, IBigQueryDataset } from './bigquery-dataset';
import { ICmekKey } from './cmek-key';

/** One column of a table, as BigQuery's JSON schema writes it. */
export interface BigQueryField {
  readonly name: string;
  /** A GoogleSQL type name, e.g. `FLOAT64`, `INT64`, `STRING`, `TIMESTAMP`. */
  readonly type: string;
  /** @default 'NULLABLE' */
  readonly mode?: 'NULLABLE' | 'REQUIRED' | 'REPEATED';
  /** @default - none */
  readonly description?: string;
}

export interface BigQueryTablePartitioning {
  /** Partition granularity. */
  readonly type: 'HOUR' | 'DAY' | 'MONTH' | 'YEAR';
  /**
   * The DATE or TIMESTAMP column partitions are cut by.
   * @default - the ingestion time (`_PARTITIONTIME`): a load into `TABLE$YYYYMMDD` replaces that day
   */
  readonly field?: string;
  /** A partition is deleted this many days after its date. @default - the dataset's default partition expiration */
  readonly expirationDays?: number;
}

export interface BigQueryTableProps {
  readonly dataset: IBigQueryDataset;
  /** The number of the dataset's project: its BigQuery encryption agent is granted on the key. */
  readonly projectNumber: string;
  /** Letters, digits and underscores. */
  readonly tableId: string;
  /** The table's columns; at least one. */
  readonly schema: readonly BigQueryField[];
  /** A `bigquery` class key, in the dataset's location. */
  readonly encryptionKey: ICmekKey;
  /** @default - not partitioned */
  readonly partitioning?: BigQueryTablePartitioning;
  /** Every query must name the partitions it reads, so nobody scans years by accident. @default false */
  readonly requirePartitionFilter?: boolean;
  /** Up to four columns rows are clustered by. @default - none */
  readonly clustering?: readonly string[];
  /** @default - none */
  readonly description?: string;
  /** Terraform refuses to destroy the table while this is on. @default true */
  readonly deletionProtection?: boolean;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

const MS_PER_DAY = 24 * 60 * 60 * 1000;

/**
 * A BigQuery table on a customer-managed `bigquery` key, optionally time-partitioned with its
 * own partition expiration, protected from destruction by default. It waits for the dataset.
 */
export class BigQueryTable extends PlatformConstruct {
  public readonly resource: BigqueryTable;
  public readonly project: string;
  public readonly datasetId: string;
  /** The bare table id, as given. */
  public readonly tableId: string;
  /** `project.dataset.table`, as clients and load jobs name it. */
  public readonly qualifiedName: string;
  /** `bq://project.dataset.table`, as Vertex AI names a BigQuery source. */
  public readonly bigQueryUri: string;
  public readonly schema: readonly BigQueryField[];
  private readonly iam: ResourceIam;

  constructor(scope: Construct, id: string, props: BigQueryTableProps) {
    super(scope, id);
    const who = `BigQueryTable '${this.node.path}'`;
    const problems: string[] = [];
    const idProblem = bigQueryIdProblem(props.tableId);
    if (idProblem) problems.push(`tableId '${props.tableId}' ${idProblem}`);
    if (props.schema.length === 0) problems.push('schema is empty; give the table at least one column');
    const names = new Set<string>();
    for (const [i, f] of props.schema.entries()) {
      if (!/^[A-Za-z_][A-Za-z0-9_]{0,299}$/.test(f.name)) problems.push(`schema[${i}].name '${f.name}' is not a column name; use letters, digits and underscores, not starting with a digit`);
      if (names.has(f.name.toLowerCase())) problems.push(`schema[${i}].name '${f.name}' is listed twice; BigQuery column names are case-insensitive`);
      names.add(f.name.toLowerCase());
    }
    const p = props.partitioning;
    if (p?.field !== undefined && !names.has(p.field.toLowerCase())) {
      problems.push(`partitioning.field '${p.field}' is not a column of the schema; name a DATE or TIMESTAMP column, or leave it unset to partition by ingestion time`);
    }
    if (p?.expirationDays !== undefined && !isUnresolved(p.expirationDays) && !(Number.isInteger(p.expirationDays) && p.expirationDays >= 1)) {
      problems.push(`partitioning.expirationDays ${p.expirationDays} is not a whole number of days of at least 1; e.g. 90`);
    }
    if (props.requirePartitionFilter && !p) problems.push('requirePartitionFilter needs partitioning; set partitioning or drop requirePartitionFilter');
    if ((props.clustering?.length ?? 0) > 4) problems.push(`clustering names ${props.clustering!.length} columns; BigQuery clusters by at most 4`);
    for (const c of props.clustering ?? []) if (!names.has(c.toLowerCase())) problems.push(`clustering column '${c}' is not a column of the schema`);
    try {
      props.encryptionKey.assertUsableFor('bigquery', props.dataset.location, `${who} encryptionKey`);
    } catch (e) {
      problems.push((e as Error).message.replace(`${who} `, ''));
    }
    if (problems.length) throw new Error(`${who}: ${problems.join('; ')}`);

    this.schema = props.schema;
    this.project = props.dataset.project;
    const keyGrants = props.encryptionKey.useFor(this, props.projectNumber);
    this.resource = new BigqueryTable(this, 'Resource', {
      project: props.dataset.project,
      datasetId: props.dataset.datasetId,
      tableId: props.tableId,
      description: props.description,
      schema: JSON.stringify(props.schema.map((f) => ({ name: f.name, type: f.type, mode: f.mode ?? 'NULLABLE', ...(f.description ? { description: f.description } : {}) }))),
      encryptionConfiguration: { kmsKeyName: props.encryptionKey.keyName },
      timePartitioning: p ? { type: p.type, field: p.field, expirationMs: p.expirationDays === undefined ? undefined : p.expirationDays * MS_PER_DAY } : undefined,
      requirePartitionFilter: props.requirePartitionFilter,
      clustering: props.clustering ? [...props.clustering] : undefined,
      deletionProtection: props.deletionProtection ?? true,
      labels: props.labels ? { ...props.labels } : undefined,
      // The key grant directly, not only through the dataset: BigQuery checks the key when the table is created.
      dependsOn: [...props.dataset.dependables, ...keyGrants],
    });
    this.datasetId = props.dataset.datasetId;
    this.tableId = props.tableId;
    this.qualifiedName = `${props.dataset.project}.${props.dataset.datasetId}.${this.resource.tableId}`;
    this.bigQueryUri = `bq://${this.qualifiedName}`;
    this.iam = new ResourceIam(this, {
      binding: (iid, role, members, condition) => new BigqueryTableIamBinding(this, iid, { project: this.project, datasetId: this.datasetId, tableId: this.resource.tableId, role, members, condition }),
      member: (iid, role, member, condition) => new BigqueryTableIamMember(this, iid, { project: this.project, datasetId: this.datasetId, tableId: this.resource.tableId, role, member, condition }),
    });
    libraryMade(this);
  }

  /** Read this table's rows (`roles/bigquery.dataViewer` on the table only). */
  public grantRead(grantee: Grantee): TerraformResource {
    return this.iam.grant(DATASET_ROLES.dataViewer, grantee);
  }

  /**
   * Append, update and delete this table's rows (`roles/bigquery.dataEditor` on the table only,
   * not its dataset's other tables). Loads and queries also need `roles/bigquery.jobUser` on a
   * project; a streaming insert does not.
   */
  public grantWrite(grantee: Grantee): TerraformResource {
    return this.iam.grant(DATASET_ROLES.dataEditor, grantee);
  }
}
