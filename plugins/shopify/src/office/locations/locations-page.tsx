import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Badge,
  Button,
  Card,
  EmptyState,
  Field,
  FormProblem,
  LinkButton,
  Muted,
  PageHeader,
  Select,
  Spinner,
  Stack,
  problemText,
  useResource,
  useSubmit,
} from '@kits/ui-kit';
import { useEffect, useState } from 'preact/hooks';
import { LoadProblem } from '../not-connected.tsx';
import { API, MANAGE, type LocationLink, type LocationMap } from '../shopify-api.ts';
import { ShopifyTabs, shopifyHref } from '../shopify-pages.tsx';
import { choicesChanged, choicesOf, linksOf, optionsFor, unmappedShopifyLocations, type LocationChoices } from './location-choices.ts';

/** Under each of the merchant's locations, what it is in KiTS (a Shopify location may be called "Warehouse" too). */
const KIND_NAMES: Readonly<Record<string, string>> = { store: 'Your store in KiTS', warehouse: 'Your warehouse in KiTS' };

/**
 * Locations: which Shopify location each KiTS location is (each side once). KiTS keeps Shopify's
 * stock at a mapped location equal to its own, and a Shopify order fulfilled from it becomes a
 * sale there.
 */
export function locationsPage(context: OfficePluginContext) {
  return function LocationsPage(_props: OfficePageProps) {
    const map = useResource((signal) => context.api.get<LocationMap>(`${API}/locations`, { signal }), []);
    return (
      <>
        <PageHeader title="Shopify locations" subtitle="Which Shopify location each of your locations is" />
        <ShopifyTabs context={context} current="locations" />
        {map.error !== undefined && <LoadProblem context={context} error={map.error} what="Loading the locations" onRetry={map.reload} />}
        {!map.data && map.loading && <Spinner label="Loading the locations…" />}
        {map.data && <LocationMapForm context={context} map={map.data} onSaved={map.reload} />}
      </>
    );
  };
}

function LocationMapForm({ context, map, onSaved }: { context: OfficePluginContext; map: LocationMap; onSaved: () => void }) {
  const mayManage = context.session.may(MANAGE);
  const [choices, setChoices] = useState<LocationChoices>(() => choicesOf(map));
  useEffect(() => setChoices(choicesOf(map)), [map]);
  const save = useSubmit(async () => {
    const links = linksOf(map, choices);
    await context.api.put<{ links: LocationLink[] }>(`${API}/locations`, { links });
    context.toasts.show(
      links.length === 1 ? 'One location is synced with Shopify' : `${links.length} locations are synced with Shopify`,
      'success',
    );
    onSaved();
    return links;
  });

  if (map.shopify.length === 0)
    return (
      <EmptyState
        title="Shopify has no locations to map"
        action={<LinkButton href={shopifyHref(context, 'connection')}>Check the connection</LinkButton>}
      >
        Connect the store first; its locations (Shopify admin → Settings → Locations) are listed here then.
      </EmptyState>
    );

  // A refusal naming `links.<n>…` is about the n-th link sent: shown beside that location.
  const sent = linksOf(map, choices);
  const problemOf = (locationId: string) => {
    const at = sent.findIndex((link) => link.locationId === locationId);
    return Object.entries(save.problems).find(([field]) => at >= 0 && field.startsWith(`links.${at}`))?.[1];
  };
  const named = Object.keys(save.problems).some((field) => field.startsWith('links.'));
  const unmapped = unmappedShopifyLocations(map, choices);

  return (
    <Stack space={4}>
      <Card title="Your locations">
        <form
          noValidate
          class="k-stack k-gap-4"
          aria-label="Location map"
          onSubmit={(event) => {
            event.preventDefault();
            void save.submit();
          }}
        >
          <Muted>
            At a mapped location, KiTS sets Shopify’s available stock to its own after every sale, receipt or count, and a Shopify order
            fulfilled from that Shopify location becomes a sale there. Each Shopify location can be mapped to one of your locations.
          </Muted>
          <FormProblem>{save.error !== undefined && !named ? problemText(save.error) : undefined}</FormProblem>
          <div class="k-columns k-columns--wide">
            {map.kits.map((location) => (
              <Field
                key={location.id}
                label={location.name}
                name={`location-${location.id}`}
                hint={KIND_NAMES[location.kind] ?? location.kind}
                problem={problemOf(location.id)}
              >
                <Select
                  name={`location-${location.id}`}
                  value={choices[location.id] ?? ''}
                  options={optionsFor(map, choices, location.id)}
                  onValue={(value) => setChoices({ ...choices, [location.id]: value })}
                  disabled={!mayManage}
                  invalid={problemOf(location.id) !== undefined}
                />
              </Field>
            ))}
          </div>
          {mayManage && (
            <div>
              <Button type="submit" variant="primary" busy={save.busy} disabled={!choicesChanged(map, choices)}>
                Save location map
              </Button>
            </div>
          )}
        </form>
      </Card>
      {unmapped.length > 0 && (
        <Card title="Shopify locations not mapped">
          <Stack>
            <Muted>
              KiTS sends no stock to these, and an order Shopify fulfils from one of them is raised as an order discrepancy to resolve.
            </Muted>
            <ul class="k-chips" aria-label="Shopify locations not mapped">
              {unmapped.map((location) => (
                <li key={location.id}>
                  <Badge tone="warning">{location.name}</Badge>
                </li>
              ))}
            </ul>
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
