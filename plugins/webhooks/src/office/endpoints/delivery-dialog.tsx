import {
  Button,
  DateTime,
  DescriptionList,
  Dialog,
  FormProblem,
  Muted,
  ProblemNotice,
  Stack,
  Subheading,
  useResource,
  useSubmit,
} from '@kits/ui-kit';
import type { webhooksApi } from '../webhooks-api.ts';
import { DeliveryStatus } from './endpoint-status.tsx';

/** One delivery: what was sent, every attempt (status, first KiB of the answer, duration), and Replay. */
export function DeliveryDialog({
  api,
  endpointId,
  deliveryId,
  mayManage,
  onReplayed,
  onClose,
}: {
  api: ReturnType<typeof webhooksApi>;
  endpointId: string;
  deliveryId: string;
  mayManage: boolean;
  onReplayed: () => void;
  onClose: () => void;
}) {
  const detail = useResource((signal) => api.delivery(endpointId, deliveryId, signal), [deliveryId]);
  const replay = useSubmit(async () => {
    await api.replay(endpointId, deliveryId);
    onReplayed();
  });
  const d = detail.data;
  return (
    <Dialog
      open
      title={d ? d.eventType : 'Delivery'}
      onClose={onClose}
      footer={
        <>
          {mayManage ? (
            <Button variant="primary" busy={replay.busy} onClick={() => void replay.submit()}>
              Replay
            </Button>
          ) : null}
          <Button onClick={onClose}>Close</Button>
        </>
      }
    >
      {detail.error ? <ProblemNotice error={detail.error} what="Loading the delivery" onRetry={detail.reload} /> : null}
      {replay.problems[''] ? <FormProblem>{replay.problems['']}</FormProblem> : null}
      {d ? (
        <Stack>
          <DescriptionList
            items={[
              ['Status', <DeliveryStatus delivery={d} />],
              ['Event id (webhook-id)', <code>{d.eventId}</code>],
              ['Occurred', <DateTime value={d.occurredAt} />],
              ['Attempts', String(d.attempts)],
              ...(d.nextAttemptAt ? ([['Next attempt', <DateTime value={d.nextAttemptAt} />]] as const) : []),
            ]}
          />
          <Subheading>Attempts</Subheading>
          {d.attemptLog.length === 0 ? <Muted>Not sent yet.</Muted> : null}
          {d.attemptLog.map((a) => (
            <DescriptionList
              key={a.id}
              items={[
                ['Sent', <DateTime value={a.attemptedAt} />],
                ['Response', a.responseStatus === null ? (a.error ?? 'No answer') : `${a.responseStatus}${a.error ? ` — ${a.error}` : ''}`],
                ['Duration', `${a.durationMs} ms`],
                ['Response body (first KiB)', <code>{a.responseExcerpt || '—'}</code>],
                ['Signature', <code>{a.requestHeaders['webhook-signature']}</code>],
              ]}
            />
          ))}
          <Subheading>Body sent</Subheading>
          <Muted small>
            <code>{JSON.stringify(d.body, null, 1)}</code>
          </Muted>
        </Stack>
      ) : null}
    </Dialog>
  );
}
