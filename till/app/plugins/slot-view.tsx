import { Component, type ComponentChildren } from 'preact';
import type { TillSlot, TillSlotProps } from '@kits/plugin-sdk/till';
import type { SlotContribution, SlotRegistry } from '../../src/plugins/slot-registry.ts';

interface BoundaryProps {
  readonly contribution: SlotContribution;
  readonly children: ComponentChildren;
}

/** Keeps a plugin's rendering error inside its own box: the rest of the till goes on working. */
class SlotErrorBoundary extends Component<BoundaryProps, { error?: Error }> {
  override state: { error?: Error } = {};

  override componentDidCatch(error: Error): void {
    console.error(`KiTS till: ${this.props.contribution.pluginId} failed in ${this.props.contribution.slot}`, error);
    this.setState({ error });
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const { pluginName, slot } = this.props.contribution;
    return (
      <div class="slot-error" role="alert" data-testid="slot-error">
        <strong>{pluginName} stopped working here.</strong>
        <p>
          {error.message || String(error)} <span class="where">({slot})</span>
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
    <SlotErrorBoundary contribution={contribution}>
      <Contributed {...props} />
    </SlotErrorBoundary>
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
