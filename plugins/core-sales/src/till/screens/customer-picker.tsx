import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { sessionMay } from '@kits/plugin-sdk/till';
import { searchCustomers } from '../store/customer-search.ts';
import type { CustomerDoc, TillCustomers } from '../store/customers.ts';
import type { SalesTill } from '../sales-till.ts';

/** The customer a sale is for, as the checkout shows them. */
export interface ChosenCustomer {
  readonly id: string;
  readonly name: string;
}

const WRITE_CUSTOMERS = 'core-sales:customers.write';

/**
 * Names the sale's customer: type a word of the name, an email or a phone number (found in the
 * till's own copy, so offline too), then ArrowDown/Enter or a tap. A cashier allowed to may add a
 * new customer (that needs the network). Escape closes it.
 */
export function CustomerPicker({
  till,
  customers,
  current,
  onPick,
  onClose,
}: {
  till: Pick<SalesTill, 'session' | 'api'>;
  customers: TillCustomers;
  current: ChosenCustomer | undefined;
  onPick: (customer: ChosenCustomer | undefined) => void;
  onClose: () => void;
}) {
  const [text, setText] = useState('');
  const [found, setFound] = useState<CustomerDoc[]>([]);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string>();
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  useLayoutEffect(() => input.current?.focus(), []);
  useEffect(() => {
    let current = true;
    void searchCustomers(customers, text).then((customers) => current && setFound(customers));
    return () => {
      current = false;
    };
  }, [text]);
  const mayAdd = sessionMay(till.session, WRITE_CUSTOMERS);

  const add = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const field = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    setError(undefined);
    try {
      const created = await till.api.post<ChosenCustomer>('/api/v1/core-sales/customers', {
        name: field('name') ?? '',
        ...(field('email') ? { email: field('email') } : {}),
        ...(field('phone') ? { phone: field('phone') } : {}),
      });
      onPick({ id: created.id, name: created.name });
    } catch (failure) {
      setError((failure as Error).message);
    }
  };

  return (
    <div
      class="customer-picker"
      data-testid="customer-picker"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        } else if (event.key === 'ArrowDown' && event.target === input.current) {
          event.preventDefault();
          list.current?.querySelector<HTMLButtonElement>('button')?.focus();
        }
      }}
    >
      <h3>Customer</h3>
      <label>
        Find a customer
        <input
          ref={input}
          type="search"
          value={text}
          placeholder="A name, an email or a phone number"
          onInput={(event) => setText((event.target as HTMLInputElement).value)}
        />
      </label>
      {text.trim() && found.length === 0 && <p class="placeholder">No customer matches “{text.trim()}”.</p>}
      <ul ref={list} class="customer-matches" aria-label="Customers found">
        {found.map((customer) => (
          <li key={customer.id}>
            <button type="button" onClick={() => onPick({ id: customer.id, name: customer.name })}>
              <span class="name">{customer.name}</span>
              <span class="contact">{[customer.email, customer.phone].filter(Boolean).join(' · ')}</span>
            </button>
          </li>
        ))}
      </ul>
      <div class="picker-actions">
        {current && (
          <button type="button" class="secondary" onClick={() => onPick(undefined)}>
            No customer
          </button>
        )}
        {mayAdd && !adding && (
          <button type="button" class="secondary" onClick={() => setAdding(true)}>
            New customer
          </button>
        )}
      </div>
      {adding && (
        <form class="new-customer" onSubmit={add}>
          <label>
            Name
            <input name="name" required maxLength={200} defaultValue={text.trim()} />
          </label>
          <label>
            Email
            <input name="email" type="email" maxLength={320} />
          </label>
          <label>
            Phone
            <input name="phone" type="tel" maxLength={40} />
          </label>
          <button type="submit" class="primary">
            Add and choose
          </button>
        </form>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
