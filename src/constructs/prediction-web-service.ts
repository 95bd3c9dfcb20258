import { Construct } from 'constructs';
import { CloudRunV2Service } from '@cdktf/provider-google/lib/cloud-run-v2-service';
import { CloudRunV2ServiceIamMember } from '@cdktf/provider-google/lib/cloud-run-v2-service-iam-member';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ITerraformDependable, Token } from 'cdktf';
import { libraryMade } from '../library-made';
import { PlatformConstruct } from '../platform-construct';
import { assertEuRegion } from '../rules/locations';
import { ICmekKey } from './cmek-key';
import { IRegistry } from './cmek-registry';
import { ISecret } from './encrypted-secret';
import { MemorystoreRedis } from './memorystore-redis';
import { PlatformNetwork } from './platform-network';
import { IEndpoint } from './prediction-endpoint';
import { IServiceAccount } from './workload-service-account';

/** Principals that would make the service public; a public website goes through a load balancer instead. */
const PUBLIC_MEMBERS = ['allUsers', 'allAuthenticatedUsers'];

export interface PredictionWebServiceProps {
  readonly project: string;
  /** The project's number: its Cloud Run service agent is granted on the key. */
  readonly projectNumber: string;
  readonly name: string;
  /** A `cloud-run` class key for the service's revisions. */
  readonly encryptionKey: ICmekKey;
  /** The CMEK registry the image is in; the Cloud Run service agent is granted pull on it. */
  readonly registry: IRegistry;
  /** `<region>-docker.pkg.dev/<project>/<repository>/<image>@sha256:<digest>` (or a tag), inside `registry`. */
  readonly image: string;
  /** The service's own account. It is granted predict on `endpoint` and nothing else here. */
  readonly serviceAccount: IServiceAccount;
  readonly endpoint: IEndpoint;
  readonly network: PlatformNetwork;
  readonly redis: MemorystoreRedis;
  /** The secret holding the instance's AUTH string (latest version); the service account may read it. */
  readonly redisAuthSecret: ISecret;
  /** Who may call the service (`roles/run.invoker`): a group, a service account, a load balancer's serverless NEG caller. @default - no one */
  readonly invokers?: readonly string[];
  /** @default - the key's location */
  readonly region?: string;
  /** Kept warm, so the first visitor after a quiet hour does not wait for a cold start. @default 1 */
  readonly minInstances?: number;
  /** @default 10 */
  readonly maxInstances?: number;
  /** Requests one instance serves at once. @default 80 */
  readonly concurrency?: number;
  /** @default 3600 */
  readonly cacheTtlSeconds?: number;
  /**
   * Answer whoever reaches the service, without an invoker check (Cloud Run's
   * `invoker_iam_disabled`, not an `allUsers` grant): for a public website behind a
   * `WebLoadBalancer`, whose visitors carry no Google identity. Ingress stays internal and load
   * balancer only, so the internet reaches the service only through the balancer and its Cloud
   * Armor policy; callers inside the VPC need no invoker grant either.
   * @default false
   */
  readonly publicThroughLoadBalancer?: boolean;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The online prediction service for websites (assets/web) on Cloud Run v2.
 *
 * - Ingress is internal and load balancer only: the `run.app` URL cannot be reached from the
 *   internet. A public website puts a `WebLoadBalancer` (serverless NEG, Cloud Armor) in front
 *   and sets `publicThroughLoadBalancer` (see docs/web.md).
 * - Invokers come from `invokers`; `allUsers` and `allAuthenticatedUsers` are refused.
 * - Redis is reached over Direct VPC egress into the platform subnet, private ranges only.
 *   Direct VPC egress rather than a Serverless VPC Access connector: no connector VMs to size,
 *   pay for and patch, lower latency (no extra hop), and the instances' addresses come from the
 *   subnet so the network's firewall rules apply to them directly.
 * - Its account may call Predict on `endpoint` only (Vertex AI User under an IAM condition on
 *   the endpoint's name: the google provider has no endpoint-level IAM resource), read the AUTH
 *   secret, and write logs and metrics.
 */
export class PredictionWebService extends PlatformConstruct {
  public readonly resource: CloudRunV2Service;
  /** `projects/<project>/locations/<region>/services/<name>` */
  public readonly serviceName: string;
  public readonly uri: string;
  public readonly region: string;
  public readonly project: string;

  constructor(scope: Construct, id: string, props: PredictionWebServiceProps) {
    super(scope, id);
    const who = `PredictionWebService '${this.node.path}'`;
    const region = props.region ?? props.encryptionKey.location;
    assertEuRegion(region, `${who}: region`);
    props.encryptionKey.assertUsableFor('cloud-run', region, `${who} encryptionKey`);
    const problems: string[] = [];
    const registryHost = `${props.registry.url}/`;
    if (!Token.isUnresolved(props.image) && !Token.isUnresolved(registryHost) && !props.image.startsWith(registryHost)) {
      problems.push(`image '${props.image}' is not in the CMEK registry; push it to ${registryHost}<image> and name it there`);
    }
    const minInstances = props.minInstances ?? 1;
    const maxInstances = props.maxInstances ?? 10;
    const concurrency = props.concurrency ?? 80;
    if (!Number.isInteger(minInstances) || minInstances < 0) problems.push(`minInstances ${minInstances} must be a whole number >= 0`);
    if (!Number.isInteger(maxInstances) || maxInstances < 1 || maxInstances < minInstances) problems.push(`maxInstances ${maxInstances} must be a whole number >= 1 and >= minInstances (${minInstances})`);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000) problems.push(`concurrency ${concurrency} must be a whole number from 1 to 1000`);
    for (const member of props.invokers ?? []) {
      if (PUBLIC_MEMBERS.includes(member)) {
        problems.push(`invokers '${member}' would make the service public; put an external load balancer with Cloud Armor in front and grant the invoker to the principals that call it`);
      }
    }
    if (problems.length > 0) throw new Error(`${who}:\n  - ${problems.join('\n  - ')}`);

    const account = props.serviceAccount;
    const predictGrant = new ProjectIamMember(this, 'predict-on-endpoint', {
      project: props.project,
      role: 'roles/aiplatform.user',
      member: account.member,
      condition: {
        title: 'predict-on-one-endpoint',
        description: 'Only the endpoint the web service fronts',
        expression: `resource.name == "${props.endpoint.endpointName}"`,
      },
    });
    const secretGrant = props.redisAuthSecret.grantAccess(account);
    const logGrant = account.addProjectRole('roles/logging.logWriter');
    const metricGrant = account.addProjectRole('roles/monitoring.metricWriter');
    const pullGrant = props.registry.grantPull(`serviceAccount:service-${props.projectNumber}@serverless-robot-prod.iam.gserviceaccount.com`);

    this.region = region;
    this.project = props.project;
    this.resource = new CloudRunV2Service(this, 'Resource', {
      project: props.project,
      name: props.name,
      location: region,
      ingress: 'INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER',
      invokerIamDisabled: props.publicThroughLoadBalancer ? true : undefined,
      labels: props.labels ? { ...props.labels } : undefined,
      template: {
        serviceAccount: account.email,
        encryptionKey: props.encryptionKey.keyName,
        maxInstanceRequestConcurrency: concurrency,
        scaling: { minInstanceCount: minInstances, maxInstanceCount: maxInstances },
        vpcAccess: {
          networkInterfaces: [{ network: props.network.resource.id, subnetwork: props.network.subnetwork.id }],
          egress: 'PRIVATE_RANGES_ONLY',
        },
        labels: props.labels ? { ...props.labels } : undefined,
        containers: [
          {
            image: props.image,
            ports: { containerPort: 8080 },
            env: [
              { name: 'VERTEX_ENDPOINT', value: props.endpoint.endpointName },
              { name: 'REDIS_HOST', value: props.redis.host },
              { name: 'REDIS_PORT', value: Token.asString(props.redis.port) },
              { name: 'REDIS_TLS', value: 'true' },
              { name: 'REDIS_CA_CERT', value: props.redis.serverCaCert },
              { name: 'REDIS_AUTH', valueSource: { secretKeyRef: { secret: props.redisAuthSecret.secretName, version: 'latest' } } },
              { name: 'CACHE_TTL_SECONDS', value: String(props.cacheTtlSeconds ?? 3600) },
            ],
            startupProbe: { httpGet: { path: '/readyz' }, periodSeconds: 2, failureThreshold: 15 },
            livenessProbe: { httpGet: { path: '/healthz' }, periodSeconds: 30 },
            resources: { limits: { cpu: '1', memory: '512Mi' }, cpuIdle: true, startupCpuBoost: true },
          },
        ],
      },
      dependsOn: [...props.encryptionKey.useFor(this, props.projectNumber), predictGrant, secretGrant, logGrant, metricGrant, pullGrant, ...(props.dependsOn ?? [])],
    });
    this.serviceName = this.resource.id;
    this.uri = this.resource.uri;
    for (const [i, member] of (props.invokers ?? []).entries()) {
      new CloudRunV2ServiceIamMember(this, `invoker-${i}`, { project: props.project, location: region, name: this.resource.name, role: 'roles/run.invoker', member });
    }
    libraryMade(this);
  }
}
