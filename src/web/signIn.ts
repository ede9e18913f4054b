/**
 * The sign-in check lives with the API's (src/http/auth/signIn.ts): web and API share one lockout,
 * one count and one verification gate (issue 10 #5).
 */
export { FREE_FAILURES, lockFor, SignInGuard, type SignInResult } from '../http/auth/signIn.js';
