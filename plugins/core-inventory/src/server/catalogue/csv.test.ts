import { describe, expect, it } from 'vitest';
import { fromMinorUnits, parseCatalogueCsv, toMinorUnits } from './csv.ts';

describe('catalogue CSV money', () => {
  it.each([
    ['19.99', 1999],
    ['19.9', 1990],
    ['19', 1900],
    ['0.01', 1],
    ['0.1', 10],
  ])('%s → %i minor units, exactly', (text, minor) => {
    expect(toMinorUnits(text)).toBe(minor);
    expect(toMinorUnits(fromMinorUnits(minor))).toBe(minor);
  });

  it.each(['19.999', '-1', '1,50', 'abc', '', '1e3'])('%j is not an amount', (text) => {
    expect(toMinorUnits(text)).toBeUndefined();
  });
});

describe('parseCatalogueCsv', () => {
  it('groups rows into products with option axes from the options column', () => {
    const { products, problems } = parseCatalogueCsv(
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
