import { Component, type ComponentChildren } from 'preact';
import type { SlotComponent, TillSlot, TillSlotProps } from '@kits/plugin-sdk/till';
import type { SlotContribution, SlotRegistry } from '../../src/plugins/slot-registry.ts';

interface BoundaryProps {
  readonly pluginId: string;
  readonly pluginName: string;
  /** Where it failed, as the box says it: the slot, or `resolution`. */
  readonly where: string;
  readonly children: ComponentChildren;
}

/** Keeps a plugin's rendering error inside its own box: the rest of the till goes on working. */
export class SlotErrorBox extends Component<BoundaryProps, { error?: Error }> {
  override state: { error?: Error } = {};

  override componentDidCatch(error: Error): void {
    console.error(`KiTS till: ${this.props.pluginId} failed in ${this.props.where}`, error);
    this.setState({ error });
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const { pluginName, where } = this.props;
    return (
      <div class="slot-error" role="alert" data-testid="slot-error">
        <strong>{pluginName} stopped working here.</strong>
        <p>
          {error.message || String(error)} <span class="where">({where})</span>
        </p>
        <button type="button" onClick={() => this.setState({ error: undefined })}>
          Try again
        </button>
      </div>
    );
  }
}

/** One contribution, rendered with its props inside an error boundary. */
export function SlotView<Props extends object>({ contribution, props }: { contribution: SlotContribution; props: Props }) {
  const Contributed = contribution.component as unknown as (props: Props) => ComponentChildren;
  return (
    <SlotErrorBox pluginId={contribution.pluginId} pluginName={contribution.pluginName} where={contribution.slot}>
      <Contributed {...props} />
    </SlotErrorBox>
  );
}

/** Every contribution to a slot, in order, each in its own error box; nothing when none. */
export function Slot<Name extends TillSlot>({ slots, name, props }: { slots: SlotRegistry; name: Name; props: TillSlotProps[Name] }) {
  const contributions = slots.of(name);
  if (contributions.length === 0) return null;
  return (
    <div class={`slot slot-${name.replace('.', '-')}`} data-slot={name}>
      {contributions.map((contribution) => (
        <SlotView key={contribution.key} contribution={contribution} props={props} />
      ))}
    </div>
  );
}

/** `slots.outlet(name)` of a plugin's context: a component that renders the slot's contributions. */
export function slotOutlet<Name extends TillSlot>(slots: SlotRegistry, name: Name): SlotComponent<never> {
  const Outlet = (props: TillSlotProps[Name]) => <Slot slots={slots} name={name} props={props} />;
  return Outlet as unknown as SlotComponent<never>;
}
