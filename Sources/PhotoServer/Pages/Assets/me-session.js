// The citizen's token, kept for this tab only (closing it signs out).
export const citizen = {
  get token() {
    const expires = sessionStorage.getItem("photoonce.citizen.expires");
    if (expires && new Date(expires) <= new Date()) { this.clear(); return null; }
    return sessionStorage.getItem("photoonce.citizen.token");
  },
  save(token, expiresAt) {
    sessionStorage.setItem("photoonce.citizen.token", token);
    if (expiresAt) sessionStorage.setItem("photoonce.citizen.expires", expiresAt);
  },
  clear() {
    sessionStorage.removeItem("photoonce.citizen.token");
    sessionStorage.removeItem("photoonce.citizen.expires");
  },
  /** Keeps `?next=/path` (this site's pages only) for after the sign-in, which may leave the
   *  tab for the identity platform and come back. */
  rememberNext() {
    const next = new URLSearchParams(location.search).get("next");
    if (next && /^\/[A-Za-z]/.test(next)) sessionStorage.setItem("photoonce.citizen.next", next);
  },
  /** Where to go once signed in: the remembered page, or My Photos. */
  takeNext() {
    const next = sessionStorage.getItem("photoonce.citizen.next");
    sessionStorage.removeItem("photoonce.citizen.next");
    return next || "/me";
  },
};
