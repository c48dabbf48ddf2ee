// What the three example suites test: the code under test signs a user up, confirms them with the
// code Gatehouse "sent", signs in and reads the user back: all through the real AWS SDK.
import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  GetUserCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';

export async function signUpAndSignIn(gatehouse, email, password) {
  const cognito = new CognitoIdentityProviderClient({ endpoint: gatehouse.endpoint, region: gatehouse.region, credentials: gatehouse.credentials });
  try {
    const ClientId = gatehouse.clientId;
    await cognito.send(new SignUpCommand({ ClientId, Username: email, Password: password, UserAttributes: [{ Name: 'email', Value: email }] }));
    const code = await gatehouse.latestCode(email);
    await cognito.send(new ConfirmSignUpCommand({ ClientId, Username: email, ConfirmationCode: code }));
    const { AuthenticationResult } = await cognito.send(new InitiateAuthCommand({ ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: password } }));
    const user = await cognito.send(new GetUserCommand({ AccessToken: AuthenticationResult.AccessToken }));
    return Object.fromEntries(user.UserAttributes.map((a) => [a.Name, a.Value]));
  } finally {
    cognito.destroy();
  }
}
