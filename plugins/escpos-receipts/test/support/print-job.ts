import iconv from 'iconv-lite';

/** One step of a print job: a command (by name, with its argument bytes) or a line of text. */
export type JobStep = { readonly command: string; readonly args: readonly number[] } | { readonly text: string };

/** The commands the encoder may write, by their leading bytes, with how many argument bytes follow. */
const COMMANDS: ReadonlyArray<{ prefix: readonly number[]; name: string; args: number }> = [
  { prefix: [0x1b, 0x40], name: 'initialize', args: 0 },
  { prefix: [0x1b, 0x74], name: 'code page', args: 1 },
  { prefix: [0x1b, 0x61], name: 'align', args: 1 },
  { prefix: [0x1b, 0x45], name: 'bold', args: 1 },
  { prefix: [0x1d, 0x21], name: 'size', args: 1 },
  { prefix: [0x1b, 0x64], name: 'feed', args: 1 },
  { prefix: [0x1d, 0x56], name: 'cut', args: 2 },
  { prefix: [0x1b, 0x70], name: 'drawer kick', args: 3 },
];

/**
 * Reads a print job back as a printer would: its commands, and its text lines decoded from PC858
 * (with iconv-lite, not the encoder's own table). Throws on any byte the encoder should never write.
 */
export function readJob(job: Uint8Array): JobStep[] {
  const steps: JobStep[] = [];
  let text: number[] = [];
  for (let i = 0; i < job.length;) {
    const command = COMMANDS.find((c) => c.prefix.every((byte, k) => job[i + k] === byte));
    if (command) {
      if (text.length > 0) throw new Error(`text without a line feed before ${command.name} at byte ${i}`);
      steps.push({ command: command.name, args: [...job.subarray(i + command.prefix.length, i + command.prefix.length + command.args)] });
      i += command.prefix.length + command.args;
    } else if (job[i] === 0x0a) {
      steps.push({ text: iconv.decode(Buffer.from(text), 'cp858') });
      text = [];
      i += 1;
    } else if (job[i]! < 0x20 || job[i] === 0x7f) {
      throw new Error(`control byte 0x${job[i]!.toString(16)} at ${i} is no command the encoder writes`);
    } else {
      text.push(job[i]!);
      i += 1;
    }
  }
  if (text.length > 0) throw new Error('the job ends with text that was never fed');
  return steps;
}

/** Only the text lines of a job. */
export const printedLines = (job: Uint8Array): string[] => readJob(job).flatMap((step) => ('text' in step ? [step.text] : []));
