import { Component, type ComponentChildren } from 'preact';
import type { OfficeComponent, OfficeSlot } from '@kits/plugin-sdk/office';
import { Button, Card } from '@kits/ui-kit';
import type { OfficeContribution, OfficeContributions } from './office-contributions.ts';

interface BoxProps {
  readonly pluginName: string;
  readonly where: string;
  readonly children: ComponentChildren;
}

/** Keeps a plugin's rendering error inside its own box: the rest of the office goes on working. */
export class ContributionBox extends Component<BoxProps, { error?: Error }> {
  override state: { error?: Error } = {};

  override componentDidCatch(error: Error): void {
    console.error(`KiTS office: ${this.props.pluginName} failed in ${this.props.where}`, error);
    this.setState({ error });
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div class="office-contribution-error" role="alert" data-testid="contribution-error">
        <strong>{this.props.pluginName} stopped working here.</strong>
        <p>
          {error.message || String(error)} <span class="where">({this.props.where})</span>
        </p>
        <Button variant="secondary" size="sm" onClick={() => this.setState({ error: undefined })}>
          Try again
        </Button>
      </div>
    );
  }
}

/** One contribution, rendered with its props inside an error box. */
export function ContributionView<Props extends object>({ contribution, props }: { contribution: OfficeContribution; props: Props }) {
  const Contributed = contribution.component as unknown as (props: Props) => ComponentChildren;
  return (
    <ContributionBox pluginName={contribution.plugin.name} where={contribution.slot}>
      <Contributed {...props} />
    </ContributionBox>
  );
}

/** `slots.outlet(slot)` of a plugin's context: every contribution the person may see, in order, each in its own box. */
export function officeOutlet(
  may: (permission: string) => boolean,
): (contributions: OfficeContributions, slot: Exclude<OfficeSlot, 'office.page'>) => OfficeComponent<never> {
  return (contributions, slot) => {
    const Outlet = (props: object) => {
      const shown = contributions.of(slot).filter((c) => !c.options.permission || may(c.options.permission));
      if (shown.length === 0) return null;
      return (
        <div
          class={`office-outlet office-outlet-${slot.replaceAll('.', '-')}${slot === 'office.settings' ? ' k-stack k-gap-4' : ''}`}
          data-slot={slot}
        >
          {shown.map((contribution) =>
            // A settings panel is a titled card of the settings page; other slots' contributions sit as they are.
            slot === 'office.settings' ? (
              <Card key={contribution.key} title={(contribution.options as { title: string }).title}>
                <ContributionView contribution={contribution} props={props} />
              </Card>
            ) : (
              <ContributionView key={contribution.key} contribution={contribution} props={props} />
            ),
          )}
        </div>
      );
    };
    return Outlet as unknown as OfficeComponent<never>;
  };
}
