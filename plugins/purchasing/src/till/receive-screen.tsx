import { TillOfflineError, type TillApi, type TillCatalog, type TillSessionInfo } from '@kits/plugin-sdk/till';
import { useRef, useState } from 'preact/hooks';
import { RECEIVE_STYLES } from './receive-styles.ts';
import { allowedMore, linesOf, ORDER_NUMBER, receiptBody, STATUS_WORDS, type CountLine, type PurchaseOrder } from './receive-model.ts';

const UNLISTED = 'purchasing:receive.unlisted';
const OFFLINE = 'Receiving needs the network: the till is offline. Connect it, then scan the order again.';

const isOffline = (error: unknown) => error instanceof TillOfflineError || (error instanceof Error && error.name === 'TillOfflineError');

type Message = { kind: 'info' | 'done' | 'refused'; text: string };

export interface ReceiveScreenProps {
  readonly catalog: TillCatalog;
  readonly api: TillApi;
  readonly session: TillSessionInfo;
  readonly overReceiptPercent: number;
}

/**
 * Receiving a delivery: scan the purchase order's barcode (online only — the order lives on the
 * server), scan each item as it comes out of the box, and post the receipt. The receipt's id is
 * chosen here once per receipt, so posting again after a lost answer cannot receive twice.
 */
