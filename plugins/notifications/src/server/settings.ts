/** The tenant's settings of the plugin (manifest `kits.settings`): the office's address and the SMTP account mail goes out through. */
export interface NotificationSettings {
  readonly officeUrl?: string;
  readonly smtp?: {
    readonly host?: string;
    readonly port?: number;
    readonly secure?: boolean;
    readonly user?: string;
    /** `x-kits-secret`: stored encrypted, given here in plain text. */
    readonly password?: string;
    readonly from?: string;
  };
}

export const READ = 'notifications:read';
export const MANAGE = 'notifications:manage';

/** `https://shop.example/office` + `/purchasing/purchase-orders/…`: the office page a notification points at. */
export const officeLink = (settings: NotificationSettings, path: string): string =>
  `${(settings.officeUrl ?? 'http://localhost:3000/office').replace(/\/+$/, '')}${path}`;
