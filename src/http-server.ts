// The HTTP server under Fastify (its serverFactory): Cognito JSON API requests go straight to the
// API's own listener (api/http.ts), everything else to Fastify. Both see the same request id and
// client address, and keep the timeouts Fastify would have set on a server of its own making.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { FastifyServerOptions } from 'fastify';
import { isApiRequest, type ApiRequestContext } from './api/http.js';
import { requestIdOf } from './request-logger.js';

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

export interface ApiFirstServerOptions {
  api: (request: IncomingMessage, response: ServerResponse, context: ApiRequestContext) => void;
  /** server.trustProxy as a list: only these peers may name the client in X-Forwarded-For (as Fastify's trustProxy). */
  trustedProxies: string[] | undefined;
  /** True once the app is closing: Fastify then answers every request with 503 (return503OnClosing). */
  isClosing: () => boolean;
  /** Called first for every request, whoever answers it (the store's requestArrived). */
  onArrival: () => void;
}

export function apiFirstServerFactory({ api, trustedProxies, isClosing, onArrival }: ApiFirstServerOptions) {
  const trust = trustedProxies ? proxyAddr.compile(trustedProxies) : undefined;
  const clientAddress = (request: IncomingMessage): string => (trust ? proxyAddr(request, trust) : request.socket.remoteAddress) ?? '';
  return (fastify: Listener, options: FastifyServerOptions): Server => {
    const server = createServer((request, response) => {
      onArrival();
      if (isApiRequest(request) && !isClosing()) api(request, response, { id: requestIdOf(request), ip: clientAddress(request) });
      else fastify(request, response);
    });
    // What Fastify sets on the servers it makes itself.
    server.keepAliveTimeout = options.keepAliveTimeout!;
    server.requestTimeout = options.requestTimeout!;
    server.setTimeout(options.connectionTimeout!);
    return server;
  };
}
