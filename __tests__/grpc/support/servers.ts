/**
 * Real gRPC servers for the Vertex AI v1 services the project calls, built from the protos the
 * client library ships, listening on 127.0.0.1 only. Tests drive the real client library at
 * them and program their behaviour: recorded requests, injected errors, latency.
 */
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { fromValue } from '../../../packages/vertex-client/src/protobuf-values';

const AIPLATFORM_PROTOS = path.join(path.dirname(require.resolve('@google-cloud/aiplatform/package.json')), 'build', 'protos');
// google-gax's package exports hide package.json; its entry point is build/src/index.js.
const GAX_PROTOS = path.resolve(path.dirname(require.resolve('google-gax')), '..', 'protos');
/** How the servers load the protos the client library ships (camelCase, enums and 64-bit ints as strings). */
export const PROTO_LOAD_OPTIONS: protoLoader.Options = {
  keepCase: false, longs: String, enums: String, defaults: false, oneofs: true, includeDirs: [AIPLATFORM_PROTOS, GAX_PROTOS],
};

let packageDefinition: protoLoader.PackageDefinition | undefined;

function services(): Record<'PipelineService' | 'PredictionService' | 'JobService', grpc.ServiceDefinition> {
  packageDefinition ??= protoLoader.loadSync(
    [
      'google/cloud/aiplatform/v1/pipeline_service.proto',
      'google/cloud/aiplatform/v1/prediction_service.proto',
      'google/cloud/aiplatform/v1/job_service.proto',
    ],
    PROTO_LOAD_OPTIONS,
  );
  const def = packageDefinition;
  const service = (name: string) => def[`google.cloud.aiplatform.v1.${name}`] as grpc.ServiceDefinition;
  return { PipelineService: service('PipelineService'), PredictionService: service('PredictionService'), JobService: service('JobService') };
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Msg = Record<string, any>;

/** An error the server answers with. */
export class GrpcFault extends Error {
  constructor(
    readonly code: grpc.status,
    readonly details: string,
  ) {
    super(details);
  }
}

interface QueuedFault {
  readonly code: grpc.status;
  readonly details: string;
  readonly match?: (request: Msg) => boolean;
  remaining: number;
}

/** Recording and fault injection for one RPC method. */
export class MethodControl {
  /** Every request received, in arrival order, decoded (camelCase, enums as strings). */
  readonly calls: Msg[] = [];
  readonly metadata: grpc.Metadata[] = [];
  /** Fixed delay before answering, or a function of the request (e.g. random). */
  latencyMs: number | ((request: Msg) => number) = 0;
  inFlight = 0;
  maxInFlight = 0;
  private readonly faults: QueuedFault[] = [];

  /**
   * Answers the next `times` matching requests (default: every request) with `code`. Faults
   * queue up: `fail(UNAVAILABLE, {times: 2})` then success is "UNAVAILABLE twice, then OK".
   */
  fail(code: grpc.status, options: { times?: number; details?: string; match?: (request: Msg) => boolean } = {}): this {
    this.faults.push({
      code,
      details: options.details ?? `injected ${grpc.status[code]}`,
      match: options.match,
      remaining: options.times ?? 1,
    });
    return this;
  }

  /** Forgets recorded calls and pending faults. */
  reset(): void {
    this.calls.length = 0;
    this.metadata.length = 0;
    this.faults.length = 0;
    this.latencyMs = 0;
    this.maxInFlight = 0;
  }

  takeFault(request: Msg): QueuedFault | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && (!f.match || f.match(request)));
    if (fault) fault.remaining -= 1;
    return fault;
  }

  handler(impl: (request: Msg) => Msg): grpc.handleUnaryCall<Msg, Msg> {
    return (call, callback) => {
      const request = call.request;
      this.calls.push(request);
      this.metadata.push(call.metadata);
      this.inFlight += 1;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      const delay = typeof this.latencyMs === 'function' ? this.latencyMs(request) : this.latencyMs;
      // The fault is taken when the request arrives, not when it is answered: a slow request
      // left over from an earlier test must not answer later with a fault queued for this one.
      const fault = this.takeFault(request);
      const answer = () => {
        this.inFlight -= 1;
        if (fault) {
          callback({ code: fault.code, details: fault.details });
          return;
        }
        try {
          callback(null, impl(request));
        } catch (err) {
          if (err instanceof GrpcFault) callback({ code: err.code, details: err.details });
          else callback({ code: grpc.status.INTERNAL, details: (err as Error).message });
        }
      };
      if (delay > 0) setTimeout(answer, delay);
      else answer();
    };
  }
}

