import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Button, Card, ConfirmActionDialog, FormProblem, ProblemNotice, useSubmit, type Resource } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { SESSIONS, type SignInSession } from './account-api.ts';
import { SessionsTable, whereText } from './sessions-table.tsx';

/**
 * "Sessions": where the person is signed in; ending one signs that browser or till out (its refresh
 * is refused at once), "End all other sessions" keeps only this one.
 */
export function SessionsCard({ context, sessions }: { context: OfficePluginContext; sessions: Resource<readonly SignInSession[]> }) {
  const [endingOthers, setEndingOthers] = useState(false);
  const end = useSubmit((session: SignInSession) =>
    context.api.delete<null>(`${SESSIONS}/${encodeURIComponent(session.id)}`).then(() => true),
  );
  const list = sessions.data ?? [];
  const others = list.filter((session) => !session.current).length;

  return (
    <Card
      title="Sessions"
      actions={
        <Button variant="danger" size="sm" disabled={others === 0} onClick={() => setEndingOthers(true)}>
          End all other sessions
        </Button>
      }
    >
      <div class="k-stack k-gap-3">
        <p class="k-text k-muted k-text--small">
          Where you are signed in now. End a session you do not recognise, or one on a computer you no longer use.
        </p>
        <FormProblem>{end.problems['']}</FormProblem>
        {sessions.error !== undefined && !sessions.data ? (
          <ProblemNotice error={sessions.error} what="Loading your sessions" onRetry={sessions.reload} />
        ) : (
          <SessionsTable
            label="Your sessions"
            sessions={list}
            loading={sessions.loading && !sessions.data}
            actions={(session) =>
              !session.current && (
                <Button
                  size="sm"
                  aria-label={`End ${whereText(session).client} session, ${whereText(session).detail}`}
                  busy={end.busy}
                  onClick={() =>
                    void end.submit(session).then((done) => {
                      if (done === undefined) return;
                      context.toasts.show('Session ended: it is signed out.', 'success');
                      sessions.reload();
                    })
                  }
                >
                  End
                </Button>
              )
            }
          />
        )}
      </div>
      <ConfirmActionDialog
        open={endingOthers}
        title="End all other sessions?"
        message="Every other browser and till you are signed in on is signed out. This one stays signed in."
        confirmLabel="End other sessions"
        tone="danger"
        doing="Ending the sessions"
        action={() => context.api.delete<null>(SESSIONS)}
        onDone={() => {
          setEndingOthers(false);
          context.toasts.show('Your other sessions are ended.', 'success');
          sessions.reload();
        }}
        onCancel={() => setEndingOthers(false)}
      />
    </Card>
  );
}
