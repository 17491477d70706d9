import { html } from 'htm/preact';
import { render, type VNode } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { App } from './app.js';
import { adoptTokenFromFragment, forgetToken, storedToken, storeToken } from './auth.js';
import { SignIn } from './signin.js';

// Before anything renders: take a `#token=…` from the address bar and remove it from there.
const initialToken = adoptTokenFromFragment() ?? storedToken();

function Root(): VNode {
  const [token, setToken] = useState<string | null>(initialToken);
  const [notice, setNotice] = useState<string | null>(null);

  // A link with a token opened in this tab later (the hash changes, the page does not reload).
  useEffect(() => {
    const onHash = (): void => {
      const adopted = adoptTokenFromFragment();
      if (adopted) setToken(adopted);
    };
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  if (!token) {
    return html`<${SignIn}
      notice=${notice}
      onSignedIn=${(value: string) => {
        storeToken(value);
        setNotice(null);
        setToken(value);
      }}
    />`;
  }
  return html`<${App}
    key=${token}
    token=${token}
    onSignOut=${(message: string | null) => {
      forgetToken();
      setNotice(message);
      setToken(null);
    }}
  />`;
}

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(html`<${Root} />`, root);
}
