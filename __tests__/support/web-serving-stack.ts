/**
 * The web serving test stack: PlatformNetwork, MemorystoreRedis and PredictionWebService in one
 * stack with the platform dashboard, as __tests__/unit/web-serving.test.ts checks it and
 * __tests__/plan/web-plan.test.ts plans it with the real engine.
 */
import { App, TerraformStack } from 'cdktf';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { CmekKey } from '../../src/constructs/cmek-key';
import { CmekKeyring } from '../../src/constructs/cmek-keyring';
import { CmekRegistry } from '../../src/constructs/cmek-registry';
import { EncryptedSecret } from '../../src/constructs/encrypted-secret';
import { MemorystoreRedis } from '../../src/constructs/memorystore-redis';
import { PlatformDashboard } from '../../src/constructs/platform-dashboard';
import { PlatformNetwork } from '../../src/constructs/platform-network';
import { PredictionEndpoint } from '../../src/constructs/prediction-endpoint';
import { PredictionWebService, PredictionWebServiceProps } from '../../src/constructs/prediction-web-service';
import { WorkloadServiceAccount } from '../../src/constructs/workload-service-account';
import { KeyClass } from '../../src/service-agents';

export const PROJECT = 'acme-web-dev';
export const NUMBER = '612345678901';
export const ENDPOINT = `projects/${PROJECT}/locations/europe-west4/endpoints/777`;
export const IMAGE = `europe-west4-docker.pkg.dev/${PROJECT}/web/prediction-web@sha256:${'a'.repeat(64)}`;

export function build(app: App, patch: Partial<PredictionWebServiceProps> = {}) {
  const stack = new TerraformStack(app, 'web-serving');
  new GoogleProvider(stack, 'google', { project: PROJECT, region: 'europe-west4' });
  const common = { project: PROJECT, projectNumber: NUMBER };
  const keyring = new CmekKeyring(stack, 'keyring', { project: PROJECT, location: 'europe-west4', name: 'web-dev' });
  const key = (keyClass: KeyClass) => new CmekKey(stack, `${keyClass}-key`, { keyring, keyClass, homeProjectNumber: NUMBER });
  const network = new PlatformNetwork(stack, 'network', { project: PROJECT, name: 'mlops-dev', region: 'europe-west4' });
  const redis = new MemorystoreRedis(stack, 'cache', { ...common, name: 'mlops-dev-cache', encryptionKey: key('redis'), network });
  const registry = new CmekRegistry(stack, 'registry', { ...common, repositoryId: 'web', encryptionKey: key('artifact-registry') });
  const auth = new EncryptedSecret(stack, 'redis-auth', { ...common, secretId: 'mlops-dev-cache-auth', encryptionKey: key('secret-manager') });
  const account = new WorkloadServiceAccount(stack, 'web-account', { project: PROJECT, accountId: 'mlops-dev-web', displayName: 'Web prediction service' });
  const service = new PredictionWebService(stack, 'web', {
    ...common,
    name: 'mlops-dev-web',
    encryptionKey: key('cloud-run'),
    registry,
    image: IMAGE,
    serviceAccount: account,
    endpoint: PredictionEndpoint.fromEndpointName(stack, 'endpoint', ENDPOINT),
    network,
    redis,
    redisAuthSecret: auth,
    invokers: ['group:web-frontend@acme.example'],
    minInstances: 2,
    maxInstances: 20,
    concurrency: 100,
    cacheTtlSeconds: 600,
    ...patch,
  });
  new PlatformDashboard(stack, 'dashboard', {
    project: PROJECT,
    namePrefix: 'mlops-dev',
    endpoint: PredictionEndpoint.fromEndpointName(stack, 'charted-endpoint', ENDPOINT),
    webService: { serviceName: service.resource.name },
    triggerFunction: { functionName: 'mlops-dev-pipeline-trigger' },
    batchPrediction: { workflowName: 'mlops-dev-batch-prediction' },
  });
  return { stack, service };
}
