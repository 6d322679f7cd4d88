/**
 * A value the running process registers once and any module reads, kept on `globalThis` because
 * Next bundles modules separately from server.ts (a module-level variable would exist twice).
 */
export function processSlot<T>(name: string): { set(value: T | undefined): void; get(): T | undefined } {
  const key = Symbol.for(`ringlet.${name}`);
  const holder = globalThis as { [key: symbol]: T | undefined };
  return {
    set: (value) => void (holder[key] = value),
    get: () => holder[key],
  };
}
