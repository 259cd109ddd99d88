import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Checkbox, Field, FormDialog, NumberInput, Row, Select, TextArea, TextInput, useSubmit } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { DEFAULT_CONFLICT_MIN_EVENTS, DEFAULT_CONFLICT_PERCENT, RULE_KIND_INFO, RULE_KINDS, type RuleKind } from '../shared/rule-kinds.ts';
import { saveRule, type OfficeRule, type RuleDraft } from './notifications-api.ts';

/** Addresses as a person types them: one a line, or separated by commas or spaces. */
export const recipientsOf = (text: string): string[] =>
  text
    .split(/[\s,;]+/)
    .map((r) => r.trim())
    .filter(Boolean);

/** Adds or changes a rule: what it watches, where, who gets the email, digest, quiet hours and push. */
export function RuleDialog({
  context,
  rule,
  onClose,
  onSaved,
}: {
  context: OfficePluginContext;
  rule: OfficeRule | undefined;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [kind, setKind] = useState<RuleKind>(rule?.kind ?? 'low-stock');
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [locationId, setLocationId] = useState(rule?.locationId ?? '');
  const [recipients, setRecipients] = useState((rule?.recipients ?? []).join('\n'));
  const [digest, setDigest] = useState(rule?.digest ?? false);
  const [quiet, setQuiet] = useState(rule?.quietHours !== null && rule?.quietHours !== undefined);
  const [quietStart, setQuietStart] = useState(rule?.quietHours?.start ?? '22:00');
  const [quietEnd, setQuietEnd] = useState(rule?.quietHours?.end ?? '07:00');
  const [push, setPush] = useState(rule?.push ?? true);
  const [threshold, setThreshold] = useState<number | undefined>(rule?.params.thresholdPercent ?? DEFAULT_CONFLICT_PERCENT);
  const [minEvents, setMinEvents] = useState<number | undefined>(rule?.params.minEvents ?? DEFAULT_CONFLICT_MIN_EVENTS);
  const info = RULE_KIND_INFO[kind];
  const save = useSubmit(async () => {
    const draft: RuleDraft = {
      kind,
      enabled,
      locationId: info.perLocation && locationId ? locationId : null,
      params:
        kind === 'sync-conflicts'
          ? { ...(threshold !== undefined ? { thresholdPercent: threshold } : {}), ...(minEvents !== undefined ? { minEvents } : {}) }
          : {},
      recipients: recipientsOf(recipients),
      digest,
      quietHours: quiet ? { start: quietStart, end: quietEnd } : null,
      push,
    };
    await saveRule(context, rule?.id, draft);
    onSaved();
  });
  const problem = (path: string) => save.problems[path];
  // The kernel names the address by its place in the list (`recipients.1`): say which one it is.
  const recipientProblem = Object.entries(save.problems)
    .filter(([path]) => path.startsWith('recipients'))
    .map(([path, message]) => {
      const index = /^recipients\.(\d+)$/.exec(path)?.[1];
      const address = index === undefined ? undefined : recipientsOf(recipients)[Number(index)];
      return address === undefined ? message : `“${address}” is not an email address.`;
    })[0];
  return (
    <FormDialog
      title={rule ? 'Change notification rule' : 'Add notification rule'}
      submitLabel={rule ? 'Save rule' : 'Add rule'}
      busy={save.busy}
      problem={save.problems['']}
      onSubmit={() => void save.submit()}
      onClose={onClose}
    >
      <Field label="Notify about" name="kind" hint={info.what} problem={problem('kind')}>
        <Select
          name="kind"
          value={kind}
          options={RULE_KINDS.map((k) => ({ value: k, label: RULE_KIND_INFO[k].title }))}
          onValue={(v) => setKind(v as RuleKind)}
        />
      </Field>
      {info.perLocation ? (
        <Field label="Where" name="locationId" problem={problem('locationId')}>
          <Select
            name="locationId"
            value={locationId}
            options={[{ value: '', label: 'Every location' }, ...context.session.locations.map((l) => ({ value: l.id, label: l.name }))]}
            onValue={setLocationId}
          />
        </Field>
      ) : null}
      {kind === 'sync-conflicts' ? (
        <Row space={3}>
          <Field label="Above (%)" name="thresholdPercent" problem={problem('params.thresholdPercent')}>
            <NumberInput name="thresholdPercent" value={threshold} min={1} max={100} onValue={setThreshold} />
          </Field>
          <Field label="Events an hour at least" name="minEvents" problem={problem('params.minEvents')}>
            <NumberInput name="minEvents" value={minEvents} min={1} onValue={setMinEvents} />
          </Field>
        </Row>
      ) : null}
      <Field
        label="Email to"
        name="recipients"
        hint="One address a line; none: the notification centre and push only."
        problem={recipientProblem}
      >
        <TextArea name="recipients" value={recipients} onValue={setRecipients} rows={3} />
      </Field>
      <Checkbox name="digest" checked={digest} onValue={setDigest} label="Hourly digest: one email an hour listing what happened" />
      <Checkbox name="quiet" checked={quiet} onValue={setQuiet} label="Quiet hours: hold emails and pushes, send them after" />
      {quiet ? (
        <Row space={3}>
          <Field label="From" name="quietStart" problem={problem('quietHours.start') ?? problem('quietHours')}>
            <TextInput name="quietStart" type="time" value={quietStart} onValue={setQuietStart} />
          </Field>
          <Field label="Until" name="quietEnd" problem={problem('quietHours.end')}>
            <TextInput name="quietEnd" type="time" value={quietEnd} onValue={setQuietEnd} />
          </Field>
        </Row>
      ) : null}
      <Checkbox name="push" checked={push} onValue={setPush} label="Web push to office browsers that turned it on" />
      <Checkbox name="enabled" checked={enabled} onValue={setEnabled} label="On" />
    </FormDialog>
  );
}
