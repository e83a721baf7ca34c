import { describe, expect, it } from 'vitest';
import { readPriceList } from '../../../src/mapping/catalog/refresh/price-list.js';
import { priceListProduct } from '../../support/fake-aws/fixtures.js';

describe('readPriceList', () => {
  it('reads the hourly USD price from entries given as strings, String objects or parsed objects', () => {
    const entries = [
      JSON.stringify(priceListProduct({ instanceType: 'm5.large', regionCode: 'eu-west-1', usd: 0.107 })),
      new String(JSON.stringify(priceListProduct({ instanceType: 'c7g.large', regionCode: 'eu-west-1', usd: 0.0816 }))),
      priceListProduct({ instanceType: 'p3.2xlarge', regionCode: 'eu-west-1', usd: 3.305 }),
    ];
    const { prices, skipped } = readPriceList(entries);
    expect(Object.fromEntries(prices)).toEqual({ 'm5.large': 0.107, 'c7g.large': 0.0816, 'p3.2xlarge': 3.305 });
    expect(skipped).toBe(0);
  });

  it('skips entries that are not a plain instance-hour price', () => {
    const { prices, skipped } = readPriceList([
      '{not json',
      JSON.stringify({ product: { attributes: {} }, terms: {} }),
      JSON.stringify(priceListProduct({ instanceType: 'm5.large', regionCode: 'eu-west-1', usd: 0 })),
      JSON.stringify(priceListProduct({ instanceType: 'm5.large', regionCode: 'eu-west-1', usd: 0.3, operation: 'RunInstances:0002' })),
    ]);
    expect(prices.size).toBe(0);
    expect(skipped).toBe(4);
  });

  it('keeps the lowest price when a type is listed twice', () => {
    const { prices } = readPriceList([
      priceListProduct({ instanceType: 'm5.large', regionCode: 'eu-west-1', usd: 0.11 }),
      priceListProduct({ instanceType: 'm5.large', regionCode: 'eu-west-1', usd: 0.107 }),
    ]);
    expect(prices.get('m5.large')).toBe(0.107);
  });
});
