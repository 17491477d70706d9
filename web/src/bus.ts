import type { ApprovalRequest, AuditRecord, Freeze } from './types.js';

/** What the live feed delivers, plus `open` each time it (re)connects. */
export type FeedEvent =
  | { readonly type: 'approval'; readonly request: ApprovalRequest }
  | { readonly type: 'freeze'; readonly freezes: readonly Freeze[] }
  | { readonly type: 'audit'; readonly record: AuditRecord }
  | { readonly type: 'open' };

/** One feed, many views: each view subscribes to what it shows. */
export class FeedBus {
  private readonly listeners = new Set<(event: FeedEvent) => void>();

  on(listener: (event: FeedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: FeedEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        console.error('airlock: a view failed to handle a feed event', error);
      }
    }
  }
}
