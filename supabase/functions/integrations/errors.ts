/**
 * The integrations stack's own error codes (statuses in the kit's `ERROR_STATUS`).
 */
import { AppError } from "../_shared/errors.ts";

export type IntegrationErrorCode = "integration_not_configured" | "invalid_api_key";

/** An {@link AppError} limited to this stack's codes. */
export class IntegrationError extends AppError {
  constructor(code: IntegrationErrorCode, message: string, details?: unknown) {
    super(code, message, details);
  }
}
