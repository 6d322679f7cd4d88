import { processSlot } from "@/src/platform/process-slot";

const rerankKick = processSlot<() => void>("rerankKick");

/** The running rerank worker registers how to wake it; the matcher wakes it after a run waits for the model. */
export const setRerankKick = rerankKick.set;

export function kickRerank(): void {
  rerankKick.get()?.();
}
