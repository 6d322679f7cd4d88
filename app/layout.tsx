import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale } from "next-intl/server";
import type { ReactNode } from "react";
import { Header } from "@/components/header";
import { localized, ringConfig, type Locale } from "@/src/platform/config/ring-config";
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
  return (
    <html lang={locale} style={{ ["--ring-primary" as string]: config.primaryColor }}>
      <body className="min-h-screen">
        <NextIntlClientProvider>
          <Header />
          <main id="main" className="mx-auto max-w-6xl px-4 py-8">
            {children}
          </main>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
