// The two refusals every service uses: what was asked for does not exist, or its state
// does not allow it. The console answers them 404 and 409; the chat shows their message.
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}
export class ConflictError extends Error {
  override name = 'ConflictError';
}
