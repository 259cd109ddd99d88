/** Per-tenant settings of zebra-zpl (the manifest's settings schema, defaults applied). */
export interface LabelSettings {
  /** BCP 47 tag prices are written in on labels. */
  readonly priceLocale: string;
}
