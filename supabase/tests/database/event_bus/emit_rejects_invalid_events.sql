-- private.emit() refuses an unknown event type or a payload that breaks the type's schema with
-- SQLSTATE 22023 and a message naming every problem, and writes nothing.
begin;
select plan(23);

select private.register_event_type('test.thing.happened', 'pgTAP fixture',
  '{"required": {"user_id": "uuid", "at": "timestamptz", "scopes": "string[]", "n": "integer"}, "optional": {"note": "string"}}');
select private.register_route('test.thing.happened', 'test_eb_a');

select throws_ok(
  $$ select private.emit('test.nope.happened', '{}') $$,
  '22023', 'unknown event type "test.nope.happened"',
  'an unknown event type is refused with 22023'
);
select throws_ok(
  $$ select private.emit('test.thing.happened', '{"user_id": "00000000-0000-4000-8000-000000000001", "at": "2026-11-25T10:00:00Z", "scopes": []}') $$,
  '22023', 'invalid payload for test.thing.happened: n is required (integer)',
  'a missing required key is refused with 22023, naming the key'
);
select throws_ok(
  $$ select private.emit('test.thing.happened', '{"user_id": "u-1", "at": "yesterday", "scopes": ["repo", 1], "n": 1.5, "note": 3}') $$,
  '22023',
  'invalid payload for test.thing.happened: at must be timestamptz; n must be integer; scopes must be string[]; user_id must be uuid; note must be string',
  'every wrongly typed key is named, optional ones included'
);
select throws_ok(
  $$ select private.emit('test.thing.happened', '[1, 2]') $$,
  '22023', 'invalid payload for test.thing.happened: payload must be a JSON object',
  'a payload that is not an object is refused'
);
select throws_ok(
  $$ select private.emit('test.thing.happened', null) $$,
  '22023', 'invalid payload for test.thing.happened: payload must be a JSON object',
  'a null payload is refused'
);
select throws_ok(
  $$ select private.emit('test.thing.happened', '{"user_id": null, "at": "2026-11-25T10:00:00Z", "scopes": [], "n": 1}') $$,
  '22023', 'invalid payload for test.thing.happened: user_id is required (uuid)',
  'JSON null counts as missing'
);

select is((select count(*)::int from pgmq.q_test_eb_a), 0, 'nothing was queued');
select is((select count(*)::int from public.event_log where event_type like 'test.%'), 0, 'nothing was logged');

select lives_ok(
  $$ select private.emit('test.thing.happened', '{"user_id": "00000000-0000-4000-8000-000000000001", "at": "2026-11-25T10:00:00.123+05:30", "scopes": ["repo"], "n": 3, "unlisted": true}') $$,
  'a conforming payload (with an extra key) is accepted'
);

-- The type checks one by one.
select is(private.json_has_type('"2026-11-25T10:00:00Z"', 'timestamptz'), true, 'timestamptz: UTC Z');
select is(private.json_has_type('"2026-11-25 10:00:00.5+05:30"', 'timestamptz'), true, 'timestamptz: offset, space separator');
select is(private.json_has_type('"2026-11-25T10:00:00"', 'timestamptz'), false, 'timestamptz: no offset is refused');
select is(private.json_has_type('"2026-13-45T10:00:00Z"', 'timestamptz'), false, 'timestamptz: impossible date is refused');
select is(private.json_has_type('"0BD3E4A6-3C1E-4F0A-9B1D-2A6E1D3C9F00"', 'uuid'), true, 'uuid: upper case accepted');
select is(private.json_has_type('12', 'string'), false, 'string: a number is not a string');
select is(private.json_has_type('12', 'integer'), true, 'integer: 12');
select is(private.json_has_type('12.5', 'number'), true, 'number: 12.5');
select is(private.json_has_type('"12"', 'number'), false, 'number: a numeric string is not a number');
select is(private.json_has_type('false', 'boolean'), true, 'boolean');
select is(private.json_has_type('["00000000-0000-4000-8000-000000000001", "x"]', 'uuid[]'), false, 'uuid[]: every element must be a uuid');

-- Payload schemas themselves are checked when registered.
select throws_ok(
  $$ select private.register_event_type('test.bad.schema', 'x', '{"required": {"n": "int"}}') $$,
  '23514', null,
  'a schema naming an unknown type is refused'
);
select throws_ok(
  $$ select private.register_event_type('test.bad.schema', 'x', '{"required": {"n": 1}}') $$,
  '23514', null,
  'a schema whose type is not a string is refused'
);
select throws_ok(
  $$ select private.register_event_type('test.bad.schema', 'x', '{"properties": {}}') $$,
  '23514', null,
  'a schema with unknown members is refused'
);

select * from finish();
rollback;
