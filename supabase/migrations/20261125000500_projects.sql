-- ======================================================================================
-- GitHub Projects stack: the user's GitHub repositories (public.repositories), the state of
-- their last sync (public.repository_syncs) and the intro videos recorded for them
-- (public.project_videos), with the events, queues and schedule that keep them current.
--
-- Users read their own rows (admins read all); nobody writes these tables directly. Writes:
--
--   private.record_repository_sync(repos, trigger, includes_private)   user (auth.uid()): upsert
--                                   a sync's repositories, emit repo.detected / repo.updated /
--                                   projects.synced — in the caller's (the function's) transaction
--   private.create_project_video(repo_id, content_type, size_bytes)     user (auth.uid()): a pending
--                                   video row whose storage_path a signed upload URL is issued for
--   trigger on storage.objects (bucket project-videos)                  the upload of a pending
--                                   video's object marks it uploaded, emits project_video.uploaded
--   private.video_begin_processing(video_id)                            service_role (the runner)
--   private.video_finish(video_id, status, …)                           service_role (the runner)
--   private.request_daily_project_sync()                                pg_cron, daily
-- ======================================================================================

-- ---------------------------------------------------------------------------------------------
-- Types
-- ---------------------------------------------------------------------------------------------
create type public.project_video_status as enum ('pending', 'uploaded', 'processing', 'transcoded', 'failed');
comment on type public.project_video_status is
  'pending: an upload URL was issued, nothing uploaded yet; uploaded: the original is in Storage, waiting for the runner; processing: the runner is probing/transcoding it; transcoded: intro.mp4 and poster.jpg are ready; failed: rejected (failure_reason says why).';

-- ---------------------------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------------------------
create table public.repositories (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  provider_repo_id bigint not null check (provider_repo_id > 0),
  name text not null check (char_length(name) between 1 and 100),
  full_name text not null check (char_length(full_name) between 3 and 200),
  html_url text not null check (html_url ~ '^https?://' and char_length(html_url) <= 500),
  description text check (description is null or char_length(description) <= 2000),
  description_ai text check (description_ai is null or char_length(description_ai) between 1 and 2000),
  description_ai_at timestamptz,
  default_branch text check (default_branch is null or char_length(default_branch) between 1 and 255),
  languages jsonb not null default '{}'::jsonb check (jsonb_typeof(languages) = 'object'),
  topics text[] not null default '{}' check (cardinality(topics) <= 50 and array_position(topics, null) is null),
  stars integer not null default 0 check (stars >= 0),
  fork boolean not null default false,
  archived boolean not null default false,
  private boolean not null default false,
  pushed_at timestamptz,
  last_synced_at timestamptz,
  has_intro_video boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint repositories_user_id_provider_repo_id_key unique (user_id, provider_repo_id),
  -- Lets project_videos reference (repo, owner) so a video always belongs to its repo's owner.
  constraint repositories_id_user_id_key unique (id, user_id),
  constraint repositories_description_ai_has_time check (description_ai is null or description_ai_at is not null)
);
comment on table public.repositories is
  'The GitHub repositories of each user (owned or collaborated on), as of their last sync: GitHub''s facts plus the AI description and whether an intro video is ready. Owner and admins read; written only by private.record_repository_sync (the projects function''s sync), the describe route''s private.set_repository_description and the video functions.';
comment on column public.repositories.provider_repo_id is 'GitHub''s numeric repository id (stable across renames and transfers).';
comment on column public.repositories.full_name is 'owner/name on GitHub.';
comment on column public.repositories.description is 'GitHub''s own description of the repository.';
comment on column public.repositories.description_ai is 'The Gemini description, grounded in the repository''s README, languages, topics and commits.';
comment on column public.repositories.description_ai_at is 'When description_ai was generated.';
comment on column public.repositories.languages is
  'GitHub''s language breakdown {language: bytes} (GET /repos/{owner}/{repo}/languages), refreshed when the repository is new or was pushed to.';
comment on column public.repositories.topics is 'GitHub topics.';
comment on column public.repositories.fork is 'A fork of another repository (flagged, not hidden).';
comment on column public.repositories.archived is 'Archived (read-only) on GitHub (flagged, not hidden).';
comment on column public.repositories.private is 'Private on GitHub (listed only when the token has the repo scope).';
comment on column public.repositories.pushed_at is 'GitHub''s pushed_at: the last push to any branch.';
comment on column public.repositories.last_synced_at is 'The last sync that saw this repository on GitHub.';
comment on column public.repositories.has_intro_video is 'True when a transcoded intro video exists for the repository (kept by private.video_finish).';

create index repositories_user_pushed_idx on public.repositories (user_id, pushed_at desc nulls last, id);
comment on index public.repositories_user_pushed_idx is 'The projects list, most recently pushed first.';

create table public.repository_syncs (
  user_id uuid primary key references auth.users (id) on delete cascade,
  last_synced_at timestamptz not null,
  last_trigger text not null check (last_trigger in ('manual', 'github_connected', 'daily')),
  repo_count integer not null check (repo_count >= 0),
  includes_private boolean not null,
  updated_at timestamptz not null default now()
);
comment on table public.repository_syncs is
  'One row per user who ever synced: when the last successful sync ran, what triggered it, how many repositories GitHub listed and whether private ones could be listed (token scope repo). Owner and admins read; written by private.record_repository_sync.';
comment on column public.repository_syncs.includes_private is
  'Whether the GitHub token had the repo scope, so private repositories were included in the listing.';

