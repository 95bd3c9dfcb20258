/**
 * The try-it page in real headless Chromium (Debian's, installed by scripts/web-deps.sh),
 * driven by playwright-core, against the service, a real redis-server and the loopback model.
 * A screenshot of the answered page is kept under test-artifacts/web/.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startLoopbackVertex, type LoopbackVertex } from '../grpc/support/servers';
import { startRedis, type TestRedis } from './support/redis';
import { ENDPOINT, irisPredictor, startService, type RunningService } from './support/service';

// Code passed to page.evaluate runs in the browser; the project's type-check has no DOM library.
declare const document: { activeElement: { id: string } | null; querySelector(selector: string): { textContent: string | null } | null };

export const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts', 'web');

function chromiumBinary(): string {
  const found = spawnSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).stdout.trim().split('\n')[0];
  if (!found) throw new Error('chromium is not installed: run `bash scripts/web-deps.sh` (npm test does it)');
  return found;
}

let vertex: LoopbackVertex;
let redis: TestRedis;
let service: RunningService;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [vertex, redis, browser] = await Promise.all([
    startLoopbackVertex(),
    startRedis(),
    // The sandbox needs user namespaces, which CI containers running as root rarely allow.
    chromium.launch({ executablePath: chromiumBinary(), headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] }),
  ]);
  vertex.prediction.endpoints.add(ENDPOINT);
  vertex.prediction.predictor = irisPredictor;
  service = await startService(vertex, { REDIS_HOST: redis.host, REDIS_PORT: String(redis.port), REDIS_AUTH: redis.password, CACHE_PREFIX: `page${Date.now()}` });
  page = await browser.newPage({ viewport: { width: 900, height: 900 } });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
}, 60000);

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  await Promise.all([vertex?.stop(), redis?.stop()]);
});

test('a person types an example, submits with the keyboard and sees the prediction, then the cached answer', async () => {
  const blocked: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(service.url)) blocked.push(request.url());
  });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  await page.goto(`${service.url}/`);
  await expect(page.title()).resolves.toBe('Try the iris model');
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Try the iris model');
  await expect(page.locator('#result-details').isVisible()).resolves.toBe(false);

  // Every input is reachable by its label, as a screen reader announces it.
  await page.getByLabel('Sepal length').fill('6.3');
  await page.getByLabel('Sepal width').fill('3.3');
  await page.getByLabel('Petal length').fill('6.0');
  await page.getByLabel('Petal width').fill('2.5');
  await page.getByLabel('Petal width').press('Enter');

  await page.locator('#result-details').waitFor({ state: 'visible', timeout: 15000 });
  await expect(page.locator('#prediction').textContent()).resolves.toBe('virginica');
  await expect(page.locator('#source').textContent()).resolves.toBe('by the model');
  expect(vertex.prediction.predict.calls).toHaveLength(1);

  await page.getByRole('button', { name: 'Predict' }).click();
  await page.waitForFunction(() => document.querySelector('#source')?.textContent === 'from the cache');
  await expect(page.locator('#prediction').textContent()).resolves.toBe('virginica');
  expect(vertex.prediction.predict.calls).toHaveLength(1);
  expect(await page.getByRole('status').textContent()).toContain('from the cache');

  await page.screenshot({ path: path.join(ARTIFACTS, 'predict-page.png'), fullPage: true });
  expect(fs.statSync(path.join(ARTIFACTS, 'predict-page.png')).size).toBeGreaterThan(10000);
  expect(blocked).toEqual([]);
  expect(problems).toEqual([]);
});

test('a value out of range is shown as an alert naming the field, and focus moves to that field', async () => {
  await page.goto(`${service.url}/`);
  await page.getByLabel('Sepal length').fill('45');
  await page.getByLabel('Sepal length').press('Enter');
  const alert = page.getByRole('alert');
  await alert.waitFor({ state: 'visible' });
  await expect(alert.textContent()).resolves.toBe('instances[0].sepal_length: must be a number from 0 to 30');
  await expect(page.getByLabel('Sepal length').getAttribute('aria-invalid')).resolves.toBe('true');
  await expect(page.locator('#result-details').isVisible()).resolves.toBe(false);
  await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('f-sepal_length');
  await page.screenshot({ path: path.join(ARTIFACTS, 'predict-page-error.png'), fullPage: true });
});

test('the form can be walked with Tab alone, in reading order', async () => {
  await page.goto(`${service.url}/`);
  const order: string[] = [];
  for (let i = 0; i < 5; i += 1) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => document.activeElement?.id ?? ''));
  }
  expect(order).toEqual(['f-sepal_length', 'f-sepal_width', 'f-petal_length', 'f-petal_width', 'submit']);
});
