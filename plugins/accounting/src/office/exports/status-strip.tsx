import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Badge, DateTime, LinkButton, Stat } from '@kits/ui-kit';
import type { AccountingStatus } from '../accounting-api.ts';
import { exportsHref, mappingHref, providerHref } from '../accounting-pages.ts';
import { STATUS_LABELS, STATUS_TONES, connectionBadge, countsOf, filtersQuery, toMapText } from '../export-words.ts';

/**
 * The strip above the exports: which system and whether it is connected, whether every account is
 * mapped (else a link "Map N accounts"), how many exports are in each state (each a link to the
 * list filtered by it), and when a journal was last posted.
 */
export function StatusStrip({
  context,
  status,
  unmapped,
}: {
  context: OfficePluginContext;
  status: AccountingStatus;
  /** How many accounts are not mapped, when known (the mapping is read only when it is incomplete). */
  unmapped: number | undefined;
}) {
  const badge = connectionBadge(status);
  const provider = status.provider;
  return (
    <div class="k-columns k-columns--narrow" role="group" aria-label="Accounting status">
      <Stat
        label={provider ? provider.system.name : 'Accounting system'}
        value={<Badge tone={badge.tone}>{badge.text}</Badge>}
        detail={
          provider?.connection.companyName ??
          (provider ? (
            <a href={providerHref(provider.system.id)}>{provider.connection.status === 'reconnect_required' ? 'Reconnect' : 'Connect'}</a>
          ) : undefined)
        }
      />
      <Stat
        label="Account mapping"
        value={status.mappingComplete ? <Badge tone="success">Complete</Badge> : <Badge tone="warning">Incomplete</Badge>}
        detail={
          status.mappingComplete ? (
            <a href={mappingHref(context)}>Review the mapping</a>
          ) : (
            <LinkButton size="sm" variant="primary" href={mappingHref(context)}>
              {unmapped ? toMapText(unmapped) : 'Finish the mapping'}
            </LinkButton>
          )
        }
      />
      <Stat
        label="Exports"
        value={String(countsOf(status).reduce((sum, { count }) => sum + count, 0))}
        detail={
          <ul class="k-chips" aria-label="Exports by status">
            {countsOf(status).map(({ status: each, count }) => (
              <li key={each}>
                <a
                  href={exportsHref(context, filtersQuery({ status: each, locationId: '' }))}
                  aria-label={`${STATUS_LABELS[each]}: ${count}`}
                >
                  <Badge tone={count > 0 ? STATUS_TONES[each] : 'neutral'}>{`${STATUS_LABELS[each]} ${count}`}</Badge>
                </a>
              </li>
            ))}
          </ul>
        }
      />
      <Stat
        label="Last posted"
        value={status.lastPostedAt ? <DateTime value={status.lastPostedAt} /> : 'Never'}
        detail={status.lastPostedAt ? undefined : 'No journal posted yet'}
      />
    </div>
  );
}
