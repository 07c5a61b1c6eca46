import Link from "next/link";

/** "Forgot password?" under the sign-in password field: starts the reset-by-email flow. */
export function ForgotPasswordLink() {
  return (
    <div className="-mt-2 text-right text-sm">
      <Link
        href="/auth/forgot"
        className="font-medium text-primary underline-offset-4 hover:underline"
        data-test="signin-forgot-password"
      >
        Forgot password?
      </Link>
    </div>
  );
}
