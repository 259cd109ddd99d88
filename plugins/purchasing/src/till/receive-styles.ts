/** The Receive screen's own look, on top of the till's shared classes (cart, lines, totals, primary). */
export const RECEIVE_STYLES = `
.receive-screen .receive-message { margin: 12px 0 0; padding: 10px 14px; border-radius: 8px; border-left: 4px solid var(--accent); background: var(--accent-soft); }
.receive-screen .receive-message.refused { border-left-color: var(--warn); background: #fbeaea; color: var(--warn); }
.receive-screen .receive-message.done { font-weight: 600; }
.receive-screen .receive-lines th { text-align: left; padding: 10px 8px; color: var(--muted); font-size: 13px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.05em; border-bottom: 1px solid var(--line); }
.receive-screen .receive-lines tr { cursor: default; }
.receive-screen .receive-lines tr.scanned td { background: var(--accent-soft); }
.receive-screen .receive-lines tr.complete .figure-cell:first-of-type { color: var(--accent); }
.receive-screen .figure-cell { font-variant-numeric: tabular-nums; font-size: 18px; text-align: center; }
.receive-screen .receive-lines th:not(:first-child) { text-align: center; }
.receive-screen .qty .over { color: var(--warn); }
.receive-screen .over-note { display: block; color: var(--warn); font-size: 12px; }
.receive-screen .extra { color: var(--warn); font-style: normal; }
.receive-screen .tracking { display: flex; gap: 6px; margin-top: 6px; }
.receive-screen .tracking input { min-height: 34px; padding: 0 8px; border: 1px solid var(--line); border-radius: 6px; font-size: 14px; }
.receive-screen .receive-empty { padding: 40px 8px; }
.receive-summary header h2 { margin: 0; font-size: 28px; letter-spacing: 0.02em; }
.receive-summary header .supplier { margin: 4px 0 0; color: var(--muted); }
.receive-summary .receive-count { display: grid; padding: 14px 18px; border-radius: 12px; background: var(--accent-soft); }
.receive-summary .receive-count .number { font-size: 44px; font-weight: 700; color: var(--accent); font-variant-numeric: tabular-nums; }
.receive-summary .receive-count .label { color: var(--muted); }
.receive-summary dt { white-space: nowrap; }
.receive-summary .scan-mode { display: grid; gap: 6px; }
.receive-summary .scan-mode .caption { color: var(--muted); font-size: 13px; text-transform: uppercase; letter-spacing: 0.05em; }
.receive-summary .choice { display: flex; gap: 8px; }
.receive-summary .choice button { flex: 1; min-height: 44px; border: 1px solid var(--line); border-radius: 8px; background: var(--paper); font: inherit; cursor: pointer; }
.receive-summary .choice button.current { border-color: var(--accent); background: var(--accent-soft); color: var(--accent); font-weight: 600; }
.receive-summary .error { margin: 0; }
`;
