import { Construct } from 'constructs';
import { ICmekKey } from '../constructs/cmek-key';
import { CmekLogBucket } from '../constructs/cmek-log-bucket';
import { DataAccessAuditLogs } from '../constructs/data-access-audit-logs';
import { OrgPolicyName, ProjectOrgPolicies } from '../constructs/project-org-policies';
import { resourceName } from '../rules/names';
import { apisOf, Layer, LayerProjectProps } from './layer';

export interface GovernanceLayerProps extends LayerProjectProps {
  /** The project whose keys CMEK may use (`gcp.restrictCmekCryptoKeyProjects`). */
  readonly keyProject: string;
  /** The 'logging' key, for the log bucket. */
  readonly loggingKey: ICmekKey;
  /**
   * Org policy constraints by name; false for one the organisation sets above the project.
   * @default - every constraint on
   */
  readonly orgPolicies?: Partial<Readonly<Record<OrgPolicyName, boolean>>>;
  /** @default - `iam.allowedPolicyMemberDomains` is not set */
  readonly allowedMemberCustomerIds?: readonly string[];
  /** @default true */
  readonly dataAccessAuditLogs?: boolean;
  /** @default true */
  readonly logBucket?: boolean;
}

/**
 * Governance: what makes Google enforce, at apply time and afterwards, what the guardrails check
 * at synth (docs/security.md).
 *
 * Needs: the project, its key project and the 'logging' key. Provides: the project's org
 * policies (CMEK for the platform's services, keys from the key project, EU locations, no
 * service-account keys, closed buckets, member domains when given), data-access audit logs for
 * the data-holding services, and a log bucket on the logging key that the project's logs go to.
 */
export class GovernanceLayer extends Layer {
  /** Unset when every constraint is switched off. */
  public readonly orgPolicies?: ProjectOrgPolicies;
  /** Unset when `dataAccessAuditLogs` is false. */
  public readonly auditLogs?: DataAccessAuditLogs;
  /** Unset when `logBucket` is false. */
  public readonly logBucket?: CmekLogBucket;

  constructor(scope: Construct, id: string, props: GovernanceLayerProps) {
    super(scope, id);
    if (props.orgPolicies === undefined || Object.values(props.orgPolicies).some((on) => on !== false)) {
      this.orgPolicies = new ProjectOrgPolicies(this, 'org-policies', {
        project: props.project,
        keyProject: props.keyProject,
        allowedMemberCustomerIds: props.allowedMemberCustomerIds,
        enabled: props.orgPolicies,
      });
    }
    if (props.dataAccessAuditLogs ?? true) this.auditLogs = new DataAccessAuditLogs(this, 'audit-logs', { project: props.project });
    if (props.logBucket ?? true) {
      this.logBucket = new CmekLogBucket(this, 'platform-logs', {
        project: props.project,
        projectNumber: props.projectNumber,
        bucketId: resourceName(props.naming, 'logs'),
        encryptionKey: props.loggingKey,
        dependsOn: apisOf(props, 'logging.googleapis.com'),
      });
    }
  }
}
