import "@fontsource-variable/inter";
import "./globals.css";
import type { Metadata, Viewport } from "next";
import { ThemeProvider } from "next-themes";
import { ToastRouteReset } from "@/components/toast-route-reset";
import { Toaster } from "@/components/ui/sonner";

export const metadata: Metadata = {
  title: {
    default: "CareerPilot — AI career growth and job automation",
    template: "%s · CareerPilot",
  },
  description:
    "CareerPilot turns your GitHub work into AI-described projects and résumés, finds matching jobs on LinkedIn, Naukri and Indeed, and applies for you with a tailored résumé and cover letter.",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#0f1424" },
  ],
};

export default function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  return (
    // next-themes sets the theme class on <html> before hydration, hence suppressHydrationWarning.
    <html lang="en-IN" data-scroll-behavior="smooth" suppressHydrationWarning>
      <body className="min-h-dvh font-sans antialiased">
        <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange>
          {children}
          <Toaster position="top-center" richColors closeButton />
          <ToastRouteReset />
        </ThemeProvider>
      </body>
    </html>
  );
}
