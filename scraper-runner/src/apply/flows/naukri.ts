/** naukri's apply flow (being written: answers `failed` until then). */
import type { ApplyFlow } from "./index.js";

export const naukriFlow: ApplyFlow = {
  apply: async () => ({ kind: "failed", error: "naukri apply flow not implemented yet" }),
  checkApplied: async () => false,
};
