import { createInterface } from 'node:readline/promises';

/** Asks a yes/no question on the terminal; null when there is no terminal to ask on (stdin or stdout redirected). */
export async function confirmOnTerminal(question: string): Promise<boolean | null> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return null;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^\s*y(es)?\s*$/i.test(await rl.question(question));
  } finally {
    rl.close();
  }
}
