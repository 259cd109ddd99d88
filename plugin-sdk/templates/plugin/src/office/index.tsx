import { defineOfficePlugin, type OfficePluginContext } from '@kits/plugin-sdk/office';
import { Button, DataTable, DateTime, EmptyState, Field, PageHeader, ProblemNotice, TextInput, Toolbar, fieldProblems, useResource } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import type { Note } from '../shared/note.ts';

/** The notes page: the list, newest first, and a form that adds one (the kernel's problem shows beside the field). */
function NotesPage({ ctx }: { ctx: OfficePluginContext }) {
  const notes = useResource((signal) => ctx.api.get<{ items: Note[] }>('/api/v1/__ID__/notes', { signal }), []);
  const [body, setBody] = useState('');
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const add = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      await ctx.api.post('/api/v1/__ID__/notes', { body });
      setBody('');
      ctx.toasts.show('Note added', 'success');
      notes.reload();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <PageHeader title="__DISPLAY__ notes" />
      <form onSubmit={add} aria-label="Add a note">
        <Toolbar>
          <Field label="Note" name="body" problem={fieldProblems(failure).body}>
            <TextInput name="body" value={body} onValue={setBody} />
          </Field>
          <Button type="submit" variant="primary" busy={busy}>
            Add note
          </Button>
        </Toolbar>
      </form>
      {notes.error ? (
        <ProblemNotice error={notes.error} what="Loading the notes" onRetry={notes.reload} />
      ) : (
        <DataTable<Note>
          label="Notes"
          rows={notes.data?.items ?? []}
          rowKey={(note) => note.id}
          loading={notes.loading}
          empty={<EmptyState title="No notes yet" />}
          columns={[
            { key: 'body', title: 'Note', width: '3fr', render: (note) => note.body },
            { key: 'createdAt', title: 'Added', width: '1fr', render: (note) => <DateTime value={note.createdAt} /> },
          ]}
        />
      )}
    </div>
  );
}

/** The back-office side of __DISPLAY__: a page listed under Settings. */
export default defineOfficePlugin({
  activate(ctx) {
    ctx.slots.contribute('office.page', () => <NotesPage ctx={ctx} />, {
      path: 'notes',
      title: '__DISPLAY__ notes',
      nav: { section: 'Settings', order: 80 },
    });
  },
});
