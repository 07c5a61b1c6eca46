"use client";

import type { Onboarding } from "@/lib/api";
import { type CareerPrefsInput, LOCATION_SUGGESTIONS, ROLE_SUGGESTIONS } from "../_lib/forms";
import { ChipsInput } from "./chips-input";
import { LpaField } from "./lpa-field";

/** The career answers of an onboarding record, as the form edits them. */
export function careerInputOf(o: Onboarding): CareerPrefsInput {
  return {
    roles: o.roles_targeted,
    min_lpa: o.min_target_lpa === null ? "" : String(o.min_target_lpa),
    locations: o.preferred_locations,
  };
}

/**
 * The career preferences (roles, minimum LPA, locations) as the onboarding wizard and Settings
 * edit them. `data-test` ids are `<dataTest>-roles`, `<dataTest>-lpa` and `<dataTest>-locations`.
 */
export function CareerFields({
  value,
  onChange,
  errors,
  hints = {},
  dataTest,
  disabled,
}: {
  value: CareerPrefsInput;
  /** Called with the one field that changed. */
  onChange: (patch: Partial<CareerPrefsInput>) => void;
  errors: Partial<Record<keyof CareerPrefsInput, string>>;
  hints?: { roles?: string; locations?: string };
  dataTest: string;
  disabled?: boolean;
}) {
  return (
    <>
      <ChipsInput
        label="Roles you are targeting"
        value={value.roles}
        onChange={(roles) => onChange({ roles })}
        suggestions={ROLE_SUGGESTIONS}
        placeholder="Add a role (Enter)"
        hint={hints.roles}
        error={errors.roles || undefined}
        dataTest={`${dataTest}-roles`}
        disabled={disabled}
      />
      <LpaField
        label="Minimum target salary"
        value={value.min_lpa}
        onChange={(min_lpa) => onChange({ min_lpa })}
        error={errors.min_lpa || undefined}
        dataTest={`${dataTest}-lpa`}
        disabled={disabled}
      />
      <ChipsInput
        label="Preferred locations"
        value={value.locations}
        onChange={(locations) => onChange({ locations })}
        suggestions={LOCATION_SUGGESTIONS}
        placeholder="Add a city (Enter)"
        hint={hints.locations}
        error={errors.locations || undefined}
        dataTest={`${dataTest}-locations`}
        disabled={disabled}
      />
    </>
  );
}
