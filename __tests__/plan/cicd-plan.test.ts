import * as fs from 'fs';
import * as path from 'path';
import { createdByType, synthesizedByType } from '../support/plan';

// The CI/CD stack as the real OpenTofu engine and the real azuredevops 1.16.0 provider see it:
// validated and planned offline by scripts/test.sh (tf-plan.sh, against the loopback
// organisation stub), like the environment stacks.
const planDir = process.env.VMLOPS_PLAN_DIR;
const root = path.resolve(__dirname, '..', '..');

function load(file: string): any {
  if (!planDir) throw new Error('VMLOPS_PLAN_DIR is not set: run the plan tests through `npm test`, which builds the engine and plans every stack first');
  const p = path.join(planDir, file);
  if (!fs.existsSync(p)) throw new Error(`no ${p}: scripts/tf-plan.sh did not plan mlops-cicd`);
  return JSON.parse(fs.readFileSync(p, 'utf8'));
}

describe('the real engine\'s plan of mlops-cicd', () => {
  let plan: any;
  let synth: any;
  beforeAll(() => {
    plan = load('mlops-cicd.plan.json');
    synth = JSON.parse(fs.readFileSync(path.join(root, 'cdktf.out', 'stacks', 'mlops-cicd', 'cdk.tf.json'), 'utf8'));
  });

  test('tofu validate accepts it with no warning', () => {
    expect(load('mlops-cicd.validate.json')).toMatchObject({ valid: true, error_count: 0, warning_count: 0 });
  });

  test('the azuredevops provider is the real 1.16.0 one', () => {
    expect(plan.configuration.provider_config.azuredevops).toMatchObject({
      full_name: 'registry.opentofu.org/microsoft/azuredevops', version_constraint: '1.16.0',
    });
  });

  test('it creates every synthesized resource and nothing else, type by type', () => {
    const actual = createdByType(plan);
    expect(actual).toEqual(synthesizedByType(synth));
    expect(Object.values(actual).reduce((a, b) => a + b, 0)).toBe(28);
  });

  test('the planned values keep what the constructs set: private project, forks off, two reviewers', () => {
    const byType = (t: string) => plan.planned_values.root_module.resources.filter((r: any) => r.type === t).map((r: any) => r.values);
    expect(byType('azuredevops_project')[0]).toMatchObject({ name: 'vertex-mlops', visibility: 'private' });
    expect(byType('azuredevops_build_definition')[0].pull_request_trigger[0].forks).toEqual([{ enabled: false, share_secrets: false }]);
    expect(byType('azuredevops_branch_policy_min_reviewers')[0].settings[0].reviewer_count).toBe(2);
    expect(byType('azuredevops_variable_group').map((g: any) => g.name).sort()).toEqual(['vmlops-dev', 'vmlops-prod', 'vmlops-staging']);
  });
});
