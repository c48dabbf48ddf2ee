// Records each request Fastify answered in the metrics, by method and route pattern (never the raw
// URL, whose values are unbounded) and status code. The JSON API records its own (api/http.ts).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Metrics } from './domain/metrics.js';

export function recordRequest(metrics: Metrics, request: FastifyRequest, reply: FastifyReply): void {
  const route = request.routeOptions.url;
  metrics.request(route ? `${request.method} ${route}` : 'unmatched', String(reply.statusCode), reply.elapsedTime / 1000);
}
