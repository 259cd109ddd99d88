import type { CustomerDoc, TillCustomers } from './customers.ts';

/**
 * Customers whose name has a word starting with the text, or whose email or phone contains it, by
 * name. Customers are sealed at rest, so the search reads them all and matches in memory: fine for
 * the thousands of customers a shop has.
 */
export async function searchCustomers(customers: TillCustomers, text: string, limit = 8): Promise<CustomerDoc[]> {
  const query = text.trim().toLowerCase();
  if (!query) return [];
  const digits = query.replace(/[^0-9]/g, '');
  const all: CustomerDoc[] = await customers.find();
  return all
    .filter((customer) => {
      const name = customer.name.toLowerCase();
      if (name.startsWith(query) || name.includes(` ${query}`)) return true;
      if (customer.email?.includes(query)) return true;
      return digits.length >= 3 && (customer.phone ?? '').replace(/[^0-9]/g, '').includes(digits);
    })
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, limit);
}
