-- The onboarding GitHub username is copied to the owner's profile (set, changed, cleared), and
-- only to the owner's profile.
begin;
select plan(5);

select tests.create_supabase_user('owner', 'owner@test.local');
select tests.create_supabase_user('other', 'other@test.local');
update public.profiles set github_username = 'other-gh' where id = tests.get_supabase_uid('other');

select tests.authenticate_as('owner');
insert into public.onboarding (github_username) values ('Owner-GH');
select is((select github_username from public.profiles where id = auth.uid()), 'Owner-GH', 'set on the first save');

update public.onboarding set roles_targeted = '{SRE}' where user_id = auth.uid();
select is((select github_username from public.profiles where id = auth.uid()), 'Owner-GH', 'other saves leave it');

update public.onboarding set github_username = 'owner-renamed' where user_id = auth.uid();
select is((select github_username from public.profiles where id = auth.uid()), 'owner-renamed', 'a change follows');

update public.onboarding set github_username = null where user_id = auth.uid();
select is((select github_username from public.profiles where id = auth.uid()), null, 'clearing it clears the profile');

reset role;
select is(
  (select github_username from public.profiles where id = tests.get_supabase_uid('other')),
  'other-gh',
  'nobody else''s profile changes'
);

select * from finish();
rollback;
