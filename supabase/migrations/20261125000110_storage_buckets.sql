-- =============================================================================================
-- Storage buckets. All private: files are reached only through signed URLs issued by the stack
-- that owns them (resumes → Resume & Documents, certificates → Verification, project-videos →
-- GitHub Projects, exports → Insights & Reports). Object names start with `<user id>/`, which is
-- how account deletion finds a user's files.
-- =============================================================================================

-- ---------------------------------------------------------------------------------------------
-- Tables (rows of storage.buckets)
-- ---------------------------------------------------------------------------------------------
insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values
  ('resumes', 'resumes', false, 10 * 1024 * 1024, array['application/pdf']),
  ('certificates', 'certificates', false, 10 * 1024 * 1024,
    array['application/pdf', 'image/png', 'image/jpeg', 'image/webp']),
  ('project-videos', 'project-videos', false, 100 * 1024 * 1024, array['video/webm', 'video/mp4', 'image/jpeg']),
  ('exports', 'exports', false, 20 * 1024 * 1024, array['text/csv', 'application/pdf'])
on conflict (id) do update
  set name = excluded.name,
      public = excluded.public,
      file_size_limit = excluded.file_size_limit,
      allowed_mime_types = excluded.allowed_mime_types,
      updated_at = now();

-- ---------------------------------------------------------------------------------------------
-- RLS policies
-- ---------------------------------------------------------------------------------------------
-- None on storage.objects: users never read or write objects directly; the owning stacks issue
-- signed URLs with the service role. (RLS is enabled on storage.objects, so nothing is visible.)
