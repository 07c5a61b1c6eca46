"use client";

import { LogoMark } from "@/components/logo";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import { NavLinks } from "./nav-links";

/**
 * The drawer of {@link MobileNav}: the section links. Its own module so the Sheet (a Radix
 * dialog) loads only when a phone user opens the menu. Focus goes back to the opener on close.
 */
export default function MobileNavDrawer({
  open,
  onOpenChange,
  returnFocusTo,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  returnFocusTo: React.RefObject<HTMLButtonElement | null>;
}) {
  return (
    <Sheet open={open} onOpenChange={onOpenChange}>
      <SheetContent
        side="left"
        className="w-72 p-0"
        data-test="mobile-nav"
        onCloseAutoFocus={(e) => {
          e.preventDefault();
          returnFocusTo.current?.focus();
        }}
      >
        <SheetHeader className="border-b">
          <SheetTitle className="flex items-center gap-2">
            <LogoMark className="size-7" /> CareerPilot
          </SheetTitle>
          <SheetDescription className="sr-only">Go to a section of CareerPilot</SheetDescription>
        </SheetHeader>
        <nav aria-label="Main" className="px-3">
          <NavLinks prefix="mobile-nav" onNavigate={() => onOpenChange(false)} />
        </nav>
      </SheetContent>
    </Sheet>
  );
}
