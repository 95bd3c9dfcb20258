import { Construct, Node } from 'constructs';
import { GcsBackend, LocalBackend, TerraformElement, TerraformOutput, TerraformStack } from 'cdktf';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { EnvironmentConfig } from '../config/types';
import { ICmekKey } from '../constructs/cmek-key';
import { IServiceAccount } from '../constructs/workload-service-account';
import { PlatformNetwork } from '../constructs/platform-network';
import { VpcNetwork } from '../constructs/vpc-network';
import { CicdConfig, organizationName } from '../config/cicd';
import { Guardrails } from '../guardrails/pack';
import { CicdIdentityLayer } from '../layers/cicd-identity';
import { DataLayer } from '../layers/data';
import { FeaturesLayer } from '../layers/features';
import { NetworkLayer } from '../layers/network';
import { FoundationLayer } from '../layers/foundation';
import { GovernanceLayer } from '../layers/governance';
import { IngestionLayer } from '../layers/ingestion';
import { Layer, pathInStack } from '../layers/layer';
import { ObservabilityLayer } from '../layers/observability';
import { ServingLayer } from '../layers/serving';
import { TrainingLayer } from '../layers/training';
import { WORKBENCH_CICD_ROLES, WorkbenchLayer } from '../layers/workbench';
import { WebServingLayer } from '../layers/web-serving';
import { REPORTING_CICD_ROLES, ReportingLayer } from '../layers/reporting';
import { EncryptedSecret } from '../constructs/encrypted-secret';
import { Naming } from '../rules/names';
import { KeyClass } from '../service-agents';

export interface MlopsPlatformStackProps {
  readonly config: EnvironmentConfig;
  /**
   * The compiled Vertex AI pipeline the trigger submits.
   * @default - the one `.json` in the package's assets/pipelines/compiled
   */
  readonly pipelineTemplateFile?: string;
  /**
   * Where Terraform keeps state. `local` is for tests and offline work; real environments keep
   * state in the config's `stateBucket`.
   * @default 'gcs'
   */
  readonly backend?: 'gcs' | 'local';
  /**
   * The Azure DevOps organisation and project whose pipelines plan (as a read-only planner)
   * and deploy (as the deployer) this environment, keylessly (Workload Identity Federation).
   * @default - no federation: the deployer is impersonated by `cicdPrincipal` only
   */
  readonly cicd?: CicdConfig;
}

/**
 * One environment of the platform: the config wired to the layers. It holds no resources of its
 * own (the guardrails, applied to this stack, fail synth on a raw one), only outputs.
 */
export class MlopsPlatformStack extends TerraformStack {
  public readonly config: EnvironmentConfig;
  public readonly foundation: FoundationLayer;
  public readonly cicd: CicdIdentityLayer;
  public readonly data: DataLayer;
  /** The platform's one VPC (`NetworkLayer`): Dataflow workers run in its subnet, the web cache and service's egress live in it, Workbench and Looker take their addresses from it. */
  public readonly network: PlatformNetwork;
  /** The feature view, online store and tabular dataset over the ingestion table. */
  public readonly features: FeaturesLayer;
  public readonly serving: ServingLayer;
  public readonly ingestion: IngestionLayer;
  public readonly training: TrainingLayer;
  public readonly observability: ObservabilityLayer;
  public readonly governance: GovernanceLayer;
  /** The data scientist's Workbench instance, with `workbench.enabled` in the config. */
  public readonly workbench?: WorkbenchLayer;
  /** Online serving for websites; absent when `web.enabled` is false. */
  public readonly web?: WebServingLayer;
  /** Looker; present only when `looker.enabled` is true. */
  public readonly reporting?: ReportingLayer;
  /** The keys the platform uses, by class (only classes something encrypts with exist). */
  public readonly keys: ReadonlyMap<KeyClass, ICmekKey>;
  public readonly accounts: {
    readonly deployer: IServiceAccount;
    readonly pipeline: IServiceAccount;
    readonly composer: IServiceAccount;
    readonly trigger: IServiceAccount;
    readonly serving: IServiceAccount;
    readonly batch: IServiceAccount;
    readonly functionBuild: IServiceAccount;
    readonly imageBuild: IServiceAccount;
    readonly dataflow: IServiceAccount;
    readonly workbench?: IServiceAccount;
    readonly web?: IServiceAccount;
  };

