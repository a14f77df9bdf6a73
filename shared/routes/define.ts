// How a route is declared: once, here in shared/, for the server (registration, input parsing, typed
// answers), the OpenAPI document and the pages' client. Paths are Fastify-style (`:id`), under /api.
import type { z } from 'zod';
import type { StaffApp } from '../page-app';

export type Method = 'GET' | 'POST';
export type Role = 'staff' | 'supervisor' | 'technician';

/** A non-JSON answer (a PDF, a CSV, an image): the document names its media type. */
export interface Binary {
  readonly binary: string;
}
export const binary = (mediaType: string): Binary => ({ binary: mediaType });

export interface RouteDecl {
  readonly method: Method;
  readonly path: `/api/${string}`;
  readonly summary: string;
  /** Who may call it; absent: anyone on an allowed host. */
  readonly roles?: readonly Role[];
  /** The page whose session cookie the roles are read from (OpenAPI only). */
  readonly page?: StaffApp;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** Answers by status. Error answers are the `{ error, … }` shape unless declared otherwise. */
  readonly responses: Readonly<Record<number, z.ZodType | Binary>>;
  /** The route upgrades to a WebSocket (documented, not callable with the client). */
  readonly websocket?: true;
}

/** Keeps the literal types of a declaration (for the server's and the pages' typing) while checking its shape. */
export const declare = <const D extends RouteDecl>(d: D): D => d;

/** The schemas of the 2xx answers of a declaration. */
type Ok<R> = Extract<{ [K in keyof R]: K extends 200 | 201 | 202 ? R[K] : never }[keyof R], z.ZodType>;

/** What the handler may return (before transforms) / what the page receives (after parsing), for the 2xx answers. */
export type ResponseIn<D extends RouteDecl> = z.input<Ok<D['responses']>>;
export type ResponseOut<D extends RouteDecl> = z.output<Ok<D['responses']>>;
export type ParamsOf<D extends RouteDecl> = D['params'] extends z.ZodType ? z.output<D['params']> : Record<string, never>;
export type QueryOf<D extends RouteDecl> = D['query'] extends z.ZodType ? z.output<D['query']> : Record<string, never>;
export type BodyOf<D extends RouteDecl> = D['body'] extends z.ZodType ? z.output<D['body']> : undefined;
