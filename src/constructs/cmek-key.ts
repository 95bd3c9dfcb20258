import { Construct } from 'constructs';
import { ITerraformDependable, TerraformResource } from 'cdktf';
import { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { KmsCryptoKeyIamBinding } from '@cdktf/provider-google/lib/kms-crypto-key-iam-binding';
import { MAX_ROTATION_SECONDS, KmsProtectionLevel } from '../config/types';
import { applyIam, grant, Grantee, IamFactory, IamProps } from '../iam';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { KEY_CLASS_AGENTS, KEY_CLASSES, KeyClass, serviceAgent } from '../service-agents';
import { CmekKeyring } from './cmek-keyring';

export const ENCRYPTER_DECRYPTER = 'roles/cloudkms.cryptoKeyEncrypterDecrypter';

export interface CmekKeyProps extends IamProps {
  readonly keyring: CmekKeyring;
  /** The one class of resource this key encrypts; its service agents are granted on it. */
  readonly keyClass: KeyClass;
  /** @default - `<keyClass>` */
  readonly name?: string;
  /** @default 7776000 (90 days, the longest allowed) */
  readonly rotationSeconds?: number;
  /** @default 'SOFTWARE' */
  readonly protectionLevel?: KmsProtectionLevel;
  /**
   * Destroying a key destroys every byte it encrypted; turn this off only for throw-away tests.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Resources (such as enabled APIs) the grants must wait for. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A customer-managed key for one class of resource. Encrypt/decrypt is granted to that class's
 * service agents only (see `KEY_CLASS_AGENTS`), so a resource constructed with the key can
 * depend on `grants` and never race the grant (a 403 at create time otherwise).
 */
export class CmekKey extends PlatformConstruct {
  public readonly resource: KmsCryptoKey;
  public readonly keyClass: KeyClass;
  public readonly keyring: CmekKeyring;
  /** Full key name, `projects/.../cryptoKeys/<name>`, as CMEK fields expect. */
  public readonly id: string;
  public readonly location: string;
  /** The service-agent grants; resources encrypted with this key depend on them. */
  public readonly grants: TerraformResource[];
  private readonly iamFactory: IamFactory;

  constructor(scope: Construct, id: string, props: CmekKeyProps) {
    super(scope, id);
    if (!(KEY_CLASSES as readonly string[]).includes(props.keyClass)) {
      throw new Error(`CmekKey '${this.node.path}': keyClass '${props.keyClass}' is unknown; use one of ${KEY_CLASSES.join(', ')}`);
    }
    const rotation = props.rotationSeconds ?? MAX_ROTATION_SECONDS;
    if (!Number.isInteger(rotation) || rotation < 86400 || rotation > MAX_ROTATION_SECONDS) {
      throw new Error(`CmekKey '${this.node.path}': rotationSeconds ${rotation} is out of range: keys must rotate at least every 90 days (${MAX_ROTATION_SECONDS}) and at most daily (86400)`);
    }
    this.keyClass = props.keyClass;
    this.keyring = props.keyring;
    this.location = props.keyring.location;
    this.resource = new KmsCryptoKey(this, 'Resource', {
      name: props.name ?? props.keyClass,
      keyRing: props.keyring.id,
      purpose: 'ENCRYPT_DECRYPT',
      rotationPeriod: `${rotation}s`,
      versionTemplate: {
        algorithm: 'GOOGLE_SYMMETRIC_ENCRYPTION',
        protectionLevel: props.protectionLevel ?? 'SOFTWARE',
      },
      labels: { ...props.labels, 'key-class': props.keyClass },
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    this.id = this.resource.id;

    this.iamFactory = {
      scope: this,
      binding: (iid, role, members, condition) =>
        new KmsCryptoKeyIamBinding(this, iid, { cryptoKeyId: this.id, role, members, condition }),
      member: (iid, role, member, condition) =>
        new KmsCryptoKeyIamMember(this, iid, { cryptoKeyId: this.id, role, member, condition }),
    };
    this.grants = KEY_CLASS_AGENTS[props.keyClass].map(
      (api) =>
        new KmsCryptoKeyIamMember(this, `agent-${api.split('.')[0]}`, {
          cryptoKeyId: this.id,
          role: ENCRYPTER_DECRYPTER,
          member: serviceAgent(api, props.keyring.projectNumber),
          dependsOn: props.dependsOn,
        }),
    );
    applyIam(props, this.iamFactory);
    libraryMade(this);
  }

  /** Lets `grantee` (for example a workload's own account) encrypt and decrypt with this key. */
  public grantEncryptDecrypt(grantee: Grantee): TerraformResource {
    const created = grant(this.iamFactory, ENCRYPTER_DECRYPTER, grantee);
    if (!this.grants.includes(created)) this.grants.push(created);
    return created;
  }

  /**
   * Throws unless this key may encrypt a resource of `expected` class in `location`.
   * `who` names the construct and prop for the error.
   */
  public assertUsableFor(expected: KeyClass, location: string | undefined, who: string): void {
    if (this.keyClass !== expected) {
      throw new Error(`${who}: key '${this.node.path}' is a '${this.keyClass}' key; each resource class has its own key, so pass the '${expected}' key`);
    }
    if (location !== undefined && location.toLowerCase() !== this.location.toLowerCase()) {
      throw new Error(`${who}: key '${this.node.path}' is in '${this.location}' but the resource is in '${location}'; CMEK keys must be in the resource's location`);
    }
  }
}
