// An API operation: its Cognito name, who may call it, the shape of its input and its handler.
import type { Static, TSchema } from '@sinclair/typebox';
import type { Deps } from '../domain/deps.js';

export interface OperationContext {
  deps: Deps;
  requestId: string;
  sourceIp: string;
}

export interface Operation<S extends TSchema = TSchema> {
  name: string;
  /** 'admin' operations need a SigV4 signature from an admin key; 'public' ones are authorised by their input. */
  auth: 'public' | 'admin';
  input: S;
  handler(input: Static<S>, ctx: OperationContext): Promise<object>;
}

export const defineOperation = <S extends TSchema>(operation: Operation<S>): Operation<S> => operation;
