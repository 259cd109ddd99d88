import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Button, Card, Field, FormProblem, Muted, TextInput, problemText, useSubmit } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { API, CONNECT_PAGE, type Connection } from '../shopify-api.ts';
import { shopDomainOf, shopDomainProblem } from './shop-domain.ts';

/** The address Shopify sends the merchant back to after the install: this office's connect page. */
export const connectRedirectUri = (context: OfficePluginContext): string => `${window.location.origin}${context.href(CONNECT_PAGE)}`;

/**
 * Install the KiTS app on the store: the shop domain goes to POST /connection/oauth/start, and the
 * browser leaves for Shopify's authorize page; Shopify sends the merchant back to the connect page.
 */
export function InstallAppForm({ context, appConfigured }: { context: OfficePluginContext; appConfigured: boolean }) {
  const [shop, setShop] = useState('');
  const [typedProblem, setTypedProblem] = useState<string | undefined>();
  const start = useSubmit(async () => {
    const { authorizeUrl } = await context.api.post<{ authorizeUrl: string }>(`${API}/connection/oauth/start`, {
      shopDomain: shopDomainOf(shop),
      redirectUri: connectRedirectUri(context),
    });
    window.location.assign(authorizeUrl);
    return authorizeUrl;
  });
  const submit = () => {
    const problem = shopDomainProblem(shop);
    setTypedProblem(problem);
    if (!problem) void start.submit();
  };
  const problem = typedProblem ?? start.problems['shopDomain'];
  return (
    <Card title="Install the app on your store">
      <form
        noValidate
        class="k-stack k-gap-3"
        aria-label="Install the app"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Muted>
          Shopify asks you to approve what KiTS may read and change (products, inventory, orders, locations), then sends you back here.
        </Muted>
        <FormProblem>{start.error !== undefined && !start.problems['shopDomain'] ? problemText(start.error) : undefined}</FormProblem>
        <Field
          label="Store domain"
          name="shopDomain"
          hint="Your store’s myshopify.com domain, such as your-store.myshopify.com"
          problem={problem}
        >
          <TextInput
            name="shopDomain"
            value={shop}
            onValue={(value) => {
              setShop(value);
              setTypedProblem(undefined);
            }}
            placeholder="your-store.myshopify.com"
            invalid={problem !== undefined}
            autoComplete="off"
            spellcheck={false}
          />
        </Field>
        <div>
          <Button type="submit" variant="primary" busy={start.busy} disabled={!appConfigured}>
            Connect with Shopify
          </Button>
        </div>
        {!appConfigured && <Muted small>The app’s client ID and secret must be in the plugin’s settings first (see below).</Muted>}
      </form>
    </Card>
  );
}

/** Connect with a custom app's Admin API access token (`shpat_…`): Shopify checks it before it is kept. */
export function AccessTokenForm({ context, onConnected }: { context: OfficePluginContext; onConnected: (connection: Connection) => void }) {
  const [shop, setShop] = useState('');
  const [token, setToken] = useState('');
  const [typedProblem, setTypedProblem] = useState<string | undefined>();
  const save = useSubmit(async () => {
    const connection = await context.api.post<Connection>(`${API}/connection/token`, {
      shopDomain: shopDomainOf(shop),
      accessToken: token.trim(),
    });
    setToken('');
    context.toasts.show(`Connected to ${connection.shopDomain ?? shopDomainOf(shop)}`, 'success');
    onConnected(connection);
    return connection;
  });
  const submit = () => {
    const problem = shopDomainProblem(shop);
    setTypedProblem(problem);
    if (!problem) void save.submit();
  };
  const field = (name: string) => save.problems[name];
  const shopProblem = typedProblem ?? field('shopDomain');
  const named = ['shopDomain', 'accessToken'].some((name) => field(name) !== undefined);
  return (
    <Card title="Or connect with a custom app’s token">
      <form
        noValidate
        class="k-stack k-gap-3"
        aria-label="Connect with an access token"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Muted>
          For an app made in the store’s admin (Settings → Apps and sales channels → Develop apps): give it the Admin API access scopes
          read_products, write_products, read_inventory, write_inventory, read_orders, read_locations and read_fulfillments, install it, and
          paste its Admin API access token here. It is shown once by Shopify; KiTS keeps it sealed and never shows it.
        </Muted>
        <FormProblem>{save.error !== undefined && !named ? problemText(save.error) : undefined}</FormProblem>
        <Field label="Store domain" name="tokenShopDomain" problem={shopProblem}>
          <TextInput
            name="tokenShopDomain"
            value={shop}
            onValue={(value) => {
              setShop(value);
              setTypedProblem(undefined);
            }}
            placeholder="your-store.myshopify.com"
            invalid={shopProblem !== undefined}
            autoComplete="off"
            spellcheck={false}
          />
        </Field>
        <Field label="Admin API access token" name="accessToken" hint="Starts with shpat_" problem={field('accessToken')}>
          <TextInput
            name="accessToken"
            type="password"
            value={token}
            onValue={setToken}
            invalid={field('accessToken') !== undefined}
            autoComplete="off"
          />
        </Field>
        <div>
          <Button type="submit" busy={save.busy} disabled={token.trim() === ''}>
            Connect with this token
          </Button>
        </div>
      </form>
    </Card>
  );
}
