import { getTranslations } from "next-intl/server";
import { SettingsForm, type SettingView } from "@/components/admin-forms";
import { PageTitle } from "@/components/ui";
import { SETTINGS, type SettingDefinition } from "@/src/platform/settings/definitions";
import { getAdminSettings } from "@/src/platform/settings/service";
import { adminPageContext } from "@/src/platform/auth/page-actor";

function kindOf(def: SettingDefinition): Pick<SettingView, "kind" | "options"> {
  if (def.secret) return { kind: "secret" };
  if (typeof def.default === "boolean") return { kind: "boolean" };
  if (typeof def.default === "number") return { kind: "number" };
  const options = (def.schema as unknown as { options?: readonly string[] }).options;
  // Free-form strings (credit packs, rates, intents) are typed in, not chosen.
  return options ? { kind: "enum", options } : { kind: "text" };
}

export default async function AdminSettingsPage() {
  const { settings: resolved } = await getAdminSettings(await adminPageContext("/admin/settings"));
  const t = await getTranslations("admin");
  const settings: SettingView[] = (SETTINGS as readonly SettingDefinition[]).map((def) => ({
    name: def.name,
    ...resolved[def.name],
    ...kindOf(def),
  })) as SettingView[];
  return (
    <div>
      <PageTitle title={t("settings")} intro={t("settingsIntro")} />
      <SettingsForm settings={settings} />
    </div>
  );
}
