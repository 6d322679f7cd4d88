/**
 * The CPU time `work` takes, in milliseconds, the best of three runs: CPU time, because on a busy
 * machine the wall clock also counts other processes' turns; the best of three, because the first
 * run also compiles. Work that grows faster than its input is slow on every run.
 */
export function bestCpuMs(work: () => void): number {
  return Math.min(
    ...[1, 2, 3].map(() => {
      const started = process.cpuUsage();
      work();
      const used = process.cpuUsage(started);
      return (used.user + used.system) / 1000;
    }),
  );
}
