import type { OfficeLocationChoice } from '@kits/plugin-sdk/office';
import { Card, EmptyState, PageHeader } from '@kits/ui-kit';
import { useEffect, useState } from 'preact/hooks';
import type { OfficeContributions } from '../plugins/office-contributions.ts';
import { ContributionView } from '../plugins/contribution-box.tsx';

/** Home: the cards plugins contribute (today's sales, low stock, orders due), for the chosen location. */
export function Dashboard({
  contributions,
  may,
  location,
  greeting,
}: {
  contributions: OfficeContributions;
  may: (permission: string) => boolean;
  location: OfficeLocationChoice;
  greeting: string;
}) {
  const [locationId, setLocationId] = useState(location.current?.id);
  useEffect(() => location.watch((chosen) => setLocationId(chosen?.id)), [location]);
  const cards = contributions.of('office.dashboard.card').filter((card) => !card.options.permission || may(card.options.permission));
  return (
    <div class="office-page">
      <PageHeader title={greeting} subtitle={location.current ? `At ${location.current.name}` : 'All your locations'} />
      {cards.length === 0 ? (
        <EmptyState title="Nothing to show yet">Enable plugins in the marketplace: their cards appear here.</EmptyState>
      ) : (
        <div class="office-dashboard-grid">
          {cards.map((card) => (
            <Card key={card.key} title={card.options.title}>
              <ContributionView contribution={card} props={{ locationId }} />
            </Card>
          ))}
        </div>
      )}
    </div>
  );
}
