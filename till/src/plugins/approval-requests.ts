import type { TillApproval, TillApprovalRequest, TillApprovals } from '@kits/plugin-sdk/till';

/** A request on screen: what to ask, and how to answer the plugin that asked. */
export interface PendingApprovalRequest extends TillApprovalRequest {
  readonly pluginId: string;
  answer(approval: TillApproval | undefined): void;
}

/**
 * The managers' approvals plugins ask for (`context.approvals.request`): one at a time on screen,
 * the till's approval dialog answers them (a manager's PIN, or cancel).
 */
export class ApprovalRequests {
  #current: PendingApprovalRequest | undefined;
  readonly #waiting: PendingApprovalRequest[] = [];
  readonly #listeners = new Set<(current: PendingApprovalRequest | undefined) => void>();

  /** The `approvals` of one plugin's context. */
  forPlugin(pluginId: string): TillApprovals {
    return {
      request: (ask) =>
        new Promise<TillApproval | undefined>((resolve) => {
          if (!ask.permission.trim() || !ask.action.trim()) throw new TypeError('An approval request needs a permission and an action.');
          this.#waiting.push({ ...ask, pluginId, answer: resolve });
          this.#next();
        }),
    };
  }

  /** Calls `listener` with the request on screen now and each time it changes; returns an unsubscribe. */
  watch(listener: (current: PendingApprovalRequest | undefined) => void): () => void {
    this.#listeners.add(listener);
    listener(this.#current);
    return () => this.#listeners.delete(listener);
  }

  /** Answers the request on screen (an approval, or undefined: cancelled) and shows the next. */
  answer(approval: TillApproval | undefined): void {
    const current = this.#current;
    this.#current = undefined;
    current?.answer(approval);
    this.#next();
  }

  #next(): void {
    if (this.#current) return;
    this.#current = this.#waiting.shift();
    for (const listener of this.#listeners) listener(this.#current);
  }
}
