import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

/** One exchange as the server answered it, in the terms of the OpenAPI document. */
export interface TExchange {
  method: string;
  /** The Fastify route that answered (/v1/play/:channelId), or undefined when none matched. */
  route: string | undefined;
  url: string;
  status: number;
  headers: Record<string, unknown>;
  /** The body as sent; undefined when it is a stream (not checked). */
  body: string | undefined;
  /** What the server parsed from the request (checked only when it was accepted: 2xx or 304). */
  request?: { body?: unknown; query?: unknown; params?: unknown };
}

interface TMediaType {
  schema?: unknown;
}
interface TResponse {
  $ref?: string;
  description?: string;
  headers?: Record<string, { required?: boolean; description?: string; schema?: unknown }>;
  content?: Record<string, TMediaType>;
}
interface TParameter {
  name: string;
  in: string;
  required?: boolean;
  schema: unknown;
}
interface TOperation {
  parameters?: TParameter[];
  requestBody?: { required?: boolean; content: Record<string, TMediaType> };
  responses: Record<string, TResponse>;
}
export interface TConformanceDocument {
  paths: Record<string, Record<string, TOperation>>;
  components: { schemas: Record<string, unknown>; responses?: Record<string, TResponse> };
  'x-unrouted'?: Record<string, TResponse>;
}