create table public.project_videos (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  repo_id uuid not null,
  storage_path text not null unique check (char_length(storage_path) <= 300),
  content_type text not null check (content_type in ('video/webm', 'video/mp4')),
  size_bytes bigint not null check (size_bytes between 1 and 52428800),
  status public.project_video_status not null default 'pending',
  duration_sec numeric(10, 2) check (duration_sec is null or duration_sec >= 0),
  playback_path text check (playback_path is null or char_length(playback_path) <= 300),
  poster_path text check (poster_path is null or char_length(poster_path) <= 300),
  failure_reason text check (failure_reason is null or char_length(failure_reason) between 1 and 500),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint project_videos_repo_fkey foreign key (repo_id, user_id)
    references public.repositories (id, user_id) on delete cascade,
  constraint project_videos_transcoded_has_outputs check (
    status <> 'transcoded' or (playback_path is not null and poster_path is not null and duration_sec is not null)
  ),
  constraint project_videos_failed_has_reason check (status <> 'failed' or failure_reason is not null)
);
comment on table public.project_videos is
  'Intro videos of repositories: one row per upload URL issued. The original is at storage_path in bucket project-videos ({user_id}/{repo_id}/{id}.webm|.mp4); the runner writes {user_id}/{repo_id}/{id}/intro.mp4 and poster.jpg. Owner and admins read; written by private.create_project_video, the storage.objects upload trigger and the runner''s private.video_* functions.';
comment on column public.project_videos.content_type is 'What the user said they would upload (video/webm from the browser recorder, or video/mp4).';
comment on column public.project_videos.size_bytes is 'The size the user declared when asking for the upload URL (1 byte … 50 MiB).';
comment on column public.project_videos.duration_sec is 'Measured by the runner (ffprobe).';
comment on column public.project_videos.playback_path is 'The transcoded H.264/AAC mp4 in bucket project-videos.';
comment on column public.project_videos.poster_path is 'The poster jpg in bucket project-videos.';
comment on column public.project_videos.failure_reason is 'Why the clip was not accepted, written for the user.';

create index project_videos_repo_created_idx on public.project_videos (repo_id, created_at desc);
comment on index public.project_videos_repo_created_idx is 'The current video of a repository (newest first).';
create index project_videos_user_idx on public.project_videos (user_id);
comment on index public.project_videos_user_idx is 'Cascade deletes and per-user look-ups.';

-- ---------------------------------------------------------------------------------------------
-- RLS policies
-- ---------------------------------------------------------------------------------------------
alter table public.repositories enable row level security;

create policy repositories_select_own on public.repositories
  for select to authenticated
  using (user_id = (select auth.uid()));
comment on policy repositories_select_own on public.repositories is 'A user reads their own repositories.';

create policy repositories_select_admin on public.repositories
  for select to authenticated
  using ((select private.is_admin()));
comment on policy repositories_select_admin on public.repositories is 'Admins read every user''s repositories.';
-- No insert/update/delete policies: writes go through the private.* functions below.

alter table public.repository_syncs enable row level security;

create policy repository_syncs_select_own on public.repository_syncs
  for select to authenticated
  using (user_id = (select auth.uid()));
comment on policy repository_syncs_select_own on public.repository_syncs is 'A user reads their own sync state.';

create policy repository_syncs_select_admin on public.repository_syncs
  for select to authenticated
  using ((select private.is_admin()));
comment on policy repository_syncs_select_admin on public.repository_syncs is 'Admins read every user''s sync state.';

alter table public.project_videos enable row level security;

create policy project_videos_select_own on public.project_videos
  for select to authenticated
  using (user_id = (select auth.uid()));
comment on policy project_videos_select_own on public.project_videos is 'A user reads their own videos.';

create policy project_videos_select_admin on public.project_videos
  for select to authenticated
  using ((select private.is_admin()));
comment on policy project_videos_select_admin on public.project_videos is 'Admins read every user''s videos.';

-- ---------------------------------------------------------------------------------------------
-- Functions: user paths (called inside asUser)
-- ---------------------------------------------------------------------------------------------

-- private.language_names(languages): the language names of a {language: bytes} object, sorted.
create function private.language_names(languages jsonb)
returns text[]
language sql
immutable
set search_path = ''
as $$
  select coalesce(array_agg(k order by k), '{}') from jsonb_object_keys(coalesce(languages, '{}'::jsonb)) as k;
$$;
comment on function private.language_names(jsonb) is 'The keys of a {language: bytes} object, sorted (empty for null).';

-- private.record_repository_sync(repos, sync_trigger, includes_private) → jsonb
-- Records one successful GitHub listing for the caller (auth.uid()). `repos` is a JSON array of
-- {provider_repo_id, name, full_name, html_url, description, default_branch, languages, topics,
-- stars, fork, archived, private, pushed_at}; `languages` null means "not fetched this time,
-- keep the stored ones". Upserts by (user_id, provider_repo_id), then emits, in this transaction:
--   repo.detected  {user_id, repo_id, provider_repo_id, name, full_name, html_url, initial_import}
--                  for each repository not stored before (initial_import: the user had none);
--   repo.updated   {user_id, repo_id, name, changed} when pushed_at, description, topics or the
--                  set of languages changed (other fields, e.g. stars, update silently);
--   projects.synced {user_id, synced_count, detected_count, updated_count, initial_import, trigger}
--                  once per call.
-- Repositories GitHub no longer lists are kept (their videos and descriptions stay).
-- Returns {synced_count, detected_count, updated_count, initial_import, last_synced_at}.
create function private.record_repository_sync(repos jsonb, sync_trigger text, includes_private boolean)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  at timestamptz := now();
  initial boolean;
  item jsonb;
  old public.repositories;
  saved public.repositories;
  new_languages jsonb;
  new_topics text[];
  changed text[];
  synced integer := 0;
  detected integer := 0;
  updated integer := 0;
