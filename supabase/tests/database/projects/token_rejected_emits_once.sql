-- private.mark_token_rejected (replaced by the projects migration): connected → needs_reconnect
-- emits integrations.token.rejected once; repeats and other statuses emit nothing.
begin;
select plan(4);

select tests.create_supabase_user('dev');
insert into public.user_integrations (user_id, provider, status, connected_at)
values (tests.get_supabase_uid('dev'), 'github', 'connected', now()),
       (tests.get_supabase_uid('dev'), 'gemini', 'revoked', now());

select tests.authenticate_as_service_role();
select private.mark_token_rejected(tests.get_supabase_uid('dev'), 'github');
select private.mark_token_rejected(tests.get_supabase_uid('dev'), 'github');
select private.mark_token_rejected(tests.get_supabase_uid('dev'), 'gemini');
reset role;

select is((select status::text from public.user_integrations where provider = 'github'
           and user_id = tests.get_supabase_uid('dev')), 'needs_reconnect', 'GitHub needs reconnecting');
select is((select status::text from public.user_integrations where provider = 'gemini'
           and user_id = tests.get_supabase_uid('dev')), 'revoked', 'a revoked integration stays revoked');
select results_eq(
  $$ select payload from public.event_log where event_type = 'integrations.token.rejected'
     and payload ->> 'user_id' = tests.get_supabase_uid('dev')::text $$,
  $$ values (jsonb_build_object('user_id', tests.get_supabase_uid('dev'), 'provider', 'github')) $$,
  'one integrations.token.rejected event, for the transition only'
);
select is(
  (select actor from public.event_log where event_type = 'integrations.token.rejected'
   and payload ->> 'user_id' = tests.get_supabase_uid('dev')::text),
  null, 'emitted by the service path (no user actor)'
);

select * from finish();
rollback;
