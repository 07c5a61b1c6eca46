-- Platform keys: admins read the list but never the envelope; users read nothing; only an admin
-- rotates (audited in the same transaction); only service_role reads the envelope.
begin;
select plan(14);

select tests.create_supabase_user('boss', 'boss@test.local');
select tests.create_supabase_user('pleb');
select tests.make_admin('boss');

select tests.authenticate_as('pleb');
select is_empty($$ select id from public.platform_api_keys $$, 'a user reads no platform key');
select throws_ok($$ select * from private.rotate_platform_key('apify', 'v1.k1.aaaa.bbbb', 'k1', 'bbbb') $$, '42501', null,
  'a user cannot rotate a key');
select throws_ok($$ select * from private.platform_key_envelope('apify') $$, '42501', null, 'nor read an envelope');
reset role;

select tests.authenticate_as('boss');
select ok((select count(*) from public.platform_api_keys) >= 6, 'an admin reads the seeded services');
select throws_ok($$ select key_encrypted from public.platform_api_keys $$, '42501', null, 'but never the envelope column');
select throws_ok($$ select * from public.platform_api_keys $$, '42501', null, 'not even through select *');
select throws_ok($$ update public.platform_api_keys set status = 'active' $$, '42501', null, 'nor update rows directly');
select throws_ok($$ select * from private.platform_key_envelope('apify') $$, '42501', null, 'nor read an envelope through the runner''s function');
select is((select status from private.rotate_platform_key('apify', 'v1.k1.aaaa.bbbb', 'k1', 'bbbb', now() + interval '30 days')), 'active',
  'an admin rotates a key');
select throws_ok($$ select * from private.rotate_platform_key('nope', 'v1.k1.aaaa.bbbb', 'k1', 'bbbb') $$, 'PT404', null, 'an unknown service is 404');
select throws_ok($$ select * from private.rotate_platform_key('apify', 'v1.k1.aaaa.bbbb', 'k1', 'bbbb', now() - interval '1 day') $$, '23514', null,
  'an expiry in the past is refused');
select results_eq(
  $$ select action, target_id, details ->> 'masked_suffix', details ? 'key' from public.admin_audit_log where actor_id = auth.uid() $$,
  $$ values ('api_key.rotate'::text, 'apify'::text, 'bbbb'::text, false) $$,
  'the rotation is audited, without the key');
reset role;

select tests.authenticate_as_service_role();
select results_eq($$ select envelope, key_id, status from private.platform_key_envelope('apify') $$,
  $$ values ('v1.k1.aaaa.bbbb'::text, 'k1'::text, 'active'::text) $$, 'service_role reads the envelope');
select throws_ok($$ select * from private.platform_key_envelope('proxy_url') $$, 'PT404', null, 'a service without a key is 404');
reset role;

select * from finish();
rollback;