function requireParent(parent: unknown): string {
  if (typeof parent !== 'string' || !/^projects\/[^/]+\/locations\/[^/]+$/.test(parent)) {
    throw new GrpcFault(grpc.status.INVALID_ARGUMENT, `invalid parent '${String(parent)}'`);
  }
  return parent;
}

const now = () => ({ seconds: String(Math.floor(Date.now() / 1000)), nanos: 0 });

/** A service's create and get methods over stored jobs whose state moves on with each read. */
abstract class JobStore {
  readonly create = new MethodControl();
  readonly get = new MethodControl();
  /** Jobs by resource name. */
  readonly jobs = new Map<string, Msg>();
  /** States that successive reads of one job walk through; the last one stays. */
  states: string[];
  private counter = 0;
  private readonly reads = new Map<string, number>();

  constructor(private readonly initialStates: readonly string[]) {
    this.states = [...initialStates];
  }

  protected nextNumber(): number {
    return ++this.counter;
  }

  /** Sets and returns the state this read of the job reports. */
  protected advance(name: string, job: Msg): string {
    const step = Math.min(this.reads.get(name) ?? 0, this.states.length - 1);
    this.reads.set(name, step + 1);
    job.state = this.states[step];
    return job.state;
  }

  reset(): void {
    this.create.reset();
    this.get.reset();
    this.jobs.clear();
    this.reads.clear();
    this.counter = 0;
    this.states = [...this.initialStates];
  }
}

export class PipelineServiceState extends JobStore {
  constructor() {
    super(['PIPELINE_STATE_PENDING', 'PIPELINE_STATE_RUNNING', 'PIPELINE_STATE_SUCCEEDED']);
  }

  implementation(): grpc.UntypedServiceImplementation {
    return {
      CreatePipelineJob: this.create.handler((req) => {
        const parent = requireParent(req.parent);
        const job = req.pipelineJob ?? {};
        if (!job.pipelineSpec && !job.templateUri) {
          throw new GrpcFault(grpc.status.INVALID_ARGUMENT, 'either pipeline_spec or template_uri is required');
        }
        if (!job.runtimeConfig?.gcsOutputDirectory) {
          throw new GrpcFault(grpc.status.INVALID_ARGUMENT, 'runtime_config.gcs_output_directory is required');
        }
        const id = req.pipelineJobId || `pipeline-job-${this.nextNumber()}`;
        const name = `${parent}/pipelineJobs/${id}`;
        if (this.jobs.has(name)) {
          throw new GrpcFault(grpc.status.ALREADY_EXISTS, `PipelineJob ${name} already exists`);
        }
        const created = { ...job, name, state: 'PIPELINE_STATE_PENDING', createTime: now() };
        this.jobs.set(name, created);
        return created;
      }),
      GetPipelineJob: this.get.handler((req) => {
        const job = this.jobs.get(req.name);
        if (!job) throw new GrpcFault(grpc.status.NOT_FOUND, `PipelineJob ${req.name} not found`);
        this.advance(req.name, job);
        return job;
      }),
    };
  }
}

export class PredictionServiceState {
  readonly predict = new MethodControl();
  /** Endpoint resource names that exist; Predict on any other is NOT_FOUND. */
  readonly endpoints = new Set<string>();
  /**
   * Computes the answer for one instance (protobuf Value in, protobuf Value out).
   * @default - `{ echo: <instance>, length: <length of the instance as JSON text> }`
   */
  predictor: (instance: Msg, endpoint: string) => Msg = (instance) => ({
    structValue: {
      fields: {
        echo: instance,
        length: { numberValue: JSON.stringify(fromValue(instance)).length },
      },
    },
  });

  implementation(): grpc.UntypedServiceImplementation {
    return {
      Predict: this.predict.handler((req) => {
        if (!this.endpoints.has(req.endpoint)) {
          throw new GrpcFault(grpc.status.NOT_FOUND, `Endpoint \`${req.endpoint}\` not found.`);
        }
        const instances: Msg[] = req.instances ?? [];
        if (instances.length === 0) throw new GrpcFault(grpc.status.INVALID_ARGUMENT, 'instances must not be empty');
        return {
          predictions: instances.map((instance) => this.predictor(instance, req.endpoint)),
          deployedModelId: '1234567890',
          model: req.endpoint.replace(/endpoints\/[^/]+$/, 'models/loopback-model'),
          modelDisplayName: 'loopback-model',
        };
      }),
    };
  }

  reset(): void {
    this.predict.reset();
    this.endpoints.clear();
  }
}

export const BATCH_TERMINAL = ['JOB_STATE_SUCCEEDED', 'JOB_STATE_FAILED', 'JOB_STATE_CANCELLED', 'JOB_STATE_EXPIRED'];

