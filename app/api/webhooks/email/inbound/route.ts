import { receiveInbound } from "@/src/modules/email/inbound";
import { env } from "@/src/platform/config/env";
import { db } from "@/src/platform/db/client";
import { json, route } from "@/src/platform/http/route";

export const POST = route(async (req) => json(await receiveInbound(db(), env(), await req.text(), req.headers.get("x-ringlet-signature"))), { module: "email-crm" });
