import { createHash } from 'node:crypto';
import { requireJobId } from '../../../../packages/vertex-client/src/validation';

/** What Eventarc sends for a message on the training-requests topic. */
export const MESSAGE_PUBLISHED_EVENT_TYPE = 'google.cloud.pubsub.topic.v1.messagePublished';

/**
 * A training request: `{"data_uri": "gs://BUCKET/OBJECT.csv", "parameters": {...}}` as the
 * message body (JSON, UTF-8). `parameters` is optional and overrides the function's
 * PIPELINE_PARAMETERS for this run (model_type, accuracy_threshold, ...); the data parameter
 * itself comes only from data_uri.
 */
export interface TrainingRequest {
  readonly messageId: string;
  /** The topic (CloudEvent source): message ids are unique per topic only. */
  readonly topic: string;
  readonly bucket: string;
  readonly name: string;
  readonly parameters: Readonly<Record<string, unknown>>;
}

export type Refusal = { readonly outcome: 'ignored' | 'rejected'; readonly reason: string };

const EXAMPLE = `publish {"data_uri": "gs://BUCKET/ingest/dt=2026-01-01/data.csv"}`;

/** Reads the message; a message that can never lead to a run is acknowledged with a reason. */
export function parseTrainingRequest(event: { source?: string; data?: unknown }, dataParameterName: string): TrainingRequest | Refusal {
  const envelope = event.data as { message?: { data?: unknown; messageId?: unknown; message_id?: unknown } } | undefined;
  const message = typeof envelope === 'object' && envelope !== null ? envelope.message : undefined;
  if (typeof message !== 'object' || message === null) {
    return { outcome: 'rejected', reason: 'malformed training request: the event carries no Pub/Sub message' };
  }
  const messageId = message.messageId ?? message.message_id;
  if (typeof messageId !== 'string' || !messageId) {
    return { outcome: 'rejected', reason: 'malformed training request: the message has no messageId' };
  }
  if (typeof message.data !== 'string' || !message.data) {
    return { outcome: 'rejected', reason: `malformed training request ${messageId}: the message has no body; ${EXAMPLE}` };
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(message.data, 'base64').toString('utf8'));
  } catch {
    return { outcome: 'rejected', reason: `malformed training request ${messageId}: the body is not JSON; ${EXAMPLE}` };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { outcome: 'rejected', reason: `malformed training request ${messageId}: the body must be a JSON object; ${EXAMPLE}` };
  }
  const { data_uri: dataUri, parameters = {}, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) {
    return { outcome: 'rejected', reason: `malformed training request ${messageId}: unknown field(s) ${unknown.join(', ')}; only data_uri and parameters are read` };
  }
  const match = typeof dataUri === 'string' ? /^gs:\/\/([a-z0-9][a-z0-9._-]{1,220}[a-z0-9])\/(.+)$/.exec(dataUri) : null;
  if (!match || !match[2].toLowerCase().endsWith('.csv')) {
    return {
      outcome: 'rejected',
      reason: `malformed training request ${messageId}: data_uri ${JSON.stringify(dataUri)} must be a gs:// URI of a CSV object; ${EXAMPLE}`,
    };
  }
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
    return { outcome: 'rejected', reason: `malformed training request ${messageId}: parameters must be a JSON object of pipeline inputs` };
  }
  if (dataParameterName in (parameters as Record<string, unknown>)) {
    return { outcome: 'rejected', reason: `malformed training request ${messageId}: parameters sets '${dataParameterName}'; give the data as data_uri` };
  }
  return { messageId, topic: event.source ?? '', bucket: match[1], name: match[2], parameters: parameters as Record<string, unknown> };
}

/**
 * A job id that is the same for every delivery of one message (Pub/Sub delivers at least
 * once), so Vertex AI refuses a second run with ALREADY_EXISTS; a new message is a new run.
 */
export function trainingRequestJobId(topic: string, messageId: string): string {
  const digest = createHash('sha256').update(`${topic}\n${messageId}`).digest('hex').slice(0, 32);
  return requireJobId(`request-${digest}`, 'derived job id');
}
