-- RLS on certificates: the owner reads their own rows, a stranger and anon see nothing and
-- cannot delete, decide or create for someone else; nobody writes the table directly.
begin;
select plan(11);

select tests.create_supabase_user('owner');
select tests.create_supabase_user('stranger');
select tests.authenticate_as('owner');
select * from private.create_certificate('course', 'Deep Learning', 'Coursera', 'image/png', 1000);
reset role;
select set_config('test.cert', (select id::text from public.certificates where user_id = tests.get_supabase_uid('owner')), true);

select tests.authenticate_as('owner');
select is((select count(*)::int from public.certificates), 1, 'the owner reads their certificate');
select results_eq($$ select document_type::text, title, issuer, status::text, ocr_status::text, storage_path ~ ('^' || auth.uid()::text || '/[0-9a-f-]{36}\.png$')
                     from public.certificates $$,
  $$ values ('course'::text, 'Deep Learning'::text, 'Coursera'::text, 'pending'::text, 'awaiting_upload'::text, true) $$,
  'a pending row awaiting its upload, under the owner''s folder');
select throws_ok($$ update public.certificates set status = 'verified' $$, '42501', null, 'the owner cannot verify it directly');
select throws_ok($$ insert into public.certificates (user_id, document_type, storage_path, content_type, size_bytes)
                    values (auth.uid(), 'degree', 'x/y.pdf', 'application/pdf', 1) $$, '42501', null, 'nor insert rows directly');
select throws_ok($$ select private.certificate_decide(current_setting('test.cert')::uuid, 'verified') $$, '42501', null,
  'nor approve their own');
reset role;

select tests.authenticate_as('stranger');
select is_empty($$ select * from public.certificates $$, 'a stranger sees no certificate');
select throws_ok($$ select private.delete_certificate(current_setting('test.cert')::uuid) $$, 'PT404', null,
  'deleting another user''s certificate is not found');
select throws_ok($$ select private.certificate_decide(current_setting('test.cert')::uuid, 'rejected', 'fake') $$, '42501', null,
  'a stranger cannot decide it');
reset role;

select tests.clear_authentication();
select throws_ok($$ select * from public.certificates $$, '42501', null, 'anon cannot read the table');
select throws_ok($$ select * from private.create_certificate('course', null, null, 'image/png', 10) $$, '42501', null,
  'nor create a certificate');
reset role;

select is((select count(*)::int from public.certificates where id = current_setting('test.cert')::uuid and status = 'pending'), 1,
  'the certificate is unchanged');

select * from finish();
rollback;
