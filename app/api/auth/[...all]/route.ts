import { auth } from "@/src/platform/auth/auth";
import { route } from "@/src/platform/http/route";

/** Better Auth's own endpoints: magic-link verification and password-reset callbacks land here. */
const handler = route(async (req) => auth().handler(req), { limit: "auth" });

export const GET = handler;
export const POST = handler;