const JSON_TYPES = new Set(['application/json', 'application/problem+json']);
const essence = (contentType: unknown) =>
  String(contentType ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase() ?? '';
/** /v1/play/:channelId → /v1/play/{channelId} */
const templateOf = (route: string) => route.replace(/:(\w+)/g, '{$1}');
const parseJson = (text: string): { ok: true; value: unknown } | { ok: false } => {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
};

/**
 * Checks exchanges against an OpenAPI 3.1 document: the operation exists, the status is declared, the content
 * type is one the status declares and the body valid against its schema, required headers present; and for
 * an accepted request, that what the server took is valid per the document too (the spec may not refuse it).
 */
export function createConformance(document: TConformanceDocument) {
  // The document is the schema root, so every `#/components/...` reference resolves as in the document.
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  // The document's own members (paths, components…) are no JSON Schema keywords: known, so strict mode holds for the schemas.
  for (const key of Object.keys(document)) if (!ajv.getKeyword(key)) ajv.addKeyword({ keyword: key });
  ajv.addSchema(document as object, 'openapi');
  const validators = new Map<string, ValidateFunction>();
  const validatorAt = (pointer: string) => {
    let validate = validators.get(pointer);
    if (!validate) {
      validate = ajv.compile({ $ref: `openapi#${pointer}` });
      validators.set(pointer, validate);
    }
    return validate;
  };
  const escapePointer = (part: string) => part.replace(/~/g, '~0').replace(/\//g, '~1');
  const pointerOf = (...parts: string[]) => `/${parts.map(escapePointer).join('/')}`;
  const errorsOf = (validate: ValidateFunction) =>
    ajv.errorsText(validate.errors, { dataVar: 'body', separator: '; ' }).slice(0, 600);

  /** A response as declared, its $ref followed; with the JSON pointer its content lives under. */
  function resolve(response: TResponse, at: string[]): { response: TResponse; at: string[] } {
    if (!response.$ref) return { response, at };
    const name = response.$ref.replace('#/components/responses/', '');
    const shared = document.components.responses?.[name];
    if (!shared) throw new Error(`the document has no ${response.$ref}`);
    return { response: shared, at: ['components', 'responses', name] };
  }

  function checkBody(exchange: TExchange, declared: TResponse, at: string[]): string[] {
    const type = essence(exchange.headers['content-type']);
    const content = declared.content;
    const empty = exchange.body === undefined || exchange.body === '';
    if (!content || Object.keys(content).length === 0) {
      return empty || exchange.method === 'HEAD' ? [] : [`sends a body (${type}) where none is declared`];
    }
    if (!content[type])
      return [`content type "${type}" is not declared (${Object.keys(content).join(', ')})`];
    if (exchange.method === 'HEAD' || exchange.body === undefined) return [];
    let value: unknown = exchange.body;
    if (JSON_TYPES.has(type)) {
      const parsed = parseJson(exchange.body);
      if (!parsed.ok) return [`body is not JSON: ${exchange.body.slice(0, 100)}`];
      value = parsed.value;
    }
    const validate = validatorAt(pointerOf(...at, 'content', type, 'schema'));
    return validate(value) ? [] : [`body: ${errorsOf(validate)}`];
  }

  function checkHeaders(exchange: TExchange, declared: TResponse): string[] {
    return Object.entries(declared.headers ?? {})
      .filter(([name, header]) => header.required && exchange.headers[name.toLowerCase()] === undefined)
      .map(([name]) => `required header ${name} is missing`);
  }

  /** The request the server accepted must be one the document allows. */
  function checkAccepted(exchange: TExchange, operation: TOperation, at: string[]): string[] {
    const request = exchange.request;
    if (!request || exchange.status >= 400) return [];
    const problems: string[] = [];
    const jsonBody = operation.requestBody?.content['application/json'];
    if (jsonBody && request.body !== undefined) {
      const validate = validatorAt(pointerOf(...at, 'requestBody', 'content', 'application/json', 'schema'));
      if (!validate(request.body))
        problems.push(`accepted a request body the document refuses: ${errorsOf(validate)}`);
    }
    (operation.parameters ?? []).forEach((parameter, index) => {
      const values = (parameter.in === 'query' ? request.query : request.params) as
        | Record<string, unknown>
        | undefined;
      const value = values?.[parameter.name];
      if (value === undefined) return;
      const validate = validatorAt(pointerOf(...at, 'parameters', String(index), 'schema'));
      if (!validate(value))
        problems.push(
          `accepted ${parameter.in} ${parameter.name} the document refuses: ${errorsOf(validate)}`,
        );
    });
    return problems;
  }

  const templates = Object.keys(document.paths).map((path) => ({ path, parts: path.split('/') }));
  /** The documented path a URL names, for an answer given before routing (a URL that does not decode, too long). */
  function pathOf(url: string): string | undefined {
    const parts = (url.split('?')[0] ?? '').split('/');
    return templates.find(
      (template) =>
        template.parts.length === parts.length &&
        template.parts.every((part, i) => part === parts[i] || (/^\{\w+\}$/.test(part) && parts[i] !== '')),
    )?.path;
  }

  /** What is wrong with this exchange by the document; empty when it conforms. */
  function check(exchange: TExchange): string[] {
    const status = String(exchange.status);
    const unrouted = document['x-unrouted']?.[status];
    // No route took it: a 404 or 405 is the router's answer (a server without a beacon spool has no /v1/beacons).
    // Else it was refused before routing (a URL that does not decode, too long): the operation it names declares it.
    const path = exchange.route ? templateOf(exchange.route) : unrouted ? undefined : pathOf(exchange.url);
    const method = (exchange.method === 'HEAD' ? 'GET' : exchange.method).toLowerCase();
    const operation = path ? document.paths[path]?.[method] : undefined;
    let problems: string[];
    if (!operation) {
      if (exchange.route) return [`the route ${exchange.method} ${exchange.route} is not in the document`];
      if (!unrouted)
        return [`status ${status} is not declared for requests no operation matches (x-unrouted)`];
      problems = [
        ...checkBody(exchange, unrouted, ['x-unrouted', status]),
        ...checkHeaders(exchange, unrouted),
      ];
    } else {
      const at = ['paths', path as string, method];
      const own = operation.responses[status];
      if (!own) return [`status ${status} is not declared`];
      const { response, at: responseAt } = resolve(own, [...at, 'responses', status]);
      problems = [
        ...checkBody(exchange, response, responseAt),
        ...checkHeaders(exchange, response),
        ...checkAccepted(exchange, operation, at),
      ];
    }
    return problems;
  }

  return { check };
}

/**
 * Checks every /v1 response the app sends, as it is sent (an onSend hook: in the same process as the test
 * that caused it, whichever file that is). Findings collect in `failures`; the harness fails the file on any.
 */
export function watchConformance(app: FastifyInstance, document: TConformanceDocument) {
  const conformance = createConformance(document);
  const failures: string[] = [];
  /** `POST /v1/play/{channelId} 200`, `unrouted 404`: what was answered, for a test that wants every status seen. */
  const seen = new Set<string>();
  let checked = 0;
  app.addHook('onSend', async (request, reply, payload) => {
    if (!/^\/v1(\/|$|\?)/.test(request.url)) return payload;
    const body =
      payload === null || payload === undefined
        ? ''
        : typeof payload === 'string'
          ? payload
          : Buffer.isBuffer(payload)
            ? payload.toString('utf8')
            : undefined;
    const route = request.routeOptions.url;
    const exchange: TExchange = {
      method: request.method,
      route: route?.startsWith('/v1') ? route : undefined,
      url: request.url,
      status: reply.statusCode,
      headers: reply.getHeaders(),
      body,
      request: { body: request.body, query: request.query, params: request.params },
    };
    checked++;
    seen.add(
      `${exchange.route ? `${request.method} ${templateOf(exchange.route)}` : 'unrouted'} ${reply.statusCode}`,
    );
    let problems: string[];
    try {
      problems = conformance.check(exchange);
    } catch (error) {
      // Never the response's business: a fault of the check itself is a finding like any other.
      problems = [`the check failed: ${error instanceof Error ? error.message : String(error)}`];
    }
    for (const problem of problems)
      failures.push(`${request.method} ${request.url.slice(0, 120)} → ${reply.statusCode}: ${problem}`);
    return payload;
  });
  return {
    failures,
    seen,
    get checked() {
      return checked;
    },
  };
}
