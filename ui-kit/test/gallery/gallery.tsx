import { render } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import '../../src/styles.css';
import {
  Badge,
  Button,
  Card,
  Checkbox,
  ConfirmDialog,
  DataTable,
  DateTime,
  DescriptionList,
  Dialog,
  EmptyState,
  Field,
  KitProvider,
  LinkButton,
  Money,
  MoneyInput,
  NumberInput,
  PageHeader,
  Notice,
  ProblemNotice,
  Quantity,
  SchemaForm,
  SearchInput,
  Select,
  Spinner,
  Stat,
  Tabs,
  TextInput,
  ToastHost,
  Toolbar,
  useSubmit,
  useToasts,
  type Column,
  type JsonSchema,
} from '../../src/index.ts';
import { galleryProducts, type GalleryProduct } from './catalog.ts';

/** The kit's components on one page, for people to look at and for the gallery test to use as a person would. */

const columns: Column<GalleryProduct>[] = [
  { key: 'name', title: 'Name', width: 'minmax(160px, 2fr)', sortValue: (row) => row.name },
  { key: 'sku', title: 'SKU', width: '130px', sortValue: (row) => row.sku },
  {
    key: 'status',
    title: 'Status',
    width: '112px',
    render: (row) => <Badge tone={row.active ? 'success' : 'neutral'}>{row.active ? 'Active' : 'Archived'}</Badge>,
  },
  {
    key: 'stock',
    title: 'Stock',
    width: '90px',
    align: 'end',
    sortValue: (row) => row.stock,
    render: (row) => <Quantity value={row.stock} />,
  },
  {
    key: 'price',
    title: 'Price',
    width: '110px',
    align: 'end',
    sortValue: (row) => row.price,
    render: (row) => <Money amount={row.price} currency="EUR" />,
  },
  {
    key: 'updatedAt',
    title: 'Updated',
    width: 'minmax(150px, 1fr)',
    sortValue: (row) => row.updatedAt,
    render: (row) => <DateTime value={row.updatedAt} timeZone="UTC" />,
  },
];

const settingsSchema: JsonSchema = {
  type: 'object',
  required: ['currency'],
  properties: {
    currency: { type: 'string', format: 'iso4217', title: 'Currency', description: 'The currency the store sells in.' },
    mode: { type: 'string', enum: ['live', 'test'], default: 'test', title: 'Mode' },
    apiKey: { type: 'string', 'x-kits-secret': true, title: 'API key' },
    retries: { type: 'integer', default: 3, title: 'Retries' },
    printLogo: { type: 'boolean', default: true, title: 'Print logo', description: 'Print the store logo on receipts' },
    receipt: { type: 'object', title: 'Receipt', properties: { footerText: { type: 'string', title: 'Footer text' } } },
  },
};

/** A stand-in for the kernel: refuses a SKU with a space as a 400 request.invalid would. */
async function saveProduct(form: { sku: string; price: number | undefined }): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  if (/\s/.test(form.sku) || form.sku === '')
    throw Object.assign(new Error('The request is not valid.'), {
      problem: {
        status: 400,
        code: 'request.invalid',
        detail: 'The request is not valid.',
        errors: [{ field: 'body.sku', message: form.sku ? 'must not contain spaces' : 'is required' }],
      },
    });
  return form.sku;
}

