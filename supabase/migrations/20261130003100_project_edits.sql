-- GitHub Projects: the user's own edit of a repository's description, and deleting an intro video.
--
-- The edited text is the user's own declaration, so it is kept apart from Gemini's
-- (description_ai stays what Gemini wrote): description_user wins wherever a description is shown
-- or cited (the web app, the resumes stack's sources and auto-update), and clearing it brings the
-- AI text back.

alter table public.repositories
  add column description_user text
    check (description_user is null or (char_length(description_user) between 1 and 2000 and description_user = btrim(description_user))),
  add column description_user_at timestamptz,
  add constraint repositories_description_user_has_time check (description_user is null or description_user_at is not null);
comment on column public.repositories.description_user is
  'The user''s own description of the repository (typically an edit of description_ai): their declaration, which replaces the AI text wherever a description is shown or cited. Null: no edit.';
comment on column public.repositories.description_user_at is 'When description_user was last saved.';

-- private.set_repository_user_description(repo_id, description) → description_user_at (null when
-- cleared): saves (or, with null, clears) the caller's own description of their repository.
-- PT404 when the repository is not the caller's.
create function private.set_repository_user_description(repo_id uuid, description text)
returns timestamptz
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  at timestamptz := case when description is null then null else now() end;
begin
  update public.repositories r
     set description_user = set_repository_user_description.description, description_user_at = at, updated_at = now()
   where r.id = set_repository_user_description.repo_id and r.user_id = uid;
  if not found then
    raise exception 'repository not found' using errcode = 'PT404';
  end if;
  return at;
end;
$$;
comment on function private.set_repository_user_description(uuid, text) is
  'Caller (auth.uid()) saves their own description of their repository (null clears it, so the AI text shows again); returns description_user_at. PT404 when the repository is not the caller''s; 23514 for an empty, untrimmed or over-2000-character text.';

-- private.delete_project_videos(repo_id) → setof text: deletes every intro video row of one of
-- the caller's repositories (the current one and earlier failed or never-uploaded ones), clears
-- has_intro_video and returns the Storage paths to remove (originals, mp4s, posters). PT404 when
-- the repository is not the caller's or has no video; PT409 while a clip is being processed (the
-- runner would write its outputs after the delete).
create function private.delete_project_videos(repo_id uuid)
returns setof text
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
begin
  perform 1 from public.repositories r
   where r.id = delete_project_videos.repo_id and r.user_id = uid
   for update;
  if not found then
    raise exception 'repository not found' using errcode = 'PT404';
  end if;
  perform 1 from public.project_videos v
   where v.repo_id = delete_project_videos.repo_id and v.user_id = uid
   for update;
  if not found then
    raise exception 'this project has no intro video' using errcode = 'PT404';
  end if;
  if exists (select 1 from public.project_videos v
              where v.repo_id = delete_project_videos.repo_id and v.user_id = uid
                and v.status in ('uploaded', 'processing')) then
    raise exception 'the intro video is still being processed; delete it once it is ready or has failed'
      using errcode = 'PT409';
  end if;
  update public.repositories r set has_intro_video = false, updated_at = now()
   where r.id = delete_project_videos.repo_id and r.user_id = uid;
  return query
    with gone as (
      delete from public.project_videos v
       where v.repo_id = delete_project_videos.repo_id and v.user_id = uid
      returning v.storage_path, v.playback_path, v.poster_path
    )
    select p from gone, unnest(array[gone.storage_path, gone.playback_path, gone.poster_path]) as p
     where p is not null;
end;
$$;
comment on function private.delete_project_videos(uuid) is
  'Caller (auth.uid()) deletes the intro video(s) of their repository: rows gone, has_intro_video false; returns the Storage paths (bucket project-videos) for the caller to remove in the same transaction. PT404 when the repository is not the caller''s or has no video; PT409 while one is uploaded or processing.';

revoke all on function
  private.set_repository_user_description(uuid, text),
  private.delete_project_videos(uuid)
  from public, anon, authenticated, service_role;
grant execute on function
  private.set_repository_user_description(uuid, text),
  private.delete_project_videos(uuid)
  to authenticated;
