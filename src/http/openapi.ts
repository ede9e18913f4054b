import { z } from 'zod';

export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express-style path under /api/v1, e.g. `/tasks/:id/complete`. */
  path: string;
  summary: string;
  tag: string;
  roles?: readonly string[];
  auth?: boolean;
  body?: z.ZodType;
  bodyMediaType?: string;
  query?: z.ZodObject;
  responses: Record<number, { description: string; schema?: z.ZodType; mediaType?: string }>;
}

const ErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })),
  }),
});

const jsonSchema = (s: z.ZodType) => z.toJSONSchema(s, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' });

/**
 * The OpenAPI 3.1 document, built from the same zod schemas that validate requests, route by route,
 * so that the published contract cannot drift from what the server accepts.
 */
export class ApiDocs {
  private readonly routes: RouteDoc[] = [];

  add(doc: RouteDoc): void {
    this.routes.push(doc);
  }

  document(): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const r of this.routes) {
      const oaPath = r.path.replace(/:([A-Za-z]+)/g, '{$1}');
      const params = [...r.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
      if (r.query) {
        for (const [name, schema] of Object.entries(r.query.shape)) {
          params.push({ name, in: 'query', required: !(schema as z.ZodType).safeParse(undefined).success, schema: jsonSchema(schema as z.ZodType) as never });
        }
      }
      const responses: Record<string, unknown> = {};
      for (const [status, resp] of Object.entries(r.responses)) {
        responses[status] = {
          description: resp.description,
          ...(resp.schema && { content: { [resp.mediaType ?? 'application/json']: { schema: jsonSchema(resp.schema) } } }),
        };
      }
      if (r.auth !== false) {
        responses['401'] ??= { description: 'No or invalid token', content: { 'application/json': { schema: jsonSchema(ErrorSchema) } } };
        if (r.roles) responses['403'] ??= { description: `Needs one of the roles: ${r.roles.join(', ')}`, content: { 'application/json': { schema: jsonSchema(ErrorSchema) } } };
      }
      if (r.body) responses['422'] ??= { description: 'Valid JSON, invalid content; details name the fields', content: { 'application/json': { schema: jsonSchema(ErrorSchema) } } };
      (paths[oaPath] ??= {})[r.method] = {
        summary: r.summary,
        tags: [r.tag],
        ...(r.roles && { description: `Roles: ${r.roles.join(', ')}` }),
        ...(r.auth === false ? { security: [] } : {}),
        ...(params.length && { parameters: params }),
        ...(r.body && { requestBody: { required: true, content: { [r.bodyMediaType ?? 'application/json']: { schema: jsonSchema(r.body) } } } }),
        responses,
      };
    }
    return {
      openapi: '3.1.0',
      info: { title: 'ZZZS data-subject requests', version: '1', description: 'Requests of individuals under GDPR Art. 15–18 and 21 (docs/api.md in the repository).' },
      servers: [{ url: '/api/v1' }],
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        schemas: { Error: jsonSchema(ErrorSchema) },
      },
      security: [{ bearer: [] }],
      paths,
    };
  }
}
