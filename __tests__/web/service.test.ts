/**
 * The web prediction service against a real redis-server and the loopback Vertex AI
 * PredictionService, over real HTTP on 127.0.0.1.
 */
import * as grpc from '@grpc/grpc-js';
import Redis from 'ioredis';
import { fromValue } from '../../packages/vertex-client/src/protobuf-values';
import { startLoopbackVertex, type LoopbackVertex } from '../grpc/support/servers';
import { startRedis, type TestRedis } from './support/redis';
import { ENDPOINT, irisPredictor, startService, type RunningService } from './support/service';

const SETOSA = { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 };
const VIRGINICA = { sepal_length: 6.3, sepal_width: 3.3, petal_length: 6.0, petal_width: 2.5 };

let vertex: LoopbackVertex;
let redis: TestRedis;
let service: RunningService | undefined;

beforeAll(async () => {
  [vertex, redis] = await Promise.all([startLoopbackVertex(), startRedis()]);
});
afterAll(async () => {
  await service?.stop();
  await Promise.all([vertex?.stop(), redis?.stop()]);
});
beforeEach(() => {
  vertex.reset();
  vertex.prediction.endpoints.add(ENDPOINT);
  vertex.prediction.predictor = irisPredictor;
});
afterEach(async () => {
  await service?.stop();
  service = undefined;
});

function withRedis(extra: Record<string, string> = {}) {
  return { REDIS_HOST: redis.host, REDIS_PORT: String(redis.port), REDIS_AUTH: redis.password, CACHE_PREFIX: `t${Date.now()}${Math.random().toString(36).slice(2, 6)}`, ...extra };
}

