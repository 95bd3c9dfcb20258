import { Construct, IConstruct } from 'constructs';
import { TerraformResource } from 'cdktf';
import { BigqueryDataset } from '@cdktf/provider-google/lib/bigquery-dataset';
import { BigqueryDatasetIamBinding } from '@cdktf/provider-google/lib/bigquery-dataset-iam-binding';
import { BigqueryDatasetIamMember } from '@cdktf/provider-google/lib/bigquery-dataset-iam-member';
import { Grantee, IamProps, ResourceIam } from '../iam';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { euLocationProblem } from '../rules/locations';
import { bigQueryIdProblem } from '../rules/names';
import { isUnresolved } from '../rules/tokens';
import { ICmekKey } from './cmek-key';

/** The roles `BigQueryDataset` grants on one dataset; a project-level grant of them is refused. */
export const DATASET_ROLES = {
  /** `grantRead`: read tables and views */
  dataViewer: 'roles/bigquery.dataViewer',
  /** `grantWrite`: create, replace and delete tables and their rows (load jobs with WRITE_TRUNCATE) */
  dataEditor: 'roles/bigquery.dataEditor',
  /** no method: it also sets the dataset's IAM */
  dataOwner: 'roles/bigquery.dataOwner',
} as const;

const MS_PER_DAY = 24 * 60 * 60 * 1000;

/**
 * A BigQuery dataset, created here (`new BigQueryDataset`) or elsewhere
 * (`BigQueryDataset.fromDatasetId`). Constructs take this interface.
 */
export interface IBigQueryDataset extends IConstruct {
  readonly project: string;
  /** The bare dataset id (letters, digits, underscores). */
  readonly datasetId: string;
  /** Its location as written (`europe-west4`, `EU`), when known at synth. */
  readonly location?: string;
  /** What a table of it waits for (nothing for an imported dataset). */
  readonly dependables: readonly TerraformResource[];
  /** Read tables and views (`roles/bigquery.dataViewer` on this dataset). */
  grantRead(grantee: Grantee): TerraformResource;
  /** Create, replace and delete tables and rows (`roles/bigquery.dataEditor` on this dataset). */
  grantWrite(grantee: Grantee): TerraformResource;
}

export interface BigQueryDatasetImportOptions {
  readonly project: string;
  readonly datasetId: string;
  /** Its location, so tables can check theirs. @default - unknown: not checked */
  readonly location?: string;
}

export interface BigQueryDatasetProps extends IamProps {
  /** The project the dataset is created in (not necessarily the key's project). */
  readonly project: string;
  /** The project's number: its BigQuery encryption agent is granted on the key. */
  readonly projectNumber: string;
  /** Letters, digits and underscores, e.g. `mlops_dev_ingest`. */
  readonly datasetId: string;
  /**
   * A `bigquery` class key in the dataset's location: the default key of every table created in
   * it, so a table made by a load job or a query is CMEK too.
   */
  readonly encryptionKey: ICmekKey;
  /**
   * An EU region or the `EU` multi-region (whose keys live in the `eu` KMS location).
   * @default - the key's location
   */
  readonly location?: string;
  /** @default - none */
  readonly description?: string;
  /** Tables created in the dataset are deleted this many days after creation. @default - tables never expire */
  readonly defaultTableExpirationDays?: number;
  /** Partitions of partitioned tables are deleted this many days after their date. @default - partitions never expire */
  readonly defaultPartitionExpirationDays?: number;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

function checkDays(who: string, prop: string, days: number | undefined): void {
  if (days === undefined || isUnresolved(days)) return;
  if (!Number.isInteger(days) || days < 1) {
    throw new Error(`${who}: ${prop} ${days} is not a whole number of days of at least 1; e.g. 90, or leave it unset for no expiry`);
  }
}

abstract class DatasetBase extends PlatformConstruct implements IBigQueryDataset {
  public abstract readonly project: string;
  public abstract readonly datasetId: string;
  public abstract readonly location?: string;
  public abstract readonly dependables: readonly TerraformResource[];
  protected readonly iam: ResourceIam;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.iam = new ResourceIam(this, {
      binding: (iid, role, members, condition) => new BigqueryDatasetIamBinding(this, iid, { project: this.project, datasetId: this.datasetId, role, members, condition }),
      member: (iid, role, member, condition) => new BigqueryDatasetIamMember(this, iid, { project: this.project, datasetId: this.datasetId, role, member, condition }),
    });
    libraryMade(this);
  }

