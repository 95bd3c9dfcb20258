/**
 * Keyless Google Cloud credentials for an Azure Pipelines job: Workload Identity Federation
 * with the job's own Azure DevOps OIDC token. No service-account key exists anywhere.
 *
 *   gcp-credentials write --project-number N --pool ID --provider ID --service-account EMAIL
 *                         --out FILE [--subject-token executable|file] [--token-file FILE]
 *       writes a Google `external_account` credential configuration (ADC) to FILE and, in a
 *       pipeline, sets GOOGLE_APPLICATION_CREDENTIALS (and gcloud's override) for later steps.
 *   gcp-credentials token
 *       prints the job's OIDC token in the executable-sourced credential format; this is the
 *       command the written configuration runs (GOOGLE_EXTERNAL_ACCOUNT_ALLOW_EXECUTABLES=1).
 *
 * Which token: the job asks Azure DevOps for an ID token by POSTing to System.OidcRequestUri
 * with System.AccessToken and no serviceConnectionId. That token is the pipeline's own
 * (subject p://<org>/<project>/<pipeline>) and carries org_id, prj_id, def_id, rpo_id and
 * rpo_ref claims, so Google's attribute condition can admit only this organisation and project
 * and the deployer's binding can require refs/heads/main. A service connection's token
 * (serviceConnectionId=...) has subject sc://<org>/<project>/<connection> and no claim about
 * the branch, and Azure DevOps issues it for Azure Resource Manager connections, i.e. for a
 * Microsoft Entra app that Google has no use for.
 *
 * The token lives about ten minutes, less than a plan plus an apply; the executable source
 * lets every Google client fetch a fresh one whenever it exchanges, where a token file would
 * go stale (`--subject-token file` is there for tools that cannot run executables).
 *
 * Environment: SYSTEM_OIDCREQUESTURI (System.OidcRequestUri) and SYSTEM_ACCESSTOKEN (map
 * $(System.AccessToken) into the step's env: Azure Pipelines never exposes it by itself).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';

export const STS_TOKEN_URL = 'https://sts.googleapis.com/v1/token';
export const IAM_CREDENTIALS_URL = 'https://iamcredentials.googleapis.com/v1';
export const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';
/** The api-version Azure DevOps' Oidctoken - Create takes. */
export const OIDC_API_VERSION = '7.1-preview.1';

export class CredentialsError extends Error {}

export interface FederationTarget {
  /** The Google Cloud project number (digits) that holds the workload identity pool. */
  readonly projectNumber: string;
  readonly poolId: string;
  readonly providerId: string;
  /** The account the job impersonates (planner or deployer). */
  readonly serviceAccountEmail: string;
  /** @default the real STS endpoint */
  readonly tokenUrl?: string;
  /** @default the real IAM Credentials endpoint */
  readonly iamCredentialsUrl?: string;
}

export type SubjectTokenSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'executable'; readonly command: string; readonly timeoutMillis?: number };

/** A Google `external_account` credential configuration, as client libraries read it. */
export interface ExternalAccountConfig {
  type: 'external_account';
  universe_domain: 'googleapis.com';
  audience: string;
  subject_token_type: string;
  token_url: string;
  service_account_impersonation_url: string;
  service_account_impersonation: { token_lifetime_seconds: number };
  credential_source: { file: string; format: { type: 'text' } } | { executable: { command: string; timeout_millis: number } };
}

const ID = /^[a-z0-9-]{4,32}$/;
const EMAIL = /^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com$/;

/** Problems with a target, each naming the field, the value and the fix. */
export function targetProblems(t: FederationTarget): string[] {
  const p: string[] = [];
  if (!/^\d{6,20}$/.test(t.projectNumber)) p.push(`--project-number '${t.projectNumber}' is not a project number: use the digits (gcloud projects describe PROJECT --format='value(projectNumber)'), not the project id`);
  if (!ID.test(t.poolId)) p.push(`--pool '${t.poolId}' is not a workload identity pool id: 4-32 lower-case letters, digits or hyphens`);
  if (!ID.test(t.providerId)) p.push(`--provider '${t.providerId}' is not a workload identity pool provider id: 4-32 lower-case letters, digits or hyphens`);
  if (!EMAIL.test(t.serviceAccountEmail)) p.push(`--service-account '${t.serviceAccountEmail}' is not a service-account e-mail (NAME@PROJECT.iam.gserviceaccount.com)`);
  return p;
}