export class JobServiceState extends JobStore {
  failureMessage = 'model server crashed';
  /** CreateModelDeploymentMonitoringJob: recorded requests and faults. */
  readonly createMonitoring = new MethodControl();

  override reset(): void {
    super.reset();
    this.createMonitoring.reset();
  }

  constructor() {
    super(['JOB_STATE_PENDING', 'JOB_STATE_RUNNING', 'JOB_STATE_SUCCEEDED']);
  }

  implementation(): grpc.UntypedServiceImplementation {
    return {
      CreateBatchPredictionJob: this.create.handler((req) => {
        const parent = requireParent(req.parent);
        const job = req.batchPredictionJob ?? {};
        if (!job.model) throw new GrpcFault(grpc.status.INVALID_ARGUMENT, 'batch_prediction_job.model is required');
        if (!job.inputConfig?.gcsSource?.uris?.length) {
          throw new GrpcFault(grpc.status.INVALID_ARGUMENT, 'input_config.gcs_source.uris is required');
        }
        if (!job.outputConfig?.gcsDestination?.outputUriPrefix) {
          throw new GrpcFault(grpc.status.INVALID_ARGUMENT, 'output_config.gcs_destination.output_uri_prefix is required');
        }
        const name = `${parent}/batchPredictionJobs/${1000 + this.nextNumber()}`;
        const created = { ...job, name, state: 'JOB_STATE_PENDING', createTime: now() };
        this.jobs.set(name, created);
        return created;
      }),
      CreateModelDeploymentMonitoringJob: this.createMonitoring.handler((req) => {
        const parent = requireParent(req.parent);
        const job = req.modelDeploymentMonitoringJob ?? {};
        if (!job.endpoint) throw new GrpcFault(grpc.status.INVALID_ARGUMENT, 'model_deployment_monitoring_job.endpoint is required');
        if (!job.modelDeploymentMonitoringObjectiveConfigs?.length) {
          throw new GrpcFault(grpc.status.INVALID_ARGUMENT, 'model_deployment_monitoring_objective_configs is required');
        }
        if (!job.modelDeploymentMonitoringScheduleConfig?.monitorInterval) {
          throw new GrpcFault(grpc.status.INVALID_ARGUMENT, 'model_deployment_monitoring_schedule_config.monitor_interval is required');
        }
        const name = `${parent}/modelDeploymentMonitoringJobs/${5000 + this.nextNumber()}`;
        const created = { ...job, name, state: 'JOB_STATE_PENDING', createTime: now() };
        this.jobs.set(name, created);
        return created;
      }),
      GetBatchPredictionJob: this.get.handler((req) => {
        const job = this.jobs.get(req.name);
        if (!job) throw new GrpcFault(grpc.status.NOT_FOUND, `BatchPredictionJob ${req.name} not found`);
        const state = this.advance(req.name, job);
        if (state === 'JOB_STATE_RUNNING') {
          job.completionStats = { successfulCount: '40', failedCount: '0', incompleteCount: '60' };
        }
        if (state === 'JOB_STATE_SUCCEEDED') {
          const model = String(job.model).split('/').pop();
          job.outputInfo = { gcsOutputDirectory: `${job.outputConfig.gcsDestination.outputUriPrefix}/prediction-${model}-2026_01_01T00_00_00_000Z` };
          job.completionStats = { successfulCount: '100', failedCount: '0', incompleteCount: '0' };
          job.endTime = now();
        }
        if (state === 'JOB_STATE_FAILED') {
          job.error = { code: grpc.status.INTERNAL, message: this.failureMessage };
          job.endTime = now();
        }
        return job;
      }),
    };
  }
}

export interface LoopbackVertex {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** host:port, for --api-endpoint and VERTEX_API_ENDPOINT. */
  readonly address: string;
  readonly pipelines: PipelineServiceState;
  readonly prediction: PredictionServiceState;
  readonly jobs: JobServiceState;
  /** Clears recordings, faults and stored jobs between tests. */
  reset(): void;
  stop(): Promise<void>;
}

/** Starts one server hosting the three services on 127.0.0.1 and an OS-chosen port. */
export async function startLoopbackVertex(): Promise<LoopbackVertex> {
  const defs = services();
  const pipelines = new PipelineServiceState();
  const prediction = new PredictionServiceState();
  const jobs = new JobServiceState();
  const server = new grpc.Server();
  server.addService(defs.PipelineService, pipelines.implementation());
  server.addService(defs.PredictionService, prediction.implementation());
  server.addService(defs.JobService, jobs.implementation());
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
  );
  return {
    host: '127.0.0.1',
    port,
    address: `127.0.0.1:${port}`,
    pipelines,
    prediction,
    jobs,
    reset() {
      pipelines.reset();
      prediction.reset();
      jobs.reset();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
