import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { VertexAiFeatureOnlineStore } from '@cdktf/provider-google/lib/vertex-ai-feature-online-store';
import { VertexAiFeatureOnlineStoreFeatureview } from '@cdktf/provider-google/lib/vertex-ai-feature-online-store-featureview';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { assertEuRegion } from '../rules/locations';
import { cronProblem } from '../rules/schedules';
import { isUnresolved } from '../rules/tokens';

/** Feature Store names: lowercase letters, digits and underscores, starting with a letter or underscore. */
function featureStoreNameProblem(name: string): string | undefined {
  if (isUnresolved(name)) return undefined;
  return /^[a-z_][a-z0-9_]{0,59}$/.test(name) ? undefined : 'is invalid: use up to 60 lowercase letters, digits and underscores, starting with a letter or underscore (no hyphens)';
}

export interface FeatureOnlineStoreProps {
  readonly project: string;
  /** Lowercase letters, digits and underscores, e.g. `mlops_dev_features`. */
  readonly name: string;
  /** An EU region. */
  readonly region: string;
  /** @default 1 */
  readonly minNodeCount?: number;
  /** @default 3 */
  readonly maxNodeCount?: number;
  /** Bigtable CPU share that makes it add nodes, 10-80. @default 50 */
  readonly cpuUtilizationTarget?: number;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

export interface FeatureViewOptions {
  /** Lowercase letters, digits and underscores. */
  readonly name: string;
  /** `bq://project.dataset.table` of a table or view. */
  readonly bigQueryUri: string;
  /** The column(s) that identify an entity in the source; lookups are by these. */
  readonly entityIdColumns: readonly string[];
  /** When the view copies its source into the store (5-field cron, UTC). */
  readonly syncSchedule: string;
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A Vertex AI Feature Store (the current one, not Feature Store (Legacy)) online store with
 * Bigtable online serving, which is the serving type Google lets a customer-managed key protect.
 * The pinned provider has no field for that key (see `CMEK_MISSING_IN_PROVIDER`), so VMC-CMEK-1
 * reports the store until a stack waives it with that reason. Feature views are added with
 * `addBigQueryView`.
 */
export class FeatureOnlineStore extends PlatformConstruct {
  public readonly resource: VertexAiFeatureOnlineStore;
  public readonly region: string;
  public readonly project: string;
  /** The store's short name. */
  public readonly storeName: string;
  public readonly views: VertexAiFeatureOnlineStoreFeatureview[] = [];
  private readonly labels?: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: FeatureOnlineStoreProps) {
    super(scope, id);
    const who = `FeatureOnlineStore '${this.node.path}'`;
    const problem = featureStoreNameProblem(props.name);
    if (problem) throw new Error(`${who}: name '${props.name}' ${problem}`);
    assertEuRegion(props.region, `${who}: region`);
    const min = props.minNodeCount ?? 1;
    const max = props.maxNodeCount ?? 3;
    const cpu = props.cpuUtilizationTarget ?? 50;
    if (!(Number.isInteger(min) && min >= 1)) throw new Error(`${who}: minNodeCount ${min} must be a whole number of at least 1`);
    if (!(Number.isInteger(max) && max >= min && max <= 10 * min)) {
      throw new Error(`${who}: maxNodeCount ${max} must be a whole number from minNodeCount (${min}) to ten times it (${10 * min})`);
    }
    if (!(cpu >= 10 && cpu <= 80)) throw new Error(`${who}: cpuUtilizationTarget ${cpu} must be a percentage from 10 to 80`);
    this.region = props.region;
    this.project = props.project;
    this.labels = props.labels;
    this.resource = new VertexAiFeatureOnlineStore(this, 'Resource', {
      project: props.project,
      name: props.name,
      region: props.region,
      bigtable: { autoScaling: { minNodeCount: min, maxNodeCount: max, cpuUtilizationTarget: cpu } },
      // Feature views and their synced data go with the store only when someone deletes them first.
      forceDestroy: false,
      labels: props.labels ? { ...props.labels } : undefined,
      dependsOn: props.dependsOn,
    });
    this.storeName = this.resource.name;
    libraryMade(this);
  }

  /**
   * A feature view fed from a BigQuery table or view, synced into the store on a schedule. The
   * source must hold the entity id columns; every other column is a feature.
   */
  public addBigQueryView(id: string, options: FeatureViewOptions): VertexAiFeatureOnlineStoreFeatureview {
    const who = `FeatureOnlineStore '${this.node.path}' addBigQueryView('${id}')`;
    const problems: string[] = [];
    const nameProblem = featureStoreNameProblem(options.name);
    if (nameProblem) problems.push(`name '${options.name}' ${nameProblem}`);
    if (!isUnresolved(options.bigQueryUri) && !/^bq:\/\/[^.\s]+\.[^.\s]+\.[^.\s]+$/.test(options.bigQueryUri)) {
      problems.push(`bigQueryUri '${options.bigQueryUri}' is not 'bq://project.dataset.table'`);
    }
    if (options.entityIdColumns.length === 0) problems.push('entityIdColumns is empty; name the column that identifies an entity');
    const cron = cronProblem(options.syncSchedule);
    if (cron) problems.push(`syncSchedule: ${cron}`);
    if (problems.length) throw new Error(`${who}: ${problems.join('; ')}`);
    const view = new VertexAiFeatureOnlineStoreFeatureview(this, id, {
      project: this.project,
      region: this.region,
      featureOnlineStore: this.resource.name,
      name: options.name,
      bigQuerySource: { uri: options.bigQueryUri, entityIdColumns: [...options.entityIdColumns] },
      syncConfig: { cron: options.syncSchedule },
      labels: this.labels ? { ...this.labels } : undefined,
      dependsOn: options.dependsOn,
    });
    this.views.push(view);
    return libraryMade(view);
  }
}
