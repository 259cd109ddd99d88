import { Checkbox, Muted, Stack, Subheading } from '@kits/ui-kit';
import type { EventCatalogue } from '../webhooks-api.ts';

/**
 * The event types an endpoint subscribes to, picked from the tenant's catalogue: the wildcards
 * (`*`, `sales.*`, `sales.payment.*`) first, then each plugin's types with what they mean.
 */
export function EventTypePicker({
  catalogue,
  value,
  onValue,
}: {
  catalogue: EventCatalogue;
  value: readonly string[];
  onValue: (value: string[]) => void;
}) {
  const toggle = (pattern: string, on: boolean) => onValue(on ? [...value, pattern] : value.filter((p) => p !== pattern));
  const byPlugin = new Map<string, EventCatalogue['types'][number][]>();
  for (const type of catalogue.types) byPlugin.set(type.pluginId, [...(byPlugin.get(type.pluginId) ?? []), type]);
  const covered = (type: string) => value.some((p) => p !== type && (p === '*' || (p.endsWith('.*') && type.startsWith(p.slice(0, -1)))));
  return (
    <Stack space={3} label="Event types">
      <Stack space={1}>
        <Subheading>Wildcards</Subheading>
        {catalogue.wildcards.map((pattern) => (
          <Checkbox
            key={pattern}
            name={`event-${pattern}`}
            checked={value.includes(pattern)}
            onValue={(on) => toggle(pattern, on)}
            label={pattern === '*' ? '* — every event' : `${pattern} — every ${pattern.slice(0, -2)} event`}
          />
        ))}
      </Stack>
      {[...byPlugin].map(([pluginId, types]) => (
        <Stack key={pluginId} space={1}>
          <Subheading>{pluginId}</Subheading>
          {types.map((t) => (
            <Checkbox
              key={t.type}
              name={`event-${t.type}`}
              checked={value.includes(t.type) || covered(t.type)}
              disabled={covered(t.type)}
              onValue={(on) => toggle(t.type, on)}
              label={
                <span>
                  <code>{t.type}</code>{' '}
                  <Muted as="span" small>
                    {t.description}
                  </Muted>
                </span>
              }
            />
          ))}
        </Stack>
      ))}
    </Stack>
  );
}
