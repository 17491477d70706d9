import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { age, fullTime } from './format.js';
import type { AgentsResponse, Freeze } from './types.js';
import { ErrorNote, useNow } from './ui.js';

export const AUTONOMY_WORDS: Record<string, string> = {
  observe: 'reads only',
  supervised: 'every write asks',
  guarded: 'reversible, low-blast writes run; destructive or production-wide ones ask; catastrophic ones are refused',
  autonomous: 'only catastrophic changes ask',
};

function Level({ level }: { level: string }): VNode {
  return html`<span class=${`level level-${level}`} title=${`${level}: ${AUTONOMY_WORDS[level] ?? ''}`}>${level}</span>`;
}

/** Per-agent autonomy levels per environment, when each was last seen, and whether it is frozen. */
export function AgentsView(props: {
  agents: AgentsResponse | null;
  error: string | null;
  freezes: readonly Freeze[];
  isAdmin: boolean;
  onFreeze: (agent: string) => void;
  onUnfreeze: (agent: string) => void;
}): VNode {
  const now = useNow(30_000);
  const { agents } = props;
  const environments = agents
    ? [...new Set(agents.agents.flatMap((agent) => Object.keys(agent.autonomy).filter((key) => key !== 'default')))].sort()
    : [];
  return html`<section class="card agents" aria-labelledby="agents-title">
    <div class="card-head">
      <h2 id="agents-title">Agents</h2>
      ${agents ? html`<p class="muted">Agents without their own setting: <${Level} level=${agents.defaultAutonomy} /></p>` : null}
    </div>
    <${ErrorNote} error=${props.error} testid="agents-error" />
    ${agents === null && !props.error ? html`<p class="empty">Loading…</p>` : null}
    ${agents && agents.agents.length === 0 ? html`<p class="empty">No agents yet: they appear once they have a token or have sent a change.</p>` : null}
    ${agents && agents.agents.length > 0
      ? html`<table class="agents-table" data-testid="agents-table">
          <thead>
            <tr>
              <th>Agent</th>
              <th>Default</th>
              ${environments.map((environment) => html`<th>${environment}</th>`)}
              <th>Last seen</th>
              <th>Status</th>
              ${props.isAdmin ? html`<th><span class="visually-hidden">Kill switch</span></th>` : null}
            </tr>
          </thead>
          <tbody>
            ${agents.agents.map((agent) => {
              const ownFreeze = props.freezes.some((freeze) => freeze.agent === agent.name && freeze.environment === null);
              return html`<tr key=${agent.name} data-testid=${`agent-${agent.name}`}>
                <td><strong>${agent.name}</strong></td>
                <td><${Level} level=${agent.autonomy['default'] ?? agents.defaultAutonomy} /></td>
                ${environments.map((environment) => {
                  const level = agent.autonomy[environment];
                  return html`<td>${level ? html`<${Level} level=${level} />` : html`<span class="muted">—</span>`}</td>`;
                })}
                <td title=${agent.lastSeen ? fullTime(agent.lastSeen) : ''}>${agent.lastSeen ? age(agent.lastSeen, now) : html`<span class="muted">never</span>`}</td>
                <td>${agent.frozen ? html`<span class="badge frozen">frozen</span>` : html`<span class="muted">active</span>`}</td>
                ${props.isAdmin
                  ? html`<td>
                      ${ownFreeze
                        ? html`<button class="button subtle small" type="button" onClick=${() => props.onUnfreeze(agent.name)}>Unfreeze</button>`
                        : html`<button class="button subtle small" type="button" onClick=${() => props.onFreeze(agent.name)}>Freeze…</button>`}
                    </td>`
                  : null}
              </tr>`;
            })}
          </tbody>
        </table>`
      : null}
    <p class="hint">
      Autonomy levels come from <code>airlock.yaml</code> (<code>${'agents.<name>.autonomy'}</code>, per environment).
    </p>
    <div class="hint legend-list">
      ${Object.entries(AUTONOMY_WORDS).map(([level, words]) => html`<span class="legend"><${Level} level=${level} /> ${words}</span>`)}
    </div>
  </section>`;
}
