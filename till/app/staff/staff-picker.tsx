import { useLayoutEffect, useRef } from 'preact/hooks';
import type { StaffMember } from '../../src/auth/staff-list.ts';

/** The first letters of a name, for the badge on a person's button. */
const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]!.toUpperCase())
    .join('');

/**
 * The staff as buttons to pick from (sign-in, a manager's approval): a tap or a click, or from the
 * keyboard — the arrows move between names, Home and End to the first and last, Enter picks.
 */
export function StaffPicker({
  staff,
  label,
  onPick,
}: {
  staff: readonly StaffMember[];
  label: string;
  onPick: (person: StaffMember) => void;
}) {
  const group = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => group.current?.querySelector('button')?.focus(), []);
  const move = (event: KeyboardEvent) => {
    const buttons = Array.from(group.current?.querySelectorAll('button') ?? []);
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const to =
      event.key === 'ArrowDown' || event.key === 'ArrowRight'
        ? at + 1
        : event.key === 'ArrowUp' || event.key === 'ArrowLeft'
          ? at - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? buttons.length - 1
              : undefined;
    if (to === undefined) return;
    event.preventDefault();
    buttons[Math.max(0, Math.min(buttons.length - 1, to))]?.focus();
  };
  return (
    <div class="staff-picker" role="group" aria-label={label} ref={group} onKeyDown={move}>
      {staff.map((person) => (
        <button type="button" key={person.id} class="staff-member" onClick={() => onPick(person)}>
          <span class="initials" aria-hidden="true">
            {initials(person.name)}
          </span>
          <span class="name">{person.name}</span>
        </button>
      ))}
    </div>
  );
}
