/**
 * Calls the Vertex AI endpoint through the inference clients' own code (connection and
 * predict), adding what a web request needs: a deadline per attempt, retries with backoff on
 * transient failures, and an overall deadline after which the caller gets a clear error
 * instead of waiting.
 */
import { classifyFailure, grpcCodeName, grpcCodeOf } from '../../../packages/vertex-client/src/errors';
import { connect, describeCallError } from '../../../inference/lib/connection';
import { predict, type PredictResult } from '../../../inference/lib/predict';
import { PredictionServiceClient } from '../../../inference/lib/prediction-client';
import type { WebConfig } from './config';

/** The model could not answer: unreachable, too slow, or refusing. */
export class ModelUnavailableError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly attempts: number,
    /** The model refused the request itself (INVALID_ARGUMENT); retrying the same request cannot help. */
    readonly rejected = false,
  ) {
    super(message);
    this.name = 'ModelUnavailableError';
  }
}

export interface ModelCaller {
  /** Where calls go, for logs. */
  readonly target: string;
  call(instances: readonly unknown[]): Promise<PredictResult & { attempts: number }>;
  close(): Promise<void>;
}

export type RetryLog = (entry: { attempt: number; code: string; delayMs: number; message: string }) => void;

export async function connectModel(config: WebConfig, onRetry: RetryLog, env: NodeJS.ProcessEnv = process.env): Promise<ModelCaller> {
  const conn = await connect({ project: config.project, region: config.region }, env);
  const client = new PredictionServiceClient(conn.clientOptions);
  const { attemptTimeoutMs, attempts, backoffMs, deadlineMs } = config.model;
  const what = `endpoint ${config.endpoint}`;
  return {
    target: conn.target,
    async call(instances) {
      const started = Date.now();
      for (let attempt = 1; ; attempt += 1) {
        const left = deadlineMs - (Date.now() - started);
        try {
          const result = await predict(client, config.endpoint, instances, { timeoutMs: Math.max(1, Math.min(attemptTimeoutMs, left)) });
          return { ...result, attempts: attempt };
        } catch (err) {
          const code = grpcCodeName(grpcCodeOf(err));
          const message = describeCallError(err, what, conn.target);
          if (code === 'INVALID_ARGUMENT') throw new ModelUnavailableError(message, code, attempt, true);
          const delayMs = Math.round(backoffMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2));
          const remaining = deadlineMs - (Date.now() - started);
          if (classifyFailure(err) !== 'transient' || attempt >= attempts || remaining <= delayMs) {
            throw new ModelUnavailableError(message, code, attempt);
          }
          onRetry({ attempt, code, delayMs, message });
          await new Promise((resolve) => setTimeout(resolve, delayMs));
        }
      }
    },
    close: () => client.close(),
  };
}
