import { cloneElement, isValidElement, toChildArray, type ComponentChildren, type VNode } from 'preact';
import { useId } from 'preact/hooks';

export interface FieldProps {
  label: ComponentChildren;
  /** The control's name: it also makes the control's id, so tests and people can find it. */
  name?: string;
  hint?: ComponentChildren;
  /** What is wrong with the value (the kernel's message for this field): shown in red below the control. */
  problem?: string | undefined;
  required?: boolean;
  children?: ComponentChildren;
  class?: string;
}

/**
 * A labelled control: the label above, then the control, its hint, and its problem (role="alert").
 * The single child control gets the id the label points at, aria-invalid and aria-describedby
 * (hint and problem), unless it set them itself.
 */
export function Field({ label, name, hint, problem, required, children, class: className }: FieldProps) {
  const generated = useId();
  const base = `k-field-${name ? name.replace(/[^A-Za-z0-9_-]/g, '-') : ''}${generated}`;
  const hintId = `${base}-hint`;
  const problemId = `${base}-problem`;
  const only = toChildArray(children);
  const child = only.length === 1 && isValidElement(only[0]) ? (only[0] as VNode<Record<string, unknown>>) : undefined;
  const controlId = (child?.props.id as string | undefined) ?? `${base}-control`;
  const describedBy = [hint ? hintId : '', problem ? problemId : '', (child?.props['aria-describedby'] as string | undefined) ?? '']
    .filter(Boolean)
    .join(' ');
  const control = child
    ? cloneElement(child, {
        id: controlId,
        'aria-invalid': problem ? true : child.props['aria-invalid'],
        'aria-describedby': describedBy || undefined,
        ...(required && child.props.required === undefined ? { 'aria-required': true } : {}),
      })
    : children;
  return (
    <div class={`k-field${problem ? ' k-field--invalid' : ''}${className ? ` ${className}` : ''}`} data-field={name}>
      <label class="k-field__label" for={child ? controlId : undefined}>
        {label}
        {required && <span class="k-field__required"> (required)</span>}
      </label>
      {control}
      {hint && (
        <p class="k-field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {problem && (
        <p class="k-field__problem" id={problemId} role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
