// Cognito's shared vocabulary besides its errors: types every layer may name.

/** An AWS access key: the admin API's SigV4 credentials (and the console's sign-in). */
export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
}
