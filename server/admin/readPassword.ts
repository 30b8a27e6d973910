import { createInterface } from 'node:readline';
import { Writable, type Readable } from 'node:stream';

/** Where the admin CLI reads a password from: a terminal (hidden prompt) or piped standard input. */
export interface PasswordInput {
  input: Readable & { isTTY?: boolean };
  /** Where the prompt goes (standard error, so `--json` output on standard output stays clean). */
  prompt: Writable;
}

/** Swallows what readline would echo, so a typed password never shows on the terminal. */
const hidden = new Writable({ write: (_chunk, _encoding, done) => done() });

/**
 * Reads one password without it ever being on the command line (shell history, `ps`): on a terminal
 * from a prompt that does not echo, otherwise the first line of standard input (`… < pwfile`, a pipe).
 */
export async function readPassword(source: PasswordInput, label: string): Promise<string> {
  const tty = source.input.isTTY === true;
  if (tty) source.prompt.write(`${label}: `);
  const lines = createInterface({ input: source.input, output: hidden, terminal: tty });
  try {
    for await (const line of lines) return line;
    return '';
  } finally {
    lines.close();
    if (tty) source.prompt.write('\n');
  }
}
