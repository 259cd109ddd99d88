import { useCallback, useRef, useState } from 'preact/hooks';
import { fieldProblems } from './field-problems.ts';
import { problemText } from './problem-text.ts';

/** A form's action: `submit` runs it, `busy` while it runs, and what went wrong by field. */
export interface Submission<Args extends unknown[], R> {
  /** Runs the action; answers its result, or `undefined` when it failed (then `error` and `problems` say why). */
  submit(...args: Args): Promise<R | undefined>;
  readonly busy: boolean;
  readonly error: unknown;
  /** Each field's problem by form path (`variants.0.sku`); a failure naming no field is under `''`. */
  readonly problems: Readonly<Record<string, string>>;
}

/** Wraps a form's action. It never touches the form's own state, so what was typed stays after a refusal. */
export function useSubmit<Args extends unknown[], R>(action: (...args: Args) => Promise<R>): Submission<Args, R> {
  const [state, setState] = useState<{ busy: boolean; error: unknown; problems: Readonly<Record<string, string>> }>({
    busy: false,
    error: undefined,
    problems: {},
  });
  const latest = useRef(action);
  latest.current = action;
  const running = useRef(false);

  const submit = useCallback(async (...args: Args): Promise<R | undefined> => {
    if (running.current) return undefined;
    running.current = true;
    setState({ busy: true, error: undefined, problems: {} });
    try {
      const result = await latest.current(...args);
      setState({ busy: false, error: undefined, problems: {} });
      return result;
    } catch (error) {
      const byField = fieldProblems(error);
      const problems = Object.keys(byField).length > 0 ? byField : { '': problemText(error) };
      setState({ busy: false, error, problems });
      return undefined;
    } finally {
      running.current = false;
    }
  }, []);

  return { submit, ...state };
}
