import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale } from "next-intl/server";
import type { ReactNode } from "react";
import { Header } from "@/components/header";
import { TunnelProvider } from "@/components/tunnel";
import { pageActor } from "@/src/platform/auth/page-actor";
import { isModuleEnabled, localized, ringConfig, type Locale } from "@/src/platform/config/ring-config";
import "./globals.css";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const config = ringConfig();
  const locale = (await getLocale()) as Locale;
  return {
    title: { default: config.name, template: `%s · ${config.name}` },
    description: localized(config.tagline, locale),
    icons: config.logo ? [{ url: config.logo }] : undefined,
  };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const config = ringConfig();
  const locale = await getLocale();
  const actor = await pageActor();
  const page = (
    <>
      <Header />
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">
        {children}
      </main>
    </>
  );
  return (
    <html lang={locale} style={{ ["--ring-primary" as string]: config.primaryColor }}>
      <body className="min-h-screen">
        <NextIntlClientProvider>
          {/* Keyed by who is signed in: signing in or out opens a new tunnel with the new identity. */}
          {isModuleEnabled("tunnel") ? <TunnelProvider key={actor.userId ?? "visitor"}>{page}</TunnelProvider> : page}
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
