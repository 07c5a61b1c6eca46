import type { NextConfig } from "next";
// Parse the public configuration when the server (or build) starts: a missing URL or key fails fast.
import "./lib/env";

const nextConfig: NextConfig = {
  // The devstack's test profile builds into `.next-test` so it never clobbers a running `next dev`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  devIndicators: false,
  reactStrictMode: true,
};

export default nextConfig;
