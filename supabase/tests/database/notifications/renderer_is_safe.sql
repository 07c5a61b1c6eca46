-- notifications.render: placeholders from the payload and the context, missing values empty,
-- one pass (a value is never expanded again), link values percent-encoded so a payload cannot
-- add a path, query or fragment; a long rendered title is cut to 300 characters, not lost.
begin;
select plan(8);

select is(
  notifications.render('Hello {{ payload.who.name }}, {{context.n|round}} new', '{"payload": {"who": {"name": "Asha"}}, "context": {"n": 2.5}}'),
  'Hello Asha, 3 new',
  'nested payload paths, context values and |round'
);
select is(
  notifications.render('[{{payload.missing}}] [{{payload.empty}}] [{{payload.flag}}] [{{payload.n}}]',
    '{"payload": {"empty": null, "flag": true, "n": 12}}'),
  '[] [] [true] [12]',
  'a missing or null value renders empty; booleans and numbers as text'
);
select is(
  notifications.render('{{payload.a}}{{payload.b}}', '{"payload": {"a": "{{payload.b}}", "b": "secret"}}'),
  '{{payload.b}}secret',
  'a value is never re-expanded'
);
select is(
  notifications.render('/projects?repo={{payload.id}}', '{"payload": {"id": "x&next=//evil.example#/a b/é"}}', true),
  '/projects?repo=x%26next%3D%2F%2Fevil.example%23%2Fa%20b%2F%C3%A9',
  'link values are percent-encoded (UTF-8)'
);
select is(notifications.render(null, '{}'), null, 'no template renders null');
select is(notifications.template_errors('Hi {{payload.a}} and {{ context.b | round }}'), null, 'valid placeholders pass');
select is(notifications.template_errors('Hi {{payload.a|upper}}'), '{{payload.a|upper}}', 'an unknown filter is an error');

-- A rendered title over 300 characters is cut, and the notification still written.
select tests.create_supabase_user('long', 'long@test.local');
select private.register_event_type('test.long.title', 'pgTAP fixture', '{"required": {"user_id": "uuid", "name": "string"}}');
select notifications.register_template('test.long.title', 'default', title => 'Long: {{payload.name}}', body => '{{payload.name}}');
select private.emit('test.long.title', jsonb_build_object('user_id', tests.get_supabase_uid('long'), 'name', repeat('x', 2000)));
select tests.drain_sql_consumer('notifications');
select results_eq(
  $$ select char_length(title), char_length(body) from public.notifications where type = 'test.long.title' $$,
  $$ values (300, 1000) $$,
  'title cut to 300 and body to 1000 characters'
);

select * from finish();
rollback;
