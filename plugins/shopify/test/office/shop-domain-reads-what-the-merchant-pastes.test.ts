import { describe, expect, it } from 'vitest';
import { shopDomainOf, shopDomainProblem } from '../../src/office/connection/shop-domain.ts';

// The connect form takes the store's domain as a merchant has it to hand: its name, the store's
// address, or the admin's address; the server checks the same pattern again.
describe('the store domain typed on the Shopify page', () => {
  it.each([
    ['kits-test', 'kits-test.myshopify.com'],
    ['  Kits-Test.myshopify.com ', 'kits-test.myshopify.com'],
    ['https://kits-test.myshopify.com/', 'kits-test.myshopify.com'],
    ['https://kits-test.myshopify.com/admin/products?x=1', 'kits-test.myshopify.com'],
    ['https://admin.shopify.com/store/kits-test/products', 'kits-test.myshopify.com'],
    ['admin.shopify.com/store/kits-test', 'kits-test.myshopify.com'],
    ['shop.example.com', 'shop.example.com'],
  ])('%j is read as %j', (typed, domain) => {
    expect(shopDomainOf(typed)).toBe(domain);
  });

  it.each(['kits-test', 'https://admin.shopify.com/store/kits-test', 'kits-test.myshopify.com'])('%j is accepted', (typed) => {
    expect(shopDomainProblem(typed)).toBeUndefined();
  });

  it.each([
    ['', /Type your store/],
    ['   ', /Type your store/],
    ['shop.example.com', /myshopify\.com domain/],
    ['-kits.myshopify.com', /myshopify\.com domain/],
    ['kits_test.myshopify.com', /myshopify\.com domain/],
  ])('%j is refused before asking the server', (typed, problem) => {
    expect(shopDomainProblem(typed)).toMatch(problem);
  });
});
