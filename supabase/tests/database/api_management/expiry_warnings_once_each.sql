-- The daily expiry check: 14, 7 and 1 days before, once each, to every admin; a key past its
-- expiry becomes expired; a rotation with a new expiry starts the warnings afresh.
begin;
select plan(8);

select tests.create_supabase_user('boss1');
select tests.create_supabase_user('boss2');
select tests.make_admin('boss1');
select tests.make_admin('boss2');
-- Other suites' admins also get warnings; count only this test's two.
create temporary table mine as select tests.get_supabase_uid('boss1') as id union all select tests.get_supabase_uid('boss2');
grant select on mine to public;

update public.platform_api_keys set key_encrypted = 'v1.k1.a.b', key_id = 'k1', masked_suffix = 'b', status = 'active',
       expiry_at = now() + interval '10 days' where service = 'apify';
create function pg_temp.warnings(threshold integer) returns integer language sql as $$
  select count(*)::int from public.event_log e
   where e.event_type = 'api_key.expiry_warning' and e.payload ->> 'service' = 'apify'
     and (e.payload ->> 'threshold_days')::int = threshold and (e.payload ->> 'user_id')::uuid in (select id from mine) $$;

select private.check_platform_key_expiry();
select is(pg_temp.warnings(14), 2, '10 days before: the 14-day warning goes to both admins');
select private.check_platform_key_expiry();
select is(pg_temp.warnings(14), 2, 'once: the next day''s check sends nothing new');

update public.platform_api_keys set expiry_at = now() + interval '3 days' where service = 'apify';
select private.check_platform_key_expiry();
select is(pg_temp.warnings(7), 2, 'a new expiry 3 days away: the 7-day warning');
select private.check_platform_key_expiry();
select is(pg_temp.warnings(7), 2, 'once');

update public.platform_api_keys set expiry_at = now() + interval '20 hours' where service = 'apify';
select private.check_platform_key_expiry();
select is(pg_temp.warnings(1), 2, 'within a day: the 1-day warning');
select is((select count(*)::int from public.event_log where event_type = 'api_key.expiry_warning' and payload ->> 'service' = 'apify'
            and (payload ->> 'user_id')::uuid in (select id from mine)), 6, 'six warnings in all: three thresholds × two admins');

select tests.drain_sql_consumer('notifications');
select results_eq(
  $$ select title, link_url from public.notifications where user_id = tests.get_supabase_uid('boss1') and type = 'api_key.expiry_warning'
      and payload_json ->> 'service' = 'apify' order by title $$,
  $$ values ('Platform key Apify expires in 10 days'::text, '/admin/api-management?service=apify'::text),
            ('Platform key Apify expires in 3 days', '/admin/api-management?service=apify'),
            ('Platform key Apify expires within a day', '/admin/api-management?service=apify') $$,
  'each admin is notified once per threshold, with a link to API Management');

update public.platform_api_keys set expiry_at = now() - interval '1 minute' where service = 'apify';
select private.check_platform_key_expiry();
select is((select status from public.platform_api_keys where service = 'apify'), 'expired', 'past its expiry the key is expired');

select * from finish();
rollback;
