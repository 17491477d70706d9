import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';

/**
 * The dashboard's static files: `GET /` (web/index.html), `/assets/*` (the compiled modules in
 * web/dist plus web/styles.css and the icon) and `/vendor/*` (Preact, its hooks and htm, straight
 * from node_modules: no bundler). Every answer carries nosniff and a Cache-Control; the page gets
 * a Content-Security-Policy that allows scripts from this origin only, plus the inline import map
 * by its SHA-256 hash.
 */

export interface DashboardOptions {
  /** The web/ folder (default: `web` next to the package.json above this file). */
  readonly webRoot?: string;
}

interface StaticFile {
  readonly body: Uint8Array;
  readonly type: string;
  readonly etag: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** The vendor modules the import map names, as files inside their packages. */
const VENDOR: Record<string, { readonly pkg: string; readonly file: string }> = {
  'preact.mjs': { pkg: 'preact', file: 'dist/preact.mjs' },
  'preact.mjs.map': { pkg: 'preact', file: 'dist/preact.mjs.map' },
  'hooks.mjs': { pkg: 'preact', file: 'hooks/dist/hooks.mjs' },
  'hooks.mjs.map': { pkg: 'preact', file: 'hooks/dist/hooks.mjs.map' },
  'htm.mjs': { pkg: 'htm', file: 'dist/htm.module.js' },
  'htm-preact.mjs': { pkg: 'htm', file: 'preact/index.module.js' },
};

/** One segment of an asset path: letters, digits, dot, dash, underscore; never `.`/`..` or hidden. */
const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const IMPORT_MAP = /<script type="importmap">([\s\S]*?)<\/script>/;

/** The folder holding this package's package.json: this file runs from src/ (vitest) and dist/ (built). */
export function findPackageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}: cannot find the dashboard's web/ folder`);
    dir = parent;
  }
}

function etagOf(body: Uint8Array): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

function contentType(path: string): string | undefined {
  return CONTENT_TYPES[extname(path).toLowerCase()];
}

