/**
 * Entry point of the pipeline-trigger Cloud Function (gen2, Node.js 22): deploy with entry
 * point `onObjectFinalized` and an Eventarc trigger on
 * `google.cloud.storage.object.v1.finalized` for the shared-data bucket, and a second one on
 * `google.cloud.pubsub.topic.v1.messagePublished` for the training-requests topic (a manual
 * "train on this file" message, see training-request.ts), both with retries enabled.
 */
import * as functions from '@google-cloud/functions-framework';
import { createHandler, type StorageCloudEvent } from './handler';

const handler = createHandler();

functions.cloudEvent('onObjectFinalized', async (event: functions.CloudEvent<unknown>) => {
  await handler(event as StorageCloudEvent);
});
