import { expect } from 'chai';
import supertest from 'supertest';
import type { Express } from 'express';
import { useTestDb } from '../helpers/pg.js';
import { apiApp, apiCtx } from './helpers.js';

type Json = Record<string, any>;

/** Every $ref points at an existing component; every operation is well formed (OpenAPI 3.1 rules we rely on). */
function checkDocument(doc: Json): string[] {
  const problems: string[] = [];
  if (doc.openapi !== '3.1.0') problems.push(`openapi is ${doc.openapi}`);
  if (!doc.info?.title || !doc.info?.version) problems.push('info.title/version missing');
  const walk = (node: unknown, at: string) => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}[${i}]`));
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref') {
        const m = /^#\/components\/schemas\/(.+)$/.exec(String(v));
        if (!m || !doc.components?.schemas?.[m[1]!]) problems.push(`${at}: dangling $ref ${v}`);
      } else walk(v, `${at}.${k}`);
    }
  };
  walk(doc, '#');
  const ids = new Set<string>();
  for (const [path, ops] of Object.entries(doc.paths as Json)) {
    if (!path.startsWith('/')) problems.push(`${path}: must start with /`);
    const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    for (const [method, op] of Object.entries(ops as Json)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) problems.push(`${path}: method ${method}`);
      if (!op.operationId || ids.has(op.operationId)) problems.push(`${method} ${path}: operationId missing or repeated`);
      ids.add(op.operationId);
      if (!op.responses || !Object.keys(op.responses).some((s) => /^2\d\d$/.test(s))) problems.push(`${method} ${path}: no 2xx response`);
      const inPath = (op.parameters ?? []).filter((p: Json) => p.in === 'path').map((p: Json) => p.name);
      for (const name of templated) if (!inPath.includes(name)) problems.push(`${method} ${path}: path parameter ${name} undeclared`);
      for (const p of op.parameters ?? []) if (!p.schema || !['path', 'query', 'header', 'cookie'].includes(p.in)) problems.push(`${method} ${path}: bad parameter ${p.name}`);
    }
  }
  return problems;
}

/** Method and path of every route Express has under /api/v1, in OpenAPI form. */
function registeredRoutes(app: Express): string[] {
  const out: string[] = [];
  const stack = (app as unknown as { router: { stack: Json[] } }).router.stack;
  for (const layer of stack) {
    if (layer.name !== 'router' || !layer.handle?.stack) continue;
    for (const l of layer.handle.stack) {
      if (!l.route) continue;
      for (const m of Object.keys(l.route.methods)) out.push(`${m} ${String(l.route.path).replace(/:(\w+)/g, '{$1}')}`);
    }
  }
  return out;
}

describe('api: OpenAPI 3.1 from the request schemas', () => {
  const t = useTestDb();

  it('serves a valid document that has every registered route, and a docs page', async () => {
    const app = apiApp(apiCtx(t.db));
    const res = await supertest(app).get('/api/v1/openapi.json');
    expect(res.status).to.equal(200);
    const doc = res.body as Json;
    expect(checkDocument(doc)).to.deep.equal([]);
    const routes = registeredRoutes(app);
    expect(routes.length).to.be.greaterThan(15);
    const documented = Object.entries(doc.paths as Json).flatMap(([p, ops]) => Object.keys(ops as Json).map((m) => `${m} ${p}`));
    expect(routes.filter((r) => !documented.includes(r)), 'routes missing from the document').to.deep.equal([]);
    expect(documented.filter((r) => !routes.includes(r)), 'documented routes that do not exist').to.deep.equal([]);
    for (const stable of ['get /balance', 'post /lists', 'post /lists/{name}/contacts', 'post /campaigns', 'post /campaigns/{name}/demo',
      'post /campaigns/{name}/launch', 'post /campaigns/{name}/pause', 'post /campaigns/{name}/resume', 'post /campaigns/{name}/cancel',
      'get /campaigns/{name}', 'get /campaigns/{name}/messages']) expect(documented).to.include(stable);
    // The same schema: what the document requires is what the server refuses without.
    expect(doc.paths['/campaigns'].post.requestBody.content['application/json'].schema.required).to.deep.equal(['name', 'list', 'text']);
    expect(doc.paths['/lists/{name}/contacts'].post.requestBody.content).to.have.keys('application/json', 'multipart/form-data');
    expect(doc.paths['/campaigns/{name}/launch'].post.parameters.map((p: Json) => p.name)).to.include('Idempotency-Key');
    const docs = await supertest(app).get('/api/docs');
    expect(docs.status).to.equal(200);
    expect(docs.text).to.contain('/api/v1/openapi.json');
  });
});
