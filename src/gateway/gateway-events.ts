import { EventEmitter } from 'node:events';
import type { ApprovalRequest } from '../approvals/approval-request.js';
import type { AuditRow, Freeze } from '../store/index.js';

/** What the dashboard's live feed carries; one name per event. */
export interface GatewayEventMap {
  approval: ApprovalRequest;
  freeze: { freezes: Freeze[] };
  audit: AuditSummary;
}
export type GatewayEventName = keyof GatewayEventMap;

/** An audit record as the API shows it: the columns, with the body parsed and wouldBlock a boolean. */
export type AuditSummary = Omit<AuditRow, 'body' | 'wouldBlock' | 'prevHash' | 'hash'> & { readonly wouldBlock: boolean; readonly body: unknown };

/** In-process fan-out of state changes to live subscribers (SSE streams, waiting agent calls). */
export class GatewayEvents {
  readonly #emitter = new EventEmitter();

  constructor() {
    // Every open dashboard and every waiting agent call is a listener; there is no fixed bound.
    this.#emitter.setMaxListeners(0);
  }

  emit<K extends GatewayEventName>(name: K, data: GatewayEventMap[K]): void {
    this.#emitter.emit(name, data);
  }

  /** Subscribes; returns the function that unsubscribes. */
  on<K extends GatewayEventName>(name: K, listener: (data: GatewayEventMap[K]) => void): () => void {
    this.#emitter.on(name, listener);
    return () => this.#emitter.off(name, listener);
  }
}
