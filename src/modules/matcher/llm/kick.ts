const KEY = Symbol.for("ringlet.rerankKick");
type Holder = { [KEY]?: () => void };

/** The running rerank worker registers how to wake it; the matcher wakes it after a run waits for the model. */
export function setRerankKick(kick: (() => void) | undefined): void {
  (globalThis as Holder)[KEY] = kick;
}

export function kickRerank(): void {
  (globalThis as Holder)[KEY]?.();
}
