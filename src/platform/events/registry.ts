import { processSlot } from "../process-slot";
import type { EventHandler } from "./consumer";

const KEY = Symbol.for("ringlet.eventHandlers");
type Holder = { [KEY]?: Map<string, EventHandler> };

function handlers(): Map<string, EventHandler> {
  const g = globalThis as Holder;
  g[KEY] ??= new Map();
  return g[KEY];
}

/** Modules register their outbox consumers here at start-up; names must be unique. */
export function registerEventHandler(handler: EventHandler): void {
  handlers().set(handler.name, handler);
}

export function registeredEventHandlers(): EventHandler[] {
  return [...handlers().values()];
}

const outboxKick = processSlot<() => void>("outboxKick");

/** The running consumer registers how to wake it; a request that wrote events wakes it at once. */
export const setOutboxKick = outboxKick.set;

export function kickOutbox(): void {
  outboxKick.get()?.();
}
