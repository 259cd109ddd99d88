import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Button, Field, Select, TextInput } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { dayHref } from '../accounting-pages.ts';
import { dayBefore, isDay, localDate } from '../business-day.ts';

/**
 * Opens any location's day, exported or not: its journal as it stands, and "Export now" when the
 * day has ended but a shift is still open (the export would otherwise wait for it).
 */
export function DayPicker({ context }: { context: OfficePluginContext }) {
  const locations = context.session.locations;
  const first = context.location.current ?? locations[0];
  const [locationId, setLocationId] = useState(first?.id ?? '');
  const [day, setDay] = useState(() => dayBefore(localDate(new Date(), first?.timeZone)));
  const [problem, setProblem] = useState<string | undefined>();
  if (locations.length === 0) return null;
  return (
    <form
      noValidate
      class="k-toolbar"
      aria-label="Open a day"
      onSubmit={(event) => {
        event.preventDefault();
        if (!isDay(day)) return setProblem('Choose a date (YYYY-MM-DD).');
        setProblem(undefined);
        context.navigate(dayHref(context, locationId, day));
      }}
    >
      <Field label="Location" name="day-location">
        <Select
          name="day-location"
          value={locationId}
          options={locations.map((location) => ({ value: location.id, label: location.name }))}
          onValue={setLocationId}
        />
      </Field>
      <Field label="Day" name="day-date" problem={problem}>
        <TextInput name="day-date" type="date" value={day} onValue={setDay} invalid={problem !== undefined} />
      </Field>
      <Button type="submit">Open the day’s journal</Button>
    </form>
  );
}
