import { existsSync } from 'node:fs';
import { chromium, type Browser, type Request as BrowserRequest } from 'playwright-core';
import { startTestHub, type TestHub } from '../support/test-hub';
import { CITY_HRSS, registerProject, seedBasics } from '../support/fixtures';
import { loadReleaseManifest } from '../../src/trusted-documents/documents';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OVERVIEW = loadReleaseManifest().find((d) => d.name === 'ProjectsOverview')!;
const PROJECT_NAME = '平山区北地棚户区改造安置房一期';

/**
 * CI runs the suite a second time under faketime (LD_PRELOAD), which stalls Chromium's own timers:
 * the browser gets the real clock. Nothing in the page depends on the date; the hub keeps its own.
 */
function browserEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('FAKETIME')) continue;
    env[k] =
      k === 'LD_PRELOAD'
        ? v
            .split(/[:\s]+/)
            .filter((lib) => !lib.includes('faketime'))
            .join(':')
        : v;
  }
  return env;
}

/**
 * The console in real Chromium, on a production hub (TRUSTED_DOCUMENTS=refuse) with the console
 * turned on, every request that is not to the hub blocked and recorded: the page loads, a district
 * officer pastes a token, picks a registered document and runs it, and sees the data.
 */
describe('the console in Chromium, offline', () => {
  let t: TestHub;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `no Chromium at ${CHROMIUM}: apt-get install chromium (.ci/run does), or set CHROMIUM_PATH`,
      );
    }
    t = await startTestHub({ NODE_ENV: 'production', CONSOLE_ENABLED: 'true', RUN_JOBS: 'false' });
    const seed = await seedBasics(t);
    await registerProject(t, t.token(CITY_HRSS), { ...seed, districtCode: '210502', name: PROJECT_NAME });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], env: browserEnv() });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('loads from the hub alone, takes a pasted token, and runs a registered document by id', async () => {
    const hubOrigin = new URL(t.url).origin;
    const context = await browser.newContext();
    const requested: string[] = [];
    const blocked: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      requested.push(url);
      if (new URL(url).origin === hubOrigin) return route.continue();
      blocked.push(url);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    const graphqlPosts: BrowserRequest[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/graphql') graphqlPosts.push(r);
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));

    const response = await page.goto(`${t.url}/graphql`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    await expect(page.title()).resolves.toBe('wagewatch console');
    await page.locator('.graphiql-container').waitFor({ timeout: 20_000 });

    await page.fill('#ww-token', t.token({ org: 'HRSS', district: '210502' }));
    await page.click('#ww-use-token');
    await page.locator('#ww-status', { hasText: 'registered documents only' }).waitFor({ timeout: 10_000 });
    await page.selectOption('#ww-documents', { label: 'ProjectsOverview (query)' });
    await page.locator('.graphiql-query-editor', { hasText: 'ProjectsOverview' }).waitFor();
    await page.click('.graphiql-execute-button');
    const result = page.locator('.graphiql-response');
    await result.locator(`text=${PROJECT_NAME}`).waitFor({ timeout: 15_000 });
    expect(await result.innerText()).toContain('"totalCount": 1');

    const sent = graphqlPosts.map((r) => JSON.parse(r.postData() ?? '{}'));
    expect(sent.at(-1)).toMatchObject({ documentId: `sha256:${OVERVIEW.id}` });
    expect(sent.at(-1).query).toBeUndefined();
    expect(graphqlPosts.at(-1)!.headers()['authorization']).toMatch(/^Bearer /);

    expect(pageErrors).toEqual([]);
    expect(blocked).toEqual([]);
    expect(requested.length).toBeGreaterThan(5);
    expect(requested.every((u) => new URL(u).origin === hubOrigin)).toBe(true);
    await context.close();
  }, 60_000);

  it('gives city HRSS, who may write its own queries, the schema for docs and completion', async () => {
    const context = await browser.newContext();
    await context.route('**/*', (route) =>
      new URL(route.request().url()).origin === new URL(t.url).origin ? route.continue() : route.abort(),
    );
    const page = await context.newPage();
    const schemaAnswer = page.waitForResponse((r) => r.url().endsWith('/graphql/console/schema'));
    await page.goto(`${t.url}/graphql`);
    await page.fill('#ww-token', t.token(CITY_HRSS));
    await page.click('#ww-use-token');
    await page
      .locator('#ww-status', { hasText: 'ad-hoc queries run for this token' })
      .waitFor({ timeout: 10_000 });
    expect((await schemaAnswer).status()).toBe(200);
    await context.close();
  }, 60_000);
});

describe('the console when it is off', () => {
  it('is off in production unless CONSOLE_ENABLED: a browser is told how to turn it on, GraphQL clients are unaffected', async () => {
    const t = await startTestHub({ NODE_ENV: 'production', RUN_JOBS: 'false' });
    try {
      const page = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(404);
      expect(await page.text()).toContain('CONSOLE_ENABLED=true');
      const asset = await fetch(`${t.url}/graphql/console/assets/graphiql.js`);
      expect(asset.status).toBe(404);
      const gql = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token(CITY_HRSS)}` },
        body: JSON.stringify({ documentId: `sha256:${OVERVIEW.id}` }),
      });
      expect(((await gql.json()) as any).data.projects.totalCount).toBe(0);
    } finally {
      await t.close();
    }
  });
});