  public grantRead(grantee: Grantee): TerraformResource {
    return this.iam.grant(DATASET_ROLES.dataViewer, grantee);
  }

  public grantWrite(grantee: Grantee): TerraformResource {
    return this.iam.grant(DATASET_ROLES.dataEditor, grantee);
  }
}

/**
 * A BigQuery dataset in the EU whose default table key is a customer-managed `bigquery` key.
 * Access goes through the shared IAM interface (`iam`, `iamBindings`, `iamBindingsAdditive`,
 * `grant*`), which refuses public principals; the dataset's own `access` list is never set, so
 * IAM has one home. Contents are kept on destroy.
 */
export class BigQueryDataset extends DatasetBase {
  /** A dataset that already exists. It creates nothing; grants and tables work on it. */
  public static fromDatasetId(scope: Construct, id: string, options: BigQueryDatasetImportOptions): IBigQueryDataset {
    const who = `BigQueryDataset.fromDatasetId '${id}'`;
    const problem = bigQueryIdProblem(options.datasetId);
    if (problem) throw new Error(`${who}: datasetId '${options.datasetId}' ${problem}`);
    if (options.location !== undefined) {
      const where = euLocationProblem(options.location);
      if (where) throw new Error(`${who}: ${where}`);
    }
    return new ImportedDataset(scope, id, options.project, options.datasetId, options.location);
  }

  public readonly resource: BigqueryDataset;
  public readonly project: string;
  public readonly datasetId: string;
  public readonly location: string;
  public readonly encryptionKey: ICmekKey;
  public readonly dependables: readonly TerraformResource[];
  /** The key's grants to the BigQuery agent, which tables of this dataset wait for too. */
  public readonly keyGrants: readonly TerraformResource[];

  constructor(scope: Construct, id: string, props: BigQueryDatasetProps) {
    super(scope, id);
    const who = `BigQueryDataset '${this.node.path}'`;
    const idProblem = bigQueryIdProblem(props.datasetId);
    if (idProblem) throw new Error(`${who}: datasetId '${props.datasetId}' ${idProblem}`);
    const location = props.location ?? props.encryptionKey.location;
    const where = euLocationProblem(location);
    if (where) throw new Error(`${who}: ${where}`);
    props.encryptionKey.assertUsableFor('bigquery', location, `${who} encryptionKey`);
    checkDays(who, 'defaultTableExpirationDays', props.defaultTableExpirationDays);
    checkDays(who, 'defaultPartitionExpirationDays', props.defaultPartitionExpirationDays);
    this.project = props.project;
    this.encryptionKey = props.encryptionKey;
    this.keyGrants = props.encryptionKey.useFor(this, props.projectNumber);
    const ms = (days?: number) => (days === undefined ? undefined : days * MS_PER_DAY);
    this.resource = new BigqueryDataset(this, 'Resource', {
      project: props.project,
      datasetId: props.datasetId,
      location,
      description: props.description,
      defaultEncryptionConfiguration: { kmsKeyName: props.encryptionKey.keyName },
      defaultTableExpirationMs: ms(props.defaultTableExpirationDays),
      defaultPartitionExpirationMs: ms(props.defaultPartitionExpirationDays),
      deleteContentsOnDestroy: false,
      labels: props.labels ? { ...props.labels } : undefined,
      dependsOn: [...this.keyGrants],
    });
    this.datasetId = this.resource.datasetId;
    this.location = location;
    this.dependables = [this.resource];
    this.iam.apply(props);
    libraryMade(this);
  }
}

class ImportedDataset extends DatasetBase {
  public readonly dependables: readonly TerraformResource[] = [];

  constructor(scope: Construct, id: string, public readonly project: string, public readonly datasetId: string, public readonly location: string | undefined) {
    super(scope, id);
    libraryMade(this);
  }
}