  constructor(scope: Construct, id: string, props: MlopsPlatformStackProps) {
    super(scope, id);
    const cfg = props.config;
    this.config = cfg;
    const naming: Naming = { prefix: cfg.namePrefix, environment: cfg.environment };
    const project = { project: cfg.projectId, projectNumber: cfg.projectNumber, naming, labels: { ...cfg.labels } };

    new GoogleProvider(this, 'google', { project: cfg.projectId, region: cfg.region });
    if ((props.backend ?? 'gcs') === 'gcs') {
      new GcsBackend(this, { bucket: cfg.stateBucket, prefix: `vertex-mlops/${cfg.environment}` });
    } else {
      new LocalBackend(this, { path: `terraform.${id}.tfstate` });
    }

    const foundation = (this.foundation = new FoundationLayer(this, 'foundation', {
      ...project,
      region: cfg.region,
      keyRotationSeconds: cfg.keyRotationSeconds,
      protectionLevel: cfg.kmsProtectionLevel,
      projectIam: cfg.projectIam,
    }));
    const apis = foundation.apis.bind(foundation);
    const key = foundation.key.bind(foundation);
    const account = foundation.account.bind(foundation);
    const [pipeline, composer, trigger, serving, batch, functionBuild, imageBuild, dataflow] =
      (['pipeline', 'composer', 'trigger', 'serving', 'batch', 'fnbuild', 'imgbuild', 'dataflow'] as const).map(account);
    const webConfig = cfg.web?.enabled ? cfg.web : undefined;
    const web = webConfig ? account('web') : undefined;

    this.network = new NetworkLayer(this, 'network', {
      ...project,
      apis,
      region: cfg.region,
      subnetRange: cfg.network.subnetRange,
      privateServiceRange: cfg.network.privateServiceRange,
    }).network;

    const data = (this.data = new DataLayer(this, 'data', {
      ...project,
      storageKey: key('storage'),
      registryKey: key('artifact-registry'),
      sharedDataReaders: cfg.sharedDataReaders,
      warehouse: { bigqueryKey: key('bigquery'), partitionExpirationDays: cfg.data.partitionExpirationDays, readers: cfg.data.warehouseReaders },
    }));

    const wb = cfg.workbench;
    if (wb?.enabled) {
      this.workbench = new WorkbenchLayer(this, 'workbench', {
        ...project,
        apis,
        region: cfg.region,
        workbenchKey: key('workbench'),
        owner: wb.owner!,
        machineType: wb.machineType,
        idleShutdownMinutes: wb.idleShutdownMinutes,
        readBuckets: [data.sharedDataBucket, data.pipelineStorageBucket, data.pipelineRootBucket],
        pipelineAccount: pipeline,
        network: this.network,
      });
    }

    this.cicd = new CicdIdentityLayer(this, 'cicd', {
      ...project,
      cicdPrincipal: cfg.cicdPrincipal,
      // The deployer acts as each of these, and only these (the image builder: container-build.sh's builds).
      workloadAccounts: [pipeline, composer, trigger, serving, batch, functionBuild, imageBuild, dataflow, ...(web ? [web] : []), ...(this.workbench ? [this.workbench.account] : [])],
      registries: [data.registry],
      additionalDeployerRoles: {
        ...(this.workbench ? WORKBENCH_CICD_ROLES.deployer : {}),
        ...(cfg.looker?.enabled ? REPORTING_CICD_ROLES.deployer : {}),
      },
      additionalPlannerRoles: [
        ...(this.workbench ? WORKBENCH_CICD_ROLES.planner : []),
        ...(cfg.looker?.enabled ? REPORTING_CICD_ROLES.planner : []),
      ],
      azureDevops: props.cicd && {
        organizationId: props.cicd.organization.id,
        organizationName: organizationName(props.cicd),
        projectName: props.cicd.project.name,
        azureDevopsProjectId: props.cicd.project.id,
        deployBranch: props.cicd.deployBranch,
        stateBucket: cfg.stateBucket,
      },
    });

    this.serving = new ServingLayer(this, 'serving', {
      ...project,
      apis,
      vertexKey: key('vertex-ai'),
      functionsKey: key('functions'),
      servingAccount: serving,
      batchAccount: batch,
      modelBucket: data.pipelineRootBucket,
      registry: data.registry,
      network: cfg.serving.privateNetwork ? VpcNetwork.fromNetworkName(this, 'serving-network', cfg.serving.privateNetwork) : undefined,
      batchInputBucket: data.sharedDataBucket,
      batchOutputBucket: data.pipelineRootBucket,
      batchSchedule: cfg.serving.batchPredictionSchedule,
      timeZone: cfg.serving.timeZone,
      machineType: cfg.serving.machineType,
    });

    this.ingestion = new IngestionLayer(this, 'ingestion', {
      ...project,
      apis,
      composerKey: key('composer'),
      storageKey: key('storage'),
      secretKey: key('secret-manager'),
      workerAccount: composer,
      sharedDataBucket: data.sharedDataBucket,
      pipelineRootBucket: data.pipelineRootBucket,
      pipelineStorageBucket: data.pipelineStorageBucket,
      imageVersion: cfg.composer.imageVersion,
      environmentSize: cfg.composer.environmentSize,
      ingestSourceUri: cfg.composer.ingestSourceUri,
      ingestSchedule: cfg.composer.ingestSchedule,
      warehouse: { dataset: data.dataset!, table: data.ingestTable! },
      preprocessing: {
        dataflowKey: key('dataflow'),
        workerAccount: dataflow,
        network: this.network,
        featuresBucket: data.featuresBucket,
        registry: data.registry,
        launch: cfg.data.dataflowPreprocessing,
      },
    });

    this.features = new FeaturesLayer(this, 'features', {
      ...project,
      apis,
      region: cfg.region,
      vertexKey: key('vertex-ai'),
      dataset: data.dataset!,
      table: data.ingestTable!,
      featureStore: cfg.data.featureStore.enabled,
      syncSchedule: cfg.data.featureStore.syncSchedule,
    });
    // Training from the validated features (a training request's data_uri may point there).
    data.featuresBucket.grantRead(pipeline);

    this.training = new TrainingLayer(this, 'training', {
      ...project,
      apis,
      region: cfg.region,
      functionsKey: key('functions'),
      vertexKey: key('vertex-ai'),
      storageKey: key('storage'),
      pubsubKey: key('pubsub'),
      pipelineAccount: pipeline,
      triggerAccount: trigger,
      buildAccount: functionBuild,
      imageBuildAccount: imageBuild,
      servingAccount: serving,
      pipelineRootBucket: data.pipelineRootBucket,
      pipelineStorageBucket: data.pipelineStorageBucket,
      sharedDataBucket: data.sharedDataBucket,
      endpoint: this.serving.endpoint,
      registry: data.registry,
      accuracyThreshold: cfg.pipeline.accuracyThreshold,
      machineType: cfg.serving.machineType,
      runsTable: data.runsTable,
      // The provider cannot set the dataset's source; the first run attaches the ingestion table.
      trainingDataset: cfg.pipeline.trainFrom === 'dataset' ? { datasetName: this.features.tabularDataset.datasetName, sourceTable: data.ingestTable! } : undefined,
      pipelineTemplateFile: props.pipelineTemplateFile,
    });

    if (webConfig && web) {
      this.web = new WebServingLayer(this, 'web', {
        ...project,
        apis,
        network: this.network,
        redisKey: key('redis'),
        cloudRunKey: key('cloud-run'),
        secretKey: key('secret-manager'),
        serviceAccount: web,
        endpoint: this.serving.endpoint,
        registry: data.registry,
        minInstances: webConfig.minInstances,
        maxInstances: webConfig.maxInstances,
        concurrency: webConfig.concurrency,
        cacheTtlSeconds: webConfig.cacheTtlSeconds,
        invokers: webConfig.invokers,
        redisTier: webConfig.redisTier,
        redisMemoryGb: webConfig.redisMemoryGb,
        loadBalancer: webConfig.loadBalancer,
      });
    }

    this.observability = new ObservabilityLayer(this, 'observability', {
      ...project,
      apis,
      notificationEmail: cfg.notificationEmail,
      triggerFunction: this.training.trigger,
      endpoint: this.serving.endpoint,
      endpointErrorRateThreshold: cfg.serving.errorRateAlertThreshold,
      endpointLatencyThresholdMs: cfg.serving.latencyAlertThresholdMs,
      batchPrediction: this.serving.batchPrediction,
      webService: this.web && { serviceName: this.web.service.resource.name },
    });

    if (cfg.looker?.enabled) {
      this.reporting = new ReportingLayer(this, 'reporting', {
        ...project,
        apis,
        network: this.network,
        lookerKey: key('looker'),
        oauthClientId: cfg.looker.oauthClientId,
        oauthClientSecret: EncryptedSecret.fromSecretName(this, 'looker-oauth-secret', `projects/${cfg.projectId}/secrets/${cfg.looker.oauthClientSecretId}`),
        edition: cfg.looker.edition,
        allowedEmailDomains: cfg.looker.allowedEmailDomains,
      });
    }

    // Google enforces at apply time (and after) what the guardrails check at synth.
    const enforcement = cfg.enforcement ?? {};
    this.governance = new GovernanceLayer(this, 'governance', {
      ...project,
      apis,
      keyProject: foundation.keyring.project,
      loggingKey: key('logging'),
      orgPolicies: enforcement.orgPolicies,
      allowedMemberCustomerIds: enforcement.allowedMemberCustomerIds,
      dataAccessAuditLogs: enforcement.dataAccessAuditLogs,
      logBucket: enforcement.logBucket,
    });

    const planner = this.cicd.federated?.planner;
    if (planner) this.training.functionImages.grantPull(planner);

    this.keys = foundation.keys;
    this.accounts = { deployer: this.cicd.deployer, pipeline, composer, trigger, serving, batch, functionBuild, imageBuild, dataflow, ...(web ? { web } : {}), ...(this.workbench ? { workbench: this.workbench.account } : {}) };

    const out = (name: string, value: string, description: string) => new TerraformOutput(this, name, { value, description });
    out('pipeline_root_bucket', data.pipelineRootBucket.bucketName, 'PIPELINE_ROOT_BUCKET: root of every pipeline run');
    out('pipeline_storage_bucket', data.pipelineStorageBucket.bucketName, 'PIPELINE_STORAGE_BUCKET: compiled pipelines');
    out('shared_data_bucket', data.sharedDataBucket.bucketName, 'PIPELINE_SHARED_DATA_BUCKET: ingested CSVs');
    out('registry_url', data.registry.url, 'Docker image prefix of the platform registry');
    out('features_bucket', data.featuresBucket.bucketName, 'FEATURES_LOCATION: validated, preprocessed features');
    out('bigquery_ingest_table', data.ingestTable!.qualifiedName, 'BIGQUERY_TABLE: ingested rows, one partition per ingestion day');
    out('bigquery_pipeline_runs_table', data.runsTable!.qualifiedName, 'The pipeline\'s metrics_table: one row per run, one partition per day of run_time');
    out('vpc_network', this.network.networkName, 'The platform VPC');
    out('vpc_subnetwork', this.network.subnetworkName, 'The EU subnet (Private Google Access)');
    out('vertex_tabular_dataset', this.features.tabularDataset.datasetName, 'Vertex AI tabular dataset (CMEK), the pipeline\'s optional dataset_id');
    if (this.features.onlineStore) out('feature_online_store', this.features.onlineStore.storeName, 'Vertex AI Feature Store online store');
    for (const [keyClass, k] of [...foundation.keys].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const protects = k.protects.map(pathInStack).sort().join(', ');
      out(`kms_key_${keyClass.replace(/-/g, '_')}`, k.keyName, `CMEK key for ${keyClass}; protects ${protects}`);
    }
    for (const [name, sa] of Object.entries(this.accounts)) out(`service_account_${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`, sa.email, `${name} service account`);
    out('composer_environment', this.ingestion.composer.environmentName, 'Cloud Composer environment');
    out('composer_dags_uri', this.ingestion.composer.dagsUri, 'Folder the Composer environment reads DAGs from');
    out('composer_airflow_uri', this.ingestion.composer.airflowUri, 'Airflow web UI');
    out('pipeline_trigger_function', this.training.trigger.functionName, 'Cloud Function that submits the pipeline on new data');
    out('pipeline_template_uri', this.training.trigger.templateUri, 'Compiled pipeline the trigger submits');
    out('prediction_endpoint_id', this.serving.endpoint.endpointId, 'Vertex AI endpoint id');
    out('prediction_endpoint', this.serving.endpoint.endpointName, 'Vertex AI endpoint resource name');
    out('container_source_staging', `gs://${this.training.containerSourceBucket!.bucketName}/source`, 'SOURCE_STAGING of scripts/container-build.sh: where image builds stage their source');
    if (this.workbench) out('workbench_instance', this.workbench.instance.resource.name, 'Vertex AI Workbench instance of the workbench owner');
    out('batch_prediction_workflow', this.serving.batchPrediction.workflowName, 'Workflow that runs the scheduled batch prediction');

    if (this.web) {
      out('web_service', this.web.service.serviceName, 'Cloud Run web prediction service');
      out('web_service_uri', this.web.service.uri, 'Its run.app URL (internal and load balancer ingress only)');
      if (this.web.loadBalancer) out('web_load_balancer_ip', this.web.loadBalancer.ipAddress, 'Point the website domain\'s A record here');
    }
    if (this.cicd.federated) {
      out('workload_identity_provider', this.cicd.federated.federation.providerName, 'Audience of the pipelines\' credential configuration');
      out('planner_service_account', this.cicd.federated.planner.email, 'Read-only account pull-request plans impersonate');
    }

    Guardrails.applyTo(this);
  }

  /**
   * Addresses leave the layers out (`buckets_shared-data_…`, not `data_buckets_shared-data_…`):
   * they predate the layers, and a changed address would make Terraform replace the resource
   * (and refuse to, for a key).
   */
  public allocateLogicalId(tfElement: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(tfElement) ? tfElement.node : tfElement;
    return super.allocateLogicalId({ scopes: node.scopes.filter((s): boolean => !Layer.isLayer(s)) } as unknown as Node);
  }
}
