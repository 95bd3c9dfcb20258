/**
 * The three Vertex AI service clients the inference code uses, each from its own module.
 * The package root (`@google-cloud/aiplatform`) constructs every v1 and v1beta1 client and
 * their helpers on require, about 1.7 s of start-up for a CLI that makes one call; one client
 * module costs a fraction of that. The classes are the very ones the root exports, so
 * `v1.PredictionServiceClient` and `PredictionServiceClient` are the same type.
 */
export { PredictionServiceClient } from './prediction-client';
export { JobServiceClient } from '@google-cloud/aiplatform/build/src/v1/job_service_client';
export { PipelineServiceClient } from '@google-cloud/aiplatform/build/src/v1/pipeline_service_client';
