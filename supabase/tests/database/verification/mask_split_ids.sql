-- Government ID numbers are masked however OCR split them, and prose that only looks a little
-- like one stays as it is. The strings are the runner's (tests/api/ocr-masking.test.ts).
begin;
select plan(10);

select is(private.mask_government_ids('Aadhaar 2345 6789 0123'), 'Aadhaar XXXX XXXX 0123', 'Aadhaar as printed');
select is(private.mask_government_ids('23 45 6789 0123'), 'XXXX XXXX 0123', 'Aadhaar split anywhere');
select is(private.mask_government_ids('id 2345  6789--0123.'), 'id XXXX XXXX 0123.', 'Aadhaar with double separators');
select is(private.mask_government_ids('PAN ABCDE1234F'), 'PAN XXXXXX234F', 'PAN as printed');
select is(private.mask_government_ids('PAN ABCDE1 234F'), 'PAN XXXXXX234F', 'PAN split inside the digits');
select is(private.mask_government_ids('ABCDE 1234 F'), 'XXXXXX234F', 'PAN split into three');
select is(private.mask_government_ids('abcde1234f'), 'XXXXXX234f', 'PAN unbroken in small letters');
select is(private.mask_government_ids('Completed in March 2024 a course'), 'Completed in March 2024 a course', 'prose stays');
select is(private.mask_government_ids('Roll 123456789012345'), 'Roll 123456789012345', 'a longer number is not an Aadhaar');
select is(private.mask_government_ids_json('{"ocr": "PAN ABCDE 1234 F and 23 45 6789 0123"}'::jsonb),
  '{"ocr": "PAN XXXXXX234F and XXXX XXXX 0123"}'::jsonb, 'in JSON strings too');

select * from finish();
rollback;
