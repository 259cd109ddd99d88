import { describe, expect, it } from 'vitest';
import { parseCatalogCsv } from './csv.ts';

describe('catalog CSV money', () => {
  const csv = (price: string) =>
    `product,sku,unit,tax_class,options,barcodes,currency,price,cost\nTea,TEA-1,piece,standard,,,EUR,"${price}",\n`;

  it.each([
    ['19.99', 1999],
    ['19.9', 1990],
    ['19', 1900],
    ['0.01', 1],
    ['0.1', 10],
  ])('%s → %i minor units, exactly', (text, minor) => {
    const { products, problems } = parseCatalogCsv(csv(text));
    expect(problems).toEqual([]);
    expect(products[0]!.variants[0]!.prices).toEqual([{ currency: 'EUR', amount: minor }]);
  });

  it.each(['19.999', '-1', '1,50', 'abc', '1e3', '€1.50'])('%j is not an amount: a problem of the price column', (text) => {
    expect(parseCatalogCsv(csv(text)).problems).toEqual([
      { line: 2, column: 'price', message: `"${text}" is not an amount in EUR, like 19.99 (2 decimals at most)` },
    ]);
  });
});

describe('parseCatalogCsv', () => {
  it('groups rows into products with option axes from the options column', () => {
    const { products, problems } = parseCatalogCsv(
      'product,sku,unit,tax_class,options,barcodes,currency,price,cost\nTee,TEE-M,piece,standard,size=M;colour=red,4006381333931,EUR,19.99,6.50\nTee,TEE-L,piece,standard,size=L;colour=red,,EUR,21.00,\n',
    );
    expect(problems).toEqual([]);
    expect(products).toHaveLength(1);
    expect(products[0]!.optionAxes).toEqual(['size', 'colour']);
    expect(products[0]!.variants.map((v) => [v.sku, v.prices?.[0]?.amount, v.cost?.amount])).toEqual([
      ['TEE-M', 1999, 650],
      ['TEE-L', 2100, undefined],
    ]);
  });
});

describe('catalog CSV amounts follow the currency’s ISO 4217 exponent', () => {
  const csv = (currency: string, price: string) =>
    `product,sku,unit,tax_class,options,barcodes,currency,price,cost\nTea,TEA-${currency},piece,standard,,,${currency},${price},\n`;
  const eur = { tenant: 'EUR', others: ['JPY', 'KWD', 'CLF'] };

  it.each([
    ['EUR', '19.99', 1999],
    ['JPY', '1999', 1999],
    ['KWD', '1.999', 1999],
    ['KWD', '2', 2000],
    ['CLF', '0.1234', 1234],
  ])('%s %s → %i minor units', (currency, price, minor) => {
    const { products, problems } = parseCatalogCsv(csv(currency, price), eur);
    expect(problems).toEqual([]);
    expect(products[0]!.variants[0]!.prices).toEqual([{ currency, amount: minor }]);
  });

  it.each([
    ['JPY', '19.99'],
    ['EUR', '1.999'],
    ['KWD', '1.9999'],
  ])('%s %s has more decimals than the currency has: refused on its line and column', (currency, price) => {
    const { products, problems } = parseCatalogCsv(csv(currency, price), eur);
    expect(problems).toEqual([{ line: 2, column: 'price', message: expect.stringContaining(`not an amount in ${currency}`) }]);
    expect(products[0]!.variants[0]!.prices).toBeUndefined();
  });

  it('a code that is not ISO 4217, and one the shop does not price in, are each a problem of the currency column', () => {
    expect(parseCatalogCsv(csv('QQQ', '1.00'), eur).problems).toEqual([
      { line: 2, column: 'currency', message: expect.stringContaining('not an ISO 4217 currency code') },
    ]);
    expect(parseCatalogCsv(csv('USD', '1.00'), eur).problems).toEqual([
      { line: 2, column: 'currency', message: expect.stringContaining('USD is not a currency this shop prices in (EUR, JPY, KWD, CLF)') },
    ]);
  });
});
