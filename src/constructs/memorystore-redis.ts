import { Construct } from 'constructs';
import { RedisInstance } from '@cdktf/provider-google/lib/redis-instance';
import { SecretManagerSecretVersion } from '@cdktf/provider-google/lib/secret-manager-secret-version';
import { ITerraformDependable } from 'cdktf';
import { libraryMade } from '../library-made';
import { PlatformConstruct } from '../platform-construct';
import { assertEuRegion } from '../rules/locations';
import { ICmekKey } from './cmek-key';
import { ISecret } from './encrypted-secret';
import { PlatformNetwork } from './platform-network';

export interface MemorystoreRedisProps {
  readonly project: string;
  /** The project's number: its Memorystore service agent is granted on the key. */
  readonly projectNumber: string;
  readonly name: string;
  /** A `redis` class key, in the instance's region. */
  readonly encryptionKey: ICmekKey;
  /** The network the instance is reached from, over its private service access range. */
  readonly network: PlatformNetwork;
  /** @default - the key's location */
  readonly region?: string;
  /** @default 1 */
  readonly memorySizeGb?: number;
  /** `STANDARD_HA` keeps a replica in another zone with automatic failover. @default 'STANDARD_HA' */
  readonly tier?: 'BASIC' | 'STANDARD_HA';
  /**
   * Where the instance's AUTH string is kept for workloads: it is written as a new version of
   * this secret whenever it changes. Terraform state holds the string either way (it is an
   * attribute of the instance), so the secret adds no exposure and keeps it out of environment
   * variables and service definitions.
   * @default - not written anywhere; read `authString`
   */
  readonly authSecret?: ISecret;
  /** @default 'REDIS_7_2' */
  readonly redisVersion?: string;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Memorystore for Redis as an answer cache: reachable only through private service access in
 * the platform network (no public address exists), AUTH on, in-transit encryption on (TLS with
 * the instance's own CA, port 6378), data at rest on a `redis` class key. A cache needs no
 * persistence: it is off, so nothing is written to disk beyond the replica.
 *
 * The AUTH string and the server CA are attributes (`authString`, `serverCaCert`); pass the
 * AUTH string to workloads through Secret Manager, never as a plain environment variable.
 */
export class MemorystoreRedis extends PlatformConstruct {
  public readonly resource: RedisInstance;
  public readonly host: string;
  public readonly port: number;
  /** Sensitive. */
  public readonly authString: string;
  /** PEM of the CA that signs the instance's TLS certificate. */
  public readonly serverCaCert: string;
  public readonly region: string;
  /** The version of `authSecret` holding the AUTH string; what reads it waits for this. */
  public readonly authSecretVersion?: SecretManagerSecretVersion;

  constructor(scope: Construct, id: string, props: MemorystoreRedisProps) {
    super(scope, id);
    const who = `MemorystoreRedis '${this.node.path}'`;
    const region = props.region ?? props.encryptionKey.location;
    assertEuRegion(region, `${who}: region`);
    props.encryptionKey.assertUsableFor('redis', region, `${who} encryptionKey`);
    const memorySizeGb = props.memorySizeGb ?? 1;
    if (!Number.isInteger(memorySizeGb) || memorySizeGb < 1 || memorySizeGb > 300) {
      throw new Error(`${who}: memorySizeGb ${memorySizeGb} is out of range; Memorystore takes a whole number of GB from 1 to 300`);
    }
    this.region = region;
    this.resource = new RedisInstance(this, 'Resource', {
      project: props.project,
      name: props.name,
      region,
      tier: props.tier ?? 'STANDARD_HA',
      memorySizeGb,
      redisVersion: props.redisVersion ?? 'REDIS_7_2',
      connectMode: 'PRIVATE_SERVICE_ACCESS',
      authorizedNetwork: props.network.resource.id,
      reservedIpRange: props.network.privateServiceRange.name,
      authEnabled: true,
      transitEncryptionMode: 'SERVER_AUTHENTICATION',
      customerManagedKey: props.encryptionKey.keyName,
      persistenceConfig: { persistenceMode: 'DISABLED' },
      labels: props.labels ? { ...props.labels } : undefined,
      dependsOn: [...props.encryptionKey.useFor(this, props.projectNumber), props.network.privateServiceConnection, ...(props.dependsOn ?? [])],
    });
    this.host = this.resource.host;
    this.port = this.resource.port;
    this.authString = this.resource.authString;
    this.serverCaCert = this.resource.serverCaCerts.get(0).cert;
    if (props.authSecret) {
      this.authSecretVersion = new SecretManagerSecretVersion(this, 'auth-secret-version', { secret: props.authSecret.secretName, secretData: this.authString });
    }
    libraryMade(this);
  }
}
