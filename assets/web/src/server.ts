/**
 * The prediction service: `POST /v1/predict` answers from the Redis cache when it can and from
 * the Vertex AI endpoint otherwise, `/healthz` and `/readyz` serve Cloud Run's probes, and `/`
 * is a page where a person can try the model.
 */
import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { cacheKey, type AnswerCache, type CachedAnswer } from './cache';
import type { WebConfig } from './config';
import { ModelUnavailableError, type ModelCaller } from './model';
import { renderPage, STATIC_FILES } from './page';
import { canonicalValues, type Feature, type InstanceSchema } from './schema';

export interface ServiceDeps {
  readonly config: WebConfig;
  readonly schema: InstanceSchema;
  readonly model: ModelCaller;
  readonly cache: AnswerCache;
  /** Where the JSON log lines go. @default - stdout */
  readonly logStream?: DestinationStream;
}

export type CacheOutcome = 'hit' | 'miss' | 'bypass';

export interface PredictResponse {
  readonly predictions: unknown[];
  /** Per instance: answered from the cache (`hit`), by the model with the cache consulted (`miss`), or by the model because the cache could not be used (`bypass`). */
  readonly cache: CacheOutcome[];
  readonly deployedModelId?: string;
  readonly model?: string;
  readonly modelVersionId?: string;
}

/** Cloud Logging reads `severity`; pino's numeric levels mean nothing to it. */
const SEVERITY: Record<string, string> = { trace: 'DEBUG', debug: 'DEBUG', info: 'INFO', warn: 'WARNING', error: 'ERROR', fatal: 'CRITICAL' };

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

/** The model's identity as cache keys use it: a redeployment gets a new deployed model id, so its answers never mix with the old one's. */
function versionOf(answer: { deployedModelId?: string; modelVersionId?: string }): string | undefined {
  if (!answer.deployedModelId) return undefined;
  return answer.modelVersionId ? `${answer.deployedModelId}-v${answer.modelVersionId}` : answer.deployedModelId;
}

export function buildService(deps: ServiceDeps): FastifyInstance {
  const { config, schema, model, cache } = deps;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      messageKey: 'message',
      base: undefined,
      timestamp: () => `,"time":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ severity: SEVERITY[label] ?? 'DEFAULT' }) },
      ...(deps.logStream ? { stream: deps.logStream } : {}),
    },
    // One line per prediction, written below with the cache outcome, replaces fastify's two per request.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
    connectionTimeout: 0,
    requestTimeout: config.model.deadlineMs + 5000,
    return503OnClosing: true,
    ajv: { customOptions: { allErrors: true, coerceTypes: false, removeAdditional: false, useDefaults: false, verbose: true } },
  });

  let learnedVersion: string | undefined;
  let closing = false;
  app.addHook('onClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_req, reply) => {
    reply.headers(SECURITY_HEADERS);
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    if (closing) return reply.code(503).send({ status: 'shutting down' });
    return { status: 'ready', cache: cache.state, modelVersion: config.model.version ?? learnedVersion ?? null };
  });

  app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send(renderPage(schema, config.maxInstances)));
  // Browsers ask for it on every page; an empty answer keeps 404s out of their consoles and our logs.
  app.get('/favicon.ico', async (_req, reply) => reply.code(204).header('cache-control', 'public, max-age=86400').send());
  for (const [name, file] of Object.entries(STATIC_FILES)) {
    app.get(`/static/${name}`, async (_req, reply) => reply.type(file.type).header('cache-control', 'public, max-age=300').send(file.body));
  }

  const bodySchema = {
    type: 'object',
    required: ['instances'],
    additionalProperties: false,
    properties: {
      instances: { type: 'array', minItems: 1, maxItems: config.maxInstances, items: schema.jsonSchema },
    },
  };
  const toWire = (instance: Record<string, unknown>) => (config.instanceFormat === 'array' ? canonicalValues(schema, instance) : instance);

  app.post<{ Body: { instances: Record<string, unknown>[] } }>('/v1/predict', { schema: { body: bodySchema } }, async (request, reply) => {
    const started = process.hrtime.bigint();
    const { instances } = request.body;
    const canonical = instances.map((i) => canonicalValues(schema, i));
    const lookupVersion = config.model.version ?? learnedVersion;
    const cached = lookupVersion ? await cache.getMany(canonical.map((c) => cacheKey(config.cache.prefix, config.endpoint, lookupVersion, c))) : null;
    const cacheUsable = cache.state === 'up';
    const answers: (CachedAnswer | undefined)[] = cached ?? instances.map(() => undefined);
    const outcome: CacheOutcome[] = answers.map((a) => (a ? 'hit' : cacheUsable ? 'miss' : 'bypass'));
    const missing = answers.flatMap((a, i) => (a ? [] : [i]));

    let modelMs: number | undefined;
    let attempts: number | undefined;
    if (missing.length > 0) {
      const modelStarted = process.hrtime.bigint();
      const result = await model.call(missing.map((i) => toWire(instances[i])));
      modelMs = Number(process.hrtime.bigint() - modelStarted) / 1e6;
      attempts = result.attempts;
      if (result.predictions.length !== missing.length) {
        throw new ModelUnavailableError(`the endpoint returned ${result.predictions.length} predictions for ${missing.length} instances`, 'BAD_RESPONSE', attempts);
      }
      const version = config.model.version ?? versionOf(result);
      if (version && version !== learnedVersion && !config.model.version) {
        request.log.info({ event: 'model_version', previous: learnedVersion ?? null, current: version }, `the endpoint now serves deployed model ${version}: cache keys follow it`);
        learnedVersion = version;
      }
      const fresh: { key: string; answer: CachedAnswer }[] = [];
      missing.forEach((index, j) => {
        const answer: CachedAnswer = { prediction: result.predictions[j], deployedModelId: result.deployedModelId, model: result.model, modelVersionId: result.modelVersionId };
        answers[index] = answer;
        if (version) fresh.push({ key: cacheKey(config.cache.prefix, config.endpoint, version, canonical[index]), answer });
      });
      if (cacheUsable && fresh.length > 0) await cache.setMany(fresh);
    }

    const first = answers.find((a) => a?.deployedModelId) ?? answers[0];
    const response: PredictResponse = {
      predictions: answers.map((a) => a?.prediction),
      cache: outcome,
      ...(first?.deployedModelId ? { deployedModelId: first.deployedModelId } : {}),
      ...(first?.model ? { model: first.model } : {}),
      ...(first?.modelVersionId ? { modelVersionId: first.modelVersionId } : {}),
    };
    const hits = outcome.filter((o) => o === 'hit').length;
    const summary = hits === outcome.length ? 'hit' : hits > 0 ? 'partial' : outcome.includes('bypass') ? 'bypass' : 'miss';
    reply.header('x-cache', summary.toUpperCase());
    request.log.info(
      {
        event: 'prediction',
        cache: summary,
        instances: instances.length,
        hits,
        latencyMs: Number(process.hrtime.bigint() - started) / 1e6,
        ...(modelMs !== undefined ? { modelMs, attempts } : {}),
      },
      `${instances.length} instance(s): ${hits} from the cache, ${instances.length - hits} from the model`,
    );
    return response;
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url}; predictions are POST /v1/predict` });
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof ModelUnavailableError) {
      request.log.error({ event: 'model_error', code: err.code, attempts: err.attempts, target: model.target }, err.message);
      if (err.rejected) {
        return reply.code(502).send({ error: 'model_rejected', message: 'the model refused this request although it passed validation; the service and the model disagree on the features', code: err.code });
      }
      return reply
        .code(503)
        .header('retry-after', '5')
        .send({ error: 'model_unavailable', message: `the model is unavailable right now (${err.code} after ${err.attempts} attempt${err.attempts === 1 ? '' : 's'}); try again in a few seconds`, code: err.code });
    }
    if (err.validation) {
      const problems = describeValidation(err.validation, schema.features, config.maxInstances);
      request.log.info({ event: 'bad_request', problems }, 'request rejected by the instance schema');
      return reply.code(400).send({ error: 'invalid_request', message: problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems });
    }
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      const message =
        err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? `content type '${request.headers['content-type'] ?? ''}' is not accepted: send application/json`
          : err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
            ? 'the body is empty: send {"instances": [{...}]}'
            : err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
              ? `the body is larger than 64 KiB: send at most ${config.maxInstances} instances per request`
              : err.message;
      return reply.code(err.statusCode).send({ error: 'invalid_request', message });
    }
    request.log.error({ event: 'internal_error', err }, 'unexpected error');
    return reply.code(500).send({ error: 'internal', message: 'internal error; it has been logged' });
  });

  return app;
}

