// What a test reads from a JWT it was given: the claims, decoded without checking the signature
// (tests that check signatures use a verifier).
export const claimsOf = (jwt: string): Record<string, any> => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
