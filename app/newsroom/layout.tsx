import type { ReactNode } from "react";
import { requireModule } from "@/src/platform/config/require-module";
import { editorPageContext, EditorsOnly } from "./editor-gate";

export const metadata = { robots: { index: false } };

export default async function NewsroomLayout({ children }: { children: ReactNode }) {
  requireModule("newsroom");
  if (!(await editorPageContext("/newsroom"))) return <EditorsOnly />;
  return <>{children}</>;
}
