import {
  BarcodeFormat,
  BinaryBitmap,
  DecodeHintType,
  HybridBinarizer,
  MultiFormatReader,
  RGBLuminanceSource,
  type Result,
} from '@zxing/library';
import { PNG } from 'pngjs';
import { ready } from 'zpl-renderer-js';

/** A rendered label: its PNG and the pixels as grey levels on white. */
export interface LabelImage {
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
  readonly luminance: Uint8ClampedArray;
}

/** Renders `zpl` with zpl-renderer-js (the same WASM renderer the office preview uses). */
export async function renderLabel(zpl: string, widthMm: number, heightMm: number, dpmm: number): Promise<LabelImage> {
  const { api } = await ready;
  const base64 = await api.zplToBase64Async(zpl, widthMm, heightMm, dpmm);
  const png = Buffer.from(base64, 'base64');
  const image = PNG.sync.read(png);
  // Composite onto white: the renderer leaves the background transparent.
  const luminance = new Uint8ClampedArray(image.width * image.height);
  for (let i = 0; i < luminance.length; i++) {
    const [r, g, b, a] = [image.data[i * 4]!, image.data[i * 4 + 1]!, image.data[i * 4 + 2]!, image.data[i * 4 + 3]! / 255];
    const grey = 0.299 * r + 0.587 * g + 0.114 * b;
    luminance[i] = Math.round(grey * a + 255 * (1 - a));
  }
  return { png, width: image.width, height: image.height, luminance };
}

const FORMATS = {
  ean13: BarcodeFormat.EAN_13,
  upca: BarcodeFormat.UPC_A,
  code128: BarcodeFormat.CODE_128,
  qr: BarcodeFormat.QR_CODE,
} as const;

/** The barcode zxing reads in `image` (its text and format), trying harder as the manual suggests. */
export function decodeBarcode(image: LabelImage, symbology: keyof typeof FORMATS): Result {
  const source = new RGBLuminanceSource(image.luminance, image.width, image.height);
  const reader = new MultiFormatReader();
  const hints = new Map<DecodeHintType, unknown>([
    [DecodeHintType.TRY_HARDER, true],
    [DecodeHintType.POSSIBLE_FORMATS, [FORMATS[symbology]]],
  ]);
  return reader.decode(new BinaryBitmap(new HybridBinarizer(source)), hints);
}
