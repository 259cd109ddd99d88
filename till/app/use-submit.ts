import { useState } from 'preact/hooks';

/** A form's submit: busy while it runs, the error to show when it fails (`onError` then, to clear a PIN say). */
export function useSubmit(action: () => Promise<void>, onError?: () => void) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (failure) {
      setError((failure as Error).message);
      onError?.();
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, submit };
}
