// A regulated team's stack: its keys live in the security team's key project, its landing
// bucket and its serving account exist already, and it takes only the serving layer.
import { App, TerraformStack } from 'cdktf';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { CmekKey, EncryptedBucket, Guardrails, ServingLayer, WorkloadServiceAccount } from 'vertex-mlops-cdktf';

const app = new App();
const stack = new TerraformStack(app, 'risk-team');
new GoogleProvider(stack, 'google', { project: 'acme-risk-prod', region: 'europe-west1' });

// Keys owned by the security team in acme-security; this stack grants its own project's
// service agents on them. The functions key's owners grant themselves: the stack only lists
// the grants to make (output `functions-key_required_grants`).
const ring = 'projects/acme-security/locations/europe-west1/keyRings/risk-prod';
const vertexKey = CmekKey.fromKeyName(stack, 'vertex-key', { keyName: `${ring}/cryptoKeys/vertex-ai`, keyClass: 'vertex-ai' });
const storageKey = CmekKey.fromKeyName(stack, 'storage-key', { keyName: `${ring}/cryptoKeys/storage`, keyClass: 'storage' });
const functionsKey = CmekKey.fromKeyName(stack, 'functions-key', { keyName: `${ring}/cryptoKeys/functions`, keyClass: 'functions', agentGrants: 'output' });

// What exists already: the landing bucket batch inputs arrive in, and the serving account.
const landing = EncryptedBucket.fromBucketName(stack, 'landing', { bucketName: 'acme-risk-prod-landing', location: 'europe-west1' });
const serving = WorkloadServiceAccount.fromEmail(stack, 'serving', 'risk-serving@acme-risk-prod.iam.gserviceaccount.com');

const project = { project: 'acme-risk-prod', projectNumber: '512345678901' };
const predictions = new EncryptedBucket(stack, 'predictions', { ...project, name: 'acme-risk-prod-predictions', encryptionKey: storageKey });
const batch = new WorkloadServiceAccount(stack, 'batch', { project: 'acme-risk-prod', accountId: 'risk-batch', displayName: 'Risk batch prediction' });

new ServingLayer(stack, 'serving-layer', {
  ...project,
  naming: { prefix: 'risk', environment: 'prod' },
  vertexKey,
  functionsKey,
  servingAccount: serving,
  batchAccount: batch,
  batchInputBucket: landing,
  batchOutputBucket: predictions,
  batchSchedule: '0 6 * * *',
  timeZone: 'Europe/Brussels',
});

Guardrails.applyTo(stack);
app.synth();
