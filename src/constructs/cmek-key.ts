import { Construct, IConstruct } from 'constructs';
import { ITerraformDependable, Lazy, TerraformOutput, TerraformResource, TerraformStack } from 'cdktf';
import { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { KmsCryptoKeyIamBinding } from '@cdktf/provider-google/lib/kms-crypto-key-iam-binding';
import { EXTERNAL_KEY } from '../guardrails/rule';
import { Grantee, IamProps, ResourceIam } from '../iam';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { assertEuRegion } from '../rules/locations';
import { KmsProtectionLevel, MAX_ROTATION_SECONDS, rotationProblem } from '../rules/rotation';
import { isUnresolved } from '../rules/tokens';
import { GoogleApi, KEY_CLASS_AGENTS, KEY_CLASSES, KeyClass, serviceAgent } from '../service-agents';
import { ICmekKeyring } from './cmek-keyring';

/** The roles `CmekKey` grants on a key; a project-level grant of them is refused. */
export const KEY_ROLES = {
  /** `grantEncryptDecrypt`, and every service-agent grant. */
  encrypterDecrypter: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
} as const;

/** @deprecated use `KEY_ROLES.encrypterDecrypter` */
export const ENCRYPTER_DECRYPTER = KEY_ROLES.encrypterDecrypter;

/**
 * A customer-managed key, created here (`new CmekKey`) or elsewhere (`CmekKey.fromKeyName`).
 * Constructs take this interface, so a team can hand over a key from its security project.
 */
export interface ICmekKey extends IConstruct {
  /** Full key name, `projects/.../cryptoKeys/<name>`, as CMEK fields expect. */
  readonly keyName: string;
  /** The one class of resource this key encrypts. */
  readonly keyClass: KeyClass;
  /** The key's region; CMEK keys must be in their resource's location. */
  readonly location: string;
  /** The project that holds the key (possibly a central key project). */
  readonly project: string;
  /** The constructs whose resources this key encrypts (`useFor`), in call order. */
  readonly protects: readonly IConstruct[];
  /**
   * Lets this class's service agents of the consuming project `projectNumber` use the key,
   * records `consumer` as protected by it, and returns what the consumer's resources must wait
   * for (the grants, plus any `grantEncryptDecrypt` grant). Idempotent per project.
   */
  useFor(consumer: IConstruct, projectNumber: string): TerraformResource[];
  /** Lets `grantee` (for example a workload's own account) encrypt and decrypt with this key. */
  grantEncryptDecrypt(grantee: Grantee): TerraformResource;
  /**
   * Throws unless this key may encrypt a resource of `expected` class in `location`.
   * `who` names the construct and prop for the error.
   */
  assertUsableFor(expected: KeyClass, location: string | undefined, who: string): void;
}

export interface CmekKeyProps extends IamProps {
  readonly keyring: ICmekKeyring;
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
  /**
   * The number of the project the key mostly serves. Its service-agent grants keep the short ids
   * `agent-<api>`; grants for other projects are `agent-<api>-<project number>`.
   * @default - every project's grants carry the project number
   */
  readonly homeProjectNumber?: string;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Resources (such as enabled APIs) every grant must wait for. @default [] */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * What the grant to the service agent of `api` must wait for besides `dependsOn`: typically
   * the enabled API that creates that agent (and the KMS API), not every API of the project.
   * @default - nothing more
   */
  readonly agentDependsOn?: AgentDependencies;
}

/** For one service agent's API, the resources its key grant waits for. */
export type AgentDependencies = (api: GoogleApi) => ITerraformDependable[];

export interface CmekKeyImportOptions {
  /** `projects/<project>/locations/<EU region>/keyRings/<ring>/cryptoKeys/<key>` */
  readonly keyName: string;
  /** The class of resource the key's owners made it for. */
  readonly keyClass: KeyClass;
  /**
   * Who grants the consuming project's service agents on the key. `create`: this stack does
   * (it needs `cloudkms.cryptoKeys.setIamPolicy` on the key). `output`: the key's owners do; the
   * stack grants nothing and lists the grants to make in the output `<id>_required_grants`.
   * @default 'create'
   */
  readonly agentGrants?: 'create' | 'output';
  /** Resources every grant must wait for. @default [] */
  readonly dependsOn?: ITerraformDependable[];
  /** See `CmekKeyProps.agentDependsOn`. @default - nothing more */
  readonly agentDependsOn?: AgentDependencies;
}

/** What the key grants and to whom; shared by created and imported keys. */
abstract class CmekKeyBase extends PlatformConstruct implements ICmekKey {
  public abstract readonly keyName: string;
  public abstract readonly keyClass: KeyClass;
  public abstract readonly location: string;
  public abstract readonly project: string;
  protected readonly iam: ResourceIam;
  private readonly protectedConstructs: IConstruct[] = [];
  private readonly perProject = new Map<string, TerraformResource[]>();
  private readonly workloadGrants: TerraformResource[] = [];

  constructor(
    scope: Construct,
    id: string,
    private readonly grantsDependOn: ITerraformDependable[] | undefined,
    private readonly homeProjectNumber?: string,
    private readonly agentDependsOn?: AgentDependencies,
  ) {
    super(scope, id);
    this.iam = new ResourceIam(this, {
      binding: (iid, role, members, condition) => new KmsCryptoKeyIamBinding(this, iid, { cryptoKeyId: this.keyName, role, members, condition }),
      member: (iid, role, member, condition) => new KmsCryptoKeyIamMember(this, iid, { cryptoKeyId: this.keyName, role, member, condition }),
    });
    libraryMade(this);
  }

  public get protects(): readonly IConstruct[] {
    return this.protectedConstructs;
  }

  public useFor(consumer: IConstruct, projectNumber: string): TerraformResource[] {
    if (!this.protectedConstructs.includes(consumer)) this.protectedConstructs.push(consumer);
    let grants = this.perProject.get(projectNumber);
    if (!grants) {
      if (!isUnresolved(projectNumber) && !/^[1-9]\d{5,18}$/.test(projectNumber)) {
        throw new Error(`${consumer.node.path}: projectNumber '${projectNumber}' is not a project number; service-agent e-mails derive from the decimal number ('gcloud projects describe <id> --format=value(projectNumber)')`);
      }
      const suffix = projectNumber === this.homeProjectNumber ? '' : `-${isUnresolved(projectNumber) ? 'consumer' : projectNumber}`;
      grants = [...this.agentGrants(projectNumber, suffix), ...this.workloadGrants];
      this.perProject.set(projectNumber, grants);
    }
    return grants;
  }

  /** Creates (or, for a key whose owners grant, records) the agent grants of one project. */
  protected agentGrants(projectNumber: string, suffix: string): TerraformResource[] {
    return KEY_CLASS_AGENTS[this.keyClass].map(
      (api) =>
        libraryMade(new KmsCryptoKeyIamMember(this, `agent-${api.split('.')[0]}${suffix}`, {
          cryptoKeyId: this.keyName,
          role: KEY_ROLES.encrypterDecrypter,
          member: serviceAgent(api, projectNumber),
          dependsOn: this.grantDependencies(api),
        })),
    );
  }

  /**
   * A grant waits for what the key was told plus what its agent's API needs; an empty list is
   * left out so the synthesized JSON carries no `depends_on: []`.
   */
  private grantDependencies(api: GoogleApi): ITerraformDependable[] | undefined {
    const extra = this.agentDependsOn?.(api) ?? [];
    if (extra.length === 0) return this.grantsDependOn;
    const all = [...(this.grantsDependOn ?? [])];
    for (const d of extra) if (!all.includes(d)) all.push(d);
    return all;
  }

  public grantEncryptDecrypt(grantee: Grantee): TerraformResource {
    const created = this.iam.grant(KEY_ROLES.encrypterDecrypter, grantee);
    if (!this.workloadGrants.includes(created)) {
      this.workloadGrants.push(created);
      for (const grants of this.perProject.values()) grants.push(created);
    }
    return created;
  }

  public assertUsableFor(expected: KeyClass, location: string | undefined, who: string): void {
    if (this.keyClass !== expected) {
      throw new Error(`${who}: key '${this.node.path}' is a '${this.keyClass}' key; each resource class has its own key, so pass the '${expected}' key`);
    }
    if (location !== undefined && !isUnresolved(location) && location.toLowerCase() !== this.location.toLowerCase()) {
      throw new Error(`${who}: key '${this.node.path}' is in '${this.location}' but the resource is in '${location}'; CMEK keys must be in the resource's location`);
    }
  }
}

function checkKeyClass(who: string, keyClass: string): void {
  if (!(KEY_CLASSES as readonly string[]).includes(keyClass)) {
    throw new Error(`${who}: keyClass '${keyClass}' is unknown; use one of ${KEY_CLASSES.join(', ')}`);
  }
}

/**
 * A customer-managed key for one class of resource. Encrypt/decrypt is granted to that class's
 * service agents only (see `KEY_CLASS_AGENTS`), of each project whose resources use the key
 * (`useFor`), so a resource can depend on those grants and never race them (a 403 at create
 * time otherwise). The key may live in another project than the resources it encrypts.
 */
export class CmekKey extends CmekKeyBase {
  /**
   * A key that already exists, e.g. in a central key project owned by the security team. The
   * consuming stack still grants its own project's service agents on it (or, with
   * `agentGrants: 'output'`, lists the grants the owners must make). The guardrails take
   * `keyClass` as the key's class.
   */
  public static fromKeyName(scope: Construct, id: string, options: CmekKeyImportOptions): ICmekKey {
    return new ImportedCmekKey(scope, id, options);
  }

  public readonly resource: KmsCryptoKey;
  public readonly keyClass: KeyClass;
  public readonly keyring: ICmekKeyring;
  public readonly keyName: string;
  public readonly location: string;
  public readonly project: string;

  constructor(scope: Construct, id: string, props: CmekKeyProps) {
    super(scope, id, props.dependsOn, props.homeProjectNumber, props.agentDependsOn);
    const who = `CmekKey '${this.node.path}'`;
    checkKeyClass(who, props.keyClass);
    const rotation = props.rotationSeconds ?? MAX_ROTATION_SECONDS;
    const problem = rotationProblem(rotation);
    if (problem) throw new Error(`${who}: rotationSeconds: ${problem}`);
    this.keyClass = props.keyClass;
    this.keyring = props.keyring;
    this.location = props.keyring.location;
    this.project = props.keyring.project;
    this.resource = new KmsCryptoKey(this, 'Resource', {
      name: props.name ?? props.keyClass,
      keyRing: props.keyring.keyRingName,
      purpose: 'ENCRYPT_DECRYPT',
      rotationPeriod: `${rotation}s`,
      versionTemplate: {
        algorithm: 'GOOGLE_SYMMETRIC_ENCRYPTION',
        protectionLevel: props.protectionLevel ?? 'SOFTWARE',
      },
      labels: { ...props.labels, 'key-class': props.keyClass },
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    this.keyName = this.resource.id;
    this.iam.apply(props);
    libraryMade(this);
  }
}

class ImportedCmekKey extends CmekKeyBase {
  public readonly keyName: string;
  public readonly keyClass: KeyClass;
  public readonly location: string;
  public readonly project: string;
  private readonly owners: boolean;
  private readonly required: { member: string; role: string }[] = [];

  constructor(scope: Construct, id: string, options: CmekKeyImportOptions) {
    super(scope, id, options.dependsOn, undefined, options.agentDependsOn);
    const who = `CmekKey.fromKeyName '${this.node.path}'`;
    checkKeyClass(who, options.keyClass);
    const m = /^projects\/([^/]+)\/locations\/([^/]+)\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/.exec(options.keyName);
    if (!m) {
      throw new Error(`${who}: keyName '${options.keyName}' is not a key name; write it as 'projects/<project>/locations/<region>/keyRings/<ring>/cryptoKeys/<key>'`);
    }
    assertEuRegion(m[2], `${who}: location`);
    this.keyName = options.keyName;
    this.keyClass = options.keyClass;
    this.project = m[1];
    this.location = m[2];
    this.owners = options.agentGrants === 'output';
    Object.defineProperty(this, EXTERNAL_KEY, { value: { keyName: this.keyName, keyClass: this.keyClass } });
    if (this.owners) {
      new TerraformOutput(TerraformStack.of(this), `${id}_required_grants`, {
        description: `Grants the owners of ${this.keyName} must make before this stack is applied (role and member, one per line)`,
        value: Lazy.listValue({ produce: () => this.required.map((g) => `${g.role} ${g.member}`) }),
      });
    }
    libraryMade(this);
  }

  protected agentGrants(projectNumber: string, suffix: string): TerraformResource[] {
    if (!this.owners) return super.agentGrants(projectNumber, suffix);
    for (const api of KEY_CLASS_AGENTS[this.keyClass]) this.required.push({ role: KEY_ROLES.encrypterDecrypter, member: serviceAgent(api, projectNumber) });
    return [];
  }
}
