import type { SalesTill } from '../sales-till.ts';
import type { TillPricing } from './checkout-machine.ts';

const PRICING = 'pricing';

/** The tenant's pricing for this till: fetched when online, kept on the device for offline use. */
export async function loadPricing(till: Pick<SalesTill, 'api' | 'device'>): Promise<TillPricing> {
  try {
    const pricing = await till.api.get<TillPricing>('/api/v1/core-sales/till-settings');
    await till.device.set(PRICING, pricing);
    return pricing;
  } catch {
    const saved = await till.device.get<TillPricing>(PRICING);
    if (!saved) throw new Error('This till has never been online: it does not know the store’s prices and taxes yet.');
    return saved;
  }
}
