import { Construct, IConstruct } from 'constructs';
import { TerraformResource } from 'cdktf';
import { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret';
import { SecretManagerSecretIamBinding } from '@cdktf/provider-google/lib/secret-manager-secret-iam-binding';
import { SecretManagerSecretIamMember } from '@cdktf/provider-google/lib/secret-manager-secret-iam-member';
import { Grantee, IamProps, ResourceIam } from '../iam';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { assertEuRegion } from '../rules/locations';
import { secretIdProblem } from '../rules/names';
import { ICmekKey } from './cmek-key';

/** The roles `EncryptedSecret` grants on one secret; a project-level grant of them is refused. */
export const SECRET_ROLES = {
  /** `grantAccess` */
  secretAccessor: 'roles/secretmanager.secretAccessor',
} as const;

/** A Secret Manager secret, created here or elsewhere (`EncryptedSecret.fromSecretName`). */
export interface ISecret extends IConstruct {
  /** `projects/<project>/secrets/<secret id>` */
  readonly secretName: string;
  readonly secretId: string;
  /** Read the secret's value (`roles/secretmanager.secretAccessor`). */
  grantAccess(grantee: Grantee): TerraformResource;
}

export interface EncryptedSecretProps extends IamProps {
  /** The project the secret is created in. */
  readonly project: string;
  /** The project's number: its Secret Manager service agent is granted on the keys. */
  readonly projectNumber: string;
  readonly secretId: string;
  /**
   * A `secret-manager` class key per replica location, or one key when there is one replica.
   * Secret Manager needs each replica's key in that replica's region.
   */
  readonly encryptionKey: ICmekKey;
  /** @default - the key's location only */
  readonly replicaLocations?: readonly string[];
  /** Extra keys for replicas outside the main key's location, keyed by location. @default {} */
  readonly replicaKeys?: Readonly<Record<string, ICmekKey>>;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

abstract class SecretBase extends PlatformConstruct implements ISecret {
  public abstract readonly secretName: string;
  public abstract readonly secretId: string;
  protected readonly iam: ResourceIam;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.iam = new ResourceIam(this, {
      binding: (iid, role, members, condition) => new SecretManagerSecretIamBinding(this, iid, { secretId: this.secretName, role, members, condition }),
      member: (iid, role, member, condition) => new SecretManagerSecretIamMember(this, iid, { secretId: this.secretName, role, member, condition }),
    });
    libraryMade(this);
  }

  public grantAccess(grantee: Grantee): TerraformResource {
    return this.iam.grant(SECRET_ROLES.secretAccessor, grantee);
  }
}

/**
 * A Secret Manager secret replicated only to the EU regions named (user-managed replication),
 * each replica on a customer-managed key. The secret's value is added out of band, never in code.
 */
export class EncryptedSecret extends SecretBase {
  /** A secret that already exists. It creates nothing; grants work on it. */
  public static fromSecretName(scope: Construct, id: string, secretName: string): ISecret {
    const m = /^projects\/[^/]+\/secrets\/([^/]+)$/.exec(secretName);
    if (!m) throw new Error(`EncryptedSecret.fromSecretName '${id}': '${secretName}' is not a secret name; write it as 'projects/<project>/secrets/<secret id>'`);
    return new ImportedSecret(scope, id, secretName, m[1]);
  }

  public readonly resource: SecretManagerSecret;
  public readonly secretName: string;
  public readonly secretId: string;

  constructor(scope: Construct, id: string, props: EncryptedSecretProps) {
    super(scope, id);
    const who = `EncryptedSecret '${this.node.path}'`;
    if (secretIdProblem(props.secretId)) {
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
    this.secretId = props.secretId;
    this.resource = new SecretManagerSecret(this, 'Resource', {
      project: props.project,
      secretId: props.secretId,
      replication: {
        userManaged: {
          replicas: replicas.map(({ key, location }) => ({ location, customerManagedEncryption: { kmsKeyName: key.keyName } })),
        },
      },
      labels: props.labels ? { ...props.labels } : undefined,
      dependsOn: replicas.flatMap(({ key }) => key.useFor(this, props.projectNumber)),
    });
    this.secretName = this.resource.id;
    this.iam.apply(props);
    libraryMade(this);
  }
}

class ImportedSecret extends SecretBase {
  constructor(scope: Construct, id: string, public readonly secretName: string, public readonly secretId: string) {
    super(scope, id);
    libraryMade(this);
  }
}
