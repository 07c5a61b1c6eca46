"use client";

import { Menu } from "lucide-react";
import dynamic from "next/dynamic";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";

// Loaded on the first tap, not with every page: most visits never open the drawer.
const MobileNavDrawer = dynamic(() => import("./mobile-nav-drawer"), { ssr: false });

/** The section links in a left drawer, for screens narrower than the sidebar breakpoint. */
export function MobileNav() {
  const [open, setOpen] = useState(false);
  const [used, setUsed] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  return (
    <>
      <Button
        ref={opener}
        variant="ghost"
        size="icon"
        className="lg:hidden"
        data-test="mobile-nav-trigger"
        aria-label="Open menu"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => {
          setUsed(true);
          setOpen(true);
        }}
      >
        <Menu className="size-5" />
      </Button>
      {used ? <MobileNavDrawer open={open} onOpenChange={setOpen} returnFocusTo={opener} /> : null}
    </>
  );
}
