import type { Env } from "@/src/platform/config/env";
import type { Logger } from "@/src/platform/log/logger";
import { processSlot } from "@/src/platform/process-slot";
import type { Fanout, FanoutKind } from "./fanout";
import { localFanout } from "./local";
import { natsFanout } from "./nats";
import { postgresFanout } from "./postgres";
import { redisFanout } from "./redis";

/** `auto`: Redis if REDIS_URL is set, else NATS if NATS_URL is, else LISTEN/NOTIFY on PostgreSQL, else in-process. */
export function fanoutKind(e: Env): FanoutKind {
  if (e.TUNNEL_FANOUT !== "auto") return e.TUNNEL_FANOUT;
  if (e.REDIS_URL) return "redis";
  if (e.NATS_URL) return "nats";
  return e.DATABASE_URL ? "postgres" : "local";
}

export async function createFanout(e: Env, log: Logger): Promise<Fanout> {
  const kind = fanoutKind(e);
  const need = (value: string | undefined, name: string) => {
    if (!value) throw new Error(`TUNNEL_FANOUT=${kind} needs ${name}`);
    return value;
  };
  switch (kind) {
    case "local":
      return localFanout();
    case "postgres":
      return postgresFanout(need(e.DATABASE_URL, "DATABASE_URL"), e.TUNNEL_TOPIC, log);
    case "redis":
      return redisFanout(need(e.REDIS_URL, "REDIS_URL"), e.TUNNEL_TOPIC, log);
    case "nats":
      return natsFanout(need(e.NATS_URL, "NATS_URL"), e.TUNNEL_TOPIC, log);
  }
}

const fanoutSlot = processSlot<Fanout>("tunnelFanout");

/** The running process's fan-out, set by the tunnel at start; without one (CLI, tests) signals are dropped and sweeps catch up. */
export const setTunnelFanout = fanoutSlot.set;
export const tunnelFanout = fanoutSlot.get;
