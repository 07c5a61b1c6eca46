-- Share links of project intro videos: a stable, revocable public page per video (/v/<slug>)
-- that a resume PDF can link to (the PDF outlives any signed URL).
--
--   public.project_video_shares                     one row per share of a video; the slug is 128
--                                                   random bits (base64url), so it cannot be guessed
--   private.share_project_video(repo_id)            user (auth.uid()): the live share of the
--                                                   repository's newest transcoded video (made if none)
--   private.revoke_project_video_shares(repo_id)    user: revokes every live share of the repository
--   private.resume_video_shares(user_id, repo_ids)  service_role (the runner's resume PDF): the live
--                                                   share per repository with a transcoded video, made
--                                                   when the video was never shared; a video whose
--                                                   share the owner revoked gets none until shared again
--   private.resolve_video_share(slug)               service_role (the public share route): what the
--                                                   page shows, only for a live share of a transcoded video

create table public.project_video_shares (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[A-Za-z0-9_-]{22}$'),
  user_id uuid not null references auth.users (id) on delete cascade,
  video_id uuid not null references public.project_videos (id) on delete cascade,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);
comment on table public.project_video_shares is
  'Public share links of intro videos: /v/<slug> plays the video without signing in while revoked_at is null. Owner and admins read; written by private.share_project_video, private.revoke_project_video_shares and private.resume_video_shares.';
comment on column public.project_video_shares.slug is '16 random bytes, base64url (22 characters): not guessable, not derived from any id.';
comment on column public.project_video_shares.revoked_at is 'When the owner revoked the link; the page then answers 404 like an unknown slug.';

create unique index project_video_shares_live_idx on public.project_video_shares (video_id) where revoked_at is null;
comment on index public.project_video_shares_live_idx is 'At most one live share per video.';
create index project_video_shares_user_idx on public.project_video_shares (user_id);
comment on index public.project_video_shares_user_idx is 'Cascade deletes and per-user look-ups.';

alter table public.project_video_shares enable row level security;

create policy project_video_shares_select_own on public.project_video_shares
  for select to authenticated
  using (user_id = (select auth.uid()));
comment on policy project_video_shares_select_own on public.project_video_shares is 'A user reads their own share links.';

create policy project_video_shares_select_admin on public.project_video_shares
  for select to authenticated
  using ((select private.is_admin()));
comment on policy project_video_shares_select_admin on public.project_video_shares is 'Admins read every share link.';

revoke all on table public.project_video_shares from public, anon, authenticated, service_role;
grant select on public.project_video_shares to authenticated;
grant all on public.project_video_shares to service_role;

-- A new slug: 16 bytes from the CSPRNG, base64url without padding.
create function private.new_share_slug()
returns text
language sql
volatile
set search_path = ''
as $$
  select translate(rtrim(encode(extensions.gen_random_bytes(16), 'base64'), '='), '+/', '-_')
$$;
comment on function private.new_share_slug() is '22 base64url characters of 16 random bytes (pgcrypto).';

-- The live share of one video (vid) of owner_id, made when make_if_none and none is live.
create function private.video_share_of(owner_id uuid, vid uuid, make_if_none boolean)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  s text;
begin
  select sh.slug into s from public.project_video_shares sh
   where sh.video_id = video_share_of.vid and sh.revoked_at is null;
  if s is not null or not make_if_none then
    return s;
  end if;
  insert into public.project_video_shares (slug, user_id, video_id)
  values (private.new_share_slug(), video_share_of.owner_id, video_share_of.vid)
  on conflict (video_id) where revoked_at is null do nothing
  returning slug into s;
  if s is null then -- a concurrent caller made it
    select sh.slug into s from public.project_video_shares sh
     where sh.video_id = video_share_of.vid and sh.revoked_at is null;
  end if;
  return s;
end;
$$;
comment on function private.video_share_of(uuid, uuid, boolean) is
  'Internal: the live share slug of a video (made when make_if_none and none is live).';

-- private.share_project_video(repo_id) → slug: the caller's repository's newest transcoded video.
create function private.share_project_video(repo_id uuid)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  vid uuid;
begin
  if uid is null then
    raise exception 'sign in first' using errcode = 'PT401';
  end if;
  if not exists (select 1 from public.repositories r where r.id = share_project_video.repo_id and r.user_id = uid) then
    raise exception 'project not found' using errcode = 'PT404';
  end if;
  select v.id into vid from public.project_videos v
   where v.repo_id = share_project_video.repo_id and v.user_id = uid and v.status = 'transcoded'
   order by v.created_at desc limit 1;
  if vid is null then
    raise exception 'This project has no intro video ready to share yet.' using errcode = 'PT409';
  end if;
  return private.video_share_of(uid, vid, true);
end;
$$;
comment on function private.share_project_video(uuid) is
  'Caller (auth.uid()) shares the newest transcoded intro video of their repository: its live share slug, made if none. PT404 when not the caller''s repository; PT409 when no transcoded video.';

-- private.revoke_project_video_shares(repo_id) → how many links were revoked.
create function private.revoke_project_video_shares(repo_id uuid)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  n integer;
begin
  if uid is null then
    raise exception 'sign in first' using errcode = 'PT401';
  end if;
  if not exists (select 1 from public.repositories r where r.id = revoke_project_video_shares.repo_id and r.user_id = uid) then
    raise exception 'project not found' using errcode = 'PT404';
  end if;
  update public.project_video_shares sh set revoked_at = now()
    from public.project_videos v
   where v.id = sh.video_id and v.repo_id = revoke_project_video_shares.repo_id and v.user_id = uid
     and sh.user_id = uid and sh.revoked_at is null;
  get diagnostics n = row_count;
  return n;
end;
$$;
comment on function private.revoke_project_video_shares(uuid) is
  'Caller (auth.uid()) revokes every live share link of their repository''s videos (the pages answer 404 from then on). PT404 when not the caller''s repository.';

-- private.resume_video_shares(user_id, repo_ids) → (repo_id, slug) for the runner's resume PDF.
create function private.resume_video_shares(user_id uuid, repo_ids uuid[])
returns table (repo_id uuid, slug text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  r record;
  s text;
begin
  for r in
    select distinct on (v.repo_id) v.repo_id, v.id
      from public.project_videos v
     where v.user_id = resume_video_shares.user_id and v.repo_id = any (resume_video_shares.repo_ids)
       and v.status = 'transcoded'
     order by v.repo_id, v.created_at desc
  loop
    -- Made only for a video never shared: a link the owner revoked stays revoked.
    s := private.video_share_of(resume_video_shares.user_id, r.id,
      not exists (select 1 from public.project_video_shares sh where sh.video_id = r.id));
    if s is not null then
      repo_id := r.repo_id;
      slug := s;
      return next;
    end if;
  end loop;
end;
$$;
comment on function private.resume_video_shares(uuid, uuid[]) is
  'Service role (the resume PDF consumer): the live share slug of the newest transcoded video of each listed repository of the user, made for a video never shared (one the owner revoked gets no link until they share it again).';

-- private.resolve_video_share(slug) → what the public page shows, or no row.
create function private.resolve_video_share(slug text)
returns table (project_name text, owner_name text, playback_path text, poster_path text, duration_sec numeric)
language sql
stable
security definer
set search_path = ''
as $$
  select r.name, coalesce(p.display_name, 'A CareerPilot user'), v.playback_path, v.poster_path, v.duration_sec
    from public.project_video_shares sh
    join public.project_videos v on v.id = sh.video_id and v.user_id = sh.user_id
    join public.repositories r on r.id = v.repo_id and r.user_id = v.user_id
    left join public.profiles p on p.id = sh.user_id
   where sh.slug = resolve_video_share.slug and sh.revoked_at is null and v.status = 'transcoded'
$$;
comment on function private.resolve_video_share(text) is
  'Service role (the public share route): project name, the owner''s display name (nothing else of the owner) and the storage paths of a live share of a transcoded video; no row for an unknown or revoked slug.';

revoke all on function private.new_share_slug() from public, anon, authenticated;
revoke all on function private.video_share_of(uuid, uuid, boolean) from public, anon, authenticated;
revoke all on function private.share_project_video(uuid) from public, anon;
revoke all on function private.revoke_project_video_shares(uuid) from public, anon;
revoke all on function private.resume_video_shares(uuid, uuid[]) from public, anon, authenticated;
revoke all on function private.resolve_video_share(text) from public, anon, authenticated;
grant execute on function private.share_project_video(uuid) to authenticated;
grant execute on function private.revoke_project_video_shares(uuid) to authenticated;
grant execute on function private.new_share_slug() to service_role;
grant execute on function private.video_share_of(uuid, uuid, boolean) to service_role;
grant execute on function private.resume_video_shares(uuid, uuid[]) to service_role;
grant execute on function private.resolve_video_share(text) to service_role;
