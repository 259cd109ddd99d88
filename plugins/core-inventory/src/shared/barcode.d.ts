/** Barcode symbologies a variant can carry; GTINs (EAN-13, UPC-A, EAN-8) have a check digit. */
export type Symbology = 'ean13' | 'upca' | 'ean8' | 'code128';
/** The GS1 mod-10 check digit of the digits before it. */
export declare function gtinCheckDigit(body: string): number;
export type BarcodeCheck =
  | {
      readonly ok: true;
      readonly code: string;
      readonly symbology: Symbology;
    }
  | {
      readonly ok: false;
      readonly reason: string;
    };
/**
 * Validates a barcode. Without a symbology, 8, 12 or 13 digits are read as a GTIN and must carry a
 * valid check digit; anything else printable is Code 128 free text.
 */
export declare function checkBarcode(code: string, symbology?: Symbology): BarcodeCheck;
//# sourceMappingURL=barcode.d.ts.map
