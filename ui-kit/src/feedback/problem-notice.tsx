import { Button } from '../action/button.tsx';
import { problemText } from '../data/problem-text.ts';

/** A request that failed: "Loading products failed: <the kernel's detail>", and a Retry when it can be retried. */
export function ProblemNotice({ error, what, onRetry }: { error: unknown; what: string; onRetry?: () => void }) {
  return (
    <div class="k-problem-notice" role="alert">
      <p>
        {what} failed: {problemText(error)}
      </p>
      {onRetry && (
        <Button size="sm" onClick={onRetry}>
          Retry
        </Button>
      )}
    </div>
  );
}
