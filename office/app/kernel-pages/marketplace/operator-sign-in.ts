import { useEffect, useRef, useState } from 'preact/hooks';

/** An operator's own calls (their token, not the shop person's): sign in, pin a version for a tenant. */
export async function operatorCall<Result>(method: string, url: string, body: unknown, token?: string): Promise<Result> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  // Shaped like the office API's errors, so the form shows the kernel's words beside the field.
  if (!response.ok) throw Object.assign(new Error(String(parsed.detail ?? response.statusText)), { problem: parsed });
  return parsed as Result;
}

/** What the operator sign-in window posts to this page (the kernel's `/api/v1/auth/operator/sso/callback`). */
interface OperatorSsoMessage {
  readonly type: 'kits.operator-sso';
  readonly code?: string;
  readonly error?: string;
}

/** The refusals the sign-in window reports, in the office's words. */
const REFUSALS: Readonly<Record<string, string>> = {
  'auth.sso_no_account': 'Your company account has no operator account here; an operator adds one first.',
  'auth.sso_state_expired': 'The sign-in took too long. Start again.',
  'auth.sso_provider_unreachable': "The platform's identity provider cannot be reached. Try again in a minute.",
};

/**
 * Operators' single sign-on from the office: whether the kernel offers it, and a sign-in in a window
 * of its own (the page keeps its state), which hands back a one-time code the page exchanges for the
 * operator's token — kept in memory only, like a password sign-in's.
 */
export function useOperatorSso(onToken: (token: string) => void) {
  const [enabled, setEnabled] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const cleanup = useRef<(() => void) | undefined>(undefined);

  useEffect(() => {
    let live = true;
    fetch('/api/v1/auth/operator/sso')
      .then((response) => (response.ok ? (response.json() as Promise<{ enabled: boolean }>) : { enabled: false }))
      .then((answer) => live && setEnabled(answer.enabled))
      .catch(() => undefined);
    return () => {
      live = false;
      cleanup.current?.();
    };
  }, []);

  const start = () => {
    setProblem(undefined);
    // Opened in the click itself, so the browser does not block it.
    const popup = window.open('/api/v1/auth/operator/sso/start', 'kits-operator-sso', 'popup,width=520,height=680');
    if (!popup) {
      setProblem('The browser blocked the sign-in window: allow pop-ups for this site and try again.');
      return;
    }
    setBusy(true);
    const done = () => {
      window.removeEventListener('message', onMessage);
      clearInterval(closedCheck);
      setBusy(false);
    };
    const onMessage = (event: MessageEvent<OperatorSsoMessage>) => {
      if (event.origin !== location.origin || event.data?.type !== 'kits.operator-sso') return;
      done();
      if (event.data.error) {
        setProblem(REFUSALS[event.data.error] ?? `The sign-in was refused (${event.data.error}).`);
        return;
      }
      operatorCall<{ accessToken: string }>('POST', '/api/v1/auth/operator/sso/complete', { code: event.data.code }).then(
        (answer) => onToken(answer.accessToken),
        (error: Error) => setProblem(error.message),
      );
    };
    // Closed without an answer: the operator gave up. The window posts its answer just before it closes
    // itself, so a closed window is given a moment for that answer to arrive.
    const closedCheck = setInterval(() => {
      if (!popup.closed) return;
      clearInterval(closedCheck);
      setTimeout(done, 2000);
    }, 500);
    window.addEventListener('message', onMessage);
    cleanup.current = done;
  };

  return { enabled, busy, problem, start };
}
