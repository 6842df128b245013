/** A self-contained HTML reference of the device API, rendered on the server from the OpenAPI document. */
import { z } from 'zod';

const ZContentSchema = z.record(z.string(), z.object({ schema: z.unknown().optional() }));
const ZResponseSchema = z.object({
  $ref: z.string().optional(),
  description: z.string().optional(),
  content: ZContentSchema.optional(),
});
type TResponse = z.infer<typeof ZResponseSchema>;
const ZOperationSchema = z.object({
  summary: z.string().optional(),
  parameters: z
    .array(z.object({ name: z.string(), in: z.string(), required: z.boolean().optional() }))
    .optional(),
  requestBody: z.object({ content: ZContentSchema.optional() }).optional(),
  responses: z.record(z.string(), ZResponseSchema).optional(),
});
type TOperation = z.infer<typeof ZOperationSchema>;
const ZDocumentSchema = z.object({
  info: z.object({ title: z.string(), version: z.string(), description: z.string().optional() }),
  paths: z.record(z.string(), z.record(z.string(), ZOperationSchema)),
  components: z
    .object({
      schemas: z.record(z.string(), z.unknown()).optional(),
      responses: z.record(z.string(), ZResponseSchema).optional(),
    })
    .optional(),
  'x-unrouted': z.record(z.string(), ZResponseSchema).optional(),
});
type TDocument = z.infer<typeof ZDocumentSchema>;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const json = (value: unknown) => `<pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre>`;

interface TSchemaShape {
  $ref?: string;
  allOf?: { $ref?: string }[];
  properties?: { code?: { enum?: string[] } };
}

/** A link to the named schema; a problem response also lists its codes. */
function schemaRef(schema: unknown): string {
  const shape = (schema ?? {}) as TSchemaShape;
  const ref = shape.$ref ?? shape.allOf?.[0]?.$ref;
  if (!ref) return '';
  const name = escapeHtml(ref.split('/').at(-1) ?? '');
  const codes = shape.properties?.code?.enum ?? [];
  const listed = codes.length > 0 ? ` <code>${codes.map(escapeHtml).join('</code> <code>')}</code>` : '';
  return `<a href="#schema-${name}">${name}</a>${listed}`;
}

/** Response rows; a $ref to components.responses is shown as the response it names. */
function responseRows(responses: Record<string, TResponse>, document: TDocument): string {
  return Object.entries(responses)
    .map(([status, own]) => {
      const r = own.$ref ? (document.components?.responses?.[own.$ref.split('/').at(-1) ?? ''] ?? own) : own;
      const types = Object.entries(r.content ?? {}).map(
        ([t, c]) => `<code>${escapeHtml(t)}</code> ${schemaRef(c.schema)}`,
      );
      return `<tr><td>${escapeHtml(status)}</td><td>${escapeHtml(r.description ?? '')}</td><td>${types.join(', ')}</td></tr>`;
    })
    .join('');
}

const RESPONSE_HEAD = '<tr><th>Status</th><th>Meaning</th><th>Content</th></tr>';

function operation(path: string, method: string, op: TOperation, document: TDocument): string {
  const params = (op.parameters ?? [])
    .map(
      (p) =>
        `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${p.in}</td><td>${p.required ? 'yes' : 'no'}</td></tr>`,
    )
    .join('');
  const body = Object.entries(op.requestBody?.content ?? {})
    .map(([type, c]) => `<p>Body <code>${escapeHtml(type)}</code> ${schemaRef(c.schema)}</p>`)
    .join('');
  const responses = responseRows(op.responses ?? {}, document);
  return `<section id="${escapeHtml(`${method}-${path}`)}"><h2><span class="m">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h2>
<p>${escapeHtml(op.summary ?? '')}</p>${params ? `<table><tr><th>Parameter</th><th>In</th><th>Required</th></tr>${params}</table>` : ''}${body}
<table>${RESPONSE_HEAD}${responses}</table></section>`;
}

export function renderOpenApiPage(source: unknown): string {
  const document = ZDocumentSchema.parse(source);
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => operation(path, method, op, document)),
  );
  const unrouted = `<section id="unrouted"><h2>Any other path or method</h2><table>${RESPONSE_HEAD}${responseRows(document['x-unrouted'] ?? {}, document)}</table></section>`;
  const schemas = Object.entries(document.components?.schemas ?? {})
    .map(
      ([name, schema]) =>
        `<section id="schema-${escapeHtml(name)}"><h3>${escapeHtml(name)}</h3>${json(schema)}</section>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(document.info.title)}</title>
<style>body{font:14px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#0f172a}
h2{font-size:16px;margin-top:2rem;border-top:1px solid #e2e8f0;padding-top:1rem}.m{background:#0369a1;color:#fff;border-radius:4px;padding:1px 6px;font-size:12px}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #e2e8f0;padding:4px 8px;text-align:left}pre{background:#f8fafc;padding:8px;overflow:auto}</style></head>
<body><h1>${escapeHtml(document.info.title)} <small>${escapeHtml(document.info.version)}</small></h1>
<p>${escapeHtml(document.info.description ?? '')}</p><p>Machine-readable: <a href="/v1/openapi.json">/v1/openapi.json</a> (OpenAPI 3.1).</p>
${operations.join('\n')}${unrouted}<h2>Schemas</h2>${schemas}</body></html>`;
}
