import { DomainError } from '@kits/plugin-sdk';
import { adminGraphql, createShopifyClient, ShopifyAuthError } from '../admin-api/index.ts';
import type { ShopifySettings } from '../settings.ts';

const SHOP_QUERY = /* GraphQL */ `
  query KitsShop {
    shop {
      id
      name
      myshopifyDomain
      currencyCode
    }
  }
`;

export interface ShopFacts {
  readonly name: string;
  readonly currency: string;
}

/**
 * Asks the store who it is with the token, before the token is stored: a token Shopify refuses is
 * a 400 the merchant acts on, and a token of another store than the one named is refused too.
 */
export async function checkShop(settings: ShopifySettings, shopDomain: string, accessToken: string): Promise<ShopFacts> {
  const client = createShopifyClient({ shopDomain, accessToken, ...(settings.apiBase ? { apiBase: settings.apiBase } : {}) });
  let shop: { name: string; myshopifyDomain: string; currencyCode: string };
  try {
    ({ shop } = await adminGraphql<{ shop: typeof shop }>(client, SHOP_QUERY));
  } catch (error) {
    if (error instanceof ShopifyAuthError)
      throw new DomainError(
        'shopify.token_rejected',
        400,
        `Shopify refused this access token for ${shopDomain} (${error.shopifyMessage}): copy the Admin API access token (shpat_…) of the store's custom app again.`,
        { shopDomain },
      );
    throw error;
  }
  if (shop.myshopifyDomain !== shopDomain)
    throw new DomainError('shopify.token_rejected', 400, `This token belongs to ${shop.myshopifyDomain}, not ${shopDomain}.`, {
      shopDomain,
    });
  return { name: shop.name, currency: shop.currencyCode };
}
