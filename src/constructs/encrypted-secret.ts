import { Construct } from 'constructs';
import { TerraformResource } from 'cdktf';
import { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret';
import { SecretManagerSecretIamBinding } from '@cdktf/provider-google/lib/secret-manager-secret-iam-binding';
import { SecretManagerSecretIamMember } from '@cdktf/provider-google/lib/secret-manager-secret-iam-member';
import { assertEuRegion } from '../config/types';
import { applyIam, grant, Grantee, IamFactory, IamProps } from '../iam';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { CmekKey } from './cmek-key';

export interface EncryptedSecretProps extends IamProps {
  readonly secretId: string;
  /**
   * A `secret-manager` class key per replica location, or one key when there is one replica.
   * Secret Manager needs each replica's key in that replica's region.
   */
  readonly encryptionKey: CmekKey;
  /** @default - the key's location only */
  readonly replicaLocations?: readonly string[];
  /** Extra keys for replicas outside the main key's location, keyed by location. @default {} */
  readonly replicaKeys?: Readonly<Record<string, CmekKey>>;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A Secret Manager secret replicated only to the EU regions named (user-managed replication),
 * each replica on a customer-managed key. The secret's value is added out of band, never in code.
 */
export class EncryptedSecret extends PlatformConstruct {
  public readonly resource: SecretManagerSecret;
  public readonly id: string;
  private readonly iamFactory: IamFactory;

  constructor(scope: Construct, id: string, props: EncryptedSecretProps) {
    super(scope, id);
    const who = `EncryptedSecret '${this.node.path}'`;
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(props.secretId)) {
      throw new Error(`${who}: secretId '${props.secretId}' is invalid; use letters, digits, '-' and '_'`);
    }
    const locations = props.replicaLocations ?? [props.encryptionKey.location];
    if (locations.length === 0) throw new Error(`${who}: replicaLocations is empty; name at least one EU region`);
    const replicas = locations.map((location) => {
      assertEuRegion(location, `${who}: replica location`);
      const key = location === props.encryptionKey.location ? props.encryptionKey : props.replicaKeys?.[location];
      if (!key) {
        throw new Error(`${who}: no key for replica location '${location}'; add replicaKeys['${location}'] with a secret-manager key in that region`);
      }
      key.assertUsableFor('secret-manager', location, `${who} key for '${location}'`);
      return { key, location };
    });
    this.resource = new SecretManagerSecret(this, 'Resource', {
      project: props.encryptionKey.keyring.project,
      secretId: props.secretId,
      replication: {
        userManaged: {
          replicas: replicas.map(({ key, location }) => ({ location, customerManagedEncryption: { kmsKeyName: key.id } })),
        },
      },
      labels: props.labels ? { ...props.labels } : undefined,
      dependsOn: replicas.flatMap(({ key }) => key.grants),
    });
    this.id = this.resource.id;
    this.iamFactory = {
      scope: this,
      binding: (iid, role, members, condition) =>
        new SecretManagerSecretIamBinding(this, iid, { secretId: this.resource.id, role, members, condition }),
      member: (iid, role, member, condition) =>
        new SecretManagerSecretIamMember(this, iid, { secretId: this.resource.id, role, member, condition }),
    };
    applyIam(props, this.iamFactory);
    libraryMade(this);
  }

  /** Read the secret's value (`roles/secretmanager.secretAccessor`). */
  public grantAccess(grantee: Grantee): TerraformResource {
    return grant(this.iamFactory, 'roles/secretmanager.secretAccessor', grantee);
  }
}
