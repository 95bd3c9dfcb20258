import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { CloudSchedulerJob } from '@cdktf/provider-google/lib/cloud-scheduler-job';
import { WorkflowsWorkflow } from '@cdktf/provider-google/lib/workflows-workflow';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { assertEuRegion } from '../rules/locations';
import { resourceIdProblem } from '../rules/names';
import { cronProblem, timeZoneProblem } from '../rules/schedules';
import { ICmekKey } from './cmek-key';
import { IBucket } from './encrypted-bucket';
import { IEndpoint } from './prediction-endpoint';
import { IServiceAccount } from './workload-service-account';

/**
 * The workflow: create a BatchPredictionJob for the model named in the execution's argument, or
 * else for the model taking most of the endpoint's traffic, then wait for it. A failed job fails
 * the execution (which alerting sees); an endpoint with no model yet ends the run with a warning,
 * as it is the normal state of a new environment. Settings come from the workflow's environment.
 */
export const BATCH_PREDICTION_WORKFLOW = `main:
  params: [args]
  steps:
    - init:
        assign:
          - project: \${sys.get_env("GOOGLE_CLOUD_PROJECT_ID")}
          - region: \${sys.get_env("GOOGLE_CLOUD_LOCATION")}
          - executionId: \${sys.get_env("GOOGLE_CLOUD_WORKFLOW_EXECUTION_ID")}
          - args: \${default(args, {})}
          - model: \${default(map.get(args, "model"), "")}
          - inputUris: \${default(map.get(args, "inputUris"), text.split(sys.get_env("INPUT_URIS"), ","))}
    - choose_model:
        switch:
          - condition: \${model != ""}
            next: create_job
    - get_endpoint:
        call: googleapis.aiplatform.v1.projects.locations.endpoints.get
        args:
          name: \${sys.get_env("ENDPOINT")}
          region: \${region}
        result: endpoint
    - pick_deployed_model:
        assign:
          - deployed: \${default(map.get(endpoint, "deployedModels"), [])}
          - split: \${default(map.get(endpoint, "trafficSplit"), {})}
          - best: -1
    - scan_deployed_models:
        for:
          value: candidate
          in: \${deployed}
          steps:
            - weigh:
                switch:
                  - condition: \${default(map.get(split, candidate.id), 0) > best}
                    steps:
                      - take:
                          assign:
                            - best: \${default(map.get(split, candidate.id), 0)}
                            - model: \${candidate.model}
                            - version: \${default(map.get(candidate, "modelVersionId"), "")}
                      - pin_version:
                          switch:
                            - condition: \${version != ""}
                              steps:
                                - pin:
                                    assign:
                                      - model: \${model + "@" + version}
    - any_model:
        switch:
          - condition: \${model == ""}
            steps:
              - no_model:
                  call: sys.log
                  args:
                    severity: WARNING
                    text: \${"no model is deployed to " + sys.get_env("ENDPOINT") + " yet; nothing to predict"}
              - skip:
                  return:
                    skipped: no model deployed
    - create_job:
        call: googleapis.aiplatform.v1.projects.locations.batchPredictionJobs.create
        args:
          parent: \${"projects/" + project + "/locations/" + region}
          region: \${region}
          body:
            displayName: \${"scheduled-batch-" + executionId}
            model: \${model}
            inputConfig:
              instancesFormat: \${sys.get_env("INSTANCES_FORMAT")}
              gcsSource:
                uris: \${inputUris}
            outputConfig:
              predictionsFormat: jsonl
              gcsDestination:
                outputUriPrefix: \${sys.get_env("OUTPUT_URI_PREFIX") + "/" + executionId}
            dedicatedResources:
              machineSpec:
                machineType: \${sys.get_env("MACHINE_TYPE")}
              startingReplicaCount: 1
              maxReplicaCount: \${int(sys.get_env("MAX_REPLICAS"))}
            serviceAccount: \${sys.get_env("JOB_SERVICE_ACCOUNT")}
            encryptionSpec:
              kmsKeyName: \${sys.get_env("KMS_KEY_NAME")}
            labels:
              created-by: scheduled-batch-prediction
        result: job
    - wait:
        call: sys.sleep
        args:
          seconds: 60
    - poll:
        call: googleapis.aiplatform.v1.projects.locations.batchPredictionJobs.get
        args:
          name: \${job.name}
          region: \${region}
        result: job
    - finished:
        switch:
          - condition: \${job.state == "JOB_STATE_SUCCEEDED"}
            next: done
          - condition: \${job.state in ["JOB_STATE_FAILED", "JOB_STATE_CANCELLED", "JOB_STATE_EXPIRED", "JOB_STATE_PARTIALLY_SUCCEEDED"]}
            steps:
              - fail:
                  raise: \${"batch prediction job " + job.name + " ended " + job.state}
        next: wait
    - done:
        return:
          job: \${job.name}
          model: \${model}
          output: \${default(map.get(default(map.get(job, "outputInfo"), {}), "gcsOutputDirectory"), "")}
`;

