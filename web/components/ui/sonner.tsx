"use client"

import { Toaster as Sonner, type ToasterProps } from "sonner"

// shadcn's sonner.tsx reads the theme from next-themes; CareerPilot ships a light theme only,
// so the theme is fixed here instead of adding that dependency.
const Toaster = ({ ...props }: ToasterProps) => {
  return (
    <Sonner
      theme="light"
      className="toaster group"
      style={
        {
          "--normal-bg": "var(--popover)",
          "--normal-text": "var(--popover-foreground)",
          "--normal-border": "var(--border)",
        } as React.CSSProperties
      }
      {...props}
    />
  )
}

export { Toaster }