export function externalAccountConfig(t: FederationTarget, source: SubjectTokenSource): ExternalAccountConfig {
  const problems = targetProblems(t);
  if (source.kind === 'executable' && /\s/.test(source.command.split(' ')[0] ?? '')) problems.push('the token command\'s path has a space, which client libraries cannot run');
  if (problems.length > 0) throw new CredentialsError(problems.join('\n'));
  const iam = (t.iamCredentialsUrl ?? IAM_CREDENTIALS_URL).replace(/\/$/, '');
  return {
    type: 'external_account',
    universe_domain: 'googleapis.com',
    audience: `//iam.googleapis.com/projects/${t.projectNumber}/locations/global/workloadIdentityPools/${t.poolId}/providers/${t.providerId}`,
    subject_token_type: JWT_TOKEN_TYPE,
    token_url: t.tokenUrl ?? STS_TOKEN_URL,
    service_account_impersonation_url: `${iam}/projects/-/serviceAccounts/${t.serviceAccountEmail}:generateAccessToken`,
    service_account_impersonation: { token_lifetime_seconds: 3600 },
    credential_source: source.kind === 'file'
      ? { file: source.path, format: { type: 'text' } }
      : { executable: { command: source.command, timeout_millis: source.timeoutMillis ?? 30000 } },
  };
}

export interface OidcRequest {
  /** System.OidcRequestUri */
  readonly requestUri?: string;
  /** System.AccessToken */
  readonly accessToken?: string;
}

/** Asks Azure DevOps for the job's OIDC token (Oidctoken - Create). */
export async function requestOidcToken(req: OidcRequest): Promise<string> {
  if (!req.requestUri) throw new CredentialsError('SYSTEM_OIDCREQUESTURI is not set: run inside an Azure Pipelines job and map it with env: { SYSTEM_OIDCREQUESTURI: $(System.OidcRequestUri) }');
  if (!req.accessToken) throw new CredentialsError('SYSTEM_ACCESSTOKEN is not set: map it into the step with env: { SYSTEM_ACCESSTOKEN: $(System.AccessToken) }');
  const url = new URL(req.requestUri);
  url.searchParams.set('api-version', OIDC_API_VERSION);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${req.accessToken}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
  } catch (e) {
    throw new CredentialsError(`could not reach System.OidcRequestUri (${url.origin}): ${(e as Error).message}`);
  }
  const text = await res.text();
  if (!res.ok) throw new CredentialsError(`Azure DevOps refused the OIDC token request: HTTP ${res.status} ${text.slice(0, 300)}`);
  let token: unknown;
  try {
    token = (JSON.parse(text) as { oidcToken?: unknown }).oidcToken;
  } catch {
    token = undefined;
  }
  if (typeof token !== 'string' || token.split('.').length !== 3) throw new CredentialsError(`Azure DevOps answered without an oidcToken JWT: ${text.slice(0, 300)}`);
  return token;
}

/** The `exp` claim of a JWT, in seconds since the epoch. */
export function jwtExpiry(jwt: string): number {
  try {
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    if (typeof claims.exp === 'number') return claims.exp;
  } catch {
    // fall through
  }
  throw new CredentialsError('the OIDC token has no exp claim');
}

/** The executable-sourced credential response (version 1) for a token. */
export function executableResponse(jwt: string): string {
  return JSON.stringify({ version: 1, success: true, token_type: JWT_TOKEN_TYPE, id_token: jwt, expiration_time: jwtExpiry(jwt) });
}

