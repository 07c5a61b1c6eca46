-- =============================================================================================
-- Local demo data: one admin and one user, both with confirmed email and a password sign-in.
--   admin@careerpilot.local / CareerPilot-admin-1   (profiles.role = 'admin')
--   user@careerpilot.local  / CareerPilot-user-1    (profiles.role = 'user')
-- Fixed ids; idempotent (re-running changes nothing that exists, and restores the admin role).
-- =============================================================================================

-- ---------------------------------------------------------------------------------------------
-- Auth users (the profiles come from the on_auth_user_created trigger)
-- ---------------------------------------------------------------------------------------------
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, last_sign_in_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
  confirmation_token, recovery_token, email_change_token_new, email_change
)
values
  (
    '00000000-0000-0000-0000-000000000000', 'ad000000-0000-4000-8000-000000000001', 'authenticated',
    'authenticated', 'admin@careerpilot.local', extensions.crypt('CareerPilot-admin-1', extensions.gen_salt('bf')),
    now(), null, '{"provider": "email", "providers": ["email"]}', '{"display_name": "CareerPilot Admin"}',
    now(), now(), '', '', '', ''
  ),
  (
    '00000000-0000-0000-0000-000000000000', 'aa000000-0000-4000-8000-000000000002', 'authenticated',
    'authenticated', 'user@careerpilot.local', extensions.crypt('CareerPilot-user-1', extensions.gen_salt('bf')),
    now(), null, '{"provider": "email", "providers": ["email"]}', '{"display_name": "Demo User"}',
    now(), now(), '', '', '', ''
  )
on conflict do nothing;

insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select gen_random_uuid(), u.id::text, u.id,
       jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true, 'phone_verified', false),
       'email', null, now(), now()
from auth.users u
where u.id in ('ad000000-0000-4000-8000-000000000001', 'aa000000-0000-4000-8000-000000000002')
on conflict (provider_id, provider) do nothing;

-- ---------------------------------------------------------------------------------------------
-- Profiles
-- ---------------------------------------------------------------------------------------------
update public.profiles set role = 'admin'
where id = 'ad000000-0000-4000-8000-000000000001' and role <> 'admin';
