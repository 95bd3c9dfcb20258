import { DATASET_ROLES } from './constructs/bigquery-dataset';
import { KEY_ROLES } from './constructs/cmek-key';
import { REGISTRY_ROLES } from './constructs/cmek-registry';
import { BUCKET_ROLES } from './constructs/encrypted-bucket';
import { SECRET_ROLES } from './constructs/encrypted-secret';
import { TOPIC_ROLES } from './constructs/encrypted-topic';
import { assertPredefinedRole, escalationRoleProblem } from './rules/roles';

/** Service-account roles, here rather than beside the class so this table has no import cycle. */
export const SERVICE_ACCOUNT_ROLES = {
  /** `WorkloadServiceAccount.grantUser` (actAs) */
  user: 'roles/iam.serviceAccountUser',
  /** `WorkloadServiceAccount.grantImpersonate` */
  tokenCreator: 'roles/iam.serviceAccountTokenCreator',
} as const;

/**
 * Roles that act on data in one bucket, secret, repository, key, topic or account. Granted on
 * the project they would reach every such resource, so every project-level path refuses them
 * and the error points at the resource's `grant*` method. Built from the constants the
 * constructs grant with, so a construct's new role cannot be missed here.
 */
export const RESOURCE_SCOPED_ROLES: ReadonlyMap<string, string> = new Map<string, string>([
  [DATASET_ROLES.dataViewer, 'BigQueryDataset.grantRead'],
  [DATASET_ROLES.dataEditor, 'BigQueryDataset.grantWrite'],
  [DATASET_ROLES.dataOwner, 'BigQueryDataset.grantWrite'],
  [BUCKET_ROLES.objectViewer, 'EncryptedBucket.grantRead'],
  [BUCKET_ROLES.objectCreator, 'EncryptedBucket.grantWrite'],
  [BUCKET_ROLES.objectUser, 'EncryptedBucket.grantReadWrite'],
  [BUCKET_ROLES.objectAdmin, 'EncryptedBucket.grantReadWrite'],
  [SECRET_ROLES.secretAccessor, 'EncryptedSecret.grantAccess'],
  [REGISTRY_ROLES.reader, 'CmekRegistry.grantPull'],
  [REGISTRY_ROLES.writer, 'CmekRegistry.grantPush'],
  [KEY_ROLES.encrypterDecrypter, 'CmekKey.grantEncryptDecrypt'],
  [TOPIC_ROLES.publisher, 'EncryptedTopic.grantPublish'],
  [SERVICE_ACCOUNT_ROLES.user, 'WorkloadServiceAccount.grantUser'],
  [SERVICE_ACCOUNT_ROLES.tokenCreator, 'WorkloadServiceAccount.grantImpersonate'],
]);

/**
 * Throws unless `role` may be granted on a project: predefined, not one that belongs on a
 * single resource, and not one that lets its holder grant itself more. Every project-level grant (`projectRoles`, `addProjectRole`,
 * `ProjectIamGrants`) goes through this check.
 */
export function assertProjectRole(role: string, field: string): void {
  assertPredefinedRole(role, field);
  const instead = RESOURCE_SCOPED_ROLES.get(role);
  if (instead) {
    throw new Error(`${field}: '${role}' would reach every resource of its kind in the project; bind it on the one resource with ${instead}(account)`);
  }
  const escalation = escalationRoleProblem(role);
  if (escalation) throw new Error(`${field}: ${escalation}`);
}
