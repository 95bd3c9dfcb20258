/**
 * Entry point of the web service (Cloud Run runs `node dist/main.js`): configuration, the
 * model client and the cache, then listening on PORT. SIGTERM stops taking requests, lets the
 * ones in flight finish and closes the connections.
 */
import { CliError } from '../../../inference/lib/connection';
import { connectCache, NO_CACHE } from './cache';
import { loadWebConfig, WebConfigError } from './config';
import { connectModel } from './model';
import { loadInstanceSchema } from './schema';
import { buildService } from './server';

export async function start(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = loadWebConfig(env);
  const schema = loadInstanceSchema(config.schemaFile);
  const early = (severity: string, event: string, message: string, fields: Record<string, unknown> = {}) =>
    process.stdout.write(`${JSON.stringify({ severity, time: new Date().toISOString(), event, message, ...fields })}\n`);
  const model = await connectModel(config, ({ attempt, code, delayMs, message }) =>
    early('WARNING', 'model_retry', `attempt ${attempt} failed (${code}); retrying in ${delayMs} ms: ${message}`, { attempt, code, delayMs }),
  );
  const cacheLog = (level: 'info' | 'warn', event: string, message: string) => early(level === 'warn' ? 'WARNING' : 'INFO', event, message);
  const cache = config.redis ? connectCache(config.redis, config.cache.ttlSeconds, cacheLog) : NO_CACHE;
  if (!config.redis) early('WARNING', 'cache_off', 'REDIS_HOST is not set: every answer comes from the model');
  const app = buildService({ config, schema, model, cache });
  const stop = async () => {
    await app.close();
    await cache.close();
    await model.close();
  };
  process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
  process.once('SIGINT', () => void stop().then(() => process.exit(0)));
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  early('INFO', 'listening', `listening on ${config.host}:${port}; model ${config.endpoint} via ${model.target}`, { port });
}

if (require.main === module) {
  start().catch((err: unknown) => {
    const known = err instanceof WebConfigError || err instanceof CliError || (err instanceof Error && err.message.startsWith('INSTANCE_SCHEMA_FILE'));
    process.stderr.write(`error: ${known ? (err as Error).message : (err as Error).stack ?? String(err)}\n`);
    process.exit(known ? 2 : 1);
  });
}
