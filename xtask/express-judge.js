// The conformance suite's second judge (see xtask/src/express.rs): an express server on
// 127.0.0.1 that validates each request against an OpenAPI document with
// express-openapi-validator and answers with the status the request asks for
// (`Prefer: code=NNN`, as Prism reads it), the body being the document's example or a value
// openapi-sampler builds from the schema. What the validator rejects is listed in a
// `conformance-violations` header, in the shape of Prism's `sl-violations`; the answer is
// sent all the same, so that the client's decoding is still exercised.
//
// Usage: node express-judge.js DOCUMENT PORT ANSWERS (with NODE_PATH naming the packages'
// folder), where ANSWERS is the JSON file of the values to answer with that
// xtask/src/express/answers.rs writes: {"GET /path": {"200": {"application/json": value}}}.
'use strict';

const fs = require('fs');
const express = require('express');
const OpenApiValidator = require('express-openapi-validator');
const yaml = require('js-yaml');
const sampler = require('openapi-sampler');

const [file, port, answersFile] = process.argv.slice(2);
const text = fs.readFileSync(file, 'utf8');
const original = file.endsWith('.json') ? JSON.parse(text) : yaml.load(text);
const answers = JSON.parse(fs.readFileSync(answersFile, 'utf8'));

// The start of the `type` of the problems this judge writes when it cannot judge a request
// (the validator cannot compile a schema of the document) or answer it.
const PROBLEM = 'urn:conformance:judge#';

// Keys whose value maps names (of properties, schemas, statuses, media types...) to objects:
// their keys are never keywords, whatever they are called.
const NAME_MAPS = new Set([
  'properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas', 'schemas',
  'responses', 'parameters', 'headers', 'securitySchemes', 'requestBodies', 'links',
  'callbacks', 'pathItems', 'paths', 'webhooks', 'content', 'encoding', 'mapping',
  'variables', 'scopes',
]);
// Keywords whose values are data, not schemas or document objects.
const DATA = new Set(['default', 'enum', 'const']);

// The document as the validator is given it, changed only where the validator cannot read
// it as it is:
// - examples are dropped: its reference parser follows `$ref` keys inside example values
//   (GitHub's SCIM examples), and examples do not decide validity;
// - `nullable` without `type` is dropped: Ajv refuses it, and OpenAPI 3.0.3 says it has no
//   effect there;
// - `servers` become `/`: the client is pointed at the bare host and port, as with Prism,
//   and the validator ignores every path outside a server's base path.
function forValidator(node, names) {
  if (Array.isArray(node)) {
    node.forEach((item) => forValidator(item, false));
  } else if (node && typeof node === 'object') {
    if (!names) {
      delete node.example;
      delete node.examples;
      if (node.nullable === true && node.type === undefined) delete node.nullable;
      if (node.servers !== undefined) node.servers = [{ url: '/' }];
    }
    for (const [key, value] of Object.entries(node)) {
      if (names || !(DATA.has(key) || key.startsWith('x-'))) {
        forValidator(value, !names && NAME_MAPS.has(key));
      }
    }
  }
  return node;
}

