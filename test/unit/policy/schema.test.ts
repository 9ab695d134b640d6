import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSchema } from '../../../src/config/schema-check.js';
import { FACT_NAMES } from '../../../src/model/fact.js';
import { PLAN_ACTIONS } from '../../../src/plan/action-names.js';

type Json = Record<string, any>;

test('policy schema: fact names and action types are exactly the ones the code knows', () => {
  const defs = (loadSchema('policy') as Json).definitions;
  assert.deepEqual(defs.condition.properties.fact.enum, [...FACT_NAMES]);
  assert.deepEqual(defs.rule.properties.event.properties.type.enum, Object.keys(PLAN_ACTIONS));
});
