-- The owner reads their notifications and marks them read or unread; read_at follows read. The
-- column grant lets a user change nothing else: not the text, the link, the owner, read_at, and
-- no inserts or deletes.
begin;
select plan(14);

select tests.create_supabase_user('owner', 'owner@test.local');
insert into public.notifications (user_id, type, title, link_url)
values (tests.get_supabase_uid('owner'), 'repo.detected', 'New repository detected: dotfiles', '/projects'),
       (tests.get_supabase_uid('owner'), 'projects.synced', 'Imported 3 repositories from GitHub', '/projects');

select tests.authenticate_as('owner');

select results_eq(
  $$ select title, read, read_at from public.notifications order by title $$,
  $$ values ('Imported 3 repositories from GitHub'::text, false, null::timestamptz),
            ('New repository detected: dotfiles', false, null) $$,
  'the owner reads both notifications, unread'
);

update public.notifications set read = true where title like 'New repository%';
select results_eq(
  $$ select read, read_at is not null, read_at <= now() from public.notifications where title like 'New repository%' $$,
  $$ values (true, true, true) $$,
  'marking read sets read_at'
);
select read_at as first_read_at from public.notifications where title like 'New repository%' \gset
update public.notifications set read = true where user_id = auth.uid();
select is(
  (select read_at from public.notifications where title like 'New repository%'),
  :'first_read_at'::timestamptz,
  'marking an already read notification read again keeps its read_at'
);
update public.notifications set read = false where title like 'New repository%';
select results_eq(
  $$ select read, read_at from public.notifications where title like 'New repository%' $$,
  $$ values (false, null::timestamptz) $$,
  'marking unread clears read_at'
);

select throws_ok(
  $$ update public.notifications set title = 'Forged' $$,
  '42501', null, 'the owner cannot change the title'
);
select throws_ok(
  $$ update public.notifications set link_url = '/elsewhere' $$,
  '42501', null, 'the owner cannot change the link'
);
select throws_ok(
  $$ update public.notifications set read_at = '2000-01-01' $$,
  '42501', null, 'the owner cannot set read_at directly'
);
select throws_ok(
  $$ update public.notifications set user_id = gen_random_uuid() $$,
  '42501', null, 'the owner cannot move a notification to someone else'
);
select throws_ok(
  $$ update public.notifications set payload_json = '{"forged": true}', type = 'forged.type' $$,
  '42501', null, 'the owner cannot change the type or payload'
);
select throws_ok(
  $$ insert into public.notifications (user_id, type, title) values (auth.uid(), 'self.made', 'Planted') $$,
  '42501', null, 'the owner cannot create notifications'
);
select throws_ok(
  $$ delete from public.notifications $$,
  '42501', null, 'the owner cannot delete notifications'
);

reset role;
select results_eq(
  $$ select title, type, link_url, payload_json from public.notifications
     where user_id = tests.get_supabase_uid('owner') order by title $$,
  $$ values ('Imported 3 repositories from GitHub'::text, 'projects.synced'::text, '/projects'::text, '{}'::jsonb),
            ('New repository detected: dotfiles', 'repo.detected', '/projects', '{}') $$,
  'nothing but read changed'
);
select throws_ok(
  format($$ insert into public.notifications (user_id, type, title, link_url) values (%L, 'x.y', 'Off-site', 'https://evil.example') $$,
    tests.get_supabase_uid('owner')),
  '23514', null, 'a link must be a path on the web app'
);
select throws_ok(
  format($$ insert into public.notifications (user_id, type, title, link_url) values (%L, 'x.y', 'Off-site', '//evil.example') $$,
    tests.get_supabase_uid('owner')),
  '23514', null, 'a protocol-relative link is refused too'
);

select * from finish();
rollback;
