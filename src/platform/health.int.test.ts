import { beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { liveness, readiness } from "./health";

describe("probes", () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });

  it("readiness follows the database; liveness does not ask it", async () => {
    expect(await readiness()).toEqual({ status: "ok", db: db.label });
    await db.destroy();
    const down = await readiness();
    expect(down.status).toBe("unavailable");
    expect(down.error).toBeTruthy();
    expect(liveness().status).toBe("ok");
  });
});
