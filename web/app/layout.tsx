import "@fontsource-variable/inter";
import "./globals.css";
import type { Metadata, Viewport } from "next";
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
  themeColor: "#ffffff",
};

export default function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  return (
    <html lang="en-IN" data-scroll-behavior="smooth">
      <body className="min-h-dvh font-sans antialiased">
        {children}
        <Toaster position="top-center" richColors closeButton />
      </body>
    </html>
  );
}
