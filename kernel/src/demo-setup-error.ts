/** A step of the demo set-up that the kernel refused: its problem's code and what it said. */
export class DemoSetupError extends Error {
  readonly code: string | undefined;
  constructor(step: string, status: number, problem: { code?: string; detail?: string }, body: string) {
    super(`the demo set-up could not ${step} (${status}${problem.code ? ` ${problem.code}` : ''}): ${problem.detail ?? body}`);
    this.name = 'DemoSetupError';
    this.code = problem.code;
  }
}
