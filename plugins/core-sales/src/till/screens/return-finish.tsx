import { useState } from 'preact/hooks';

/**
 * The end of every return: why it comes back, back on the shelf or written off, and the button
 * that takes it back. A refusal (nothing picked, no reason) is shown under it.
 */
export function ReturnFinish({ label, onFinish }: { label: string; onFinish: (reason: string, restock: boolean) => Promise<void> }) {
  const [reason, setReason] = useState('');
  const [restock, setRestock] = useState(true);
  const [error, setError] = useState<string>();
  const finish = async () => {
    setError(undefined);
    try {
      await onFinish(reason, restock);
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  return (
    <>
      <label>
        Why it comes back
        <input name="return-reason" value={reason} maxLength={500} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
      <label class="check">
        <input type="checkbox" checked={restock} onChange={(e) => setRestock(e.currentTarget.checked)} />
        Back on the shelf (untick to write it off)
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="button" class="primary" onClick={() => void finish()}>
        {label}
      </button>
    </>
  );
}
