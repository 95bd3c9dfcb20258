import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PredictionServiceClient } from '../../inference/lib/clients';
import { fromValue } from '../../packages/vertex-client/src/protobuf-values';
import { CliError, connect, EXIT, NO_CREDENTIALS_MESSAGE } from '../../inference/lib/connection';
import { BufferStream, type Io } from '../../inference/lib/io';
import { predict, runPredict } from '../../inference/lib/predict';
import { runTsCli } from './support/cli';
import { startLoopbackVertex, type LoopbackVertex } from './support/servers';

const ENDPOINT = 'projects/acme-dev/locations/europe-west4/endpoints/1234567890';

describe('predict client against the loopback PredictionService', () => {
  let vertex: LoopbackVertex;
  let io: Io & { stdout: BufferStream; stderr: BufferStream };
  let tmp: string;
  const base = () => ({ project: 'acme-dev', region: 'europe-west4', apiEndpoint: vertex.address, insecure: true });

  beforeAll(async () => {
    vertex = await startLoopbackVertex();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'predict-test-'));
  });
  afterAll(async () => {
    await vertex.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  beforeEach(() => {
    vertex.reset();
    vertex.prediction.endpoints.clear();
    vertex.prediction.endpoints.add(ENDPOINT);
    io = { stdout: new BufferStream(), stderr: new BufferStream() } as never;
  });

  test('happy path: the request reaches the endpoint and the predictions are printed as JSON', async () => {
    const code = await runPredict({ ...base(), endpoint: '1234567890', instance: ['{"feature_a": 1.5, "colour": "red", "tags": [1, 2]}'] }, io);

    expect(code).toBe(EXIT.OK);
    expect(vertex.prediction.predict.calls).toHaveLength(1);
    const request = vertex.prediction.predict.calls[0];
    expect(request.endpoint).toBe(ENDPOINT);
    expect(request.instances.map(fromValue)).toEqual([{ feature_a: 1.5, colour: 'red', tags: [1, 2] }]);
    const printed = JSON.parse(io.stdout.text);
    expect(printed.predictions).toEqual([{ echo: { feature_a: 1.5, colour: 'red', tags: [1, 2] }, length: JSON.stringify({ feature_a: 1.5, colour: 'red', tags: [1, 2] }).length }]);
    expect(printed.deployedModelId).toBe('1234567890');
    expect(printed.model).toBe('projects/acme-dev/locations/europe-west4/models/loopback-model');
  });

  test('a full endpoint name supplies project and region; parameters are sent', async () => {
    const code = await runPredict(
      { apiEndpoint: vertex.address, insecure: true, endpoint: ENDPOINT, instance: ['[1, 2, 3]', '"text"'], parameters: '{"top_k": 3}' },
      io,
    );
    expect(code).toBe(EXIT.OK);
    const request = vertex.prediction.predict.calls[0];
    expect(request.instances.map(fromValue)).toEqual([[1, 2, 3], 'text']);
    expect(fromValue(request.parameters)).toEqual({ top_k: 3 });
  });

  test('--instance-file accepts the REST body with instances and parameters', async () => {
    const file = path.join(tmp, 'request.json');
    fs.writeFileSync(file, JSON.stringify({ instances: [{ a: 1 }, { a: 2 }], parameters: { threshold: 0.5 } }));
    expect(await runPredict({ ...base(), endpoint: '1234567890', instanceFile: file }, io)).toBe(EXIT.OK);
    expect(vertex.prediction.predict.calls[0].instances.map(fromValue)).toEqual([{ a: 1 }, { a: 2 }]);
    expect(fromValue(vertex.prediction.predict.calls[0].parameters)).toEqual({ threshold: 0.5 });
    expect(JSON.parse(io.stdout.text).predictions).toHaveLength(2);
  });

  test('an unknown endpoint: NOT_FOUND becomes a message naming the endpoint, exit 1', async () => {
    const error = await runPredict({ ...base(), endpoint: '999', instance: ['{"a": 1}'] }, io).catch((e) => e);
    expect(error).toBeInstanceOf(CliError);
    expect(error.exitCode).toBe(EXIT.FAILED);
    expect(error.message).toBe(
      'endpoint projects/acme-dev/locations/europe-west4/endpoints/999 was not found (NOT_FOUND: Endpoint `projects/acme-dev/locations/europe-west4/endpoints/999` not found.)',
    );
  });

  test.each([
    [{ instance: ['{"a": 1'] }, /--instance is not valid JSON/],
    [{ instance: ['{"a": 1}', 'nope'] }, /--instance #2 is not valid JSON/],
    [{}, /an instance is required/],
    [{ instanceFile: '/nonexistent/request.json' }, /cannot read --instance-file \/nonexistent\/request.json: ENOENT/],
    [{ instance: ['1'], parameters: '{' }, /--parameters is not valid JSON/],
  ])('bad input %o is refused before any call (exit 2)', async (flags, message) => {
    const error = await runPredict({ ...base(), endpoint: '1234567890', ...flags }, io).catch((e) => e);
    expect(error).toBeInstanceOf(CliError);
    expect(error.exitCode).toBe(EXIT.USAGE);
    expect(error.message).toMatch(message);
    expect(vertex.prediction.predict.calls).toHaveLength(0);
  });

  test.each([
    [{ region: 'us-central1' }, /--region 'us-central1' is not allowed: data must stay in the EU/],
    [{ region: 'Europe West' }, /--region 'Europe West' is not a region name/],
    [{ endpoint: 'projects/acme-dev/locations/europe-west1/endpoints/1' }, /--endpoint is in region 'europe-west1' but --region is 'europe-west4'/],
    [{ endpoint: 'endpoints/1' }, /--endpoint 'endpoints\/1' is neither an id nor projects/],
    [{ apiEndpoint: 'aiplatform.example.com:443' }, /--insecure is only allowed for a loopback endpoint/],
    [{ apiEndpoint: 'nohostport' }, /--api-endpoint 'nohostport' is not host:port/],
  ])('bad location %o is refused (exit 2)', async (flags, message) => {
    const error = await runPredict({ ...base(), endpoint: '1234567890', instance: ['1'], ...flags }, io).catch((e) => e);
    expect(error).toBeInstanceOf(CliError);
    expect(error.exitCode).toBe(EXIT.USAGE);
    expect(error.message).toMatch(message);
  });

  test('the real client goes to <region>-aiplatform.googleapis.com when no override is given', async () => {
    const saved = process.env.GOOGLE_APPLICATION_CREDENTIALS;
    const keyFile = path.join(tmp, 'adc.json');
    // An authorized_user file is enough for google-auth-library to build a client offline.
    fs.writeFileSync(keyFile, JSON.stringify({ type: 'authorized_user', client_id: 'x', client_secret: 'y', refresh_token: 'z' }));
    process.env.GOOGLE_APPLICATION_CREDENTIALS = keyFile;
    try {
      const conn = await connect({ project: 'acme-dev', region: 'europe-west9' }, {});
      expect(conn.target).toBe('europe-west9-aiplatform.googleapis.com');
      expect(conn.clientOptions.apiEndpoint).toBe('europe-west9-aiplatform.googleapis.com');
      expect(conn.clientOptions.sslCreds).toBeUndefined();
    } finally {
      if (saved === undefined) delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
      else process.env.GOOGLE_APPLICATION_CREDENTIALS = saved;
    }
  });

  test('predict() core: one call, plain JSON in and out', async () => {
    const conn = await connect(base(), {});
    const client = new PredictionServiceClient(conn.clientOptions);
    try {
      const result = await predict(client, ENDPOINT, [{ x: null, y: true }]);
      expect(result.predictions).toEqual([{ echo: { x: null, y: true }, length: '{"x":null,"y":true}'.length }]);
    } finally {
      await client.close();
    }
  });

  describe('as a command (child process)', () => {
    test('prints the predictions and exits 0', async () => {
      const run = await runTsCli('inference/predict.ts', [
        '--project', 'acme-dev', '--region', 'europe-west4', '--endpoint', '1234567890',
        '--api-endpoint', vertex.address, '--insecure', '--instance', '{"feature_a": 2}',
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).predictions).toEqual([{ echo: { feature_a: 2 }, length: '{"feature_a":2}'.length }]);
      expect(vertex.prediction.predict.calls).toHaveLength(1);
    });

    test('an unknown endpoint exits 1 naming it', async () => {
      const run = await runTsCli('inference/predict.ts', ['--endpoint', 'projects/acme-dev/locations/europe-west4/endpoints/404', '--instance', '{}'], {
        env: { VERTEX_API_ENDPOINT: vertex.address, VERTEX_API_INSECURE: 'true' },
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('error: endpoint projects/acme-dev/locations/europe-west4/endpoints/404 was not found');
    });

    test('no credentials: a clear message and exit 3, before any call', async () => {
      const home = fs.mkdtempSync(path.join(tmp, 'home-'));
      const run = await runTsCli('inference/predict.ts', ['--project', 'acme-dev', '--region', 'europe-west4', '--endpoint', '1', '--instance', '{}'], {
        env: { HOME: home, GOOGLE_APPLICATION_CREDENTIALS: '', CLOUDSDK_CONFIG: home, VERTEX_API_ENDPOINT: '' },
      });
      expect(run.code).toBe(3);
      expect(run.stderr).toContain(`error: ${NO_CREDENTIALS_MESSAGE}`);
    });

    test('--help exits 0 and documents the exit codes; a missing required flag exits 2', async () => {
      const [help, missing] = await Promise.all([
        runTsCli('inference/predict.ts', ['--help']),
        runTsCli('inference/predict.ts', ['--instance', '{}']),
      ]);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Exit codes: 0 ok, 1 the service returned an error, 2 bad flags or input, 3 no credentials');
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain("required option '--endpoint <id|name>' not specified");
    });
  });
});
