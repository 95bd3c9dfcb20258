import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { CmekKey, ICmekKey } from '../constructs/cmek-key';
import { CmekKeyring, ICmekKeyring } from '../constructs/cmek-keyring';
import { ProjectIamGrants } from '../constructs/project-iam-grants';
import { ProjectServices } from '../constructs/project-services';
import { IServiceAccount, WorkloadServiceAccount } from '../constructs/workload-service-account';
import { accountId, resourceName } from '../rules/names';
import { KmsProtectionLevel } from '../rules/rotation';
import { KEY_CLASSES, KeyClass, PLATFORM_APIS } from '../service-agents';
import { Layer, LayerProjectProps } from './layer';

/** The platform's workload identities, by purpose, with their display names. */
export const WORKLOAD_ACCOUNTS = {
  pipeline: 'Vertex AI pipeline runner',
  composer: 'Cloud Composer worker',
  trigger: 'Pipeline trigger function',
  serving: 'Prediction serving',
  batch: 'Scheduled batch prediction',
  fnbuild: 'Cloud Functions builder',
  imgbuild: 'Container image builder',
  web: 'Web prediction service',
  dataflow: 'Dataflow worker',
} as const;
export type WorkloadPurpose = keyof typeof WORKLOAD_ACCOUNTS;

export interface FoundationLayerProps extends Omit<LayerProjectProps, 'apis'> {
  /** Region of the key ring and every key created here. */
  readonly region: string;
  /**
   * APIs to enable in the project. Keys and what they encrypt wait for them.
   * @default PLATFORM_APIS; pass [] where the project's owners enable APIs themselves
   */
  readonly enableApis?: readonly string[];
  /**
   * Keys that exist already (for example in a central key project, `CmekKey.fromKeyName`), by
   * class. A class not given here gets a key of its own in `keyring` the first time a layer
   * asks for it.
   * @default {}
   */
  readonly keys?: Partial<Record<KeyClass, ICmekKey>>;
  /** The ring keys are created in. @default - `<prefix>-<environment>-keyring` in `project`, created when the first key is */
  readonly keyring?: ICmekKeyring;
  /** @default 7776000 (90 days) */
  readonly keyRotationSeconds?: number;
  /** @default 'SOFTWARE' */
  readonly protectionLevel?: KmsProtectionLevel;
  /** Workload accounts that exist already, by purpose. @default - each created here on first use */
  readonly accounts?: Partial<Record<WorkloadPurpose, IServiceAccount>>;
  /** Additive project grants for people and systems outside the platform, role to members. @default {} */
  readonly projectIam?: Readonly<Record<string, readonly string[]>>;
}

/**
 * Foundation: what every other layer builds on.
 *
 * Needs: a project (id and number) and an EU region; optionally keys and accounts that exist.
 * Provides: the enabled APIs (`apis(...)` to wait for some), one customer-managed key per class
 * (`key(class)`: imported, or created on first use, so only classes something uses exist),
 * the workload service accounts (`account(purpose)`), and additive project IAM.
 */
export class FoundationLayer extends Layer {
  public readonly services?: ProjectServices;
  public readonly project: string;
  public readonly projectNumber: string;
  private readonly props: FoundationLayerProps;
  private readonly keyMap = new Map<KeyClass, ICmekKey>();
  private readonly accountMap = new Map<WorkloadPurpose, IServiceAccount>();
  private ring?: ICmekKeyring;
  private keyScope?: Construct;
  private accountScope?: Construct;

  constructor(scope: Construct, id: string, props: FoundationLayerProps) {
    super(scope, id);
    this.props = props;
    this.project = props.project;
    this.projectNumber = props.projectNumber;
    const apis = props.enableApis ?? PLATFORM_APIS;
    if (apis.length > 0) this.services = new ProjectServices(this, 'services', { project: props.project, services: apis });
    for (const [keyClass, key] of Object.entries(props.keys ?? {})) {
      if (!(KEY_CLASSES as readonly string[]).includes(keyClass)) {
        throw new Error(`FoundationLayer '${this.node.path}': keys['${keyClass}'] is not a key class; use one of ${KEY_CLASSES.join(', ')}`);
      }
      key!.assertUsableFor(keyClass as KeyClass, undefined, `FoundationLayer '${this.node.path}' keys['${keyClass}']`);
      this.keyMap.set(keyClass as KeyClass, key!);
    }
    for (const [purpose, account] of Object.entries(props.accounts ?? {})) this.accountMap.set(purpose as WorkloadPurpose, account!);
    if (props.projectIam) {
      new ProjectIamGrants(this, 'project-iam', { project: props.project, grants: props.projectIam });
    }
  }

  /** The enabled APIs among `names`, for resources that must wait for them. */
  public apis(...names: string[]): ITerraformDependable[] {
    return (this.services?.services ?? []).filter((s) => names.includes(s.serviceInput as string));
  }

  /** The key of `keyClass`: the one handed in, or one created in the key ring. */
  public key(keyClass: KeyClass): ICmekKey {
    let key = this.keyMap.get(keyClass);
    if (!key) {
      this.keyScope ??= new Construct(this, 'keys');
      key = new CmekKey(this.keyScope, keyClass, {
        keyring: this.keyring,
        keyClass,
        rotationSeconds: this.props.keyRotationSeconds,
        protectionLevel: this.props.protectionLevel,
        homeProjectNumber: this.props.projectNumber,
        labels: this.props.labels,
        // A service agent exists once its own API is enabled, and a grant on a key needs the KMS
        // API: waiting for exactly those (not all 19 APIs) keeps the order with a tenth of the
        // depends_on entries.
        agentDependsOn: (api) => this.apis(api, 'cloudkms.googleapis.com'),
      });
      this.keyMap.set(keyClass, key);
    }
    return key;
  }

  /** Every key handed in or created so far, by class. */
  public get keys(): ReadonlyMap<KeyClass, ICmekKey> {
    return this.keyMap;
  }

  /** The key ring keys are created in (created on first use). */
  public get keyring(): ICmekKeyring {
    this.ring ??= this.props.keyring ?? new CmekKeyring(this, 'keyring', {
      project: this.props.project,
      location: this.props.region,
      name: resourceName(this.props.naming, 'keyring'),
    });
    return this.ring;
  }

  /** The workload account of `purpose`: the one handed in, or one created here. */
  public account(purpose: WorkloadPurpose): IServiceAccount {
    let account = this.accountMap.get(purpose);
    if (!account) {
      this.accountScope ??= new Construct(this, 'accounts');
      const displayName = WORKLOAD_ACCOUNTS[purpose];
      account = new WorkloadServiceAccount(this.accountScope, purpose, {
        project: this.props.project,
        accountId: accountId(this.props.naming, purpose),
        displayName,
        description: `${displayName} (${this.props.naming.environment}); managed by vertex-mlops-cdktf`,
      });
      this.accountMap.set(purpose, account);
    }
    return account;
  }
}