describe('the cache', () => {
  test('a question is answered by the model once, then from Redis without calling the model', async () => {
    service = await startService(vertex, withRedis());
    const first = await service.post({ instances: [SETOSA] });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ predictions: ['setosa'], cache: ['miss'], deployedModelId: '1234567890', model: 'projects/web-test/locations/europe-west4/models/loopback-model' });
    expect(first.headers.get('x-cache')).toBe('MISS');
    expect(vertex.prediction.predict.calls).toHaveLength(1);
    // The model gets the features in the contract's column order, as scikit-learn containers expect.
    expect(vertex.prediction.predict.calls[0].instances.map(fromValue)).toEqual([[5.1, 3.5, 1.4, 0.2]]);

    const second = await service.post({ instances: [SETOSA] });
    expect(second.body).toEqual({ ...first.body, cache: ['hit'] });
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(vertex.prediction.predict.calls).toHaveLength(1);
    expect(service.logs.filter((l) => l.event === 'prediction').map((l) => l.cache)).toEqual(['miss', 'hit']);
  });

  test('key order and number spelling do not change the cache key', async () => {
    service = await startService(vertex, withRedis());
    await service.post({ instances: [{ sepal_length: 5, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 }] });
    const reordered = await service.post('{"instances":[{"petal_width":2e-1,"petal_length":1.40,"sepal_width":3.5,"sepal_length":5.0}]}');
    expect(reordered.body.cache).toEqual(['hit']);
    expect(vertex.prediction.predict.calls).toHaveLength(1);
  });

  test('a request mixing known and new instances sends only the new ones to the model, in order', async () => {
    service = await startService(vertex, withRedis());
    await service.post({ instances: [SETOSA] });
    const mixed = await service.post({ instances: [VIRGINICA, SETOSA] });
    expect(mixed.body.predictions).toEqual(['virginica', 'setosa']);
    expect(mixed.body.cache).toEqual(['miss', 'hit']);
    expect(mixed.headers.get('x-cache')).toBe('PARTIAL');
    expect(vertex.prediction.predict.calls).toHaveLength(2);
    expect(vertex.prediction.predict.calls[1].instances).toHaveLength(1);
  });

  test('entries carry the TTL from config and expire after it', async () => {
    service = await startService(vertex, withRedis({ CACHE_TTL_SECONDS: '1' }));
    await service.post({ instances: [SETOSA] });
    const probe = new Redis({ host: redis.host, port: redis.port, password: redis.password, lazyConnect: true });
    await probe.connect();
    try {
      const keys = await probe.keys(`${service.config.cache.prefix}:*`);
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatch(new RegExp(`^${service.config.cache.prefix}:4242:1234567890:[A-Za-z0-9_-]{43}$`));
      const ttl = await probe.pttl(keys[0]);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(1000);
      expect((await service.post({ instances: [SETOSA] })).body.cache).toEqual(['hit']);
      await new Promise((r) => setTimeout(r, 1200));
      expect(await probe.exists(keys[0])).toBe(0);
    } finally {
      probe.disconnect();
    }
    expect((await service.post({ instances: [SETOSA] })).body.cache).toEqual(['miss']);
    expect(vertex.prediction.predict.calls).toHaveLength(2);
  });

  test('when Redis goes down the service still answers, from the model, and says so in its logs; it uses Redis again once back', async () => {
    service = await startService(vertex, withRedis());
    await service.post({ instances: [SETOSA] });
    await redis.kill();
    for (let i = 0; i < 100 && service.cache.state === 'up'; i += 1) await new Promise((r) => setTimeout(r, 20));
    const down = await service.post({ instances: [SETOSA] });
    expect(down.status).toBe(200);
    expect(down.body.predictions).toEqual(['setosa']);
    expect(down.body.cache).toEqual(['bypass']);
    expect(down.headers.get('x-cache')).toBe('BYPASS');
    const warning = service.logs.find((l) => l.event === 'cache_down');
    expect(warning).toMatchObject({ severity: 'warn' });
    expect(String(warning!.message)).toContain(`Redis at 127.0.0.1:${redis.port} is unreachable`);
    expect(service.logs.filter((l) => l.event === 'prediction').at(-1)).toMatchObject({ cache: 'bypass', hits: 0 });

    await redis.restart();
    for (let i = 0; i < 200 && service.cache.state !== 'up'; i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(service.cache.state).toBe('up');
    expect((await service.post({ instances: [SETOSA] })).body.cache).toEqual(['miss']);
    expect((await service.post({ instances: [SETOSA] })).body.cache).toEqual(['hit']);
    expect(service.logs.filter((l) => l.event === 'cache_up')).toHaveLength(2);
  });

  test('a Redis that never answers from the start does not stop the service', async () => {
    const { freePort } = await import('./support/redis');
    service = await startService(vertex, { REDIS_HOST: '127.0.0.1', REDIS_PORT: String(await freePort()), REDIS_TIMEOUT_MS: '50' }, { waitForCache: false });
    const answer = await service.post({ instances: [SETOSA] });
    expect(answer.status).toBe(200);
    expect(answer.body.cache).toEqual(['bypass']);
    const ready = await fetch(`${service.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', cache: 'down', modelVersion: '1234567890' });
  });
});

describe('the model call', () => {
  test('a model that stays UNAVAILABLE gets a 503 with Retry-After after the configured attempts, not a hang', async () => {
    service = await startService(vertex, { MODEL_ATTEMPTS: '3', MODEL_BACKOFF_MS: '10' });
    vertex.prediction.predict.fail(grpc.status.UNAVAILABLE, { times: 10, details: 'no replicas' });
    const answer = await service.post({ instances: [SETOSA] });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(answer.body).toEqual({
      error: 'model_unavailable',
      message: 'the model is unavailable right now (UNAVAILABLE after 3 attempts); try again in a few seconds',
      code: 'UNAVAILABLE',
    });
    expect(vertex.prediction.predict.calls).toHaveLength(3);
    expect(service.logs.filter((l) => l.event === 'model_retry')).toHaveLength(2);
    const logged = service.logs.find((l) => l.event === 'model_error');
    expect(logged).toMatchObject({ severity: 'ERROR', code: 'UNAVAILABLE', attempts: 3 });
    expect(String(logged!.message)).toContain('no replicas');
  });

  test('a model slower than the deadline gets a 503 once the deadline has passed', async () => {
    service = await startService(vertex, { MODEL_TIMEOUT_MS: '150', MODEL_DEADLINE_MS: '400', MODEL_ATTEMPTS: '5', MODEL_BACKOFF_MS: '10' });
    vertex.prediction.predict.latencyMs = 1000;
    const answer = await service.post({ instances: [SETOSA] });
    expect(answer.status).toBe(503);
    expect(answer.body.code).toBe('DEADLINE_EXCEEDED');
    // 150 ms attempts inside a 400 ms deadline: at most three start.
    expect(vertex.prediction.predict.calls.length).toBeGreaterThanOrEqual(2);
    expect(vertex.prediction.predict.calls.length).toBeLessThanOrEqual(3);
  });

  test('one transient failure is retried and the caller sees only the answer', async () => {
    service = await startService(vertex, { MODEL_BACKOFF_MS: '10' });
    vertex.prediction.predict.fail(grpc.status.UNAVAILABLE, { times: 1 });
    const answer = await service.post({ instances: [VIRGINICA] });
    expect(answer.status).toBe(200);
    expect(answer.body.predictions).toEqual(['virginica']);
    expect(vertex.prediction.predict.calls).toHaveLength(2);
    expect(service.logs.find((l) => l.event === 'prediction')).toMatchObject({ attempts: 2, cache: 'bypass' });
  });

  test('an endpoint that does not exist is a 503 at once, without retries, and the log names it', async () => {
    service = await startService(vertex, {});
    vertex.prediction.endpoints.clear();
    const answer = await service.post({ instances: [SETOSA] });
    expect(answer.status).toBe(503);
    expect(answer.body.code).toBe('NOT_FOUND');
    expect(vertex.prediction.predict.calls).toHaveLength(1);
    expect(String(service.logs.find((l) => l.event === 'model_error')!.message)).toBe(
      `endpoint ${ENDPOINT} was not found (NOT_FOUND: Endpoint \`${ENDPOINT}\` not found.)`,
    );
  });
});

