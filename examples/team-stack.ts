// Another team's own stack, built from the library's constructs as published.
import { App, TerraformStack } from 'cdktf';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { CmekKey, CmekKeyring, CmekRegistry, EncryptedBucket, Guardrails, WorkloadServiceAccount } from 'vertex-mlops-cdktf';

const app = new App();
const stack = new TerraformStack(app, 'fraud-team');
new GoogleProvider(stack, 'google', { project: 'acme-fraud-prod', region: 'europe-west1' });

const keyring = new CmekKeyring(stack, 'keyring', {
  project: 'acme-fraud-prod',
  location: 'europe-west1',
  name: 'fraud-keyring',
});
const storageKey = new CmekKey(stack, 'storage-key', { keyring, keyClass: 'storage' });
const registryKey = new CmekKey(stack, 'registry-key', { keyring, keyClass: 'artifact-registry' });

// Each resource names its own project; the key grants its service agents in that project.
const project = { project: 'acme-fraud-prod', projectNumber: '412345678901' };
const features = new EncryptedBucket(stack, 'features', { ...project, name: 'acme-fraud-prod-features', encryptionKey: storageKey });
const images = new CmekRegistry(stack, 'images', { ...project, repositoryId: 'fraud-models', encryptionKey: registryKey });

const trainer = new WorkloadServiceAccount(stack, 'trainer', {
  project: 'acme-fraud-prod',
  accountId: 'fraud-trainer',
  displayName: 'Fraud model trainer',
  projectRoles: ['roles/aiplatform.user'],
});
features.grantRead(trainer);
images.grantPull(trainer);

Guardrails.applyTo(stack);
app.synth();