export interface BatchPredictionScheduleProps {
  /** The project the workflow, the schedule and the jobs run in. */
  readonly project: string;
  /** The project's number: its Workflows and Vertex AI service agents are granted on the keys. */
  readonly projectNumber: string;
  /** Name of the workflow and the scheduler job, e.g. `mlops-dev-batch-prediction`. */
  readonly name: string;
  /**
   * A `functions` class key for the workflow's definition and execution data: the platform's
   * serverless glue shares one class (see `KEY_CLASS_AGENTS.functions`).
   */
  readonly encryptionKey: ICmekKey;
  /** A `vertex-ai` class key every batch prediction job is encrypted with. */
  readonly jobEncryptionKey: ICmekKey;
  /**
   * One account for the schedule, the workflow and the job: Cloud Scheduler calls the workflow
   * as it, the workflow calls Vertex AI as it, and the job reads inputs and writes predictions
   * as it. The construct grants it `roles/workflows.invoker`, `roles/aiplatform.user` and
   * `roles/logging.logWriter` on the project, read on `inputBucket`, read-write on
   * `outputBucket` and `actAs` on itself (the workflow starts the job as it).
   */
  readonly serviceAccount: IServiceAccount;
  /** By default the job predicts with the model taking most of this endpoint's traffic. */
  readonly endpoint: IEndpoint;
  readonly inputBucket: IBucket;
  /**
   * Instances to predict, `gs://` URIs (wildcards allowed) in `inputBucket`. A run's argument
   * `{"inputUris": [...]}` overrides them.
   * @default - `gs://<inputBucket>/batch-input/*.jsonl`
   */
  readonly inputUris?: readonly string[];
  /**
   * Format of the instances. JSON lines by default: a CSV landing in the shared-data bucket would
   * also start a training run (the pipeline trigger fires on every `.csv`).
   * @default 'jsonl'
   */
  readonly instancesFormat?: 'jsonl' | 'csv';
  readonly outputBucket: IBucket;
  /** Predictions go to `gs://<outputBucket>/<outputPrefix>/<execution id>/`. @default 'batch-predictions' */
  readonly outputPrefix?: string;
  /** @default 'n1-standard-2' */
  readonly machineType?: string;
  /** @default 2 */
  readonly maxReplicaCount?: number;
  /** Cron, in `timeZone`. */
  readonly schedule: string;
  /** IANA time zone of `schedule`, e.g. `Europe/Amsterdam`; checked at synth. @default 'Etc/UTC' */
  readonly timeZone?: string;
  /** An EU region for the workflow, the schedule and the jobs. @default - the key's location */
  readonly region?: string;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Resources (such as enabled APIs) to wait for. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Scheduled batch prediction: a Cloud Scheduler job starts a Workflows execution, which creates
 * a Vertex AI BatchPredictionJob (on the `vertex-ai` key) from the endpoint's current model and
 * follows it to the end. Workflows rather than a function: waiting an hour for a job costs
 * nothing there, and the connector retries Vertex AI's transient errors itself.
 */
export class BatchPredictionSchedule extends PlatformConstruct {
  public readonly workflow: WorkflowsWorkflow;
  public readonly resource: CloudSchedulerJob;
  public readonly workflowName: string;
  public readonly region: string;
  /** The environment the workflow runs with. */
  public readonly environment: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: BatchPredictionScheduleProps) {
    super(scope, id);
    const who = `BatchPredictionSchedule '${this.node.path}'`;
    if (resourceIdProblem(props.name, 64)) {
      throw new Error(`${who}: name '${props.name}' is invalid; use up to 64 lowercase letters, digits and hyphens, starting with a letter`);
    }
    const region = props.region ?? props.encryptionKey.location;
    assertEuRegion(region, `${who}: region`);
    props.encryptionKey.assertUsableFor('functions', region, `${who} encryptionKey`);
    props.jobEncryptionKey.assertUsableFor('vertex-ai', region, `${who} jobEncryptionKey`);
    if (props.endpoint.region !== region) {
      throw new Error(`${who}: endpoint '${props.endpoint.node.path}' is in '${props.endpoint.region}' but the schedule is in '${region}'; batch jobs run in the model's region`);
    }
    const cron = cronProblem(props.schedule);
    if (cron) throw new Error(`${who}: schedule ${cron}`);
    const timeZone = props.timeZone ?? 'Etc/UTC';
    const tzProblem = timeZoneProblem(timeZone);
    if (tzProblem) throw new Error(`${who}: timeZone '${timeZone}' ${tzProblem}`);
    const inputUris = props.inputUris ?? [`${props.inputBucket.url}/batch-input/*.jsonl`];
    if (inputUris.length === 0) throw new Error(`${who}: inputUris is empty; name at least one gs:// URI`);
    for (const uri of inputUris) {
      if (!uri.startsWith(`${props.inputBucket.url}/`) || uri.includes(',')) {
        throw new Error(`${who}: inputUris holds '${uri}', which is not an object (or wildcard) in inputBucket '${props.inputBucket.node.path}'; the job can read only that bucket`);
      }
    }
    const maxReplicaCount = props.maxReplicaCount ?? 2;
    if (!Number.isInteger(maxReplicaCount) || maxReplicaCount < 1) {
      throw new Error(`${who}: maxReplicaCount ${maxReplicaCount} must be a whole number of at least 1`);
    }
    const outputPrefix = (props.outputPrefix ?? 'batch-predictions').replace(/^\/+|\/+$/g, '');
    this.region = region;
    const project = props.project;
    const sa = props.serviceAccount;

    const grants = [
      sa.addProjectRole('roles/workflows.invoker'),
      sa.addProjectRole('roles/aiplatform.user'),
      sa.addProjectRole('roles/logging.logWriter'),
      props.inputBucket.grantRead(sa),
      props.outputBucket.grantReadWrite(sa),
      sa.grantUser(sa),
    ];

    this.environment = {
      ENDPOINT: props.endpoint.endpointName,
      INPUT_URIS: inputUris.join(','),
      INSTANCES_FORMAT: props.instancesFormat ?? 'jsonl',
      OUTPUT_URI_PREFIX: `${props.outputBucket.url}/${outputPrefix}`,
      MACHINE_TYPE: props.machineType ?? 'n1-standard-2',
      MAX_REPLICAS: String(maxReplicaCount),
      JOB_SERVICE_ACCOUNT: sa.email,
      KMS_KEY_NAME: props.jobEncryptionKey.keyName,
    };

    this.workflow = new WorkflowsWorkflow(this, 'workflow', {
      project,
      region,
      name: props.name,
      description: 'Runs a Vertex AI batch prediction with the endpoint\'s current model and waits for it',
      serviceAccount: sa.email,
      cryptoKeyName: props.encryptionKey.keyName,
      // Terraform would read Workflows expressions (`${...}`) as its own; `$${` is its escape.
      sourceContents: BATCH_PREDICTION_WORKFLOW.replace(/\$\{/g, '$$${').replace(/%\{/g, '%%{'),
      userEnvVars: { ...this.environment },
      callLogLevel: 'LOG_ERRORS_ONLY',
      // A workflow holds no data; its definition lives here.
      deletionProtection: false,
      labels: props.labels ? { ...props.labels } : undefined,
      // The jobs it creates are encrypted with jobEncryptionKey: its agent must be able to use it first.
      dependsOn: [...(props.dependsOn ?? []), ...props.encryptionKey.useFor(this, props.projectNumber), ...props.jobEncryptionKey.useFor(this, props.projectNumber), ...grants],
    });
    this.workflowName = this.workflow.name;

    this.resource = new CloudSchedulerJob(this, 'Resource', {
      project,
      region,
      name: props.name,
      description: 'Starts the batch prediction workflow',
      schedule: props.schedule,
      timeZone,
      attemptDeadline: '180s',
      retryConfig: { retryCount: 3, minBackoffDuration: '60s', maxDoublings: 2 },
      httpTarget: {
        httpMethod: 'POST',
        uri: `https://workflowexecutions.googleapis.com/v1/${this.workflow.id}/executions`,
        headers: { 'Content-Type': 'application/json' },
        body: Buffer.from(JSON.stringify({ argument: '{}', callLogLevel: 'LOG_ERRORS_ONLY' })).toString('base64'),
        oauthToken: { serviceAccountEmail: sa.email, scope: 'https://www.googleapis.com/auth/cloud-platform' },
      },
      dependsOn: [...(props.dependsOn ?? []), ...grants],
    });
    libraryMade(this);
  }
}