export function ReceiveScreen({ catalog, api, session, overReceiptPercent }: ReceiveScreenProps) {
  const [order, setOrder] = useState<PurchaseOrder>();
  const [lines, setLines] = useState<CountLine[]>([]);
  const [message, setMessage] = useState<Message>();
  const [damagedMode, setDamagedMode] = useState(false);
  const [busy, setBusy] = useState(false);
  const [lastScanned, setLastScanned] = useState<string>();
  const receiptId = useRef(crypto.randomUUID());
  const input = useRef<HTMLInputElement>(null);

  const openOrder = async (number: string) => {
    setBusy(true);
    try {
      const found = await api.get<PurchaseOrder>(
        `/api/v1/purchasing/purchase-orders/by-number/${encodeURIComponent(number.toUpperCase())}`,
      );
      setOrder(found);
      setLines(linesOf(found));
      receiptId.current = crypto.randomUUID();
      setLastScanned(undefined);
      const receivable = ['sent', 'partially_received', 'received'].includes(found.status);
      setMessage(
        !receivable
          ? {
              kind: 'refused',
              text: `${found.number} is ${STATUS_WORDS[found.status]?.toLowerCase() ?? found.status}: nothing can be received against it.`,
            }
          : found.locationId !== session.locationId
            ? { kind: 'refused', text: `${found.number} is to be delivered to another location; receive it there.` }
            : { kind: 'info', text: `${found.number} from ${found.supplierName}: scan each item as you unpack it.` },
      );
    } catch (error) {
      setMessage({ kind: 'refused', text: isOffline(error) ? OFFLINE : (error as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const countItem = async (code: string) => {
    if (!order) {
      setMessage({ kind: 'refused', text: 'Scan the barcode printed on the purchase order first, then the items.' });
      return;
    }
    const variant = await catalog.lookup(code);
    if (!variant) {
      setMessage({ kind: 'refused', text: `Nothing in the catalog has the code ${code}.` });
      return;
    }
    const onOrder = lines.some((l) => l.variantId === variant.id);
    if (!onOrder && !session.permissions.includes(UNLISTED)) {
      setMessage({
        kind: 'refused',
        text: `${variant.name} is not on ${order.number}. Put it aside; only someone allowed to receive items that were not ordered can take it in.`,
      });
      return;
    }
    setLines((current) => {
      const existing = current.find((l) => l.variantId === variant.id);
      const base: CountLine = existing ?? {
        variantId: variant.id,
        sku: variant.sku,
        name: variant.name,
        tracking: variant.tracking,
        ordered: 0,
        received: 0,
        damagedBefore: 0,
        counted: 0,
        damaged: 0,
        unplanned: true,
        lot: '',
        expiresOn: '',
        serials: '',
      };
      const next = damagedMode ? { ...base, damaged: base.damaged + 1 } : { ...base, counted: base.counted + 1 };
      return existing ? current.map((l) => (l.variantId === variant.id ? next : l)) : [...current, next];
    });
    setLastScanned(variant.id);
    setMessage({
      kind: 'info',
      text: `${damagedMode ? 'Damaged: ' : ''}${variant.name}${onOrder ? '' : ' (not on the order, received as extra)'}`,
    });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const field = event.currentTarget as HTMLInputElement;
    const code = field.value.trim();
    field.value = '';
    if (!code) return;
    void (ORDER_NUMBER.test(code) ? openOrder(code) : countItem(code));
  };

  const adjust = (variantId: string, field: 'counted' | 'damaged', by: number) =>
    setLines((current) => current.map((l) => (l.variantId === variantId ? { ...l, [field]: Math.max(0, l[field] + by) } : l)));
  const edit = (variantId: string, field: 'lot' | 'expiresOn' | 'serials', value: string) =>
    setLines((current) => current.map((l) => (l.variantId === variantId ? { ...l, [field]: value } : l)));

  const counted = lines.reduce((n, l) => n + l.counted, 0);
  const damaged = lines.reduce((n, l) => n + l.damaged, 0);
  const over = lines.filter((l) => l.counted + l.damaged > allowedMore(l, overReceiptPercent));

  const post = async () => {
    if (!order || counted + damaged === 0) return;
    setBusy(true);
    try {
      const answer = await api.post<{ status: string }>(
        `/api/v1/purchasing/purchase-orders/${order.id}/receipts`,
        receiptBody(receiptId.current, lines),
      );
      const refreshed = await api.get<PurchaseOrder>(`/api/v1/purchasing/purchase-orders/${order.id}`);
      receiptId.current = crypto.randomUUID();
      setOrder(refreshed);
      setLines(linesOf(refreshed));
      setLastScanned(undefined);
      setMessage({
        kind: 'done',
        text: `Posted: ${counted} into stock${damaged ? `, ${damaged} damaged (not for sale)` : ''}. ${order.number} is now ${STATUS_WORDS[answer.status]?.toLowerCase() ?? answer.status}.`,
      });
    } catch (error) {
      // The same receipt id is kept: posting again after a lost answer receives it once.
      setMessage({ kind: 'refused', text: isOffline(error) ? OFFLINE : (error as Error).message });
    } finally {
      setBusy(false);
      input.current?.focus();
    }
  };

  return (
    <section class="checkout receive-screen">
      <style>{RECEIVE_STYLES}</style>
      <div class="cart">
        <input
          ref={input}
          class="search-input"
          placeholder={order ? 'Scan each item (or another order)' : 'Scan the barcode on the purchase order'}
          onKeyDown={onKeyDown}
          autoFocus
          aria-label="Scan an order or item"
          disabled={busy}
        />
        {message && (
          <p class={`receive-message ${message.kind}`} role={message.kind === 'refused' ? 'alert' : 'status'} data-testid="receive-message">
            {message.text}
          </p>
        )}
        {order ? (
          <table class="lines receive-lines">
            <thead>
              <tr>
                <th>Item</th>
                <th>Ordered</th>
                <th>Received</th>
                <th>Counted</th>
                <th>Damaged</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => {
                const excess = line.counted + line.damaged - allowedMore(line, overReceiptPercent);
                const complete = line.received + line.damagedBefore + line.counted + line.damaged >= line.ordered && line.ordered > 0;
                return (
                  <tr
                    key={line.variantId}
                    data-testid="receive-line"
                    class={[line.variantId === lastScanned ? 'scanned' : '', complete ? 'complete' : ''].join(' ').trim()}
                  >
                    <td class="item">
                      <span class="name">{line.name}</span>
                      <span class="sku">
                        {line.sku}
                        {line.damagedBefore > 0 && ` · ${line.damagedBefore} came damaged before`}
                        {line.unplanned && <em class="extra"> · not ordered</em>}
                      </span>
                      {line.tracking === 'lot' && line.counted > 0 && (
                        <span class="tracking">
                          <input
                            aria-label={`Lot of ${line.name}`}
                            placeholder="Lot"
                            value={line.lot}
                            onInput={(e) => edit(line.variantId, 'lot', e.currentTarget.value)}
                          />
                          <input
                            aria-label={`Expiry of ${line.name}`}
                            type="date"
                            value={line.expiresOn}
                            onInput={(e) => edit(line.variantId, 'expiresOn', e.currentTarget.value)}
                          />
                        </span>
                      )}
                      {line.tracking === 'serial' && line.counted > 0 && (
                        <span class="tracking">
                          <input
                            aria-label={`Serial numbers of ${line.name}`}
                            placeholder={`${line.counted} serial number(s), comma-separated`}
                            value={line.serials}
                            onInput={(e) => edit(line.variantId, 'serials', e.currentTarget.value)}
                          />
                        </span>
                      )}
                    </td>
                    <td class="figure-cell">{line.unplanned ? '—' : line.ordered}</td>
                    <td class="figure-cell">{line.received}</td>
                    <td class="qty">
                      <button type="button" aria-label={`One less ${line.name}`} onClick={() => adjust(line.variantId, 'counted', -1)}>
                        −
                      </button>
                      <span data-testid="counted" class={excess > 0 ? 'over' : ''}>
                        {line.counted}
                      </span>
                      <button type="button" aria-label={`One more ${line.name}`} onClick={() => adjust(line.variantId, 'counted', 1)}>
                        +
                      </button>
                      {excess > 0 && <span class="over-note">{excess} over</span>}
                    </td>
                    <td class="qty">
                      <button
                        type="button"
                        aria-label={`One less damaged ${line.name}`}
                        onClick={() => adjust(line.variantId, 'damaged', -1)}
                      >
                        −
                      </button>
                      <span>{line.damaged}</span>
                      <button
                        type="button"
                        aria-label={`One more damaged ${line.name}`}
                        onClick={() => adjust(line.variantId, 'damaged', 1)}
                      >
                        +
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : (
          <div class="receive-empty">
            <p class="placeholder">Scan the barcode printed on a purchase order to open it, then scan the items as you unpack them.</p>
            <p class="placeholder">Receiving works online only: the order and the stock live on the server.</p>
          </div>
        )}
      </div>
      <aside class="totals receive-summary">
        {order ? (
          <>
            <header>
              <h2 data-testid="order-number">{order.number}</h2>
              <p class="supplier">{order.supplierName}</p>
            </header>
            <dl>
              <dt>Status</dt>
              <dd data-testid="order-status">{STATUS_WORDS[order.status] ?? order.status}</dd>
              <dt>Expected</dt>
              <dd>{order.expectedOn ?? '—'}</dd>
              <dt>Ordered</dt>
              <dd>{lines.reduce((n, l) => n + l.ordered, 0)}</dd>
              <dt>Received</dt>
              <dd>{lines.reduce((n, l) => n + l.received, 0)}</dd>
            </dl>
            <div class="receive-count">
              <span class="number" data-testid="counted-total">
                {counted}
              </span>
              <span class="label">counted into stock{damaged > 0 ? ` · ${damaged} damaged` : ''}</span>
            </div>
            <div class="scan-mode">
              <span class="caption">Scans count as</span>
              <div class="choice" role="group" aria-label="Scans count as">
                <button type="button" class={damagedMode ? '' : 'current'} onClick={() => (setDamagedMode(false), input.current?.focus())}>
                  Good
                </button>
                <button type="button" class={damagedMode ? 'current' : ''} onClick={() => (setDamagedMode(true), input.current?.focus())}>
                  Damaged
                </button>
              </div>
            </div>
            {over.length > 0 && (
              <p class="error">
                More than {overReceiptPercent > 0 ? `${overReceiptPercent} % over ` : ''}the order on {over.length} line
                {over.length > 1 ? 's' : ''}: take the extra off, or the server will refuse the receipt.
              </p>
            )}
            <button type="button" class="primary" disabled={busy || counted + damaged === 0} onClick={() => void post()}>
              {busy ? 'Posting…' : 'Post receipt'}
            </button>
          </>
        ) : (
          <p class="placeholder">No order open.</p>
        )}
      </aside>
    </section>
  );
}
