import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Button,
  Card,
  Checkbox,
  Field,
  FormProblem,
  PageHeader,
  ProblemNotice,
  Row,
  Spinner,
  Stack,
  TextInput,
  useResource,
  useSubmit,
} from '@kits/ui-kit';
import { useEffect, useState } from 'preact/hooks';
import { webhooksApi, type EndpointInput, type WebhookEndpointWithSecret } from '../webhooks-api.ts';
import { EventTypePicker } from './event-type-picker.tsx';
import { SecretDialog } from './secret-dialog.tsx';

const BLANK: EndpointInput = { url: 'https://', description: '', eventTypes: [], ordered: false, enabled: true };

/** Adds an endpoint (then shows its secret once) or edits one: URL, events from the catalogue, ordering, enabled. */
export function endpointFormPage(context: OfficePluginContext) {
  const api = webhooksApi(context);
  return function EndpointFormPage({ params }: OfficePageProps) {
    const id = params.endpointId;
    const catalogue = useResource((signal) => api.catalogue(signal), []);
    const existing = useResource((signal) => (id ? api.endpoint(id, signal) : Promise.resolve(undefined)), [id]);
    const [input, setInput] = useState<EndpointInput>(BLANK);
    const [created, setCreated] = useState<WebhookEndpointWithSecret | undefined>();
    useEffect(() => {
      const e = existing.data;
      if (e) setInput({ url: e.url, description: e.description, eventTypes: [...e.eventTypes], ordered: e.ordered, enabled: e.enabled });
    }, [existing.data]);
    const save = useSubmit(async () => {
      if (id) {
        await api.update(id, input);
        context.toasts.show('Endpoint saved', 'success');
        context.navigate(`/${context.plugin.id}/endpoints/${id}`);
      } else setCreated(await api.create(input));
    });
    const set = (part: Partial<EndpointInput>) => setInput((before) => ({ ...before, ...part }));
    const error = catalogue.error ?? existing.error;
    return (
      <>
        <PageHeader title={id ? 'Edit webhook endpoint' : 'New webhook endpoint'} subtitle="Where the events go, and which ones" />
        {error ? <ProblemNotice error={error} what="Loading" onRetry={() => (catalogue.reload(), existing.reload())} /> : null}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void save.submit();
          }}
        >
          <Stack space={4}>
            <Card title="Endpoint">
              <Stack>
                <Field label="URL" name="url" required problem={save.problems.url} hint="https:// address of the receiving system">
                  <TextInput name="url" type="url" value={input.url} onValue={(url) => set({ url })} invalid={!!save.problems.url} />
                </Field>
                <Field label="Description" name="description" problem={save.problems.description}>
                  <TextInput name="description" value={input.description} onValue={(description) => set({ description })} />
                </Field>
                <Checkbox
                  name="ordered"
                  checked={input.ordered}
                  onValue={(ordered) => set({ ordered })}
                  label="Deliver in order (one at a time, in the order events happened; a failing delivery holds the ones after it)"
                />
                <Checkbox name="enabled" checked={input.enabled} onValue={(enabled) => set({ enabled })} label="Enabled" />
              </Stack>
            </Card>
            <Card title="Events">
              {save.problems.eventTypes ? <FormProblem>{save.problems.eventTypes}</FormProblem> : null}
              {catalogue.data ? (
                <EventTypePicker catalogue={catalogue.data} value={input.eventTypes} onValue={(eventTypes) => set({ eventTypes })} />
              ) : (
                <Spinner />
              )}
            </Card>
            {save.problems[''] ? <FormProblem>{save.problems['']}</FormProblem> : null}
            <Row justify="end">
              <Button onClick={() => context.navigate(`/${context.plugin.id}/endpoints${id ? `/${id}` : ''}`)}>Cancel</Button>
              <Button variant="primary" type="submit" busy={save.busy}>
                {id ? 'Save' : 'Add endpoint'}
              </Button>
            </Row>
          </Stack>
        </form>
        {created ? (
          <SecretDialog
            secret={created.secret}
            rotated={false}
            onClose={() => context.navigate(`/${context.plugin.id}/endpoints/${created.id}`)}
          />
        ) : null}
      </>
    );
  };
}
