/**
 * The construct library's public API: constructs, the layers composed of them, the reference
 * interfaces both take, the rules, the guardrails and the per-environment stack.
 *
 * Conventions every construct follows:
 *
 * - **Props take interfaces.** A prop that encrypts takes an `ICmekKey`, a bucket prop an
 *   `IBucket`, an identity an `IServiceAccount` (also `ICmekKeyring`, `IRegistry`, `ISecret`,
 *   `ITopic`, `IEndpoint`, `INetwork`). The classes implement them, and static imports hand over
 *   what exists already and create nothing: `CmekKey.fromKeyName`, `CmekKeyring.fromKeyRingName`,
 *   `EncryptedBucket.fromBucketName`, `CmekRegistry.fromRepository`,
 *   `WorkloadServiceAccount.fromEmail`, `EncryptedSecret.fromSecretName`,
 *   `EncryptedTopic.fromTopicName`, `PredictionEndpoint.fromEndpointName`,
 *   `VpcNetwork.fromNetworkName`.
 * - **A resource names its own project.** Every construct that creates a resource takes
 *   `project` (and `projectNumber` where service agents derive from it); its key may live in
 *   another project, such as the security team's. The construct checks the key's class and
 *   location (`assertUsableFor`) and calls `key.useFor(this, projectNumber)`, which grants that
 *   project's service agents on the key (or, for an imported key with `agentGrants: 'output'`,
 *   lists the grants its owners must make) and makes the resource wait for the grants: no
 *   CMEK race, no 403 at create time.
 * - **EU only.** Every location is checked by the rules in `src/rules` (EU regions, the EU
 *   multi-region, the EU dual-region); a value only known at apply (a token) is never judged.
 * - **Errors name the construct path, the prop, the value and the fix**, e.g.
 *   `ComposerEnv 'mlops-dev/composer' encryptionKey: key 'mlops-dev/keys/vertex-ai' is a 'vertex-ai' key; each resource class has its own key, so pass the 'composer' key`.
 * - **One IAM path** (`IamProps`, from Cloud Foundation Fabric): `iam` (authoritative role to
 *   members), `iamBindings` (authoritative keyed bindings, with conditions),
 *   `iamBindingsAdditive` (additive members), and the `grant*` methods, which return the IAM
 *   resource they create. All go through `ResourceIam`: one id scheme (`IAM_IDS`), predefined
 *   roles only, no public members, and an additive grant of a role set authoritatively is
 *   refused on every path. Project-level grants refuse the roles that belong on one resource
 *   (`RESOURCE_SCOPED_ROLES`, built from the constructs' role constants such as `BUCKET_ROLES`).
 * - **Layers** (`FoundationLayer`, `DataLayer`, `IngestionLayer`, `TrainingLayer`,
 *   `ServingLayer`, `ObservabilityLayer`, `CicdIdentityLayer`) are whole capabilities; each says
 *   in its doc comment what it needs and what it provides. `MlopsPlatformStack` wires the
 *   config to them.
 * - The main resource of each construct has the id `Resource`; construct ids are public
 *   contract, since renaming one replaces the cloud resource.
 *
 * @packageDocumentation
 */
export * from './config';
export * from './rules';
export * from './constructs/cmek-keyring';
export * from './constructs/cmek-key';
export * from './constructs/encrypted-bucket';
export * from './constructs/cmek-registry';
export * from './constructs/workload-service-account';
export * from './constructs/encrypted-secret';
export * from './constructs/encrypted-topic';
export * from './constructs/vpc-network';
export * from './constructs/project-services';
export * from './constructs/project-iam-grants';
export * from './constructs/composer-env';
export * from './constructs/prediction-endpoint';
export * from './constructs/vertex-pipeline-trigger';
export * from './constructs/batch-prediction-schedule';
export * from './constructs/platform-monitoring';
// Online serving for websites (issue 13).
export * from './constructs/platform-network';
export * from './constructs/memorystore-redis';
export * from './constructs/prediction-web-service';
export * from './constructs/platform-dashboard';
export * from './constructs/web-load-balancer';
export * from './constructs/looker-instance';
export * from './constructs/project-org-policies';
export * from './constructs/data-access-audit-logs';
export * from './constructs/cmek-log-bucket';
export * from './constructs/platform-deployer';
export * from './constructs/vertex-tensorboard';
export * from './constructs/workbench-instance';
export * from './constructs/bigquery-dataset';
export * from './constructs/bigquery-table';
export * from './constructs/bigquery-view';
export * from './constructs/dataflow-environment';
export * from './constructs/private-google-apis-dns';
export * from './constructs/feature-online-store';
export * from './constructs/vertex-tabular-dataset';
export * from './data-contract';
export * from './guardrails';
export * from './iam';
export * from './project-roles';
export * from './platform-construct';
export * from './service-agents';
export * from './stacks/mlops-platform-stack';
export { compiledPipeline, packageAssets } from './assets';
export { buildApp } from './main';
export * from './layers';
// CI/CD: Azure DevOps constructs, Workload Identity Federation, the CI/CD stack and its config.
// (The generated azuredevops bindings are imported by deep path: vertex-mlops-cdktf/generated/azuredevops/<resource>.)
export * from './config/cicd';
export * from './cicd-names';
export * from './constructs/azure-devops-federation';
export * from './constructs/cicd-identities';
export * from './constructs/azdo-project';
export * from './constructs/azdo-repository';
export * from './constructs/azdo-pipeline';
export * from './constructs/azdo-branch-policies';
export * from './constructs/azdo-environment';
export * from './constructs/azdo-approver-group';
export * from './constructs/azdo-variable-group';
export * from './stacks/cicd-stack';
