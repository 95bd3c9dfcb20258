/**
 * Google-managed service agents, keyed by the API that owns them. E-mails derive from the
 * project number (as Cloud Foundation Fabric does) so that a plan reads no API and key grants
 * can be ordered before the resources that need them.
 */
export const SERVICE_AGENTS = {
  'aiplatform.googleapis.com': 'service-{n}@gcp-sa-aiplatform.iam.gserviceaccount.com',
  'artifactregistry.googleapis.com': 'service-{n}@gcp-sa-artifactregistry.iam.gserviceaccount.com',
  'bigquery.googleapis.com': 'bq-{n}@bigquery-encryption.iam.gserviceaccount.com',
  'cloudfunctions.googleapis.com': 'service-{n}@gcf-admin-robot.iam.gserviceaccount.com',
  'cloudscheduler.googleapis.com': 'service-{n}@gcp-sa-cloudscheduler.iam.gserviceaccount.com',
  'composer.googleapis.com': 'service-{n}@cloudcomposer-accounts.iam.gserviceaccount.com',
  'compute.googleapis.com': 'service-{n}@compute-system.iam.gserviceaccount.com',
  'container.googleapis.com': 'service-{n}@container-engine-robot.iam.gserviceaccount.com',
  'dataflow.googleapis.com': 'service-{n}@dataflow-service-producer-prod.iam.gserviceaccount.com',
  'eventarc.googleapis.com': 'service-{n}@gcp-sa-eventarc.iam.gserviceaccount.com',
  'logging.googleapis.com': 'service-{n}@gcp-sa-logging.iam.gserviceaccount.com',
  'looker.googleapis.com': 'service-{n}@gcp-sa-looker.iam.gserviceaccount.com',
  'notebooks.googleapis.com': 'service-{n}@gcp-sa-notebooks.iam.gserviceaccount.com',
  'pubsub.googleapis.com': 'service-{n}@gcp-sa-pubsub.iam.gserviceaccount.com',
  'redis.googleapis.com': 'service-{n}@cloud-redis.iam.gserviceaccount.com',
  'run.googleapis.com': 'service-{n}@serverless-robot-prod.iam.gserviceaccount.com',
  'secretmanager.googleapis.com': 'service-{n}@gcp-sa-secretmanager.iam.gserviceaccount.com',
  'storage.googleapis.com': 'service-{n}@gs-project-accounts.iam.gserviceaccount.com',
  'workflows.googleapis.com': 'service-{n}@gcp-sa-workflows.iam.gserviceaccount.com',
} as const;

export type GoogleApi = keyof typeof SERVICE_AGENTS;

/** The IAM member (`serviceAccount:...`) of `api`'s service agent in project `projectNumber`. */
export function serviceAgent(api: GoogleApi, projectNumber: string): string {
  return `serviceAccount:${SERVICE_AGENTS[api].replace('{n}', projectNumber)}`;
}

/** Resource classes that each get their own key. */
export const KEY_CLASSES = [
  'storage',
  'artifact-registry',
  'composer',
  'vertex-ai',
  'pubsub',
  'secret-manager',
  'bigquery',
  'functions',
  'logging',
  // Online serving for websites: the answer cache and the web service each get their own key,
  // so revoking one (say, to drop every cached answer) leaves the other running.
  'redis',
  'cloud-run',
  'workbench',
  // Looker (Google Cloud core), opt-in: its instance database holds the platform's reporting.
  'looker',
  // Dataflow jobs: their persistent disks, shuffle and streaming state, and the job's own data.
  'dataflow',
] as const;
export type KeyClass = (typeof KEY_CLASSES)[number];

/**
 * Which service agents must be able to use each class's key. A key is granted to these and
 * no one else, so a leaked grant on one class cannot decrypt another's data.
 */
export const KEY_CLASS_AGENTS: Readonly<Record<KeyClass, readonly GoogleApi[]>> = {
  storage: ['storage.googleapis.com'],
  'artifact-registry': ['artifactregistry.googleapis.com'],
  // Composer encrypts through every service its environment runs on.
  composer: [
    'composer.googleapis.com',
    'container.googleapis.com',
    'artifactregistry.googleapis.com',
    'pubsub.googleapis.com',
    'storage.googleapis.com',
    'compute.googleapis.com',
  ],
  'vertex-ai': ['aiplatform.googleapis.com'],
  pubsub: ['pubsub.googleapis.com'],
  'secret-manager': ['secretmanager.googleapis.com'],
  bigquery: ['bigquery.googleapis.com'],
  // The platform's serverless glue. A gen2 function is a Cloud Run service built by Cloud Build into
  // an Artifact Registry repository that Cloud Functions requires on the function's own key, and fed
  // by Eventarc (whose Google channel is on this key too). Workflows, which runs the scheduled batch
  // prediction, is the same kind of code-not-data resource, so it shares the class rather than adding
  // a key whose revocation would only ever be wanted together with this one.
  functions: [
    'cloudfunctions.googleapis.com',
    'run.googleapis.com',
    'artifactregistry.googleapis.com',
    'eventarc.googleapis.com',
    'storage.googleapis.com',
    'workflows.googleapis.com',
  ],
  logging: ['logging.googleapis.com'],
  redis: ['redis.googleapis.com'],
  // The web service's revisions; its image sits in the CMEK registry on that registry's key.
  'cloud-run': ['run.googleapis.com'],
  // Workbench instances are Compute Engine VMs managed by the Notebooks service: the disks are
  // encrypted by Compute Engine's agent, and the Notebooks agent creates them on the key.
  workbench: ['compute.googleapis.com', 'notebooks.googleapis.com'],
  looker: ['looker.googleapis.com'],
  // Dataflow's CMEK guide: its own agent encrypts job state, and Compute Engine's agent the
  // workers' disks.
  dataflow: ['dataflow.googleapis.com', 'compute.googleapis.com'],
};

/** The APIs the platform enables: those above plus the few with no key of their own. */
export const PLATFORM_APIS = [
  'aiplatform.googleapis.com',
  'artifactregistry.googleapis.com',
  'bigquery.googleapis.com',
  'cloudbuild.googleapis.com',
  'cloudfunctions.googleapis.com',
  'cloudkms.googleapis.com',
  'cloudscheduler.googleapis.com',
  'composer.googleapis.com',
  'compute.googleapis.com',
  'container.googleapis.com',
  'dataflow.googleapis.com',
  'dns.googleapis.com',
  'eventarc.googleapis.com',
  'iam.googleapis.com',
  'logging.googleapis.com',
  // Enabled even where Looker is off: free, and its agent then exists before a key grant names it.
  'looker.googleapis.com',
  'monitoring.googleapis.com',
  'notebooks.googleapis.com',
  'pubsub.googleapis.com',
  'redis.googleapis.com',
  'run.googleapis.com',
  'secretmanager.googleapis.com',
  'servicenetworking.googleapis.com',
  'storage.googleapis.com',
  'workflowexecutions.googleapis.com',
  'workflows.googleapis.com',
] as const;
