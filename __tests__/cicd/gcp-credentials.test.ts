import { execFile } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { externalAccountConfig, jwtExpiry } from '../../scripts/gcp-credentials';

// The real google-auth-library reads the configuration scripts/gcp-credentials.ts writes and
// exchanges the Azure DevOps token against STS and IAM Credentials endpoints served here. The
// library runs in its own Node process, as in a pipeline step (it imports its fetch dynamically,
// which Jest's module loader cannot do).
const root = path.resolve(__dirname, '..', '..');
// The children load the TypeScript through scripts/ts-loader.js (esbuild, cached by content), as
// __tests__/grpc/support/cli.ts does: ts-node would cost about 0.4 s more per start.
const TS_LOADER = path.join(root, 'scripts', 'ts-loader.js');
const script = path.join(root, 'scripts', 'gcp-credentials.ts');
const run = promisify(execFile);

const SA = 'planner@acme-ml-dev.iam.gserviceaccount.com';
const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const EXP = Math.floor(Date.now() / 1000) + 600;
const JWT = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({
  iss: 'https://vstoken.dev.azure.com/0a1b2c3d-0000-4000-8000-00000000abcd', aud: 'api://AzureADTokenExchange',
  sub: 'p://acme/ml-platform/ml-platform', rpo_ref: 'refs/pull/7/merge', exp: EXP,
})}.c2lnbmF0dXJl`;

interface Seen { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }

let server: http.Server;
let base: string;
let seen: Seen[];
let adoStatus = 200;
let tmp: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const send = (code: number, o: object): void => {
        res.writeHead(code, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(o));
      };
      const url = new URL(req.url ?? '/', base);
      if (url.pathname === '/acme/_apis/distributedtask/hubs/build/plans/p1/jobs/j1/oidctoken') {
        if (adoStatus !== 200) return send(adoStatus, { message: 'TF400813: the user is not authorized' });
        return send(200, { oidcToken: JWT });
      }
      if (url.pathname === '/v1/token') {
        return send(200, { access_token: 'federated-access-token', issued_token_type: 'urn:ietf:params:oauth:token-type:access_token', token_type: 'Bearer', expires_in: 3600 });
      }
      if (url.pathname === `/v1/projects/-/serviceAccounts/${SA}:generateAccessToken`) {
        return send(200, { accessToken: 'planner-access-token', expireTime: new Date(Date.now() + 3600e3).toISOString() });
      }
      return send(404, { error: `unexpected ${req.method} ${req.url}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
  adoStatus = 200;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gcp-cred-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function adoEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    SYSTEM_OIDCREQUESTURI: `${base}/acme/_apis/distributedtask/hubs/build/plans/p1/jobs/j1/oidctoken`,
    SYSTEM_ACCESSTOKEN: 'job-access-token',
    TF_BUILD: 'True',
  };
}

async function write(mode: 'file' | 'executable', env = adoEnv()): Promise<{ stdout: string; out: string }> {
  const out = path.join(tmp, 'adc.json');
  const { stdout } = await run(process.execPath, ['-r', TS_LOADER, script, 'write',
    '--project-number', '123456789012', '--pool', 'azure-devops', '--provider', 'acme-org',
    '--service-account', SA, '--out', out, '--subject-token', mode,
    '--token-url', `${base}/v1/token`, '--iam-credentials-url', `${base}/v1`], { cwd: root, env });
  return { stdout, out };
}

/** What a Google client sees through ADC: the access token, or the library's error. */
async function adcToken(credentialFile: string, env: NodeJS.ProcessEnv): Promise<string> {
  // ADC asks Resource Manager for the project of an external account unless GOOGLE_CLOUD_PROJECT
  // names it; the pipeline sets it from the environment's variable group.
  const code = `const { GoogleAuth } = require('google-auth-library');
    new GoogleAuth({ scopes: ['https://www.googleapis.com/auth/cloud-platform'] }).getClient()
      .then((c) => c.getAccessToken())
      .then((t) => process.stdout.write('token:' + t.token), (e) => process.stdout.write('error:' + e.message))`;
  const { stdout } = await run(process.execPath, ['-e', code], { cwd: root, env: { ...env, GOOGLE_APPLICATION_CREDENTIALS: credentialFile, GOOGLE_CLOUD_PROJECT: 'acme-ml-dev' } });
  return stdout;
}

