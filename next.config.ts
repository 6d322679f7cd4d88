import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { securityHeaders } from "./src/platform/http/security-headers";

const dev = process.env.NODE_ENV !== "production";

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  serverExternalPackages: ["@electric-sql/pglite", "pg", "pino", "nodemailer", "redis"],
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders(dev) }];
  },
};

export default createNextIntlPlugin("./i18n/request.ts")(config);
