// The conformance suite's second judge (see xtask/src/express.rs): an express server on
// 127.0.0.1 that validates each request against an OpenAPI document with
// express-openapi-validator and answers with the status the request asks for
// (`Prefer: code=NNN`, as Prism reads it), the body being the document's example or a value
// openapi-sampler builds from the schema. What the validator rejects is listed in a
// `conformance-violations` header, in the shape of Prism's `sl-violations`; the answer is
// sent all the same, so that the client's decoding is still exercised.
//
// Usage: node express-judge.js DOCUMENT PORT (with NODE_PATH naming the packages' folder).
'use strict';

const fs = require('fs');
const express = require('express');
const OpenApiValidator = require('express-openapi-validator');
const yaml = require('js-yaml');
const sampler = require('openapi-sampler');

const [file, port] = process.argv.slice(2);
const text = fs.readFileSync(file, 'utf8');
const original = file.endsWith('.json') ? JSON.parse(text) : yaml.load(text);

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

const judged = forValidator(structuredClone(original), false);
judged.servers = [{ url: '/' }];

// Follows a local `$ref` of the original document.
function resolve(node, seen = 0) {
  if (!node || typeof node.$ref !== 'string' || !node.$ref.startsWith('#/') || seen > 32) {
    return node;
  }
  const target = node.$ref
    .slice(2)
    .split('/')
    .map((part) => decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((at, part) => (at === undefined ? undefined : at[part]), original);
  return resolve(target, seen + 1);
}

// The media type of `content` that the request's `Accept` allows, JSON first.
function chooseMedia(content, accept) {
  const accepted = (accept || '*/*').split(',').map((range) => range.split(';')[0].trim());
  const allows = (type) =>
    accepted.some((range) => range === '*/*' || range === type ||
      (range.endsWith('/*') && type.startsWith(range.slice(0, -1))));
  const types = Object.keys(content).filter((type) => allows(type.split(';')[0].trim()));
  return types.find((type) => /json/.test(type)) || types[0] || Object.keys(content)[0];
}

// The example the document gives for a media type, else a value built from its schema.
function exampleOf(media) {
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
  const response = resolve(responses[status] || responses[range] || responses.default);
  if (!response) {
    res.status(501).type('text/plain').send(`the document has no response for ${status}`);
    return;
  }
  res.status(status);
  const content = response.content || {};
  if (Object.keys(content).length === 0 || status === 204 || status === 304) {
    res.end();
    return;
  }
  const type = chooseMedia(content, req.get('accept'));
  const value = exampleOf(content[type]);
  const json = /json/.test(type) || (type.includes('*') && typeof value !== 'string');
  res.type(type.includes('*') ? (json ? 'application/json' : 'application/octet-stream') : type);
  res.send(json ? JSON.stringify(value === undefined ? null : value) : String(value ?? ''));
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
app.use(OpenApiValidator.middleware({
  apiSpec: judged,
  validateRequests: true,
  validateResponses: false,
  validateApiSpec: false,
  ignoreUndocumented: false,
}));
app.use((req, res) => answer(req, res, []));
app.use((error, req, res, next) => {
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