describe('bad input gets a 400 naming the field', () => {
  beforeEach(async () => {
    service = await startService(vertex, {});
  });

  test.each([
    [{ instances: [{ ...SETOSA, sepal_length: 'long' }] }, [{ field: 'instances[0].sepal_length', message: 'must be a number from 0 to 30', value: 'long' }]],
    [{ instances: [{ ...SETOSA, petal_width: 31 }] }, [{ field: 'instances[0].petal_width', message: 'must be a number from 0 to 30', value: 31 }]],
    [{ instances: [{ sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4 }] }, [{ field: 'instances[0].petal_width', message: 'is required: give a number from 0 to 30' }]],
    [
      { instances: [SETOSA, { ...SETOSA, colour: 'blue' }] },
      [{ field: 'instances[1].colour', message: 'is not a feature of the model; its features are sepal_length, sepal_width, petal_length, petal_width' }],
    ],
    [{ instances: [] }, [{ field: 'instances', message: 'is empty; send at least one instance' }]],
    [{ instances: [[5.1, 3.5, 1.4, 0.2]] }, [{ field: 'instances[0]', message: 'must be an object with the features sepal_length, sepal_width, petal_length, petal_width', value: [5.1, 3.5, 1.4, 0.2] }]],
    [
      { rows: [SETOSA] },
      [
        { field: 'instances', message: 'is required: send {"instances": [{"sepal_length": 5, "sepal_width": 5, "petal_length": 5, "petal_width": 5}]}' },
        { field: 'rows', message: 'is not accepted: the body holds only "instances"' },
      ],
    ],
  ])('%j', async (body, problems) => {
    const answer = await service!.post(body);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid_request');
    expect(answer.body.problems).toEqual(problems);
    expect(answer.body.message).toBe(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
    expect(vertex.prediction.predict.calls).toHaveLength(0);
  });

  test('every wrong field of a request is reported at once', async () => {
    const answer = await service!.post({ instances: [{ sepal_length: -1, sepal_width: 'x', petal_length: 1.4, petal_width: 0.2 }] });
    expect(answer.body.problems.map((p: { field: string }) => p.field)).toEqual(['instances[0].sepal_length', 'instances[0].sepal_width']);
  });

  test('too many instances', async () => {
    const answer = await service!.post({ instances: Array.from({ length: 33 }, () => SETOSA) });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe('instances: has 33 instances; send at most 32 per request');
  });

  test('a body that is not JSON, or not sent as JSON', async () => {
    const notJson = await service!.post('{"instances": [');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toBe('invalid_request');
    expect(notJson.body.message).toMatch(/JSON/);
    const form = await service!.post('sepal_length=5', { contentType: 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    expect(form.body.message).toBe("content type 'application/x-www-form-urlencoded' is not accepted: send application/json");
  });
});

describe('probes and headers', () => {
  test('health, readiness and an unknown route', async () => {
    service = await startService(vertex, withRedis({ MODEL_VERSION: 'pinned-7' }));
    expect(await (await fetch(`${service.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${service.url}/readyz`)).json()).toEqual({ status: 'ready', cache: 'up', modelVersion: 'pinned-7' });
    const missing = await fetch(`${service.url}/v2/predict`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'not_found', message: 'no route GET /v2/predict; predictions are POST /v1/predict' });
  });

  test('the page and its assets come from the service itself, under a CSP that allows nothing else', async () => {
    service = await startService(vertex, {});
    const page = await fetch(`${service.url}/`);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'; script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<label for="f-sepal_length">Sepal length</label>');
    expect(html).not.toMatch(/https?:\/\//);
    expect((await fetch(`${service.url}/static/app.js`)).status).toBe(200);
  });
});