/** The Content-Security-Policy for the page: the import map is its only inline script. */
export function contentSecurityPolicy(html: string): string {
  const map = IMPORT_MAP.exec(html)?.[1];
  const hash = map === undefined ? '' : ` 'sha256-${createHash('sha256').update(map, 'utf8').digest('base64')}'`;
  return [
    "default-src 'self'",
    `script-src 'self'${hash}`,
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function securityHeaders(c: Context): void {
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Frame-Options', 'DENY');
}

function send(c: Context, file: StaticFile, cacheControl: string): Response {
  securityHeaders(c);
  c.header('Cache-Control', cacheControl);
  c.header('ETag', file.etag);
  if (c.req.header('If-None-Match') === file.etag) return c.body(null, 304);
  c.header('Content-Type', file.type);
  return c.body(file.body as Uint8Array<ArrayBuffer>, 200);
}

function notFound(c: Context, what: string): Response {
  securityHeaders(c);
  c.header('Cache-Control', 'no-store');
  return c.text(`${what} not found`, 404);
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Airlock: dashboard not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40em; margin: 4em auto; line-height: 1.5">
<h1>The Airlock dashboard is not built yet</h1>
<p>The gateway is running, but the dashboard's compiled files (<code>web/dist</code>) are missing.
Run <code>npm run build</code> (or start the gateway with <code>npm start</code>, which builds first), then reload this page.</p>
<p>The HTTP API under <code>/v1</code> works without it.</p>
</body></html>`;

export function dashboardRoutes(options: DashboardOptions = {}): Hono {
  const webRoot = resolve(options.webRoot ?? join(findPackageRoot(), 'web'));
  const distRoot = join(webRoot, 'dist');
  const require = createRequire(import.meta.url);
  const vendorCache = new Map<string, StaticFile>();

  /** A file under `base`, by URL segments, or undefined when it is missing or would leave `base`. */
  function readUnder(base: string, segments: readonly string[]): StaticFile | undefined {
    if (segments.length === 0 || !segments.every((segment) => SAFE_SEGMENT.test(segment))) return undefined;
    const type = contentType(segments[segments.length - 1] ?? '');
    if (!type) return undefined;
    const path = resolve(base, ...segments);
    if (!path.startsWith(base + sep)) return undefined;
    try {
      // A symlink inside web/ must not lead out of it either.
      const real = realpathSync(path);
      if (!real.startsWith(realpathSync(base) + sep) || !statSync(real).isFile()) return undefined;
      const body = readFileSync(real);
      return { body, type, etag: etagOf(body) };
    } catch {
      return undefined;
    }
  }

  /** A dependency's folder, found the way Node finds it from here. */
  function packageDirOf(pkg: string): string | undefined {
    try {
      return dirname(require.resolve(`${pkg}/package.json`));
    } catch {
      // Not every package exports its package.json (htm does not): walk up from its entry point.
    }
    try {
      let dir = dirname(require.resolve(pkg));
      for (;;) {
        const manifest = join(dir, 'package.json');
        if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === pkg) return dir;
        const parent = dirname(dir);
        if (parent === dir) return undefined;
        dir = parent;
      }
    } catch {
      return undefined;
    }
  }

  function vendorFile(name: string): StaticFile | undefined {
    const cached = vendorCache.get(name);
    if (cached) return cached;
    const entry = VENDOR[name];
    if (!entry) return undefined;
    const packageDir = packageDirOf(entry.pkg);
    if (packageDir === undefined) return undefined;
    const path = join(packageDir, entry.file);
    if (!existsSync(path)) return undefined;
    const body = readFileSync(path);
    const file = { body, type: contentType(name) ?? 'application/octet-stream', etag: etagOf(body) };
    vendorCache.set(name, file);
    return file;
  }

  const built = (): boolean => existsSync(join(distRoot, 'main.js'));

  const app = new Hono();

  const page = (c: Context): Response => {
    securityHeaders(c);
    c.header('Cache-Control', 'no-store');
    if (!built()) {
      c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'");
      return c.html(NOT_BUILT_PAGE, 503);
    }
    let html: string;
    try {
      html = readFileSync(join(webRoot, 'index.html'), 'utf8');
    } catch {
      return c.text(`the dashboard's index.html is missing from ${webRoot}`, 500);
    }
    c.header('Content-Security-Policy', contentSecurityPolicy(html));
    return c.html(html, 200);
  };
  app.get('/', page);
  app.get('/index.html', page);

  app.get('/assets/*', (c) => {
    const rest = c.req.path.slice('/assets/'.length);
    let segments: string[];
    try {
      segments = rest.split('/').map((segment) => decodeURIComponent(segment));
    } catch {
      return notFound(c, 'asset');
    }
    // The stylesheet and icon live in web/; everything else is compiled output in web/dist.
    const file = segments.length === 1 && (segments[0] === 'styles.css' || segments[0] === 'favicon.svg') ? readUnder(webRoot, segments) : readUnder(distRoot, segments);
    if (!file) {
      if (!built() && rest.endsWith('.js')) {
        securityHeaders(c);
        c.header('Cache-Control', 'no-store');
        return c.text('the dashboard is not built: run `npm run build`', 503);
      }
      return notFound(c, 'asset');
    }
    // Not fingerprinted: revalidate each time (cheap: the ETag answers 304).
    return send(c, file, 'no-cache');
  });

  app.get('/vendor/:name', (c) => {
    const name = c.req.param('name');
    const file = vendorFile(name);
    if (!file) {
      const entry = VENDOR[name];
      if (!entry) return notFound(c, 'vendor module');
      securityHeaders(c);
      c.header('Cache-Control', 'no-store');
      return c.text(`${entry.pkg} is not installed where the gateway can find it (${entry.pkg}/${entry.file}): run npm install`, 500);
    }
    return send(c, file, 'public, max-age=3600, must-revalidate');
  });

  return app;
}