export interface Problem {
  /** Where in the body, as `instances[0].sepal_length`. */
  readonly field: string;
  readonly message: string;
  readonly value?: unknown;
}

interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params: Record<string, unknown>;
  readonly data?: unknown;
}

/** Ajv's errors in words a web developer can act on: the field, what was wrong, what fits. */
export function describeValidation(errors: readonly AjvError[], features: readonly Feature[], maxInstances: number): Problem[] {
  const byName = new Map(features.map((f) => [f.name, f]));
  const names = features.map((f) => f.name).join(', ');
  const expected = (f: Feature | undefined) => {
    if (!f) return '';
    if (f.type === 'string') return f.values ? `one of ${f.values.join(', ')}` : 'a string';
    const kind = f.type === 'int' ? 'a whole number' : 'a number';
    if (f.min !== undefined && f.max !== undefined) return `${kind} from ${f.min} to ${f.max}`;
    return kind;
  };
  const problems = new Map<string, Problem>();
  for (const e of errors) {
    const parts = e.instancePath.split('/').filter(Boolean);
    let field = parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
    let message: string;
    let value: unknown = e.data;
    if (e.keyword === 'required') {
      const missing = String(e.params.missingProperty);
      field = field ? `${field}.${missing}` : missing;
      message = missing === 'instances' ? 'is required: send {"instances": [{' + features.map((f) => `"${f.name}": ${JSON.stringify(f.example)}`).join(', ') + '}]}' : `is required: give ${expected(byName.get(missing))}`;
      value = undefined;
    } else if (e.keyword === 'additionalProperties') {
      const extra = String(e.params.additionalProperty);
      field = field ? `${field}.${extra}` : extra;
      message = parts.length === 0 ? 'is not accepted: the body holds only "instances"' : `is not a feature of the model; its features are ${names}`;
      value = undefined;
    } else if (parts.length === 0) {
      message = 'the body must be a JSON object {"instances": [...]}';
    } else if (parts.length === 1) {
      message = e.keyword === 'maxItems' ? `has ${(e.data as unknown[]).length} instances; send at most ${maxInstances} per request` : e.keyword === 'minItems' ? 'is empty; send at least one instance' : 'must be a list of instances';
      value = e.keyword === 'type' ? e.data : undefined;
    } else if (parts.length === 2) {
      message = `must be an object with the features ${names}`;
    } else {
      message = `must be ${expected(byName.get(parts[2]))}`;
    }
    if (!problems.has(field)) problems.set(field, { field, message, ...(value !== undefined ? { value } : {}) });
  }
  return [...problems.values()];
}
