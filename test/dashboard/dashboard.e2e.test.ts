import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../src/gateway/start-gateway.js';

/**
 * The dashboard end to end, in a real Chromium (Debian's, driven by playwright-core): an agent's
 * risky change appears live in the page, a human opens it, reads the effects, blast radius and
 * policy reasons, approves or rejects it by clicking, and the agent's waiting call returns the
 * answer. Nothing is mocked: the gateway, its stores and the policy pack are the real ones.
 */

const CHROMIUM = '/usr/bin/chromium';
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SCREENSHOT = '/tmp/airlock-dashboard.png';
/** Generous: two shared cores run the gateway, Chromium and vitest at once. */
const UI_TIMEOUT = 60_000;

// In prod, deleting a Deployment is high severity and asks one person (guarded autonomy);
// the gateway holds an agent's call up to two minutes for that person's answer.
const CONFIG = `version: 1
environments:
  prod:
    production: true
approvals:
  expiry: 30m
  waitTimeout: 120s
`;

interface AgentAnswer {
  readonly decision: 'allow' | 'deny';
  readonly reason: string;
  readonly requestId?: string;
}

describe('dashboard (real Chromium against a real gateway)', () => {
  let root: string;
  let gateway: RunningGateway;
  let browser: Browser;
  const tokens: Record<'alice' | 'bob' | 'admin' | 'agent' | 'helper', string> = { alice: '', bob: '', admin: '', agent: '', helper: '' };
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: the dashboard's end-to-end test needs Debian's Chromium. Install it with: apt-get install -y chromium`);
    }
    // Compile the browser code first, so the test never runs against a stale web/dist.
    const build = spawnSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(REPO, 'web', 'tsconfig.json')], { encoding: 'utf8' });
    expect(build.status, `tsc -p web/tsconfig.json failed:\n${build.stdout}${build.stderr}`).toBe(0);

    root = mkdtempSync(join(tmpdir(), 'airlock-dashboard-'));
    const configPath = join(root, 'airlock.yaml');
    writeFileSync(configPath, CONFIG);
    gateway = await startGateway({ env: { AIRLOCK_HOME: join(root, 'home'), HOME: root }, cwd: root, configPath, host: '127.0.0.1', port: 0 });
    tokens.alice = await gateway.createToken({ name: 'alice', role: 'approver' });
    tokens.bob = await gateway.createToken({ name: 'bob', role: 'approver' });
    tokens.admin = await gateway.createToken({ name: 'root', role: 'admin' });
    tokens.agent = await gateway.createToken({ name: 'deploy-bot', role: 'agent' });
    tokens.helper = await gateway.createToken({ name: 'helper-bot', role: 'agent', actsFor: 'bob' });

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await gateway?.close().catch(() => undefined);
    if (root) rmSync(root, { recursive: true, force: true });
  }, 60_000);

  async function api<T>(token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${gateway.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** The agent's call, as an agent makes it: submit and wait up to 60 s for a human. Not awaited by the caller yet. */
  function submitAndWait(token: string, agent: string, command: string): Promise<AgentAnswer> {
    const call = api<AgentAnswer>(token, 'POST', '/v1/changes', {
      change: { kind: 'shell', source: 'http', agent, payload: { command }, target: { environment: 'prod' } },
      wait: 60,
    }).then((response) => {
      if (response.status !== 200) throw new Error(`POST /v1/changes answered ${response.status}: ${JSON.stringify(response.body)}`);
      return response.body;
    });
    call.catch(() => undefined); // awaited later; do not report it as unhandled meanwhile
    return call;
  }

  /**
   * Opens the dashboard with a token in the fragment, waits for the live feed, and marks the
   * window: a reload or navigation would lose the mark (and count another load).
   */
  interface OpenPage {
    readonly page: Page;
    /** Full page loads so far (1 unless something reloaded or navigated away). */
    readonly loads: () => number;
    /** Script errors and console errors (a CSP violation is one), minus the browser's note on each 4xx answer. */
    readonly problems: string[];
  }

  async function newPage(): Promise<OpenPage> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console error: ${message.text()}`);
    });
    let loads = 0;
    page.on('load', () => (loads += 1));
    return { page, loads: () => loads, problems };
  }

  /**
   * Opens the dashboard with a token in the fragment, waits for the live feed, and marks the
   * window: a reload or navigation would lose the mark (and count another load).
   */
  async function openDashboard(token: string): Promise<OpenPage> {
    const opened = await newPage();
    const { page } = opened;
    await page.goto(`${gateway.url}/#token=${token}`);
    await page.locator('[data-testid="feed-status"][data-status="live"]').waitFor();
    // The token left the address bar at once.
    expect(page.url()).not.toContain('token=');
    await page.evaluate(() => {
      (globalThis as Record<string, unknown>)['__airlockMarker'] = 'same page';
    });
    return opened;
  }

  /** Still the same document, never reloaded, and nothing went wrong in it. */
  async function expectSamePage({ page, loads, problems }: OpenPage): Promise<void> {
    expect(await page.evaluate(() => (globalThis as Record<string, unknown>)['__airlockMarker'])).toBe('same page');
    expect(loads()).toBe(1);
    expect(problems, problems.join('\n')).toEqual([]);
  }

  /** The list item of the pending request whose summary mentions `text`, once it appears; and its id. */
  async function pendingItem(page: Page, text: string): Promise<{ id: string; click: () => Promise<void> }> {
    const item = page.locator('.approval-list a[data-testid^="approval-"]', { hasText: text });
    await item.waitFor();
    const testid = await item.getAttribute('data-testid');
    expect(testid).toMatch(/^approval-/);
    return { id: testid!.slice('approval-'.length), click: () => item.click() };
  }

  it('shows a risky change live; approving it by clicking lets the waiting agent through', async () => {
    const opened = await openDashboard(tokens.alice);
    const { page } = opened;
    await expect.poll(() => page.getByTestId('no-pending').isVisible(), { timeout: UI_TIMEOUT }).toBe(true);

    // Only now does the agent ask: the request must arrive through the live feed.
    const command = 'kubectl delete deployment web -n shop';
    const agentCall = submitAndWait(tokens.agent, 'deploy-bot', command);
    const item = await pendingItem(page, 'deployment web');
    await expectSamePage(opened);

    // The request as the API has it: this is what the page must show.
    const { body: request } = await api<{
      required: { count: number };
      assessment: { severity: string; blastRadius: { direct: string[] } };
      decision: { policies: { id: string }[] };
    }>(tokens.alice, 'GET', `/v1/approvals/${item.id}`);
    expect(request.required.count).toBe(1);

    await item.click();
    const detail = page.getByTestId('approval-detail');
    await detail.waitFor();
    expect(page.url()).toContain(`#/approvals/${item.id}`);
    await expect.poll(() => detail.getAttribute('data-request-id')).toBe(item.id);
    await expect.poll(() => page.getByTestId('detail-summary').innerText()).toContain('deployment web');

    // Effects grouped by operation: the delete first, marked destructive.
    const deletes = page.getByTestId('effects-delete');
    expect(await deletes.innerText()).toContain('deletes deployment web in namespace shop');
    expect(await deletes.getAttribute('class')).toContain('destructive');
    expect(await page.locator('[data-testid="effects"] [data-operation]').first().getAttribute('data-operation')).toBe('delete');
    // Blast radius, the change itself, and the policies behind the decision.
    const blast = await page.getByTestId('blast-radius').innerText();
    expect(blast).toMatch(/changed directly/i);
    for (const address of request.assessment.blastRadius.direct) expect(blast).toContain(address);
    expect(await page.getByTestId('change-excerpt').innerText()).toContain(command);
    const reasons = await page.getByTestId('policy-reasons').innerText();
    expect(request.decision.policies.length).toBeGreaterThan(0);
    for (const policy of request.decision.policies) expect(reasons).toContain(policy.id);
    expect(await page.getByTestId('votes').innerText()).toContain('0/1');

    // No reason, no approval.
    const approve = page.getByTestId('approve-button');
    expect(await approve.isDisabled()).toBe(true);
    await page.getByTestId('reason-input').fill('Checked with the shop team: web moves to the new cluster today');
    await expect.poll(() => approve.isEnabled()).toBe(true);
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    await approve.click();
    const answer = await agentCall;
    expect(answer.decision, answer.reason).toBe('allow');
    expect(answer.requestId).toBe(item.id);

    // The page follows: the request leaves the pending list and the panel shows who approved it.
    await expect.poll(() => detail.getAttribute('data-state'), { timeout: UI_TIMEOUT }).toMatch(/^(approved|consumed)$/);
    expect(await page.getByTestId('votes').innerText()).toContain('alice');
    await expect.poll(() => page.locator(`[data-testid="approval-${item.id}"]`).count(), { timeout: UI_TIMEOUT }).toBe(0);

    // The audit timeline has the approval and the allowed change; the decision filter works.
    await page.getByTestId('tab-audit').click();
    const approvedRow = page.locator('[data-testid="audit-row"]', { hasText: 'by alice' });
    await approvedRow.first().waitFor();
    expect(await approvedRow.first().innerText()).toContain('Checked with the shop team');
    const allowRow = page.locator('[data-testid="audit-row"][data-decision="allow"]', { hasText: command });
    await allowRow.first().waitFor();
    await page.getByTestId('filter-decision').selectOption('ask');
    await expect
      .poll(async () => {
        const decisions = await page.locator('[data-testid="audit-row"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-decision')));
        return decisions.length > 0 && decisions.every((decision) => decision === 'ask');
      }, { timeout: UI_TIMEOUT })
      .toBe(true);
    await page.getByTestId('filter-decision').selectOption('');
    await page.getByTestId('filter-agent').fill('nobody-by-that-name');
    await expect.poll(() => page.locator('[data-testid="audit-row"]').count(), { timeout: UI_TIMEOUT }).toBe(0);

    // Agents: deploy-bot and its autonomy level in prod.
    await page.getByTestId('tab-agents').click();
    const agentRow = page.getByTestId('agent-deploy-bot');
    await agentRow.waitFor();
    expect(await agentRow.innerText()).toContain('guarded');

    await expectSamePage(opened);
  }, 240_000);

  it('rejecting returns deny to the agent; without a reason neither button works; API refusals show in the panel', async () => {
    const opened = await openDashboard(tokens.bob);
    const { page } = opened;

    const command = 'kubectl delete deployment api -n shop';
    const agentCall = submitAndWait(tokens.agent, 'deploy-bot', command);
    const item = await pendingItem(page, 'deployment api');
    await item.click();
    await page.getByTestId('approval-detail').waitFor();

    const approve = page.getByTestId('approve-button');
    const reject = page.getByTestId('reject-button');
    expect(await approve.isDisabled()).toBe(true);
    expect(await reject.isDisabled()).toBe(true);
    // Blanks are not a reason.
    await page.getByTestId('reason-input').fill('   ');
    expect(await approve.isDisabled()).toBe(true);
    expect(await reject.isDisabled()).toBe(true);

    await page.getByTestId('reason-input').fill('Not during the sale: no deletes in shop this week');
    await expect.poll(() => reject.isEnabled()).toBe(true);
    await reject.click();
    const answer = await agentCall;
    expect(answer.decision).toBe('deny');
    expect(answer.reason).toContain('rejected');
    await expect.poll(() => page.getByTestId('approval-detail').getAttribute('data-state'), { timeout: UI_TIMEOUT }).toBe('rejected');
    expect(await page.getByTestId('outcome').innerText()).toContain('Not during the sale');

    // helper-bot acts for bob: bob may not approve its change (separation of duties), and the page says why.
    const ownCall = submitAndWait(tokens.helper, 'helper-bot', 'kubectl delete deployment cart -n shop');
    const own = await pendingItem(page, 'deployment cart');
    await own.click();
    await expect.poll(() => page.getByTestId('approval-detail').getAttribute('data-request-id')).toBe(own.id);
    await page.getByTestId('reason-input').fill('looks fine to me');
    await page.getByTestId('approve-button').click();
    const error = page.getByTestId('action-error');
    await error.waitFor();
    expect(await error.innerText()).toMatch(/bob cannot approve/);
    expect(await page.getByTestId('approval-detail').getAttribute('data-state')).toBe('pending');
    // Someone else can: alice rejects it through the API, and bob's page follows live.
    const rejected = await api<{ state: string }>(tokens.alice, 'POST', `/v1/approvals/${own.id}/reject`, { reason: 'tidy up after the test' });
    expect(rejected.status).toBe(200);
    expect((await ownCall).decision).toBe('deny');
    await expect.poll(() => page.getByTestId('approval-detail').getAttribute('data-state'), { timeout: UI_TIMEOUT }).toBe('rejected');

    await expectSamePage(opened);
  }, 240_000);

  it('shows the kill switch live while a freeze is on, and lets an admin freeze and lift it', async () => {
    const watcher = await openDashboard(tokens.alice);
    const banner = watcher.page.getByTestId('freeze-banner');
    expect(await banner.count()).toBe(0);
    // An approver sees the banner but no kill-switch control.
    expect(await watcher.page.getByTestId('kill-switch-button').count()).toBe(0);

    // An admin freezes everything through the API: the banner appears without a reload.
    const frozen = await api<{ id: string }>(tokens.admin, 'POST', '/v1/freezes', { reason: 'Incident 4711: agents deleting in prod' });
    expect(frozen.status).toBe(201);
    await banner.waitFor();
    const text = await banner.innerText();
    expect(text).toContain('Incident 4711');
    expect(text).toContain('every agent in every environment');
    expect(text).toContain('root');
    await watcher.page.screenshot({ path: SCREENSHOT.replace(/\.png$/, '-freeze.png') });
    expect(await watcher.page.getByTestId('unfreeze-button').count()).toBe(0);

    // Lifted through the API: the banner goes.
    const lifted = await api<{ lifted: unknown[] }>(tokens.admin, 'POST', '/v1/freezes/lift', { reason: 'resolved' });
    expect(lifted.body.lifted).toHaveLength(1);
    await expect.poll(() => banner.count(), { timeout: UI_TIMEOUT }).toBe(0);

    // The admin's own control: freeze one environment, with a required reason, then lift it.
    const admin = await openDashboard(tokens.admin);
    await admin.page.getByTestId('kill-switch-button').click();
    await admin.page.getByTestId('freeze-target-environment').check();
    await admin.page.getByTestId('freeze-name').fill('prod');
    const submit = admin.page.getByTestId('freeze-submit');
    expect(await submit.isDisabled()).toBe(true);
    await admin.page.getByTestId('freeze-reason').fill('Database migration window');
    await expect.poll(() => submit.isEnabled()).toBe(true);
    await submit.click();
    await admin.page.getByTestId('freeze-banner').waitFor();
    expect(await admin.page.getByTestId('freeze-banner').innerText()).toContain('every agent in prod');
    // Everyone's page shows it.
    await banner.waitFor();
    expect(await banner.innerText()).toContain('Database migration window');
    const { body: active } = await api<{ freezes: { environment: string | null; agent: string | null }[] }>(tokens.alice, 'GET', '/v1/freezes');
    expect(active.freezes).toEqual([expect.objectContaining({ environment: 'prod', agent: null })]);

    await admin.page.getByTestId('unfreeze-button').click();
    await expect.poll(() => admin.page.getByTestId('freeze-banner').count(), { timeout: UI_TIMEOUT }).toBe(0);
    await expect.poll(() => banner.count(), { timeout: UI_TIMEOUT }).toBe(0);

    await expectSamePage(watcher);
    await expectSamePage(admin);
  }, 240_000);

  it('takes back an unused approval with the Revoke button; the agent is then refused', async () => {
    const change = { kind: 'shell', source: 'http', agent: 'deploy-bot', payload: { command: 'kubectl delete deployment cache -n shop' }, target: { environment: 'prod' } };
    const submitted = await api<AgentAnswer>(tokens.agent, 'POST', '/v1/changes', { change, wait: 0 });
    const id = submitted.body.requestId;
    expect(id, JSON.stringify(submitted.body)).toBeTruthy();
    expect((await api(tokens.bob, 'POST', `/v1/approvals/${id}/approve`, { reason: 'for the migration', windowMinutes: 30 })).status).toBe(200);

    const opened = await openDashboard(tokens.alice);
    const { page } = opened;
    await page.evaluate((requestId) => {
      (globalThis as unknown as { location: { hash: string } }).location.hash = `#/approvals/${requestId}`;
    }, id);
    const detail = page.locator(`[data-testid="approval-detail"][data-request-id="${id}"]`);
    await detail.waitFor();
    expect(await detail.getAttribute('data-state')).toBe('approved');
    const revoke = page.getByTestId('revoke-button');
    expect(await revoke.isDisabled()).toBe(true);
    await page.getByTestId('revoke-input').fill('the migration moved to next week');
    await revoke.click();
    await page.locator(`[data-testid="approval-detail"][data-request-id="${id}"][data-state="rejected"]`).waitFor();
    expect(await page.getByTestId('outcome').innerText()).toContain('the migration moved to next week');

    const retry = await api<AgentAnswer>(tokens.agent, 'POST', '/v1/changes', { change, wait: 0 });
    expect(retry.body.decision).toBe('deny');
    await expectSamePage(opened);
  }, 240_000);

  it('signs in with a pasted token, and a deep link opens a request that has ended', async () => {
    // A request that is already over: opened by the agent (no wait), rejected through the API.
    const submitted = await api<AgentAnswer>(tokens.agent, 'POST', '/v1/changes', {
      change: { kind: 'shell', source: 'http', agent: 'deploy-bot', payload: { command: 'kubectl delete deployment search -n shop' }, target: { environment: 'prod' } },
      wait: 0,
    });
    const id = submitted.body.requestId;
    expect(id, JSON.stringify(submitted.body)).toBeTruthy();
    expect((await api(tokens.alice, 'POST', `/v1/approvals/${id}/reject`, { reason: 'search stays' })).status).toBe(200);

    const opened = await newPage();
    const { page } = opened;
    await page.goto(`${gateway.url}/#/approvals/${id}`);
    await page.getByTestId('signin-form').waitFor();
    await page.getByTestId('token-input').fill('alk_not_a_real_token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const error = page.getByTestId('signin-error');
    await error.waitFor();
    expect(await error.innerText()).toMatch(/not valid/);

    await page.getByTestId('token-input').fill(tokens.alice);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const detail = page.getByTestId('approval-detail');
    await detail.waitFor();
    expect(await detail.getAttribute('data-request-id')).toBe(id);
    expect(await detail.getAttribute('data-state')).toBe('rejected');
    expect(await page.getByTestId('outcome').innerText()).toContain('search stays');
    // Nothing to approve on an ended request.
    expect(await page.getByTestId('approve-button').count()).toBe(0);
    expect(opened.loads()).toBe(1);
    expect(opened.problems, opened.problems.join('\n')).toEqual([]);
  }, 240_000);

  it('reconnects the live feed when the gateway restarts, and catches up without a reload', async () => {
    const opened = await openDashboard(tokens.alice);
    const { page } = opened;
    const status = page.getByTestId('feed-status');

    // Restart the gateway on the same port with the same data (tokens and requests survive).
    const port = Number(new URL(gateway.url).port);
    await gateway.close();
    await expect.poll(() => status.getAttribute('data-status'), { timeout: UI_TIMEOUT }).toBe('reconnecting');
    gateway = await startGateway({ env: { AIRLOCK_HOME: join(root, 'home'), HOME: root }, cwd: root, configPath: join(root, 'airlock.yaml'), host: '127.0.0.1', port });
    // Opened while the page was disconnected: the refetch on reconnect must bring it in.
    const missed = await api<AgentAnswer>(tokens.agent, 'POST', '/v1/changes', {
      change: { kind: 'shell', source: 'http', agent: 'deploy-bot', payload: { command: 'kubectl delete deployment reviews -n shop' }, target: { environment: 'prod' } },
      wait: 0,
    });
    expect(missed.body.requestId, JSON.stringify(missed.body)).toBeTruthy();
    await expect.poll(() => status.getAttribute('data-status'), { timeout: UI_TIMEOUT }).toBe('live');
    await page.locator(`[data-testid="approval-${missed.body.requestId}"]`).waitFor();

    // And live events flow again.
    const agentCall = submitAndWait(tokens.agent, 'deploy-bot', 'kubectl delete deployment ratings -n shop');
    const item = await pendingItem(page, 'deployment ratings');
    expect((await api(tokens.alice, 'POST', `/v1/approvals/${item.id}/reject`, { reason: 'not now' })).status).toBe(200);
    expect((await agentCall).decision).toBe('deny');
    await expect.poll(() => page.locator(`[data-testid="approval-${item.id}"]`).count(), { timeout: UI_TIMEOUT }).toBe(0);

    // The restart showed up as a dropped connection, not as a script error.
    opened.problems.splice(0, opened.problems.length, ...opened.problems.filter((problem) => !/ERR_CONNECTION|network|Failed to fetch|event feed/i.test(problem)));
    await expectSamePage(opened);
  }, 240_000);
});
