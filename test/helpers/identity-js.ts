// amazon-cognito-identity-js sign-ins as an app with an authenticator answers them: the default SRP
// flow, MFA_SETUP through associateSoftwareToken / verifySoftwareToken, then TOTP codes.
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';
import type { TestServer } from './server.js';
import type { AppClient } from './users.js';
import { totp } from './totp.js';

/**
 * authenticateUser with the MFA callbacks answering; `secret.value` is set at MFA set-up and used
 * for later codes. `steps` lists the MFA callbacks that ran.
 */
export function authenticateWithTotp(
  t: TestServer, client: AppClient, username: string, password: string, secret: { value?: string },
): Promise<{ session: CognitoUserSession; steps: string[]; user: CognitoUser }> {
  const user = new CognitoUser({ Username: username, Pool: new CognitoUserPool({ UserPoolId: client.poolId, ClientId: client.clientId, endpoint: t.url }) });
  const steps: string[] = [];
  return new Promise((resolve, reject) => {
    const done = { onSuccess: (session: CognitoUserSession) => resolve({ session, steps, user }), onFailure: reject };
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
      ...done,
      mfaSetup() {
        steps.push('mfaSetup');
        user.associateSoftwareToken({
          associateSecretCode(code: string) {
            secret.value = code;
            user.verifySoftwareToken(totp(code, t.clock.now()), 'laptop', done);
          },
          onFailure: reject,
        });
      },
      totpRequired() {
        steps.push('totpRequired');
        user.sendMFACode(totp(secret.value!, t.clock.now()), done, 'SOFTWARE_TOKEN_MFA');
      },
    });
  });
}
