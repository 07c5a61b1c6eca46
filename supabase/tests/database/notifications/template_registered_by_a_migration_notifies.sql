-- Adding a notification is one registration in the emitting stack's migration: registering an
-- event type and its templates (as a migration does) routes the type to the notifications queue
-- and makes the consumer write the notification, with no change to the consumer. Variants are
-- tried by priority and chosen by their condition; a context function supplies derived values.
begin;
select plan(12);

select tests.create_supabase_user('mira', 'mira@test.local');
select tests.get_supabase_uid('mira') as mira \gset

-- What a new stack's migration would contain (a certificate-verification stack, say).
create schema verification_fixture;
create function verification_fixture.certificate_context(payload jsonb)
returns jsonb
language sql
stable
as $$ select jsonb_build_object('issuer_label', upper(payload ->> 'issuer')); $$;

select private.register_event_type('certificates.verification.finished', 'pgTAP fixture: a certificate was checked',
  '{"required": {"user_id": "uuid", "certificate_id": "uuid", "status": "string", "name": "string", "issuer": "string"},
    "optional": {"score": "number"}}');
select lives_ok(
  $$ select notifications.register_template('certificates.verification.finished', 'verified', priority => 10,
       condition => '$.status == "verified"',
       title => 'Certificate verified: {{payload.name}} ({{context.issuer_label}})',
       body => 'Confidence {{payload.score|round}}%.',
       link => '/certificates/{{payload.certificate_id}}?from=notification',
       context_function => 'verification_fixture.certificate_context') $$,
  'a stack registers a template variant with a condition, a context function and a deep link'
);
select lives_ok(
  $$ select notifications.register_template('certificates.verification.finished', 'rejected', priority => 20,
       condition => '$.status == "rejected"',
       notification_type => 'certificates.rejected',
       title => 'Certificate not verified: {{payload.name}}',
       link => '/certificates') $$,
  'and a second variant with its own notification type and no body'
);
select is(
  (select array_agg(queue_name) from private.event_routes where event_type = 'certificates.verification.finished'),
  array['notifications'],
  'registering a template routes the event type to the notifications queue'
);
select lives_ok(
  $$ select notifications.register_template('certificates.verification.finished', 'rejected', priority => 20,
       condition => '$.status == "rejected"', notification_type => 'certificates.rejected',
       title => 'Certificate not verified: {{payload.name}}', link => '/certificates') $$,
  'registering the same variant again is harmless (migrations may re-run it)'
);

select gen_random_uuid() as cert \gset
select private.emit('certificates.verification.finished', jsonb_build_object('user_id', :'mira',
  'certificate_id', :'cert', 'status', 'verified', 'name', 'AWS {{payload.user_id}} Architect', 'issuer', 'aws',
  'score', 97.6)) as e_verified \gset
select private.emit('certificates.verification.finished', jsonb_build_object('user_id', :'mira',
  'certificate_id', gen_random_uuid(), 'status', 'rejected', 'name', 'Scrum', 'issuer', 'x')) as e_rejected \gset
select private.emit('certificates.verification.finished', jsonb_build_object('user_id', :'mira',
  'certificate_id', gen_random_uuid(), 'status', 'queued', 'name', 'Pending', 'issuer', 'x')) as e_queued \gset

select is(tests.drain_sql_consumer('notifications') ->> 'dead_lettered', '0', 'the unchanged consumer handles the new type');
select results_eq(
  format('select type, title, body, link_url from public.notifications where event_id = %s', :e_verified),
  format($$ values ('certificates.verification.finished'::text,
                    'Certificate verified: AWS {{payload.user_id}} Architect (AWS)'::text,
                    'Confidence 98%%.'::text, '/certificates/%s?from=notification'::text) $$, :'cert'),
  'the first matching variant renders payload and context values; a value that looks like a placeholder stays text'
);
select results_eq(
  format('select type, title, body, link_url from public.notifications where event_id = %s', :e_rejected),
  $$ values ('certificates.rejected'::text, 'Certificate not verified: Scrum'::text, null::text, '/certificates'::text) $$,
  'the variant whose condition matches is used, with its notification type'
);
select is_empty(
  format('select 1 from public.notifications where event_id = %s', :e_queued),
  'an event no variant matches makes no notification'
);

-- Registration refuses what would render badly, so a typo fails the migration instead.
select throws_ok(
  $$ select notifications.register_template('certificates.verification.finished', 'typo', title => 'Hi {{payload.name}')$$,
  '22023', null, 'a malformed placeholder is refused'
);
select throws_ok(
  $$ select notifications.register_template('certificates.verification.finished', 'typo', title => 'Hi {{user.email}}')$$,
  '22023', null, 'a placeholder outside payload and context is refused'
);
select throws_ok(
  $$ select notifications.register_template('certificates.verification.finished', 'offsite', title => 'Hi',
       link => '//evil.example/{{payload.name}}') $$,
  '22023', null, 'a link that is not a path on the web app is refused'
);
select throws_ok(
  $$ select notifications.register_template('certificates.verification.finished', 'nofn', title => 'Hi',
       context_function => 'verification_fixture.missing') $$,
  '22023', null, 'a context function that does not exist is refused'
);

select * from finish();
rollback;
