import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Button,
  Checkbox,
  Dialog,
  Field,
  MoneyInput,
  NumberInput,
  ProblemNotice,
  SearchInput,
  Select,
  TextInput,
  useResource,
  useSubmit,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { SALES_API, type Promotion } from '../sales-api.ts';

interface Item {
  readonly variantId: string;
  readonly name: string;
  readonly sku: string;
}

const KINDS = [
  { value: 'buy_x_get_y', label: 'Buy some, get some free (the cheapest free)' },
  { value: 'bundle', label: 'A number of items for one price' },
];

/**
 * A new promotion: what kind, its numbers, and the items it covers (found through the catalog's
 * search, GET /api/v1/core-inventory/search). Problems show beside their fields; nothing is kept on a refusal.
 */
export function PromotionDialog({
  context,
  currency,
  open,
  onClose,
  onCreated,
}: {
  context: OfficePluginContext;
  currency: string;
  open: boolean;
  onClose(): void;
  onCreated(promotion: Promotion): void;
}) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'buy_x_get_y' | 'bundle'>('buy_x_get_y');
  const [buy, setBuy] = useState<number | undefined>(2);
  const [get, setGet] = useState<number | undefined>(1);
  const [quantity, setQuantity] = useState<number | undefined>(2);
  const [price, setPrice] = useState<number | undefined>(undefined);
  const [text, setText] = useState('');
  const [items, setItems] = useState<Item[]>([]);
  const hits = useResource(
    (signal) =>
      text.trim()
        ? context.api.get<{ items: Item[] }>('/api/v1/core-inventory/search', { query: { q: text.trim(), limit: 8 }, signal })
        : Promise.resolve({ items: [] }),
    [text],
  );
  const { submit, busy, error, problems } = useSubmit(() =>
    context.api.post<Promotion>(`${SALES_API}/promotions`, {
      name,
      kind,
      variantIds: items.map((item) => item.variantId),
      ...(kind === 'buy_x_get_y' ? { buy, get } : { quantity, price }),
    }),
  );
  const toggle = (item: Item, on: boolean) =>
    setItems((chosen) =>
      on ? [...chosen.filter((c) => c.variantId !== item.variantId), item] : chosen.filter((c) => c.variantId !== item.variantId),
    );
  const save = async () => {
    const promotion = await submit();
    if (!promotion) return;
    setName('');
    setItems([]);
    setText('');
    onCreated(promotion);
  };
  const placed = ['name', 'kind', 'buy', 'get', 'quantity', 'price', 'variantIds'];
  const elsewhere = error !== undefined && !Object.keys(problems).some((field) => placed.includes(field.split('.')[0]!));

  return (
    <Dialog
      open={open}
      title="New promotion"
      onClose={onClose}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" busy={busy} onClick={() => void save()}>
            Start promotion
          </Button>
        </>
      }
    >
      <form
        noValidate
        class="k-form"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        {elsewhere && <ProblemNotice error={error} what="Starting the promotion" />}
        <Field label="Name" name="name" required hint="What the receipt and reports call it" problem={problems['name']}>
          <TextInput name="name" value={name} onValue={setName} placeholder="e.g. Socks 3 for 2" />
        </Field>
        <Field label="Kind" name="kind" problem={problems['kind']}>
          <Select name="kind" value={kind} onValue={(value) => setKind(value as typeof kind)} options={KINDS} />
        </Field>
        {kind === 'buy_x_get_y' ? (
          <>
            <Field label="Customer buys" name="buy" hint="items at full price" problem={problems['buy']}>
              <NumberInput name="buy" value={buy} onValue={setBuy} min={1} />
            </Field>
            <Field label="and gets free" name="get" hint="the cheapest of them" problem={problems['get']}>
              <NumberInput name="get" value={get} onValue={setGet} min={1} />
            </Field>
          </>
        ) : (
          <>
            <Field label="Number of items" name="quantity" problem={problems['quantity']}>
              <NumberInput name="quantity" value={quantity} onValue={setQuantity} min={2} />
            </Field>
            <Field label="For the price of" name="price" problem={problems['price']}>
              <MoneyInput name="price" currency={currency} value={price} onValue={setPrice} />
            </Field>
          </>
        )}
        <Field
          label="Items it covers"
          name="items"
          hint={
            items.length === 0 ? 'Search the catalog and tick the items' : `${items.length} chosen: ${items.map((i) => i.name).join(', ')}`
          }
          problem={
            problems['variantIds'] !== undefined && items.length === 0
              ? 'Tick at least one item it covers'
              : (problems['variantIds'] ?? Object.entries(problems).find(([field]) => field.startsWith('variantIds.'))?.[1])
          }
        >
          <SearchInput label="Find items" value={text} onValue={setText} placeholder="Name, SKU or barcode" />
        </Field>
        {hits.error !== undefined && <ProblemNotice error={hits.error} what="Searching the catalog" onRetry={hits.reload} />}
        <div role="group" aria-label="Items found">
          {[...items, ...(hits.data?.items ?? []).filter((hit) => !items.some((i) => i.variantId === hit.variantId))].map((item) => (
            <Checkbox
              key={item.variantId}
              name={`item-${item.variantId}`}
              checked={items.some((i) => i.variantId === item.variantId)}
              onValue={(on) => toggle(item, on)}
              label={`${item.name} (${item.sku})`}
            />
          ))}
        </div>
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
