import { describe, expect, it } from "vitest";
import { credentialsNotice } from "./credentials-notice";

const creds = { email: "admin@ring.test", password: "s3cret-first-start", demoPassword: "demo-s3cret", file: "/data/admin-credentials.txt" };

describe("first-start credentials notice", () => {
  it("a production server writing to a log says where the password is, not what it is", () => {
    const text = credentialsNotice(creds, { production: true, tty: false });
    expect(text).toContain("admin@ring.test");
    expect(text).toContain("/data/admin-credentials.txt");
    expect(text).not.toContain("s3cret");
  });

  it("a terminal, or development, shows the passwords once", () => {
    for (const where of [{ production: true, tty: true }, { production: false, tty: false }]) {
      const text = credentialsNotice(creds, where);
      expect(text).toContain("s3cret-first-start");
      expect(text).toContain("demo-s3cret");
    }
  });
});
