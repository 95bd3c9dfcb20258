import { Construct } from 'constructs';
import { ITerraformDependable, TerraformResource } from 'cdktf';
import { VertexAiDataset } from '@cdktf/provider-google/lib/vertex-ai-dataset';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { assertEuRegion } from '../rules/locations';
import { ICmekKey } from './cmek-key';

/** The metadata schema of a Vertex AI tabular dataset. */
export const TABULAR_METADATA_SCHEMA = 'gs://google-cloud-aiplatform/schema/dataset/metadata/tabular_1.0.0.yaml';

export interface VertexTabularDatasetProps {
  readonly project: string;
  /** The project's number: its Vertex AI agent is granted on the key. */
  readonly projectNumber: string;
  readonly displayName: string;
  /** A `vertex-ai` class key in the dataset's region. */
  readonly encryptionKey: ICmekKey;
  /** @default - the key's location */
  readonly region?: string;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A Vertex AI tabular dataset on a customer-managed `vertex-ai` key. The pinned provider
 * (google and google-beta 6.50.0) cannot set a dataset's `metadata`, where the API keeps the
 * BigQuery source (`inputConfig.bigquerySource.uri`), so the dataset is created without one; the
 * pipeline's `read-vertex-dataset` attaches its `dataset_bigquery_source` on the first run (see
 * docs/workloads.md).
 */
export class VertexTabularDataset extends PlatformConstruct {
  public readonly resource: VertexAiDataset;
  /** `projects/<number>/locations/<region>/datasets/<id>` */
  public readonly datasetName: string;
  public readonly region: string;
  public readonly keyGrants: readonly TerraformResource[];

  constructor(scope: Construct, id: string, props: VertexTabularDatasetProps) {
    super(scope, id);
    const who = `VertexTabularDataset '${this.node.path}'`;
    const region = props.region ?? props.encryptionKey.location;
    assertEuRegion(region, `${who}: region`);
    props.encryptionKey.assertUsableFor('vertex-ai', region, `${who} encryptionKey`);
    if (props.displayName.trim() === '' || props.displayName.length > 128) {
      throw new Error(`${who}: displayName '${props.displayName}' must be 1-128 characters`);
    }
    this.region = region;
    this.keyGrants = props.encryptionKey.useFor(this, props.projectNumber);
    this.resource = new VertexAiDataset(this, 'Resource', {
      project: props.project,
      region,
      displayName: props.displayName,
      metadataSchemaUri: TABULAR_METADATA_SCHEMA,
      encryptionSpec: { kmsKeyName: props.encryptionKey.keyName },
      labels: props.labels ? { ...props.labels } : undefined,
      dependsOn: [...(props.dependsOn ?? []), ...this.keyGrants],
    });
    this.datasetName = this.resource.name;
    libraryMade(this);
  }
}
