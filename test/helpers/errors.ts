// The error a call fails with, for tests that compare Cognito's error names and messages.

/** The name and message of the error `promise` rejects with; fails the test when it resolves. */
export async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  const { name, message } = await errorWithStatusOf(promise);
  return { name, message };
}

/** The same, with the HTTP status the SDK saw. */
export async function errorWithStatusOf(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}
