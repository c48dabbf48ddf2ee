// What the server counts for its operators (exposed at /metrics); the composition root implements it.
// Label values are bounded sets (operation and error names, trigger names), never user input.

export interface Metrics {
  /** A request answered: its operation (a Cognito operation, or a route), outcome and duration. */
  request(operation: string, outcome: string, seconds: number): void;
  /** A sign-in step answered: `tokens`, `challenge` or the error's name. */
  signIn(result: string): void;
  /** A user locked after too many failed sign-ins (the 5th consecutive failure and each later one). */
  lockout(): void;
  /** A Lambda trigger run: the trigger, `ok` or the error's name, and its duration. */
  trigger(trigger: string, outcome: string, seconds: number): void;
  /** The Prometheus text exposition of everything above and of the process. */
  render(): Promise<{ contentType: string; body: string }>;
}