function writePrivate(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

/** The command a client library runs to get a fresh token: this script's `token` mode. */
export function tokenCommand(): string {
  // The project's loader (esbuild, cached by content): a client library runs this for every
  // token exchange, and ts-node would spend about 0.4 s more on each start.
  const loader = path.join(__dirname, 'ts-loader.js');
  return [process.execPath, '-r', loader, __filename, 'token'].join(' ');
}

export interface WriteOptions extends FederationTarget {
  readonly out: string;
  readonly subjectToken: 'executable' | 'file';
  /** @default <out>.jwt */
  readonly tokenFile?: string;
}

export async function writeCredentials(o: WriteOptions, env: NodeJS.ProcessEnv = process.env): Promise<ExternalAccountConfig> {
  let source: SubjectTokenSource;
  if (o.subjectToken === 'file') {
    const problems = targetProblems(o);
    if (problems.length > 0) throw new CredentialsError(problems.join('\n'));
    const tokenFile = path.resolve(o.tokenFile ?? `${o.out}.jwt`);
    writePrivate(tokenFile, await requestOidcToken({ requestUri: env.SYSTEM_OIDCREQUESTURI, accessToken: env.SYSTEM_ACCESSTOKEN }));
    source = { kind: 'file', path: tokenFile };
  } else {
    source = { kind: 'executable', command: tokenCommand() };
  }
  const config = externalAccountConfig(o, source);
  writePrivate(o.out, `${JSON.stringify(config, null, 2)}\n`);
  return config;
}

const USAGE = 'usage: gcp-credentials write --project-number N --pool ID --provider ID --service-account EMAIL --out FILE [--subject-token executable|file] [--token-file FILE]\n       gcp-credentials token';

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const [mode, ...rest] = argv;
  if (mode === 'token') {
    try {
      out.write(`${executableResponse(await requestOidcToken({ requestUri: env.SYSTEM_OIDCREQUESTURI, accessToken: env.SYSTEM_ACCESSTOKEN }))}\n`);
      return 0;
    } catch (e) {
      if (!(e instanceof CredentialsError)) throw e;
      // The client library shows this message to the person reading the job log.
      out.write(`${JSON.stringify({ version: 1, success: false, code: 'AZURE_DEVOPS_OIDC', message: e.message })}\n`);
      return 1;
    }
  }
  if (mode !== 'write') throw new CredentialsError(USAGE);
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        'project-number': { type: 'string' }, pool: { type: 'string' }, provider: { type: 'string' },
        'service-account': { type: 'string' }, out: { type: 'string' }, 'subject-token': { type: 'string', default: 'executable' },
        'token-file': { type: 'string' }, 'token-url': { type: 'string' }, 'iam-credentials-url': { type: 'string' },
      },
      strict: true,
    }) as { values: Record<string, string | undefined> });
  } catch (e) {
    throw new CredentialsError(`${(e as Error).message}\n${USAGE}`);
  }
  const missing = ['project-number', 'pool', 'provider', 'service-account', 'out'].filter((k) => !values[k]);
  if (missing.length > 0) throw new CredentialsError(`missing ${missing.map((m) => `--${m}`).join(', ')}\n${USAGE}`);
  const kind = values['subject-token'];
  if (kind !== 'executable' && kind !== 'file') throw new CredentialsError(`--subject-token '${kind}' is unknown: use executable (a fresh token per exchange) or file`);
  const outFile = path.resolve(values.out as string);
  await writeCredentials({
    projectNumber: values['project-number'] as string, poolId: values.pool as string, providerId: values.provider as string,
    serviceAccountEmail: values['service-account'] as string, out: outFile, subjectToken: kind,
    tokenFile: values['token-file'], tokenUrl: values['token-url'], iamCredentialsUrl: values['iam-credentials-url'],
  }, env);
  out.write(`wrote ${outFile} (${kind} subject token, impersonating ${values['service-account']})\n`);
  if (env.TF_BUILD) {
    // Later steps of the job: every Google client finds the file through ADC.
    out.write(`##vso[task.setvariable variable=GOOGLE_APPLICATION_CREDENTIALS]${outFile}\n`);
    out.write(`##vso[task.setvariable variable=CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE]${outFile}\n`);
    out.write('##vso[task.setvariable variable=GOOGLE_EXTERNAL_ACCOUNT_ALLOW_EXECUTABLES]1\n');
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e: unknown) => {
    if (!(e instanceof CredentialsError)) throw e;
    process.stderr.write(`gcp-credentials: ${e.message}\n`);
    process.exitCode = 2;
  });
}
