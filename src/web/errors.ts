// A browser request refused by what web/ checks (a malformed form, a missing CSRF token, no pool at
// this address), in web/'s own terms: each surface's error handler answers it in its own format.
export class WebRequestError extends Error {
  constructor(message: string, readonly status = 400) {
    super(message);
    this.name = 'WebRequestError';
  }
}
