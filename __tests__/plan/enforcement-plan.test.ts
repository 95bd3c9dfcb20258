import * as fs from 'fs';
import * as path from 'path';
import { ENVIRONMENTS } from '../../src/config';

// The real engine's plans (scripts/test.sh: synth, tf-plan.sh) of what makes Google enforce the
// platform's promises, read after the provider has validated and planned them.
const planDir = process.env.VMLOPS_PLAN_DIR;

interface Planned { address: string; type: string; values: Record<string, any> }

function planned(env: string): Planned[] {
  if (!planDir) throw new Error('VMLOPS_PLAN_DIR is not set: run the plan tests through `npm test`, which plans every stack first');
  const plan = JSON.parse(fs.readFileSync(path.join(planDir, `mlops-${env}.plan.json`), 'utf8'));
  return plan.planned_values.root_module.resources as Planned[];
}

describe.each(ENVIRONMENTS)('the plan of mlops-%s', (env) => {
  let resources: Planned[];
  beforeAll(() => {
    resources = planned(env);
  });
  const ofType = (t: string) => resources.filter((r) => r.type === t);

  test('sets the six project org policies', () => {
    expect(ofType('google_org_policy_policy').map((r) => r.values.name.split('/policies/')[1]).sort()).toEqual([
      'gcp.resourceLocations', 'gcp.restrictCmekCryptoKeyProjects', 'gcp.restrictNonCmekServices',
      'iam.disableServiceAccountKeyCreation', 'storage.publicAccessPrevention', 'storage.uniformBucketLevelAccess',
    ]);
    const locations = ofType('google_org_policy_policy').find((r) => r.values.name.endsWith('/gcp.resourceLocations'))!;
    expect(locations.values.spec[0].rules[0].values[0].allowed_values).toEqual(['in:eu-locations']);
  });

  test('turns on data-access audit logs and routes logs to the CMEK log bucket', () => {
    expect(ofType('google_project_iam_audit_config')).toHaveLength(7);
    const [bucket] = ofType('google_logging_project_bucket_config');
    expect({ location: bucket.values.location, retention: bucket.values.retention_days }).toEqual({ location: 'europe-west4', retention: 30 });
    expect(ofType('google_logging_project_sink').map((r) => r.values.destination)).toEqual([
      `logging.googleapis.com/projects/example-mlops-${env}/locations/europe-west4/buckets/mlops-${env}-logs`,
    ]);
  });

  test('gives the deployer a custom key role without destruction, and conditional project IAM admin', () => {
    const [role] = ofType('google_project_iam_custom_role');
    expect(role.values.permissions.some((p: string) => /destroy|restore/.test(p))).toBe(false);
    const admin = ofType('google_project_iam_member').filter((r) => r.values.role === 'roles/resourcemanager.projectIamAdmin');
    expect(admin).toHaveLength(1);
    expect(admin[0].values.condition[0].expression).toMatch(/^api\.getAttribute\('iam\.googleapis\.com\/modifiedGrantsByRole', \[\]\)\.hasOnly\(\['roles\/aiplatform\.user',/);
  });
});
