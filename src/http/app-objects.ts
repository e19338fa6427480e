import http from 'node:http';
import type { Application } from 'express';

type NodeRequestClass = typeof http.IncomingMessage;
type NodeResponseClass = typeof http.ServerResponse;

/**
 * Node's request and response classes for a server whose requests `app` answers, made so that
 * their instances have the app's own prototypes from the start. express gives every request the
 * app's prototypes (`Object.setPrototypeOf` in app.handle), and in this V8 that made each
 * request's pair a hidden class of its own, so every property read in node's HTTP and stream code
 * and in express missed its inline cache (issue #9, plain-http.ts). When the prototype is already
 * the app's, express's call changes nothing: the objects keep one shape, request after request.
 */
export function appObjectClasses(app: Application): {
  IncomingMessage: NodeRequestClass;
  ServerResponse: NodeResponseClass;
} {
  const { request, response } = app as unknown as { request: object; response: object };
  // node's own constructors are plain functions: called on an object whose prototype is the app's
  function AppRequest(this: http.IncomingMessage, socket: never) {
    http.IncomingMessage.call(this, socket);
  }
  AppRequest.prototype = request;
  function AppResponse(this: http.ServerResponse, req: never, options: never) {
    (http.ServerResponse as unknown as (req: never, options: never) => void).call(this, req, options);
  }
  AppResponse.prototype = response;
  return {
    IncomingMessage: AppRequest as unknown as NodeRequestClass,
    ServerResponse: AppResponse as unknown as NodeResponseClass,
  };
}
