import type { Logger } from "./log/logger";

export interface PollLoop {
  /** Run a pass now instead of at the next poll (a pass already running is followed by another). */
  kick(): void;
  stop(): Promise<void>;
}

/** Calls `pass` every `intervalMs` and whenever kicked, never two passes at once. */
export function startPollLoop(pass: () => Promise<unknown>, intervalMs: number, log: Logger, what: string): PollLoop {
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    running = pass()
      .then(() => undefined)
      .catch((err) => log.error({ err }, `${what} pass failed`))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          tick();
        } else if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  tick();
  return {
    kick: tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
