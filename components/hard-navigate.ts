/**
 * A full page load, on purpose: after signing in or out (or timing out) no
 * client-side cache of the previous state may survive.
 */
export function hardNavigate(url: string) {
  window.location.assign(url);
}
