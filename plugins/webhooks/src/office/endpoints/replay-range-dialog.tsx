import { Checkbox, Field, FormDialog, Stack, TextInput, useSubmit } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import type { webhooksApi } from '../webhooks-api.ts';

const local = (date: Date) => new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

/** Sends again every event of a time range (the office computer's local time), or only those given up as failed. */
export function ReplayRangeDialog({
  api,
  endpointId,
  onDone,
  onClose,
}: {
  api: ReturnType<typeof webhooksApi>;
  endpointId: string;
  onDone: (replayed: number) => void;
  onClose: () => void;
}) {
  const [from, setFrom] = useState(local(new Date(Date.now() - 3600_000)));
  // The minute after now: datetime-local drops seconds, and what happened this minute is in range.
  const [to, setTo] = useState(local(new Date(Date.now() + 60_000)));
  const [onlyFailed, setOnlyFailed] = useState(false);
  const replay = useSubmit(async () => {
    const iso = (text: string) => (Number.isNaN(Date.parse(text)) ? text : new Date(text).toISOString());
    const { replayed } = await api.replayRange(endpointId, { from: iso(from), to: iso(to), onlyFailed });
    onDone(replayed);
  });
  return (
    <FormDialog
      title="Replay a time range"
      submitLabel="Replay"
      busy={replay.busy}
      problem={replay.problems['']}
      onSubmit={() => void replay.submit()}
      onClose={onClose}
    >
      <Stack>
        <Field label="From" name="from" problem={replay.problems.from}>
          <TextInput name="from" type="datetime-local" value={from} onValue={setFrom} />
        </Field>
        <Field label="To" name="to" problem={replay.problems.to}>
          <TextInput name="to" type="datetime-local" value={to} onValue={setTo} />
        </Field>
        <Checkbox name="onlyFailed" checked={onlyFailed} onValue={setOnlyFailed} label="Only deliveries that failed for good" />
      </Stack>
    </FormDialog>
  );
}
