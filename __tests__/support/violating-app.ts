// A team's app whose stack breaks a guardrail, synthesized the way `cdktf synth` runs an app.
import { App, TerraformStack } from 'cdktf';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { CmekKey, CmekKeyring, EncryptedBucket, Guardrails } from '../../src';

const app = new App({ outdir: process.env.CDKTF_OUTDIR, stackTraces: false });
const stack = new TerraformStack(app, 'team');
new GoogleProvider(stack, 'google', { project: 'acme-ml-dev', region: 'europe-west4' });
const keyring = new CmekKeyring(stack, 'ring', { project: 'acme-ml-dev', location: 'europe-west4', name: 'ring' });
const key = new CmekKey(stack, 'storage-key', { keyring, keyClass: 'storage' });
const bucket = new EncryptedBucket(stack, 'data', { project: 'acme-ml-dev', projectNumber: '123456789012', name: 'acme-data', encryptionKey: key });
// grantRead refuses allUsers, so the grant is written by hand, inside the library's bucket.
new StorageBucketIamMember(bucket, 'public-read', { bucket: bucket.bucketName, role: 'roles/storage.objectViewer', member: 'allUsers' });
Guardrails.applyTo(stack);
app.synth();
