/** A store's permanent domain as Shopify gives it (the server checks the same pattern). */
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/**
 * The `<store>.myshopify.com` domain a merchant meant: they paste the admin's address
 * (`https://admin.shopify.com/store/kits-test`), the store's (`https://kits-test.myshopify.com/`),
 * or type its name (`kits-test`).
 */
export function shopDomainOf(typed: string): string {
  let text = typed.trim().toLowerCase();
  const admin = text.match(/^(?:https?:\/\/)?admin\.shopify\.com\/store\/([a-z0-9][a-z0-9-]*)/);
  if (admin) return `${admin[1]}.myshopify.com`;
  text = text.replace(/^https?:\/\//, '').replace(/[/?#].*$/, '');
  return text !== '' && !text.includes('.') ? `${text}.myshopify.com` : text;
}

/** What is wrong with a typed shop domain, before asking the server (undefined: nothing). */
export function shopDomainProblem(typed: string): string | undefined {
  if (typed.trim() === '') return 'Type your store’s domain: your-store.myshopify.com';
  return SHOP_DOMAIN.test(shopDomainOf(typed))
    ? undefined
    : 'Use the store’s myshopify.com domain (Shopify admin → Settings → Domains), such as your-store.myshopify.com';
}
