// GetSigningCertificate: the pool's SAML signing certificate, base64 DER as Cognito answers it.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { UserPoolId } from '../cognito/shapes.js';
import { requirePool } from '../domain/pools.js';
import { poolSpCertificate } from '../domain/federation/sp-certificate.js';
import { pemBody } from '../crypto/certificate.js';

export const GetSigningCertificate = defineOperation({
  name: 'GetSigningCertificate',
  auth: 'admin',
  input: Type.Object({ UserPoolId }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    return { Certificate: pemBody((await poolSpCertificate(deps, pool.id)).certificatePem) };
  },
});

export const signingCertificateOperations = [GetSigningCertificate];
