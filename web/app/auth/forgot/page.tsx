import type { Metadata } from "next";
import { AuthCard } from "../_components/auth-card";
import { ForgotPasswordForm } from "../_components/forgot-password-form";

export const metadata: Metadata = { title: "Reset your password" };

/** "Forgot password?": asks for a reset link by email (`?error=expired` after a dead link). */
export default async function ForgotPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string }>;
}) {
  const { error } = await searchParams;
  return (
    <AuthCard>
      <ForgotPasswordForm
        initialError={
          error === "expired"
            ? "That reset link has expired or was already used. Ask for a new one below."
            : undefined
        }
      />
    </AuthCard>
  );
}