function ProductForm() {
  const [sku, setSku] = useState('');
  const [price, setPrice] = useState<number | undefined>(1250);
  const [quantity, setQuantity] = useState<number | undefined>(1);
  const [unit, setUnit] = useState('pcs');
  const [track, setTrack] = useState(true);
  const { show } = useToasts();
  const { submit, busy, problems } = useSubmit(saveProduct);
  return (
    <form
      class="k-form"
      aria-label="Product"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit({ sku, price }).then((saved) => saved !== undefined && show('Product saved'));
      }}
    >
      <Field label="SKU" name="sku" hint="Letters, digits and dashes." problem={problems.sku} required>
        <TextInput name="sku" value={sku} onValue={setSku} />
      </Field>
      <Field label="Price" name="price" problem={problems.price}>
        <MoneyInput name="price" currency="EUR" value={price} onValue={setPrice} />
      </Field>
      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '12px' }}>
        <Field label="Reorder quantity" name="quantity">
          <NumberInput name="quantity" value={quantity} onValue={setQuantity} min={0} />
        </Field>
        <Field label="Unit" name="unit">
          <Select
            name="unit"
            value={unit}
            onValue={setUnit}
            options={[
              { value: 'pcs', label: 'Pieces' },
              { value: 'kg', label: 'Kilograms' },
            ]}
          />
        </Field>
      </div>
      <Checkbox name="track" checked={track} onValue={setTrack} label="Track stock" />
      <div class="k-form__actions">
        <Button type="submit" variant="primary" busy={busy}>
          Save product
        </Button>
        <Button variant="ghost" onClick={() => show('Draft kept', 'info')}>
          Show toast
        </Button>
      </div>
    </form>
  );
}

interface Supplier {
  readonly id: string;
  readonly name: string;
  readonly openOrders: number;
}

const supplierPage = (from: number): Supplier[] =>
  Array.from({ length: 50 }, (_, index) => ({
    id: `s${from + index + 1}`,
    name: `Supplier ${from + index + 1}`,
    openOrders: (from + index) % 4,
  }));

/** A list the "server" pages: 50 suppliers at a time, the next page asked for as the rows near the end. */
function Suppliers() {
  const [suppliers, setSuppliers] = useState<Supplier[]>(() => supplierPage(0));
  const [loading, setLoading] = useState(false);
  return (
    <DataTable
      label="Suppliers"
      columns={[
        { key: 'name', title: 'Supplier' },
        { key: 'openOrders', title: 'Open orders', align: 'end', width: '120px' },
      ]}
      rows={suppliers}
      rowKey={(row) => row.id}
      rowHref={(row) => `#supplier-${row.id}`}
      loading={loading}
      onEndReached={() => {
        if (suppliers.length >= 200) return;
        setLoading(true);
        setTimeout(() => {
          setSuppliers((shown) => [...shown, ...supplierPage(shown.length)]);
          setLoading(false);
        }, 100);
      }}
      height={240}
    />
  );
}

