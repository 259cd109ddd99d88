import type { ComponentChildren } from 'preact';
import { Button } from '../action/button.tsx';
import { Dialog } from './dialog.tsx';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  message: ComponentChildren;
  confirmLabel: string;
  /** 'danger' for what cannot be undone (Delete, Void): the confirm button is red. */
  tone?: 'primary' | 'danger';
  busy?: boolean;
  /** What went wrong with the last try ("Publishing failed: …"), shown under the message as an alert. */
  problem?: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/** "Are you sure?" with the action named on the button ("Delete product"), Cancel first in the Tab order. */
export function ConfirmDialog({
  open,
  title,
  message,
  confirmLabel,
  tone = 'primary',
  busy,
  problem,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  return (
    <Dialog
      open={open}
      title={title}
      onClose={onCancel}
      footer={
        <>
          <Button onClick={onCancel}>Cancel</Button>
          <Button variant={tone} busy={busy ?? false} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <p style={{ margin: 0 }}>
        {message}
        {problem !== undefined && (
          <>
            <br />
            <span class="k-field__problem" role="alert">
              {problem}
            </span>
          </>
        )}
      </p>
    </Dialog>
  );
}
