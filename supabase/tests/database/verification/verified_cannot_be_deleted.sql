-- A verified certificate stays: its owner cannot delete it (409); the approval is audited.
begin;
select plan(3);

select tests.create_supabase_user('owner');
select tests.create_supabase_user('boss');
select tests.make_admin('boss');
select tests.authenticate_as('owner');
select * from private.create_certificate('professional', 'AWS SAA', 'Amazon', 'image/png', 100);
reset role;
select set_config('test.cert', (select id::text from public.certificates where user_id = tests.get_supabase_uid('owner')), true);
insert into storage.objects (bucket_id, name, metadata)
select 'certificates', storage_path, '{"size": 100}' from public.certificates where id = current_setting('test.cert')::uuid;

select tests.authenticate_as('boss');
select is((private.certificate_decide(current_setting('test.cert')::uuid, 'verified')).status::text, 'verified', 'the admin verifies it');
select is((select action from public.admin_audit_log where target_id = current_setting('test.cert')), 'certificate.approve', 'audited');
reset role;
select tests.authenticate_as('owner');
select throws_ok($$ select private.delete_certificate(current_setting('test.cert')::uuid) $$, 'PT409', null,
  'the owner cannot delete a verified certificate');
reset role;

select * from finish();
rollback;
