import { Construct } from 'constructs';
import { ICmekKey } from '../constructs/cmek-key';
import { IRegistry } from '../constructs/cmek-registry';
import { EncryptedSecret } from '../constructs/encrypted-secret';
import { MemorystoreRedis } from '../constructs/memorystore-redis';
import { PlatformNetwork } from '../constructs/platform-network';
import { IEndpoint } from '../constructs/prediction-endpoint';
import { PredictionWebService } from '../constructs/prediction-web-service';
import { WEB_LOAD_BALANCER_RESIDENCY, WebLoadBalancer } from '../constructs/web-load-balancer';
import { IServiceAccount } from '../constructs/workload-service-account';
import { containerImageUri } from '../container-images';
import { Guardrails } from '../guardrails/pack';
import { resourceName } from '../rules/names';
import { apisOf, Layer, LayerProjectProps } from './layer';

/** The content-tagged image of this package's web service sources, or an error saying to pass `image`. */
function webImage(registryUrl: string): string {
  try {
    return containerImageUri(registryUrl, 'web');
  } catch (e) {
    throw new Error(`WebServingLayer: the web service's sources are not here to tag its image (${(e as Error).message.split('\n')[0]}); build the image (scripts/container-build.sh ... web) and pass its URI as 'image'`);
  }
}

export interface WebServingLayerProps extends LayerProjectProps {
  /** The network the cache lives in and the service's Direct VPC egress leaves from. */
  readonly network: PlatformNetwork;
  /** A `redis` class key for the cache. */
  readonly redisKey: ICmekKey;
  /** A `cloud-run` class key for the service's revisions. */
  readonly cloudRunKey: ICmekKey;
  /** A `secret-manager` class key for the secret holding the cache's AUTH string. */
  readonly secretKey: ICmekKey;
  /** The service's own account: it may predict on `endpoint`, read the AUTH secret, write logs and metrics. */
  readonly serviceAccount: IServiceAccount;
  /** The endpoint the service answers from. */
  readonly endpoint: IEndpoint;
  /** The CMEK registry the image is pulled from. */
  readonly registry: IRegistry;
  /** @default - `<registry>/web:<content tag>`, the image scripts/container-build.sh pushes from this package's sources */
  readonly image?: string;
  /** @default - the network's region */
  readonly region?: string;
  /** @default 1 */
  readonly minInstances?: number;
  /** @default 10 */
  readonly maxInstances?: number;
  /** @default 80 */
  readonly concurrency?: number;
  /** @default 3600 */
  readonly cacheTtlSeconds?: number;
  /** Who may call the service directly (`roles/run.invoker`). @default - no one */
  readonly invokers?: readonly string[];
  /** @default 'STANDARD_HA' */
  readonly redisTier?: 'BASIC' | 'STANDARD_HA';
  /** @default 1 */
  readonly redisMemoryGb?: number;
  /**
   * A public website: a global external Application Load Balancer with Cloud Armor in front of
   * the service (`WebLoadBalancer`; docs/web.md says what it means for data residency).
   * @default - none: the service is reached from the VPC and by `invokers` only
   */
  readonly loadBalancer?: { readonly domain: string; readonly rateLimitPerMinute?: number };
}

/**
 * Web serving: the online prediction service for websites, with its answer cache.
 *
 * Needs: the platform network, `redis`, `cloud-run` and `secret-manager` keys, the web
 * account, the endpoint and the CMEK registry holding the `web` image. Provides: the
 * Memorystore cache (`redis`), the secret with its AUTH string (`authSecret`), the Cloud Run
 * service (`service`) and, when `loadBalancer` is given, the load balancer (`loadBalancer`),
 * with guardrail VMC-LOC-1 waived for it (`WEB_LOAD_BALANCER_RESIDENCY` says why).
 */
export class WebServingLayer extends Layer {
  public readonly redis: MemorystoreRedis;
  public readonly authSecret: EncryptedSecret;
  public readonly service: PredictionWebService;
  public readonly loadBalancer?: WebLoadBalancer;

  constructor(scope: Construct, id: string, props: WebServingLayerProps) {
    super(scope, id);
    const common = { project: props.project, projectNumber: props.projectNumber };
    const labels = { ...props.labels };
    const region = props.region ?? props.network.region;
    this.authSecret = new EncryptedSecret(this, 'cache-auth', {
      ...common,
      secretId: resourceName(props.naming, 'web-cache-auth'),
      encryptionKey: props.secretKey,
      labels,
    });
    this.redis = new MemorystoreRedis(this, 'cache', {
      ...common,
      name: resourceName(props.naming, 'web-cache', 40),
      encryptionKey: props.redisKey,
      network: props.network,
      region,
      tier: props.redisTier,
      memorySizeGb: props.redisMemoryGb,
      authSecret: this.authSecret,
      labels,
      dependsOn: apisOf(props, 'redis.googleapis.com'),
    });
    this.service = new PredictionWebService(this, 'web', {
      ...common,
      name: resourceName(props.naming, 'web', 49),
      encryptionKey: props.cloudRunKey,
      registry: props.registry,
      image: props.image ?? webImage(props.registry.url),
      serviceAccount: props.serviceAccount,
      endpoint: props.endpoint,
      network: props.network,
      redis: this.redis,
      redisAuthSecret: this.authSecret,
      invokers: props.invokers,
      region,
      minInstances: props.minInstances,
      maxInstances: props.maxInstances,
      concurrency: props.concurrency,
      cacheTtlSeconds: props.cacheTtlSeconds,
      publicThroughLoadBalancer: props.loadBalancer !== undefined,
      labels,
      dependsOn: [...(this.redis.authSecretVersion ? [this.redis.authSecretVersion] : []), ...apisOf(props, 'run.googleapis.com')],
    });
    if (props.loadBalancer) {
      this.loadBalancer = new WebLoadBalancer(this, 'load-balancer', {
        project: props.project,
        name: resourceName(props.naming, 'web', 49),
        service: this.service,
        domain: props.loadBalancer.domain,
        rateLimitPerMinute: props.loadBalancer.rateLimitPerMinute,
        labels,
        dependsOn: apisOf(props, 'compute.googleapis.com'),
      });
      // Asking for a public website is asking for a global front door; the waiver says so in every synth.
      Guardrails.waive(this.loadBalancer, 'VMC-LOC-1', WEB_LOAD_BALANCER_RESIDENCY);
    }
  }
}
