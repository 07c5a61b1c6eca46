-- The admin audit log is append-only: an admin writes rows only through private.admin_audit (in
-- the caller's transaction); nobody — user, admin, service_role or the table owner — updates,
-- deletes or truncates them; users read nothing; secrets are refused.
begin;
select plan(16);

select tests.create_supabase_user('boss', 'boss@test.local');
select tests.create_supabase_user('pleb');
select tests.make_admin('boss');

-- A user cannot write the log, directly or through the helper.
select tests.authenticate_as('pleb');
select throws_ok($$ select private.admin_audit('certificate.approve', 'certificate', 'x') $$, '42501', null,
  'a user cannot write the audit log through the helper');
select throws_ok($$ insert into public.admin_audit_log (actor_id, action) values (auth.uid(), 'certificate.approve') $$,
  '42501', null, 'nor insert into it');
reset role;

-- An admin appends through the helper.
select tests.authenticate_as('boss');
select isnt(private.admin_audit('certificate.approve', 'certificate', 'c-1', '{"status": "verified"}', tests.get_supabase_uid('pleb')),
  null, 'an admin appends a row');
select results_eq(
  $$ select actor_id, actor_email, action, target_type, target_id, target_user_id, details from public.admin_audit_log where actor_id = tests.get_supabase_uid('boss') $$,
  $$ values (tests.get_supabase_uid('boss'), 'boss@test.local'::text, 'certificate.approve'::text, 'certificate'::text, 'c-1'::text,
             tests.get_supabase_uid('pleb'), '{"status": "verified"}'::jsonb) $$,
  'who, what, target and details are recorded'
);
select throws_ok($$ insert into public.admin_audit_log (actor_id, action) values (auth.uid(), 'certificate.approve') $$,
  '42501', null, 'an admin cannot insert directly either');
select throws_ok($$ update public.admin_audit_log set action = 'certificate.reject' $$, '42501', null,
  'an admin cannot update a row');
select throws_ok($$ delete from public.admin_audit_log $$, '42501', null, 'nor delete one');
select throws_ok($$ select private.admin_audit('api_key.rotate', 'platform_api_key', 'apify', '{"key": "apify_secret"}') $$,
  '22023', null, 'details holding a key are refused');
select throws_ok($$ select private.admin_audit('api_key.rotate', 'platform_api_key', 'apify', '{"new": {"api_token": "t"}}') $$,
  '22023', null, 'at any depth');
select lives_ok($$ select private.admin_audit('api_key.rotate', 'platform_api_key', 'apify', '{"masked_suffix": "…abcd", "expiry_at": null}') $$,
  'a masked suffix is not a secret');
select throws_ok($$ select private.admin_audit('Bad Action') $$, '23514', null, 'actions are domain.verb');
reset role;

-- A user reads nothing.
select tests.authenticate_as('pleb');
select is_empty($$ select * from public.admin_audit_log $$, 'a user reads no audit row');
reset role;

-- Nor service_role, nor the owner, can rewrite history.
select tests.authenticate_as_service_role();
select throws_ok($$ update public.admin_audit_log set details = '{}' $$, '42501', null, 'service_role cannot update');
select throws_ok($$ delete from public.admin_audit_log $$, '42501', null, 'nor delete');
reset role;
select throws_ok($$ delete from public.admin_audit_log $$, '42501', null, 'the table owner cannot delete');
select throws_ok($$ truncate public.admin_audit_log $$, '42501', null, 'nor truncate');

select * from finish();
rollback;
