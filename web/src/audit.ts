import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Api } from './api.js';
import type { FeedBus } from './bus.js';
import { auditSummary, clock, fullTime } from './format.js';
import type { AuditFilter, AuditRecord } from './types.js';
import { DecisionBadge, ErrorNote, errorText, SeverityBadge } from './ui.js';

const PAGE = 50;
/** Most rows kept while live records keep arriving; older ones come back with "Load older". */
const MAX_ROWS = 1000;

function matches(record: AuditRecord, filter: AuditFilter): boolean {
  if (filter.agent.trim() && record.agent !== filter.agent.trim()) return false;
  if (filter.environment.trim() && record.environment !== filter.environment.trim()) return false;
  if (filter.decision && record.decision !== filter.decision) return false;
  return true;
}

/** The audit timeline, newest first, with filters; new records arrive live from the feed. */
export function AuditView({ api, bus, agentNames }: { api: Api; bus: FeedBus; agentNames: readonly string[] }): VNode {
  const [filter, setFilter] = useState<AuditFilter>({ agent: '', environment: '', decision: '' });
  const [records, setRecords] = useState<AuditRecord[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [exhausted, setExhausted] = useState(false);
  const filterRef = useRef(filter);
  filterRef.current = filter;
  const generation = useRef(0);

  const load = async (current: AuditFilter): Promise<void> => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const page = await api.audit(current, { limit: PAGE });
      if (mine !== generation.current) return;
      setRecords(page);
      setExhausted(page.length < PAGE);
      setError(null);
    } catch (thrown) {
      if (mine === generation.current) setError(errorText(thrown));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  };

  // Filters apply as you type, once typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => void load(filter), 250);
    return () => clearTimeout(timer);
  }, [filter.agent, filter.environment, filter.decision]);

  useEffect(
    () =>
      bus.on((event) => {
        if (event.type === 'open') void load(filterRef.current);
        if (event.type === 'audit' && matches(event.record, filterRef.current)) {
          setRecords((list) => (list.some((entry) => entry.seq === event.record.seq) ? list : [event.record, ...list].slice(0, MAX_ROWS)));
        }
      }),
    [bus],
  );

  const older = async (): Promise<void> => {
    const last = records[records.length - 1];
    if (!last) return;
    const mine = generation.current;
    setLoading(true);
    try {
      const page = await api.audit(filter, { limit: PAGE, before: last.seq });
      if (mine !== generation.current) return;
      setRecords((list) => [...list, ...page.filter((entry) => !list.some((known) => known.seq === entry.seq))]);
      setExhausted(page.length < PAGE);
    } catch (thrown) {
      setError(errorText(thrown));
    } finally {
      setLoading(false);
    }
  };

  const field = (key: keyof AuditFilter) => (event: Event) => {
    const value = (event.currentTarget as HTMLInputElement | HTMLSelectElement).value;
    setFilter((current) => ({ ...current, [key]: value }));
  };

  const now = Date.now();
  return html`<section class="card audit" aria-labelledby="audit-title">
    <div class="card-head">
      <h2 id="audit-title">Audit timeline</h2>
      <form class="filters" onSubmit=${(event: Event) => event.preventDefault()} data-testid="audit-filters">
        <label>Agent
          <input list="agent-names" value=${filter.agent} onInput=${field('agent')} placeholder="any" data-testid="filter-agent" />
        </label>
        <datalist id="agent-names">${agentNames.map((name) => html`<option value=${name}></option>`)}</datalist>
        <label>Environment
          <input value=${filter.environment} onInput=${field('environment')} placeholder="any" data-testid="filter-environment" />
        </label>
        <label>Decision
          <select value=${filter.decision} onChange=${field('decision')} data-testid="filter-decision">
            <option value="">any</option>
            <option value="allow">allow</option>
            <option value="ask">ask</option>
            <option value="deny">deny</option>
          </select>
        </label>
      </form>
    </div>
    <${ErrorNote} error=${error} testid="audit-error" />
    <table class="timeline" data-testid="audit-table">
      <thead>
        <tr><th>Time</th><th>Agent</th><th>Kind</th><th>Environment</th><th>Decision</th><th>Severity</th><th>What</th></tr>
      </thead>
      <tbody>
        ${records.map(
          (record) => html`<tr key=${record.seq} data-testid="audit-row" data-seq=${record.seq} data-decision=${record.decision ?? ''}>
            <td class="nowrap" title=${`${fullTime(record.at)} · record ${record.seq}`}>${clock(record.at, now)}</td>
            <td>${record.agent ?? '—'}</td>
            <td>${record.type === 'decision' ? (record.kind ?? '—') : html`${record.type}${record.kind ? html` <span class="muted">${record.kind}</span>` : null}`}</td>
            <td>${record.environment ?? '—'}</td>
            <td>
              <${DecisionBadge} decision=${record.decision} />
              ${record.mode === 'shadow' ? html` <span class="muted" title="shadow mode: recorded, not enforced">shadow</span>` : null}
            </td>
            <td><${SeverityBadge} severity=${record.severity} /></td>
            <td class="summary-cell">${auditSummary(record)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    ${records.length === 0 && !loading ? html`<p class="empty">No audit records match these filters.</p>` : null}
    <div class="actions">
      ${loading ? html`<span class="muted">Loading…</span>` : null}
      ${!exhausted && records.length > 0 && !loading ? html`<button class="button subtle" type="button" onClick=${() => void older()}>Load older</button>` : null}
    </div>
  </section>`;
}
