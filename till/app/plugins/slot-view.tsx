import { Component, type ComponentChildren } from 'preact';
import type { SlotContribution } from '../../src/plugins/slot-registry.ts';

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
