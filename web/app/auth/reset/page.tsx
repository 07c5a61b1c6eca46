import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/supabase/server";
import { AuthCard } from "../_components/auth-card";
import { ResetPasswordForm } from "../_components/reset-password-form";

export const metadata: Metadata = { title: "Choose a new password" };

/**
 * Where the emailed reset link ends (after `/auth/callback` exchanged its code for a session of
 * type recovery). Without a session the link was not opened, expired or was used: ask again.
 */
export default async function ResetPasswordPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/auth/forgot?error=expired");
  return (
    <AuthCard>
      <ResetPasswordForm email={user.email ?? ""} />
    </AuthCard>
  );
}
