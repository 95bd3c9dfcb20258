import { Construct } from 'constructs';
import { OrgPolicyPolicy } from '@cdktf/provider-google/lib/org-policy-policy';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { ORG_POLICY_CONSTRAINTS, OrgPolicyName } from '../rules/org-policies';

export { ORG_POLICY_CONSTRAINTS, OrgPolicyName } from '../rules/org-policies';

/**
 * The services the platform keeps data in that `gcp.restrictNonCmekServices` supports. Each has
 * a key class of its own (KEY_CLASSES); Cloud Build is left out on purpose: function builds run
 * in Google's default pool, which takes no customer key.
 */
export const CMEK_REQUIRED_SERVICES = [
  'aiplatform.googleapis.com',
  'artifactregistry.googleapis.com',
  'bigquery.googleapis.com',
  'cloudfunctions.googleapis.com',
  'composer.googleapis.com',
  // Jobs are launched by the ingestion DAG, not by Terraform: Google refuses one without --dataflow_kms_key.
  'dataflow.googleapis.com',
  'logging.googleapis.com',
  'pubsub.googleapis.com',
  'run.googleapis.com',
  'secretmanager.googleapis.com',
  'storage.googleapis.com',
] as const;

export interface ProjectOrgPoliciesProps {
  /** The project id the policies are set on. */
  readonly project: string;
  /** The project holding the platform's keys (`gcp.restrictCmekCryptoKeyProjects`). */
  readonly keyProject: string;
  /** @default CMEK_REQUIRED_SERVICES */
  readonly cmekServices?: readonly string[];
  /**
   * Directory customer ids (`C0xxxxxxx`) whose members may be granted roles
   * (`iam.allowedPolicyMemberDomains`). Google's service agents are not members of any
   * customer, so this constraint is only set when the list is given.
   * @default - the constraint is not set
   */
  readonly allowedMemberCustomerIds?: readonly string[];
  /**
   * Turns single constraints off, for organisations that set them above the project (a
   * project-level policy would then only repeat, or loosen, the inherited one).
   * @default - every constraint on
   */
  readonly enabled?: Partial<Readonly<Record<OrgPolicyName, boolean>>>;
}

/**
 * Project-level organisation policies that make Google enforce the platform's promises: CMEK
 * for the services it uses, keys only from its key project, EU locations, no service-account
 * keys, no public or ACL-controlled buckets, and (from config) which domains may hold roles.
 * Setting them needs `orgpolicy.policies.create` on the project, which only an organisation
 * role grants (docs/security.md).
 */
export class ProjectOrgPolicies extends PlatformConstruct {
  /** The policies, by constraint. */
  public readonly policies: Partial<Record<OrgPolicyName, OrgPolicyPolicy>> = {};

  constructor(scope: Construct, id: string, props: ProjectOrgPoliciesProps) {
    super(scope, id);
    const who = `ProjectOrgPolicies '${this.node.path}'`;
    const services = props.cmekServices ?? CMEK_REQUIRED_SERVICES;
    for (const s of services) {
      if (!/^[a-z0-9-]+\.googleapis\.com$/.test(s)) throw new Error(`${who}: cmekServices entry '${s}' is not an API name; write it like 'storage.googleapis.com'`);
    }
    const customers = props.allowedMemberCustomerIds ?? [];
    for (const c of customers) {
      if (!/^C[0-9a-z]{6,}$/i.test(c)) throw new Error(`${who}: allowedMemberCustomerIds entry '${c}' is not a directory customer id; find yours with 'gcloud organizations list' (DIRECTORY_CUSTOMER_ID, e.g. C03xgje4y)`);
    }
    const on = (name: OrgPolicyName) => props.enabled?.[name] ?? true;
    const set = (name: OrgPolicyName, rule: { enforce?: string; values?: { allowedValues?: string[]; deniedValues?: string[] } }) => {
      if (!on(name)) return;
      this.policies[name] = new OrgPolicyPolicy(this, name, {
        name: `projects/${props.project}/policies/${ORG_POLICY_CONSTRAINTS[name]}`,
        parent: `projects/${props.project}`,
        spec: { rules: [rule] },
      });
    };
    if (services.length > 0) set('restrictNonCmekServices', { values: { deniedValues: [...services] } });
    set('restrictCmekCryptoKeyProjects', { values: { allowedValues: [`under:projects/${props.keyProject}`] } });
    set('resourceLocations', { values: { allowedValues: ['in:eu-locations'] } });
    set('disableServiceAccountKeyCreation', { enforce: 'TRUE' });
    set('publicAccessPrevention', { enforce: 'TRUE' });
    set('uniformBucketLevelAccess', { enforce: 'TRUE' });
    if (customers.length > 0) set('allowedPolicyMemberDomains', { values: { allowedValues: [...customers] } });
    libraryMade(this);
  }
}
