// Loaded when a form is submitted (the pages' first-load JavaScript carries no zod).
import { z } from "zod";

/** The "Forgot password?" request form. */
export const ForgotPasswordSchema = z.object({
  email: z.string().trim().min(1, "Enter your email address").pipe(z.email("Enter a valid email address")),
});
export type ForgotPasswordInput = z.infer<typeof ForgotPasswordSchema>;

/** The set-a-new-password form: the same rules as a new account's password. */
export const NewPasswordSchema = z
  .object({
    password: z.string().min(8, "Use at least 8 characters").max(72, "Use at most 72 characters"),
    confirmPassword: z.string().min(1, "Confirm your new password"),
  })
  .refine((v) => v.password === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "Passwords do not match",
  });
export type NewPasswordInput = z.infer<typeof NewPasswordSchema>;
