import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { AgentsView } from './agents.js';
import { Api } from './api.js';
import { ApprovalsView } from './approvals.js';
import { AuditView } from './audit.js';
import { FeedBus } from './bus.js';
import { FreezeBanner, KillSwitch, type KillSwitchPreset } from './freeze.js';
import { connectEvents, type FeedStatus, type SseMessage } from './sse.js';
import type { AgentsResponse, ApprovalRequest, AuditRecord, Freeze, WhoAmI } from './types.js';
import { ErrorNote, errorText } from './ui.js';

type View = 'approvals' | 'audit' | 'agents';

interface Route {
  readonly view: View;
  /** `#/approvals/<id>` */
  readonly id: string | null;
}

export function parseRoute(hash: string): Route {
  const [view, id] = hash.replace(/^#\/?/, '').split('/');
  if (view === 'audit' || view === 'agents') return { view, id: null };
  let decoded: string | null = null;
  if (view === 'approvals' && id) {
    try {
      decoded = decodeURIComponent(id);
    } catch {
      decoded = id;
    }
  }
  return { view: 'approvals', id: decoded };
}

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = (): void => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}

/** The newer version of a request wins; a feed event and a list fetch may arrive in either order. */
function newer(known: ApprovalRequest | undefined, incoming: ApprovalRequest): boolean {
  return !known || Date.parse(incoming.updatedAt) >= Date.parse(known.updatedAt);
}

const FEED_WORDS: Record<FeedStatus, string> = {
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
  stopped: 'offline',
};