// Follows a local `$ref` of `document`.
function resolveIn(document, node, seen = 0) {
  if (!node || typeof node.$ref !== 'string' || !node.$ref.startsWith('#/') || seen > 32) {
    return node;
  }
  const target = node.$ref
    .slice(2)
    .split('/')
    .map((part) => decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((at, part) => (at === undefined ? undefined : at[part]), document);
  return resolveIn(document, target, seen + 1);
}

// Follows a local `$ref` of the original document.
const resolve = (node) => resolveIn(original, node);

// Parameters are text on the wire, and the validator reads two keywords at the top of their
// schemas as no server could:
// - `readOnly` (GitHub's `alert-number`): it rejects every value, where OpenAPI defines the
//   keyword for properties only;
// - `oneOf` (GitHub's `workflow-id`, integer or string): `1` is both once coerced from text,
//   so no numeric value could pass; the alternatives are read as `anyOf`.
function forParameters(document) {
  const lists = [Object.values((document.components || {}).parameters || {})];
  for (const item of Object.values(document.paths || {})) {
    for (const holder of [item, ...Object.values(item || {})]) {
      if (holder && Array.isArray(holder.parameters)) lists.push(holder.parameters);
    }
  }
  for (const parameter of lists.flat().map((parameter) => resolveIn(document, parameter))) {
    const schema = parameter && resolveIn(document, parameter.schema);
    if (schema && (schema.readOnly !== undefined || schema.oneOf !== undefined)) {
      const { readOnly, oneOf, ...rest } = schema;
      parameter.schema = oneOf === undefined ? rest : { ...rest, anyOf: oneOf };
    }
  }
  return document;
}

const judged = forParameters(forValidator(structuredClone(original), false));
judged.servers = [{ url: '/' }];

// The media type of `content` that the request's `Accept` allows, JSON first.
function chooseMedia(content, accept) {
  const accepted = (accept || '*/*').split(',').map((range) => range.split(';')[0].trim());
  const allows = (type) =>
    accepted.some((range) => range === '*/*' || range === type ||
      (range.endsWith('/*') && type.startsWith(range.slice(0, -1))));
  const types = Object.keys(content).filter((type) => allows(type.split(';')[0].trim()));
  return types.find((type) => /json/.test(type)) || types[0] || Object.keys(content)[0];
}

// The value xtask chose for a media type of a response, else the example the document gives,
// else a value openapi-sampler builds from its schema.
function exampleOf(chosen, media) {
  if (chosen !== undefined) return chosen;
  if (media.example !== undefined) return media.example;
  const named = Object.values(media.examples || {}).map((example) => resolve(example));
  if (named.length > 0 && named[0].value !== undefined) return named[0].value;
  const schema = resolve(media.schema);
  if (schema === undefined) return undefined;
  if (schema.example !== undefined) return schema.example;
  return sampler.sample(schema, { skipReadOnly: false, skipWriteOnly: true }, original);
}

// Answers `req` as the document says for the status it asks for, with `violations` in the
// violations header.
function answer(req, res, violations) {
  if (violations.length > 0) {
    res.set('conformance-violations', JSON.stringify(violations).replace(/[\u0080-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
    console.log(`✖ ${req.method} ${req.originalUrl}: ${violations.map((v) => v.message).join('; ')}`);
  }
  const route = req.openapi && req.openapi.openApiRoute;
  const item = route && resolve(original.paths[route]);
  const operation = item && item[req.method.toLowerCase()];
  if (!operation) {
    res.status(404).json({});
    return;
  }
  const responses = operation.responses || {};
  const asked = Number((/code=(\d{3})/.exec(req.get('prefer') || '') || [])[1]);
  const status = asked || Number(Object.keys(responses).find((key) => /^2\d\d$/.test(key))) || 200;
  const range = Object.keys(responses).find((key) => key.toUpperCase() === `${Math.floor(status / 100)}XX`);
  const key = [String(status), range, 'default'].find((key) => key && responses[key]);
  const response = key && resolve(responses[key]);
  if (!response) {
    problem(res, 'NO_RESPONSE', `the document has no response for ${status}`);
    return;
  }
  res.status(status);
  const content = response.content || {};
  if (Object.keys(content).length === 0 || status === 204 || status === 304) {
    res.end();
    return;
  }
  const type = chooseMedia(content, req.get('accept'));
  const chosen = ((answers[`${req.method} ${route}`] || {})[key] || {})[type];
  const value = exampleOf(chosen, content[type]);
  const json = /json/.test(type) || (type.includes('*') && typeof value !== 'string');
  res.type(type.includes('*') ? (json ? 'application/json' : 'application/octet-stream') : type);
  res.send(json ? JSON.stringify(value === undefined ? null : value) : String(value ?? ''));
}

// Answers with a problem of this judge's own: the call cannot be judged.
function problem(res, kind, detail) {
  res.status(500).type('application/problem+json').send(JSON.stringify({ type: PROBLEM + kind, detail }));
}

const app = express();
const isJson = (req) => /json/.test(req.get('content-type') || '');
app.use(express.json({ type: isJson, limit: '50mb', strict: false }));
app.use(express.urlencoded({ extended: true, limit: '50mb', parameterLimit: 100000 }));
app.use(express.text({ type: 'text/*', limit: '50mb' }));
app.use(express.raw({
  type: (req) => !/^(multipart\/|text\/|application\/x-www-form-urlencoded)|json/.test(req.get('content-type') || ''),
  limit: '50mb',
}));
// Raw bytes as text: the validator checks a binary body against its `type: string` schema.
app.use((req, res, next) => {
  if (Buffer.isBuffer(req.body)) req.body = req.body.toString('latin1');
  next();
});
// Two validators: form and multipart values are text, and the validator checks them against
// the schema's types only when told to coerce them (a correct `amount=5` is otherwise "must
// be integer"); JSON bodies are checked without coercion, so that `"5"` for an integer fails.
// `array` coercion also takes a single `name=value` for an array, as `style: form` sends it.
const validator = (coerceTypes) => OpenApiValidator.middleware({
  apiSpec: judged,
  validateRequests: { allowUnknownQueryParameters: false, coerceTypes },
  validateResponses: false,
  validateApiSpec: false,
  ignoreUndocumented: false,
});
const strict = express.Router().use(validator(false));
const coercing = express.Router().use(validator('array'));
const textual = (req) => /^(application\/x-www-form-urlencoded|multipart\/)/.test(req.get('content-type') || '');
app.use((req, res, next) => (textual(req) ? coercing : strict)(req, res, next));
app.use((req, res) => answer(req, res, []));
app.use((error, req, res, next) => {
  // The validator's own errors have no HTTP status: it could not compile a schema.
  if (error.status === undefined || error.status >= 500) {
    console.log(`! ${req.method} ${req.originalUrl}: the validator failed: ${error.message}`);
    problem(res, 'VALIDATOR_FAILED', error.message);
    return;
  }
  const found = error.errors && error.errors.length > 0 ? error.errors : [{ path: '', message: error.message }];
  const violations = found.map((e) => ({
    location: ['request', ...String(e.path || '').split('/').filter(Boolean)],
    severity: 'Error',
    message: `${e.path || ''} ${e.message}`.trim(),
  }));
  answer(req, res, violations);
});
app.listen(Number(port), '127.0.0.1', () => {
  console.log(`express-openapi-validator judge listening on http://127.0.0.1:${port}`);
});
