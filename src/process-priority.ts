import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Lowers the priority of this whole process. On Linux niceness belongs to each thread and setPriority() changes only
 * the calling one, so every thread alive now (V8's platform and GC threads, libuv's pool) is reniced through
 * /proc/self/task; threads started later inherit the niceness of the thread that starts them. Elsewhere, the process.
 */
export function lowerProcessPriority(nice: number): void {
  let threads: string[] = [];
  try {
    threads = readdirSync('/proc/self/task');
  } catch {
    // no procfs: not Linux
  }
  if (threads.length === 0) {
    setPriority(nice);
    return;
  }
  for (const tid of threads) setPriority(Number(tid), nice);
}
