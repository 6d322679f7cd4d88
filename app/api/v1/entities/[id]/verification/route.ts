import { currentVerification, requestVerification } from "@/src/modules/verification/service";
import { json, requireRole, route } from "@/src/platform/http/route";

const idOf = async (params: Promise<Record<string, string | string[]>>) => ((await params) as { id: string }).id;

export const GET = route(
  async (req, { params }) => json({ procedure: await currentVerification(await requireRole(req, "subscriber"), await idOf(params)) }),
  { module: "verification" },
);

/** Opens a procedure (201), or returns the open one (200). */
export const POST = route(
  async (req, { params }) => {
    const { created, procedure } = await requestVerification(await requireRole(req, "subscriber"), await idOf(params));
    return json(procedure, created ? 201 : 200);
  },
  { module: "verification" },
);
