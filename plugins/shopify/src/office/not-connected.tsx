import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { OfficeApiError } from '@kits/plugin-sdk/office';
import { EmptyState, LinkButton, ProblemNotice } from '@kits/ui-kit';
import { shopifyHref } from './shopify-pages.tsx';

/** Whether a refusal says no store is connected (409 `shopify.not_connected`): the page then says where to connect. */
export const notConnected = (error: unknown): boolean => error instanceof OfficeApiError && error.problem.code === 'shopify.not_connected';

/** A page's load that failed: "connect a store first" when that is why, else the problem with a Retry. */
export function LoadProblem({
  context,
  error,
  what,
  onRetry,
}: {
  context: OfficePluginContext;
  error: unknown;
  what: string;
  onRetry(): void;
}) {
  if (notConnected(error))
    return (
      <EmptyState
        title="No Shopify store is connected"
        action={
          <LinkButton href={shopifyHref(context, 'connection')} variant="primary">
            Connect a store
          </LinkButton>
        }
      >
        Connect your store on the Shopify page first; this page works with what is there.
      </EmptyState>
    );
  return <ProblemNotice error={error} what={what} onRetry={onRetry} />;
}
