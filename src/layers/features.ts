import { Construct } from 'constructs';
import { IBigQueryDataset } from '../constructs/bigquery-dataset';
import { BigQueryTable } from '../constructs/bigquery-table';
import { BigQueryView } from '../constructs/bigquery-view';
import { ICmekKey } from '../constructs/cmek-key';
import { FeatureOnlineStore } from '../constructs/feature-online-store';
import { VertexTabularDataset } from '../constructs/vertex-tabular-dataset';
import { CMEK_MISSING_IN_PROVIDER } from '../guardrails/rules/cmek-targets';
import { Guardrails } from '../guardrails/pack';
import { bigQueryName, resourceName } from '../rules/names';
import { serviceAgent } from '../service-agents';
import { apisOf, Layer, LayerProjectProps } from './layer';

/** The entity id column the feature view adds to the contract's rows (the contract has none). */
export const FEATURE_ENTITY_ID = 'entity_id';

export interface FeaturesLayerProps extends LayerProjectProps {
  /** EU region of the online store and the dataset. */
  readonly region: string;
  /** A `vertex-ai` class key (the tabular dataset; the online store as soon as the provider can set it). */
  readonly vertexKey: ICmekKey;
  /** The dataset of `table`; the view over it is created there. */
  readonly dataset: IBigQueryDataset;
  /** The ingestion table, partitioned by ingestion time. */
  readonly table: BigQueryTable;
  /** @default true */
  readonly featureStore?: boolean;
  /** When the feature view syncs (5-field cron, UTC). @default '0 4 * * *' */
  readonly syncSchedule?: string;
}

/**
 * Features: the ingested table as features, online and for training.
 *
 * Needs: the ingestion table and its dataset, a `vertex-ai` key. Provides: a BigQuery view that
 * gives each row an entity id and a feature timestamp; with `featureStore`, a Vertex AI Feature
 * Store online store (Bigtable serving) with a feature view of it synced on `syncSchedule`; and
 * a CMEK Vertex AI tabular dataset (`dataset.datasetName`). Grants the Vertex AI service agent
 * read on the dataset, which the sync needs.
 *
 * The store carries a VMC-CMEK-1 waiver: the pinned provider has no field for its key
 * (`CMEK_MISSING_IN_PROVIDER`).
 */
export class FeaturesLayer extends Layer {
  public readonly featureSource: BigQueryView;
  public readonly onlineStore?: FeatureOnlineStore;
  public readonly tabularDataset: VertexTabularDataset;

  constructor(scope: Construct, id: string, props: FeaturesLayerProps) {
    super(scope, id);
    const labels = { ...props.labels };
    const t = props.table;
    const columns = t.schema.map((f) => `\`${f.name}\``);
    // The contract has no key, and a flower has no identity beyond its measurements: the id is
    // a hash of the row's values, so equal rows are one entity and a client can compute the id
    // from the measurements it holds. The ingestion day is the feature timestamp, so the online
    // store serves the latest day's values of each entity.
    this.featureSource = new BigQueryView(this, 'feature-source', {
      dataset: props.dataset,
      viewId: `${t.tableId}_features`,
      description: `Rows of ${t.tableId} with an entity id (hash of the row) and the ingestion time as feature timestamp`,
      query: [
        `SELECT TO_HEX(SHA256(TO_JSON_STRING(STRUCT(${columns.join(', ')})))) AS ${FEATURE_ENTITY_ID},`,
        `  ${columns.join(', ')},`,
        '  _PARTITIONTIME AS feature_timestamp',
        `FROM \`${t.qualifiedName}\``,
      ].join('\n'),
      labels,
    });
    const agentRead = props.dataset.grantRead(serviceAgent('aiplatform.googleapis.com', props.projectNumber));

    if (props.featureStore ?? true) {
      const store = (this.onlineStore = new FeatureOnlineStore(this, 'feature-store', {
        project: props.project,
        name: bigQueryName(props.naming, 'features'),
        region: props.region,
        labels,
        dependsOn: apisOf(props, 'aiplatform.googleapis.com'),
      }));
      Guardrails.waive(store, 'VMC-CMEK-1', CMEK_MISSING_IN_PROVIDER.google_vertex_ai_feature_online_store);
      store.addBigQueryView('view', {
        name: `${t.tableId}_latest`,
        bigQueryUri: this.featureSource.bigQueryUri,
        entityIdColumns: [FEATURE_ENTITY_ID],
        syncSchedule: props.syncSchedule ?? '0 4 * * *',
        dependsOn: [agentRead],
      });
    }

    this.tabularDataset = new VertexTabularDataset(this, 'tabular-dataset', {
      project: props.project,
      projectNumber: props.projectNumber,
      displayName: resourceName(props.naming, `${t.tableId}-tabular`),
      encryptionKey: props.vertexKey,
      region: props.region,
      labels,
    });
  }
}
