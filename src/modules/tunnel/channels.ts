import { canView, type Viewable } from "@/src/platform/access/visibility";
import type { Actor } from "@/src/platform/auth/roles";
import { isModuleEnabled, type ModuleName } from "@/src/platform/config/ring-config";

export const DISCOVERY_CHANNELS = {
  "discovery:opportunities": "opportunities",
  "discovery:entities": "entities",
} as const satisfies Record<string, ModuleName>;

export const ADMIN_CHANNEL = "admin";
export const userChannel = (userId: string) => `user:${userId}`;

export type ChannelDenial = { code: "unknown_channel" | "forbidden" | "unauthenticated"; message: string };

const USER_CHANNEL = /^user:[A-Za-z0-9_-]{1,64}$/;

/**
 * May this actor subscribe to the channel? `null` means yes. A denial names no resource:
 * asking for another member's channel answers the same as asking for a made-up one the actor cannot read.
 */
export function subscribeDenial(actor: Actor, channel: string): ChannelDenial | null {
  if (channel in DISCOVERY_CHANNELS) {
    return isModuleEnabled(DISCOVERY_CHANNELS[channel as keyof typeof DISCOVERY_CHANNELS])
      ? null
      : { code: "unknown_channel", message: "There is no such channel" };
  }
  if (channel === ADMIN_CHANNEL) {
    if (actor.kind !== "user") return { code: "unauthenticated", message: "Sign in to subscribe to this channel" };
    return actor.role === "admin" ? null : { code: "forbidden", message: "Only admins may subscribe to this channel" };
  }
  if (USER_CHANNEL.test(channel)) {
    if (actor.kind !== "user") return { code: "unauthenticated", message: "Sign in to subscribe to this channel" };
    return channel === userChannel(actor.userId) ? null : { code: "forbidden", message: "You may only subscribe to your own user channel" };
  }
  return { code: "unknown_channel", message: "There is no such channel" };
}

/** Per message: messages that carry an access snapshot reach only subscribers who could view the resource. */
export function mayReceive(actor: Actor, access: Viewable | null): boolean {
  return access === null || canView(actor, access);
}
