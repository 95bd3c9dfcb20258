/**
 * The web service in-process on 127.0.0.1, wired to the loopback Vertex AI server and,
 * optionally, a real redis-server; its JSON log lines are kept for assertions.
 */
import type { FastifyInstance } from 'fastify';
import { connectCache, NO_CACHE, type AnswerCache } from '../../../assets/web/src/cache';
import { loadWebConfig, type WebConfig } from '../../../assets/web/src/config';
import { connectModel } from '../../../assets/web/src/model';
import { loadInstanceSchema } from '../../../assets/web/src/schema';
import { buildService } from '../../../assets/web/src/server';
import type { LoopbackVertex } from '../../grpc/support/servers';

export const ENDPOINT = 'projects/web-test/locations/europe-west4/endpoints/4242';

/** A stand-in for the iris classifier: decides by petal length, as the real one nearly does. */
export function irisPredictor(instance: { listValue?: { values?: { numberValue?: number }[] } }) {
  const petalLength = instance.listValue?.values?.[2]?.numberValue ?? 0;
  const species = petalLength < 2.5 ? 'setosa' : petalLength < 4.9 ? 'versicolor' : 'virginica';
  return { stringValue: species };
}

export interface RunningService {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly config: WebConfig;
  readonly cache: AnswerCache;
  /** Every log line so far, parsed. */
  readonly logs: Record<string, unknown>[];
  post(body: unknown, init?: { contentType?: string }): Promise<{ status: number; headers: Headers; body: Record<string, any> }>;
  stop(): Promise<void>;
}

export async function startService(vertex: LoopbackVertex, env: Record<string, string>, options: { waitForCache?: boolean } = {}): Promise<RunningService> {
  const fullEnv = { VERTEX_ENDPOINT: ENDPOINT, VERTEX_API_ENDPOINT: vertex.address, VERTEX_API_INSECURE: 'true', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env };
  const config = loadWebConfig(fullEnv);
  const logs: Record<string, unknown>[] = [];
  const keep = (line: string) => {
    for (const part of line.split('\n')) if (part.trim()) logs.push(JSON.parse(part));
  };
  const model = await connectModel(config, (entry) => logs.push({ event: 'model_retry', ...entry }), fullEnv);
  const cache = config.redis ? connectCache(config.redis, config.cache.ttlSeconds, (severity, event, message) => logs.push({ severity, event, message })) : NO_CACHE;
  if (config.redis && options.waitForCache !== false) {
    for (let i = 0; i < 500 && cache.state !== 'up'; i += 1) await new Promise((r) => setTimeout(r, 20));
  }
  const app = buildService({ config, schema: loadInstanceSchema(config.schemaFile), model, cache, logStream: { write: (s: string) => keep(s) } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    app,
    config,
    cache,
    logs,
    async post(body, init = {}) {
      const response = await fetch(`${url}/v1/predict`, {
        method: 'POST',
        headers: { 'content-type': init.contentType ?? 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
    },
    async stop() {
      await app.close();
      await cache.close();
      await model.close();
    },
  };
}