begin
  if sync_trigger is null or sync_trigger not in ('manual', 'github_connected', 'daily') then
    raise exception 'unknown sync trigger %', sync_trigger using errcode = '22023';
  end if;
  if repos is null or jsonb_typeof(repos) <> 'array' then
    raise exception 'repos must be a JSON array' using errcode = '22023';
  end if;
  -- One sync per user at a time: a concurrent sync waits here, then sees this one's rows.
  perform pg_advisory_xact_lock(hashtextextended('careerpilot.repository_sync:' || uid::text, 0));
  initial := not exists (select 1 from public.repositories r where r.user_id = uid);

  for item in select value from jsonb_array_elements(repos) loop
    new_languages := case when jsonb_typeof(item -> 'languages') = 'object' then item -> 'languages' end;
    new_topics := coalesce(
      (select array_agg(t order by t) from jsonb_array_elements_text(coalesce(item -> 'topics', '[]'::jsonb)) as t),
      '{}'
    );
    select * into old from public.repositories r
     where r.user_id = uid and r.provider_repo_id = (item ->> 'provider_repo_id')::bigint
     for update;

    if not found then
      insert into public.repositories as r
        (user_id, provider_repo_id, name, full_name, html_url, description, default_branch, languages, topics,
         stars, fork, archived, private, pushed_at, last_synced_at)
      values (
        uid, (item ->> 'provider_repo_id')::bigint, item ->> 'name', item ->> 'full_name', item ->> 'html_url',
        nullif(item ->> 'description', ''), item ->> 'default_branch', coalesce(new_languages, '{}'::jsonb), new_topics,
        coalesce((item ->> 'stars')::integer, 0), coalesce((item ->> 'fork')::boolean, false),
        coalesce((item ->> 'archived')::boolean, false), coalesce((item ->> 'private')::boolean, false),
        (item ->> 'pushed_at')::timestamptz, at
      )
      returning * into saved;
      detected := detected + 1;
      perform private.emit('repo.detected', jsonb_build_object(
        'user_id', uid, 'repo_id', saved.id, 'provider_repo_id', saved.provider_repo_id, 'name', saved.name,
        'full_name', saved.full_name, 'html_url', saved.html_url, 'initial_import', initial));
    else
      changed := '{}';
      if old.pushed_at is distinct from (item ->> 'pushed_at')::timestamptz then
        changed := changed || 'pushed_at'::text;
      end if;
      if old.description is distinct from nullif(item ->> 'description', '') then
        changed := changed || 'description'::text;
      end if;
      if (select coalesce(array_agg(t order by t), '{}') from unnest(old.topics) t) is distinct from new_topics then
        changed := changed || 'topics'::text;
      end if;
      if new_languages is not null and private.language_names(old.languages) <> private.language_names(new_languages) then
        changed := changed || 'languages'::text;
      end if;

      update public.repositories r
         set name = item ->> 'name',
             full_name = item ->> 'full_name',
             html_url = item ->> 'html_url',
             description = nullif(item ->> 'description', ''),
             default_branch = item ->> 'default_branch',
             languages = coalesce(new_languages, r.languages),
             topics = new_topics,
             stars = coalesce((item ->> 'stars')::integer, r.stars),
             fork = coalesce((item ->> 'fork')::boolean, r.fork),
             archived = coalesce((item ->> 'archived')::boolean, r.archived),
             private = coalesce((item ->> 'private')::boolean, r.private),
             pushed_at = (item ->> 'pushed_at')::timestamptz,
             last_synced_at = at,
             updated_at = case when cardinality(changed) > 0 then at else r.updated_at end
       where r.id = old.id;
      if cardinality(changed) > 0 then
        updated := updated + 1;
        perform private.emit('repo.updated', jsonb_build_object(
          'user_id', uid, 'repo_id', old.id, 'name', item ->> 'name', 'changed', to_jsonb(changed)));
      end if;
    end if;
    synced := synced + 1;
  end loop;

  insert into public.repository_syncs as s (user_id, last_synced_at, last_trigger, repo_count, includes_private, updated_at)
  values (uid, at, sync_trigger, synced, coalesce(record_repository_sync.includes_private, false), at)
  on conflict (user_id) do update
    set last_synced_at = excluded.last_synced_at, last_trigger = excluded.last_trigger,
        repo_count = excluded.repo_count, includes_private = excluded.includes_private, updated_at = excluded.updated_at;

  perform private.emit('projects.synced', jsonb_build_object(
    'user_id', uid, 'synced_count', synced, 'detected_count', detected, 'updated_count', updated,
    'initial_import', initial and detected > 0, 'trigger', sync_trigger));

  return jsonb_build_object('synced_count', synced, 'detected_count', detected, 'updated_count', updated,
    'initial_import', initial and detected > 0, 'last_synced_at', at);
end;
$$;
comment on function private.record_repository_sync(jsonb, text, boolean) is
  'Caller (auth.uid()) records a GitHub listing: upserts repositories by provider_repo_id, emits repo.detected for new ones, repo.updated when pushed_at/description/topics/languages changed, and projects.synced once; one sync per user at a time (advisory lock). 22023 for a bad trigger or input.';

-- private.set_repository_description(repo_id, description_ai) → description_ai_at: stores the
-- AI description of one of the caller's repositories. PT404 when it is not the caller's.
create function private.set_repository_description(repo_id uuid, description_ai text)
returns timestamptz
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  at timestamptz := now();
begin
  update public.repositories r
     set description_ai = set_repository_description.description_ai, description_ai_at = at, updated_at = at
   where r.id = set_repository_description.repo_id and r.user_id = uid;
  if not found then
    raise exception 'repository not found' using errcode = 'PT404';
  end if;
  return at;
end;
$$;
comment on function private.set_repository_description(uuid, text) is
  'Caller (auth.uid()) stores the AI description of their repository; returns description_ai_at. PT404 when the repository is not the caller''s.';

