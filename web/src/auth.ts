/**
 * The signed-in token lives in sessionStorage (this tab only, gone when it closes). A link may
 * carry one in its fragment — `#token=alk_…`, or `#/approvals/<id>&token=alk_…` — which the page
 * takes on load and removes from the address bar at once, so it is not left in the history.
 * Fragments are never sent to the server.
 */

const KEY = 'airlock.token';
const TOKEN_SHAPE = /^alk_[A-Za-z0-9_-]+$/;

export function looksLikeToken(text: string): boolean {
  return TOKEN_SHAPE.test(text.trim());
}

/** Takes a token from the URL fragment, if there is one, stores it, and cleans the fragment. */
export function adoptTokenFromFragment(): string | null {
  const fragment = location.hash.replace(/^#/, '');
  if (!fragment.includes('token=')) return null;
  const parts = fragment.split('&');
  const rest: string[] = [];
  let token: string | undefined;
  for (const part of parts) {
    if (part.startsWith('token=')) token = decodeURIComponent(part.slice('token='.length));
    else if (part) rest.push(part);
  }
  if (token && looksLikeToken(token)) storeToken(token);
  const route = rest.join('&');
  history.replaceState(null, '', `${location.pathname}${location.search}${route ? `#${route}` : ''}`);
  return token && looksLikeToken(token) ? token.trim() : null;
}

export function storedToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string): void {
  try {
    sessionStorage.setItem(KEY, token.trim());
  } catch {
    // Storage disabled: the token lasts until reload.
  }
}

export function forgetToken(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing stored
  }
}
