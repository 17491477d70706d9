import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy, dashboardRoutes, findPackageRoot } from '../../src/gateway/dashboard-routes.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const IMPORT_MAP = '\n{ "imports": { "preact": "/vendor/preact.mjs" } }\n';
const INDEX = `<!doctype html><html><head><script type="importmap">${IMPORT_MAP}</script><script type="module" src="/assets/main.js"></script></head><body></body></html>`;

describe('dashboard routes', () => {
  let root: string;
  let web: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'airlock-web-'));
    web = join(root, 'web');
    mkdirSync(join(web, 'dist', 'views'), { recursive: true });
    writeFileSync(join(web, 'index.html'), INDEX);
    writeFileSync(join(web, 'styles.css'), 'body { color: black }');
    writeFileSync(join(web, 'dist', 'main.js'), 'export const main = 1;');
    writeFileSync(join(web, 'dist', 'views', 'list.js'), 'export const list = 1;');
    writeFileSync(join(root, 'secret.txt'), 'not for the browser');
    writeFileSync(join(web, 'dist', '.hidden.js'), 'hidden');
    symlinkSync(join(root, 'secret.txt'), join(web, 'dist', 'leak.js'));
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('serves the page with a CSP that allows its import map by hash, and no other inline script', async () => {
    const response = await dashboardRoutes({ webRoot: web }).request('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const csp = response.headers.get('content-security-policy') ?? '';
    const hash = createHash('sha256').update(IMPORT_MAP).digest('base64');
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(`script-src 'self' 'sha256-${hash}'`);
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe');
    expect(await response.text()).toBe(INDEX);
  });

  it('serves compiled modules and the stylesheet with their content types, revalidated by ETag', async () => {
    const app = dashboardRoutes({ webRoot: web });
    const main = await app.request('/assets/main.js');
    expect(main.status).toBe(200);
    expect(main.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(main.headers.get('x-content-type-options')).toBe('nosniff');
    expect(main.headers.get('cache-control')).toBe('no-cache');
    expect(await main.text()).toBe('export const main = 1;');
    const again = await app.request('/assets/main.js', { headers: { 'If-None-Match': main.headers.get('etag') ?? '' } });
    expect(again.status).toBe(304);

    const nested = await app.request('/assets/views/list.js');
    expect(nested.status).toBe(200);
    const css = await app.request('/assets/styles.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it.each([
    '/assets/..%2Fsecret.txt',
    '/assets/%2e%2e%2Fsecret.txt',
    '/assets/..%2F..%2Fsecret.txt',
    '/assets/views%2F..%2F..%2F..%2Fsecret.txt',
    '/assets/.hidden.js',
    '/assets/leak.js',
    '/assets/..%5Csecret.txt',
    '/assets/%00main.js',
    '/assets/index.html',
    '/assets/main.ts',
    '/assets/',
  ])('refuses %s', async (path) => {
    const response = await dashboardRoutes({ webRoot: web }).request(path);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('not for the browser');
  });

  it('serves Preact, its hooks and htm from node_modules, with a content type and a cache lifetime', async () => {
    const app = dashboardRoutes({ webRoot: web });
    for (const name of ['preact.mjs', 'hooks.mjs', 'htm.mjs', 'htm-preact.mjs']) {
      const response = await app.request(`/vendor/${name}`);
      expect(response.status, name).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cache-control')).toMatch(/max-age=\d+/);
      expect(await response.text()).toMatch(/\bexport\b/);
    }
    expect((await app.request('/vendor/react.mjs')).status).toBe(404);
    expect((await app.request('/vendor/..%2Fpackage.json')).status).toBe(404);
  });

  it('answers 503 with what to run when web/dist has not been built', async () => {
    const bare = join(root, 'bare');
    mkdirSync(bare);
    writeFileSync(join(bare, 'index.html'), INDEX);
    const app = dashboardRoutes({ webRoot: bare });
    const response = await app.request('/');
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('npm run build');
    expect((await app.request('/assets/main.js')).status).toBe(503);
  });

  it('finds the repository from src/ (and would from dist/), and the real page names only modules it serves', async () => {
    expect(findPackageRoot()).toBe(REPO.replace(/\/$/, ''));
    const html = readFileSync(join(REPO, 'web', 'index.html'), 'utf8');
    const map = JSON.parse(/<script type="importmap">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '{}') as { imports: Record<string, string> };
    expect(Object.keys(map.imports).sort()).toEqual(['htm', 'htm/preact', 'preact', 'preact/hooks']);
    const app = dashboardRoutes();
    for (const path of Object.values(map.imports)) expect((await app.request(path)).status, path).toBe(200);
    // The page has exactly one inline script, the import map, and the CSP names its hash.
    expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g)).toEqual(['<script type="importmap">']);
    expect(contentSecurityPolicy(html)).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/]+=*'/);
  });
});
