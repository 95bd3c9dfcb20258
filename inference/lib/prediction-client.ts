/**
 * The PredictionService client on its own. The package root of @google-cloud/aiplatform loads
 * every service client (about 2.5 s cold on the 2-core machine); this module loads one (about
 * 1 s), which matters for a web service's cold start and for every CLI start-up.
 */
export { PredictionServiceClient } from '@google-cloud/aiplatform/build/src/v1/prediction_service_client';
