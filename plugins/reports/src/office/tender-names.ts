/** A tender method as a person calls it: `cash` → "Cash", `gift_card` → "Gift card". */
export function tenderName(method: string): string {
  const words = method.replace(/[-_]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : method;
}