function checkExchange(): void {
  const ado = seen.filter((s) => s.url.includes('/oidctoken'));
  expect(ado.length).toBeGreaterThanOrEqual(1);
  expect(ado[0].method).toBe('POST');
  expect(ado[0].url).toContain('api-version=7.1-preview.1');
  expect(ado[0].headers.authorization).toBe('Bearer job-access-token');

  const sts = seen.filter((s) => s.url === '/v1/token');
  expect(sts).toHaveLength(1);
  const form = Object.fromEntries(new URLSearchParams(sts[0].body));
  expect(form).toEqual({
    grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
    audience: '//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/azure-devops/providers/acme-org',
    scope: 'https://www.googleapis.com/auth/cloud-platform',
    requested_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    subject_token: JWT,
    subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
  });

  const iam = seen.filter((s) => s.url.endsWith(':generateAccessToken'));
  expect(iam).toHaveLength(1);
  expect(iam[0].url).toBe(`/v1/projects/-/serviceAccounts/${SA}:generateAccessToken`);
  expect(iam[0].headers.authorization).toBe('Bearer federated-access-token');
  expect(JSON.parse(iam[0].body)).toEqual({ scope: ['https://www.googleapis.com/auth/cloud-platform'], lifetime: '3600s' });
}

describe('gcp-credentials write', () => {
  test('file mode: google-auth-library accepts the file and exchanges the Azure DevOps token for the planner\'s', async () => {
    const { stdout, out } = await write('file');
    expect(stdout).toContain(`##vso[task.setvariable variable=GOOGLE_APPLICATION_CREDENTIALS]${out}`);
    const config = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(config.type).toBe('external_account');
    expect(config.credential_source).toEqual({ file: `${out}.jwt`, format: { type: 'text' } });
    expect(fs.readFileSync(`${out}.jwt`, 'utf8')).toBe(JWT);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    expect(fs.statSync(`${out}.jwt`).mode & 0o777).toBe(0o600);

    expect(await adcToken(out, adoEnv())).toBe('token:planner-access-token');
    checkExchange();
  });

  test('executable mode: the library runs the token command, which asks Azure DevOps for a fresh token', async () => {
    const { out } = await write('executable');
    expect(seen).toHaveLength(0); // nothing is fetched until a client needs a token
    const config = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(config.credential_source.executable.command).toMatch(/ -r \S+\/scripts\/ts-loader\.js \S+\/scripts\/gcp-credentials\.ts token$/);

    expect(await adcToken(out, { ...adoEnv(), GOOGLE_EXTERNAL_ACCOUNT_ALLOW_EXECUTABLES: '1' })).toBe('token:planner-access-token');
    checkExchange();
  });

  test('executable mode: an Azure DevOps refusal reaches the client with its reason', async () => {
    const { out } = await write('executable');
    adoStatus = 401;
    expect(await adcToken(out, { ...adoEnv(), GOOGLE_EXTERNAL_ACCOUNT_ALLOW_EXECUTABLES: '1' }))
      .toMatch(/^error:.*Azure DevOps refused the OIDC token request: HTTP 401/);
    expect(seen.filter((s) => s.url === '/v1/token')).toHaveLength(0);
  });

  test('without System.AccessToken mapped into the step, it says how to map it', async () => {
    const env = adoEnv();
    delete env.SYSTEM_ACCESSTOKEN;
    await expect(write('file', env)).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('SYSTEM_ACCESSTOKEN is not set: map it into the step with env: { SYSTEM_ACCESSTOKEN: $(System.AccessToken) }'),
    });
  });
});

describe('externalAccountConfig', () => {
  test('points at the real STS and IAM Credentials endpoints by default', () => {
    const c = externalAccountConfig({ projectNumber: '123456789012', poolId: 'azure-devops', providerId: 'acme-org', serviceAccountEmail: SA },
      { kind: 'file', path: '/t.jwt' });
    expect(c.token_url).toBe('https://sts.googleapis.com/v1/token');
    expect(c.service_account_impersonation_url).toBe(`https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/${SA}:generateAccessToken`);
    expect(c.subject_token_type).toBe('urn:ietf:params:oauth:token-type:jwt');
  });

  test('a project id where the number belongs is named with the fix', () => {
    expect(() => externalAccountConfig({ projectNumber: 'acme-ml-dev', poolId: 'azure-devops', providerId: 'acme-org', serviceAccountEmail: SA },
      { kind: 'file', path: '/t.jwt' })).toThrow("--project-number 'acme-ml-dev' is not a project number: use the digits");
  });

  test('reads the expiry from the token', () => {
    expect(jwtExpiry(JWT)).toBe(EXP);
  });
});
