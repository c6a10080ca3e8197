// The OpenAPI 3.1 document, generated from the routes' zod schemas (the ones that validate
// requests), so the document cannot drift from what the server accepts.
import { z } from 'zod';
import type { ApiRoute } from './registry.js';
import { isWrite } from './registry.js';

type Json = Record<string, any>;

function schemaOf(s: z.ZodType, io: 'input' | 'output', components: Json): Json {
  const raw = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  const text = JSON.stringify(raw).replace(/"#\/\$defs\/([^"]+)"/g, (_m, id) => `"#/components/schemas/${id}"`);
  const { $schema: _s, $defs, ...schema } = JSON.parse(text) as Json;
  for (const [id, def] of Object.entries(($defs ?? {}) as Json)) components[id] ??= def;
  return schema;
}

function parametersOf(obj: z.ZodObject | undefined, where: 'path' | 'query', components: Json): Json[] {
  if (!obj) return [];
  const full = schemaOf(obj, 'input', components);
  return Object.entries((full.properties ?? {}) as Json).map(([name, schema]) => ({
    name, in: where, required: where === 'path' || (full.required ?? []).includes(name), schema,
    ...(schema.description ? { description: schema.description } : {}),
  }));
}

const problemSchema = {
  type: 'object', required: ['type', 'title', 'status', 'code', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri-reference' }, title: { type: 'string' }, status: { type: 'integer' },
    code: { type: 'string', description: 'The refusal code, the same as the chat uses (e.g. campaign.launch.no_demo)' },
    detail: { type: 'string' }, instance: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
  },
};

export function buildOpenApi(routes: readonly ApiRoute[], opts: { version: string }): Json {
  const components: Json = { Problem: problemSchema };
  const paths: Json = {};
  const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
  for (const r of routes) {
    const op: Json = {
      operationId: r.operationId, summary: r.summary, tags: [r.tag],
      parameters: [...parametersOf(r.params, 'path', components), ...parametersOf(r.query, 'query', components)],
      responses: {
        [String(r.status ?? 200)]: { description: 'Success', content: { 'application/json': { schema: schemaOf(r.response, 'output', components) } } },
        400: problem('The request does not match the schema'), 401: problem('Missing, unknown or revoked token'),
        429: problem('Burst limit or daily plan quota reached; see Retry-After and RateLimit headers'),
        default: problem('A refusal of the service, with the same code as the chat'),
      },
    };
    if (isWrite(r)) {
      op.parameters.push({ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 },
        description: 'The same key and request within 24 hours returns the first result and does nothing twice' });
      op.responses[403] = problem('The token is read-only');
    }
    const content: Json = {};
    if (r.body) content['application/json'] = { schema: schemaOf(r.body, 'input', components) };
    if (r.multipartFile) {
      const file = { type: 'string', contentMediaType: 'application/octet-stream', description: r.fileDescription ?? 'A .csv, .txt, .vcf or .xlsx contact file' };
      if (r.multipartFields && r.body) {
        // The JSON body's fields as form fields, beside the file.
        const fields = schemaOf(r.body, 'input', components);
        content['multipart/form-data'] = { schema: { ...fields, properties: { ...(fields.properties ?? {}), file } } };
      } else content['multipart/form-data'] = { schema: { type: 'object', required: ['file'], properties: { file } } };
    }
    if (Object.keys(content).length) op.requestBody = { required: !(r.body instanceof z.ZodOptional) || Boolean(r.multipartFile), content };
    if (!op.parameters.length) delete op.parameters;
    (paths[r.path] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'wa-chatops API', version: opts.version, description: 'What an account owner can do by chat, over HTTP. Errors are RFC 9457 problem details whose `code` is the chat refusal\'s code.' },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    paths,
    components: { schemas: components, securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token: `create api token` by chat, the console, or `wa-chatops token create --account N`' } } },
  };
}

export function docsPage(): string {
  // No script from elsewhere (CSP): a plain page that lists the operations from the document.
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>wa-chatops API</title>
<link rel="stylesheet" href="/static/console.css"></head><body><main>
<h1>wa-chatops API v1</h1>
<p>The machine-readable description is <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1): load it into any OpenAPI viewer or client generator.
Send <code>Authorization: Bearer TOKEN</code>; get a token by chat (<code>create api token</code>), in the console, or with <code>wa-chatops token create --account N</code>.</p>
<div id="ops"></div>
<script src="/api/docs.js"></script>
</main></body></html>`;
}

export const DOCS_SCRIPT = `fetch('/api/v1/openapi.json').then(r => r.json()).then(doc => {
  const root = document.getElementById('ops');
  for (const [path, ops] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(ops)) {
    const s = document.createElement('section');
    const h = document.createElement('h3'); h.textContent = method.toUpperCase() + ' /api/v1' + path; s.appendChild(h);
    const p = document.createElement('p'); p.textContent = op.summary; s.appendChild(p);
    root.appendChild(s);
  }
});`;
