import type { ComponentChildren } from 'preact';
import { problemText } from '../data/problem-text.ts';
import { useSubmit } from '../data/use-submit.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';

export interface ConfirmActionDialogProps {
  open: boolean;
  title: string;
  message: ComponentChildren;
  confirmLabel: string;
  tone?: 'primary' | 'danger';
  /** The action as a noun for its failure ("Disconnecting" → "Disconnecting failed: …"). */
  doing: string;
  /** The call the confirm button makes; the dialog stays open, with the problem, when it throws. */
  action: () => Promise<unknown>;
  /** After the action succeeded: close the dialog, show a toast, reload. */
  onDone: () => void;
  onCancel: () => void;
}

/** A ConfirmDialog whose confirm button runs one call: busy while it runs, its problem shown when it fails. */
export function ConfirmActionDialog({ doing, action, onDone, ...dialog }: ConfirmActionDialogProps) {
  const run = useSubmit(async () => {
    await action();
    onDone();
    return true;
  });
  return (
    <ConfirmDialog
      {...dialog}
      busy={run.busy}
      problem={run.error !== undefined ? `${doing} failed: ${problemText(run.error)}` : undefined}
      onConfirm={() => void run.submit()}
    />
  );
}
