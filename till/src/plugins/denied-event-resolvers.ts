import type { SlotComponent, TillResolution, TillResolverProps } from '@kits/plugin-sdk/till';

/** A plugin's component for the denied events of some types (its sync channel). */
export interface DeniedEventResolver {
  readonly pluginId: string;
  readonly pluginName: string;
  readonly types: readonly string[];
  readonly component: SlotComponent<TillResolverProps>;
}

/** Who resolves which denied events in the till's resolution queue (`context.resolution`). */
export class DeniedEventResolvers {
  readonly #resolvers: DeniedEventResolver[] = [];

  forPlugin(plugin: { id: string; name: string }): TillResolution {
    return {
      resolveDenied: (types, component) => {
        if (typeof component !== 'function')
          throw new TypeError(`${plugin.id} resolves denied events with something that is not a component.`);
        const taken = types.find((type) => this.for(type));
        if (taken)
          throw new TypeError(`${plugin.id} resolves denied ${taken} events, which ${this.for(taken)!.pluginId} resolves already.`);
        this.#resolvers.push({ pluginId: plugin.id, pluginName: plugin.name, types: [...types], component });
      },
    };
  }

  /** The resolver of a denied event's type, if a plugin offers one. */
  for(type: string): DeniedEventResolver | undefined {
    return this.#resolvers.find((resolver) => resolver.types.includes(type));
  }

  withdraw(pluginId: string): void {
    for (let i = this.#resolvers.length - 1; i >= 0; i--) if (this.#resolvers[i]!.pluginId === pluginId) this.#resolvers.splice(i, 1);
  }
}