function Gallery() {
  const products = useMemo(() => galleryProducts(), []);
  const [opened, setOpened] = useState<string>();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [tab, setTab] = useState('overview');
  const [search, setSearch] = useState('');
  const [settings, setSettings] = useState<Record<string, unknown>>({ currency: 'EUR' });
  const [dark, setDark] = useState(false);
  const shown = useMemo(() => (search ? products.filter((product) => product.name.includes(search)) : products), [products, search]);
  return (
    <main style={{ padding: '24px 32px', maxWidth: '1400px', margin: '0 auto' }}>
      <PageHeader
        title="Products"
        subtitle="Every component of the kit, on one page."
        back={{ href: '#catalog', label: 'Catalog' }}
        actions={
          <>
            <Button
              variant="ghost"
              aria-pressed={dark}
              onClick={() => {
                document.documentElement.dataset.theme = dark ? 'light' : 'dark';
                setDark(!dark);
              }}
            >
              Dark theme
            </Button>
            <LinkButton href="#export">Export</LinkButton>
            <Button onClick={() => setEditing(true)}>Edit product</Button>
            <Button variant="danger" onClick={() => setDeleting(true)}>
              Delete product
            </Button>
            <Button variant="primary">New product</Button>
          </>
        }
      />
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(4, minmax(0, 1fr))', gap: '16px', marginBottom: '20px' }}>
        <Stat label="Sales today" value={<Money amount={1_284_350} currency="EUR" />} detail="+12% on last Sunday" />
        <Stat label="Products" value={<Quantity value={products.length} />} detail="14,286 archived" />
        <Stat label="Low stock" value="38" detail={<Badge tone="warning">Reorder</Badge>} />
        <Stat label="Open orders" value="7" detail={<Spinner label="Syncing…" />} />
      </div>
      <Tabs
        tabs={[
          { id: 'overview', label: 'Overview' },
          { id: 'variants', label: 'Variants' },
          { id: 'history', label: 'History' },
        ]}
        current={tab}
        onChange={setTab}
        label="Product views"
      />
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 2fr) minmax(320px, 1fr)', gap: '20px', alignItems: 'start' }}>
        <div style={{ display: 'grid', gap: '20px', minWidth: 0 }}>
          <Card title="Catalog" actions={<Badge tone="info">{shown.length.toLocaleString('en')} products</Badge>}>
            <Toolbar>
              <SearchInput label="Search products" value={search} onValue={setSearch} placeholder="Search by name" />
              <Badge tone="success">Active</Badge>
              <Badge tone="danger">Out of stock</Badge>
              <Badge>Draft</Badge>
            </Toolbar>
            <DataTable
              label="Products"
              columns={columns}
              rows={shown}
              rowKey={(row) => row.id}
              onRowClick={(row) => setOpened(row.name)}
              height={420}
            />
            <p role="status" aria-label="Opened product" style={{ margin: '8px 0 0' }} class="k-muted">
              {opened ? `Opened ${opened}` : 'No product opened'}
            </p>
          </Card>
          <Card title="Suppliers">
            <Suppliers />
          </Card>
          <Card title="When things go wrong">
            <div style={{ display: 'grid', gap: '12px' }}>
              <ProblemNotice
                what="Loading products"
                error={{ problem: { detail: 'The server did not answer in time.' } }}
                onRetry={() => undefined}
              />
              <Notice tone="warning" title="KiTS moved this plugin to another version">
                <p>stamps 1.1.0 was withdrawn by its publisher (prints wrong totals); this shop now runs 1.0.0.</p>
              </Notice>
              <EmptyState title="No suppliers yet" action={<Button variant="primary">Add a supplier</Button>}>
                Suppliers you buy from appear here, with their open purchase orders.
              </EmptyState>
            </div>
          </Card>
        </div>
        <div style={{ display: 'grid', gap: '20px' }}>
          <Card title="Edit product">
            <ProductForm />
          </Card>
          <Card title="Details">
            <DescriptionList
              items={[
                ['SKU', 'TS-01'],
                ['Price', <Money amount={2499} currency="EUR" />],
                ['Stock', <Quantity value={12.5} unit="kg" />],
                ['Created', <DateTime value="2026-03-14T09:30:00Z" timeZone="UTC" />],
              ]}
            />
          </Card>
          <Card title="Plugin settings">
            <SchemaForm
              schema={settingsSchema}
              value={settings}
              onValue={setSettings}
              secretsSet={['apiKey']}
              problems={{ 'settings.currency': 'must be an ISO 4217 code' }}
              problemPrefix="settings."
            />
          </Card>
        </div>
      </div>
      <Dialog
        open={editing}
        title="Edit product"
        onClose={() => setEditing(false)}
        footer={
          <>
            <Button onClick={() => setEditing(false)}>Cancel</Button>
            <Button variant="primary" onClick={() => setEditing(false)}>
              Save
            </Button>
          </>
        }
      >
        <div style={{ display: 'grid', gap: '12px' }}>
          <Field label="Name" name="dialog-name">
            <TextInput name="name" value="T-shirt" onValue={() => undefined} />
          </Field>
          <Field label="Price" name="dialog-price">
            <MoneyInput name="price" currency="EUR" value={2499} onValue={() => undefined} />
          </Field>
        </div>
      </Dialog>
      <ConfirmDialog
        open={deleting}
        title="Delete product?"
        message="T-shirt and its 3 variants will be deleted. Sales that sold it keep their lines."
        confirmLabel="Delete product"
        tone="danger"
        onConfirm={() => setDeleting(false)}
        onCancel={() => setDeleting(false)}
      />
    </main>
  );
}

render(
  <KitProvider locale="en-GB">
    <ToastHost>
      <Gallery />
    </ToastHost>
  </KitProvider>,
  document.getElementById('root')!,
);
