import type { OfficeLocation, OfficeLocationChoice } from '@kits/plugin-sdk/office';
import { useEffect, useState } from 'preact/hooks';

/** The location picked in the office's switcher (undefined: all of them), following each switch. */
export function useChosenLocation(choice: OfficeLocationChoice): OfficeLocation | undefined {
  const [current, setCurrent] = useState(choice.current);
  useEffect(() => {
    setCurrent(choice.current);
    return choice.watch(setCurrent);
  }, [choice]);
  return current;
}
