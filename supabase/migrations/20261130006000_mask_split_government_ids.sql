-- Government ID numbers as OCR reads them: split by spaces where the print has none.
--
-- OCR puts spaces inside numbers ("PQRST9 876Z", "PQRST 9876 Z", "98 76 5432 1098"); the first
-- patterns masked only the printed forms (PAN unbroken, Aadhaar grouped 4-4-4), so a split number
-- was stored in full. Now, between any two characters of a number, up to two spaces or hyphens are
-- allowed. Split PANs count only in capitals (as printed), so prose such as "March 2024 a" stays.
-- The last four characters are captured one by one, so the masked form has no separator. These are
-- the runner's patterns (scraper-runner/src/ocr/fields.ts); pgTAP and the runner's tests check the
-- same strings.
create or replace function private.mask_government_ids(value text)
returns text
language sql
immutable
set search_path = ''
as $$
  select regexp_replace(
           regexp_replace(
             regexp_replace(value,
               '(?<![0-9])[2-9](?:[ -]{0,2}[0-9]){7}[ -]{0,2}([0-9])[ -]{0,2}([0-9])[ -]{0,2}([0-9])[ -]{0,2}([0-9])(?![0-9])',
               'XXXX XXXX \1\2\3\4', 'g'),
             '(?<![A-Za-z0-9])[A-Za-z]{5}[0-9]([0-9]{3}[A-Za-z])(?![A-Za-z0-9])', 'XXXXXX\1', 'g'),
           '(?<![A-Za-z0-9])[A-Z](?:[ -]{0,2}[A-Z]){4}[ -]{0,2}[0-9][ -]{0,2}([0-9])[ -]{0,2}([0-9])[ -]{0,2}([0-9])[ -]{0,2}([A-Z])(?![A-Za-z0-9])',
           'XXXXXX\1\2\3\4', 'g');
$$;
comment on function private.mask_government_ids(text) is
  'Masks Aadhaar (12 digits, spaces or hyphens anywhere → XXXX XXXX 1234) and PAN (AAAAA9999A, or split by spaces in capitals → XXXXXX999A) numbers in a text.';
