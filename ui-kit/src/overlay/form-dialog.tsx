import type { ComponentChildren } from 'preact';
import { Button } from '../action/button.tsx';
import { FormProblem } from '../layout/stack.tsx';
import { Dialog } from './dialog.tsx';

export interface FormDialogProps {
  title: string;
  /** The form's accessible name (default: the title). */
  formLabel?: string;
  /** What the primary button says: "Create key", "Invite". */
  submitLabel: string;
  busy: boolean;
  /** A problem that names no field (the kernel's `detail`), shown above the fields. */
  problem?: string | undefined;
  /** Enter in a field and the primary button both submit. */
  onSubmit: () => void;
  onClose: () => void;
  children: ComponentChildren;
}

/**
 * A dialog that is one form: its fields, a problem that names no field above them, Cancel and the
 * primary action in the footer. Fields show their own problems (`Field problem=`).
 */
export function FormDialog({ title, formLabel, submitLabel, busy, problem, onSubmit, onClose, children }: FormDialogProps) {
  return (
    <Dialog
      open
      title={title}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={busy} onClick={onSubmit}>
            {submitLabel}
          </Button>
        </>
      }
    >
      <form
        noValidate
        class="k-stack k-gap-4"
        aria-label={formLabel ?? title}
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        <FormProblem>{problem}</FormProblem>
        {children}
      </form>
    </Dialog>
  );
}
