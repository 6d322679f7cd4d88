import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", ".data/**", "migrations/**", "next-env.d.ts", "bench/results/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,mjs}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Authorisation lives where the data is read: pages and components call services with the
    // page's context, never the database or a table (docs/SECURITY.md).
    files: ["app/**/*.tsx", "components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "@/src/platform/db/client", message: "Pages and components call a service with the page's context (pageContext / adminPageContext); they never read the database." }],
          patterns: [{ regex: "^@/src/(modules/[a-z-]+|platform/[a-z/-]+)/schema$", message: "Pages and components never read a table; call the module's service." }],
        },
      ],
    },
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node } },
  },
  {
    files: ["tests/**/*.ts", "**/*.test.ts", "**/*.e2e.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
