import * as fs from 'fs';
import {
  SCHEMA_FILE, committedFiles, differences, generate, providerSchema, schemaText, subsetSchema, toolchainEnv,
} from '../../scripts/azdo-bindings';

// The committed Azure DevOps bindings are what @cdktf/provider-generator makes of the real
// provider's schema: `npm run gen:azuredevops` rewrites both; these tests catch a hand edit,
// a generator upgrade or a provider upgrade that was not followed by a regeneration.
const committedSchema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'));

test('the committed bindings are exactly what the generator makes of the committed schema', async () => {
  const generated = await generate(committedSchema);
  expect(differences(generated, committedFiles())).toEqual([]);
  expect([...generated.keys()].filter((f) => f.endsWith('/index.ts')).sort()).toEqual([
    'branch-policy-build-validation/index.ts', 'branch-policy-min-reviewers/index.ts', 'build-definition/index.ts',
    'check-approval/index.ts', 'check-branch-control/index.ts', 'check-exclusive-lock/index.ts', 'environment/index.ts',
    'git-repository/index.ts', 'group/index.ts', 'pipeline-authorization/index.ts', 'project/index.ts', 'provider/index.ts',
    'variable-group/index.ts',
  ]);
});

test('a hand edit of a committed binding is caught', async () => {
  const generated = await generate(committedSchema);
  const edited = committedFiles();
  edited.set('project/index.ts', `${edited.get('project/index.ts')}// edited\n`);
  edited.delete('group/index.ts');
  expect(differences(generated, edited)).toEqual(['group/index.ts: generated but not committed', 'project/index.ts: differs']);
});

// scripts/test.sh builds the toolchain before jest (and sets VMLOPS_PLAN_DIR when it did): there
// the real provider must be present. Elsewhere (a bare `npx jest`) the comparison is skipped.
const env = toolchainEnv();
if (!env && process.env.VMLOPS_PLAN_DIR) throw new Error('scripts/test.sh built the toolchain but scripts/tf-toolchain.sh --print-env finds no tofu');
if (!env) {
  process.stderr.write('azdo-bindings: SKIPPING the real-provider schema check: no OpenTofu toolchain (run bash scripts/tf-toolchain.sh, or npm test)\n');
}
(env ? test : test.skip)('the committed schema is the real azuredevops 1.16.0 provider\'s, cut to the resources the constructs use', () => {
  const real = subsetSchema(providerSchema(env as NodeJS.ProcessEnv));
  expect(schemaText(real) === fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(true);
  expect(Object.keys(real.provider_schemas)).toEqual(['registry.terraform.io/microsoft/azuredevops']);
  expect(real.provider_versions).toEqual({ 'registry.terraform.io/microsoft/azuredevops': '1.16.0' });
});
