import type { ChildProcess } from 'node:child_process';

/**
 * SIGKILLs the child as soon as `due()` says so (polled every 2 ms); resolves true when it was
 * killed, false when it finished first.
 */
export function killWhen(child: { proc: ChildProcess; done: Promise<unknown> }, due: () => boolean): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const poll = setInterval(() => {
      if (due()) {
        clearInterval(poll);
        resolve(child.proc.kill('SIGKILL'));
      }
    }, 2);
    void child.done.then(() => {
      clearInterval(poll);
      resolve(false);
    });
  });
}
