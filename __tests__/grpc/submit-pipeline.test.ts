import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { fromStruct, fromValue } from '../../packages/vertex-client/src/protobuf-values';
import { CliError, EXIT } from '../../inference/lib/connection';
import { BufferStream, type Io } from '../../inference/lib/io';
import { DEFAULT_TEMPLATE, runSubmitPipeline, type SubmitFlags } from '../../inference/lib/submit-pipeline';
import { parsePipelineTemplate } from '../../packages/vertex-client/src/template';
import { REPO_ROOT, runTsCli } from './support/cli';
import { startLoopbackGcs, type LoopbackGcs } from './support/gcs';
import { startLoopbackVertex, type LoopbackVertex } from './support/servers';

const FIXTURE = path.join(__dirname, 'fixtures', 'pipeline-spec.json');
const SPEC = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
const KEY = 'projects/acme-kms/locations/europe-west4/keyRings/vertex/cryptoKeys/vertex-ai';
const SA = 'pipeline-runner@acme-dev.iam.gserviceaccount.com';

describe('submit-pipeline against the loopback PipelineService', () => {
  let vertex: LoopbackVertex;
  let gcs: LoopbackGcs;
  let tmp: string;
  let io: Io & { stdout: BufferStream; stderr: BufferStream };
  const flags = (extra: Partial<SubmitFlags> = {}): SubmitFlags => ({
    project: 'acme-dev',
    region: 'europe-west4',
    apiEndpoint: vertex.address,
    insecure: true,
    template: FIXTURE,
    pipelineRoot: 'gs://acme-dev-pipeline-root/runs/',
    kmsKey: KEY,
    serviceAccount: SA,
    param: ['data_uri=gs://acme-dev-shared-data/sales.csv'],
    ...extra,
  });
  const submit = (extra: Partial<SubmitFlags> = {}, env: NodeJS.ProcessEnv = {}) => runSubmitPipeline(flags(extra), io, env);
  const refused = (extra: Partial<SubmitFlags>, env: NodeJS.ProcessEnv = {}) => submit(extra, env).then(() => undefined, (e) => e as CliError);

  beforeAll(async () => {
    [vertex, gcs] = await Promise.all([startLoopbackVertex(), startLoopbackGcs()]);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'submit-test-'));
  });
  afterAll(async () => {
    await Promise.all([vertex.stop(), gcs.stop()]);
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  beforeEach(() => {
    vertex.reset();
    io = { stdout: new BufferStream(), stderr: new BufferStream() } as never;
  });

  test('submits the local compiled spec with root, CMEK key, service account and typed parameters', async () => {
    const code = await submit({
      jobId: 'end2end-manual-1',
      param: ['data_uri=gs://acme-dev-shared-data/sales.csv', 'accuracy_threshold=0.95', 'max_epochs=20', 'deploy=false'],
      label: ['team=ml-platform'],
    });

    expect(code).toBe(EXIT.OK);
    expect(vertex.pipelines.create.calls).toHaveLength(1);
    const req = vertex.pipelines.create.calls[0];
    expect(req.parent).toBe('projects/acme-dev/locations/europe-west4');
    expect(req.pipelineJobId).toBe('end2end-manual-1');
    expect(fromStruct(req.pipelineJob.pipelineSpec)).toEqual(SPEC);
    expect(req.pipelineJob.templateUri).toBeUndefined();
    expect(req.pipelineJob.runtimeConfig.gcsOutputDirectory).toBe('gs://acme-dev-pipeline-root/runs');
    const params = Object.fromEntries(Object.entries(req.pipelineJob.runtimeConfig.parameterValues).map(([k, v]) => [k, fromValue(v as never)]));
    expect(params).toEqual({ data_uri: 'gs://acme-dev-shared-data/sales.csv', accuracy_threshold: 0.95, max_epochs: 20, deploy: false });
    expect(req.pipelineJob.encryptionSpec).toEqual({ kmsKeyName: KEY });
    expect(req.pipelineJob.serviceAccount).toBe(SA);
    expect(req.pipelineJob.labels).toEqual({ 'triggered-by': 'submit-pipeline', team: 'ml-platform' });
    const printed = JSON.parse(io.stdout.text);
    expect(printed).toEqual({
      name: 'projects/acme-dev/locations/europe-west4/pipelineJobs/end2end-manual-1',
      outcome: 'created',
      state: 'PIPELINE_STATE_PENDING',
      consoleUrl: 'https://console.cloud.google.com/vertex-ai/locations/europe-west4/pipelines/runs/end2end-manual-1?project=acme-dev',
    });
  });

  test('without --job-id the id is <pipeline name>-<UTC timestamp>', async () => {
    expect(await submit()).toBe(EXIT.OK);
    expect(vertex.pipelines.create.calls[0].pipelineJobId).toMatch(/^end2end-\d{14}$/);
  });

  test('reads a gs:// template through the Cloud Storage API; accepts the {pipelineSpec} wrapper', async () => {
    gcs.objects.set('acme-dev-pipeline-storage/compiled/end2end.json', JSON.stringify({ pipelineSpec: SPEC, runtimeConfig: {} }));
    const code = await submit({ template: 'gs://acme-dev-pipeline-storage/compiled/end2end.json' }, { STORAGE_EMULATOR_HOST: gcs.url });
    expect(code).toBe(EXIT.OK);
    expect(fromStruct(vertex.pipelines.create.calls[0].pipelineJob.pipelineSpec)).toEqual(SPEC);
  });

  test('a registry template URL goes as templateUri; flags fall back to the function’s env names', async () => {
    const url = 'https://europe-west4-kfp.pkg.dev/acme-dev/pipelines/end2end/v3';
    const code = await runSubmitPipeline(
      { apiEndpoint: vertex.address, insecure: true, template: url, param: ['data_uri=gs://x-bucket/y.csv'] },
      io,
      { GOOGLE_CLOUD_PROJECT: 'acme-dev', GOOGLE_CLOUD_REGION: 'europe-west4', PIPELINE_ROOT: 'gs://acme-dev-pipeline-root', KMS_KEY_NAME: KEY, PIPELINE_SERVICE_ACCOUNT: SA },
    );
    expect(code).toBe(EXIT.OK);
    const job = vertex.pipelines.create.calls[0].pipelineJob;
    expect(job.templateUri).toBe(url);
    expect(job.pipelineSpec).toBeUndefined();
    expect(job.encryptionSpec.kmsKeyName).toBe(KEY);
    expect(vertex.pipelines.create.calls[0].pipelineJobId).toMatch(/^end2end-\d{14}$/);
  });

  test('an existing job id is not submitted twice (exit 0, outcome duplicate)', async () => {
    expect(await submit({ jobId: 'ci-abc123' })).toBe(EXIT.OK);
    io.stdout.chunks = [];
    expect(await submit({ jobId: 'ci-abc123' })).toBe(EXIT.OK);
    expect(JSON.parse(io.stdout.text).outcome).toBe('duplicate');
    expect(io.stderr.text).toContain('already exists; not submitted again');
    expect(vertex.pipelines.jobs.size).toBe(1);
  });

  test('--wait follows the job: SUCCEEDED exits 0, FAILED exits 1', async () => {
    expect(await submit({ wait: true, pollInterval: 0.01 })).toBe(EXIT.OK);
    expect(vertex.pipelines.get.calls).toHaveLength(3);
    expect(JSON.parse(io.stdout.text).state).toBe('PIPELINE_STATE_SUCCEEDED');

    vertex.pipelines.states = ['PIPELINE_STATE_RUNNING', 'PIPELINE_STATE_FAILED'];
    io.stdout.chunks = [];
    expect(await submit({ wait: true, pollInterval: 0.01 })).toBe(EXIT.FAILED);
    expect(JSON.parse(io.stdout.text).state).toBe('PIPELINE_STATE_FAILED');
  });

  test('a refusal from the service exits 1 with its message', async () => {
    vertex.pipelines.create.fail(grpc.status.PERMISSION_DENIED, { details: "Permission 'aiplatform.pipelineJobs.create' denied" });
    const error = await refused({ jobId: 'denied-1' });
    expect(error?.exitCode).toBe(EXIT.FAILED);
    expect(error?.message).toBe(
      "permission denied on submitting pipeline job denied-1 (PERMISSION_DENIED: Permission 'aiplatform.pipelineJobs.create' denied)",
    );
  });

  test('--dry-run prints the request and makes no call', async () => {
    expect(await submit({ dryRun: true, jobId: 'dry-1', apiEndpoint: undefined, insecure: undefined })).toBe(EXIT.OK);
    const printed = JSON.parse(io.stdout.text);
    expect(printed.pipelineJobId).toBe('dry-1');
    expect(printed.pipelineJob.runtimeConfig.parameterValues).toEqual({ data_uri: 'gs://acme-dev-shared-data/sales.csv' });
    expect(vertex.pipelines.create.calls).toHaveLength(0);
  });

  test.each([
    [{ template: '/nonexistent/end2end.json' }, /--template \/nonexistent\/end2end.json does not exist/],
    [{ region: 'us-central1' }, /--region 'us-central1' is not allowed: data must stay in the EU/],
    [{ pipelineRoot: undefined }, /--pipeline-root is required/],
    [{ kmsKey: undefined }, /--kms-key is required/],
    [{ serviceAccount: undefined }, /--service-account is required/],
    [{ project: undefined }, /--project is required/],
    [{ param: ['data_uri'] }, /--param 'data_uri' is not key=value/],
    [{ param: ['data_uri=a', 'data_uri=b'] }, /--param 'data_uri' is given twice/],
    [{ param: ['data_uri=a', 'epochs=3'] }, /pipeline parameter 'epochs' is not an input of the pipeline .* its inputs are: data_uri, accuracy_threshold, max_epochs, deploy/],
    [{ param: ['data_uri=a', 'max_epochs=ten'] }, /'max_epochs' is declared NUMBER_INTEGER: 'ten' is not an integer/],
    [{ param: ['data_uri=a', 'deploy=yes'] }, /'deploy' is declared BOOLEAN: 'yes' is not true or false/],
    [{ param: [] }, /needs a value for: data_uri/],
    [{ jobId: 'My_Job' }, /--job-id 'My_Job' is not a valid job id/],
    [{ label: ['Team=x'] }, /--label 'Team=x'/],
    [{ template: 'https://example.com/p.json' }, /only Artifact Registry templates/],
  ])('%o is refused with a clear message (exit 2), no call', async (extra, message) => {
    const error = await refused(extra as Partial<SubmitFlags>);
    expect(error).toBeInstanceOf(CliError);
    expect(error?.exitCode).toBe(EXIT.USAGE);
    expect(error?.message).toMatch(message);
    expect(vertex.pipelines.create.calls).toHaveLength(0);
  });

  test('the default template is the compiled end2end pipeline, or its absence is explained', async () => {
    const file = path.join(REPO_ROOT, DEFAULT_TEMPLATE);
    const cwd = process.cwd();
    process.chdir(REPO_ROOT);
    try {
      if (!fs.existsSync(file)) {
        const error = await refused({ template: undefined });
        expect(error?.message).toBe(`--template ${DEFAULT_TEMPLATE} does not exist (compile the pipeline first, or pass --template)`);
        return;
      }
      const spec = parsePipelineTemplate(fs.readFileSync(file, 'utf8'), DEFAULT_TEMPLATE);
      const required = Object.entries(spec.root.inputDefinitions?.parameters ?? {})
        .filter(([, decl]) => !decl.isOptional)
        .map(([name]) => `${name}=gs://acme-dev-shared-data/x.csv`);
      expect(await submit({ template: undefined, dryRun: true, param: required })).toBe(EXIT.OK);
      expect(JSON.parse(io.stdout.text).pipelineJob.displayName).toBe(spec.pipelineInfo.name);
    } finally {
      process.chdir(cwd);
    }
  });

  test.each([
    ['not JSON', '{"pipelineInfo": ', /is not valid JSON/],
    ['not a pipeline', '{"components": {}}', /is not a compiled KFP pipeline: missing pipelineInfo, root, schemaVersion/],
    ['a JSON array', '[]', /is not a JSON object/],
  ])('a template that is %s is refused (exit 2)', async (_label, text, message) => {
    const file = path.join(tmp, `bad-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(file, text);
    const error = await refused({ template: file });
    expect(error?.exitCode).toBe(EXIT.USAGE);
    expect(error?.message).toMatch(message);
  });

  test('a gs:// template that does not exist is refused naming it', async () => {
    const error = await refused({ template: 'gs://acme-dev-pipeline-storage/missing.json' }, { STORAGE_EMULATOR_HOST: gcs.url });
    expect(error?.exitCode).toBe(EXIT.USAGE);
    expect(error?.message).toBe('cannot read pipeline template gs://acme-dev-pipeline-storage/missing.json: the object does not exist (' +
      '{"error":{"code":404,"message":"No such object: acme-dev-pipeline-storage/missing.json"}})');
  });

  test('as a command: submits and prints the job; --help exits 0', async () => {
    const [run, help] = await Promise.all([
      runTsCli('scripts/submit-pipeline.ts', [
        '--project', 'acme-dev', '--region', 'europe-west4', '--api-endpoint', vertex.address, '--insecure',
        '--template', FIXTURE, '--pipeline-root', 'gs://acme-dev-pipeline-root', '--kms-key', KEY, '--service-account', SA,
        '--param', 'data_uri=gs://acme-dev-shared-data/a.csv', '--job-id', 'cli-run-1',
      ]),
      runTsCli('scripts/submit-pipeline.ts', ['--help']),
    ]);
    expect(run.stderr).toContain('submitted projects/acme-dev/locations/europe-west4/pipelineJobs/cli-run-1');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).outcome).toBe('created');
    expect(vertex.pipelines.jobs.has('projects/acme-dev/locations/europe-west4/pipelineJobs/cli-run-1')).toBe(true);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--param <key=value>');
  });
});
