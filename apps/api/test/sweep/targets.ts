import { z } from 'zod';
import { appRouter } from '../../src/trpc/router';
import type { TSchema } from './schema-cases';

export interface TProcedureTarget {
  path: string;
  kind: 'query' | 'mutation';
  /** JSON Schema of the zod input (io: input); null for a procedure without input. */
  schema: TSchema | null;
  parse: (input: unknown) => boolean;
}

interface TProcedureDef {
  _def: { type: 'query' | 'mutation' | 'subscription'; inputs: z.ZodType[] };
}

/** Every procedure of the router with its input schema: a new procedure is swept without a new test. */
export function procedureTargets(): TProcedureTarget[] {
  const procedures = appRouter._def.procedures as unknown as Record<string, TProcedureDef>;
  return Object.entries(procedures)
    .filter(([, procedure]) => procedure._def.type !== 'subscription')
    .map(([path, procedure]) => {
      const input = procedure._def.inputs[0];
      const schema = input
        ? (z.toJSONSchema(input, {
            io: 'input',
            unrepresentable: 'any',
            // A Date input (superjson carries it) has no JSON Schema form: mark it so the sweep sends Dates.
            override: (ctx) => {
              if (ctx.zodSchema._zod.def.type === 'date') ctx.jsonSchema.format = 'x-date';
            },
          }) as TSchema)
        : null;
      return {
        path,
        kind: procedure._def.type as 'query' | 'mutation',
        schema,
        parse: (value: unknown) => (input ? input.safeParse(value).success : true),
      };
    });
}

export interface TOperationTarget {
  method: 'GET' | 'POST';
  /** OpenAPI path template, e.g. /v1/play/{channelId}. */
  path: string;
  secured: boolean;
  body: TSchema | null;
  query: Record<string, TSchema>;
  params: Record<string, TSchema>;
}

interface TOpenApiOperation {
  security?: unknown[];
  parameters?: { name: string; in: 'query' | 'path'; required?: boolean; schema: TSchema }[];
  requestBody?: { content: Record<string, { schema: TSchema }> };
}
export interface TOpenApiDocument {
  paths: Record<string, Record<string, TOpenApiOperation>>;
  components: { schemas: Record<string, TSchema> };
}

/** Every operation of the device API, read from the OpenAPI document the server serves. */
export function operationTargets(document: TOpenApiDocument): TOperationTarget[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => {
      const parameters = operation.parameters ?? [];
      const byPlace = (place: 'query' | 'path') =>
        Object.fromEntries(parameters.filter((p) => p.in === place).map((p) => [p.name, p.schema]));
      return {
        method: method.toUpperCase() as 'GET' | 'POST',
        path,
        secured: (operation.security?.length ?? 0) > 0,
        body: operation.requestBody?.content['application/json']?.schema ?? null,
        query: byPlace('query'),
        params: byPlace('path'),
      };
    }),
  );
}

export function resolverOf(document: TOpenApiDocument) {
  return (ref: string): TSchema => {
    const name = ref.replace('#/components/schemas/', '');
    const schema = document.components.schemas[name];
    if (!schema) throw new Error(`OpenAPI document has no schema ${ref}`);
    return schema;
  };
}
