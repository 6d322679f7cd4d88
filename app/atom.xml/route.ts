import { newsFeed } from "@/src/modules/newsroom/feed";
import { db } from "@/src/platform/db/client";
import { route } from "@/src/platform/http/route";

export const dynamic = "force-dynamic";

export const GET = route(async () => new Response(await newsFeed(db(), "atom"), { headers: { "content-type": "application/atom+xml; charset=utf-8", "cache-control": "public, max-age=300" } }), { module: "newsroom" });
