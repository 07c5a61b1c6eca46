import type { ReactNode } from "react";
import { Logo } from "@/components/logo";

/** The narrow centred column of the password-reset pages (the sign-in page has its own layout). */
export function AuthCard({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-dvh flex-col px-4 py-8 sm:px-8">
      <Logo />
      <div className="flex flex-1 items-center justify-center py-10">
        <div className="w-full max-w-[400px]">{children}</div>
      </div>
    </main>
  );
}
