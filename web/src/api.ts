import type { AgentsResponse, ApprovalRequest, AuditFilter, AuditRecord, Freeze, WhoAmI } from './types.js';

/** An error the gateway answered with (`{error: {code, message, hint}}`), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** One line for the page: the gateway's message and, when it gave one, what to do. */
  describe(): string {
    return this.hint ? `${this.message} (${this.hint})` : this.message;
  }
}

export interface FreezeScope {
  readonly agent?: string;
  readonly environment?: string;
}

/** The gateway's /v1 API with the signed-in token. Every call sends `Authorization: Bearer`. */
export class Api {
  constructor(
    readonly token: string,
    /** Called once a request comes back 401: the token is wrong, expired or revoked. */
    private readonly onUnauthorized: () => void = () => undefined,
  ) {}

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { Authorization: `Bearer ${this.token}`, ...extra };
  }

  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers: this.headers(body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' }),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        cache: 'no-store',
      });
    } catch (error) {
      throw new ApiError(0, 'network', `the gateway cannot be reached: ${error instanceof Error ? error.message : String(error)}`);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      if (response.status === 401) this.onUnauthorized();
      const error = (parsed as { error?: { code?: unknown; message?: unknown; hint?: unknown } } | undefined)?.error;
      throw new ApiError(
        response.status,
        typeof error?.code === 'string' ? error.code : `http_${response.status}`,
        typeof error?.message === 'string' ? error.message : `${method} ${path} failed: ${response.status} ${response.statusText}`,
        typeof error?.hint === 'string' ? error.hint : undefined,
      );
    }
    return parsed as T;
  }

  whoami(): Promise<WhoAmI> {
    return this.request('GET', '/v1/whoami');
  }

  async pendingApprovals(): Promise<ApprovalRequest[]> {
    return (await this.request<{ approvals: ApprovalRequest[] }>('GET', '/v1/approvals?state=pending&limit=200')).approvals;
  }

  approval(id: string): Promise<ApprovalRequest> {
    return this.request('GET', `/v1/approvals/${encodeURIComponent(id)}`);
  }

  approve(id: string, reason: string): Promise<ApprovalRequest> {
    return this.request('POST', `/v1/approvals/${encodeURIComponent(id)}/approve`, { reason });
  }

  reject(id: string, reason: string): Promise<ApprovalRequest> {
    return this.request('POST', `/v1/approvals/${encodeURIComponent(id)}/reject`, { reason });
  }

  /** Takes back an approval the agent has not used up yet. */
  revoke(id: string, reason: string): Promise<ApprovalRequest> {
    return this.request('POST', `/v1/approvals/${encodeURIComponent(id)}/revoke`, { reason });
  }

  async audit(filter: AuditFilter, options: { limit?: number; before?: number } = {}): Promise<AuditRecord[]> {
    const query = new URLSearchParams();
    if (filter.agent.trim()) query.set('agent', filter.agent.trim());
    if (filter.environment.trim()) query.set('environment', filter.environment.trim());
    if (filter.decision) query.set('decision', filter.decision);
    query.set('limit', String(options.limit ?? 50));
    if (options.before !== undefined) query.set('before', String(options.before));
    return (await this.request<{ records: AuditRecord[] }>('GET', `/v1/audit?${query}`)).records;
  }

  agents(): Promise<AgentsResponse> {
    return this.request('GET', '/v1/agents');
  }

  async freezes(): Promise<Freeze[]> {
    return (await this.request<{ freezes: Freeze[] }>('GET', '/v1/freezes')).freezes;
  }

  freeze(scope: FreezeScope, reason: string): Promise<Freeze> {
    return this.request('POST', '/v1/freezes', { ...scope, reason });
  }

  /** Lifts the freeze with exactly this scope (an empty scope lifts every freeze). */
  async lift(scope: FreezeScope, reason?: string): Promise<Freeze[]> {
    return (await this.request<{ lifted: Freeze[] }>('POST', '/v1/freezes/lift', { ...scope, ...(reason ? { reason } : {}) })).lifted;
  }
}
