import { readdirSync, readFileSync } from 'node:fs';

/** CPU time of processes on this (Linux) machine, from /proc: what the solo benchmarks report per request. */

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** The direct children of a process (the apps a benchmark spawned). */
export function childPids(pid: number): number[] {
  const pids: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    } catch {
      continue; // the thread ended since the directory was read (e.g. a sender thread finishing its batch)
    }
    if (text) pids.push(...text.split(/\s+/).map(Number));
  }
  return pids;
}

/** CPU seconds (user + system) of a process and all its descendants still alive, plus reaped children's time. */
export function cpuSeconds(pid: number): number {
  let ticks = 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): utime is field 14, stime 15 (1-based).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  } catch {
    return 0;
  }
  let total = ticks / TICKS_PER_SECOND;
  for (const child of childPids(pid)) total += cpuSeconds(child);
  return total;
}

/** This process's child whose environment sets `name=value` (e.g. PRAXIS_ROLE=worker), if any. */
export function childWithEnv(name: string, value: string): number | undefined {
  return childPids(process.pid).find((pid) => {
    try {
      return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`${name}=${value}`);
    } catch {
      return false; // ended meanwhile
    }
  });
}
