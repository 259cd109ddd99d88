import type { FunctionComponent } from 'preact';
import type { TillSlotProps } from '@kits/plugin-sdk/till';
import type { SalesTill } from '../sales-till.ts';

/** The places the sale screen offers other plugins: tenders, under each cart line, actions, the receipt's foot. */
export interface SaleOutlets {
  readonly Tenders: FunctionComponent<TillSlotProps['checkout.tender']>;
  readonly CartLine: FunctionComponent<TillSlotProps['checkout.cartLine']>;
  readonly Actions: FunctionComponent<TillSlotProps['checkout.actions']>;
  readonly ReceiptFooter: FunctionComponent<TillSlotProps['receipt.footer']>;
}

/** The till renders each contribution in its own error box (`slots.outlet`): made once per checkout. */
export function saleOutlets(slots: SalesTill['slots']): SaleOutlets {
  return {
    Tenders: slots.outlet('checkout.tender') as FunctionComponent<TillSlotProps['checkout.tender']>,
    CartLine: slots.outlet('checkout.cartLine') as FunctionComponent<TillSlotProps['checkout.cartLine']>,
    Actions: slots.outlet('checkout.actions') as FunctionComponent<TillSlotProps['checkout.actions']>,
    ReceiptFooter: slots.outlet('receipt.footer') as FunctionComponent<TillSlotProps['receipt.footer']>,
  };
}
