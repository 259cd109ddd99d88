/** The plugin's settings as its manifest declares them (every one is sent to tills: `x-kits-till`). */
export type PrinterConnection =
  | { readonly type: 'tcp'; readonly host: string; readonly port: number }
  | { readonly type: 'serial'; readonly path: string; readonly baudRate: number };

export interface EscPosSettings {
  /** Unset until an admin says where the printer is. */
  readonly connection?: PrinterConnection;
  readonly paperWidth: 32 | 42 | 48;
  readonly shopName: string;
  readonly addressLines: readonly string[];
  readonly footer: string;
  readonly openDrawerOnCash: boolean;
}

/** The settings with the manifest's defaults for any the till did not get (an older kernel, say). */
export function withDefaults(settings: Partial<EscPosSettings>): EscPosSettings {
  return {
    ...(settings.connection ? { connection: settings.connection } : {}),
    paperWidth: settings.paperWidth === 32 || settings.paperWidth === 48 ? settings.paperWidth : 42,
    shopName: settings.shopName ?? '',
    addressLines: settings.addressLines ?? [],
    footer: settings.footer ?? 'Thank you for shopping with us!',
    openDrawerOnCash: settings.openDrawerOnCash ?? true,
  };
}

/** Where the printer is, as the cashier reads it. */
export const describeConnection = (connection: PrinterConnection): string =>
  connection.type === 'tcp' ? `${connection.host}:${connection.port}` : `${connection.path} at ${connection.baudRate} baud`;