export function App({ token, onSignOut }: { token: string; onSignOut: (notice: string | null) => void }): VNode {
  const api = useMemo(() => new Api(token, () => onSignOut('The gateway refused the token (unknown, revoked or mistyped). Sign in again.')), [token]);
  const bus = useMemo(() => new FeedBus(), []);
  const route = useRoute();

  const [me, setMe] = useState<WhoAmI | null>(null);
  const [meError, setMeError] = useState<string | null>(null);
  const [feed, setFeed] = useState<{ status: FeedStatus; detail?: string }>({ status: 'connecting' });
  const [freezes, setFreezes] = useState<readonly Freeze[]>([]);
  const [requests, setRequests] = useState<Readonly<Record<string, ApprovalRequest>>>({});
  const [pendingLoaded, setPendingLoaded] = useState(false);
  const [listError, setListError] = useState<string | null>(null);
  const [selectedError, setSelectedError] = useState<string | null>(null);
  const [agents, setAgents] = useState<AgentsResponse | null>(null);
  const [agentsError, setAgentsError] = useState<string | null>(null);
  const [killSwitch, setKillSwitch] = useState<KillSwitchPreset | null>(null);
  const requestsRef = useRef(requests);
  requestsRef.current = requests;

  const merge = useCallback((incoming: readonly ApprovalRequest[]) => {
    setRequests((current) => {
      let next: Record<string, ApprovalRequest> | undefined;
      for (const request of incoming) {
        if (!newer(current[request.id], request)) continue;
        next ??= { ...current };
        next[request.id] = request;
      }
      return next ?? current;
    });
  }, []);

  const loadPending = useCallback(async () => {
    try {
      const pending = await api.pendingApprovals();
      merge(pending);
      setPendingLoaded(true);
      setListError(null);
      // Requests shown as pending that the list no longer has ended while the feed was away: ask for each.
      const listed = new Set(pending.map((request) => request.id));
      const stale = Object.values(requestsRef.current).filter((request) => request.state === 'pending' && !listed.has(request.id));
      for (const request of stale) api.approval(request.id).then((fresh) => merge([fresh]), () => undefined);
    } catch (thrown) {
      setListError(errorText(thrown));
    }
  }, [api, merge]);

  const loadFreezes = useCallback(async () => {
    try {
      setFreezes(await api.freezes());
    } catch (thrown) {
      setListError(errorText(thrown));
    }
  }, [api]);

  const loadAgents = useCallback(async () => {
    try {
      setAgents(await api.agents());
      setAgentsError(null);
    } catch (thrown) {
      setAgentsError(errorText(thrown));
    }
  }, [api]);

  // Who am I? Everything else waits for the answer.
  useEffect(() => {
    api.whoami().then(setMe, (thrown: unknown) => setMeError(errorText(thrown)));
  }, [api]);

  const reviewer = me !== null && me.role !== 'agent';

  // The live feed: on every (re)connect, refetch what may have been missed.
  useEffect(() => {
    if (!reviewer) return;
    void loadPending();
    void loadFreezes();
    void loadAgents();
    const onMessage = (message: SseMessage): void => {
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        return;
      }
      if (message.event === 'approval') {
        const request = data as ApprovalRequest;
        merge([request]);
        bus.emit({ type: 'approval', request });
      } else if (message.event === 'freeze') {
        const list = (data as { freezes?: Freeze[] }).freezes ?? [];
        setFreezes(list);
        bus.emit({ type: 'freeze', freezes: list });
        void loadAgents();
      } else if (message.event === 'audit') {
        bus.emit({ type: 'audit', record: data as AuditRecord });
      }
    };
    return connectEvents({
      url: '/v1/events',
      headers: api.headers(),
      onMessage,
      onOpen: () => {
        // Whatever happened before this connection (or while it was down) came with no event: catch up.
        void loadPending();
        void loadFreezes();
        void loadAgents();
        bus.emit({ type: 'open' });
      },
      onStatus: (status, detail) => setFeed(detail === undefined ? { status } : { status, detail }),
      onUnauthorized: () => onSignOut('The gateway refused the token for the live feed. Sign in again.'),
    });
  }, [reviewer, api, bus, merge, loadPending, loadFreezes, loadAgents]);

  // A deep link to a request that is not in the pending list (ended, or not loaded yet).
  useEffect(() => {
    setSelectedError(null);
    if (!reviewer || route.id === null || requestsRef.current[route.id]) return;
    const id = route.id;
    api.approval(id).then(
      (request) => merge([request]),
      (thrown: unknown) => setSelectedError(`Request ${id}: ${errorText(thrown)}`),
    );
  }, [reviewer, route.id, api, merge]);

  // Last-seen times move on; the Agents view shows fresh ones each time it opens.
  useEffect(() => {
    if (reviewer && route.view === 'agents') void loadAgents();
  }, [reviewer, route.view, loadAgents]);

  const pending = useMemo(
    () => Object.values(requests).filter((request) => request.state === 'pending').sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    [requests],
  );

  useEffect(() => {
    document.title = pending.length > 0 ? `(${pending.length}) Airlock` : 'Airlock';
  }, [pending.length]);

  const agentNames = useMemo(() => (agents ? agents.agents.map((agent) => agent.name) : []), [agents]);

  if (meError) {
    return html`<main class="signin"><div class="card signin-card">
      <h1>Airlock</h1>
      <${ErrorNote} error=${meError} />
      <button class="button" type="button" onClick=${() => onSignOut(null)}>Sign in again</button>
    </div></main>`;
  }
  if (!me) return html`<main class="boot">Connecting to the gateway…</main>`;
  if (me.role === 'agent') {
    return html`<main class="signin"><div class="card signin-card">
      <h1>Airlock</h1>
      <p>This token belongs to the agent <strong>${me.name}</strong>. The dashboard needs an approver or admin token:
        <code>airlock token create --role approver --name you</code>.</p>
      <button class="button" type="button" onClick=${() => onSignOut(null)}>Use another token</button>
    </div></main>`;
  }

  const isAdmin = me.role === 'admin';
  const tab = (view: View, label: string, count?: number): VNode =>
    html`<a class=${`tab${route.view === view ? ' active' : ''}`} href=${`#/${view}`} aria-current=${route.view === view ? 'page' : undefined} data-testid=${`tab-${view}`}>
      ${label}${count ? html` <span class="count">${count}</span>` : null}
    </a>`;

  return html`<div class="shell">
    <header class="topbar">
      <a class="brand" href="#/approvals"><span class="logo" aria-hidden="true"></span>Airlock</a>
      <nav class="tabs" aria-label="Views">
        ${tab('approvals', 'Approvals', pending.length)} ${tab('audit', 'Audit')} ${tab('agents', 'Agents')}
      </nav>
      <div class="topbar-right">
        <span class=${`feed feed-${feed.status}`} data-testid="feed-status" data-status=${feed.status} title=${feed.detail ?? 'live updates from the gateway'}>
          <span class="dot" aria-hidden="true"></span>${FEED_WORDS[feed.status]}
        </span>
        <span class="whoami" title=${me.approverRoles.length > 0 ? `approver roles: ${me.approverRoles.join(', ')}` : 'no approver roles'}>
          ${me.name} <span class="muted">· ${me.role}</span>
        </span>
        ${isAdmin
          ? html`<button class="button danger-outline small" type="button" data-testid="kill-switch-button" onClick=${() => setKillSwitch(killSwitch ? null : { target: 'all' })}>
              Kill switch
            </button>`
          : null}
        <button class="button subtle small" type="button" onClick=${() => onSignOut(null)}>Sign out</button>
      </div>
    </header>
    <${FreezeBanner} freezes=${freezes} api=${api} isAdmin=${isAdmin} />
    <main class="content">
      ${isAdmin && killSwitch ? html`<${KillSwitch} api=${api} preset=${killSwitch} onClose=${() => setKillSwitch(null)} />` : null}
      <${ErrorNote} error=${listError} testid="list-error" />
      ${route.view === 'approvals'
        ? html`<${ApprovalsView}
            api=${api}
            me=${me}
            pending=${pending}
            selected=${route.id ? (requests[route.id] ?? null) : null}
            selectedId=${route.id}
            selectedError=${selectedError}
            loaded=${pendingLoaded}
            onUpdated=${(request: ApprovalRequest) => merge([request])}
          />`
        : route.view === 'audit'
          ? html`<${AuditView} api=${api} bus=${bus} agentNames=${agentNames} />`
          : html`<${AgentsView}
              agents=${agents}
              error=${agentsError}
              freezes=${freezes}
              isAdmin=${isAdmin}
              onFreeze=${(agent: string) => setKillSwitch({ target: 'agent', name: agent })}
              onUnfreeze=${(agent: string) => void api.lift({ agent }, 'lifted from the dashboard').catch((thrown: unknown) => setAgentsError(errorText(thrown)))}
            />`}
    </main>
  </div>`;
}
