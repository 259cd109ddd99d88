import { useLayoutEffect, useRef } from 'preact/hooks';
import { ScanDetector } from '../checkout/scan-detector.ts';

/**
 * A scanner's burst is a scan wherever the focus is (a button, the receipt screen), unless someone
 * is typing in another field or the sale is being paid. The scan field handles its own Enter:
 * `enterEndedScan` tells it whether the Enter it got ended a scanner's burst or a person's typing.
 */
export function useScannerAnywhere(options: {
  readonly scanInput: { readonly current: HTMLInputElement | null };
  readonly paying: () => boolean;
  readonly onScanned: (code: string) => void;
}): { readonly enterEndedScan: { current: boolean } } {
  const detector = useRef(new ScanDetector());
  const enterEndedScan = useRef(false);
  const latest = useRef(options);
  latest.current = options;
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const scanned = detector.current.key(event.key, event.timeStamp);
      if (event.key !== 'Enter') return;
      enterEndedScan.current = scanned !== undefined;
      const { scanInput, paying, onScanned } = latest.current;
      const target = event.target;
      const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement;
      if (!scanned || target === scanInput.current || typing || paying()) return;
      event.preventDefault();
      event.stopPropagation();
      onScanned(scanned);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  return { enterEndedScan };
}