-- private.create_project_video(repo_id, content_type, size_bytes) → (video_id, storage_path):
-- a pending video for one of the caller's repositories, at {user_id}/{repo_id}/{video_id}.webm|.mp4.
-- Earlier pending (never uploaded) rows of the same repository are dropped. PT404 when the
-- repository is not the caller's; 23514 for a content type or size outside the limits; PT429
-- (DETAIL = seconds to wait) when the caller already had 20 upload URLs in the last hour.
create function private.create_project_video(repo_id uuid, content_type text, size_bytes bigint)
returns table (video_id uuid, storage_path text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  vid uuid := gen_random_uuid();
  path text;
begin
  if not exists (select 1 from public.repositories r where r.id = create_project_video.repo_id and r.user_id = uid) then
    raise exception 'repository not found' using errcode = 'PT404';
  end if;
  perform private.take_upload_url_quota('project-videos', 20);
  path := uid::text || '/' || create_project_video.repo_id::text || '/' || vid::text
    || case create_project_video.content_type when 'video/mp4' then '.mp4' else '.webm' end;
  delete from public.project_videos v
   where v.repo_id = create_project_video.repo_id and v.user_id = uid and v.status = 'pending';
  insert into public.project_videos (id, user_id, repo_id, storage_path, content_type, size_bytes)
  values (vid, uid, create_project_video.repo_id, path, create_project_video.content_type, create_project_video.size_bytes);
  return query select vid, path;
end;
$$;
comment on function private.create_project_video(uuid, text, bigint) is
  'Caller (auth.uid()) starts an intro-video upload for their repository: a pending project_videos row and its storage path {user_id}/{repo_id}/{video_id}.webm|.mp4 (older pending rows of the repository are dropped). PT404 when not the caller''s repository; PT429 (DETAIL = seconds) past 20 upload URLs an hour.';

-- ---------------------------------------------------------------------------------------------
-- Functions: upload detection (trigger on storage.objects)
-- ---------------------------------------------------------------------------------------------

-- private.human_bytes(n): a size for people, in binary units ("980 B", "1.0 KB", "1.9 MB").
create function private.human_bytes(n bigint)
returns text
language sql
immutable
set search_path = ''
as $$
  select case
    when n < 1024 then n::text || ' B'
    when n < 1024 * 1024 then to_char(n / 1024.0, 'FM999990.0') || ' KB'
    else to_char(n / 1048576.0, 'FM999999990.0') || ' MB'
  end;
$$;
comment on function private.human_bytes(bigint) is 'Bytes as text for messages to users: B, KB, MB (binary units, one decimal).';

-- private.project_video_object_created(): after insert on storage.objects in bucket
-- project-videos. When the object's name is the storage_path of a PENDING video:
--   * its size (Storage's metadata.size) is at most the size declared when the upload URL was
--     issued → the video becomes uploaded and project_video.uploaded {user_id, repo_id, video_id,
--     storage_path, content_type} is emitted — once: a second object at the same path finds no
--     pending row;
--   * larger than declared (a signed upload URL cannot limit the size itself), or no size
--     recorded → the video fails with a reason for the user, project_video.processed {status:
--     failed} is emitted (the runner's transcoder never sees it), and storage.object.rejected
--     {user_id, bucket, path, reason} asks the storage_cleanup runner consumer to delete the file
--     through the Storage API (deleting the row here would leave the file in hosted Storage).
-- Other objects (the runner's outputs, unknown paths) are ignored.
create function private.project_video_object_created()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  video public.project_videos;
  actual_size bigint;
  reason text;
begin
  if new.bucket_id is distinct from 'project-videos' then
    return null;
  end if;
  select * into video from public.project_videos v
   where v.storage_path = new.name and v.status = 'pending'
   for update;
  if not found then
    return null;
  end if;
  actual_size := case when (new.metadata ->> 'size') ~ '^\d{1,18}$' then (new.metadata ->> 'size')::bigint end;
  if actual_size is null then
    reason := 'The upload could not be checked (Storage recorded no size), so it was deleted. Record or choose the video again.';
  elsif actual_size > video.size_bytes then
    reason := format('The uploaded file (%s) is larger than the %s announced when the upload started, so it was deleted. Record or choose the video again.',
      private.human_bytes(actual_size), private.human_bytes(video.size_bytes));
  end if;

  if reason is not null then
    update public.project_videos v
       set status = 'failed', failure_reason = reason, updated_at = now()
     where v.id = video.id;
    perform private.emit('project_video.processed', jsonb_build_object(
      'user_id', video.user_id, 'repo_id', video.repo_id, 'video_id', video.id, 'status', 'failed',
      'reason', reason,
      'repo_name', (select r.name from public.repositories r where r.id = video.repo_id)));
    perform private.emit('storage.object.rejected', jsonb_build_object(
      'user_id', video.user_id, 'bucket', new.bucket_id, 'path', new.name,
      'reason', coalesce('size ' || actual_size::text, 'size unknown') || ', declared ' || video.size_bytes::text));
    return null;
  end if;

  update public.project_videos v
     set status = 'uploaded', updated_at = now()
   where v.id = video.id;
  perform private.emit('project_video.uploaded', jsonb_build_object(
    'user_id', video.user_id, 'repo_id', video.repo_id, 'video_id', video.id,
    'storage_path', video.storage_path, 'content_type', video.content_type));
  return null;
end;
$$;
comment on function private.project_video_object_created() is
  'Trigger: after insert on storage.objects (bucket project-videos). The object of a pending video marks it uploaded and emits project_video.uploaded once; an object larger than the size declared for its upload URL (or of unknown size) fails the video instead (project_video.processed, status failed) and queues its deletion (storage.object.rejected). Other objects are ignored.';

create trigger project_videos_upload_detected
  after insert on storage.objects
  for each row
  when (new.bucket_id = 'project-videos')
  execute function private.project_video_object_created();
comment on trigger project_videos_upload_detected on storage.objects is
  'GitHub Projects: detects the upload of a pending intro video (private.project_video_object_created).';

-- ---------------------------------------------------------------------------------------------
-- Functions: service paths (the runner) — service_role only
-- ---------------------------------------------------------------------------------------------

-- private.video_begin_processing(video_id) → {video_id, user_id, repo_id, storage_path,
-- content_type, status}. An uploaded (or already processing: a redelivery) video becomes
-- processing; a transcoded or failed one is returned unchanged so the runner can skip it, as is
-- a pending one (not uploaded yet). PT404 for an unknown video.
create function private.video_begin_processing(video_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  video public.project_videos;
begin
  select * into video from public.project_videos v where v.id = video_begin_processing.video_id for update;
  if not found then
    raise exception 'video % not found', video_id using errcode = 'PT404';
  end if;
  if video.status in ('uploaded', 'processing') then
    update public.project_videos v
       set status = 'processing', updated_at = case when v.status = 'processing' then v.updated_at else now() end
     where v.id = video.id
    returning * into video;
  end if;
  return jsonb_build_object(
    'video_id', video.id, 'user_id', video.user_id, 'repo_id', video.repo_id,
    'storage_path', video.storage_path, 'content_type', video.content_type, 'status', video.status);
end;
$$;
comment on function private.video_begin_processing(uuid) is
  'Service role only (the runner): marks an uploaded video processing and returns {video_id, user_id, repo_id, storage_path, content_type, status}; transcoded, failed and pending videos are returned unchanged (skip). PT404 for an unknown video.';

-- private.video_finish(video_id, status, duration_sec, playback_path, poster_path, failure_reason)
-- The runner's outcome: status transcoded (with duration, playback and poster paths) or failed
-- (with a reason for the user). Sets the row, repositories.has_intro_video (= a transcoded video
-- exists for the repository) and emits project_video.processed {user_id, repo_id, video_id,
-- status, reason?, duration_sec?, repo_name}. Idempotent: when the video already has exactly
-- this outcome nothing changes and nothing is emitted. 22023 for a bad status or missing
-- outcome fields; PT404 for an unknown video; PT409 for a video that was never uploaded.
create function private.video_finish(
  video_id uuid,
  status text,
  duration_sec numeric default null,
  playback_path text default null,
  poster_path text default null,
  failure_reason text default null
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  video public.project_videos;
  outcome public.project_video_status;
  repo_name text;
begin
  if status is null or status not in ('transcoded', 'failed') then
    raise exception 'status must be transcoded or failed, not %', coalesce(status, 'null') using errcode = '22023';
  end if;
  outcome := status::public.project_video_status;
  if outcome = 'transcoded' and (duration_sec is null or playback_path is null or poster_path is null) then
    raise exception 'a transcoded video needs duration_sec, playback_path and poster_path' using errcode = '22023';
  end if;
  if outcome = 'failed' and (failure_reason is null or btrim(failure_reason) = '') then
    raise exception 'a failed video needs a failure_reason' using errcode = '22023';
  end if;

  select * into video from public.project_videos v where v.id = video_finish.video_id for update;
  if not found then
    raise exception 'video % not found', video_id using errcode = 'PT404';
  end if;
  if video.status = 'pending' then
    raise exception 'video % was never uploaded', video_id using errcode = 'PT409';
  end if;
  if video.status = outcome
     and video.duration_sec is not distinct from (case when outcome = 'transcoded' then round(video_finish.duration_sec, 2) else video.duration_sec end)
     and (outcome = 'failed' or (video.playback_path = video_finish.playback_path and video.poster_path = video_finish.poster_path))
     and (outcome = 'transcoded' or video.failure_reason = video_finish.failure_reason) then
    return; -- the same outcome again: nothing changes, nothing is emitted
  end if;

  update public.project_videos v
     set status = outcome,
         duration_sec = coalesce(round(video_finish.duration_sec, 2), v.duration_sec),
         playback_path = case when outcome = 'transcoded' then video_finish.playback_path else null end,
         poster_path = case when outcome = 'transcoded' then video_finish.poster_path else null end,
         failure_reason = case when outcome = 'failed' then left(btrim(video_finish.failure_reason), 500) else null end,
         updated_at = now()
   where v.id = video.id
  returning * into video;

  update public.repositories r
     set has_intro_video = exists (
           select 1 from public.project_videos v where v.repo_id = r.id and v.status = 'transcoded')
   where r.id = video.repo_id
  returning r.name into repo_name;

  perform private.emit('project_video.processed', jsonb_strip_nulls(jsonb_build_object(
    'user_id', video.user_id, 'repo_id', video.repo_id, 'video_id', video.id, 'status', outcome::text,
    'reason', video.failure_reason, 'duration_sec', video.duration_sec, 'repo_name', repo_name)));
end;
$$;
comment on function private.video_finish(uuid, text, numeric, text, text, text) is
  'Service role only (the runner): records a video''s outcome (transcoded with duration/playback/poster, or failed with a reason), keeps repositories.has_intro_video and emits project_video.processed; a repeat of the same outcome changes and emits nothing.';

-- ---------------------------------------------------------------------------------------------
-- Functions: notification context (called by notifications.handle_event)
-- ---------------------------------------------------------------------------------------------

-- private.project_video_notification_context(payload): {repo_label, reason} for the
-- project_video.processed templates. repo_label: the event's repo_name (trimmed), else the name
-- of the user's repository repo_id, else "your project"; reason: the event's reason (trimmed),
-- else "it could not be processed.".
create function private.project_video_notification_context(payload jsonb)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'repo_label', coalesce(
      nullif(btrim(payload ->> 'repo_name'), ''),
      (select r.name from public.repositories r
        where r.id = (payload ->> 'repo_id')::uuid and r.user_id = (payload ->> 'user_id')::uuid),
      'your project'),
    'reason', coalesce(nullif(btrim(payload ->> 'reason'), ''), 'it could not be processed.'));
$$;
comment on function private.project_video_notification_context(jsonb) is
  'Notification context of project_video.processed: {repo_label (repo_name, else the repository''s name, else "your project"), reason (else "it could not be processed.")}.';

-- ---------------------------------------------------------------------------------------------
-- Functions: schedule
-- ---------------------------------------------------------------------------------------------

-- private.request_daily_project_sync() → number of users: emits projects.sync.requested
-- {user_id, trigger: 'daily'} for every user whose GitHub integration is connected; the runner's
-- projects_sync consumer crawls GitHub for each (a sync run keyed by the event id).
create function private.request_daily_project_sync()
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid;
  n integer := 0;
begin
  for uid in
    select i.user_id from public.user_integrations i
     where i.provider = 'github' and i.status = 'connected'
     order by i.user_id
  loop
    perform private.emit('projects.sync.requested', jsonb_build_object('user_id', uid, 'trigger', 'daily'));
    n := n + 1;
  end loop;
  return n;
end;
$$;
comment on function private.request_daily_project_sync() is
  'pg_cron (projects-daily-resync): emits projects.sync.requested {user_id, trigger: daily} for each user with GitHub connected; returns how many.';

-- ---------------------------------------------------------------------------------------------
-- Grants
-- ---------------------------------------------------------------------------------------------
revoke all on table public.repositories, public.repository_syncs, public.project_videos
  from public, anon, authenticated, service_role;
grant select on table public.repositories, public.repository_syncs, public.project_videos to authenticated;
grant all on table public.repositories, public.repository_syncs, public.project_videos to service_role;

revoke all on function
  private.language_names(jsonb),
  private.record_repository_sync(jsonb, text, boolean),
  private.set_repository_description(uuid, text),
  private.create_project_video(uuid, text, bigint),
  private.human_bytes(bigint),
  private.project_video_object_created(),
  private.video_begin_processing(uuid),
  private.video_finish(uuid, text, numeric, text, text, text),
  private.request_daily_project_sync(),
  private.project_video_notification_context(jsonb)
  from public, anon, authenticated, service_role;

grant execute on function
  private.record_repository_sync(jsonb, text, boolean),
  private.set_repository_description(uuid, text),
  private.create_project_video(uuid, text, bigint)
  to authenticated;

grant execute on function
  private.video_begin_processing(uuid),
  private.video_finish(uuid, text, numeric, text, text, text)
  to service_role;

-- ---------------------------------------------------------------------------------------------
-- Sync runs: the sync runs one way — the runner crawls GitHub and writes through SQL:
--
--   POST /v1/projects/sync (function, asUser)  private.request_project_sync(): a queued run (or
--                                              the user's active one) + projects.sync.requested
--                                              {user_id, trigger: manual, run_id}; answers 202
--   runner, queue projects_sync               private.begin_project_sync_run → GitHub (Octokit,
--                                              the user's token) → private.record_repository_sync
--                                              as the user (RLS) → private.finish_project_sync_run,
--                                              in the transaction that archives the message
--   GET /v1/projects/sync-runs/{id|latest}    the run as the user sees it (RLS: own rows)
--
-- Background syncs (integrations.github.connected, the daily schedule) get a run too, keyed by
-- the event id, so a redelivered message continues its run instead of starting another.
-- ---------------------------------------------------------------------------------------------

create table public.project_sync_runs (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  trigger text not null check (trigger in ('manual', 'github_connected', 'daily')),
  status text not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'failed')),
  event_id bigint unique,
  synced_count integer check (synced_count is null or synced_count >= 0),
  detected_count integer check (detected_count is null or detected_count >= 0),
  updated_count integer check (updated_count is null or updated_count >= 0),
  error_code text check (error_code is null or error_code ~ '^[a-z][a-z0-9_]{0,63}$'),
  error_message text check (error_message is null or char_length(error_message) between 1 and 500),
  retry_after_s integer check (retry_after_s is null or retry_after_s > 0),
  requested_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz not null default now(),
  constraint project_sync_runs_finished check ((status in ('succeeded', 'failed')) = (finished_at is not null)),
  constraint project_sync_runs_failed_has_code check (status <> 'failed' or error_code is not null),
  constraint project_sync_runs_succeeded_has_counts check (
    status <> 'succeeded' or (synced_count is not null and detected_count is not null and updated_count is not null)
  )
);
comment on table public.project_sync_runs is
  'One row per repository sync: requested by the user (POST /v1/projects/sync) or started by the runner for a background trigger; queued → running → succeeded (counts) or failed (error_code, error_message, retry_after_s for a rate limit). A queued run with an error_code waits for GitHub''s rate limit. Owner and admins read; written by private.request_project_sync (user) and the runner''s private.*_project_sync_run functions.';
comment on column public.project_sync_runs.event_id is 'The event a background run was started for (public.event_log.id): a redelivery continues the same run.';
comment on column public.project_sync_runs.error_code is 'The API error code of a failure (github_reconnect_required, github_rate_limited, github_not_connected, upstream_unavailable, …).';
comment on column public.project_sync_runs.retry_after_s is 'For github_rate_limited: how long GitHub asked to wait, counted from updated_at.';

create index project_sync_runs_user_requested_idx on public.project_sync_runs (user_id, requested_at desc);
comment on index public.project_sync_runs_user_requested_idx is 'The latest run of a user; their active run.';

-- ---------------------------------------------------------------------------------------------
-- RLS policies
-- ---------------------------------------------------------------------------------------------
alter table public.project_sync_runs enable row level security;

create policy project_sync_runs_select_own on public.project_sync_runs
  for select to authenticated
  using (user_id = (select auth.uid()));
comment on policy project_sync_runs_select_own on public.project_sync_runs is 'A user reads their own sync runs.';

create policy project_sync_runs_select_admin on public.project_sync_runs
  for select to authenticated
  using ((select private.is_admin()));
comment on policy project_sync_runs_select_admin on public.project_sync_runs is 'Admins read every user''s sync runs.';
-- No insert/update/delete policies: writes go through the private.* functions below.

-- ---------------------------------------------------------------------------------------------
-- Functions
-- ---------------------------------------------------------------------------------------------

-- private.request_project_sync() → public.project_sync_runs (user: auth.uid())
-- The caller's active run (queued or running, requested in the last 15 minutes) if there is one —
-- a second click joins it instead of queuing another crawl — else a new queued manual run, with
-- projects.sync.requested {user_id, trigger: manual, run_id} emitted in this transaction. The
-- function checks the GitHub integration before calling it (409s with the API's codes).
create function private.request_project_sync()
returns public.project_sync_runs
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  run public.project_sync_runs;
begin
  -- One request at a time per user, so two concurrent clicks find the same active run.
  perform pg_advisory_xact_lock(hashtextextended('careerpilot.project_sync_request:' || uid::text, 0));
  select * into run from public.project_sync_runs r
   where r.user_id = uid and r.status in ('queued', 'running') and r.requested_at > now() - interval '15 minutes'
   order by r.requested_at desc
   limit 1;
  if found then
    return run;
  end if;
  insert into public.project_sync_runs (user_id, trigger, status)
  values (uid, 'manual', 'queued')
  returning * into run;
  perform private.emit('projects.sync.requested',
    jsonb_build_object('user_id', uid, 'trigger', 'manual', 'run_id', run.id));
  return run;
end;
$$;
comment on function private.request_project_sync() is
  'Caller (auth.uid()) asks for a repository sync: returns their active run (queued/running, < 15 min old) or a new queued manual run, emitting projects.sync.requested {user_id, trigger, run_id} for the runner.';

-- private.begin_project_sync_run(user_id, sync_trigger, run_id, event_id) → uuid (service_role)
-- Marks the run running and returns its id: the run named by run_id (a manual request), or the
-- run of event_id (a background trigger; created on its first delivery). Null when that run has
-- already finished (a redelivery after the outcome was recorded: nothing to do).
create function private.begin_project_sync_run(user_id uuid, sync_trigger text, run_id uuid, event_id bigint)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  id uuid;
begin
  if sync_trigger is null or sync_trigger not in ('manual', 'github_connected', 'daily') then
    raise exception 'unknown sync trigger %', sync_trigger using errcode = '22023';
  end if;
  if begin_project_sync_run.run_id is not null then
    update public.project_sync_runs r
       set status = 'running', started_at = now(), updated_at = now()
     where r.id = begin_project_sync_run.run_id and r.user_id = begin_project_sync_run.user_id
       and r.status in ('queued', 'running')
    returning r.id into id;
    return id;
  end if;
  insert into public.project_sync_runs as r (user_id, trigger, status, event_id, started_at)
  values (begin_project_sync_run.user_id, sync_trigger, 'running', begin_project_sync_run.event_id, now())
  on conflict on constraint project_sync_runs_event_id_key do update
    set status = 'running', started_at = now(), updated_at = now()
    where r.status in ('queued', 'running')
  returning r.id into id;
  return id;
end;
$$;
comment on function private.begin_project_sync_run(uuid, text, uuid, bigint) is
  'Runner (service_role): the run a projects_sync message belongs to (by run_id, or by event_id for background triggers, created on first delivery), marked running; null when it already finished.';

-- private.finish_project_sync_run(run_id, event_id, status, result, error_code, error_message,
-- retry_after_s) (service_role) records the outcome of the run named by run_id, or (run_id null)
-- of the run of event_id: succeeded with result's counts; failed with the error; or queued again
-- with the error (a background run waiting for GitHub's rate limit). A finished run is left as it is.
create function private.finish_project_sync_run(
  run_id uuid,
  event_id bigint,
  status text,
  result jsonb default null,
  error_code text default null,
  error_message text default null,
  retry_after_s integer default null
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if status is null or status not in ('succeeded', 'failed', 'queued') then
    raise exception 'status must be succeeded, failed or queued, not %', coalesce(status, 'null') using errcode = '22023';
  end if;
  update public.project_sync_runs r
     set status = finish_project_sync_run.status,
         synced_count = (result ->> 'synced_count')::integer,
         detected_count = (result ->> 'detected_count')::integer,
         updated_count = (result ->> 'updated_count')::integer,
         error_code = finish_project_sync_run.error_code,
         error_message = left(finish_project_sync_run.error_message, 500),
         retry_after_s = finish_project_sync_run.retry_after_s,
         finished_at = case when finish_project_sync_run.status = 'queued' then null else now() end,
         updated_at = now()
   where (r.id = finish_project_sync_run.run_id
          or (finish_project_sync_run.run_id is null and r.event_id = finish_project_sync_run.event_id))
     and r.status in ('queued', 'running');
end;
$$;
comment on function private.finish_project_sync_run(uuid, bigint, text, jsonb, text, text, integer) is
  'Runner (service_role): records a sync run''s outcome (succeeded + counts, failed + error, or queued + error while waiting for a rate limit); finished runs are not changed.';

-- ---------------------------------------------------------------------------------------------
-- Grants
-- ---------------------------------------------------------------------------------------------
revoke all on function
  private.request_project_sync(),
  private.begin_project_sync_run(uuid, text, uuid, bigint),
  private.finish_project_sync_run(uuid, bigint, text, jsonb, text, text, integer)
  from public, anon, authenticated, service_role;
grant execute on function private.request_project_sync() to authenticated;
grant execute on function
  private.begin_project_sync_run(uuid, text, uuid, bigint),
  private.finish_project_sync_run(uuid, bigint, text, jsonb, text, text, integer)
  to service_role;
revoke all on table public.project_sync_runs from public, anon, authenticated, service_role;
grant select on table public.project_sync_runs to authenticated;
grant all on table public.project_sync_runs to service_role;


-- ---------------------------------------------------------------------------------------------
-- Queues: this stack's events, routes and consumers
-- ---------------------------------------------------------------------------------------------
select private.register_event_type(
  'repo.detected',
  'A repository was seen for the first time in a user''s GitHub sync.',
  '{"required": {"user_id": "uuid", "repo_id": "uuid", "provider_repo_id": "integer", "name": "string",
                 "full_name": "string", "html_url": "string"},
    "optional": {"initial_import": "boolean"}}'
);
select private.register_event_type(
  'repo.updated',
  'A synced repository''s pushed_at, description, topics or languages changed (changed lists which).',
  '{"required": {"user_id": "uuid", "repo_id": "uuid", "name": "string", "changed": "string[]"}}'
);
select private.register_event_type(
  'projects.synced',
  'A user''s GitHub repositories were synced (manual, github_connected or daily).',
  '{"required": {"user_id": "uuid", "synced_count": "integer", "detected_count": "integer", "updated_count": "integer",
                 "initial_import": "boolean", "trigger": "string"}}'
);
select private.register_event_type(
  'projects.sync.requested',
  'A repository sync should run for the user (the daily schedule, or the user''s request with its run_id); the runner crawls GitHub.',
  '{"required": {"user_id": "uuid", "trigger": "string"}, "optional": {"run_id": "uuid"}}'
);
select private.register_event_type(
  'project_video.uploaded',
  'The original of an intro video arrived in Storage; the runner probes and transcodes it.',
  '{"required": {"user_id": "uuid", "repo_id": "uuid", "video_id": "uuid", "storage_path": "string",
                 "content_type": "string"}}'
);
select private.register_event_type(
  'project_video.processed',
  'An intro video was transcoded or rejected (status transcoded|failed, reason for the user when failed).',
  '{"required": {"user_id": "uuid", "repo_id": "uuid", "video_id": "uuid", "status": "string"},
    "optional": {"reason": "string", "duration_sec": "number", "repo_name": "string"}}'
);

select private.register_route('integrations.github.connected', 'projects_sync');

select private.register_event_type(
  'storage.object.rejected',
  'An uploaded object broke the rule it was uploaded under (e.g. larger than the size declared for its upload URL); the storage_cleanup runner consumer deletes it through the Storage API.',
  '{"required": {"user_id": "uuid", "bucket": "string", "path": "string", "reason": "string"}}'
);

select private.register_route('projects.sync.requested', 'projects_sync');
select private.register_route('storage.object.rejected', 'storage_cleanup');
select private.register_route('project_video.uploaded', 'project_videos');

-- The queues' handlers are in the runner (scraper-runner/src/projects, videos, storage).
select private.register_consumer('projects_sync', 'runner', 'scraper-runner: projects_sync',
  max_attempts => 6, visibility_timeout_s => 120, enabled => true,
  description => 'GitHub Projects: repository sync (integrations.github.connected, projects.sync.requested): the runner crawls GitHub with the user''s token and records it as the user (private.record_repository_sync).');
select private.register_consumer('storage_cleanup', 'runner', 'scraper-runner: storage_cleanup',
  max_attempts => 10, visibility_timeout_s => 60, batch_size => 20, enabled => true,
  description => 'Deletes rejected uploads (storage.object.rejected) through the Storage API with the service role: hosted Storage keeps a file whose storage.objects row is deleted in SQL.');
select private.register_consumer('project_videos', 'runner', 'scraper-runner: project_videos',
  max_attempts => 3, visibility_timeout_s => 300, batch_size => 1, enabled => true,
  description => 'GitHub Projects: probe, validate (20–30 s) and transcode uploaded intro videos (ffmpeg).');

-- What these events tell the user. The first import is told once, by projects.synced; later
-- syncs announce each new repository through repo.detected. An account without repositories is
-- told nothing (it would repeat every day), nor is a video status that is no outcome.
select notifications.register_template('repo.detected', 'default',
  condition => '!($.initial_import == true)',
  title => 'New repository detected: {{payload.name}}',
  body => '{{payload.full_name}} was added to your projects. Add an AI description or an intro video.',
  link => '/projects?repo={{payload.repo_id}}');
select notifications.register_template('projects.synced', 'one', priority => 10,
  condition => '$.initial_import == true && $.synced_count == 1',
  title => 'Imported 1 repository from GitHub',
  body => 'Add AI descriptions and intro videos to show them at their best.',
  link => '/projects');
select notifications.register_template('projects.synced', 'many', priority => 20,
  condition => '$.initial_import == true && $.synced_count > 1',
  title => 'Imported {{payload.synced_count}} repositories from GitHub',
  body => 'Add AI descriptions and intro videos to show them at their best.',
  link => '/projects');
select notifications.register_template('project_video.processed', 'transcoded_timed', priority => 10,
  condition => '$.status == "transcoded" && $.duration_sec.type() == "number"',
  title => 'Intro video ready for {{context.repo_label}}',
  body => 'Your {{payload.duration_sec|round}}-second intro now plays on the project.',
  link => '/projects?repo={{payload.repo_id}}',
  context_function => 'private.project_video_notification_context');
select notifications.register_template('project_video.processed', 'transcoded', priority => 20,
  condition => '$.status == "transcoded"',
  title => 'Intro video ready for {{context.repo_label}}',
  body => 'Your intro now plays on the project.',
  link => '/projects?repo={{payload.repo_id}}',
  context_function => 'private.project_video_notification_context');
select notifications.register_template('project_video.processed', 'failed', priority => 30,
  condition => '$.status == "failed"',
  title => 'Intro video for {{context.repo_label}} was not accepted: {{context.reason}}',
  body => 'Record or upload a new clip of 20–30 seconds.',
  link => '/projects?repo={{payload.repo_id}}',
  context_function => 'private.project_video_notification_context');

-- ---------------------------------------------------------------------------------------------
-- Cron (idempotent: unschedule if present, then schedule)
-- ---------------------------------------------------------------------------------------------
do $$
begin
  if exists (select 1 from cron.job where jobname = 'projects-daily-resync') then
    perform cron.unschedule('projects-daily-resync');
  end if;
  perform cron.schedule('projects-daily-resync', '23 2 * * *', 'select private.request_daily_project_sync()');
end
$$;
