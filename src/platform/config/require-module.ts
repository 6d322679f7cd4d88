import { notFound } from "next/navigation";
import { isModuleEnabled, type ModuleName } from "@/src/platform/config/ring-config";

/** A disabled module's pages answer 404. */
export function requireModule(module: ModuleName): void {
  if (!isModuleEnabled(module)) notFound();
}
