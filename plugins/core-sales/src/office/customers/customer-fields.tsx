import { Field, TextArea, TextInput } from '@kits/ui-kit';

/** What a customer form edits: blank means none (the server keeps text trimmed). */
export interface CustomerDraft {
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly note: string;
}

export const EMPTY_CUSTOMER: CustomerDraft = { name: '', email: '', phone: '', note: '' };

export const draftOf = (customer: { name: string; email: string | null; phone: string | null; note: string | null }): CustomerDraft => ({
  name: customer.name,
  email: customer.email ?? '',
  phone: customer.phone ?? '',
  note: customer.note ?? '',
});

/** The body of POST or PATCH /customers: a blank contact is null (cleared). */
export const customerBody = (draft: CustomerDraft) => ({
  name: draft.name,
  email: draft.email.trim() || null,
  phone: draft.phone.trim() || null,
  note: draft.note.trim() || null,
});

/** Name, e-mail, phone and note, each with the server's problem beside it. */
export function CustomerFields({
  draft,
  onDraft,
  problems,
  disabled,
}: {
  draft: CustomerDraft;
  onDraft(draft: CustomerDraft): void;
  problems: Record<string, string>;
  disabled?: boolean;
}) {
  const set = (field: keyof CustomerDraft) => (value: string) => onDraft({ ...draft, [field]: value });
  return (
    <>
      <Field label="Name" name="name" required problem={problems['name']}>
        <TextInput name="name" value={draft.name} onValue={set('name')} disabled={disabled} autoComplete="off" />
      </Field>
      <Field label="E-mail" name="email" problem={problems['email']}>
        <TextInput name="email" type="email" value={draft.email} onValue={set('email')} disabled={disabled} autoComplete="off" />
      </Field>
      <Field label="Phone" name="phone" hint="Digits, spaces and + ( ) . / -" problem={problems['phone']}>
        <TextInput name="phone" type="tel" value={draft.phone} onValue={set('phone')} disabled={disabled} autoComplete="off" />
      </Field>
      <Field label="Note" name="note" problem={problems['note']}>
        <TextArea name="note" value={draft.note} onValue={set('note')} disabled={disabled} />
      </Field>
    </>
  );
}
