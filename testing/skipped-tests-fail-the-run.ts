import type { Reporter, TestModule } from 'vitest/node';

/**
 * A vitest reporter for the whole run (`npm test`): a skipped test — `.skip`, `.todo`, a test left
 * out because its suite's set-up failed, or one that skipped itself — fails the run, naming each.
 * Nothing in this project may skip because something is missing: the prerequisites step provides
 * it or stops the run before any test.
 */
export default class SkippedTestsFailTheRun implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const skipped: string[] = [];
    for (const testModule of testModules) {
      for (const test of testModule.children.allTests()) {
        if (test.result().state === 'skipped') skipped.push(`${testModule.relativeModuleId} > ${test.fullName}`);
      }
    }
    if (skipped.length === 0) return;
    process.stderr.write(
      `\n${skipped.length} test(s) skipped, which fails the run (a skipped test proves nothing; make it run or remove it):\n` +
        skipped.map((name) => `  - ${name}\n`).join(''),
    );
    process.exitCode = 1;
  }
}
