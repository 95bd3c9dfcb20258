/**
 * The answer cache in Redis. It is an optimisation, never a dependency: every operation is
 * bounded by a short timeout, nothing queues while Redis is away, and any failure reads as
 * "not cached" so the request goes on to the model. State changes (reachable, lost) are logged
 * once each, not once per request.
 */
import { createHash } from 'node:crypto';
import Redis from 'ioredis';
import type { RedisSettings } from './config';

export interface CachedAnswer {
  readonly prediction: unknown;
  readonly deployedModelId?: string;
  readonly model?: string;
  readonly modelVersionId?: string;
}

export type CacheLog = (level: 'info' | 'warn', event: string, message: string, fields?: Record<string, unknown>) => void;

export interface AnswerCache {
  /** `up`: reads and writes go to Redis; `down`: Redis is unreachable; `off`: not configured. */
  readonly state: 'up' | 'down' | 'off';
  /** One result per key: the answer, `undefined` when absent. Null when Redis could not be asked. */
  getMany(keys: readonly string[]): Promise<(CachedAnswer | undefined)[] | null>;
  /** Stores answers with the TTL; false when Redis could not take them. */
  setMany(entries: readonly { key: string; answer: CachedAnswer }[]): Promise<boolean>;
  close(): Promise<void>;
}

/** `<prefix>:<endpoint id>:<model version>:<sha256 of the canonical instance>` */
export function cacheKey(prefix: string, endpoint: string, modelVersion: string, canonical: readonly unknown[]): string {
  const digest = createHash('sha256').update(JSON.stringify(canonical)).digest('base64url');
  return `${prefix}:${endpoint.split('/').pop()}:${modelVersion}:${digest}`;
}

export const NO_CACHE: AnswerCache = {
  state: 'off',
  getMany: async () => null,
  setMany: async () => false,
  close: async () => undefined,
};

export function connectCache(settings: RedisSettings, ttlSeconds: number, log: CacheLog): AnswerCache {
  const where = `${settings.host}:${settings.port}`;
  let state: 'up' | 'down' = 'down';
  let reported: 'up' | 'down' | undefined;
  const report = (next: 'up' | 'down', detail?: string) => {
    state = next;
    if (reported === next) return;
    reported = next;
    if (next === 'up') log('info', 'cache_up', `Redis at ${where} is reachable: answers are cached for ${ttlSeconds}s`);
    else log('warn', 'cache_down', `Redis at ${where} is unreachable (${detail ?? 'connection closed'}): answering from the model without the cache until it is back`);
  };
  const client = new Redis({
    host: settings.host,
    port: settings.port,
    password: settings.password,
    tls: settings.tls ? { ...(settings.caCert ? { ca: settings.caCert } : {}), servername: settings.host } : undefined,
    // Fail fast instead of queueing requests behind a reconnect.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: settings.timeoutMs,
    connectTimeout: Math.max(settings.timeoutMs * 10, 1000),
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 2000),
    lazyConnect: false,
  });
  client.on('ready', () => report('up'));
  client.on('error', (err: Error) => report('down', err.message));
  client.on('close', () => report('down'));

  const failed = (err: unknown) => {
    // A timeout on a live connection means Redis is slow, not gone: the connection's own
    // events decide the state; this request just goes without the cache.
    log('warn', 'cache_error', `Redis at ${where} did not answer in time or failed: ${(err as Error).message}`);
  };

  return {
    get state() {
      return state;
    },
    async getMany(keys) {
      if (state !== 'up') return null;
      try {
        const values = await client.mget(...keys);
        return values.map((v) => (v === null ? undefined : (JSON.parse(v) as CachedAnswer)));
      } catch (err) {
        failed(err);
        return null;
      }
    },
    async setMany(entries) {
      if (state !== 'up' || entries.length === 0) return false;
      try {
        const pipeline = client.pipeline();
        for (const { key, answer } of entries) pipeline.set(key, JSON.stringify(answer), 'EX', ttlSeconds);
        const results = await pipeline.exec();
        return (results ?? []).every(([err]) => !err);
      } catch (err) {
        failed(err);
        return false;
      }
    },
    async close() {
      client.removeAllListeners('close');
      client.removeAllListeners('error');
      client.on('error', () => undefined);
      client.disconnect();
    },
  };
}
